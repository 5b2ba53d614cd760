// Scalar reference kernels for the activations and their derivatives (σ and
// tanh from their outputs): obviously correct, not designed to be fast.
#include <cmath>

#include "kernels/kernels.h"

namespace mlpg::kernels {

void f32_relu__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : 0.f;
}

void f32_relu_backward__scalar(size_t n, const float* x, const float* gy, float* gx) {
  for (size_t i = 0; i < n; ++i) gx[i] = x[i] > 0.f ? gy[i] : 0.f;
}

void f32_leaky_relu__scalar(size_t n, float slope, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : slope * x[i];
}

void f32_leaky_relu_backward__scalar(size_t n, float slope, const float* x, const float* gy, float* gx) {
  for (size_t i = 0; i < n; ++i) gx[i] += gy[i] * (x[i] > 0.f ? 1.f : slope);
}

void f32_sigmoid__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) {
    // Stable on both tails: never exp of a large positive number.
    if (x[i] >= 0) {
      y[i] = 1.f / (1.f + std::exp(-x[i]));
    } else {
      const float e = std::exp(x[i]);
      y[i] = e / (1.f + e);
    }
  }
}

void f32_tanh__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}

void f32_sigmoid_backward__scalar(size_t n, const float* y, const float* gy, float* gx) {
  for (size_t i = 0; i < n; ++i) gx[i] += gy[i] * y[i] * (1.f - y[i]);
}

void f32_tanh_backward__scalar(size_t n, const float* y, const float* gy, float* gx) {
  for (size_t i = 0; i < n; ++i) gx[i] += gy[i] * (1.f - y[i] * y[i]);
}

}  // namespace mlpg::kernels
