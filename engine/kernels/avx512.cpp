// Native x86-64 AVX-512 kernels (512-bit, AVX-512F with FMA), compiled with
// -mavx512f -mfma for this file only and chosen at run time when the CPU has
// AVX-512F (dispatch.cpp). The 256-bit set is twice narrower: on our machines
// it reached 31-42 % of the AVX2 peak but only 16-22 % of the AVX-512 one.
// GEMM: B packed in K-blocks of NR = 32 columns (two zmm); a 12 x 32
// micro-kernel keeps 24 accumulators in zmm registers (of 32), the rest of M
// in tiles of 8, 4, 2 or 1 rows. A is read in place when not transposed and
// the tile is full, else packed (zero-padded). Column tails use AVX-512's
// masked loads and stores: only the valid part of C is read or written.
#if defined(__x86_64__) && defined(MLPG_HAVE_AVX512_KERNELS)
// GCC 12 warns that its own header's _mm512_undefined_ps() is uninitialised
// when a masked load inlines (a known false positive of its headers).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <algorithm>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/vec_math.h"
#include "kernels/vec_adam.h"
#include "kernels/vec_conv.h"
#include "kernels/vec_im2col.h"
#include "kernels/vec_pool.h"
#include "kernels/vec_sum_rows.h"
#include "kernels/avx512_gemm.h"

namespace mlpg::kernels {
void f32_gemm__avx512_12x32(const GemmArgs& g) { gemm_12x32(g, pack_a_tile); }


void f32_add__avx512_x32(size_t n, const float* a, const float* b, float* y) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    _mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
    _mm512_storeu_ps(y + i + 16, _mm512_add_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16)));
  }
  for (; i < n; ++i) y[i] = a[i] + b[i];
}

void f32_mul__avx512_x32(size_t n, const float* a, const float* b, float* y) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    _mm512_storeu_ps(y + i, _mm512_mul_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
    _mm512_storeu_ps(y + i + 16, _mm512_mul_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16)));
  }
  for (; i < n; ++i) y[i] = a[i] * b[i];
}

void f32_axpy__avx512_x32(size_t n, float alpha, const float* x, float* y) {
  const __m512 va = _mm512_set1_ps(alpha);
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    _mm512_storeu_ps(y + i, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i)));
    _mm512_storeu_ps(y + i + 16, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(y + i + 16)));
  }
  for (; i < n; ++i) y[i] += alpha * x[i];
}

// σ, tanh, the LSTM cell's forward math and max-pooling 16 lanes at a time (vec_math.h:
// the 128-bit set's formulas; FMA contraction may change the last ulp).
MLPG_DEFINE_WIDE_ACTIVATIONS(avx512, 16)
MLPG_DEFINE_WIDE_MAXPOOL(avx512, 16)
// im2col and col2im, 16 floats a copy (vec_im2col.h).
MLPG_DEFINE_WIDE_IM2COL(avx512, 16)
// Adam, 16 parameters at a time (vec_adam.h).
MLPG_DEFINE_WIDE_ADAM(avx512, 16)
// Column sums (the bias gradient), four vectors of columns down all rows (vec_sum_rows.h).
MLPG_DEFINE_WIDE_SUM_ROWS(avx512, 16, 64)
// The direct convolution (the first layer, vec_conv.h): blocks of 4 pixels x
// 32 channels (8 zmm accumulators; 6 and 12 pixels measured the same or
// slower, 8 slower on the course's first layer: 5.2 us a sample at 4, 5.8 at
// 8), and its weight gradient 9 taps x 32 channels (18 accumulators).
MLPG_DEFINE_WIDE_DIRECT_CONV(avx512, 16, 4, 2, 32)
// With ReLU and a 2x2 max-pool for inference: one window (4 pixels) x 32 channels a block.
MLPG_DEFINE_WIDE_DIRECT_CONV_POOL2(avx512, 16, 2, 32)
MLPG_DEFINE_WIDE_DIRECT_CONV_DW(avx512, 16, 2, 32)

}  // namespace mlpg::kernels
#endif
