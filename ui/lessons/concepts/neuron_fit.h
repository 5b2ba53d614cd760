#pragma once
// What each activation does to a one-neuron fit (the activations page):
// y = v·f(w·x + b) + c, fitted to 41 points of a smooth step (a rise from 0
// to 1 around x = 0.5 on [-3, 3]) by the engine's Adam, 3,000 steps from the
// same start, once per activation. A saturating unit (sigmoid, tanh) can make
// a step; a ReLU unit bends once, a hinge, and cuts the plateau's corner.
#include <array>
#include <vector>

#include "backprop.h"

namespace mlpg::ui {

constexpr int kFitPoints = 41, kFitSteps = 3000;

struct NeuronFit {
  std::vector<float> x, y;                   // the data
  std::array<std::array<double, 4>, 4> theta{};  // per activation: w, b, v, c
  std::array<double, 4> mse{};               // after kFitSteps
  std::array<double, 4> start_mse{};
};

NeuronFit fit_one_neuron();  // deterministic (no randomness: a fixed start)
double neuron_predict(const std::array<double, 4>& theta, BpAct a, double x);

}  // namespace mlpg::ui
