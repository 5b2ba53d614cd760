#pragma once
// Shared helpers of the 128-bit vector-extension kernels (*vec128.cpp and
// the AVX2 file's packing): unaligned loads and stores through memcpy (one
// v128.load/store in wasm, movups natively), broadcast, ReLU, a 4x4 transpose
// for packing, e^x, σ and tanh on four lanes, a lane sum, and the σ/tanh
// derivatives from their outputs.
#include <cstring>

#include "kernels/vec_math.h"

namespace mlpg::kernels {
namespace {

typedef float v4f __attribute__((vector_size(16), aligned(4)));
typedef int v4i __attribute__((vector_size(16), aligned(4)));

inline v4f load4(const float* p) { v4f v; std::memcpy(&v, p, 16); return v; }
inline void store4(float* p, v4f v) { std::memcpy(p, &v, 16); }
inline v4f splat(float x) { return v4f{x, x, x, x}; }
inline v4f relu4(v4f v) { return vmax(splat(0.f), v); }

// Four source rows s0..s3, each contiguous over k, written as kc rows of
// four: dst[p·dst_stride + j] = s_j[p]. 4x4 transposes in registers; the
// GEMM packs a transposed operand with it, the implicit convolution four
// output pixels' windows.
inline void transpose_ptrs4(const float* s0, const float* s1, const float* s2, const float* s3, int kc, float* dst,
                            int dst_stride) {
  int p = 0;
  for (; p + 4 <= kc; p += 4) {
    const v4f r0 = load4(s0 + p), r1 = load4(s1 + p), r2 = load4(s2 + p), r3 = load4(s3 + p);
    const v4f t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5), t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
    const v4f t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5), t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
    store4(dst + (p + 0) * dst_stride, __builtin_shufflevector(t0, t2, 0, 1, 4, 5));
    store4(dst + (p + 1) * dst_stride, __builtin_shufflevector(t0, t2, 2, 3, 6, 7));
    store4(dst + (p + 2) * dst_stride, __builtin_shufflevector(t1, t3, 0, 1, 4, 5));
    store4(dst + (p + 3) * dst_stride, __builtin_shufflevector(t1, t3, 2, 3, 6, 7));
  }
  for (; p < kc; ++p) {
    float* d = dst + p * dst_stride;
    d[0] = s0[p];
    d[1] = s1[p];
    d[2] = s2[p];
    d[3] = s3[p];
  }
}

// The same for rows src + j·ld.
inline void transpose_rows4(const float* src, size_t ld, int kc, float* dst, int dst_stride) {
  transpose_ptrs4(src, src + ld, src + 2 * ld, src + 3 * ld, kc, dst, dst_stride);
}

// e^x, σ and tanh on four lanes: vec_math.h's, at this width.
inline v4f exp4(v4f x) { return exp_v<v4f, v4i>(x); }
inline v4f sigmoid4(v4f x) { return sigmoid_v<v4f, v4i>(x); }
inline v4f tanh4(v4f v) { return tanh_v<v4f, v4i>(v); }

}  // namespace
// Sum of the four lanes.
inline float hsum(v4f v) { return (v[0] + v[1]) + (v[2] + v[3]); }

// gx += gy * d(y) over n elements (gx = ... when not Accumulate; gx may then
// be gy); d is generic, called on vectors and scalars (the derivatives of σ
// and tanh from their outputs, for activations and cells).
template <bool Accumulate = true, class D>
inline void act_backward(size_t n, const float* y, const float* gy, float* gx, D d) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v4f v = load4(gy + i) * d(load4(y + i));
    store4(gx + i, Accumulate ? load4(gx + i) + v : v);
  }
  for (; i < n; ++i) gx[i] = Accumulate ? gx[i] + gy[i] * d(y[i]) : gy[i] * d(y[i]);
}
const auto kSigmoidD = [](auto a) { return a * (1.f - a); };
const auto kTanhD = [](auto a) { return 1.f - a * a; };

}  // namespace mlpg::kernels
