// The packing steps the wide GEMM kernels share (avx2.cpp, avx512.cpp): B's
// K-block as NR-wide panels, A's tile as columns of `rows` floats, both
// zero-padded past the matrix. In an unnamed namespace on purpose: each
// kernel file compiles its own copy with its own ISA flags, so the linker
// can never hand the AVX2 path a copy built for AVX-512.
#pragma once

#include <algorithm>

#include "kernels/kernels.h"
#include "kernels/vec128_util.h"

namespace mlpg::kernels {
namespace {

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
      std::copy(g.b + size_t(k) * g.ldb + j0, g.b + size_t(k) * g.ldb + j0 + NR, row);
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
      std::copy(g.a + size_t(k) * g.lda + i0, g.a + size_t(k) * g.lda + i0 + rows, col);
      continue;
    }
    for (int i = 0; i < mr; ++i) col[i] = g.trans_a ? g.a[size_t(k) * g.lda + i0 + i] : g.a[size_t(i0 + i) * g.lda + k];
    for (int i = mr; i < rows; ++i) col[i] = 0.f;
  }
}

}  // namespace
}  // namespace mlpg::kernels
