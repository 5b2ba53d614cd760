// Scalar reference kernels for elementwise arithmetic (add, mul, axpy, bias
// add) and the Adam/AdamW update: obviously correct, not designed to be fast.
#include <cmath>

#include "kernels/kernels.h"

namespace mlpg::kernels {

void f32_add__scalar(size_t n, const float* a, const float* b, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = a[i] + b[i];
}
void f32_mul__scalar(size_t n, const float* a, const float* b, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = a[i] * b[i];
}
void f32_axpy__scalar(size_t n, float alpha, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

void f32_bias_add__scalar(size_t rows, size_t cols, const float* bias, float* y) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) y[r * cols + c] += bias[c];
}

void f32_adam__scalar(const AdamArgs& a) {
  for (size_t i = 0; i < a.n; ++i) {
    float g = a.g[i];
    if (a.decoupled) a.w[i] *= 1.f - a.lr * a.weight_decay;
    else g += a.weight_decay * a.w[i];
    a.m[i] = a.beta1 * a.m[i] + (1.f - a.beta1) * g;
    a.v[i] = a.beta2 * a.v[i] + (1.f - a.beta2) * g * g;
    a.w[i] -= a.step_size * a.m[i] / (std::sqrt(a.v[i]) / a.bc2_sqrt + a.eps);
  }
}

}  // namespace mlpg::kernels
