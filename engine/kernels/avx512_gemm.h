// The AVX-512 GEMM's micro-kernel and blocked driver, shared by the files
// compiled with -mavx512f (avx512.cpp: the GEMM; avx512_conv.cpp: the
// implicit-GEMM convolution). In an unnamed namespace, as gemm_pack.h: each
// file compiles its own copy with its own flags.
#pragma once

#include <immintrin.h>

#include <algorithm>
#include <vector>

#include "kernels/gemm_pack.h"
#include "kernels/kernels.h"

namespace mlpg::kernels {
namespace {


constexpr int MR = 12, NR = 32;
// A B panel (KC x NR floats) stays in L1 while every tile of the M-block
// passes over it: 192 x 32 x 4 bytes = 24 KB of a 32 or 48 KB L1.
constexpr int KC_MAX = 192;
constexpr int MC = 96;  // 8 tiles of 12 rows: the packed A block (72 KB) stays in L2
thread_local std::vector<float> t_a, t_b;

// The valid lanes of a row's two zmm halves for nr (1..32) columns.
inline __mmask16 lanes(int n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << std::max(n, 0)) - 1u); }

// R rows (1..12) by 32 columns. A's element (i, p) is at a_at(p)[i·a_rs].
// Every loop over R is unrolled with constant indices, so the accumulators
// live in registers (checked with objdump: no stack traffic in the K loop).
template <int R, class AAt>
__attribute__((always_inline)) inline void micro_by(int kc, AAt&& a_at, int a_rs, const float* bp, float* c, int ldc,
                                                    float alpha, float beta, int mr, int nr, const float* bias,
                                                    bool relu) {
  __m512 acc0[R], acc1[R];
#pragma GCC unroll 12
  for (int i = 0; i < R; ++i) acc0[i] = acc1[i] = _mm512_setzero_ps();
  for (int p = 0; p < kc; ++p) {
    const __m512 b0 = _mm512_loadu_ps(bp + p * NR), b1 = _mm512_loadu_ps(bp + p * NR + 16);
    const float* a = a_at(p);
#pragma GCC unroll 12
    for (int i = 0; i < R; ++i) {
      const __m512 ai = _mm512_set1_ps(a[i * a_rs]);
      acc0[i] = _mm512_fmadd_ps(ai, b0, acc0[i]);
      acc1[i] = _mm512_fmadd_ps(ai, b1, acc1[i]);
    }
  }
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
  const __mmask16 m0 = lanes(nr), m1 = lanes(nr - 16);
  const __m512 bias0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();
  const __m512 bias1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();
#pragma GCC unroll 12
  for (int i = 0; i < R; ++i) {
    if (i >= mr) break;
    float* row = c + size_t(i) * ldc;
    __m512 r0 = _mm512_mul_ps(va, acc0[i]), r1 = _mm512_mul_ps(va, acc1[i]);
    if (beta != 0.f) {  // beta == 0 never reads C (it may hold garbage)
      r0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, row), r0);
      r1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, row + 16), r1);
    }
    if (bias) {
      r0 = _mm512_add_ps(r0, bias0);
      r1 = _mm512_add_ps(r1, bias1);
    }
    if (relu) {  // with the bias: only on the last K-block
      r0 = _mm512_max_ps(r0, _mm512_setzero_ps());
      r1 = _mm512_max_ps(r1, _mm512_setzero_ps());
    }
    _mm512_mask_storeu_ps(row, m0, r0);
    _mm512_mask_storeu_ps(row + 16, m1, r1);
  }
}

// A's element (i, p) at ap[i·a_rs + p·a_ks]: packed tiles have (1, R), rows
// read in place (lda, 1).
template <int R>
__attribute__((always_inline)) inline void micro(int kc, const float* ap, int a_rs, int a_ks, const float* bp, float* c,
                                                 int ldc, float alpha, float beta, int mr, int nr, const float* bias,
                                                 bool relu = false) {
  micro_by<R>(kc, [ap, a_ks](int p) { return ap + p * a_ks; }, a_rs, bp, c, ldc, alpha, beta, mr, nr, bias, relu);
}

// The rows of the tile that covers `left` rows of an M-block: 12 while a
// full tile fits, then the smallest of 8, 4, 2, 1 that covers the rest
// (M = 32, the LSTM's batch, is 12 + 12 + 8 with no padding; M = 1, the
// draw-a-digit case, is one row).
inline int tile_rows(int left) {
  if (left >= MR) return MR;
  for (int r : {1, 2, 4, 8})
    if (left <= r) return r;
  return MR;
}


// The blocked GEMM with A's tiles packed by pack_a(g, k0, kc, i0, rows, out)
// whenever A is transposed or a tile runs past m (pack_a_tile for a plain
// matrix; the implicit convolution's weight gradient packs from images).
template <class PackA>
void gemm_12x32(const GemmArgs& g, PackA&& pack_a) {
  if (g.m <= 0 || g.n <= 0) return;
  // Blocking as the AVX2 kernel (GotoBLAS/BLIS): per K-block, all of B packed
  // once into NR-wide panels; A packed or read MC rows at a time, and each B
  // panel reused across the tiles of that block.
  const int panels = (g.n + NR - 1) / NR;
  const int kmax = std::max(g.k, 1);
  const int kblocks = (kmax + KC_MAX - 1) / KC_MAX, KC = (kmax + kblocks - 1) / kblocks;  // equal K-blocks
  for (int k0 = 0; k0 < kmax; k0 += KC) {
    const int kc = std::max(0, std::min(KC, g.k - k0));
    const float beta = k0 == 0 ? g.beta : 1.f;  // later K-blocks accumulate
    const float* bias = k0 + KC >= kmax ? g.bias : nullptr;  // with the last K-block
    // One row block (m <= MC, e.g. an LSTM step, m = batch) meets each B
    // panel once: each panel is packed just before its use, into one buffer
    // that stays in L1, instead of the whole K-block written out and read back.
    // (Unless the caller keeps B's packed blocks across calls: then the
    // whole block, packed once.)
    const bool panel_at_use = g.m <= MC && !g.b_packs;
    const float* b_block = nullptr;
    if (panel_at_use) t_b.resize(size_t(NR) * size_t(std::max(kc, 1)));
    else b_block = packed_b_block<NR>(g, k0, kc, panels, t_b, pack_b_panel<NR>);
    t_a.resize(size_t(MC) * size_t(std::max(kc, 1)));
    for (int ic = 0; ic < g.m; ic += MC) {
      const int mc = std::min(MC, g.m - ic);
      int starts[MC], rows[MC], tiles = 0;
      for (int i = 0; i < mc; i += rows[tiles++]) {
        starts[tiles] = i;
        rows[tiles] = tile_rows(mc - i);
      }
      for (int t = 0; t < tiles; ++t) {
        const int i0 = ic + starts[t];
        if (g.trans_a || i0 + rows[t] > g.m) pack_a(g, k0, kc, i0, rows[t], t_a.data() + size_t(starts[t]) * kc);
      }
      for (int p = 0; p < panels; ++p) {
        const int j0 = p * NR, nr = std::min(NR, g.n - j0);
        if (panel_at_use) pack_b_panel<NR>(g, k0, kc, j0, t_b.data());
        const float* bp = panel_at_use ? t_b.data() : b_block + size_t(p) * NR * kc;
        for (int t = 0; t < tiles; ++t) {
          const int i0 = ic + starts[t], r = rows[t], mr = std::min(r, g.m - i0);
          const bool in_place = !g.trans_a && mr == r;
          const float* ap = in_place ? g.a + size_t(i0) * g.lda + k0 : t_a.data() + size_t(starts[t]) * kc;
          const int a_rs = in_place ? g.lda : 1, a_ks = in_place ? 1 : r;
          float* c = g.c + size_t(i0) * g.ldc + j0;
          const float* bj = bias ? bias + j0 : nullptr;
          switch (r) {
            case 12: micro<12>(kc, ap, a_rs, a_ks, bp, c, g.ldc, g.alpha, beta, mr, nr, bj); break;
            case 8: micro<8>(kc, ap, a_rs, a_ks, bp, c, g.ldc, g.alpha, beta, mr, nr, bj); break;
            case 4: micro<4>(kc, ap, a_rs, a_ks, bp, c, g.ldc, g.alpha, beta, mr, nr, bj); break;
            case 2: micro<2>(kc, ap, a_rs, a_ks, bp, c, g.ldc, g.alpha, beta, mr, nr, bj); break;
            default: micro<1>(kc, ap, a_rs, a_ks, bp, c, g.ldc, g.alpha, beta, mr, nr, bj); break;
          }
        }
      }
    }
  }
}

// micro<R> for a runtime R in 1..12 (the implicit convolution's tiles follow
// output rows, so any height occurs).
inline void micro_rows(int r, int kc, const float* ap, int a_rs, int a_ks, const float* bp, float* c, int ldc,
                       float beta, int nr, const float* bias, bool relu) {
  switch (r) {
#define MLPG_MICRO_CASE(R) \
  case R: micro<R>(kc, ap, a_rs, a_ks, bp, c, ldc, 1.f, beta, R, nr, bias, relu); return;
    MLPG_MICRO_CASE(1) MLPG_MICRO_CASE(2) MLPG_MICRO_CASE(3) MLPG_MICRO_CASE(4) MLPG_MICRO_CASE(5)
    MLPG_MICRO_CASE(6) MLPG_MICRO_CASE(7) MLPG_MICRO_CASE(8) MLPG_MICRO_CASE(9) MLPG_MICRO_CASE(10)
    MLPG_MICRO_CASE(11) MLPG_MICRO_CASE(12)
#undef MLPG_MICRO_CASE
    default: return;
  }
}

// micro_by<R> for a runtime R in 1..12, A's K-step p at a_at[p] + a_off
// with its R rows contiguous (the implicit weight gradient: each output
// pixel's window, R patch entries of one kernel row), no bias.
inline void micro_at_rows(int r, int kc, const float* const* a_at, int64_t a_off, const float* bp, float* c, int ldc,
                          float beta, int nr) {
  const auto at = [a_at, a_off](int p) { return a_at[p] + a_off; };
  switch (r) {
#define MLPG_MICRO_CASE(R) \
  case R: micro_by<R>(kc, at, 1, bp, c, ldc, 1.f, beta, R, nr, nullptr, false); return;
    MLPG_MICRO_CASE(1) MLPG_MICRO_CASE(2) MLPG_MICRO_CASE(3) MLPG_MICRO_CASE(4) MLPG_MICRO_CASE(5)
    MLPG_MICRO_CASE(6) MLPG_MICRO_CASE(7) MLPG_MICRO_CASE(8) MLPG_MICRO_CASE(9) MLPG_MICRO_CASE(10)
    MLPG_MICRO_CASE(11) MLPG_MICRO_CASE(12)
#undef MLPG_MICRO_CASE
    default: return;
  }
}

}  // namespace
}  // namespace mlpg::kernels
