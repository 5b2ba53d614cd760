// Scalar reference kernels for sums: the column sums of a bias gradient and
// sums along an axis. Accumulation in double.
#include <cmath>

#include "kernels/kernels.h"

namespace mlpg::kernels {

void f32_sum_rows__scalar(size_t rows, size_t cols, const float* x, float* out) {
  for (size_t c = 0; c < cols; ++c) {
    double s = 0;
    for (size_t r = 0; r < rows; ++r) s += x[r * cols + c];
    out[c] += float(s);
  }
}

void f32_reduce_sum__scalar(size_t outer, size_t n, size_t inner, const float* x, float scale, float* y) {
  for (size_t o = 0; o < outer; ++o)
    for (size_t i = 0; i < inner; ++i) {
      double acc = 0;
      for (size_t j = 0; j < n; ++j) acc += x[(o * n + j) * inner + i];
      y[o * inner + i] = float(acc) * scale;
    }
}

}  // namespace mlpg::kernels
