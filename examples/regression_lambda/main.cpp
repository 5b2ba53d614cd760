// The course's point about regularization (article §3), measured:
// fit a degree-9 polynomial to 20 seeded noisy points of a smooth function by
// minimising J(θ) = 1/(2m) Σ (h_θ(x) − y)² + λ/(2m) Σ_{j=1..9} θ_j², for λ from
// 1e-6 to 1e2, and print training and validation error for each λ.
// Small λ overfits (low training, high validation error), large λ underfits
// (both high), a middle λ wins.
//
// Usage: regression_lambda [--seed N] [--steps N]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "training/loss.h"
#include "layers/nn.h"
#include "training/optim.h"

using namespace mlpg;

namespace {

constexpr int kDegree = 9;

float target(float x) { return std::sin(3.f * x) + 0.5f * x; }  // the smooth truth

// Features x, x², …, x⁹ for x in [-1, 1] (the bias θ_0 is the Linear's bias).
void make_points(int n, uint32_t seed, float noise, std::vector<float>& feats, std::vector<float>& y) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> ux(-1.f, 1.f);
  std::normal_distribution<float> nd(0.f, noise);
  feats.clear();
  y.clear();
  for (int i = 0; i < n; ++i) {
    const float x = ux(rng);
    float p = 1.f;
    for (int k = 1; k <= kDegree; ++k) feats.push_back(p *= x);
    y.push_back(target(x) + nd(rng));
  }
}

struct Fit { float train_j, train_err, val_err, theta_norm; };

Fit fit(float lambda, int steps, const std::vector<float>& xt, const std::vector<float>& yt,
        const std::vector<float>& xv, const std::vector<float>& yv) {
  const int m = int(yt.size()), mv = int(yv.size());
  Rng rng(1);
  Linear model(kDegree, 1, rng, Activation::Linear);
  std::fill(model.weight.value.data.begin(), model.weight.value.data.end(), 0.f);
  // Adam, because plain GD needs ~10⁶ steps on these ill-conditioned powers of x.
  Optimizer opt(adam(0.02f), model.parameters());
  Graph g;
  float j = 0;
  for (int s = 0; s < steps; ++s) {
    opt.zero_grad();
    g.clear();
    Var h = model.forward(g, g.input(Shape{m, kDegree}, xt.data()));
    Var cost = add(mse_course(h, g.input(Shape{m, 1}, yt.data())), l2_penalty(g, model.parameters(), lambda, m));
    g.backward(cost);
    opt.step();
    j = cost->value.data[0];
  }
  auto error = [&](const std::vector<float>& x, const std::vector<float>& y, int n) {
    g.clear();
    NoGrad ng(g);
    return mse_course(model.forward(g, g.input(Shape{n, kDegree}, x.data())), g.input(Shape{n, 1}, y.data()))
        ->value.data[0];
  };
  double norm = 0;
  for (float w : model.weight.value.data) norm += double(w) * w;
  return {j, error(xt, yt, m), error(xv, yv, mv), float(std::sqrt(norm))};
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t seed = 3;
  int steps = 20000;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = uint32_t(std::strtoul(argv[++i], nullptr, 10));
    else if (!std::strcmp(argv[i], "--steps") && i + 1 < argc) steps = std::atoi(argv[++i]);
    else { std::fprintf(stderr, "usage: %s [--seed N] [--steps N]\n", argv[0]); return 2; }
  }
  if (steps <= 0) { std::fprintf(stderr, "--steps must be positive\n"); return 2; }
  std::vector<float> xt, yt, xv, yv;
  make_points(20, seed, 0.2f, xt, yt);         // training: the course's m = 20 examples
  make_points(200, seed + 1000, 0.2f, xv, yv);  // validation: fresh points, same truth

  std::printf("degree-%d polynomial, 20 training points, 200 validation points, seed %u, %d Adam steps\n",
              kDegree, seed, steps);
  std::printf("J(θ) = 1/(2m) Σ(h−y)² + λ/(2m) Σ_{j≥1} θ_j²; errors below are 1/(2m) Σ(h−y)²\n\n");
  std::printf("%10s  %12s  %12s  %12s  %8s\n", "lambda", "train J", "train error", "val error", "|theta|");
  float best_val = 1e30f, best_lambda = 0;
  for (float lambda : {1e-6f, 1e-4f, 1e-3f, 1e-2f, 1e-1f, 1e0f, 1e1f, 1e2f}) {
    const Fit f = fit(lambda, steps, xt, yt, xv, yv);
    std::printf("%10.0e  %12.5f  %12.5f  %12.5f  %8.3f\n", lambda, f.train_j, f.train_err, f.val_err, f.theta_norm);
    if (f.val_err < best_val) { best_val = f.val_err; best_lambda = lambda; }
  }
  std::printf("\nbest validation error %.5f at lambda = %.0e (noise floor: %.5f)\n", best_val, best_lambda,
              0.2f * 0.2f / 2.f);
  return 0;
}
