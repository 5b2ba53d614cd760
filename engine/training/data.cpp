#include "training/data.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <stdexcept>

namespace mlpg {

Split train_val_split(int n, float val_fraction, uint32_t seed) {
  if (n < 0 || !(val_fraction >= 0.f && val_fraction <= 1.f))
    throw std::invalid_argument("train_val_split: n >= 0 and val_fraction in [0, 1]");
  std::vector<int> idx(static_cast<size_t>(n));
  std::iota(idx.begin(), idx.end(), 0);
  std::mt19937 rng(seed);
  std::shuffle(idx.begin(), idx.end(), rng);
  const int n_val = int(std::lround(double(n) * val_fraction));
  Split s;
  s.val.assign(idx.begin(), idx.begin() + n_val);
  s.train.assign(idx.begin() + n_val, idx.end());
  return s;
}

std::vector<std::vector<int>> epoch_batches(const std::vector<int>& indices, int batch_size, uint32_t seed, int epoch) {
  std::vector<int> order = indices;
  std::mt19937 rng(seed + uint32_t(epoch) * 7919u);
  std::shuffle(order.begin(), order.end(), rng);
  const int n = int(order.size());
  if (batch_size <= 0 || batch_size >= n) return {order};
  std::vector<std::vector<int>> out;
  for (int i = 0; i < n; i += batch_size)
    out.emplace_back(order.begin() + i, order.begin() + std::min(n, i + batch_size));
  return out;
}

void gather_rows(const float* src, int row, const std::vector<int>& idx, std::vector<float>& out) {
  out.resize(idx.size() * size_t(row));
  for (size_t i = 0; i < idx.size(); ++i)
    std::memcpy(out.data() + i * size_t(row), src + size_t(idx[i]) * size_t(row), size_t(row) * sizeof(float));
}

bool EarlyStopping::update(float val_loss, int epoch) {
  if (val_loss < best - min_delta) {
    best = val_loss;
    best_epoch = epoch;
    bad_epochs = 0;
    return false;
  }
  return ++bad_epochs >= patience;
}

}  // namespace mlpg
