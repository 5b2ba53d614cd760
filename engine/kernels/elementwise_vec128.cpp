// 128-bit vector kernels for elementwise arithmetic (add, mul, axpy, bias add)
// and the Adam/AdamW update, 8 or 4 floats a step with scalar tails.
#include <cmath>

#include "kernels/kernels.h"
#include "kernels/vec128_util.h"
#include "kernels/vec_adam.h"

namespace mlpg::kernels {

void f32_add__vec128_x8(size_t n, const float* a, const float* b, float* y) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    store4(y + i, load4(a + i) + load4(b + i));
    store4(y + i + 4, load4(a + i + 4) + load4(b + i + 4));
  }
  for (; i < n; ++i) y[i] = a[i] + b[i];  // scalar remainder
}

void f32_mul__vec128_x8(size_t n, const float* a, const float* b, float* y) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    store4(y + i, load4(a + i) * load4(b + i));
    store4(y + i + 4, load4(a + i + 4) * load4(b + i + 4));
  }
  for (; i < n; ++i) y[i] = a[i] * b[i];
}

void f32_axpy__vec128_x8(size_t n, float alpha, const float* x, float* y) {
  const v4f va = splat(alpha);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    store4(y + i, load4(y + i) + va * load4(x + i));
    store4(y + i + 4, load4(y + i + 4) + va * load4(x + i + 4));
  }
  for (; i < n; ++i) y[i] += alpha * x[i];
}

void f32_bias_add__vec128_x8(size_t rows, size_t cols, const float* bias, float* y) {
  for (size_t r = 0; r < rows; ++r) f32_add__vec128_x8(cols, y + r * cols, bias, y + r * cols);
}

// Adam (vec_adam.h) at four lanes.
void f32_adam__vec128_x4(const AdamArgs& a) { adam_n<v4f>(a); }

}  // namespace mlpg::kernels
