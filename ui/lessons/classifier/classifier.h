#pragma once
// The classifier playground: 2-D datasets, feature toggles, a small network
// editor and the usual training knobs, plus a decision-boundary map,
// per-neuron maps, loss curves and test-set metrics. Logic only;
// classifier_draw.cpp draws it, classifier_lesson.cpp makes it a lesson.
#include <string>
#include <vector>

#include "training/metrics.h"
#include "layers/nn.h"
#include "lesson.h"
#include "training/optim.h"

namespace mlpg::ui {

enum class ClfDataset { Circle, Xor, Gauss, Spiral, Custom };
constexpr int kFeatureCount = 7;  // x1, x2, x1², x2², x1·x2, sin x1, sin x2

// Ranges, names and restart rules: the parameter table in classifier_lesson.cpp.
struct ClassifierParams {
  int dataset = 3;  // ClfDataset (spiral)
  int classes = 2;  // circle and XOR are always 2-class
  double noise = 0.1;
  int train_pct = 60;
  int seed = 1;
  bool features[kFeatureCount] = {true, true, false, false, false, true, true};
  std::vector<int> layers = {8, 8};  // hidden layer widths
  int act = 1;                       // relu, tanh, sigmoid, linear
  int loss = 0;                      // ce, mse
  int reg = 0;                       // none, l1, l2
  double lambda = 0.001;
  double lr = 0.03;
  int batch = 10;
  int opt = 2;                       // sgd, momentum, adam
  int stop_epoch = 0;                // 0 = never
};

struct ClfPoint { float x, y; int label; bool train; };

struct ClassifierLab {
  ClassifierParams p;
  std::vector<ClfPoint> points;
  std::vector<ClfPoint> custom;  // drawn by the learner, or read from their CSV
  std::string custom_source;     // the CSV the custom points came from ("" when drawn)
  Sequential net;
  std::unique_ptr<Optimizer> opt;
  Graph graph;
  std::vector<int> train_idx, test_idx;
  std::vector<std::vector<int>> epoch_plan;  // batches of the current epoch
  size_t next_batch = 0;
  int epoch = 0;
  long steps = 0;
  std::vector<float> train_loss, test_loss;  // per epoch
  ConfusionMatrix confusion{2};
  float accuracy = 0, precision = 0, recall = 0, f1 = 0;
  // Decision map: kGrid² cells of class probabilities (row-major, y up).
  static constexpr int kGrid = 48, kNeuronGrid = 20;
  std::vector<float> grid_probs;                 // kGrid² · classes
  std::vector<std::vector<float>> neuron_maps;   // first hidden layer, kNeuronGrid² each
  int draw_class = 0;
};

void classifier_reset(ClassifierLab& lab);     // data and a fresh network from the parameters
// Mini-batch steps; stops at stop_epoch, or early (diverged) when the loss
// stops being finite, with the network kept from the last good step.
TrainResult classifier_train(ClassifierLab& lab, int steps);
bool classifier_stopped(const ClassifierLab& lab);
void classifier_refresh_maps(ClassifierLab& lab);
void classifier_add_point(ClassifierLab& lab, float x, float y, int label);
// A learner's CSV (x1, x2, label): becomes the custom dataset, scaled onto
// [-1, 1]; returns the notice (what was read, or why nothing was changed).
std::string classifier_load_csv(ClassifierLab& lab, const std::string& name, const std::vector<uint8_t>& bytes);
int classifier_feature_count(const ClassifierParams& p);
extern const char* const kFeatureNames[kFeatureCount];  // URL names: x1, x2, x1sq, ...

void draw_classifier(ClassifierLab& lab, LessonUi& ui);  // classifier_draw.cpp

}  // namespace mlpg::ui
