#pragma once
// Direct convolution for short patches (the first layer: 3x3x1), forward and
// weight gradient, on a vector of any width (GCC/Clang vector extensions): the
// 128-bit set at four channels, the AVX2 and AVX-512 files at 8 and 16, each
// compiled with its own ISA flags (an unnamed namespace, as vec_math.h).
// NHWC input, weights [kh, kw, c, oc]: a weight row of oc floats per tap.
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/vec_math.h"

namespace mlpg::kernels {
namespace {

// A forward block's accumulators start at the bias (or zero) and end,
// through ReLU when asked, in P consecutive output pixels from `out`.
template <class V, int P, int NV>
inline void block_start(V (&acc)[P][NV], const float* bias, int o0) {
  constexpr int W = int(lanes_of<V>());
#pragma GCC unroll 4
  for (int v = 0; v < NV; ++v) {
    const V b0 = bias ? vload<V>(bias + o0 + W * v) : V{};
#pragma GCC unroll 16
    for (int p = 0; p < P; ++p) acc[p][v] = b0;
  }
}
template <class V, int P, int NV>
inline void block_store(const V (&acc)[P][NV], bool relu, int64_t pixel_stride, float* out) {
  constexpr int W = int(lanes_of<V>());
  const V zero{};
#pragma GCC unroll 16
  for (int p = 0; p < P; ++p)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v)
      vstore(out + p * pixel_stride + W * v, relu ? vmax(zero, acc[p][v]) : acc[p][v]);
}

// acc[p] += Σ over one kernel row's run of taps t of xp[p][t] · w row t:
// the run is contiguous in x (NHWC) and in w ([kh, kw, c, oc]). Per tap NV
// weight loads shared by the P pixels and one broadcast per pixel.
template <class V, int P, int NV>
inline void accumulate_run(V (&acc)[P][NV], const float* const (&xp)[P], const float* wk, int run, int oc) {
  constexpr int W = int(lanes_of<V>());
  for (int t = 0; t < run; ++t) {
    V wv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) wv[v] = vload<V>(wk + int64_t(t) * oc + W * v);
#pragma GCC unroll 16
    for (int p = 0; p < P; ++p) {
      const V xv = vsplat<V>(xp[p][t]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[p][v] += xv * wv[v];
    }
  }
}

// Forward register block: P output pixels (same row, neighbouring columns) x
// NV vectors of output channels; per tap NV weight loads shared by the P
// pixels and one broadcast per pixel. Taps outside the image (padding)
// contribute zero. Each output sums bias then its taps in (ky, kx, c) order,
// whatever P and NV: blocks of any shape give it the same bits.
template <class V, int P, int NV>
inline void conv_block_n(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu, int b, int oy,
                         int ox, int o0, float* y) {
  constexpr int W = int(lanes_of<V>());
  V acc[P][NV];
  block_start(acc, bias, o0);
  const int ix_first = ox * g.stride_w - g.pad_left, ix_last = (ox + P - 1) * g.stride_w - g.pad_left;
  const bool cols_inside = ix_first >= 0 && ix_last + g.kw <= g.w;
  const int run = g.kw * g.c;  // one kernel row of taps: contiguous in x and in w
  for (int ky = 0; ky < g.kh; ++ky) {
    const int iy = oy * g.stride_h + ky - g.pad_top;
    if (iy < 0 || iy >= g.h) continue;
    const float* xrow = x + (int64_t(b) * g.h + iy) * g.w * g.c;
    if (cols_inside) {  // the common case: no per-tap bounds checks
      const float* xp[P];
#pragma GCC unroll 16
      for (int p = 0; p < P; ++p) xp[p] = xrow + (int64_t(ix_first) + int64_t(p) * g.stride_w) * g.c;
      accumulate_run(acc, xp, w + int64_t(ky) * run * g.oc + o0, run, g.oc);
      continue;
    }
    for (int kx = 0; kx < g.kw; ++kx) {
      const float* wk = w + int64_t(ky * g.kw + kx) * g.c * g.oc + o0;
      int ix[P];
      bool in[P];
#pragma GCC unroll 16
      for (int p = 0; p < P; ++p) {
        ix[p] = (ox + p) * g.stride_w + kx - g.pad_left;
        in[p] = ix[p] >= 0 && ix[p] < g.w;
      }
      for (int ch = 0; ch < g.c; ++ch) {
        V wv[NV];
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) wv[v] = vload<V>(wk + int64_t(ch) * g.oc + W * v);
#pragma GCC unroll 16
        for (int p = 0; p < P; ++p) {
          const V xv = vsplat<V>(in[p] ? xrow[int64_t(ix[p]) * g.c + ch] : 0.f);
#pragma GCC unroll 4
          for (int v = 0; v < NV; ++v) acc[p][v] += xv * wv[v];
        }
      }
    }
  }
  block_store(acc, relu, g.oc, y + ((int64_t(b) * g.oh + oy) * g.ow + ox) * g.oc + o0);
}

// A block of P output pixels that may span output rows (an image whose every
// window lies inside it): xw[p] is pixel p's window start in x, its outputs
// are consecutive in y (NHWC) from `out`. The same sums in the same order as
// conv_block_n, without its bounds checks.
template <class V, int P, int NV>
inline void conv_block_linear(const ConvGeom& g, const float* const* xw, const float* w, const float* bias, bool relu,
                              int o0, float* out) {
  V acc[P][NV];
  block_start(acc, bias, o0);
  const int run = g.kw * g.c;
  const int64_t x_row = int64_t(g.w) * g.c;
  for (int ky = 0; ky < g.kh; ++ky) {
    const float* xp[P];
#pragma GCC unroll 16
    for (int p = 0; p < P; ++p) xp[p] = xw[p] + ky * x_row;
    accumulate_run(acc, xp, w + int64_t(ky) * run * g.oc + o0, run, g.oc);
  }
  block_store(acc, relu, g.oc, out);
}

// y = conv(x, w) + bias (then ReLU): blocks of P pixels x NV vectors of
// channels, then single vectors of channels; the channels past the last whole
// vector go to the reference. With no padding (every window inside the
// image: the course's 'valid' layers), a block is any P consecutive pixels
// of an image, across rows, so only an image's last block is short: it starts
// at oh·ow − P and recomputes a few outputs (to the same bits). Rows of 26
// in blocks of 8 wasted 6 of 32 pixels a row. With padding, blocks stay in a
// row (the last at ow − P) and taps outside the image are checked.
template <class V, int P, int NV>
inline void conv_direct_nhwc_n(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                               float* y) {
  constexpr int W = int(lanes_of<V>());
  const int o_wide = g.oc - g.oc % (NV * W), o_vec = g.oc - g.oc % W;
  const int64_t pixels = int64_t(g.oh) * g.ow;
  const bool all_inside = g.pad_top == 0 && g.pad_left == 0 && (g.oh - 1) * g.stride_h + g.kh <= g.h &&
                          (g.ow - 1) * g.stride_w + g.kw <= g.w;
  if (all_inside && pixels >= P) {
    for (int b = 0; b < g.n; ++b) {
      const float* image = x + int64_t(b) * g.h * g.w * g.c;
      for (int64_t q0 = 0;; q0 += P) {
        const int64_t start = q0 + P <= pixels ? q0 : pixels - P;
        // One division a block, not one a pixel: on the first layer's
        // 9-tap blocks, four divisions cost more than the block's FMAs.
        const float* xw[P];
        int64_t oy = start / g.ow, ox = start - oy * g.ow;
        for (int p = 0; p < P; ++p) {
          xw[p] = image + (oy * g.stride_h * g.w + ox * g.stride_w) * g.c;
          if (++ox == g.ow) {
            ox = 0;
            ++oy;
          }
        }
        float* out = y + (int64_t(b) * pixels + start) * g.oc;
        for (int o = 0; o < o_wide; o += NV * W) conv_block_linear<V, P, NV>(g, xw, w, bias, relu, o, out + o);
        for (int o = o_wide; o < o_vec; o += W) conv_block_linear<V, P, 1>(g, xw, w, bias, relu, o, out + o);
        if (start + P >= pixels) break;
      }
    }
  } else {
    auto row_block = [&](auto width, int b, int oy, int ox) {
      constexpr int PB = decltype(width)::value;
      for (int o = 0; o < o_wide; o += NV * W) conv_block_n<V, PB, NV>(g, x, w, bias, relu, b, oy, ox, o, y);
      for (int o = o_wide; o < o_vec; o += W) conv_block_n<V, PB, 1>(g, x, w, bias, relu, b, oy, ox, o, y);
    };
    for (int b = 0; b < g.n; ++b)
      for (int oy = 0; oy < g.oh; ++oy) {
        if (g.ow < P) {
          for (int ox = 0; ox < g.ow; ++ox) row_block(std::integral_constant<int, 1>{}, b, oy, ox);
          continue;
        }
        for (int ox = 0;; ox += P) {
          const int start = ox + P <= g.ow ? ox : g.ow - P;
          row_block(std::integral_constant<int, P>{}, b, oy, start);
          if (start + P >= g.ow) break;
        }
      }
  }
  if (o_vec < g.oc) f32_conv2d_direct_nhwc_channels__scalar(g, x, w, bias, relu, o_vec, g.oc, y);
}

// The direct convolution with its ReLU and a 2x2 max-pool (stride 2; a row
// or column past the last whole window is dropped), for inference: a
// block's four pixels are one window, so only its maximum is stored and the
// convolution's output is never written. The same sums in the same order as
// conv_block_linear, then ReLU (NaN to 0), then the window's maximum: the
// same bits as conv_direct then maxpool.
template <class V, int NV>
inline void conv_block_pool2(const ConvGeom& g, const float* const (&xw)[4], const float* w, const float* bias, int o0,
                             float* out) {
  constexpr int W = int(lanes_of<V>());
  V acc[4][NV];
  block_start(acc, bias, o0);
  const int run = g.kw * g.c;
  const int64_t x_row = int64_t(g.w) * g.c;
  for (int ky = 0; ky < g.kh; ++ky) {
    const float* xp[4];
#pragma GCC unroll 4
    for (int p = 0; p < 4; ++p) xp[p] = xw[p] + ky * x_row;
    accumulate_run(acc, xp, w + int64_t(ky) * run * g.oc + o0, run, g.oc);
  }
  const V zero{};
#pragma GCC unroll 4
  for (int v = 0; v < NV; ++v) {
    V best = vmax(zero, acc[0][v]);
#pragma GCC unroll 4
    for (int p = 1; p < 4; ++p) best = vmax(best, vmax(zero, acc[p][v]));
    vstore(out + W * v, best);
  }
}

template <class V, int NV>
inline void conv_direct_pool2_n(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y) {
  constexpr int W = int(lanes_of<V>());
  const bool all_inside = g.pad_top == 0 && g.pad_left == 0 && (g.oh - 1) * g.stride_h + g.kh <= g.h &&
                          (g.ow - 1) * g.stride_w + g.kw <= g.w;
  if (!all_inside) return f32_conv2d_direct_relu_maxpool2_nhwc__scalar(g, x, w, bias, y);
  const int ph = g.oh / 2, pw = g.ow / 2;
  const int o_wide = g.oc - g.oc % (NV * W), o_vec = g.oc - g.oc % W;
  for (int b = 0; b < g.n; ++b) {
    const float* image = x + int64_t(b) * g.h * g.w * g.c;
    for (int py = 0; py < ph; ++py)
      for (int px = 0; px < pw; ++px) {
        const float* xw[4];
#pragma GCC unroll 4
        for (int p = 0; p < 4; ++p)
          xw[p] = image + (int64_t(2 * py + p / 2) * g.stride_h * g.w + int64_t(2 * px + p % 2) * g.stride_w) * g.c;
        float* out = y + ((int64_t(b) * ph + py) * pw + px) * g.oc;
        for (int o = 0; o < o_wide; o += NV * W) conv_block_pool2<V, NV>(g, xw, w, bias, o, out + o);
        for (int o = o_wide; o < o_vec; o += W) conv_block_pool2<V, 1>(g, xw, w, bias, o, out + o);
      }
  }
  if (o_vec == g.oc) return;
  // Channels past the last whole vector: the reference's convolution of
  // those channels, then their windows' maxima.
  std::vector<float> conv(size_t(g.rows()) * size_t(g.oc));
  f32_conv2d_direct_nhwc_channels__scalar(g, x, w, bias, true, o_vec, g.oc, conv.data());
  for (int b = 0; b < g.n; ++b)
    for (int py = 0; py < ph; ++py)
      for (int px = 0; px < pw; ++px)
        for (int o = o_vec; o < g.oc; ++o) {
          float best = 0.f;
          for (int p = 0; p < 4; ++p) {
            const float v = conv[size_t(((int64_t(b) * g.oh + 2 * py + p / 2) * g.ow + 2 * px + p % 2) * g.oc + o)];
            if (p == 0 || v > best) best = v;
          }
          y[((int64_t(b) * ph + py) * pw + px) * g.oc + o] = best;
        }
}

// Weight gradient of the direct convolution, for taps [t0, t0 + T) of the
// patch (flattened (ky, kx, c)) and NV vectors of output channels from o0:
// dW[t, o] += Σ over every output pixel of x[pixel's window + tap t] · dy[pixel, o].
// T·NV accumulators stay in registers over the whole batch (9 x 1 in 128
// bits, 9 x 2 in 512), so no im2col matrix is built and no GEMM packs it.
// Each weight's sum runs over pixels in order from zero, then adds to dW:
// the same bits whatever T, NV and the split of channels between threads.
template <class V, int T, int NV>
inline void conv_dw_block(const ConvGeom& g, const float* x, const float* dy, int t0, int o0, float* dw) {
  constexpr int W = int(lanes_of<V>());
  int ky[T], kx[T], ch[T], off[T];  // off: the tap's offset from the window's first element, NHWC
#pragma GCC unroll 16
  for (int t = 0; t < T; ++t) {
    const int p = t0 + t;
    ch[t] = p % g.c;
    kx[t] = (p / g.c) % g.kw;
    ky[t] = p / (g.c * g.kw);
    off[t] = (ky[t] * g.w + kx[t]) * g.c + ch[t];
  }
  V acc[T][NV];
#pragma GCC unroll 16
  for (int t = 0; t < T; ++t)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[t][v] = V{};
  // A window over the padding: taps outside add zero.
  auto edge_pixel = [&](int b, int iy0, int ix0, const float* d) {
    V dv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) dv[v] = vload<V>(d + W * v);
#pragma GCC unroll 16
    for (int t = 0; t < T; ++t) {
      const int iy = iy0 + ky[t], ix = ix0 + kx[t];
      const bool in = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
      const V xv = vsplat<V>(in ? x[((int64_t(b) * g.h + iy) * g.w + ix) * g.c + ch[t]] : 0.f);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[t][v] += xv * dv[v];
    }
  };
  // The columns whose windows lie inside the image: from the first with
  // ix0 >= 0 to the last with ix0 + kw <= w.
  const int ox_lo = std::min(g.ow, (g.pad_left + g.stride_w - 1) / g.stride_w);
  const int ox_hi = g.w - g.kw + g.pad_left < 0
                        ? ox_lo
                        : std::max(ox_lo, std::min(g.ow, (g.w - g.kw + g.pad_left) / g.stride_w + 1));
  const int x_step = g.stride_w * g.c;
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy) {
      const int iy0 = oy * g.stride_h - g.pad_top;
      const float* drow = dy + (int64_t(b) * g.oh + oy) * g.ow * g.oc + o0;
      const bool rows_inside = iy0 >= 0 && iy0 + g.kh <= g.h;
      const int lo = rows_inside ? ox_lo : g.ow, hi = rows_inside ? ox_hi : g.ow;
      for (int ox = 0; ox < lo; ++ox) edge_pixel(b, iy0, ox * g.stride_w - g.pad_left, drow + int64_t(ox) * g.oc);
      if (lo < hi) {  // the common case: every tap inside, no bounds checks
        const float* xw = x + ((int64_t(b) * g.h + iy0) * g.w + lo * g.stride_w - g.pad_left) * g.c;
        const float* d = drow + int64_t(lo) * g.oc;
        for (int ox = lo; ox < hi; ++ox, xw += x_step, d += g.oc) {
          V dv[NV];
#pragma GCC unroll 4
          for (int v = 0; v < NV; ++v) dv[v] = vload<V>(d + W * v);
#pragma GCC unroll 16
          for (int t = 0; t < T; ++t) {
            const V xv = vsplat<V>(xw[off[t]]);
#pragma GCC unroll 4
            for (int v = 0; v < NV; ++v) acc[t][v] += xv * dv[v];
          }
        }
      }
      for (int ox = hi; ox < g.ow; ++ox) edge_pixel(b, iy0, ox * g.stride_w - g.pad_left, drow + int64_t(ox) * g.oc);
    }
#pragma GCC unroll 16
  for (int t = 0; t < T; ++t)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      float* row = dw + int64_t(t0 + t) * g.oc + o0 + W * v;
      vstore(row, vload<V>(row) + acc[t][v]);
    }
}

// The taps in passes of up to 9 (a 3x3 kernel on one channel in one pass;
// in wasm, passes of 6 or 4 taps x 8 channels measured 1.5-2x slower).
template <class V, int NV>
inline void conv_dw_channels(const ConvGeom& g, const float* x, const float* dy, int o0, float* dw) {
  const int patch = g.patch();
  for (int t0 = 0; t0 < patch; t0 += 9) {
    switch (patch - t0 < 9 ? patch - t0 : 9) {
      case 1: conv_dw_block<V, 1, NV>(g, x, dy, t0, o0, dw); break;
      case 2: conv_dw_block<V, 2, NV>(g, x, dy, t0, o0, dw); break;
      case 3: conv_dw_block<V, 3, NV>(g, x, dy, t0, o0, dw); break;
      case 4: conv_dw_block<V, 4, NV>(g, x, dy, t0, o0, dw); break;
      case 5: conv_dw_block<V, 5, NV>(g, x, dy, t0, o0, dw); break;
      case 6: conv_dw_block<V, 6, NV>(g, x, dy, t0, o0, dw); break;
      case 7: conv_dw_block<V, 7, NV>(g, x, dy, t0, o0, dw); break;
      case 8: conv_dw_block<V, 8, NV>(g, x, dy, t0, o0, dw); break;
      default: conv_dw_block<V, 9, NV>(g, x, dy, t0, o0, dw); break;
    }
  }
}

// dW += the weight gradient for output channels [o_begin, o_end): NV vectors
// at a time, then single vectors, then the reference for the rest.
template <class V, int NV>
inline void conv_direct_dw_n(const ConvGeom& g, const float* x, const float* dy, int o_begin, int o_end, float* dw) {
  constexpr int W = int(lanes_of<V>());
  int o = o_begin;
  for (; o + NV * W <= o_end; o += NV * W) conv_dw_channels<V, NV>(g, x, dy, o, dw);
  for (; o + W <= o_end; o += W) conv_dw_channels<V, 1>(g, x, dy, o, dw);
  if (o < o_end) f32_conv2d_direct_nhwc_dw__scalar(g, x, dy, o, o_end, dw);
}

}  // namespace
}  // namespace mlpg::kernels

// A wide set's direct convolution in the file compiled for that ISA, after
// MLPG_DEFINE_WIDE_ACTIVATIONS (whose vector types it uses): forward in
// blocks of P pixels x NV vectors, the weight gradient 9 taps x NV vectors a
// pass. C is NV·W, the channels of a block, spelled out for the names.
#define MLPG_DEFINE_WIDE_DIRECT_CONV(isa, W, P, NV, C)                                              \
  void f32_conv2d_direct_nhwc__##isa##_##P##x##C(const ConvGeom& g, const float* x, const float* w,  \
                                                  const float* bias, bool relu, float* y) {         \
    static_assert(NV * W == C, "C names the channels of a block");                                  \
    conv_direct_nhwc_n<v##W##f, P, NV>(g, x, w, bias, relu, y);                                     \
  }
#define MLPG_DEFINE_WIDE_DIRECT_CONV_POOL2(isa, W, NV, C)                                            \
  void f32_conv2d_direct_relu_maxpool2_nhwc__##isa##_4x##C(const ConvGeom& g, const float* x,         \
                                                            const float* w, const float* bias, float* y) { \
    static_assert(NV * W == C, "C names the channels of a block");                                  \
    conv_direct_pool2_n<v##W##f, NV>(g, x, w, bias, y);                                             \
  }
#define MLPG_DEFINE_WIDE_DIRECT_CONV_DW(isa, W, NV, C)                                              \
  void f32_conv2d_direct_nhwc_dw__##isa##_9x##C(const ConvGeom& g, const float* x, const float* dy,  \
                                                 int o_begin, int o_end, float* dw) {               \
    static_assert(NV * W == C, "C names the channels of a block");                                  \
    conv_direct_dw_n<v##W##f, NV>(g, x, dy, o_begin, o_end, dw);                                    \
  }
