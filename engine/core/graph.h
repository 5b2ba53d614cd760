#pragma once
// Reverse-mode autodiff on a tape. Every op appends a node whose inputs already
// exist, so the tape order is a topological order and backward() walks it in
// reverse. Values and gradients live in the graph's arena; clear() rewinds it
// for the next step, so a training loop does not allocate once warmed up.
// Backward rules are keyed by op (ops/backward_rules.cpp), apart from kernels.
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "core/arena.h"
#include "core/tensor.h"

namespace mlpg::kernels { class PackCache; }

namespace mlpg {

// Every op once: its enum name and its name in messages. An op also needs a
// backward rule (ops/backward_rules.cpp, a switch the compiler checks).
#define MLPG_OPS(X)                                                                                          \
  X(Leaf, "leaf") X(Add, "add") X(Sub, "sub") X(Mul, "mul") X(Div, "div") X(Scale, "scale")                \
  X(AddScalar, "add_scalar") X(MatMul, "matmul") X(Sum, "sum") X(Mean, "mean") X(Exp, "exp")              \
  X(Log, "log") X(Pow, "pow") X(Abs, "abs") X(Sigmoid, "sigmoid") X(Tanh, "tanh") X(Relu, "relu")         \
  X(LeakyRelu, "leaky_relu") X(Softmax, "softmax") X(LogSoftmax, "log_softmax") X(Reshape, "reshape")     \
  X(Transpose, "transpose") X(Concat, "concat") X(Slice, "slice") X(Dropout, "dropout")                   \
  X(SparseCrossEntropy, "sparse_cross_entropy") X(BCEWithLogits, "bce_with_logits") X(Conv2D, "conv2d")  \
  X(MaxPool2D, "max_pool2d") X(AvgPool2D, "avg_pool2d") X(Embedding, "embedding")                        \
  X(LstmGates, "lstm_gates") X(LstmState, "lstm_state") X(LstmOutput, "lstm_output") X(GruCell, "gru_cell")  \
  X(LstmSequence, "lstm_sequence") X(Conv2DReluMaxPool, "conv2d_relu_maxpool")

enum class Op : uint8_t {
#define MLPG_OP_ENUM(e, name) e,
  MLPG_OPS(MLPG_OP_ENUM)
#undef MLPG_OP_ENUM
  Count
};
const char* op_name(Op op);

struct Node {
  Op op = Op::Leaf;
  class Graph* graph = nullptr;  // the graph that owns this node
  Tensor value;
  // Same shape as value, contiguous; null until needed. As in PyTorch, only
  // leaves keep a meaningful gradient after backward(): a rule may reuse its
  // own node's gradient as scratch once it has the gradient it needs (conv2d
  // masks it in place for its fused ReLU).
  float* grad = nullptr;
  bool requires_grad = false;
  std::vector<Node*> inputs;  // capacity kept across steps
  // Op attributes (meaning per op; see ops.cpp).
  int iattr[12] = {};
  float fattr[2] = {};
  const float* aux = nullptr;   // op-owned extra data in the arena (dropout mask, probabilities)
  const float* aux2 = nullptr;
  bool is_parameter = false;    // a leaf from Graph::param (its value outlives the step)
  int uses = 0;                 // nodes recorded with this one as an input (for backward)
};

// What a new Parameter may take while a file is read: a file's architecture
// is built before its tensors are read, so a few bytes could otherwise ask
// for gigabytes (Dense of 10^6 units). While a budget is alive (per thread,
// nested budgets restore the outer one), every Parameter's elements are
// charged to it first and one that does not fit throws std::length_error,
// before anything is allocated. Outside a budget only the shape is checked
// (no negative dimension, no overflowing element count).
class ParameterBudget {
 public:
  explicit ParameterBudget(int64_t elements);
  ~ParameterBudget();
  ParameterBudget(const ParameterBudget&) = delete;
  ParameterBudget& operator=(const ParameterBudget&) = delete;

 private:
  int64_t left_;
  ParameterBudget* outer_;
  friend const Shape& charge_parameter(const std::string& name, const Shape& s);
};
const Shape& charge_parameter(const std::string& name, const Shape& s);  // s, once it fits

// A trainable tensor with persistent value and gradient storage.
struct Parameter {
  std::string name;
  Array value;
  std::vector<float> grad;
  // Counts in the L1/L2 penalty. The course's Σ_{j=1..n} θ_j² leaves the bias
  // θ_0 out, so biases are created with regularize = false.
  bool regularize = true;
  Parameter() = default;
  Parameter(std::string n, const Shape& s, bool reg = true)
      : name(std::move(n)), value(charge_parameter(name, s)), grad(size_t(s.numel()), 0.f), regularize(reg) {}
  int64_t numel() const { return value.shape.numel(); }
};

using Var = Node*;

class Graph {
 public:
  // Leaves. input() copies data into the arena; param() aliases the
  // parameter's storage, so gradients accumulate straight into Parameter::grad.
  Var input(const Tensor& t);
  Var input(const Shape& s, const float* data);
  Var param(Parameter& p);
  Var zeros(const Shape& s);

  // Runs backward from a scalar: d(root)/d(every node that requires grad).
  void backward(Var root);
  // Forgets all nodes and rewinds the arena (parameter storage is untouched).
  void clear();

  bool grad_enabled = true;  // false: inference, nothing is recorded for backward
  bool training = true;      // dropout is active only when training
  std::mt19937& rng() { return rng_; }
  void seed(uint32_t s) { rng_.seed(s); }
  size_t node_count() const { return used_; }
  const Node& node(size_t i) const { return *nodes_[i]; }
  Arena& arena() { return arena_; }

  // For ops: a new node with a fresh (uninitialised) contiguous value.
  Var make(Op op, const Shape& shape, std::initializer_list<Var> inputs);
  Var make(Op op, const Shape& shape, const std::vector<Var>& inputs);
  float* grad_of(Var v);  // allocates a zeroed gradient on first use
  // For a backward rule that can write every element of v's gradient: on
  // first use the gradient is left uninitialised and *fresh is set, so the
  // rule stores rather than adds and nothing zeroes it first; after that
  // (*fresh cleared) the rule adds, as with grad_of(v).
  float* grad_of(Var v, bool* fresh);
  // For a view's rule (reshape): v's gradient becomes `grad`, the view's own
  // (the same elements in the same order), if v has none yet; false if it has.
  bool adopt_grad(Var v, float* grad);
  // During backward(): where backward rules may keep packed GEMM operands
  // that are leaves (no value changes during a backward pass); null outside.
  kernels::PackCache* backward_packs() const { return backward_packs_; }
  // While a FrozenWeights scope lives (predict() and evaluate() over their
  // batches): where forward products keep packed parameters from one batch
  // to the next; null outside.
  kernels::PackCache* weight_packs() const { return frozen_ ? weight_packs_.get() : nullptr; }
  // Where products by w keep it packed: the frozen weights' cache when w is
  // a parameter and they are frozen, else `per_call` emptied (w may have
  // changed since its last use; null: the caller multiplies by w once, and
  // the GEMM's own packing at use is faster).
  kernels::PackCache* packs_for(Var w, kernels::PackCache* per_call) const;

 private:
  Var next_node();
  Var make_from(Op op, const Shape& shape, const Var* first, const Var* last);
  Arena arena_;
  std::vector<std::unique_ptr<Node>> nodes_;
  size_t used_ = 0;
  std::mt19937 rng_{0};
  kernels::PackCache* backward_packs_ = nullptr;
  std::shared_ptr<kernels::PackCache> weight_packs_;  // (its memory stays for the next scope)
  bool frozen_ = false;
  friend struct FrozenWeights;
};

// The caller promises that no parameter's value changes while this lives
// (the batches of one predict() or evaluate() call): packed copies of the
// weights are then made once, not once a batch. They are forgotten when it
// ends. Scopes do not nest (an inner one is a no-op), and one made with
// batches <= 1 is a no-op too: a GEMM's own packing, a panel just before its
// use, is faster than a cache that is used once (the batch-1 latency, 8 %).
struct FrozenWeights {
  Graph& g;
  bool outer;
  FrozenWeights(Graph& graph, int batches);
  ~FrozenWeights();
  FrozenWeights(const FrozenWeights&) = delete;
  FrozenWeights& operator=(const FrozenWeights&) = delete;
};

// Disables gradient recording for a scope (evaluation, inference).
struct NoGrad {
  Graph& g;
  bool saved;
  explicit NoGrad(Graph& graph) : g(graph), saved(graph.grad_enabled) { g.grad_enabled = false; }
  ~NoGrad() { g.grad_enabled = saved; }
};

// The backward rule of node's op (defined with the ops, ops/backward_rules.cpp):
// adds into the gradients of node's inputs.
void run_backward_rule(Graph& g, Var node);

}  // namespace mlpg
