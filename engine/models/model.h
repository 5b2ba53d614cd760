#pragma once
// A Keras-like model on top of Sequential: add layers by per-sample input
// shape, compile with an optimizer and loss, fit on a Dataset with batches,
// evaluate, predict, summary(), and save/load in a versioned, checksummed file.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/dataset.h"
#include "training/metrics.h"
#include "layers/nn.h"
#include "training/optim.h"
#include "training/train_step.h"

namespace mlpg {

// Raised when training cannot go on (e.g. the loss became NaN/inf); the
// parameters keep the values of the last good step.
struct TrainingError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct ModelFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class LossKind { SparseCategoricalCrossentropy };

struct EpochStats {
  int epoch = 0;
  float loss = 0, accuracy = 0;          // running means over the epoch's batches
  float val_loss = 0, val_accuracy = 0;  // when validation data is given
  double seconds = 0, samples_per_sec = 0;
};

struct BatchProgress {
  int epoch, batch, batches;
  float loss, accuracy;  // running means so far this epoch
  double samples_per_sec;
};

struct FitOptions {
  int epochs = 1;
  int batch_size = 32;
  uint32_t seed = 0;                  // shuffling (and dropout)
  const Dataset* validation = nullptr;
  std::function<void(const BatchProgress&)> on_batch;  // progress bars, UIs
  std::function<void(const EpochStats&)> on_epoch;
  // Learning rate as a function of training progress in epochs (0 at the
  // start, 1.5 half-way through the second epoch), applied before every batch.
  std::function<float(double epochs_done)> lr_schedule;
};

struct Evaluation {
  float loss = 0, accuracy = 0;
  ConfusionMatrix confusion{0};
};

class Model {
 public:
  explicit Model(const Shape& input_shape, uint32_t seed = 0);

  template <class L, class... Args>
  L& add(Args&&... args) {
    L& layer = net.add<L>(std::forward<Args>(args)...);
    shapes_.push_back(layer.build(shapes_.back(), rng_));
    return layer;
  }
  void add_layer(std::unique_ptr<Layer> layer);

  void compile(OptimizerConfig optimizer, LossKind loss = LossKind::SparseCategoricalCrossentropy);
  std::vector<EpochStats> fit(const Dataset& train, const FitOptions& options);
  Evaluation evaluate(const Dataset& data, int batch_size = 256);
  // One training step on a batch of n inputs (train_step's policy; throws
  // TrainingError when the loss or a gradient is not finite). Returns the
  // batch loss and writes the batch accuracy. For callers that slice training
  // themselves (a lesson's frames); fit() runs the same step.
  float train_batch(const std::vector<float>& x, const std::vector<int>& y, int n, float* acc);
  // Part of a batch of `batch` samples (gradient accumulation, train_step_part):
  // n samples, the first part zeroes the gradients, the last one updates.
  // Returns this part's mean loss; throws TrainingError as train_batch.
  float train_batch_part(const std::vector<float>& x, const std::vector<int>& y, int n, int batch, bool first,
                         bool last, float* acc);
  // Outputs of the last layer for n inputs (probabilities after a softmax).
  std::vector<float> predict(const float* x, int n, int batch_size = 256);
  // Layers, output shapes and parameter counts, Keras style.
  std::string summary();
  int64_t parameter_count() { return net.parameter_count(); }
  const Optimizer* optimizer() const { return opt_.get(); }  // null until compiled
  Optimizer* optimizer() { return opt_.get(); }
  // The random stream training draws from (dropout masks): saved and restored
  // with a checkpoint, so training that moves to another thread or worker and
  // back draws the same masks as training that never moved.
  std::mt19937& training_rng() { return graph_.rng(); }
  const Shape& input_shape() const { return shapes_.front(); }
  const Shape& output_shape() const { return shapes_.back(); }
  nlohmann::json architecture() const;

  Sequential net;
  // The forward pass training and predict() run, without a final softmax. It
  // may fuse layers (a convolution with its ReLU and the max-pool after it:
  // one node), so a layer's own output is net.layers[i]->forward's.
  Var logits(Graph& g, Var x);

 private:
  // Every layer but the last, fused as logits() says: what logits() and
  // predict() put their last layer on.
  Var hidden(Graph& g, Var x);
  std::vector<Shape> shapes_;  // per-sample input shape, then each layer's output
  Rng rng_;
  std::unique_ptr<Optimizer> opt_;
  StepParts parts_;
  Graph graph_;
};

// Model files (model_file.cpp): "MLPGMODL", u32 version, u32 architecture
// JSON length + JSON, u32 tensor count, per tensor (u32 name length, name,
// u32 dtype = 0 (f32), u32 rank, u32 dims, f32 data), then a CRC-32 of
// everything before it.
// Builds a layer from its config() (the architecture block); throws std::invalid_argument.
std::unique_ptr<Layer> layer_from_config(const nlohmann::json& cfg);
std::vector<uint8_t> serialize_model(Model& m);
// The container itself, for any object with named parameters: `build` reads
// the architecture, makes the object and returns its parameters (throwing on
// an architecture it does not know), then the tensors are checked and filled.
using NamedParameters = std::vector<std::pair<std::string, Parameter*>>;
std::vector<uint8_t> serialize_parameters(const nlohmann::json& architecture, const NamedParameters& named);
void parse_parameters(const uint8_t* bytes, size_t size, const std::string& name,
                      const std::function<NamedParameters(const nlohmann::json&)>& build);
Model parse_model(const uint8_t* bytes, size_t size, const std::string& name = "model");
void save_model(Model& m, const std::string& path);
Model load_model(const std::string& path);

}  // namespace mlpg
