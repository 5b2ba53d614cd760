#pragma once
// im2col and col2im on NHWC tensors for a vector of any width (GCC/Clang
// vector extensions): the 128-bit set at four floats, the AVX2 and AVX-512
// files at 8 and 16, each compiled with its own ISA flags (an unnamed
// namespace, as vec_math.h). For each output pixel and kernel row, the span
// of kernel columns inside the image is one contiguous run of (kx1 - kx0)·c
// floats in both x and the patch row (96 for the course's second layer):
// copied (im2col, columns outside the image zero-filled) or added back
// (col2im, columns outside skipped).
#include <cstdint>
#include <cstring>

#include "kernels/kernels.h"
#include "kernels/vec_math.h"

namespace mlpg::kernels {
namespace {

// dst[0..n) = src[0..n) (or += when Accumulate), two vectors then one a step.
template <class V, bool Accumulate>
inline void copy_run(float* dst, const float* src, int n) {
  constexpr int W = int(lanes_of<V>());
  int i = 0;
  for (; i + 2 * W <= n; i += 2 * W) {
    const V a = vload<V>(src + i), b = vload<V>(src + i + W);
    vstore(dst + i, Accumulate ? vload<V>(dst + i) + a : a);
    vstore(dst + i + W, Accumulate ? vload<V>(dst + i + W) + b : b);
  }
  for (; i + W <= n; i += W) vstore(dst + i, Accumulate ? vload<V>(dst + i) + vload<V>(src + i) : vload<V>(src + i));
  for (; i < n; ++i) dst[i] = Accumulate ? dst[i] + src[i] : src[i];
}

template <class V, bool Backward>
inline void im2col_walk(const ConvGeom& g, const float* x_in, float* x_out, const float* cols_in, float* cols_out) {
  const int patch = g.patch(), c = g.c;
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        const int64_t r = (int64_t(b) * g.oh + oy) * g.ow + ox;
        const int ix0 = ox * g.stride_w - g.pad_left;
        const int kx0 = ix0 < 0 ? -ix0 : 0;
        const int kx1 = ix0 + g.kw > g.w ? g.w - ix0 : g.kw;
        for (int ky = 0; ky < g.kh; ++ky) {
          const int iy = oy * g.stride_h + ky - g.pad_top;
          const int64_t prow = r * patch + int64_t(ky) * g.kw * c;
          const bool row_inside = iy >= 0 && iy < g.h && kx1 > kx0;
          if (Backward) {
            if (!row_inside) continue;
            copy_run<V, true>(x_out + ((int64_t(b) * g.h + iy) * g.w + ix0 + kx0) * c, cols_in + prow + int64_t(kx0) * c,
                              (kx1 - kx0) * c);
          } else {
            float* dst = cols_out + prow;
            if (!row_inside) { std::memset(dst, 0, sizeof(float) * size_t(g.kw) * c); continue; }
            if (kx0 > 0) std::memset(dst, 0, sizeof(float) * size_t(kx0) * c);
            copy_run<V, false>(dst + int64_t(kx0) * c, x_in + ((int64_t(b) * g.h + iy) * g.w + ix0 + kx0) * c,
                               (kx1 - kx0) * c);
            if (kx1 < g.kw) std::memset(dst + int64_t(kx1) * c, 0, sizeof(float) * size_t(g.kw - kx1) * c);
          }
        }
      }
}

template <class V>
inline void im2col_n(const ConvGeom& g, const float* x, float* cols) { im2col_walk<V, false>(g, x, nullptr, nullptr, cols); }
template <class V>
inline void col2im_n(const ConvGeom& g, const float* dcols, float* dx) { im2col_walk<V, true>(g, nullptr, dx, dcols, nullptr); }

}  // namespace
}  // namespace mlpg::kernels

// A wide set's im2col and col2im at W floats, in the file compiled for that
// ISA, after MLPG_DEFINE_WIDE_ACTIVATIONS (whose vector types it uses).
#define MLPG_DEFINE_WIDE_IM2COL(isa, W)                                                                          \
  void f32_im2col_nhwc__##isa##_x##W(const ConvGeom& g, const float* x, float* cols) { im2col_n<v##W##f>(g, x, cols); } \
  void f32_col2im_nhwc__##isa##_x##W(const ConvGeom& g, const float* dcols, float* dx) { col2im_n<v##W##f>(g, dcols, dx); }
