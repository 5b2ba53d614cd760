#pragma once
// Gradient descent (the course's §3): on a 1-D cost J(θ) = (θ − 2)², where
// the learning rate alone decides between crawling, converging, oscillating
// and diverging (each step multiplies the distance to the minimum by
// 1 − 2·lr); and on a 2-D least-squares cost whose second feature is scaled
// by `scale`, where the condition number of XᵀX (Eigen's eigenvalues) makes
// plain descent slow along the flat direction; batch, mini-batch and
// stochastic paths from the same start, next to the exact solution (Eigen).
#include <array>
#include <vector>

namespace mlpg::ui {

constexpr int kDescentSteps = 100, kDescentPoints = 100;

struct Descent1D {
  std::vector<float> theta, cost;  // the path, step 0 = the start θ = −2
  double factor = 0;               // 1 − 2·lr
};
Descent1D descent_1d(double lr, int steps = 30);

struct Descent2D {
  double lambda_min = 0, lambda_max = 0, kappa = 0;  // eigenvalues of the Hessian XᵀX/m, and their ratio
  double lr = 0;                                     // the rate used: `fraction` of 2/λ_max
  std::array<double, 2> exact{};                     // Eigen's least-squares solution
  std::array<std::vector<float>, 3> t1, t2;          // paths: batch, mini-batch (10), stochastic (1)
  std::array<double, 3> distance{};                  // from the exact solution after the steps (inf: diverged)
  std::vector<float> x1, x2, y;                      // the data
};
Descent2D descent_2d(double scale, double fraction, unsigned seed);
double descent_2d_cost(const Descent2D& d, double t1, double t2);

}  // namespace mlpg::ui
