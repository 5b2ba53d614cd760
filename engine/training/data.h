#pragma once
// Dataset helpers: seeded splits, shuffled batches, and early stopping.
// Full-batch gradient descent = one batch of all m examples; mini-batch = b;
// stochastic = 1.
#include <cstdint>
#include <limits>
#include <vector>

namespace mlpg {

struct Split { std::vector<int> train, val; };
// Shuffles 0..n-1 with the seed and puts round(n * val_fraction) in val.
Split train_val_split(int n, float val_fraction, uint32_t seed);

// Index batches for one epoch: a seeded shuffle (seed + epoch), then chunks of
// batch_size (the last may be smaller). batch_size <= 0 or >= n: one full batch.
std::vector<std::vector<int>> epoch_batches(const std::vector<int>& indices, int batch_size, uint32_t seed, int epoch);

// Copies rows `idx` of a [n, row] buffer into out (resized to idx.size() * row).
void gather_rows(const float* src, int row, const std::vector<int>& idx, std::vector<float>& out);

// Stops when validation loss has not improved by min_delta for `patience` checks.
struct EarlyStopping {
  int patience = 5;
  float min_delta = 0.f;
  float best = std::numeric_limits<float>::infinity();
  int best_epoch = -1, bad_epochs = 0;
  // Records a validation loss; returns true when training should stop.
  bool update(float val_loss, int epoch);
};

}  // namespace mlpg
