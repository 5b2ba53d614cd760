// Backpropagation by hand, by the engine's autograd and by finite differences (see backprop.h).
#include "backprop.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <random>

#include "core/graph.h"
#include "ops/ops.h"
#include "training/loss.h"

namespace mlpg::ui {

namespace {

constexpr double kLeak = 0.01;  // the engine's leaky ReLU slope

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* f, ...) {
  char b[512];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(b, sizeof b, f, ap);
  va_end(ap);
  return b;
}

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

}  // namespace

const char* bp_param_name(int i) {
  static const char* const names[kBpParams] = {"w11", "w12", "b1", "w21", "w22", "b2", "v1", "v2", "c"};
  return i >= 0 && i < kBpParams ? names[i] : "?";
}

BpNet bp_network(unsigned seed, BpAct act, BpLoss loss, double x1, double x2, double target) {
  BpNet n;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> u(-9, 9);  // weights in tenths: easy to follow by hand
  for (double& t : n.theta) t = u(rng) / 10.0;
  n.act = act;
  n.loss = loss;
  n.x1 = x1, n.x2 = x2, n.target = target;
  return n;
}

double bp_activate(BpAct a, double z) {
  switch (a) {
    case BpAct::Sigmoid: return sigmoid(z);
    case BpAct::Tanh: return std::tanh(z);
    case BpAct::Relu: return z > 0 ? z : 0;
    case BpAct::LeakyRelu: return z > 0 ? z : kLeak * z;
  }
  return z;
}

double bp_activate_derivative(BpAct a, double z) {
  switch (a) {
    case BpAct::Sigmoid: return sigmoid(z) * (1 - sigmoid(z));
    case BpAct::Tanh: return 1 - std::tanh(z) * std::tanh(z);
    case BpAct::Relu: return z > 0 ? 1 : 0;
    case BpAct::LeakyRelu: return z > 0 ? 1 : kLeak;
  }
  return 1;
}

BpPass bp_run(const BpNet& n) {
  const auto& t = n.theta;
  BpPass p;
  // Forward, node by node.
  p.z1 = t[0] * n.x1 + t[1] * n.x2 + t[2];
  p.z2 = t[3] * n.x1 + t[4] * n.x2 + t[5];
  p.a1 = bp_activate(n.act, p.z1);
  p.a2 = bp_activate(n.act, p.z2);
  p.y = t[6] * p.a1 + t[7] * p.a2 + t[8];
  if (n.loss == BpLoss::HalfSquare) {
    p.loss = 0.5 * (p.y - n.target) * (p.y - n.target);
    p.dL_dy = p.y - n.target;
  } else {
    p.p = sigmoid(p.y);
    p.loss = -(n.target * std::log(p.p) + (1 - n.target) * std::log(1 - p.p));
    p.dL_dy = p.p - n.target;  // the sigmoid's derivative and the log's cancel
  }
  // Backward: each node's gradient is the one above times the local derivative.
  p.grad[6] = p.dL_dy * p.a1;
  p.grad[7] = p.dL_dy * p.a2;
  p.grad[8] = p.dL_dy;
  p.dL_da1 = p.dL_dy * t[6];
  p.dL_da2 = p.dL_dy * t[7];
  p.da1_dz1 = bp_activate_derivative(n.act, p.z1);
  p.da2_dz2 = bp_activate_derivative(n.act, p.z2);
  p.dL_dz1 = p.dL_da1 * p.da1_dz1;
  p.dL_dz2 = p.dL_da2 * p.da2_dz2;
  p.grad[0] = p.dL_dz1 * n.x1;
  p.grad[1] = p.dL_dz1 * n.x2;
  p.grad[2] = p.dL_dz1;
  p.grad[3] = p.dL_dz2 * n.x1;
  p.grad[4] = p.dL_dz2 * n.x2;
  p.grad[5] = p.dL_dz2;
  return p;
}

double bp_loss_value(const BpNet& n) { return bp_run(n).loss; }

std::array<double, kBpParams> bp_engine_grad(const BpNet& n, double* loss) {
  // The same network as engine ops: W [2, 2], b [2], v [1, 2], c [1]; a batch of one.
  Parameter W("W", Shape{2, 2}), b("b", Shape{2}, false), v("v", Shape{1, 2}), c("c", Shape{1}, false);
  const auto& t = n.theta;
  W.value.data = {float(t[0]), float(t[1]), float(t[3]), float(t[4])};
  b.value.data = {float(t[2]), float(t[5])};
  v.value.data = {float(t[6]), float(t[7])};
  c.value.data = {float(t[8])};
  Graph g;
  const float x[2] = {float(n.x1), float(n.x2)}, target[1] = {float(n.target)};
  Var z = add(matmul(g.input(Shape{1, 2}, x), g.param(W), false, true), g.param(b));
  Var a = n.act == BpAct::Sigmoid ? sigmoid(z) : n.act == BpAct::Tanh ? tanh(z) : n.act == BpAct::Relu ? relu(z) : leaky_relu(z, float(kLeak));
  Var y = add(matmul(a, g.param(v), false, true), g.param(c));
  Var L = n.loss == BpLoss::HalfSquare ? mse_course(y, g.input(Shape{1, 1}, target)) : bce_with_logits(y, g.input(Shape{1, 1}, target));
  g.backward(L);
  *loss = L->value.data[0];
  return {W.grad[0], W.grad[1], b.grad[0], W.grad[2], W.grad[3], b.grad[1], v.grad[0], v.grad[1], c.grad[0]};
}

std::array<double, kBpParams> bp_finite_grad(const BpNet& n, double eps) {
  std::array<double, kBpParams> g{};
  for (int i = 0; i < kBpParams; ++i) {
    BpNet up = n, down = n;
    up.theta[size_t(i)] += eps;
    down.theta[size_t(i)] -= eps;
    g[size_t(i)] = (bp_loss_value(up) - bp_loss_value(down)) / (2 * eps);
  }
  return g;
}

const char* bp_step_node(int step) {
  static const char* const nodes[kBpSteps + 1] = {"", "z1", "z2", "a1", "a2", "y", "L", "dL/dy", "v", "dL/da1", "dL/da2",
                                                  "dL/dz1", "dL/dz2", "w1", "w2"};
  return step >= 0 && step <= kBpSteps ? nodes[step] : "";
}

std::string bp_step_text(const BpNet& n, const BpPass& p, int step) {
  const auto& t = n.theta;
  static const char* const act_names[] = {"σ", "tanh", "ReLU", "leaky ReLU"};
  const char* act = act_names[int(n.act)];
  auto dact = [&](double z) -> std::string {
    switch (n.act) {
      case BpAct::Sigmoid: return fmt("σ(%.3f)(1 − σ(%.3f))", z, z);
      case BpAct::Tanh: return fmt("1 − tanh²(%.3f)", z);
      case BpAct::Relu: return fmt("(%.3f > 0 ? 1 : 0)", z);
      case BpAct::LeakyRelu: return fmt("(%.3f > 0 ? 1 : 0.01)", z);
    }
    return "";
  };
  switch (step) {
    case 0: return fmt("x = (%.2f, %.2f), target t = %.2f. Step forward to compute each node from the ones before it.", n.x1, n.x2, n.target);
    case 1: return fmt("z1 = w11·x1 + w12·x2 + b1 = %.2f·%.2f + %.2f·%.2f + %.2f = %.4f", t[0], n.x1, t[1], n.x2, t[2], p.z1);
    case 2: return fmt("z2 = w21·x1 + w22·x2 + b2 = %.2f·%.2f + %.2f·%.2f + %.2f = %.4f", t[3], n.x1, t[4], n.x2, t[5], p.z2);
    case 3: return fmt("a1 = %s(z1) = %s(%.4f) = %.4f", act, act, p.z1, p.a1);
    case 4: return fmt("a2 = %s(z2) = %s(%.4f) = %.4f", act, act, p.z2, p.a2);
    case 5: return fmt("y = v1·a1 + v2·a2 + c = %.2f·%.4f + %.2f·%.4f + %.2f = %.4f", t[6], p.a1, t[7], p.a2, t[8], p.y);
    case 6:
      if (n.loss == BpLoss::HalfSquare) return fmt("L = ½ (y − t)² = ½ (%.4f − %.2f)² = %.5f", p.y, n.target, p.loss);
      return fmt("L = −[t log σ(y) + (1 − t) log(1 − σ(y))], σ(y) = σ(%.4f) = %.4f, L = %.5f", p.y, p.p, p.loss);
    case 7:
      if (n.loss == BpLoss::HalfSquare) return fmt("∂L/∂y = y − t = %.4f − %.2f = %.5f", p.y, n.target, p.dL_dy);
      return fmt("∂L/∂y = σ(y) − t = %.4f − %.2f = %.5f", p.p, n.target, p.dL_dy);
    case 8:
      return fmt("∂L/∂v1 = ∂L/∂y · a1 = %.5f · %.4f = %.5f;  ∂L/∂v2 = ∂L/∂y · a2 = %.5f · %.4f = %.5f;  ∂L/∂c = ∂L/∂y = %.5f", p.dL_dy, p.a1,
                 p.grad[6], p.dL_dy, p.a2, p.grad[7], p.grad[8]);
    case 9: return fmt("∂L/∂a1 = ∂L/∂y · ∂y/∂a1 = ∂L/∂y · v1 = %.5f · %.2f = %.5f", p.dL_dy, t[6], p.dL_da1);
    case 10: return fmt("∂L/∂a2 = ∂L/∂y · ∂y/∂a2 = ∂L/∂y · v2 = %.5f · %.2f = %.5f", p.dL_dy, t[7], p.dL_da2);
    case 11:
      return fmt("∂L/∂z1 = ∂L/∂a1 · %s'(z1) = %.5f · %s = %.5f · %.4f = %.5f", act, p.dL_da1, dact(p.z1).c_str(), p.dL_da1, p.da1_dz1, p.dL_dz1);
    case 12:
      return fmt("∂L/∂z2 = ∂L/∂a2 · %s'(z2) = %.5f · %s = %.5f · %.4f = %.5f", act, p.dL_da2, dact(p.z2).c_str(), p.dL_da2, p.da2_dz2, p.dL_dz2);
    case 13:
      return fmt("∂L/∂w11 = ∂L/∂z1 · x1 = %.5f · %.2f = %.5f;  ∂L/∂w12 = ∂L/∂z1 · x2 = %.5f · %.2f = %.5f;  ∂L/∂b1 = ∂L/∂z1 = %.5f", p.dL_dz1,
                 n.x1, p.grad[0], p.dL_dz1, n.x2, p.grad[1], p.grad[2]);
    case 14:
      return fmt("∂L/∂w21 = ∂L/∂z2 · x1 = %.5f · %.2f = %.5f;  ∂L/∂w22 = ∂L/∂z2 · x2 = %.5f · %.2f = %.5f;  ∂L/∂b2 = ∂L/∂z2 = %.5f", p.dL_dz2,
                 n.x1, p.grad[3], p.dL_dz2, n.x2, p.grad[4], p.grad[5]);
    default: return "";
  }
}

}  // namespace mlpg::ui
