#pragma once
// Packed copies of GEMM B operands, kept across calls while B stays the same.
// An LSTM multiplies by the same W_hh at every time step; without this, each
// step repacks all of it (1 MB at hidden 256) for 2·32·256·1024 flops. The
// owner promises B does not change while the entries live and calls clear()
// when it may (the next forward pass, after an optimizer step). The memory is
// kept across clear(), so a training loop does not allocate once warmed up.
// Thread-safe: the pool's workers look up and pack their parts of C's columns.
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace mlpg::kernels {

class PackCache {
 public:
  // One packed block: B's address and layout, the K-block and the panel width
  // (the kernel set's NR: each set packs its own way).
  struct Key {
    const float* b = nullptr;
    int ldb = 0, n = 0, k0 = 0, kc = 0, nr = 0;
    bool trans_b = false;
    bool operator==(const Key& o) const {
      return b == o.b && ldb == o.ldb && n == o.n && k0 == o.k0 && kc == o.kc && nr == o.nr && trans_b == o.trans_b;
    }
  };
  using PackFn = void(void* ctx, float* out);
  // The block for `key`: packed by pack(ctx, out) into `floats` floats the
  // first time it is asked for, then the same memory until clear().
  const float* get(const Key& key, size_t floats, PackFn* pack, void* ctx);
  // Forgets every entry (B may change from now on); keeps their memory.
  void clear();
  size_t packs() const { return packs_; }  // blocks packed since construction (tests)

 private:
  struct Entry {
    Key key;
    std::vector<float> data;
  };
  std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;  // [0, used_) are live
  size_t used_ = 0, packs_ = 0;
};

}  // namespace mlpg::kernels
