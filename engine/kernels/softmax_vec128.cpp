// 128-bit vector kernels for softmax / log-softmax and the sparse softmax
// cross-entropy: row maxima and sums in 4 lanes (float partial
// sums, then one horizontal add), e^x by the shared polynomial exp4.
#include <cmath>

#include "kernels/kernels.h"
#include "kernels/vec128_util.h"

namespace mlpg::kernels {

namespace {

inline float row_max(const float* x, size_t n) {
  float mx = x[0];
  size_t j = 0;
  if (n >= 4) {
    v4f m = load4(x);
    for (j = 4; j + 4 <= n; j += 4) {
      const v4f v = load4(x + j);
      m = vmax(m, v);
    }
    for (int l = 0; l < 4; ++l) mx = m[l] > mx ? m[l] : mx;
  }
  for (; j < n; ++j) mx = x[j] > mx ? x[j] : mx;
  return mx;
}

// e[j] = exp(x[j] − mx); returns Σ e.
inline float exp_shifted(const float* x, size_t n, float mx, float* e) {
  v4f s = splat(0.f);
  const v4f m = splat(mx);
  size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const v4f v = exp4(load4(x + j) - m);
    store4(e + j, v);
    s += v;
  }
  float total = hsum(s);
  for (; j < n; ++j) total += (e[j] = std::exp(x[j] - mx));
  return total;
}

inline void scale_row(float* y, size_t n, float f) {
  size_t j = 0;
  for (; j + 4 <= n; j += 4) store4(y + j, load4(y + j) * splat(f));
  for (; j < n; ++j) y[j] *= f;
}

}  // namespace

void f32_softmax__vec128_x4(size_t rows, size_t n, const float* x_all, float* y_all, bool log) {
  for (size_t r = 0; r < rows; ++r) {
    const float* x = x_all + r * n;
    float* o = y_all + r * n;
    const float mx = row_max(x, n);
    const float z = exp_shifted(x, n, mx, o);
    if (!log) {
      scale_row(o, n, 1.f / z);
      continue;
    }
    const float lz = std::log(z);  // (x − max) − log z: the largest logit's result stays exact (see the reference)
    const v4f m = splat(mx), l = splat(lz);
    size_t j = 0;
    for (; j + 4 <= n; j += 4) store4(o + j, (load4(x + j) - m) - l);
    for (; j < n; ++j) o[j] = (x[j] - mx) - lz;
  }
}

void f32_softmax_backward__vec128_x4(size_t rows, size_t n, const float* y_all, const float* gy_all, float* gx_all,
                                     bool log) {
  for (size_t r = 0; r < rows; ++r) {
    const float* o = y_all + r * n;
    const float* go = gy_all + r * n;
    float* gr = gx_all + r * n;
    v4f acc = splat(0.f);
    size_t j = 0;
    for (; j + 4 <= n; j += 4) acc += log ? load4(go + j) : load4(go + j) * load4(o + j);
    float dot = hsum(acc);
    for (; j < n; ++j) dot += log ? go[j] : go[j] * o[j];
    const v4f d = splat(dot);
    for (j = 0; j + 4 <= n; j += 4) {
      const v4f g = load4(go + j), y = load4(o + j);
      store4(gr + j, load4(gr + j) + (log ? g - exp4(y) * d : y * (g - d)));
    }
    for (; j < n; ++j) gr[j] += log ? go[j] - std::exp(o[j]) * dot : o[j] * (go[j] - dot);
  }
}

double f32_sparse_xent__vec128_x4(size_t rows, size_t n, const float* logits, const int32_t* labels, float* prob) {
  double loss = 0;
  for (size_t b = 0; b < rows; ++b) {
    const float* x = logits + b * n;
    float* p = prob + b * n;
    const float mx = row_max(x, n);
    const float z = exp_shifted(x, n, mx, p);
    scale_row(p, n, 1.f / z);
    loss -= double(x[labels[b]] - mx) - std::log(double(z));
  }
  return loss;
}

void f32_sparse_xent_backward__vec128_x4(size_t rows, size_t n, const float* prob, const int32_t* labels, float scale,
                                         float* gx) {
  const v4f s = splat(scale);
  for (size_t b = 0; b < rows; ++b) {
    const float* p = prob + b * n;
    float* g = gx + b * n;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) store4(g + j, load4(g + j) + s * load4(p + j));
    for (; j < n; ++j) g[j] += scale * p[j];
    g[labels[b]] -= scale;  // the one-hot target
  }
}

}  // namespace mlpg::kernels
