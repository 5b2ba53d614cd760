// 128-bit vector kernels for elementwise arithmetic (add, mul, axpy, bias add)
// and the Adam/AdamW update, 8 or 4 floats a step with scalar tails.
#include <cmath>

#include "kernels/kernels.h"
#include "kernels/vec128_util.h"

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

void f32_adam__vec128_x4(const AdamArgs& a) {
  const v4f b1 = splat(a.beta1), b2 = splat(a.beta2), one_b1 = splat(1.f - a.beta1), one_b2 = splat(1.f - a.beta2);
  const v4f eps = splat(a.eps), inv_bc2 = splat(1.f / a.bc2_sqrt), step = splat(a.step_size);
  const v4f wd = splat(a.weight_decay), shrink = splat(1.f - a.lr * a.weight_decay);
  size_t i = 0;
  for (; i + 4 <= a.n; i += 4) {
    v4f w = load4(a.w + i), g = load4(a.g + i);
    if (a.decoupled) w *= shrink;
    else g += wd * w;
    const v4f m = b1 * load4(a.m + i) + one_b1 * g;
    const v4f v = b2 * load4(a.v + i) + one_b2 * g * g;
    // sqrt lane by lane: lowers to sqrtps / f32x4.sqrt.
    const v4f s = {__builtin_sqrtf(v[0]), __builtin_sqrtf(v[1]), __builtin_sqrtf(v[2]), __builtin_sqrtf(v[3])};
    w -= step * m / (s * inv_bc2 + eps);
    store4(a.m + i, m);
    store4(a.v + i, v);
    store4(a.w + i, w);
  }
  if (i < a.n) {  // scalar remainder through the reference
    AdamArgs rest = a;
    rest.n = a.n - i;
    rest.w += i; rest.g += i; rest.m += i; rest.v += i;
    f32_adam__scalar(rest);
  }
}

}  // namespace mlpg::kernels
