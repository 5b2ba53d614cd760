#pragma once
// NHWC max-pooling on a vector of any width (GCC/Clang vector extensions): the
// 128-bit set at four channels, the AVX2 and AVX-512 files at 8 and 16, each
// compiled with its own ISA flags (an unnamed namespace, as vec_math.h).
// Ties keep the first maximum, as the reference: a window starts from its
// first element and takes a later one only when strictly greater (so a NaN
// first element stays, as in the reference).
#include <cstdint>
#include <cstring>

#include "kernels/kernels.h"
#include "kernels/vec_math.h"

namespace mlpg::kernels {
namespace {

// KH, KW: the window when known at compile time (0: g.ph, g.pw), so the
// course's 2x2 windows unroll into four loads and three maxima per vector.
// argmax offsets are into each image (kernels.h).
template <class V, class VI, int KH = 0, int KW = 0>
inline void maxpool_nhwc_n(const PoolGeom& g, const float* x, float* y, int32_t* argmax) {
  if constexpr (KH == 0) {
    if (g.ph == 2 && g.pw == 2) return maxpool_nhwc_n<V, VI, 2, 2>(g, x, y, argmax);
  }
  constexpr int W = int(lanes_of<V>());
  const int ph = KH ? KH : g.ph, pw = KW ? KW : g.pw;
  VI iota{};
  for (int i = 0; i < W; ++i) iota[i] = i;
  const int cw = g.c - g.c % W;
  for (int b = 0; b < g.n; ++b) {
    const float* xi = x + int64_t(b) * g.h * g.w * g.c;
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        const int64_t o = ((int64_t(b) * g.oh + oy) * g.ow + ox) * g.c;
        const int32_t base = int32_t((int64_t(oy) * g.stride_h * g.w + ox * g.stride_w) * g.c);
        for (int ch = 0; ch < cw; ch += W) {
          V best = vload<V>(xi + base + ch);
          if (!argmax) {  // inference: no index bookkeeping
            for (int py = 0; py < ph; ++py)
              for (int px = py == 0 ? 1 : 0; px < pw; ++px) {
                const V v = vload<V>(xi + base + (py * g.w + px) * g.c + ch);
                best = vmax(best, v);
              }
            vstore(y + o + ch, best);
            continue;
          }
          VI at = iota + (base + ch);
          for (int py = 0; py < ph; ++py)
            for (int px = py == 0 ? 1 : 0; px < pw; ++px) {
              const int32_t off = base + (py * g.w + px) * g.c + ch;
              const V v = vload<V>(xi + off);
              const VI take = v > best;
              best = take ? v : best;
              at = take ? iota + off : at;
            }
          vstore(y + o + ch, best);
          std::memcpy(argmax + o + ch, &at, sizeof(VI));
        }
        for (int ch = cw; ch < g.c; ++ch) {  // channels past the last whole vector
          float best = 0.f;
          int32_t at = -1;
          for (int py = 0; py < ph; ++py)
            for (int px = 0; px < pw; ++px) {
              const int32_t off = base + (py * g.w + px) * g.c + ch;
              if (at < 0 || xi[off] > best) { best = xi[off]; at = off; }
            }
          y[o + ch] = best;
          if (argmax) argmax[o + ch] = at;
        }
      }
  }
}

// The backward pass writes dx in full. Windows that tile the image (stride =
// window, the course's 2x2) each own their input elements, so every element
// is stored once, dy where it was the maximum and 0 elsewhere, with no
// zeroing pass and no scatter; the rows and columns past the last window get
// zeros. Overlapping or gapped windows zero the image, then scatter.
template <class V, class VI, int KH = 0, int KW = 0>
inline void maxpool_backward_nhwc_n(const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx) {
  if constexpr (KH == 0) {
    if (g.ph == 2 && g.pw == 2) return maxpool_backward_nhwc_n<V, VI, 2, 2>(g, dy, argmax, dx);
  }
  constexpr int W = int(lanes_of<V>());
  const int ph = KH ? KH : g.ph, pw = KW ? KW : g.pw;
  const int64_t in = int64_t(g.h) * g.w * g.c, out = int64_t(g.oh) * g.ow * g.c;
  const bool tiled = g.stride_h == ph && g.stride_w == pw;
  VI iota{};
  for (int i = 0; i < W; ++i) iota[i] = i;
  const int cw = g.c - g.c % W;
  for (int b = 0; b < g.n; ++b) {
    float* d = dx + b * in;
    const float* gy = dy + b * out;
    const int32_t* am = argmax + b * out;
    if (!tiled) {
      std::memset(d, 0, sizeof(float) * size_t(in));
      for (int64_t o = 0; o < out; ++o) d[am[o]] += gy[o];
      continue;
    }
    for (int oy = 0; oy < g.oh; ++oy) {
      for (int ox = 0; ox < g.ow; ++ox) {
        const int64_t o = (int64_t(oy) * g.ow + ox) * g.c;
        const int32_t base = int32_t((int64_t(oy) * ph * g.w + ox * pw) * g.c);
        for (int ch = 0; ch < cw; ch += W) {
          const V grad = vload<V>(gy + o + ch);
          VI at;
          std::memcpy(&at, am + o + ch, sizeof(VI));
          for (int py = 0; py < ph; ++py)
            for (int px = 0; px < pw; ++px) {
              const int32_t off = base + (py * g.w + px) * g.c + ch;
              vstore(d + off, at == iota + off ? grad : V{});
            }
        }
        for (int ch = cw; ch < g.c; ++ch)
          for (int py = 0; py < ph; ++py)
            for (int px = 0; px < pw; ++px) {
              const int32_t off = base + (py * g.w + px) * g.c + ch;
              d[off] = am[o + ch] == off ? gy[o + ch] : 0.f;
            }
      }
      const int64_t tail = int64_t(g.w - g.ow * pw) * g.c;  // columns no window covers
      for (int py = 0; py < ph && tail > 0; ++py)
        std::memset(d + ((int64_t(oy) * ph + py) * g.w + g.ow * pw) * g.c, 0, sizeof(float) * size_t(tail));
    }
    const int64_t covered = int64_t(g.oh) * ph * g.w * g.c;  // rows past the last window
    std::memset(d + covered, 0, sizeof(float) * size_t(in - covered));
  }
}

}  // namespace
}  // namespace mlpg::kernels

// The wide sets' max-pool at W channels (f32_maxpool_nhwc__<isa>_c<W>), in
// the file compiled for that ISA, after MLPG_DEFINE_WIDE_ACTIVATIONS (whose
// vector types it uses).
#define MLPG_DEFINE_WIDE_MAXPOOL(isa, W)                                                                        \
  void f32_maxpool_nhwc__##isa##_c##W(const PoolGeom& g, const float* x, float* y, int32_t* argmax) {           \
    maxpool_nhwc_n<v##W##f, v##W##i>(g, x, y, argmax);                                                          \
  }                                                                                                             \
  void f32_maxpool_nhwc_backward__##isa##_c##W(const PoolGeom& g, const float* dy, const int32_t* argmax,       \
                                               float* dx) {                                                     \
    maxpool_backward_nhwc_n<v##W##f, v##W##i>(g, dy, argmax, dx);                                               \
  }
