#pragma once
// Q2, how to deal with overfitting: a polynomial fit to a few noisy points
// (the course's regularized J(θ) again), with the remedies the course names
// as controls on the same data: more training data (learning curve), less
// capacity (degree curve), regularization (λ), and early stopping (a
// gradient-descent run with the stopping step marked). Closed forms are
// Eigen's ridge solution (XᵀX + λI)⁻¹Xᵀy, the bias left out of the penalty.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/graph.h"
#include "training/optim.h"

namespace mlpg::ui {

constexpr int kFitPool = 200, kFitValidation = 200, kMaxDegree = 15;

struct FitCurve {
  std::vector<float> train, val;  // mean squared error per point of the curve
};

struct OverfitRun {
  int degree = 9, n_train = 15;
  double lambda = 0;
  std::vector<float> pool_x, pool_y, val_x, val_y;  // the training pool (first n_train used) and validation set
  std::vector<double> theta;                         // closed-form fit at the current settings
  double train_mse = 0, val_mse = 0;
  FitCurve by_degree;                                // degree 1..kMaxDegree at the current n and λ
  FitCurve by_size;                                  // n = kSizes at the current degree and λ
  std::vector<int> sizes;
  // Early stopping: Adam from θ = 0, a step at a time, on Legendre features
  // (the same polynomials, well conditioned: see overfitting.cpp).
  Parameter theta_gd{"theta", Shape{kMaxDegree + 1}, true};
  std::unique_ptr<Optimizer> opt;
  FitCurve by_step;                                  // every kStepEvery steps
  long steps = 0;
};

constexpr int kStepEvery = 10;
constexpr long kMaxSteps = 20000;
double true_function(double x);  // what the noisy points come from
void overfit_reset(OverfitRun& r, int degree, int n_train, double lambda, uint32_t seed);
int overfit_train(OverfitRun& r, int steps);  // gradient-descent steps; returns steps done
double overfit_predict(const std::vector<double>& theta, double x);  // 1, x, ..., x^d
double descent_predict(const OverfitRun& r, double x);  // the gradient-descent run's fit (Legendre features)
// The step with the lowest validation error so far (early stopping's choice), or -1.
long overfit_best_step(const OverfitRun& r);

}  // namespace mlpg::ui
