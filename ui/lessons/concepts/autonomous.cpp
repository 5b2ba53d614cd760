#include "autonomous.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <random>

namespace mlpg::ui {

namespace {

int true_label(float x1, float x2) { return kAutoA * x1 + kAutoB * x2 > kAutoC ? 1 : 0; }

void make_points(std::mt19937& rng, int n, std::vector<float>& x, std::vector<int>& y) {
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::uniform_real_distribution<float> flip(0.f, 1.f);
  x.resize(size_t(2 * n));
  y.resize(size_t(n));
  for (int i = 0; i < n; ++i) {
    x[size_t(2 * i)] = u(rng);
    x[size_t(2 * i + 1)] = u(rng);
    y[size_t(i)] = true_label(x[size_t(2 * i)], x[size_t(2 * i + 1)]);
    if (flip(rng) < 0.03f) y[size_t(i)] = 1 - y[size_t(i)];
  }
}

double margin(const std::array<double, 3>& w, const float* x) { return w[0] + w[1] * x[0] + w[2] * x[1]; }

float accuracy(const Autonomous& a, const std::array<double, 3>& w) {
  int right = 0;
  for (int i = 0; i < kAutoTest; ++i) right += (margin(w, &a.test[size_t(2 * i)]) > 0 ? 1 : 0) == a.test_y[size_t(i)];
  return float(right) / float(kAutoTest);
}

void refit(const Autonomous& a, AutoRun& r) {
  r.w = fit_logistic(a.pool, a.pool_y, r.labelled);
  r.accuracy.push_back(accuracy(a, r.w));
}

}  // namespace

std::array<double, 3> fit_logistic(const std::vector<float>& x, const std::vector<int>& y, const std::vector<int>& idx) {
  constexpr double kRidge = 1e-2;
  Eigen::Vector3d w = Eigen::Vector3d::Zero();
  for (int it = 0; it < 25; ++it) {  // Newton's method: the ridge keeps it finite on separable points
    Eigen::Vector3d g = kRidge * w;
    Eigen::Matrix3d h = kRidge * Eigen::Matrix3d::Identity();
    g[0] = 0, h(0, 0) = 1e-9;
    for (int i : idx) {
      const Eigen::Vector3d xi(1.0, x[size_t(2 * i)], x[size_t(2 * i + 1)]);
      const double p = 1.0 / (1.0 + std::exp(-w.dot(xi)));
      g += (p - y[size_t(i)]) * xi;
      h += std::max(p * (1 - p), 1e-9) * xi * xi.transpose();
    }
    const Eigen::Vector3d step = h.ldlt().solve(g);
    if (!step.allFinite()) break;
    w -= step;
    if (step.norm() < 1e-9) break;
  }
  return {w[0], w[1], w[2]};
}

void autonomous_reset(Autonomous& a, unsigned seed) {
  std::mt19937 rng(seed * 2654435761u + 17u);
  make_points(rng, kAutoPool, a.pool, a.pool_y);
  make_points(rng, kAutoTest, a.test, a.test_y);
  a.random_order.resize(kAutoPool);
  for (int i = 0; i < kAutoPool; ++i) a.random_order[size_t(i)] = i;
  std::shuffle(a.random_order.begin(), a.random_order.end(), rng);
  // Both start from the same two labels: the first point of each class in the random order.
  std::vector<int> start;
  for (int c = 0; c < 2; ++c)
    for (int i : a.random_order)
      if (a.pool_y[size_t(i)] == c) { start.push_back(i); break; }
  for (AutoRun* r : {&a.chosen, &a.random}) {
    *r = AutoRun{};
    r->labelled = start;
    refit(a, *r);
  }
}

int autonomous_step(Autonomous& a, int steps) {
  int done = 0;
  for (; done < steps && int(a.chosen.labelled.size()) < kAutoMaxLabels; ++done) {
    std::vector<char> asked(kAutoPool, 0);
    for (int i : a.chosen.labelled) asked[size_t(i)] = 1;
    int best = -1;
    double best_m = 1e300;
    for (int i = 0; i < kAutoPool; ++i) {  // the point it is least sure about
      const double m = std::fabs(margin(a.chosen.w, &a.pool[size_t(2 * i)]));
      if (!asked[size_t(i)] && m < best_m) best_m = m, best = i;
    }
    a.chosen.labelled.push_back(best);
    refit(a, a.chosen);
    std::fill(asked.begin(), asked.end(), 0);
    for (int i : a.random.labelled) asked[size_t(i)] = 1;
    for (int i : a.random_order)  // the next point in the random order not yet labelled
      if (!asked[size_t(i)]) { a.random.labelled.push_back(i); break; }
    refit(a, a.random);
  }
  return done;
}

int labels_to_reach(const AutoRun& r, float acc) {
  for (size_t k = 0; k < r.accuracy.size(); ++k)
    if (r.accuracy[k] >= acc) return int(k) + 2;
  return -1;
}

double asked_distance(const Autonomous& a, const AutoRun& r) {
  const double norm = std::hypot(kAutoA, kAutoB);
  double s = 0;
  int n = 0;
  for (size_t k = 2; k < r.labelled.size(); ++k, ++n) {
    const float* x = &a.pool[size_t(2 * r.labelled[k])];
    s += std::fabs(kAutoA * x[0] + kAutoB * x[1] - kAutoC) / norm;
  }
  return n ? s / n : 0;
}

}  // namespace mlpg::ui
