// Scalar reference kernels for the LSTM cell's elementwise math (PyTorch's
// gate order i, f, g, o in rows of 4H) and the GRU cell (r, z, n in rows of
// 3H); the σ/tanh derivatives are in activation_reference.cpp.
#include <cmath>

#include "kernels/kernels.h"

namespace mlpg::kernels {

namespace {
inline float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }
}  // namespace

void f32_lstm_gates__scalar(size_t rows, size_t h, const float* pre, const float* pre2, float* act) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < 4 * h; ++j) {
      const float x = pre[r * 4 * h + j] + (pre2 ? pre2[r * 4 * h + j] : 0.f);
      act[r * 4 * h + j] = (j >= 2 * h && j < 3 * h) ? std::tanh(x) : sigmoid(x);
    }
}

void f32_lstm_gates_backward__scalar(size_t rows, size_t h, const float* act, const float* dact, float* dpre) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < 4 * h; ++j) {
      const size_t k = r * 4 * h + j;
      const float a = act[k];
      dpre[k] = dact[k] * ((j >= 2 * h && j < 3 * h) ? 1.f - a * a : a * (1.f - a));
    }
}

void f32_lstm_state__scalar(size_t rows, size_t h, const float* act, const float* c_prev, float* c) {
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h;
    for (size_t j = 0; j < h; ++j) c[r * h + j] = f[j] * c_prev[r * h + j] + i[j] * g[j];
  }
}

void f32_lstm_state_backward__scalar(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                     float* dact, float* dc_prev) {
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h;
    for (size_t j = 0; j < h; ++j) {
      const float d = dc[r * h + j];
      if (dact) {
        float* da = dact + r * 4 * h;
        da[j] += d * g[j];
        da[h + j] += d * c_prev[r * h + j];
        da[2 * h + j] += d * i[j];
      }
      if (dc_prev) dc_prev[r * h + j] += d * f[j];
    }
  }
}

void f32_lstm_output__scalar(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out) {
  for (size_t r = 0; r < rows; ++r) {
    const float* o = act + r * 4 * h + 3 * h;
    for (size_t j = 0; j < h; ++j) {
      const float t = std::tanh(c[r * h + j]);
      tanh_c[r * h + j] = t;
      out[r * h + j] = o[j] * t;
    }
  }
}

void f32_lstm_output_backward__scalar(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                      float* dact, float* dc) {
  for (size_t r = 0; r < rows; ++r) {
    const float* o = act + r * 4 * h + 3 * h;
    for (size_t j = 0; j < h; ++j) {
      const float d = dh[r * h + j], t = tanh_c[r * h + j];
      if (dact) dact[r * 4 * h + 3 * h + j] += d * t;
      if (dc) dc[r * h + j] += d * o[j] * (1.f - t * t);
    }
  }
}

void f32_lstm_cell__scalar(size_t rows, size_t h, const float* pre, const float* c_prev, float* act, float* c,
                           float* tanh_c, float* out) {
  f32_lstm_gates__scalar(rows, h, pre, nullptr, act);
  f32_lstm_state__scalar(rows, h, act, c_prev, c);
  f32_lstm_output__scalar(rows, h, act, c, tanh_c, out);
}

void f32_lstm_cell_backward__scalar(size_t rows, size_t h, const float* act, const float* c_prev, const float* tanh_c,
                                    const float* dh, const float* dc, float* dpre, float* dc_prev) {
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h, *o = i + 3 * h;
    float* dp = dpre + r * 4 * h;
    for (size_t j = 0; j < h; ++j) {
      const size_t k = r * h + j;
      const float t = tanh_c[k], d = dh[k];
      const float dct = dc[k] + d * o[j] * (1.f - t * t);  // c's whole gradient: later steps' and this h's
      dp[j] = dct * g[j] * (i[j] * (1.f - i[j]));
      dp[h + j] = dct * c_prev[k] * (f[j] * (1.f - f[j]));
      dp[2 * h + j] = dct * i[j] * (1.f - g[j] * g[j]);
      dp[3 * h + j] = d * t * (o[j] * (1.f - o[j]));
      dc_prev[k] = dct * f[j];
    }
  }
}

}  // namespace mlpg::kernels

namespace mlpg::kernels {

void f32_gru_cell__scalar(size_t rows, size_t h, const float* xt, const float* hh, const float* h_prev, float* gates,
                          float* out) {
  for (size_t b = 0; b < rows; ++b) {
    const float *x = xt + b * 3 * h, *u = hh + b * 3 * h, *hp = h_prev + b * h;
    float *r = gates + b * 3 * h, *z = r + h, *n = r + 2 * h;
    for (size_t j = 0; j < h; ++j) {
      r[j] = sigmoid(x[j] + u[j]);
      z[j] = sigmoid(x[h + j] + u[h + j]);
      n[j] = std::tanh(x[2 * h + j] + r[j] * u[2 * h + j]);
      out[b * h + j] = n[j] + z[j] * (hp[j] - n[j]);  // (1 − z) n + z h
    }
  }
}

void f32_gru_cell_backward__scalar(size_t rows, size_t h, const float* hh, const float* h_prev, const float* gates,
                                   const float* dh, float* dxt, float* dhh, float* dh_prev) {
  for (size_t b = 0; b < rows; ++b) {
    const float *u = hh + b * 3 * h, *hp = h_prev + b * h, *d = dh + b * h;
    const float *r = gates + b * 3 * h, *z = r + h, *n = r + 2 * h;
    for (size_t j = 0; j < h; ++j) {
      const float dn = d[j] * (1.f - z[j]);
      const float dz = d[j] * (hp[j] - n[j]);
      const float dpn = dn * (1.f - n[j] * n[j]);        // through tanh
      const float dpz = dz * z[j] * (1.f - z[j]);        // through σ
      const float dpr = dpn * u[2 * h + j] * r[j] * (1.f - r[j]);
      if (dh_prev) dh_prev[b * h + j] += d[j] * z[j];
      if (dxt) {
        float* dx = dxt + b * 3 * h;
        dx[j] += dpr;
        dx[h + j] += dpz;
        dx[2 * h + j] += dpn;
      }
      if (dhh) {
        float* du = dhh + b * 3 * h;
        du[j] += dpr;
        du[h + j] += dpz;
        du[2 * h + j] += dpn * r[j];
      }
    }
  }
}

}  // namespace mlpg::kernels
