#pragma once
// Layers and Sequential. A layer owns its parameters and maps one Var to one
// Var; Sequential chains them. Parameters are named ("0.weight", "0.bias")
// like PyTorch's state_dict so model files and golden tests line up.
#include <memory>
#include <string>
#include <vector>

#include "core/graph.h"
#include <nlohmann/json.hpp>

#include "layers/init.h"
#include "ops/ops.h"

namespace mlpg {

struct Layer {
  virtual ~Layer() = default;
  // Lazily creates parameters for a per-sample input shape `in` (no batch
  // dimension) and returns the per-sample output shape (Keras' build()).
  virtual Shape build(const Shape& in, Rng& rng) { return in; }
  virtual Var forward(Graph& g, Var x) = 0;
  virtual std::string name() const = 0;
  virtual std::vector<Parameter*> parameters() { return {}; }
  // Keras-like description, written into model files: {"type": ..., ...}.
  virtual nlohmann::json config() const = 0;
};

enum class Activation { Linear, Relu, Tanh, Sigmoid, LeakyRelu, Softmax };
const char* activation_name(Activation a);
// Parses a name from activation_name(); throws std::invalid_argument.
Activation activation_from_name(const std::string& name);
Var activate(Var x, Activation a);

// y = act(x Wᵀ + b) with W [out, in] (PyTorch's layout) and b [out]. Built
// eagerly (in, out, rng) or lazily as Keras' Dense(units, activation).
struct Linear : Layer {
  Parameter weight, bias;
  Activation act = Activation::Linear;
  Linear(int in, int out, Rng& rng, Activation next = Activation::Relu);
  explicit Linear(int units, Activation activation = Activation::Linear);
  Shape build(const Shape& in, Rng& rng) override;
  Var forward(Graph& g, Var x) override;
  Var forward_logits(Graph& g, Var x);  // without the activation
  std::string name() const override;
  std::vector<Parameter*> parameters() override { return {&weight, &bias}; }
  nlohmann::json config() const override;
};

struct ActivationLayer : Layer {
  Activation act;
  explicit ActivationLayer(Activation a) : act(a) {}
  Var forward(Graph& g, Var x) override { return activate(x, act); }
  std::string name() const override { return activation_name(act); }
  nlohmann::json config() const override { return {{"type", "Activation"}, {"activation", activation_name(act)}}; }
};

// Keras' Conv2D: NHWC input, weights [k, k, C, filters], He init, zero bias.
struct Conv2D : Layer {
  int filters, kernel, stride;
  Padding padding;
  Activation act;
  Parameter weight, bias;
  Conv2D(int filters, int kernel, Activation activation = Activation::Linear, int stride = 1,
         Padding padding = Padding::Valid);
  Shape build(const Shape& in, Rng& rng) override;
  Var forward(Graph& g, Var x) override;
  // With act ReLU: forward, then a pool x pool max-pool, as one node where it can (ops.h).
  Var forward_relu_maxpool(Graph& g, Var x, int pool);
  std::string name() const override;
  std::vector<Parameter*> parameters() override { return {&weight, &bias}; }
  nlohmann::json config() const override;
};

struct MaxPool2D : Layer {
  int pool;
  explicit MaxPool2D(int p = 2) : pool(p) {}
  Shape build(const Shape& in, Rng& rng) override;
  Var forward(Graph& g, Var x) override { return max_pool2d(x, pool); }
  std::string name() const override { return "MaxPool2D(" + std::to_string(pool) + ")"; }
  nlohmann::json config() const override { return {{"type", "MaxPool2D"}, {"pool", pool}}; }
};

struct AvgPool2D : Layer {
  int pool;
  explicit AvgPool2D(int p = 2) : pool(p) {}
  Shape build(const Shape& in, Rng& rng) override;
  Var forward(Graph& g, Var x) override { return avg_pool2d(x, pool); }
  std::string name() const override { return "AvgPool2D(" + std::to_string(pool) + ")"; }
  nlohmann::json config() const override { return {{"type", "AvgPool2D"}, {"pool", pool}}; }
};

struct Flatten : Layer {
  Shape build(const Shape& in, Rng& rng) override { return Shape{int(in.numel())}; }
  Var forward(Graph& g, Var x) override;
  std::string name() const override { return "Flatten"; }
  nlohmann::json config() const override { return {{"type", "Flatten"}}; }
};

struct Dropout : Layer {
  float p;
  explicit Dropout(float prob) : p(prob) {}
  Var forward(Graph& g, Var x) override;
  std::string name() const override { return "Dropout(" + std::to_string(p) + ")"; }
  nlohmann::json config() const override { return {{"type", "Dropout"}, {"p", p}}; }
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
