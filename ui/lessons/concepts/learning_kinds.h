#pragma once
// Machine learning vs deep learning vs neural networks (the course's §2), as
// one experiment on a two-class spiral (400 points to train on, 400 to test):
// (1) logistic regression on the raw inputs (x1, x2): a straight line;
// (2) the same logistic regression on features a person chose (x1², x2²,
//     x1·x2, sin, cos, the radius): classic machine learning, the human
//     does the representation;
// (3) a neural network with hidden layers on the raw inputs: deep learning,
//     the network learns its own features.
// All three trained with Adam from seeded starts, an epoch per step.
#include <array>
#include <memory>
#include <vector>

#include "core/graph.h"
#include "layers/nn.h"
#include "training/optim.h"

namespace mlpg::ui {

constexpr int kKinds = 3, kKindsPoints = 400, kKindsEpochs = 300, kKindsGrid = 40;
const char* kind_name(int k);  // "raw", "features", "network"

struct KindRun {
  Sequential net;
  std::unique_ptr<Optimizer> opt;
  float train_acc = 0, test_acc = 0;
  std::vector<float> test_history;  // per epoch
  std::vector<float> grid;          // P(class 1) on a kKindsGrid² grid over [-1, 1]², row 0 at the top
};

struct LearningKinds {
  std::vector<float> xtr, xte;  // [n, 2]
  std::vector<int> ytr, yte;
  std::array<KindRun, kKinds> runs;
  Graph graph;
  int epochs = 0;
  unsigned seed = 1;
};

void kinds_reset(LearningKinds& k, unsigned seed, int hidden);
int kinds_train(LearningKinds& k, int epochs);  // an epoch of each model per step; returns epochs run
int kinds_inputs(int kind);                     // the input width each model sees
void kinds_featurize(int kind, float x1, float x2, float* out);

}  // namespace mlpg::ui
