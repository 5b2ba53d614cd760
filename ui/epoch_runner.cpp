#include "epoch_runner.h"

#include <algorithm>
#include <random>

namespace mlpg::ui {

PartResult run_part(EpochRunner& r, Model& m, const Dataset& d, int micro, std::vector<float>& x, std::vector<int>& y) {
  PartResult out;
  if (d.count <= 0 || micro < 1 || r.batch < 1) return out;
  if (r.batch_idx.empty()) {  // the next batch
    if (r.cursor >= r.order.size()) {  // a new epoch: reshuffle (seeded)
      r.order.resize(size_t(d.count));
      for (int i = 0; i < d.count; ++i) r.order[size_t(i)] = i;
      std::mt19937 rng(r.seed * 7919u + uint32_t(r.epoch));
      std::shuffle(r.order.begin(), r.order.end(), rng);
      r.cursor = 0;
    }
    const size_t n = std::min(size_t(r.batch), r.order.size() - r.cursor);
    r.batch_idx.assign(r.order.begin() + long(r.cursor), r.order.begin() + long(r.cursor + n));
    r.batch_done = 0;
    r.batch_loss = r.batch_right = 0;
  }
  const size_t k = std::min(size_t(micro), r.batch_idx.size() - r.batch_done);
  const std::vector<int> idx(r.batch_idx.begin() + long(r.batch_done), r.batch_idx.begin() + long(r.batch_done + k));
  d.gather(idx, x, y);
  const bool first = r.batch_done == 0, last = r.batch_done + k == r.batch_idx.size();
  float acc = 0;
  try {
    const float loss = m.train_batch_part(x, y, int(k), int(r.batch_idx.size()), first, last, &acc);
    r.batch_loss += double(loss) * double(k);
    r.batch_right += double(acc) * double(k);
  } catch (const TrainingError&) {
    r.batch_idx.clear();
    out.diverged = true;
    return out;
  }
  r.batch_done += k;
  out.samples = int(k);
  if (!last) return out;
  const double n = double(r.batch_idx.size());
  r.cursor += r.batch_idx.size();
  r.batch_idx.clear();
  ++r.steps;
  r.epoch_loss_sum += r.batch_loss;
  r.epoch_loss_n += long(n);
  out.step_done = true;
  out.step_loss = float(r.batch_loss / n);
  out.step_accuracy = float(r.batch_right / n);
  if (r.cursor >= r.order.size()) {
    ++r.epoch;
    out.epoch_done = true;
    out.epoch_loss = float(r.epoch_loss_sum / double(std::max(1L, r.epoch_loss_n)));
    r.epoch_loss_sum = 0;
    r.epoch_loss_n = 0;
  }
  return out;
}

size_t samples_left(const EpochRunner& r) { return r.order.size() - std::min(r.order.size(), r.cursor); }

}  // namespace mlpg::ui
