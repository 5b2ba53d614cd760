// 128-bit vector kernels for sums: column sums (a bias gradient) and sums
// along an axis (partial sums in the lanes, one horizontal add).
#include "kernels/kernels.h"
#include "kernels/vec128_util.h"
#include "kernels/vec_sum_rows.h"

namespace mlpg::kernels {

MLPG_DEFINE_WIDE_SUM_ROWS(vec128, 4, 16)

void f32_reduce_sum__vec128_x4(size_t outer, size_t n, size_t inner, const float* x, float scale, float* y) {
  for (size_t o = 0; o < outer; ++o) {
    const float* xo = x + o * n * inner;
    float* yo = y + o * inner;
    if (inner == 1) {  // a contiguous run: four partial sums in the lanes
      v4f acc0 = splat(0.f), acc1 = splat(0.f);
      size_t j = 0;
      for (; j + 8 <= n; j += 8) {
        acc0 += load4(xo + j);
        acc1 += load4(xo + j + 4);
      }
      for (; j + 4 <= n; j += 4) acc0 += load4(xo + j);
      float s = hsum(acc0 + acc1);
      for (; j < n; ++j) s += xo[j];
      yo[0] = s * scale;
      continue;
    }
    size_t i = 0;  // columns: 4 at a time down the n rows
    for (; i + 4 <= inner; i += 4) {
      v4f acc = splat(0.f);
      for (size_t j = 0; j < n; ++j) acc += load4(xo + j * inner + i);
      store4(yo + i, acc * splat(scale));
    }
    for (; i < inner; ++i) {
      float s = 0.f;
      for (size_t j = 0; j < n; ++j) s += xo[j * inner + i];
      yo[i] = s * scale;
    }
  }
}

}  // namespace mlpg::kernels
