#include "layers/nn.h"

#include <stdexcept>

#include "ops/ops.h"

namespace mlpg {

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::Linear: return "linear";
    case Activation::Relu: return "relu";
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::LeakyRelu: return "leaky_relu";
    case Activation::Softmax: return "softmax";
  }
  return "?";
}

Activation activation_from_name(const std::string& name) {
  for (Activation a : {Activation::Linear, Activation::Relu, Activation::Tanh, Activation::Sigmoid,
                       Activation::LeakyRelu, Activation::Softmax})
    if (name == activation_name(a)) return a;
  throw std::invalid_argument("unknown activation '" + name + "'");
}

Var activate(Var x, Activation a) {
  switch (a) {
    case Activation::Linear: return x;
    case Activation::Relu: return relu(x);
    case Activation::Tanh: return tanh(x);
    case Activation::Sigmoid: return sigmoid(x);
    case Activation::LeakyRelu: return leaky_relu(x);
    case Activation::Softmax: return softmax(x);
  }
  return x;
}

Linear::Linear(int in, int out, Rng& rng, Activation next)
    : weight("weight", Shape{out, in}, true), bias("bias", Shape{out}, false) {
  if (in <= 0 || out <= 0) throw std::invalid_argument("Linear: sizes must be positive");
  if (next == Activation::Relu || next == Activation::LeakyRelu) he_normal(weight.value, rng, in);
  else xavier_uniform(weight.value, rng, in, out);
}

Linear::Linear(int units, Activation activation)
    : weight("weight", Shape{units, 0}, true), bias("bias", Shape{units}, false), act(activation) {
  if (units <= 0) throw std::invalid_argument("Dense: units must be positive");
}

Shape Linear::build(const Shape& in, Rng& rng) {
  const int units = weight.value.shape[0];
  if (in.rank != 1) throw std::invalid_argument("Dense: input must be flat, got " + in.str() + " (add Flatten)");
  weight = Parameter("weight", Shape{units, in[0]}, true);
  if (act == Activation::Relu || act == Activation::LeakyRelu) he_normal(weight.value, rng, in[0]);
  else xavier_uniform(weight.value, rng, in[0], units);
  return Shape{units};
}

Var Linear::forward(Graph& g, Var x) { return activate(forward_logits(g, x), act); }

Var Linear::forward_logits(Graph& g, Var x) {
  if (x->value.shape[-1] != weight.value.shape[1])
    throw std::invalid_argument("Linear: input " + x->value.shape.str() + " does not end in " +
                                std::to_string(weight.value.shape[1]));
  return linear(x, g.param(weight), g.param(bias));
}

nlohmann::json Linear::config() const {
  return {{"type", "Dense"}, {"units", weight.value.shape[0]}, {"activation", activation_name(act)}};
}

nlohmann::json Conv2D::config() const {
  return {{"type", "Conv2D"}, {"filters", filters}, {"kernel", kernel}, {"stride", stride},
          {"padding", padding == Padding::Same ? "same" : "valid"}, {"activation", activation_name(act)}};
}

std::string Linear::name() const {
  std::string s = "Dense(" + std::to_string(weight.value.shape[1]) + " -> " + std::to_string(weight.value.shape[0]);
  if (act != Activation::Linear) s += std::string(", ") + activation_name(act);
  return s + ")";
}

Conv2D::Conv2D(int f, int k, Activation activation, int s, Padding p)
    : filters(f), kernel(k), stride(s), padding(p), act(activation),
      weight("weight", Shape{k, k, 0, f}, true), bias("bias", Shape{f}, false) {
  if (f <= 0 || k <= 0 || s <= 0) throw std::invalid_argument("Conv2D: filters, kernel and stride must be positive");
}

Shape Conv2D::build(const Shape& in, Rng& rng) {
  if (in.rank != 3) throw std::invalid_argument("Conv2D: input must be [H, W, C], got " + in.str());
  weight = Parameter("weight", Shape{kernel, kernel, in[2], filters}, true);
  he_normal(weight.value, rng, kernel * kernel * in[2]);
  if (padding == Padding::Same) return Shape{(in[0] + stride - 1) / stride, (in[1] + stride - 1) / stride, filters};
  if (in[0] < kernel || in[1] < kernel) throw std::invalid_argument("Conv2D: kernel larger than input " + in.str());
  return Shape{(in[0] - kernel) / stride + 1, (in[1] - kernel) / stride + 1, filters};
}

Var Conv2D::forward(Graph& g, Var x) {
  if (act == Activation::Relu) return conv2d(x, g.param(weight), g.param(bias), stride, padding, /*fuse_relu=*/true);
  return activate(conv2d(x, g.param(weight), g.param(bias), stride, padding), act);
}

Var Conv2D::forward_relu_maxpool(Graph& g, Var x, int pool) {
  return conv2d_relu_maxpool(x, g.param(weight), g.param(bias), stride, padding, pool);
}

std::string Conv2D::name() const {
  std::string s = "Conv2D(" + std::to_string(filters) + ", " + std::to_string(kernel) + "x" + std::to_string(kernel);
  if (stride != 1) s += ", stride " + std::to_string(stride);
  if (padding == Padding::Same) s += ", same";
  if (act != Activation::Linear) s += std::string(", ") + activation_name(act);
  return s + ")";
}

namespace {
Shape pooled(const Shape& in, int pool, const char* what) {
  if (in.rank != 3 || in[0] < pool || in[1] < pool)
    throw std::invalid_argument(std::string(what) + ": input " + in.str() + " too small or not [H, W, C]");
  return Shape{in[0] / pool, in[1] / pool, in[2]};
}
}  // namespace

Shape MaxPool2D::build(const Shape& in, Rng&) { return pooled(in, pool, "MaxPool2D"); }
Shape AvgPool2D::build(const Shape& in, Rng&) { return pooled(in, pool, "AvgPool2D"); }

Var Flatten::forward(Graph&, Var x) {
  int64_t features = 1;  // every dimension after the batch (no division: the batch may be 0)
  for (int i = 1; i < x->value.shape.rank; ++i) features *= x->value.shape[i];
  return reshape(x, Shape{x->value.shape[0], int(features)});
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
