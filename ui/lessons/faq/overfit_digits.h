#pragma once
// Q2's second experiment: overfitting a neural network on images. An MLP
// (784 → 128 → 128 → 10) learns 300 MNIST digits and is scored on 1,000
// others; the course's remedies are switches on the same data and the same
// start: dropout, L2 (the course's λ), L1, data augmentation (each image
// shifted by up to 2 pixels, a fresh shift every time it is seen), and early
// stopping (the epoch with the lowest validation loss is marked). Every
// finished run stays in a table, so the gap between training and validation
// accuracy can be compared as each remedy is switched on.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/graph.h"
#include "io/dataset.h"
#include "layers/nn.h"
#include "training/optim.h"

namespace mlpg::ui {

constexpr int kDigitsTrain = 300, kDigitsVal = 1000, kDigitsEpochs = 100, kDigitsBatch = 30;

struct DigitsRemedies {
  double dropout = 0, l2 = 0, l1 = 0;
  bool augment = false;
  bool operator==(const DigitsRemedies& o) const {
    return dropout == o.dropout && l2 == o.l2 && l1 == o.l1 && augment == o.augment;
  }
};

struct DigitsRecord {  // a run as the table shows it
  DigitsRemedies remedies;
  int epochs = 0, best_epoch = 0;
  float train_acc = 0, val_acc = 0, best_val_loss = 0;
};

struct DigitsOverfit {
  bool loading = true;
  std::string error;
  Dataset train, val;
  std::vector<float> val_x;  // the validation images as floats, once
  std::vector<int> val_y;
  DigitsRemedies remedies;
  uint32_t seed = 1;
  Sequential net;
  std::unique_ptr<Optimizer> opt;
  Graph graph;
  std::mt19937 rng;
  int epochs = 0, batch_in_epoch = 0;
  std::vector<std::vector<int>> plan;  // this epoch's batches
  std::vector<float> train_loss, val_loss, train_acc, val_acc;  // per epoch (index 0: before training)
  std::vector<DigitsRecord> records;  // earlier runs (the current one is appended when it is replaced)
};

// Asks for the digits; builds the first run when they arrive.
void digits_poll(DigitsOverfit& d, const DigitsRemedies& r, uint32_t seed);
// A fresh run with these remedies (the finished one goes into the table).
void digits_reset(DigitsOverfit& d, const DigitsRemedies& r, uint32_t seed);
int digits_train(DigitsOverfit& d, int steps);  // mini-batch steps; returns steps run
DigitsRecord digits_record(const DigitsOverfit& d);  // the current run as a table row
// Shifts a 28x28 image by (dx, dy) pixels, filling with 0 (augmentation).
void shift_image(const float* in, float* out, int dx, int dy);

}  // namespace mlpg::ui
