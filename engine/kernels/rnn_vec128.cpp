// 128-bit vector kernels for the LSTM and GRU cells' elementwise math. Rows of 4H gates are handled as four runs of H;
// each run goes 4 lanes at a time with a scalar tail (H need not be a
// multiple of 4). Same formulas and operation order as the reference.
#include <cmath>

#include "kernels/kernels.h"
#include "kernels/vec128_util.h"

namespace mlpg::kernels {

void f32_lstm_gates__vec128_x4(size_t rows, size_t h, const float* pre, const float* pre2, float* act) {
  lstm_gates_n<v4f, v4i>(rows, h, pre, pre2, act);
}

void f32_lstm_gates_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* dact, float* dpre) {
  for (size_t r = 0; r < rows; ++r) {
    const size_t k = r * 4 * h;
    act_backward<false>(2 * h, act + k, dact + k, dpre + k, kSigmoidD);
    act_backward<false>(h, act + k + 2 * h, dact + k + 2 * h, dpre + k + 2 * h, kTanhD);
    act_backward<false>(h, act + k + 3 * h, dact + k + 3 * h, dpre + k + 3 * h, kSigmoidD);
  }
}

void f32_lstm_state__vec128_x4(size_t rows, size_t h, const float* act, const float* c_prev, float* c) {
  lstm_state_n<v4f>(rows, h, act, c_prev, c);
}

void f32_lstm_state_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                        float* dact, float* dc_prev) {
  lstm_state_backward_n<v4f>(rows, h, act, c_prev, dc, dact, dc_prev);
}

void f32_lstm_output__vec128_x4(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out) {
  lstm_output_n<v4f, v4i>(rows, h, act, c, tanh_c, out);
}

void f32_lstm_output_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                         float* dact, float* dc) {
  lstm_output_backward_n<v4f>(rows, h, act, tanh_c, dh, dact, dc);
}

void f32_lstm_cell__vec128_x4(size_t rows, size_t h, const float* pre, const float* c_prev, float* act, float* c,
                              float* tanh_c, float* out) {
  lstm_cell_n<v4f, v4i>(rows, h, pre, c_prev, act, c, tanh_c, out);
}

void f32_lstm_cell_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* c_prev, const float* tanh_c,
                                       const float* dh, const float* dc, float* dpre, float* dc_prev) {
  lstm_cell_backward_n<v4f>(rows, h, act, c_prev, tanh_c, dh, dc, dpre, dc_prev);
}

}  // namespace mlpg::kernels

namespace mlpg::kernels {

void f32_gru_cell__vec128_x4(size_t rows, size_t h, const float* xt, const float* hh, const float* h_prev, float* gates,
                             float* out) {
  const size_t h4 = h & ~size_t(3);
  for (size_t b = 0; b < rows; ++b) {
    const float *x = xt + b * 3 * h, *u = hh + b * 3 * h, *hp = h_prev + b * h;
    float *r = gates + b * 3 * h, *z = r + h, *n = r + 2 * h, *y = out + b * h;
    for (size_t j = 0; j < h4; j += 4) {
      const v4f rv = sigmoid4(load4(x + j) + load4(u + j));
      const v4f zv = sigmoid4(load4(x + h + j) + load4(u + h + j));
      const v4f nv = tanh4(load4(x + 2 * h + j) + rv * load4(u + 2 * h + j));
      store4(r + j, rv);
      store4(z + j, zv);
      store4(n + j, nv);
      store4(y + j, nv + zv * (load4(hp + j) - nv));
    }
    for (size_t j = h4; j < h; ++j) {  // scalar tail, the reference's formulas
      r[j] = 1.f / (1.f + std::exp(-(x[j] + u[j])));
      z[j] = 1.f / (1.f + std::exp(-(x[h + j] + u[h + j])));
      n[j] = std::tanh(x[2 * h + j] + r[j] * u[2 * h + j]);
      y[j] = n[j] + z[j] * (hp[j] - n[j]);
    }
  }
}

void f32_gru_cell_backward__vec128_x4(size_t rows, size_t h, const float* hh, const float* h_prev, const float* gates,
                                      const float* dh, float* dxt, float* dhh, float* dh_prev) {
  const size_t h4 = h & ~size_t(3);
  for (size_t b = 0; b < rows; ++b) {
    const float *u = hh + b * 3 * h, *hp = h_prev + b * h, *d = dh + b * h;
    const float *r = gates + b * 3 * h, *z = r + h, *n = r + 2 * h;
    float* dx = dxt ? dxt + b * 3 * h : nullptr;
    float* du = dhh ? dhh + b * 3 * h : nullptr;
    float* dhp = dh_prev ? dh_prev + b * h : nullptr;
    for (size_t j = 0; j < h4; j += 4) {
      const v4f dv = load4(d + j), rv = load4(r + j), zv = load4(z + j), nv = load4(n + j);
      const v4f dn = dv * (1.f - zv);
      const v4f dz = dv * (load4(hp + j) - nv);
      const v4f dpn = dn * (1.f - nv * nv);
      const v4f dpz = dz * zv * (1.f - zv);
      const v4f dpr = dpn * load4(u + 2 * h + j) * rv * (1.f - rv);
      if (dhp) store4(dhp + j, load4(dhp + j) + dv * zv);
      if (dx) {
        store4(dx + j, load4(dx + j) + dpr);
        store4(dx + h + j, load4(dx + h + j) + dpz);
        store4(dx + 2 * h + j, load4(dx + 2 * h + j) + dpn);
      }
      if (du) {
        store4(du + j, load4(du + j) + dpr);
        store4(du + h + j, load4(du + h + j) + dpz);
        store4(du + 2 * h + j, load4(du + 2 * h + j) + dpn * rv);
      }
    }
    for (size_t j = h4; j < h; ++j) {  // scalar tail, the reference's formulas
      const float dn = d[j] * (1.f - z[j]), dz = d[j] * (hp[j] - n[j]);
      const float dpn = dn * (1.f - n[j] * n[j]), dpz = dz * z[j] * (1.f - z[j]);
      const float dpr = dpn * u[2 * h + j] * r[j] * (1.f - r[j]);
      if (dhp) dhp[j] += d[j] * z[j];
      if (dx) { dx[j] += dpr; dx[h + j] += dpz; dx[2 * h + j] += dpn; }
      if (du) { du[j] += dpr; du[h + j] += dpz; du[2 * h + j] += dpn * r[j]; }
    }
  }
}

}  // namespace mlpg::kernels
