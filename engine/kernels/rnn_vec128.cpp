// 128-bit vector kernels for the LSTM cell's elementwise math and the
// sigmoid/tanh derivatives. Rows of 4H gates are handled as four runs of H;
// each run goes 4 lanes at a time with a scalar tail (H need not be a
// multiple of 4). Same formulas and operation order as the reference.
#include "kernels/kernels.h"
#include "kernels/vec128_util.h"

namespace mlpg::kernels {

namespace {
// gx += gy * d(y) over n elements, d given on vectors and on scalars.
template <class DV, class DS>
inline void act_backward(size_t n, const float* y, const float* gy, float* gx, DV dv, DS ds) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) store4(gx + i, load4(gx + i) + load4(gy + i) * dv(load4(y + i)));
  for (; i < n; ++i) gx[i] += gy[i] * ds(y[i]);
}
const auto kSigmoidD = [](auto a) { return a * (1.f - a); };
const auto kTanhD = [](auto a) { return 1.f - a * a; };
}  // namespace

void f32_sigmoid_backward__vec128_x4(size_t n, const float* y, const float* gy, float* gx) {
  act_backward(n, y, gy, gx, kSigmoidD, kSigmoidD);
}

void f32_tanh_backward__vec128_x4(size_t n, const float* y, const float* gy, float* gx) {
  act_backward(n, y, gy, gx, kTanhD, kTanhD);
}

void f32_lstm_gates__vec128_x4(size_t rows, size_t h, const float* pre, float* act) {
  for (size_t r = 0; r < rows; ++r) {
    const float* p = pre + r * 4 * h;
    float* a = act + r * 4 * h;
    f32_sigmoid__vec128_x4(2 * h, p, a);  // i, f
    f32_tanh__vec128_x4(h, p + 2 * h, a + 2 * h);  // g
    f32_sigmoid__vec128_x4(h, p + 3 * h, a + 3 * h);  // o
  }
}

void f32_lstm_gates_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* dact, float* dpre) {
  for (size_t r = 0; r < rows; ++r) {
    const size_t k = r * 4 * h;
    act_backward(2 * h, act + k, dact + k, dpre + k, kSigmoidD, kSigmoidD);
    act_backward(h, act + k + 2 * h, dact + k + 2 * h, dpre + k + 2 * h, kTanhD, kTanhD);
    act_backward(h, act + k + 3 * h, dact + k + 3 * h, dpre + k + 3 * h, kSigmoidD, kSigmoidD);
  }
}

void f32_lstm_state__vec128_x4(size_t rows, size_t h, const float* act, const float* c_prev, float* c) {
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h, *cp = c_prev + r * h;
    float* cr = c + r * h;
    size_t j = 0;
    for (; j + 4 <= h; j += 4) store4(cr + j, load4(f + j) * load4(cp + j) + load4(i + j) * load4(g + j));
    for (; j < h; ++j) cr[j] = f[j] * cp[j] + i[j] * g[j];
  }
}

void f32_lstm_state_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                        float* dact, float* dc_prev) {
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h, *cp = c_prev + r * h, *d = dc + r * h;
    float* da = dact ? dact + r * 4 * h : nullptr;
    float* dcp = dc_prev ? dc_prev + r * h : nullptr;
    size_t j = 0;
    for (; j + 4 <= h; j += 4) {
      const v4f dv = load4(d + j);
      if (da) {
        store4(da + j, load4(da + j) + dv * load4(g + j));
        store4(da + h + j, load4(da + h + j) + dv * load4(cp + j));
        store4(da + 2 * h + j, load4(da + 2 * h + j) + dv * load4(i + j));
      }
      if (dcp) store4(dcp + j, load4(dcp + j) + dv * load4(f + j));
    }
    for (; j < h; ++j) {
      if (da) {
        da[j] += d[j] * g[j];
        da[h + j] += d[j] * cp[j];
        da[2 * h + j] += d[j] * i[j];
      }
      if (dcp) dcp[j] += d[j] * f[j];
    }
  }
}

void f32_lstm_output__vec128_x4(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out) {
  f32_tanh__vec128_x4(rows * h, c, tanh_c);
  for (size_t r = 0; r < rows; ++r) {
    const float* o = act + r * 4 * h + 3 * h;
    const float* t = tanh_c + r * h;
    float* y = out + r * h;
    size_t j = 0;
    for (; j + 4 <= h; j += 4) store4(y + j, load4(o + j) * load4(t + j));
    for (; j < h; ++j) y[j] = o[j] * t[j];
  }
}

void f32_lstm_output_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                         float* dact, float* dc) {
  for (size_t r = 0; r < rows; ++r) {
    const float *o = act + r * 4 * h + 3 * h, *t = tanh_c + r * h, *d = dh + r * h;
    float* dao = dact ? dact + r * 4 * h + 3 * h : nullptr;
    float* dcr = dc ? dc + r * h : nullptr;
    size_t j = 0;
    for (; j + 4 <= h; j += 4) {
      const v4f dv = load4(d + j), tv = load4(t + j);
      if (dao) store4(dao + j, load4(dao + j) + dv * tv);
      if (dcr) store4(dcr + j, load4(dcr + j) + dv * load4(o + j) * (1.f - tv * tv));
    }
    for (; j < h; ++j) {
      if (dao) dao[j] += d[j] * t[j];
      if (dcr) dcr[j] += d[j] * o[j] * (1.f - t[j] * t[j]);
    }
  }
}

}  // namespace mlpg::kernels
