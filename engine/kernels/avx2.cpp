// Native x86-64 AVX2 + FMA kernels (256-bit), compiled with -mavx2 -mfma for
// this file only and chosen at run time when the CPU has both (dispatch.cpp).
// GEMM: B packed in K-blocks of NR = 16 columns, A in MR = 6 rows; a 6 x 16
// micro-kernel keeps 12 accumulators in ymm registers. Tail policy as the
// vec128 kernel: panels are zero-padded, only the valid part is written.
#if defined(__x86_64__) && defined(MLPG_HAVE_AVX2_KERNELS)
#include <immintrin.h>

#include <algorithm>
#include <vector>

#include "kernels/kernels.h"

namespace mlpg::kernels {
namespace {

constexpr int MR = 6, NR = 16, KC = 256;
thread_local std::vector<float> t_a, t_b;

void pack_b(const GemmArgs& g, int k0, int kc, int j0, float* bp) {
  const int nr = std::min(NR, g.n - j0);
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

void pack_a(const GemmArgs& g, int k0, int kc, int i0, float* ap) {
  const int mr = std::min(MR, g.m - i0);
  for (int p = 0; p < kc; ++p) {
    float* col = ap + p * MR;
    const int k = k0 + p;
    for (int i = 0; i < mr; ++i) col[i] = g.trans_a ? g.a[size_t(k) * g.lda + i0 + i] : g.a[size_t(i0 + i) * g.lda + k];
    for (int i = mr; i < MR; ++i) col[i] = 0.f;
  }
}

// acc (6 x 16) = Σ_p a[p] ⊗ b[p] over one K-block.
inline void micro_6x16(int kc, const float* ap, const float* bp, float* out /* MR x NR */) {
  __m256 c[MR][2];
  for (int i = 0; i < MR; ++i) c[i][0] = c[i][1] = _mm256_setzero_ps();
  for (int p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(bp + p * NR), b1 = _mm256_loadu_ps(bp + p * NR + 8);
    const float* a = ap + p * MR;
    for (int i = 0; i < MR; ++i) {
      const __m256 ai = _mm256_broadcast_ss(a + i);
      c[i][0] = _mm256_fmadd_ps(ai, b0, c[i][0]);
      c[i][1] = _mm256_fmadd_ps(ai, b1, c[i][1]);
    }
  }
  for (int i = 0; i < MR; ++i) {
    _mm256_storeu_ps(out + i * NR, c[i][0]);
    _mm256_storeu_ps(out + i * NR + 8, c[i][1]);
  }
}

}  // namespace

void f32_gemm__avx2_6x16(const GemmArgs& g) {
  if (g.m <= 0 || g.n <= 0) return;
  const int mt = (g.m + MR - 1) / MR;
  alignas(32) float acc[MR * NR];
  // K is split into blocks of KC so packed panels stay in cache; the first
  // block applies beta, later blocks accumulate.
  for (int k0 = 0; k0 < std::max(g.k, 1); k0 += KC) {
    const int kc = std::min(KC, g.k - k0);
    const float beta = k0 == 0 ? g.beta : 1.f;
    t_a.resize(size_t(mt) * MR * size_t(std::max(kc, 1)));
    t_b.resize(size_t(NR) * size_t(std::max(kc, 1)));
    for (int t = 0; t < mt; ++t) pack_a(g, k0, kc, t * MR, t_a.data() + size_t(t) * MR * kc);
    for (int j0 = 0; j0 < g.n; j0 += NR) {
      pack_b(g, k0, kc, j0, t_b.data());
      const int nr = std::min(NR, g.n - j0);
      for (int t = 0; t < mt; ++t) {
        const int i0 = t * MR, mr = std::min(MR, g.m - i0);
        micro_6x16(kc, t_a.data() + size_t(t) * MR * kc, t_b.data(), acc);
        for (int i = 0; i < mr; ++i) {
          float* c = g.c + size_t(i0 + i) * g.ldc + j0;
          const float* a = acc + i * NR;
          if (beta == 0.f)
            for (int j = 0; j < nr; ++j) c[j] = g.alpha * a[j];
          else
            for (int j = 0; j < nr; ++j) c[j] = g.alpha * a[j] + beta * c[j];
        }
      }
    }
    if (g.k == 0) break;
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

}  // namespace mlpg::kernels
#endif
