// The packing steps the wide GEMM kernels share (avx2.cpp, avx512.cpp): B's
// K-block as NR-wide panels, A's tile as columns of `rows` floats, both
// zero-padded past the matrix; and, for every GEMM kernel, a K-block of B
// packed once into the caller's PackCache. In an unnamed namespace on purpose: each
// kernel file compiles its own copy with its own ISA flags, so the linker
// can never hand the AVX2 path a copy built for AVX-512.
#pragma once

#include <algorithm>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/pack_cache.h"
#include "kernels/vec128_util.h"

namespace mlpg::kernels {
namespace {

// N floats, N known at compile time, moved as 4-float vectors. std::copy of
// a run this short became a call to memmove per run (rows of 12 floats of a
// transposed A, panels of 32): 7 % of native CNN training, in the weight
// gradient's GEMM.
template <int N>
inline void copy_floats(const float* src, float* dst) {
  int i = 0;
#pragma GCC unroll 8
  for (; i + 4 <= N; i += 4) store4(dst + i, load4(src + i));
  for (; i < N; ++i) dst[i] = src[i];
}

// `n` floats through copy_floats for the tile heights the wide kernels use.
inline void copy_tile_run(int n, const float* src, float* dst) {
  switch (n) {
    case 12: copy_floats<12>(src, dst); return;
    case 8: copy_floats<8>(src, dst); return;
    case 6: copy_floats<6>(src, dst); return;
    case 4: copy_floats<4>(src, dst); return;
    case 2: copy_floats<2>(src, dst); return;
    case 1: dst[0] = src[0]; return;
    default: std::copy(src, src + n, dst);
  }
}

template <int NR>
void pack_b_panel(const GemmArgs& g, int k0, int kc, int j0, float* bp) {
  const int nr = std::min(NR, g.n - j0);
  if (nr == NR && g.trans_b) {  // NR rows of B, each contiguous over k: 4x4 transposes
    for (int j = 0; j < NR; j += 4) transpose_rows4(g.b + size_t(j0 + j) * g.ldb + k0, size_t(g.ldb), kc, bp + j, NR);
    return;
  }
  for (int p = 0; p < kc; ++p) {
    float* row = bp + p * NR;
    const int k = k0 + p;
    if (!g.trans_b && nr == NR) {
      copy_floats<NR>(g.b + size_t(k) * g.ldb + j0, row);
      continue;
    }
    for (int j = 0; j < nr; ++j) row[j] = g.trans_b ? g.b[size_t(j0 + j) * g.ldb + k] : g.b[size_t(k) * g.ldb + j0 + j];
    for (int j = nr; j < NR; ++j) row[j] = 0.f;
  }
}

// A tile of `rows` rows as kc columns of `rows` floats, zero-padded past m.
// Transposed, each column is `rows` contiguous floats of A.
inline void pack_a_tile(const GemmArgs& g, int k0, int kc, int i0, int rows, float* ap) {
  const int mr = std::min(rows, g.m - i0);
  for (int p = 0; p < kc; ++p) {
    float* col = ap + p * rows;
    const int k = k0 + p;
    if (g.trans_a && mr == rows) {
      copy_tile_run(rows, g.a + size_t(k) * g.lda + i0, col);
      continue;
    }
    for (int i = 0; i < mr; ++i) col[i] = g.trans_a ? g.a[size_t(k) * g.lda + i0 + i] : g.a[size_t(i0 + i) * g.lda + k];
    for (int i = mr; i < rows; ++i) col[i] = 0.f;
  }
}

// B's K-block [k0, k0 + kc) as every NR-wide panel, one after another:
// packed once into the caller's cache when it keeps one (B unchanged across
// calls, e.g. W_hh over an LSTM's steps), else packed into `scratch`.
// pack_panel(g, k0, kc, j0, out) packs one panel.
template <int NR, class PackPanel>
const float* packed_b_block(const GemmArgs& g, int k0, int kc, int panels, std::vector<float>& scratch,
                            PackPanel pack_panel) {
  const size_t floats = size_t(panels) * NR * size_t(std::max(kc, 1));
  struct Ctx { const GemmArgs* g; int k0, kc, panels; PackPanel* pack; } ctx{&g, k0, kc, panels, &pack_panel};
  auto pack_all = [](void* p, float* out) {
    const Ctx& c = *static_cast<const Ctx*>(p);
    for (int i = 0; i < c.panels; ++i) (*c.pack)(*c.g, c.k0, c.kc, i * NR, out + size_t(i) * NR * c.kc);
  };
  if (g.b_packs) return g.b_packs->get({g.b, g.ldb, g.n, k0, kc, NR, g.trans_b}, floats, pack_all, &ctx);
  scratch.resize(floats);
  pack_all(&ctx, scratch.data());
  return scratch.data();
}

}  // namespace
}  // namespace mlpg::kernels
