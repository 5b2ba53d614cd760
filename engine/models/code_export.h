#pragma once
// "Show code": a model of the playground written out as PyTorch code and as
// Keras code (the course shows both, §4), from the same layer configs that go
// into model files (Layer::config()). The PyTorch code is runnable as it is
// (tests/show_code_test.py runs it in Debian's python3-torch and checks the
// parameter count, a forward pass and a training step); the Keras code says
// the same layer list (no TensorFlow on our machines to run it).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/tensor.h"
#include "training/optim.h"

namespace mlpg {

class Model;
class CharModel;
struct Sequential;

enum class CodeLoss {
  CrossEntropy,   // class logits (or a softmax last layer) against class ids; per step for sequences
  SoftmaxHalfMse, // the course's 1/(2m) Σ (softmax(out) − onehot)² (the classifier's "mse")
  HalfMse,        // the course's J: 1/(2m) Σ (h(x) − y)² (regression)
};

enum class CodePenalty { None, L1, L2 };  // the course's λ/(2m) Σ θ_j² (L2) or λ/m Σ |θ_j| (L1), weights only

struct CodeSpec {
  std::string title;                  // what the learner sees, e.g. "the course's CNN"
  Shape input;                        // per sample, in the engine's layout: [F], [H, W, C] or [T, F]; [T] for ids
  bool input_is_ids = false;          // integer token ids (an Embedding first)
  std::vector<nlohmann::json> layers; // Layer::config() of each layer, in order
  int64_t parameters = 0;             // the engine's own count (the emitted code must give the same)
  CodeLoss loss = CodeLoss::CrossEntropy;
  int classes = 0;                    // output width (class count) for the example targets
  CodePenalty penalty = CodePenalty::None;
  double lambda = 0;
  OptimizerConfig optimizer;
  int batch = 32;
  float clip_norm = 0;                // global gradient-norm clipping (0: none)
  // Optional: how the lesson makes its input features from raw columns x
  // ([m, raw]); Python expressions with "M" for the module (torch / numpy).
  std::vector<std::string> features;
  std::string helpers;                // Python functions the features call (with "M" too)
  int raw_inputs = 0;                 // columns of x before the features
  std::string note;                   // one line of context, e.g. the data it trains on
};

// Fills input, layers and parameters from a model's own layers.
CodeSpec code_spec(const Model& model, const std::string& title);
CodeSpec code_spec(const Sequential& net, const Shape& input, const std::string& title);
CodeSpec code_spec(const CharModel& model, int window, const std::string& title);

// The per-sample output shape after the layers (throws std::invalid_argument
// on a layer type or shape it does not know).
Shape code_output_shape(const CodeSpec& spec);
// Parameters as PyTorch counts them (LSTM and GRU have two bias vectors, as ours).
int64_t code_parameter_count(const CodeSpec& spec);

std::string pytorch_code(const CodeSpec& spec);
std::string keras_code(const CodeSpec& spec);

}  // namespace mlpg
