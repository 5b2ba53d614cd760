#pragma once
// e^x, σ and tanh on a vector of any width (GCC/Clang vector extensions), and
// the LSTM cell's forward math built on them. The 128-bit set uses them on
// four lanes (vec128_util.h); the AVX2 and AVX-512 files on 8 and 16, each
// compiled with its own ISA flags. In an unnamed namespace on purpose: every
// file gets its own copy, so the linker never hands one ISA another's code.
// V is the float vector type, VI the int vector of the same width.
#include <cstring>

#include "kernels/kernels.h"

namespace mlpg::kernels {
namespace {

template <class V> inline V vload(const float* p) { V v; std::memcpy(&v, p, sizeof(V)); return v; }
template <class V> inline void vstore(float* p, V v) { std::memcpy(p, &v, sizeof(V)); }
// x in every lane. Written x − 0, which compilers fold to a bare broadcast
// (x − (+0) is x for every x, −0 included); 0 + x is not x for x = −0, so
// `V{} + x` kept an add per broadcast (one per tap of the direct convolution).
template <class V> inline V vsplat(float x) { return x - V{}; }
template <class V> constexpr size_t lanes_of() { return sizeof(V) / sizeof(float); }

// b where a < b, else a (so a when either is NaN), and its mirror: the
// selects ReLU, max-pooling and the clamps are made of. Natively the
// compilers make each one maxps / minps. In wasm clang makes such a select
// f32x4.max / min or compare + bitselect, which V8 lowers to 4-7 x86
// instructions each (IEEE NaN and signed-zero rules); f32x4.pmax / pmin are
// this select exactly and one instruction.
template <class V>
inline V vmax(V a, V b) {
#if defined(__wasm_simd128__)
  if constexpr (sizeof(V) == 16) {
    typedef float f32x4 __attribute__((vector_size(16)));
    return V(__builtin_wasm_pmax_f32x4(f32x4(a), f32x4(b)));
  }
#endif
  return a < b ? b : a;
}
template <class V>
inline V vmin(V a, V b) {  // b where b < a, else a
#if defined(__wasm_simd128__)
  if constexpr (sizeof(V) == 16) {
    typedef float f32x4 __attribute__((vector_size(16)));
    return V(__builtin_wasm_pmin_f32x4(f32x4(a), f32x4(b)));
  }
#endif
  return b < a ? b : a;
}

// e^x: x = n·ln2 + r with n = round(x·log2 e), e^r by a polynomial (Cephes'
// expf, about 2 ulp), 2^n assembled in the exponent bits. n is read off the
// float's own rounding: adding 1.5·2^23 (+ 127, the exponent bias) leaves
// n + 127 in the low mantissa bits, so one shift makes 2^n and one
// subtraction gives n as a float. Cephes' floor by two conversions and a
// fix-up cost five more operations; in wasm the saturating conversion is
// several instructions each (LSTM cell kernel alone: 24.1 -> 19.0 us a step).
// Inputs are clamped to [-88, 88]: n in [-127, 127], where n = -127 (x below
// about -87.7) leaves the exponent field 0, so 2^n reads as +0 and so does
// the result (e^x is a denormal there, under 1.2e-38), as in Cephes.
template <class V, class VI>
inline V exp_v(V x) {
  x = vmax(vmin(x, vsplat<V>(88.f)), vsplat<V>(-88.f));
  const V magic = vsplat<V>(12582912.f + 127.f);  // 1.5·2^23 + 127
  const V fx = x * vsplat<V>(1.44269504088896341f) + magic;
  const V n = fx - magic;
  x = x - n * vsplat<V>(0.693359375f) - n * vsplat<V>(-2.12194440e-4f);
  const V x2 = x * x;
  V p = vsplat<V>(1.9875691500e-4f);
  p = p * x + vsplat<V>(1.3981999507e-3f);
  p = p * x + vsplat<V>(8.3334519073e-3f);
  p = p * x + vsplat<V>(4.1665795894e-2f);
  p = p * x + vsplat<V>(1.6666665459e-1f);
  p = p * x + vsplat<V>(5.0000001201e-1f);
  p = p * x2 + x + vsplat<V>(1.f);
  VI e;
  std::memcpy(&e, &fx, sizeof(V));
  e = e << 23;  // n + 127 into the exponent field; the bits above it fall off
  V scale;
  std::memcpy(&scale, &e, sizeof(V));
  return p * scale;
}

template <class V, class VI>
inline V sigmoid_v(V x) { return vsplat<V>(1.f) / (vsplat<V>(1.f) + exp_v<V, VI>(-x)); }

// tanh(x) = sign(x) · (1 − e^{−2|x|}) / (1 + e^{−2|x|}): no cancellation for
// large |x|; small |x| keeps absolute error ~1e-7.
template <class V, class VI>
inline V tanh_v(V v) {
  const V zero = vsplat<V>(0.f);
  const V a = v < zero ? -v : v;
  const V e = exp_v<V, VI>(vsplat<V>(-2.f) * a);
  const V t = (vsplat<V>(1.f) - e) / (vsplat<V>(1.f) + e);
  return v < zero ? -t : t;
}

// tanh(x) = 2σ(2x) − 1: one e^x fewer operations than tanh_v's sign
// handling, absolute error about 2e-7 but no relative accuracy near 0 (for
// tiny x, 2σ(2x) − 1 keeps the 6e-8 rounding of 0.5). The LSTM cell's g and
// tanh(c) only ever join sums with O(1) terms, so absolute error is what
// counts there; the tanh activation keeps tanh_v.
template <class V, class VI>
inline V tanh_by_sigmoid_v(V x) { return vsplat<V>(2.f) * sigmoid_v<V, VI>(vsplat<V>(2.f) * x) - vsplat<V>(1.f); }

// y = σ(x) or tanh(x) over n floats: whole vectors, then the reference.
template <class V, class VI>
inline void sigmoid_n(size_t n, const float* x, float* y) {
  size_t i = 0;
  for (; i + lanes_of<V>() <= n; i += lanes_of<V>()) vstore(y + i, sigmoid_v<V, VI>(vload<V>(x + i)));
  if (i < n) f32_sigmoid__scalar(n - i, x + i, y + i);
}
template <class V, class VI>
inline void tanh_n(size_t n, const float* x, float* y) {
  size_t i = 0;
  for (; i + lanes_of<V>() <= n; i += lanes_of<V>()) vstore(y + i, tanh_v<V, VI>(vload<V>(x + i)));
  if (i < n) f32_tanh__scalar(n - i, x + i, y + i);
}

// The LSTM cell's activations, rows of [i f g o] (4H each): σ, σ, tanh, σ,
// of pre + pre2 (null: pre), a row's sum made in act (still in L1) first.
template <class V, class VI>
inline void lstm_gates_n(size_t rows, size_t h, const float* pre, const float* pre2, float* act) {
  for (size_t r = 0; r < rows; ++r) {
    const float* p = pre + r * 4 * h;
    float* a = act + r * 4 * h;
    if (pre2) {
      const float* q = pre2 + r * 4 * h;
      size_t j = 0;
      for (; j + lanes_of<V>() <= 4 * h; j += lanes_of<V>()) vstore(a + j, vload<V>(p + j) + vload<V>(q + j));
      for (; j < 4 * h; ++j) a[j] = p[j] + q[j];
      p = a;
    }
    sigmoid_n<V, VI>(2 * h, p, a);              // i, f
    tanh_n<V, VI>(h, p + 2 * h, a + 2 * h);     // g
    sigmoid_n<V, VI>(h, p + 3 * h, a + 3 * h);  // o
  }
}

// c = f ⊙ c_prev + i ⊙ g
template <class V>
inline void lstm_state_n(size_t rows, size_t h, const float* act, const float* c_prev, float* c) {
  constexpr size_t W = lanes_of<V>();
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h, *cp = c_prev + r * h;
    float* cr = c + r * h;
    size_t j = 0;
    for (; j + W <= h; j += W) vstore(cr + j, vload<V>(f + j) * vload<V>(cp + j) + vload<V>(i + j) * vload<V>(g + j));
    for (; j < h; ++j) cr[j] = f[j] * cp[j] + i[j] * g[j];
  }
}

// dact[i, f, g] += dc ⊙ [g, c_prev, i], dc_prev += dc ⊙ f (either may be null)
template <class V>
inline void lstm_state_backward_n(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                  float* dact, float* dc_prev) {
  constexpr size_t W = lanes_of<V>();
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h, *cp = c_prev + r * h, *d = dc + r * h;
    float* da = dact ? dact + r * 4 * h : nullptr;
    float* dcp = dc_prev ? dc_prev + r * h : nullptr;
    size_t j = 0;
    for (; j + W <= h; j += W) {
      const V dv = vload<V>(d + j);
      if (da) {
        vstore(da + j, vload<V>(da + j) + dv * vload<V>(g + j));
        vstore(da + h + j, vload<V>(da + h + j) + dv * vload<V>(cp + j));
        vstore(da + 2 * h + j, vload<V>(da + 2 * h + j) + dv * vload<V>(i + j));
      }
      if (dcp) vstore(dcp + j, vload<V>(dcp + j) + dv * vload<V>(f + j));
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

// dact[o] += dh ⊙ tanh_c, dc += dh ⊙ o ⊙ (1 − tanh_c²) (either may be null)
template <class V>
inline void lstm_output_backward_n(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                   float* dact, float* dc) {
  constexpr size_t W = lanes_of<V>();
  for (size_t r = 0; r < rows; ++r) {
    const float *o = act + r * 4 * h + 3 * h, *t = tanh_c + r * h, *d = dh + r * h;
    float* dao = dact ? dact + r * 4 * h + 3 * h : nullptr;
    float* dcr = dc ? dc + r * h : nullptr;
    size_t j = 0;
    for (; j + W <= h; j += W) {
      const V dv = vload<V>(d + j), tv = vload<V>(t + j);
      if (dao) vstore(dao + j, vload<V>(dao + j) + dv * tv);
      if (dcr) vstore(dcr + j, vload<V>(dcr + j) + dv * vload<V>(o + j) * (1.f - tv * tv));
    }
    for (; j < h; ++j) {
      if (dao) dao[j] += d[j] * t[j];
      if (dcr) dcr[j] += d[j] * o[j] * (1.f - t[j] * t[j]);
    }
  }
}

// The cell's backward in one pass (LstmCellBackwardFn): dpre and dc_prev
// written; dc_prev may be dc (each lane's dc is read before it is written).
template <class V>
inline void lstm_cell_backward_n(size_t rows, size_t h, const float* act, const float* c_prev, const float* tanh_c,
                                 const float* dh, const float* dc, float* dpre, float* dc_prev) {
  constexpr size_t W = lanes_of<V>();
  const V one = vsplat<V>(1.f);
  for (size_t r = 0; r < rows; ++r) {
    const float *i = act + r * 4 * h, *f = i + h, *g = i + 2 * h, *o = i + 3 * h;
    const float *cp = c_prev + r * h, *tc = tanh_c + r * h, *d = dh + r * h, *dcr = dc + r * h;
    float *dp = dpre + r * 4 * h, *dcp = dc_prev + r * h;
    size_t j = 0;
    for (; j + W <= h; j += W) {
      const V iv = vload<V>(i + j), fv = vload<V>(f + j), gv = vload<V>(g + j), ov = vload<V>(o + j);
      const V t = vload<V>(tc + j), dv = vload<V>(d + j);
      const V dct = vload<V>(dcr + j) + dv * ov * (one - t * t);
      vstore(dp + j, dct * gv * (iv * (one - iv)));
      vstore(dp + h + j, dct * vload<V>(cp + j) * (fv * (one - fv)));
      vstore(dp + 2 * h + j, dct * iv * (one - gv * gv));
      vstore(dp + 3 * h + j, dv * t * (ov * (one - ov)));
      vstore(dcp + j, dct * fv);
    }
    for (; j < h; ++j) {
      const float t = tc[j], dct = dcr[j] + d[j] * o[j] * (1.f - t * t);
      dp[j] = dct * g[j] * (i[j] * (1.f - i[j]));
      dp[h + j] = dct * cp[j] * (f[j] * (1.f - f[j]));
      dp[2 * h + j] = dct * i[j] * (1.f - g[j] * g[j]);
      dp[3 * h + j] = d[j] * t * (o[j] * (1.f - o[j]));
      dcp[j] = dct * f[j];
    }
  }
}

// gx = x > 0 ? gy : 0 (written; gx may be gy)
template <class V, class VI>
inline void relu_backward_n(size_t n, const float* x, const float* gy, float* gx) {
  constexpr size_t W = lanes_of<V>();
  size_t i = 0;
  for (; i + W <= n; i += W) {
    const VI on = vload<V>(x + i) > V{};
    vstore(gx + i, on ? vload<V>(gy + i) : V{});
  }
  for (; i < n; ++i) gx[i] = x[i] > 0.f ? gy[i] : 0.f;
}

// h = o ⊙ tanh(c), keeping tanh(c) for the backward pass.
template <class V, class VI>
inline void lstm_output_n(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out) {
  tanh_n<V, VI>(rows * h, c, tanh_c);
  for (size_t r = 0; r < rows; ++r) {
    const float* o = act + r * 4 * h + 3 * h;
    const float* t = tanh_c + r * h;
    float* y = out + r * h;
    size_t j = 0;
    for (; j + lanes_of<V>() <= h; j += lanes_of<V>()) vstore(y + j, vload<V>(o + j) * vload<V>(t + j));
    for (; j < h; ++j) y[j] = o[j] * t[j];
  }
}

// The whole cell forward in one pass (LstmCellFn): each column's four gates,
// then c and h, while they are in registers; g and tanh(c) by
// tanh_by_sigmoid_v (the cell kernel alone, AVX-512: 19.0 -> 16.3 us a step
// of the course LSTM). act may be pre.
template <class V, class VI>
inline void lstm_cell_n(size_t rows, size_t h, const float* pre, const float* c_prev, float* act, float* c,
                        float* tanh_c, float* out) {
  constexpr size_t W = lanes_of<V>();
  for (size_t r = 0; r < rows; ++r) {
    const float* p = pre + r * 4 * h;
    float* a = act + r * 4 * h;
    const float* cp = c_prev + r * h;
    float *cr = c + r * h, *tr = tanh_c + r * h, *y = out + r * h;
    auto in = [&](size_t k) { return vload<V>(p + k); };
    size_t j = 0;
    for (; j + W <= h; j += W) {
      const V iv = sigmoid_v<V, VI>(in(j)), fv = sigmoid_v<V, VI>(in(h + j));
      const V gv = tanh_by_sigmoid_v<V, VI>(in(2 * h + j)), ov = sigmoid_v<V, VI>(in(3 * h + j));
      vstore(a + j, iv);
      vstore(a + h + j, fv);
      vstore(a + 2 * h + j, gv);
      vstore(a + 3 * h + j, ov);
      const V cv = fv * vload<V>(cp + j) + iv * gv, tv = tanh_by_sigmoid_v<V, VI>(cv);
      vstore(cr + j, cv);
      vstore(tr + j, tv);
      vstore(y + j, ov * tv);
    }
    for (; j < h; ++j) {
      float x[4];
      for (size_t k = 0; k < 4; ++k) x[k] = p[k * h + j];
      f32_sigmoid__scalar(2, x, x);  // i, f
      f32_tanh__scalar(1, x + 2, x + 2);
      f32_sigmoid__scalar(1, x + 3, x + 3);
      for (size_t k = 0; k < 4; ++k) a[k * h + j] = x[k];
      cr[j] = x[1] * cp[j] + x[0] * x[2];
      f32_tanh__scalar(1, cr + j, tr + j);
      y[j] = x[3] * tr[j];
    }
  }
}

}  // namespace
}  // namespace mlpg::kernels

// The wide sets' σ, tanh, ReLU's derivative and LSTM cell kernels at W
// lanes, defined in the file compiled for that ISA (inside namespace
// mlpg::kernels): f32_sigmoid__<isa>_x<W>, f32_tanh__..., f32_lstm_gates__...,
// f32_lstm_output__..., f32_lstm_state__... and their backward kernels.
#define MLPG_DEFINE_WIDE_ACTIVATIONS(isa, W)                                                                   \
  typedef float v##W##f __attribute__((vector_size(4 * W), aligned(4)));                                      \
  typedef int v##W##i __attribute__((vector_size(4 * W), aligned(4)));                                        \
  void f32_sigmoid__##isa##_x##W(size_t n, const float* x, float* y) { sigmoid_n<v##W##f, v##W##i>(n, x, y); } \
  void f32_tanh__##isa##_x##W(size_t n, const float* x, float* y) { tanh_n<v##W##f, v##W##i>(n, x, y); }       \
  void f32_lstm_gates__##isa##_x##W(size_t rows, size_t h, const float* pre, const float* pre2, float* act) {  \
    lstm_gates_n<v##W##f, v##W##i>(rows, h, pre, pre2, act);                                                   \
  }                                                                                                            \
  void f32_lstm_output__##isa##_x##W(size_t rows, size_t h, const float* act, const float* c, float* tanh_c,   \
                                     float* out) {                                                             \
    lstm_output_n<v##W##f, v##W##i>(rows, h, act, c, tanh_c, out);                                             \
  }                                                                                                            \
  void f32_lstm_state__##isa##_x##W(size_t rows, size_t h, const float* act, const float* c_prev, float* c) {  \
    lstm_state_n<v##W##f>(rows, h, act, c_prev, c);                                                            \
  }                                                                                                            \
  void f32_lstm_state_backward__##isa##_x##W(size_t rows, size_t h, const float* act, const float* c_prev,      \
                                             const float* dc, float* dact, float* dc_prev) {                   \
    lstm_state_backward_n<v##W##f>(rows, h, act, c_prev, dc, dact, dc_prev);                                   \
  }                                                                                                            \
  void f32_lstm_output_backward__##isa##_x##W(size_t rows, size_t h, const float* act, const float* tanh_c,     \
                                              const float* dh, float* dact, float* dc) {                       \
    lstm_output_backward_n<v##W##f>(rows, h, act, tanh_c, dh, dact, dc);                                       \
  }                                                                                                            \
  void f32_lstm_cell__##isa##_x##W(size_t rows, size_t h, const float* pre, const float* c_prev, float* act,   \
                                   float* c, float* tanh_c, float* out) {                                      \
    lstm_cell_n<v##W##f, v##W##i>(rows, h, pre, c_prev, act, c, tanh_c, out);                                  \
  }                                                                                                            \
  void f32_lstm_cell_backward__##isa##_x##W(size_t rows, size_t h, const float* act, const float* c_prev,       \
                                            const float* tanh_c, const float* dh, const float* dc, float* dpre,  \
                                            float* dc_prev) {                                                    \
    lstm_cell_backward_n<v##W##f>(rows, h, act, c_prev, tanh_c, dh, dc, dpre, dc_prev);                          \
  }                                                                                                            \
  void f32_relu_backward__##isa##_x##W(size_t n, const float* x, const float* gy, float* gx) {                 \
    relu_backward_n<v##W##f, v##W##i>(n, x, gy, gx);                                                           \
  }
