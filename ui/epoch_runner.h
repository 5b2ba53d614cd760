#pragma once
// Training a Model on a Dataset the way the lessons do: epochs in a seeded,
// shuffled order, batches of `batch`, each batch split into parts of at most
// `micro` samples whose gradients accumulate (the update comes with the last
// part). Plain state: it can be saved with the model (train_job.h), sent to
// a worker, and resumed there with the same numbers as if it never moved.
#include <cstdint>
#include <vector>

#include "io/dataset.h"
#include "models/model.h"

namespace mlpg::ui {

struct EpochRunner {
  uint32_t seed = 1;  // the epochs' order: mt19937(seed * 7919 + epoch)
  int batch = 32;
  int epoch = 0;      // epochs finished
  long steps = 0;     // updates made
  std::vector<int> order;  // this epoch's shuffled indices
  size_t cursor = 0;       // the next batch starts here
  // The current batch: its indices and how many have had forward and backward.
  std::vector<int> batch_idx;
  size_t batch_done = 0;
  double batch_loss = 0, batch_right = 0;  // sums over the parts so far
  double epoch_loss_sum = 0;               // over the epoch's finished steps
  long epoch_loss_n = 0;
};

struct PartResult {
  int samples = 0;          // through forward and backward (0: nothing to train)
  bool diverged = false;    // the step is dropped; parameters kept from the last good step
  bool step_done = false;   // this part ended a step: step_loss and step_accuracy are its means
  float step_loss = 0, step_accuracy = 0;
  bool epoch_done = false;  // and that step ended an epoch: epoch_loss is its mean
  float epoch_loss = 0;
};

// Trains up to `micro` samples of the current batch (starting the next batch,
// and a new epoch's order, when needed). x and y are scratch buffers.
PartResult run_part(EpochRunner& r, Model& m, const Dataset& d, int micro, std::vector<float>& x, std::vector<int>& y);

// Samples left in the current epoch (for an ETA).
size_t samples_left(const EpochRunner& r);

}  // namespace mlpg::ui
