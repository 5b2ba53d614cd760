// The LSTM and GRU cells' fused elementwise ops (see ops.h). Each is one node
// and one kernel call per time step where the unfused LSTM cell took about
// fourteen nodes (four slices, five activations, four products, a sum) and the
// GRU about eighteen, with as many memory sweeps, forward and backward.
// Backward rules are in backward_rules.cpp.
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/kernels.h"
#include "ops/ops.h"
#include "ops/ops_internal.h"

namespace mlpg {

using detail::fail;

namespace {

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

Var lstm_gates(Var pre, Var pre2) {
  const Shape& s = pre->value.shape;
  if (s.rank != 2 || s[1] % 4 != 0) fail("lstm_gates", "pre-activations must be [batch, 4·hidden], got " + s.str());
  if (pre2 && pre2->value.shape != s)
    fail("lstm_gates", "the two pre-activation terms differ: " + s.str() + " and " + pre2->value.shape.str());
  Var y = pre2 ? pre->graph->make(Op::LstmGates, s, {pre, pre2}) : pre->graph->make(Op::LstmGates, s, {pre});
  kernels::active_kernels().lstm_gates(size_t(s[0]), size_t(s[1] / 4), pre->value.data, pre2 ? pre2->value.data : nullptr,
                                       y->value.data);
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

Var gru_cell(Var xt, Var hh, Var h_prev) {
  const Shape& sx = xt->value.shape;
  const Shape& sp = h_prev->value.shape;
  if (sp.rank != 2) fail("gru_cell", "h_prev must be [batch, hidden], got " + sp.str());
  const Shape want{sp[0], 3 * sp[1]};
  if (sx != want || hh->value.shape != want)
    fail("gru_cell", "projections must be " + want.str() + ", got " + sx.str() + " and " + hh->value.shape.str());
  Graph& g = *xt->graph;
  Var y = g.make(Op::GruCell, sp, {xt, hh, h_prev});
  float* gates = g.arena().alloc(size_t(want.numel()));  // [r | z | n], kept for backward
  kernels::active_kernels().gru_cell(size_t(sp[0]), size_t(sp[1]), xt->value.data, hh->value.data, h_prev->value.data,
                                     gates, y->value.data);
  y->aux = gates;
  return y;
}

Var lstm_sequence(Var x, Var w_ih, Var bias, Var w_hh, Var h0, Var c0, kernels::PackCache* ih_packs,
                  kernels::PackCache* hh_packs) {
  const Shape &sx = x->value.shape, &sh = h0->value.shape;
  if (sh.rank != 2 || sh[0] < 1 || sh[1] < 1) fail("lstm_sequence", "h0 must be [batch >= 1, hidden >= 1], got " + sh.str());
  const int B = sh[0], H = sh[1], G = 4 * H;
  if (sx.rank != 2 || sx[1] < 1 || sx[0] < B || sx[0] % B != 0)
    fail("lstm_sequence", "x must be [steps·" + std::to_string(B) + ", inputs], got " + sx.str());
  const int T = sx[0] / B, IN = sx[1];
  auto expect = [](Var v, const Shape& want, const char* what) {
    if (v->value.shape != want) fail("lstm_sequence", std::string(what) + " must be " + want.str() + ", got " + v->value.shape.str());
  };
  expect(c0, sh, "c0");
  expect(w_ih, Shape{G, IN}, "w_ih");
  expect(bias, Shape{G}, "bias");
  expect(w_hh, Shape{G, H}, "w_hh");
  Graph& g = *x->graph;
  Var y = g.make(Op::LstmSequence, Shape{(T + 1) * B, H}, {x, w_ih, bias, w_hh, h0, c0});
  // Backward needs every step's gates and cell: kept as [T·B, 4H] and
  // [c_1..c_T | tanh c_1..tanh c_T]. Without it one step's worth is reused,
  // which stays in cache (inference).
  const bool keep = y->requires_grad;
  const size_t bg = size_t(B) * size_t(G), bh = size_t(B) * size_t(H);
  float* acts = g.arena().alloc(keep ? size_t(T) * bg : bg);
  float* cells = g.arena().alloc(keep ? 2 * size_t(T) * bh : 3 * bh);
  const auto& k = kernels::active_kernels();
  const float* c_prev = c0->value.data;
  for (int t = 0; t < T; ++t) {
    float* a = acts + (keep ? size_t(t) * bg : 0);
    float* c = cells + (keep ? size_t(t) : size_t(t % 2)) * bh;
    float* tanh_c = cells + (keep ? size_t(T + t) : 2) * bh;
    const float* h_prev = t ? y->value.data + size_t(t - 1) * bh : h0->value.data;
    // The step's pre-activations x_t·W_ihᵀ + b + h·W_hhᵀ, made in a block
    // that stays in cache for the cell: the input projection step by step,
    // not all steps' at once (a [T·B, 4H] block written out and read back:
    // 8 % slower on the course's second layer, inference).
    kernels::gemm(k, {false, true, B, G, IN, 1.f, x->value.data + size_t(t) * B * IN, IN, w_ih->value.data, IN, 0.f, a, G,
                      ih_packs, bias->value.data});
    kernels::gemm(k, {false, true, B, G, H, 1.f, h_prev, H, w_hh->value.data, H, 1.f, a, G, hh_packs});
    k.lstm_cell(size_t(B), size_t(H), a, c_prev, a, c, tanh_c, y->value.data + size_t(t) * bh);
    c_prev = c;
  }
  std::memcpy(y->value.data + size_t(T) * bh, c_prev, bh * sizeof(float));
  y->aux = acts;
  y->aux2 = cells;
  return y;
}

}  // namespace mlpg
