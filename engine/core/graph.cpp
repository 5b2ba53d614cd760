#include "core/graph.h"

#include "kernels/pack_cache.h"

#include <cstring>
#include <stdexcept>

namespace mlpg {

namespace {
thread_local ParameterBudget* g_budget = nullptr;
}

ParameterBudget::ParameterBudget(int64_t elements) : left_(elements), outer_(g_budget) { g_budget = this; }
ParameterBudget::~ParameterBudget() { g_budget = outer_; }

const Shape& charge_parameter(const std::string& name, const Shape& s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; ++i)
    if (s.dims[i] < 0 || __builtin_mul_overflow(n, int64_t(s.dims[i]), &n))
      throw std::length_error("parameter '" + name + "' of shape " + s.str() + " has no valid size");
  if (g_budget) {
    if (n > g_budget->left_)
      throw std::length_error("parameter '" + name + "' of shape " + s.str() + " needs " + std::to_string(n) +
                              " values, more than the " + std::to_string(g_budget->left_) + " the file can still hold");
    g_budget->left_ -= n;
  }
  return s;
}


const char* op_name(Op op) {
  switch (op) {
#define MLPG_OP_NAME(e, name) \
  case Op::e: return name;
    MLPG_OPS(MLPG_OP_NAME)
#undef MLPG_OP_NAME
    case Op::Count: break;
  }
  return "unknown op";
}

Var Graph::next_node() {
  if (used_ == nodes_.size()) nodes_.push_back(std::make_unique<Node>());
  Node* n = nodes_[used_++].get();
  n->inputs.clear();
  n->grad = nullptr;
  n->aux = n->aux2 = nullptr;
  n->requires_grad = false;
  n->is_parameter = false;
  n->uses = 0;
  n->graph = this;
  for (int& x : n->iattr) x = 0;
  for (float& x : n->fattr) x = 0.f;
  return n;
}

Var Graph::make_from(Op op, const Shape& shape, const Var* first, const Var* last) {
  Var n = next_node();
  n->op = op;
  n->value = Tensor::contiguous(arena_.alloc(size_t(shape.numel())), shape);
  for (const Var* it = first; it != last; ++it) {
    Var in = *it;
    if (in->graph != this) throw std::invalid_argument(std::string(op_name(op)) + ": input from another graph");
    if (grad_enabled) {
      n->inputs.push_back(in);
      ++in->uses;
    }
    n->requires_grad = n->requires_grad || (grad_enabled && in->requires_grad);
  }
  return n;
}

Var Graph::make(Op op, const Shape& shape, std::initializer_list<Var> inputs) {
  return make_from(op, shape, inputs.begin(), inputs.end());
}

Var Graph::make(Op op, const Shape& shape, const std::vector<Var>& inputs) {
  return make_from(op, shape, inputs.data(), inputs.data() + inputs.size());
}

Var Graph::input(const Shape& s, const float* data) {
  Var n = make(Op::Leaf, s, {});
  if (s.numel() > 0) std::memcpy(n->value.data, data, size_t(s.numel()) * sizeof(float));  // (empty: data may be null)
  return n;
}

Var Graph::input(const Tensor& t) {
  if (t.is_contiguous()) return input(t.shape, t.data);
  Var n = make(Op::Leaf, t.shape, {});
  // Gather a strided view element by element.
  const int64_t total = t.numel();
  int idx[kMaxDims] = {};
  for (int64_t i = 0; i < total; ++i) {
    int64_t off = 0;
    for (int d = 0; d < t.shape.rank; ++d) off += idx[d] * t.strides[d];
    n->value.data[i] = t.data[off];
    for (int d = t.shape.rank - 1; d >= 0; --d) {
      if (++idx[d] < t.shape.dims[d]) break;
      idx[d] = 0;
    }
  }
  return n;
}

Var Graph::zeros(const Shape& s) {
  Var n = make(Op::Leaf, s, {});
  if (s.numel() > 0) std::memset(n->value.data, 0, size_t(s.numel()) * sizeof(float));
  return n;
}

FrozenWeights::FrozenWeights(Graph& graph, int batches) : g(graph), outer(batches > 1 && !graph.frozen_) {
  if (!outer) return;
  if (!g.weight_packs_) g.weight_packs_ = std::make_shared<kernels::PackCache>();
  g.weight_packs_->clear();
  g.frozen_ = true;
}

FrozenWeights::~FrozenWeights() {
  if (!outer) return;
  g.frozen_ = false;
  g.weight_packs_->clear();
}

Var Graph::param(Parameter& p) {
  Var n = next_node();
  n->is_parameter = true;
  n->op = Op::Leaf;
  n->value = p.value.view();
  n->grad = p.grad.data();
  n->requires_grad = grad_enabled;
  return n;
}

float* Graph::grad_of(Var v) {
  if (!v->grad) v->grad = arena_.alloc_zeroed(size_t(v->value.numel()));
  return v->grad;
}

kernels::PackCache* Graph::packs_for(Var w, kernels::PackCache* per_call) const {
  if (w->is_parameter && frozen_) return weight_packs_.get();
  if (per_call) per_call->clear();
  return per_call;
}

bool Graph::adopt_grad(Var v, float* grad) {
  if (v->grad) return false;
  v->grad = grad;
  return true;
}

float* Graph::grad_of(Var v, bool* fresh) {
  *fresh = !v->grad;
  if (!v->grad) v->grad = arena_.alloc(size_t(v->value.numel()));
  return v->grad;
}

void Graph::clear() {
  used_ = 0;
  arena_.reset();
}

void Graph::backward(Var root) {
  if (root->graph != this) throw std::invalid_argument("backward: root from another graph");
  if (root->value.numel() != 1)
    throw std::invalid_argument("backward: root must be a scalar, got shape " + root->value.shape.str());
  if (!root->requires_grad) throw std::invalid_argument("backward: nothing in this graph requires a gradient");
  grad_of(root)[0] += 1.f;
  // Packed leaf operands live for this pass only: the optimizer changes the
  // weights after it. The memory stays with the thread for the next pass.
  thread_local kernels::PackCache packs;
  struct Scope {
    Graph& g;
    ~Scope() { g.backward_packs_ = nullptr; packs.clear(); }
  } scope{*this};  // (every pass ends with the cache cleared, even by an exception)
  backward_packs_ = &packs;
  // Tape order is topological: walk it in reverse from the root.
  size_t i = used_;
  while (i > 0 && nodes_[i - 1].get() != root) --i;
  for (; i > 0; --i) {
    Node* n = nodes_[i - 1].get();
    if (n->op == Op::Leaf || !n->requires_grad || !n->grad) continue;
    run_backward_rule(*this, n);
  }
}

}  // namespace mlpg
