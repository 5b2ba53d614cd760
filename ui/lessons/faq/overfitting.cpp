#include "overfitting.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <random>

namespace mlpg::ui {

namespace {

// Legendre polynomials P0..Pd at x: the same functions as 1, x, ..., x^d
// (any polynomial of degree d is a mix of either), but nearly orthogonal on
// [-1, 1], so gradient descent reaches the exact fit in thousands of steps
// instead of millions, and early stopping has something to stop.
void legendre(double x, int degree, double* p) {
  p[0] = 1;
  if (degree >= 1) p[1] = x;
  for (int k = 2; k <= degree; ++k) p[k] = ((2 * k - 1) * x * p[k - 1] - (k - 1) * p[k - 2]) / k;
}

double legendre_predict(const std::vector<double>& c, double x) {
  double p[kMaxDegree + 1];
  const int d = int(c.size()) - 1;
  legendre(x, d, p);
  double s = 0;
  for (int k = 0; k <= d; ++k) s += c[size_t(k)] * p[k];
  return s;
}


// Features 1, x, ..., x^degree (x in [-1, 1]).
Eigen::MatrixXd design(const std::vector<float>& x, int n, int degree) {
  Eigen::MatrixXd X(n, degree + 1);
  for (int i = 0; i < n; ++i) {
    double v = 1;
    for (int d = 0; d <= degree; ++d, v *= x[size_t(i)]) X(i, d) = v;
  }
  return X;
}

// The course's regularized least squares in closed form (θ₀ not penalized).
std::vector<double> ridge(const std::vector<float>& x, const std::vector<float>& y, int n, int degree, double lambda) {
  const Eigen::MatrixXd X = design(x, n, degree);
  Eigen::VectorXd t(n);
  for (int i = 0; i < n; ++i) t(i) = y[size_t(i)];
  Eigen::MatrixXd A = X.transpose() * X;
  for (int d = 1; d <= degree; ++d) A(d, d) += lambda;
  // A tiny ridge on everything keeps an under-determined fit (n <= degree) solvable.
  A.diagonal().array() += 1e-10;
  const Eigen::VectorXd theta = A.ldlt().solve(X.transpose() * t);
  return std::vector<double>(theta.data(), theta.data() + theta.size());
}

double mse(const std::vector<double>& theta, const std::vector<float>& x, const std::vector<float>& y, int n,
           bool in_legendre = false) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    const double h = in_legendre ? legendre_predict(theta, x[size_t(i)]) : overfit_predict(theta, x[size_t(i)]);
    const double e = h - y[size_t(i)];
    s += e * e;
  }
  return n ? s / n : 0;
}

void add_point(FitCurve& c, const std::vector<double>& theta, const OverfitRun& r, bool in_legendre = false) {
  c.train.push_back(float(mse(theta, r.pool_x, r.pool_y, r.n_train, in_legendre)));
  c.val.push_back(float(mse(theta, r.val_x, r.val_y, kFitValidation, in_legendre)));
}

}  // namespace

double true_function(double x) { return 0.8 * std::sin(3.0 * x) + 0.3 * x; }

double overfit_predict(const std::vector<double>& theta, double x) {
  double s = 0, v = 1;
  for (double t : theta) s += t * v, v *= x;
  return s;
}

void overfit_reset(OverfitRun& r, int degree, int n_train, double lambda, uint32_t seed) {
  r.degree = std::clamp(degree, 1, kMaxDegree);
  r.n_train = std::clamp(n_train, 2, kFitPool);
  r.lambda = lambda;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> ux(-1.f, 1.f);
  std::normal_distribution<float> noise(0.f, 0.25f);
  auto draw = [&](int n, std::vector<float>& x, std::vector<float>& y) {
    x.resize(size_t(n));
    y.resize(size_t(n));
    for (int i = 0; i < n; ++i) x[size_t(i)] = ux(rng), y[size_t(i)] = float(true_function(x[size_t(i)])) + noise(rng);
  };
  draw(kFitPool, r.pool_x, r.pool_y);
  draw(kFitValidation, r.val_x, r.val_y);
  r.theta = ridge(r.pool_x, r.pool_y, r.n_train, r.degree, lambda);
  r.train_mse = mse(r.theta, r.pool_x, r.pool_y, r.n_train);
  r.val_mse = mse(r.theta, r.val_x, r.val_y, kFitValidation);
  r.by_degree = {};
  for (int d = 1; d <= kMaxDegree; ++d) add_point(r.by_degree, ridge(r.pool_x, r.pool_y, r.n_train, d, lambda), r);
  r.by_size = {};
  r.sizes.clear();
  for (int n : {5, 8, 12, 20, 30, 50, 80, 120, 200}) {
    const int keep = r.n_train;
    r.n_train = n;
    add_point(r.by_size, ridge(r.pool_x, r.pool_y, n, r.degree, lambda), r);  // (training error on those n)
    r.n_train = keep;
    r.sizes.push_back(n);
  }
  // Early stopping's run starts from zero.
  std::fill(r.theta_gd.value.data.begin(), r.theta_gd.value.data.end(), 0.f);
  r.opt = std::make_unique<Optimizer>(adam(0.01f), std::vector<Parameter*>{&r.theta_gd});
  r.by_step = {};
  r.steps = 0;
  add_point(r.by_step, std::vector<double>(size_t(r.degree + 1), 0.0), r, true);
}

int overfit_train(OverfitRun& r, int steps) {
  int done = 0;
  const int D = r.degree + 1;
  for (; done < steps && r.steps < kMaxSteps; ++done) {
    // ∇ of the course's J(θ) = 1/2m Σ (h − y)² + λ/2m Σ_{j≥1} θ_j².
    std::vector<float>& g = r.theta_gd.grad;
    std::fill(g.begin(), g.end(), 0.f);
    const float* th = r.theta_gd.value.data.data();
    double p[kMaxDegree + 1];
    for (int i = 0; i < r.n_train; ++i) {
      legendre(r.pool_x[size_t(i)], r.degree, p);
      double h = 0;
      for (int d = 0; d < D; ++d) h += th[d] * p[d];
      const double e = (h - r.pool_y[size_t(i)]) / r.n_train;
      for (int d = 0; d < D; ++d) g[size_t(d)] += float(e * p[d]);
    }
    for (int d = 1; d < D; ++d) g[size_t(d)] += float(r.lambda / r.n_train * th[d]);
    r.theta_gd.regularize = false;  // the penalty is in the gradient above (not the optimizer's weight decay)
    r.opt->step();
    ++r.steps;
    if (r.steps % kStepEvery == 0) {
      std::vector<double> theta(r.theta_gd.value.data.begin(), r.theta_gd.value.data.begin() + D);
      add_point(r.by_step, theta, r, true);
    }
  }
  return done;
}

double descent_predict(const OverfitRun& r, double x) {
  const std::vector<double> c(r.theta_gd.value.data.begin(), r.theta_gd.value.data.begin() + r.degree + 1);
  return legendre_predict(c, x);
}

long overfit_best_step(const OverfitRun& r) {
  if (r.by_step.val.empty()) return -1;
  const auto it = std::min_element(r.by_step.val.begin(), r.by_step.val.end());
  return long(it - r.by_step.val.begin()) * kStepEvery;
}

}  // namespace mlpg::ui
