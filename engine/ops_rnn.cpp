// The LSTM cell's fused elementwise ops (see ops.h). Each is one node and one
// kernel call per time step where the unfused cell took about fourteen nodes
// (four slices, five activations, four products, a sum) and as many memory
// sweeps, forward and backward. Backward rules are in autograd_rules.cpp.
#include <stdexcept>
#include <string>

#include "kernels/kernels.h"
#include "ops.h"

namespace mlpg {

namespace {

[[noreturn]] void fail(const char* op, const std::string& msg) {
  throw std::invalid_argument(std::string(op) + ": " + msg);
}

// act must be [B, 4H] and the state [B, H] with the same B; returns H.
int check_cell(const char* op, Var act, Var state) {
  const Shape& a = act->value.shape;
  if (a.rank != 2 || a[1] % 4 != 0) fail(op, "gates must be [batch, 4·hidden], got " + a.str());
  const Shape& c = state->value.shape;
  if (c.rank != 2 || c[0] != a[0] || c[1] * 4 != a[1])
    fail(op, "state must be [" + std::to_string(a[0]) + ", " + std::to_string(a[1] / 4) + "], got " + c.str());
  return a[1] / 4;
}

}  // namespace

Var lstm_gates(Var pre) {
  const Shape& s = pre->value.shape;
  if (s.rank != 2 || s[1] % 4 != 0) fail("lstm_gates", "pre-activations must be [batch, 4·hidden], got " + s.str());
  Var y = pre->graph->make(Op::LstmGates, s, {pre});
  kernels::active_kernels().lstm_gates(size_t(s[0]), size_t(s[1] / 4), pre->value.data, y->value.data);
  return y;
}

Var lstm_state(Var act, Var c_prev) {
  const int h = check_cell("lstm_state", act, c_prev);
  Var c = act->graph->make(Op::LstmState, c_prev->value.shape, {act, c_prev});
  kernels::active_kernels().lstm_state(size_t(c_prev->value.shape[0]), size_t(h), act->value.data, c_prev->value.data,
                                       c->value.data);
  return c;
}

Var lstm_output(Var act, Var c) {
  const int h = check_cell("lstm_output", act, c);
  Graph& g = *act->graph;
  Var y = g.make(Op::LstmOutput, c->value.shape, {act, c});
  float* tanh_c = g.arena().alloc(size_t(c->value.numel()));  // kept for backward
  kernels::active_kernels().lstm_output(size_t(c->value.shape[0]), size_t(h), act->value.data, c->value.data, tanh_c,
                                        y->value.data);
  y->aux = tanh_c;
  return y;
}

}  // namespace mlpg
