#include "nn.h"

#include <stdexcept>

#include "ops.h"

namespace mlpg {

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::Linear: return "linear";
    case Activation::Relu: return "relu";
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::LeakyRelu: return "leaky_relu";
  }
  return "?";
}

Var activate(Var x, Activation a) {
  switch (a) {
    case Activation::Linear: return x;
    case Activation::Relu: return relu(x);
    case Activation::Tanh: return tanh(x);
    case Activation::Sigmoid: return sigmoid(x);
    case Activation::LeakyRelu: return leaky_relu(x);
  }
  return x;
}

Linear::Linear(int in, int out, Rng& rng, Activation next)
    : weight("weight", Shape{out, in}, true), bias("bias", Shape{out}, false) {
  if (in <= 0 || out <= 0) throw std::invalid_argument("Linear: sizes must be positive");
  if (next == Activation::Relu || next == Activation::LeakyRelu) he_normal(weight.value, rng, in);
  else xavier_uniform(weight.value, rng, in, out);
}

Var Linear::forward(Graph& g, Var x) {
  if (x->value.shape[-1] != weight.value.shape[1])
    throw std::invalid_argument("Linear: input " + x->value.shape.str() + " does not end in " +
                                std::to_string(weight.value.shape[1]));
  return add(matmul(x, g.param(weight), false, true), g.param(bias));
}

std::string Linear::name() const {
  return "Linear(" + std::to_string(weight.value.shape[1]) + " -> " + std::to_string(weight.value.shape[0]) + ")";
}

Var Dropout::forward(Graph& g, Var x) { return dropout(x, p); }

Var Sequential::forward(Graph& g, Var x) {
  for (auto& l : layers) x = l->forward(g, x);
  return x;
}

std::vector<Parameter*> Sequential::parameters() {
  std::vector<Parameter*> out;
  for (auto& l : layers)
    for (Parameter* p : l->parameters()) out.push_back(p);
  return out;
}

std::vector<std::pair<std::string, Parameter*>> Sequential::named_parameters() {
  std::vector<std::pair<std::string, Parameter*>> out;
  for (size_t i = 0; i < layers.size(); ++i)
    for (Parameter* p : layers[i]->parameters()) out.emplace_back(std::to_string(i) + "." + p->name, p);
  return out;
}

int64_t Sequential::parameter_count() {
  int64_t n = 0;
  for (Parameter* p : parameters()) n += p->numel();
  return n;
}

Sequential make_mlp(const std::vector<int>& widths, Activation act, uint32_t seed) {
  if (widths.size() < 2) throw std::invalid_argument("make_mlp: need input and output widths");
  Rng rng(seed);
  Sequential net;
  for (size_t i = 0; i + 1 < widths.size(); ++i) {
    const bool last = i + 2 == widths.size();
    net.add<Linear>(widths[i], widths[i + 1], rng, last ? Activation::Linear : act);
    if (!last && act != Activation::Linear) net.add<ActivationLayer>(act);
  }
  return net;
}

}  // namespace mlpg
