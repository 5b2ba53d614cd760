#pragma once
// Autonomous learning (the course's §2: a method that "lets the program
// choose what to learn"), as active learning: a logistic regression that
// chooses which point to ask the label of next (the one it is least sure
// about: P(class 1) nearest 0.5) against the same model handed points in a
// random order, on one pool of 400 unlabelled points, scored on 400 test
// points, from the same two starting labels. The true boundary sits off
// centre (most points are of one class), and 3% of labels are flipped.
// A step asks each learner for one more label.
#include <array>
#include <vector>

namespace mlpg::ui {

constexpr int kAutoPool = 400, kAutoTest = 400, kAutoMaxLabels = 60;

struct AutoRun {
  std::vector<int> labelled;    // pool indices, in the order asked (the first two are the start)
  std::array<double, 3> w{};    // the fit: P(1) = σ(w0 + w1·x1 + w2·x2)
  std::vector<float> accuracy;  // test accuracy with 2, 3, ... labels
};

struct Autonomous {
  std::vector<float> pool, test;  // [n, 2] in [-1, 1]²
  std::vector<int> pool_y, test_y;
  std::vector<int> random_order;  // the order the random learner is handed points in
  AutoRun chosen, random;
};

// The true boundary: class 1 where kAutoA·x1 + kAutoB·x2 > kAutoC.
constexpr double kAutoA = 0.8, kAutoB = 0.3, kAutoC = 0.45;

void autonomous_reset(Autonomous& a, unsigned seed);
int autonomous_step(Autonomous& a, int steps);  // labels asked of each (0 once both have kAutoMaxLabels)
// The fewest labels with which a run's test accuracy reached `acc` (-1: not yet).
int labels_to_reach(const AutoRun& r, float acc);
// The mean distance from the true boundary of the points a run asked about
// (after the two it started with).
double asked_distance(const Autonomous& a, const AutoRun& r);
// Logistic regression with a small ridge (1e-2, the bias unpenalized) by
// Newton's method on the labelled points; used by both learners.
std::array<double, 3> fit_logistic(const std::vector<float>& x, const std::vector<int>& y, const std::vector<int>& idx);

}  // namespace mlpg::ui
