// 128-bit vector kernels for the activations and their derivatives; σ and
// tanh by the range-reduced exp polynomial (vec128_util.h), scalar tails
// through the references.
#include "kernels/kernels.h"
#include "kernels/vec128_util.h"

namespace mlpg::kernels {

void f32_relu__vec128_x8(size_t n, const float* x, float* y) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    store4(y + i, relu4(load4(x + i)));
    store4(y + i + 4, relu4(load4(x + i + 4)));
  }
  for (; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : 0.f;
}

void f32_relu_backward__vec128_x8(size_t n, const float* x, const float* gy, float* gx) {
  const v4f zero = splat(0.f);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v4f a = load4(x + i), b = load4(x + i + 4);
    store4(gx + i, a > zero ? load4(gy + i) : zero);
    store4(gx + i + 4, b > zero ? load4(gy + i + 4) : zero);
  }
  for (; i < n; ++i) gx[i] = x[i] > 0.f ? gy[i] : 0.f;
}

void f32_leaky_relu__vec128_x4(size_t n, float slope, const float* x, float* y) {
  const v4f zero = splat(0.f), s = splat(slope);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v4f a = load4(x + i);
    store4(y + i, a > zero ? a : s * a);
  }
  for (; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : slope * x[i];
}

void f32_leaky_relu_backward__vec128_x4(size_t n, float slope, const float* x, const float* gy, float* gx) {
  const v4f zero = splat(0.f), one = splat(1.f), s = splat(slope);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) store4(gx + i, load4(gx + i) + load4(gy + i) * (load4(x + i) > zero ? one : s));
  for (; i < n; ++i) gx[i] += gy[i] * (x[i] > 0.f ? 1.f : slope);
}

void f32_sigmoid__vec128_x4(size_t n, const float* x, float* y) { sigmoid_n<v4f, v4i>(n, x, y); }

void f32_tanh__vec128_x4(size_t n, const float* x, float* y) { tanh_n<v4f, v4i>(n, x, y); }

void f32_sigmoid_backward__vec128_x4(size_t n, const float* y, const float* gy, float* gx) {
  act_backward(n, y, gy, gx, kSigmoidD);
}

void f32_tanh_backward__vec128_x4(size_t n, const float* y, const float* gy, float* gx) {
  act_backward(n, y, gy, gx, kTanhD);
}

}  // namespace mlpg::kernels
