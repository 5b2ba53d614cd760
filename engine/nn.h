#pragma once
// Layers and Sequential. A layer owns its parameters and maps one Var to one
// Var; Sequential chains them. Parameters are named ("0.weight", "0.bias")
// like PyTorch's state_dict so model files and golden tests line up.
#include <memory>
#include <string>
#include <vector>

#include "graph.h"
#include "init.h"

namespace mlpg {

struct Layer {
  virtual ~Layer() = default;
  virtual Var forward(Graph& g, Var x) = 0;
  virtual std::string name() const = 0;
  virtual std::vector<Parameter*> parameters() { return {}; }
};

enum class Activation { Linear, Relu, Tanh, Sigmoid, LeakyRelu };
const char* activation_name(Activation a);
Var activate(Var x, Activation a);

// y = x Wᵀ + b with W [out, in] (PyTorch's layout) and b [out].
struct Linear : Layer {
  Parameter weight, bias;
  Linear(int in, int out, Rng& rng, Activation next = Activation::Relu);
  Var forward(Graph& g, Var x) override;
  std::string name() const override;
  std::vector<Parameter*> parameters() override { return {&weight, &bias}; }
};

struct ActivationLayer : Layer {
  Activation act;
  explicit ActivationLayer(Activation a) : act(a) {}
  Var forward(Graph& g, Var x) override { return activate(x, act); }
  std::string name() const override { return activation_name(act); }
};

struct Dropout : Layer {
  float p;
  explicit Dropout(float prob) : p(prob) {}
  Var forward(Graph& g, Var x) override;
  std::string name() const override { return "Dropout(" + std::to_string(p) + ")"; }
};

struct Sequential {
  std::vector<std::unique_ptr<Layer>> layers;
  template <class L, class... Args>
  L& add(Args&&... args) {
    layers.push_back(std::make_unique<L>(std::forward<Args>(args)...));
    return static_cast<L&>(*layers.back());
  }
  Var forward(Graph& g, Var x);
  std::vector<Parameter*> parameters();
  // Parameter names prefixed with the layer index, e.g. "0.weight".
  std::vector<std::pair<std::string, Parameter*>> named_parameters();
  int64_t parameter_count();
};

// An MLP: Linear layers of the given widths with `act` between them (none after
// the last). Weights use He init for ReLU-like activations, Xavier otherwise.
Sequential make_mlp(const std::vector<int>& widths, Activation act, uint32_t seed);

}  // namespace mlpg
