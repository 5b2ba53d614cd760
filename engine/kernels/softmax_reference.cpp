// Scalar reference kernels for softmax / log-softmax (rows of n), the sparse
// softmax cross-entropy. Accumulation in double.
#include <cmath>

#include "kernels/kernels.h"

namespace mlpg::kernels {

void f32_softmax__scalar(size_t rows, size_t n, const float* x_all, float* y_all, bool log) {
  for (size_t r = 0; r < rows; ++r) {
    const float* x = x_all + r * n;
    float* o = y_all + r * n;
    float mx = x[0];
    for (size_t j = 1; j < n; ++j) mx = x[j] > mx ? x[j] : mx;
    double z = 0;
    for (size_t j = 0; j < n; ++j) z += std::exp(double(x[j] - mx));
    if (!log) {
      for (size_t j = 0; j < n; ++j) o[j] = float(std::exp(double(x[j] - mx)) / z);
    } else {  // (x − max) − log z, as PyTorch: x − (max + log z) would round max + log z to max's float step
      const float lz = float(std::log(z));
      for (size_t j = 0; j < n; ++j) o[j] = (x[j] - mx) - lz;
    }
  }
}

void f32_softmax_backward__scalar(size_t rows, size_t n, const float* y_all, const float* gy_all, float* gx_all,
                                  bool log) {
  for (size_t r = 0; r < rows; ++r) {
    const float* o = y_all + r * n;
    const float* go = gy_all + r * n;
    float* gr = gx_all + r * n;
    double dot = 0;
    if (!log) {  // gx = y ⊙ (go − Σ go·y)
      for (size_t j = 0; j < n; ++j) dot += double(go[j]) * o[j];
      for (size_t j = 0; j < n; ++j) gr[j] += o[j] * (go[j] - float(dot));
    } else {     // gx = go − softmax · Σ go
      for (size_t j = 0; j < n; ++j) dot += go[j];
      for (size_t j = 0; j < n; ++j) gr[j] += go[j] - std::exp(o[j]) * float(dot);
    }
  }
}

double f32_sparse_xent__scalar(size_t rows, size_t n, const float* logits, const int32_t* labels, float* prob) {
  double loss = 0;
  for (size_t b = 0; b < rows; ++b) {
    const float* x = logits + b * n;
    float mx = x[0];
    for (size_t j = 1; j < n; ++j) mx = x[j] > mx ? x[j] : mx;
    double z = 0;
    for (size_t j = 0; j < n; ++j) z += std::exp(double(x[j] - mx));
    for (size_t j = 0; j < n; ++j) prob[b * n + j] = float(std::exp(double(x[j] - mx)) / z);
    loss -= double(x[labels[b]] - mx) - std::log(z);
  }
  return loss;
}

void f32_sparse_xent_backward__scalar(size_t rows, size_t n, const float* prob, const int32_t* labels, float scale,
                                      float* gx) {
  for (size_t b = 0; b < rows; ++b)
    for (size_t j = 0; j < n; ++j)
      gx[b * n + j] += scale * (prob[b * n + j] - (int32_t(j) == labels[b] ? 1.f : 0.f));
}

}  // namespace mlpg::kernels
