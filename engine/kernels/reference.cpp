// Scalar reference kernels: obviously correct, not designed to be fast.
#include <cmath>

#include "kernels/kernels.h"

namespace mlpg::kernels {

void f32_gemm__scalar(const GemmArgs& g) {
  for (int i = 0; i < g.m; ++i) {
    for (int j = 0; j < g.n; ++j) {
      double acc = 0.0;  // double so the oracle is more exact than any variant
      for (int p = 0; p < g.k; ++p) {
        float a = g.trans_a ? g.a[p * g.lda + i] : g.a[i * g.lda + p];
        float b = g.trans_b ? g.b[j * g.ldb + p] : g.b[p * g.ldb + j];
        acc += double(a) * double(b);
      }
      float& c = g.c[i * g.ldc + j];
      c = g.alpha * float(acc) + (g.beta == 0.f ? 0.f : g.beta * c);
    }
  }
}

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

void f32_sum_rows__scalar(size_t rows, size_t cols, const float* x, float* out) {
  for (size_t c = 0; c < cols; ++c) {
    double s = 0;
    for (size_t r = 0; r < rows; ++r) s += x[r * cols + c];
    out[c] += float(s);
  }
}

void f32_relu__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : 0.f;
}

void f32_relu_backward__scalar(size_t n, const float* x, const float* gy, float* gx) {
  for (size_t i = 0; i < n; ++i) gx[i] += x[i] > 0.f ? gy[i] : 0.f;
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

void f32_bias_relu__scalar(size_t rows, size_t cols, const float* bias, float* y) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) {
      const float v = y[r * cols + c] + (bias ? bias[c] : 0.f);
      y[r * cols + c] = v > 0.f ? v : 0.f;
    }
}

void f32_leaky_relu__scalar(size_t n, float slope, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : slope * x[i];
}

void f32_leaky_relu_backward__scalar(size_t n, float slope, const float* x, const float* gy, float* gx) {
  for (size_t i = 0; i < n; ++i) gx[i] += gy[i] * (x[i] > 0.f ? 1.f : slope);
}

}  // namespace mlpg::kernels
