// Gradient descent in 1-D and 2-D (see descent.h).
#include "descent.h"

#include <cmath>
#include <limits>
#include <random>

#include <Eigen/Dense>

namespace mlpg::ui {

Descent1D descent_1d(double lr, int steps) {
  Descent1D d;
  d.factor = 1 - 2 * lr;
  double t = -2;
  for (int s = 0; s <= steps; ++s) {
    d.theta.push_back(float(t));
    d.cost.push_back(float((t - 2) * (t - 2)));
    if (!std::isfinite(t) || std::fabs(t) > 1e6) break;
    t -= lr * 2 * (t - 2);
  }
  return d;
}

double descent_2d_cost(const Descent2D& d, double t1, double t2) {
  double s = 0;
  for (size_t i = 0; i < d.y.size(); ++i) {
    const double r = t1 * d.x1[i] + t2 * d.x2[i] - d.y[i];
    s += r * r;
  }
  return s / (2.0 * double(d.y.size()));
}

Descent2D descent_2d(double scale, double fraction, unsigned seed) {
  Descent2D d;
  std::mt19937 rng(seed);
  std::normal_distribution<float> z(0.f, 1.f);
  for (int i = 0; i < kDescentPoints; ++i) {
    const float a = z(rng), b = z(rng);
    d.x1.push_back(a);
    d.x2.push_back(float(b * scale));  // the badly scaled feature (e.g. a length in millimetres)
    d.y.push_back(1.5f * a - 0.8f * b + 0.1f * z(rng));
  }
  const int m = kDescentPoints;
  Eigen::MatrixXd X(m, 2);
  Eigen::VectorXd y(m);
  for (int i = 0; i < m; ++i) X(i, 0) = d.x1[size_t(i)], X(i, 1) = d.x2[size_t(i)], y(i) = d.y[size_t(i)];
  const Eigen::Matrix2d H = X.transpose() * X / double(m);
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(H);
  d.lambda_min = eig.eigenvalues()(0);
  d.lambda_max = eig.eigenvalues()(1);
  d.kappa = d.lambda_max / d.lambda_min;
  const Eigen::Vector2d exact = H.ldlt().solve(X.transpose() * y / double(m));
  d.exact = {exact(0), exact(1)};
  d.lr = fraction * 2 / d.lambda_max;  // 2/λ_max: past it, batch descent diverges along the steep direction
  const int batch[3] = {m, 10, 1};
  for (int k = 0; k < 3; ++k) {
    std::mt19937 pick(seed + 11u * unsigned(k));
    std::uniform_int_distribution<int> row(0, m - 1);
    double t1 = 0, t2 = 0;
    d.t1[size_t(k)].push_back(0), d.t2[size_t(k)].push_back(0);
    bool diverged = false;
    for (int s = 0; s < kDescentSteps && !diverged; ++s) {
      double g1 = 0, g2 = 0;
      for (int b = 0; b < batch[k]; ++b) {
        const int i = batch[k] == m ? b : row(pick);
        const double r = t1 * d.x1[size_t(i)] + t2 * d.x2[size_t(i)] - d.y[size_t(i)];
        g1 += r * d.x1[size_t(i)], g2 += r * d.x2[size_t(i)];
      }
      t1 -= d.lr * g1 / batch[k];
      t2 -= d.lr * g2 / batch[k];
      diverged = !std::isfinite(t1) || !std::isfinite(t2) || std::fabs(t1) + std::fabs(t2) > 1e6;
      if (!diverged) d.t1[size_t(k)].push_back(float(t1)), d.t2[size_t(k)].push_back(float(t2));
    }
    d.distance[size_t(k)] = diverged ? std::numeric_limits<double>::infinity() : std::hypot(t1 - d.exact[0], t2 - d.exact[1]);
  }
  return d;
}

}  // namespace mlpg::ui
