#include "core/arena.h"

#include <cstring>

namespace mlpg {

float* Arena::alloc(size_t n) {
  n = (n + 3) & ~size_t(3);  // keep every allocation 16-byte aligned
  while (block_ < blocks_.size()) {
    Block& b = blocks_[block_];
    if (used_ + n <= b.size) {
      float* p = b.data.get() + used_;
      used_ += n;
      return p;
    }
    ++block_;  // does not fit: move on (later steps fit the same way)
    used_ = 0;
  }
  const size_t size = n > (size_t(1) << 20) ? n : (size_t(1) << 20);
  blocks_.push_back({std::unique_ptr<float[]>(new float[size]), size});
  block_ = blocks_.size() - 1;
  used_ = n;
  return blocks_.back().data.get();
}

float* Arena::alloc_zeroed(size_t n) {
  float* p = alloc(n);
  if (n > 0) std::memset(p, 0, n * sizeof(float));  // (an empty allocation may be null)
  return p;
}

size_t Arena::capacity() const {
  size_t c = 0;
  for (const auto& b : blocks_) c += b.size;
  return c;
}

}  // namespace mlpg
