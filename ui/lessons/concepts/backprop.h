#pragma once
// Backpropagation, step by step (the course's §3): a network of 2 inputs, 2
// hidden units and 1 output, x → z = W x + b → a = act(z) → y = v·a + c →
// loss(y, t), computed by hand in double precision one node at a time:
// forward node by node, then backward node by node with each local
// derivative and the chain-rule product. The same network is built with the
// engine (its autograd gives the gradients the playground trains with) and
// checked against central finite differences of the hand-computed loss.
#include <array>
#include <string>
#include <vector>

namespace mlpg::ui {

enum class BpAct { Sigmoid, Tanh, Relu, LeakyRelu };
enum class BpLoss { HalfSquare, CrossEntropy };  // ½ (y − t)², or −[t log σ(y) + (1 − t) log(1 − σ(y))]

// The 9 parameters in order: w11 w12 b1 w21 w22 b2 v1 v2 c.
constexpr int kBpParams = 9;
const char* bp_param_name(int i);

struct BpNet {
  std::array<double, kBpParams> theta{};
  double x1 = 1.0, x2 = 0.5, target = 1.0;
  BpAct act = BpAct::Sigmoid;
  BpLoss loss = BpLoss::HalfSquare;
};

// Every value the walk shows.
struct BpPass {
  double z1 = 0, z2 = 0, a1 = 0, a2 = 0, y = 0, p = 0, loss = 0;  // p = σ(y) for cross-entropy
  // Local derivatives and the chain products.
  double dL_dy = 0, da1_dz1 = 0, da2_dz2 = 0;
  double dL_da1 = 0, dL_da2 = 0, dL_dz1 = 0, dL_dz2 = 0;
  std::array<double, kBpParams> grad{};  // ∂L/∂θ by the chain rule
};

BpNet bp_network(unsigned seed, BpAct act, BpLoss loss, double x1, double x2, double target);
double bp_activate(BpAct a, double z);
double bp_activate_derivative(BpAct a, double z);  // at z (ReLU: 0 at 0, as PyTorch)
double bp_loss_value(const BpNet& n);               // forward only
BpPass bp_run(const BpNet& n);                      // forward and backward by hand
std::array<double, kBpParams> bp_engine_grad(const BpNet& n, double* loss);   // the engine's autograd (float32)
std::array<double, kBpParams> bp_finite_grad(const BpNet& n, double eps = 1e-5);  // central differences

// The walk: step 0 shows the network; steps 1..6 the forward nodes (z1, z2,
// a1, a2, y, L); steps 7..14 the backward nodes (∂L/∂y, the output layer's
// parameters, ∂L/∂a1, ∂L/∂a2, ∂L/∂z1, ∂L/∂z2, the first unit's, the second's).
constexpr int kBpSteps = 14, kBpForwardSteps = 6;
// What step k computes, with this run's numbers, e.g. "z1 = w11·x1 + w12·x2 + b1 = 0.50·1.00 + ... = 0.450".
std::string bp_step_text(const BpNet& n, const BpPass& p, int step);
// The node a step fills in (for the drawing): "z1", "a2", "L", "dL/dy", ...
const char* bp_step_node(int step);

}  // namespace mlpg::ui
