#include "kernels/pack_cache.h"

namespace mlpg::kernels {

const float* PackCache::get(const Key& key, size_t floats, PackFn* pack, void* ctx) {
  // Packing happens under the lock: a second worker that needs the same
  // block waits for it instead of packing it again; other blocks are packed
  // once per owner's lifetime of B, so the wait is rare and short.
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < used_; ++i)
    if (entries_[i]->key == key && entries_[i]->data.size() == floats) return entries_[i]->data.data();
  if (used_ == entries_.size()) entries_.push_back(std::make_unique<Entry>());
  Entry& e = *entries_[used_++];
  e.key = key;
  e.data.resize(floats);
  pack(ctx, e.data.data());
  ++packs_;
  return e.data.data();
}

void PackCache::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  used_ = 0;
}

}  // namespace mlpg::kernels
