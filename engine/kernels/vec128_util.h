#pragma once
// Shared helpers of the 128-bit vector-extension kernels (*vec128.cpp and
// the AVX2 file's packing): unaligned loads and stores through memcpy (one
// v128.load/store in wasm, movups natively), broadcast, ReLU, a 4x4 transpose
// for packing, e^x, σ and tanh on four lanes, a lane sum, and the σ/tanh
// derivatives from their outputs.
#include <cstring>

namespace mlpg::kernels {
namespace {

typedef float v4f __attribute__((vector_size(16), aligned(4)));
typedef int v4i __attribute__((vector_size(16), aligned(4)));

inline v4f load4(const float* p) { v4f v; std::memcpy(&v, p, 16); return v; }
inline void store4(float* p, v4f v) { std::memcpy(p, &v, 16); }
inline v4f splat(float x) { return v4f{x, x, x, x}; }
inline v4f relu4(v4f v) { const v4f z = splat(0.f); return v > z ? v : z; }

// Four source rows (src + j·ld, j < 4), each contiguous over k, written as
// kc rows of four: dst[p·dst_stride + j] = src[j·ld + p]. 4x4 transposes in
// registers; the GEMM packs a transposed operand with it.
inline void transpose_rows4(const float* src, size_t ld, int kc, float* dst, int dst_stride) {
  int p = 0;
  for (; p + 4 <= kc; p += 4) {
    const v4f r0 = load4(src + p), r1 = load4(src + ld + p), r2 = load4(src + 2 * ld + p), r3 = load4(src + 3 * ld + p);
    const v4f t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5), t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
    const v4f t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5), t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
    store4(dst + (p + 0) * dst_stride, __builtin_shufflevector(t0, t2, 0, 1, 4, 5));
    store4(dst + (p + 1) * dst_stride, __builtin_shufflevector(t0, t2, 2, 3, 6, 7));
    store4(dst + (p + 2) * dst_stride, __builtin_shufflevector(t1, t3, 0, 1, 4, 5));
    store4(dst + (p + 3) * dst_stride, __builtin_shufflevector(t1, t3, 2, 3, 6, 7));
  }
  for (; p < kc; ++p)
    for (int j = 0; j < 4; ++j) dst[p * dst_stride + j] = src[j * ld + p];
}

// e^x for |x| <= 88 (inputs are clamped): x = n·ln2 + r, e^r by a polynomial,
// 2^n assembled in the exponent bits.
inline v4f exp4(v4f x) {
  const v4f hi = splat(88.3762626647949f), lo = splat(-88.3762626647949f);
  x = x > hi ? hi : x;
  x = x < lo ? lo : x;
  v4f fx = x * splat(1.44269504088896341f) + splat(0.5f);
  v4f t = __builtin_convertvector(__builtin_convertvector(fx, v4i), v4f);  // truncation
  fx = t > fx ? t - splat(1.f) : t;                                          // floor
  x = x - fx * splat(0.693359375f) - fx * splat(-2.12194440e-4f);
  const v4f x2 = x * x;
  v4f p = splat(1.9875691500e-4f);
  p = p * x + splat(1.3981999507e-3f);
  p = p * x + splat(8.3334519073e-3f);
  p = p * x + splat(4.1665795894e-2f);
  p = p * x + splat(1.6666665459e-1f);
  p = p * x + splat(5.0000001201e-1f);
  p = p * x2 + x + splat(1.f);
  const v4i e = (__builtin_convertvector(fx, v4i) + 127) << 23;
  v4f scale;
  std::memcpy(&scale, &e, 16);
  return p * scale;
}

inline v4f sigmoid4(v4f x) { return splat(1.f) / (splat(1.f) + exp4(-x)); }

// tanh(x) = sign(x) · (1 − e^{−2|x|}) / (1 + e^{−2|x|}): no cancellation for
// large |x|; small |x| keeps absolute error ~1e-7.
inline v4f tanh4(v4f v) {
  const v4f a = v < splat(0.f) ? -v : v;
  const v4f e = exp4(splat(-2.f) * a);
  const v4f t = (splat(1.f) - e) / (splat(1.f) + e);
  return v < splat(0.f) ? -t : t;
}

}  // namespace
// Sum of the four lanes.
inline float hsum(v4f v) { return (v[0] + v[1]) + (v[2] + v[3]); }

// gx += gy * d(y) over n elements; d is generic, called on vectors and scalars
// (the derivatives of σ and tanh from their outputs, for activations and cells).
template <class D>
inline void act_backward(size_t n, const float* y, const float* gy, float* gx, D d) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) store4(gx + i, load4(gx + i) + load4(gy + i) * d(load4(y + i)));
  for (; i < n; ++i) gx[i] += gy[i] * d(y[i]);
}
const auto kSigmoidD = [](auto a) { return a * (1.f - a); };
const auto kTanhD = [](auto a) { return 1.f - a * a; };

}  // namespace mlpg::kernels
