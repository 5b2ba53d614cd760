#pragma once
// A bump allocator for per-step tensors. reset() rewinds without freeing, so a
// training loop that repeats the same ops allocates nothing after its first step.
#include <cstddef>
#include <memory>
#include <vector>

namespace mlpg {

class Arena {
 public:
  float* alloc(size_t n);        // uninitialised
  float* alloc_zeroed(size_t n);
  void reset() { block_ = 0; used_ = 0; }
  size_t capacity() const;       // floats held in all blocks
  size_t blocks() const { return blocks_.size(); }

 private:
  struct Block { std::unique_ptr<float[]> data; size_t size; };
  std::vector<Block> blocks_;
  size_t block_ = 0, used_ = 0;
};

}  // namespace mlpg
