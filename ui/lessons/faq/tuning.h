#pragma once
// Q4's experiments on a real (small) network rather than a 2-D surface: the
// learning-rate range test (the rate grows every step until the loss blows
// up; a good rate is where the loss falls fastest) and batch size (the same
// network from the same start trained with batches of 1, 8, 32 and all the
// data, at one learning rate, an epoch each per training step). The data:
// two interleaved half-moons, 800 points to train on, 400 to validate.
#include <array>
#include <memory>
#include <vector>

#include "core/graph.h"
#include "layers/nn.h"
#include "training/optim.h"

namespace mlpg::ui {

constexpr int kTuneTrain = 800, kTuneVal = 400;

struct MoonsData {
  std::vector<float> xtr, xva;  // [n, 2]
  std::vector<int> ytr, yva;
};
MoonsData make_moons(uint32_t seed);
// The network both experiments train: 2 → 16 → 16 → 2, ReLU, seeded.
Sequential tuning_network(uint32_t seed);

// ---- the learning-rate range test (Smith, 2017; fastai's lr_find) ----------
constexpr int kRangeSteps = 300;
constexpr double kRangeLo = 1e-4, kRangeHi = 10;
struct RangeTest {
  std::vector<float> lr, loss, smooth;  // per step: the rate used, the batch loss, its smoothed (debiased EMA) value
  int blew_up_at = -1;                  // the step whose smoothed loss passed 4x its minimum (-1: never)
  int steepest = -1;                    // the step where the smoothed loss falls fastest (per log10 of lr)
  int lowest = -1;                      // the step with the lowest smoothed loss
  double suggested = 0;                 // a tenth of the rate at `lowest` (Smith's rule of thumb)
  // The check: a fresh network trained 5 epochs at the suggested rate, and at ten times the rate where it blew up.
  double blowup_lr = 0;                 // ten times the rate where the test blew up
  double val_at_suggested = 0, val_at_blowup = 0;
  bool blowup_diverged = false;
};
// SGD with momentum 0.9, batches of 32, the rate from kRangeLo to kRangeHi geometrically over kRangeSteps.
void range_test(RangeTest& r, const MoonsData& d, uint32_t seed);

// ---- batch size --------------------------------------------------------------
constexpr int kBatchSizes = 4;  // 1, 8, 32, all 800
constexpr int kBatchEpochs = 30;
int batch_size_of(int i);
struct BatchRun {
  Sequential net;
  std::unique_ptr<Optimizer> opt;
  std::vector<float> train_loss, val_loss;  // per epoch (epoch 0: before training)
  long steps = 0;                           // updates so far
  double seconds = 0;
  bool diverged = false;
};
struct BatchRace {
  std::array<BatchRun, kBatchSizes> runs;
  Graph graph;
  int epochs = 0;
  double lr = 0;
};
void batch_reset(BatchRace& b, const MoonsData& d, double lr, uint32_t seed);
int batch_train(BatchRace& b, const MoonsData& d, int epochs, uint32_t seed);  // an epoch for every batch size; returns epochs run

}  // namespace mlpg::ui
