#pragma once
// Column sums (a bias gradient, SumRowsFn: out[c] += Σ_r x[r, c]) on a vector
// of any width: the 128-bit set at four lanes, the AVX2 and AVX-512 files at
// 8 and 16 (an unnamed namespace, as vec_math.h). A block of up to four
// vectors of columns is summed down all rows in registers, two rows at a
// time in two sets of accumulators, then added to out once. (Adding each
// row into out was one kernel call per row: 21,632 rows of 32 columns for
// the course CNN's first convolution, 2 % of a training step.)
#include <algorithm>

#include "kernels/vec_math.h"

namespace mlpg::kernels {
namespace {

template <class V>
inline void sum_rows_n(size_t rows, size_t cols, const float* x, float* out) {
  constexpr size_t W = lanes_of<V>(), U = 4;
  size_t c0 = 0;
  while (c0 + W <= cols) {
    const size_t nv = std::min(U, (cols - c0) / W);
    V even[U] = {}, odd[U] = {};  // float accumulators: the reference sums in double, tests allow for it
    size_t r = 0;
    for (; r + 2 <= rows; r += 2) {
      const float* a = x + r * cols + c0;
      for (size_t v = 0; v < nv; ++v) {
        even[v] += vload<V>(a + v * W);
        odd[v] += vload<V>(a + cols + v * W);
      }
    }
    if (r < rows)
      for (size_t v = 0; v < nv; ++v) even[v] += vload<V>(x + r * cols + c0 + v * W);
    for (size_t v = 0; v < nv; ++v) vstore(out + c0 + v * W, vload<V>(out + c0 + v * W) + (even[v] + odd[v]));
    c0 += nv * W;
  }
  for (size_t c = c0; c < cols; ++c) {  // the columns past the last whole vector
    float s = 0.f;
    for (size_t r = 0; r < rows; ++r) s += x[r * cols + c];
    out[c] += s;
  }
}

}  // namespace
}  // namespace mlpg::kernels

// f32_sum_rows__<isa>_x<4·W> (inside namespace mlpg::kernels).
#define MLPG_DEFINE_WIDE_SUM_ROWS(isa, W, X)                                   \
  void f32_sum_rows__##isa##_x##X(size_t rows, size_t cols, const float* x, float* out) { \
    typedef float vf __attribute__((vector_size(4 * W), aligned(4)));            \
    sum_rows_n<vf>(rows, cols, x, out);                                          \
  }
