#pragma once
// The FAQ explorer (the course's section 6: five questions): each page says
// what the course answers, runs an experiment, and states what the learner's
// numbers show: Q1 (how to choose a model: four families on the same digits), Q2 (how to deal with overfitting: capacity,
// data, λ, early stopping), Q3 (how to evaluate a model: accuracy, recall,
// F1, on an imbalanced problem), Q4 (how to optimize: an optimizer race) and
// Q5 (how to handle missing data: strategies side by side).
// State and logic only; faq_draw.cpp draws it, faq_lesson.cpp makes it a lesson.
#include <memory>
#include <string>
#include <vector>

#include <random>

#include "core/graph.h"
#include "lesson.h"
#include "choose_model.h"
#include "missing_data.h"
#include "overfit_digits.h"
#include "overfitting.h"
#include "tuning.h"
#include "models/model.h"
#include "training/optim.h"

namespace mlpg::ui {

// The questions, in the course's order (the `q` parameter's names are their
// numbers, "1" ... "5").
enum FaqQuestion { kQ1Choose, kQ2Overfitting, kQ3Metrics, kQ4Optimize, kQ5Missing };

// Ranges, names and restart rules: the parameter table in faq_lesson.cpp.
struct FaqParams {
  int q = kQ3Metrics;       // a FaqQuestion
  double ratio = 0.05;      // Q3: the positive class's share
  double separation = 1.5;  // Q3: distance between the class means (in standard deviations)
  double threshold = 0.5;   // Q3: decide "positive" when P(positive) >= threshold
  int q4part = 0;           // Q4: race (optimizers on a surface), range (learning-rate range test), batch (batch size)
  int surface = 0;          // Q4: rosenbrock, valley, saddle
  double lr = 2e-3;         // Q4: one learning rate for every optimizer
  int schedule = 0;         // Q4 race: constant, step (halved every 500 steps), cosine (to 0 over 2,000 steps)
  double batch_lr = 0.1;    // Q4 batch size: one learning rate (plain SGD) for every batch size
  int q2data = 0;           // Q2: polynomial (a curve through noisy points), digits (an MLP on 300 images)
  double dropout = 0;       // Q2 digits: dropout after each hidden layer
  double l1 = 0;            // Q2 digits: L1, λ/m Σ |θ|
  bool augment = false;     // Q2 digits: each image shifted by up to 2 pixels when seen
  int degree = 12;          // Q2: polynomial degree (capacity)
  int n_train = 15;         // Q2: training points
  double lambda = 0;        // Q2: the course's λ (0: off)
  int mechanism = 0;        // Q5: mcar (completely at random), mar (at random, given x3), mnar (not at random)
  double rate = 0.3;        // Q5: the share of x1 to remove
  int seed = 1;
  bool own_table = false;   // Q5 runs on the learner's CSV (not a URL parameter: the file is not in the URL)
};

// ---- Q3: metrics ------------------------------------------------------------

struct BinaryCounts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double accuracy() const;
  double precision() const;  // 0 when nothing is called positive
  double recall() const;
  double f1() const;
};

struct MetricsRun {
  // The data (2-D points, label 1 = positive) and the logistic regression, trained an epoch a step.
  std::vector<float> xtr, xte;
  std::vector<int> ytr;
  std::unique_ptr<Model> model;
  std::mt19937 rng;
  int epochs = 0;
  std::vector<float> score;  // P(positive) on each test sample
  std::vector<int> label;    // 1: positive
  int positives = 0;
  // The ROC and precision–recall curves over every threshold (scores descending).
  std::vector<float> fpr, tpr, pr_recall, pr_precision;
  double auc = 0;            // area under the ROC curve (trapezoids)
  double train_loss = 0;
};

constexpr int kMetricsSamples = 2000;  // each of training and test
constexpr int kMetricsMaxEpochs = 100;
// New data and a fresh (seeded) model, scored before any training.
void metrics_reset(MetricsRun& m, double ratio, double separation, uint32_t seed);
int metrics_train(MetricsRun& m, int epochs);  // returns epochs run (none past kMetricsMaxEpochs)
BinaryCounts metrics_at(const MetricsRun& m, double threshold);

// ---- Q4: an optimizer race --------------------------------------------------

constexpr int kRacers = 6;  // SGD, momentum, Nesterov, RMSProp, Adam, AdamW
const char* racer_name(int i);

struct Racer {
  Parameter xy{"xy", Shape{2}, true};
  std::unique_ptr<Optimizer> opt;
  std::vector<float> xs, ys, loss;  // the path and the loss at each step (step 0 = the start)
  int diverged_at = -1;             // the step whose loss stopped being finite or blew up (-1: never)
};

enum RaceSchedule { kConstant, kStepDecay, kCosine };
constexpr int kStepEvery500 = 500, kCosineSteps = 2000;
double race_lr(const struct Race& r, long step);  // the rate at a step under the race's schedule

struct Race {
  int surface = -1;
  double lr = 0;
  int schedule = kConstant;
  long steps = 0;
  Racer racers[kRacers];
};

constexpr long kRaceMaxSteps = 5000;
// f(x, y) and its gradient for a surface: 0 Rosenbrock (1 − x)² + 100 (y − x²)²,
// 1 a narrow valley ½ (x² + 50 y²), 2 a saddle x² + y⁴/4 − y²/2.
double surface_value(int surface, double x, double y, double* gx, double* gy);
void surface_start(int surface, double* x, double* y);
void race_reset(Race& r, int surface, double lr, int schedule = kConstant);
void race_step(Race& r, int steps);
double surface_minimum(int surface);  // the lowest value the surface reaches

struct FaqLab {
  FaqParams p;
  MetricsRun metrics;
  Race race;
  MissingRun missing;
  MissingTable table;  // Q5: the learner's CSV, when they gave one
  MoonsData moons;     // Q4's range test and batch sizes
  RangeTest range;
  BatchRace batch;
  OverfitRun overfit;
  DigitsOverfit digits;
  ChooseRun choose;
};

void faq_reset(FaqLab& lab);
// Q5: a learner's CSV (numbers, empty cells missing, a label column); returns the notice.
std::string faq_load_table(FaqLab& lab, const std::string& name, const std::vector<uint8_t>& bytes);
void draw_faq_lab(FaqLab& lab, LessonUi& ui);  // faq_draw.cpp

}  // namespace mlpg::ui
