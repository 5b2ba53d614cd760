// Native x86-64 AVX2 + FMA kernels (256-bit), compiled with -mavx2 -mfma for
// this file only and chosen at run time when the CPU has both (dispatch.cpp).
// GEMM: B packed in K-blocks of NR = 16 columns; a 6 x 16 micro-kernel keeps
// 12 accumulators in ymm registers (4 x 16 for remainders of 2 and 4 rows).
// A is read in place when not transposed, else packed in tiles. Tail policy
// as the vec128 kernel: padded tiles are zero-filled, only the valid part is
// written.
#if defined(__x86_64__) && defined(MLPG_HAVE_AVX2_KERNELS)
#include <immintrin.h>

#include <algorithm>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/vec_math.h"
#include "kernels/vec_adam.h"
#include "kernels/vec_conv.h"
#include "kernels/vec_im2col.h"
#include "kernels/vec_pool.h"
#include "kernels/vec_sum_rows.h"
#include "kernels/gemm_pack.h"

namespace mlpg::kernels {
namespace {

constexpr int MR = 6, NR = 16, KC_MAX = 384;
thread_local std::vector<float> t_a, t_b;

// A's element (i, p) is at ap[i·a_rs + p·a_ks]: packed tiles have (1, MR),
// rows read in place have (lda, 1).
template <int R>  // rows of the tile: 6, or 4 where a 6-row tile would be mostly padding
__attribute__((always_inline)) inline void micro_6x16(int kc, const float* ap, int a_rs, int a_ks, const float* bp,
                                                      float* c, int ldc, float alpha, float beta, int mr,
                                                      int nr, const float* bias) {
  // Twelve named accumulators: kept in ymm registers through the K loop.
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(bp + p * NR), b1 = _mm256_loadu_ps(bp + p * NR + 8);
    const float* a = ap + p * a_ks;
    __m256 ai = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(ai, b0, c00); c01 = _mm256_fmadd_ps(ai, b1, c01);
    ai = _mm256_broadcast_ss(a + a_rs);
    c10 = _mm256_fmadd_ps(ai, b0, c10); c11 = _mm256_fmadd_ps(ai, b1, c11);
    ai = _mm256_broadcast_ss(a + 2 * a_rs);
    c20 = _mm256_fmadd_ps(ai, b0, c20); c21 = _mm256_fmadd_ps(ai, b1, c21);
    ai = _mm256_broadcast_ss(a + 3 * a_rs);
    c30 = _mm256_fmadd_ps(ai, b0, c30); c31 = _mm256_fmadd_ps(ai, b1, c31);
    if constexpr (R > 4) {
      ai = _mm256_broadcast_ss(a + 4 * a_rs);
      c40 = _mm256_fmadd_ps(ai, b0, c40); c41 = _mm256_fmadd_ps(ai, b1, c41);
      ai = _mm256_broadcast_ss(a + 5 * a_rs);
      c50 = _mm256_fmadd_ps(ai, b0, c50); c51 = _mm256_fmadd_ps(ai, b1, c51);
    }
  }
  const __m256 acc[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
  if (mr == R && nr == NR) {
    for (int i = 0; i < R; ++i) {
      float* row = c + size_t(i) * ldc;
      __m256 r0 = _mm256_mul_ps(va, acc[i][0]), r1 = _mm256_mul_ps(va, acc[i][1]);
      if (beta != 0.f) {  // beta == 0 never reads C (it may hold garbage)
        r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row), r0);
        r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row + 8), r1);
      }
      if (bias) {
        r0 = _mm256_add_ps(r0, _mm256_loadu_ps(bias));
        r1 = _mm256_add_ps(r1, _mm256_loadu_ps(bias + 8));
      }
      _mm256_storeu_ps(row, r0);
      _mm256_storeu_ps(row + 8, r1);
    }
    return;
  }
  alignas(32) float buf[MR * NR];
  for (int i = 0; i < R; ++i) {
    _mm256_store_ps(buf + i * NR, acc[i][0]);
    _mm256_store_ps(buf + i * NR + 8, acc[i][1]);
  }
  for (int i = 0; i < mr; ++i) {
    float* row = c + size_t(i) * ldc;
    for (int j = 0; j < nr; ++j)
      row[j] = alpha * buf[i * NR + j] + (beta == 0.f ? 0.f : beta * row[j]) + (bias ? bias[j] : 0.f);
  }
}

}  // namespace

void f32_gemm__avx2_6x16(const GemmArgs& g) {
  if (g.m <= 0 || g.n <= 0) return;
  // Blocking (GotoBLAS/BLIS): per K-block of KC, all of B is packed once into
  // NR-wide panels; A is packed MC rows at a time (fits L2) and each B panel
  // (KC x NR, fits L1) is reused across the MC/MR tiles of that block.
  constexpr int MC = 96;  // 16 tiles of 6 rows
  const int panels = (g.n + NR - 1) / NR;
  const int kmax = std::max(g.k, 1);
  // K-blocks of equal size, at most KC_MAX (a B panel of KC x NR stays in L1):
  // K = 288 is one block of 288, not 256 + a thin 32.
  const int kblocks = (kmax + KC_MAX - 1) / KC_MAX, KC = (kmax + kblocks - 1) / kblocks;
  for (int k0 = 0; k0 < kmax; k0 += KC) {
    const int kc = std::max(0, std::min(KC, g.k - k0));
    const float beta = k0 == 0 ? g.beta : 1.f;  // later K-blocks accumulate
    const float* bias = k0 + KC >= kmax ? g.bias : nullptr;  // with the last K-block
    // B is always packed: read in place, a panel's rows sit ldb apart, and
    // with ldb a multiple of 1024 floats every row maps to the same L1 set
    // (measured on the LSTM shape: 64-66 GFLOP/s in place vs 76-78 packed).
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
      // Tiles of 6 rows; a remainder of 4 is one 4-row tile and a remainder
      // of 2 turns the last 6 + 2 into 4 + 4 (M = 32, the LSTM's batch, is
      // 6+6+6+6+4+4 with no padding); other remainders pad one 6-row tile.
      int full = mc / MR, fours = 0;
      const int rem = mc % MR;
      if (rem == 4) fours = 1;
      if (rem == 2 && full > 0) { --full; fours = 2; }
      const int tiles = full + fours + (mc > full * MR + fours * 4 ? 1 : 0);  // + one padded edge tile
      int starts[MC / 4 + 2], rows[MC / 4 + 2];
      for (int t = 0, i = 0; t < tiles; ++t) {
        starts[t] = i;
        rows[t] = (t >= full && t < full + fours) ? 4 : MR;
        i += rows[t];
      }
      // A not transposed: full tiles read their rows in place (each row's
      // K-block is contiguous and the tile's rows sit in L1), so only the
      // transposed case and the zero-padded edge tile are packed.
      for (int t = 0; t < tiles; ++t) {
        const int i0 = ic + starts[t];
        if (g.trans_a || i0 + rows[t] > g.m) pack_a_tile(g, k0, kc, i0, rows[t], t_a.data() + size_t(starts[t]) * kc);
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
          if (r == MR) micro_6x16<MR>(kc, ap, a_rs, a_ks, bp, c, g.ldc, g.alpha, beta, mr, nr, bj);
          else micro_6x16<4>(kc, ap, a_rs, a_ks, bp, c, g.ldc, g.alpha, beta, mr, nr, bj);
        }
      }
    }
  }
}

void f32_add__avx2_x16(size_t n, const float* a, const float* b, float* y) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm256_storeu_ps(y + i, _mm256_add_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
    _mm256_storeu_ps(y + i + 8, _mm256_add_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8)));
  }
  for (; i < n; ++i) y[i] = a[i] + b[i];
}

void f32_mul__avx2_x16(size_t n, const float* a, const float* b, float* y) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
    _mm256_storeu_ps(y + i + 8, _mm256_mul_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8)));
  }
  for (; i < n; ++i) y[i] = a[i] * b[i];
}

void f32_axpy__avx2_x16(size_t n, float alpha, const float* x, float* y) {
  const __m256 va = _mm256_set1_ps(alpha);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    _mm256_storeu_ps(y + i + 8, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8)));
  }
  for (; i < n; ++i) y[i] += alpha * x[i];
}

// σ, tanh, the LSTM cell's forward math and max-pooling 8 lanes at a time (vec_math.h:
// the 128-bit set's formulas; FMA contraction may change the last ulp).
MLPG_DEFINE_WIDE_ACTIVATIONS(avx2, 8)
MLPG_DEFINE_WIDE_MAXPOOL(avx2, 8)
// im2col and col2im, 8 floats a copy (vec_im2col.h).
MLPG_DEFINE_WIDE_IM2COL(avx2, 8)
// Adam, 8 parameters at a time (vec_adam.h).
MLPG_DEFINE_WIDE_ADAM(avx2, 8)
// Column sums (the bias gradient), four vectors of columns down all rows (vec_sum_rows.h).
MLPG_DEFINE_WIDE_SUM_ROWS(avx2, 8, 32)
// The direct convolution (the first layer, vec_conv.h): 4 pixels x 16
// channels (8 of 16 ymm registers accumulate), its weight gradient 9 taps x 8
// channels (9).
MLPG_DEFINE_WIDE_DIRECT_CONV(avx2, 8, 4, 2, 16)
MLPG_DEFINE_WIDE_DIRECT_CONV_POOL2(avx2, 8, 2, 16)
MLPG_DEFINE_WIDE_DIRECT_CONV_DW(avx2, 8, 1, 8)

}  // namespace mlpg::kernels
#endif
