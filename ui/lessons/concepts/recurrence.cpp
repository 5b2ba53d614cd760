#include "recurrence.h"

#include <cmath>
#include <random>

#include "core/graph.h"
#include "layers/rnn.h"
#include "ops/ops.h"

namespace mlpg::ui {

namespace {

double forward_loss(const Unrolled& r, double w, double u, double b) {
  double h = 0;
  for (int t = 0; t < kRecSteps; ++t) h = std::tanh(w * r.x[size_t(t)] + u * h + b);
  return 0.5 * (h - r.target) * (h - r.target);
}

// The same sequence through the engine's RNN layer (one layer, one unit,
// PyTorch's layout: weight_ih, weight_hh, bias_ih, bias_hh), and autograd.
std::array<double, 3> engine_gradient(const Unrolled& r) {
  RecurrentConfig c;
  c.kind = CellKind::RNN;
  c.input_size = 1;
  c.hidden_size = 1;
  Recurrent rnn(c, 1);
  rnn.params[0].value.data = {float(r.w)};
  rnn.params[1].value.data = {float(r.u)};
  rnn.params[2].value.data = {float(r.b)};
  rnn.params[3].value.data = {0.f};
  std::vector<float> x(r.x.begin(), r.x.end());
  Graph g;
  Var h = rnn.run(g, g.input(Shape{1, kRecSteps, 1}, x.data())).final.h[0];
  const float target = float(r.target);
  Var d = sub(h, g.input(Shape{1, 1}, &target));
  g.backward(scale(sum(mul(d, d)), 0.5f));
  return {rnn.params[0].grad[0], rnn.params[1].grad[0], rnn.params[2].grad[0]};
}

}  // namespace

Unrolled unroll(unsigned seed, double u) {
  Unrolled r;
  std::mt19937 rng(seed * 7u + 3u);
  std::uniform_real_distribution<double> d(-1, 1);
  for (double& v : r.x) {
    v = std::round(d(rng) * 10) / 10;  // tenths: readable
    if (v == 0) v = 0;                 // not -0
  }
  r.w = 1.0 + std::round(d(rng) * 5) / 10;
  r.b = std::round(d(rng) * 3) / 10;
  r.u = u;
  double h = 0;
  for (int t = 0; t < kRecSteps; ++t) {
    r.z[size_t(t)] = r.w * r.x[size_t(t)] + r.u * h + r.b;
    h = r.h[size_t(t)] = std::tanh(r.z[size_t(t)]);
  }
  r.loss = 0.5 * (h - r.target) * (h - r.target);
  // Back through time: ∂L/∂h_T = h_T − target; δ_t = ∂L/∂h_t · tanh'(z_t); ∂L/∂h_{t−1} = δ_t · u.
  double dh = h - r.target;
  r.grad = {0, 0, 0};
  for (int t = kRecSteps - 1; t >= 0; --t) {
    const double delta = dh * (1 - r.h[size_t(t)] * r.h[size_t(t)]);
    r.delta[size_t(t)] = delta;
    r.dw[size_t(t)] = delta * r.x[size_t(t)];
    r.du[size_t(t)] = t ? delta * r.h[size_t(t - 1)] : 0.0;  // h_0 = 0 (and not -0)
    r.db[size_t(t)] = delta;
    r.grad[0] += r.dw[size_t(t)], r.grad[1] += r.du[size_t(t)], r.grad[2] += r.db[size_t(t)];
    dh = delta * r.u;
  }
  r.engine = engine_gradient(r);
  constexpr double e = 1e-6;
  r.finite = {(forward_loss(r, r.w + e, r.u, r.b) - forward_loss(r, r.w - e, r.u, r.b)) / (2 * e),
              (forward_loss(r, r.w, r.u + e, r.b) - forward_loss(r, r.w, r.u - e, r.b)) / (2 * e),
              (forward_loss(r, r.w, r.u, r.b + e) - forward_loss(r, r.w, r.u, r.b - e)) / (2 * e)};
  return r;
}

}  // namespace mlpg::ui
