#pragma once
// Recurrence unrolled (the course's RNN: "the hidden state is updated from
// the input and the previous hidden state"): one tanh unit,
// h_t = tanh(w·x_t + u·h_{t-1} + b), applied at each of T steps with the
// same three weights, and L = ½(h_T − target)². Backpropagation through
// time by hand: δ_t = ∂L/∂z_t flows back one step at a time (multiplied by
// u·tanh'(z) each step), and because the weights are shared, their
// gradients are sums of one contribution per step. Checked against the
// engine's recurrent layer (autograd) and finite differences.
#include <array>
#include <vector>

namespace mlpg::ui {

constexpr int kRecSteps = 8;

struct Unrolled {
  double w = 0, u = 0, b = 0, target = 0.5;
  std::array<double, kRecSteps> x{}, z{}, h{}, delta{};  // h[t] after step t; delta = ∂L/∂z_t
  std::array<double, kRecSteps> dw{}, du{}, db{};        // each step's share of the gradients
  double loss = 0;
  std::array<double, 3> grad{};    // Σ of the shares: ∂L/∂w, ∂L/∂u, ∂L/∂b
  std::array<double, 3> engine{};  // the engine's autograd through its RNN layer
  std::array<double, 3> finite{};  // central differences
};

// Seeded inputs in [-1, 1] and w, b; u as given (the learner's slider).
Unrolled unroll(unsigned seed, double u);

}  // namespace mlpg::ui
