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
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        const int64_t o = ((int64_t(b) * g.oh + oy) * g.ow + ox) * g.c;
        const int32_t base = int32_t(((int64_t(b) * g.h + oy * g.stride_h) * g.w + ox * g.stride_w) * g.c);
        for (int ch = 0; ch < cw; ch += W) {
          V best = vload<V>(x + base + ch);
          if (!argmax) {  // inference: no index bookkeeping
            for (int py = 0; py < ph; ++py)
              for (int px = py == 0 ? 1 : 0; px < pw; ++px) {
                const V v = vload<V>(x + base + (py * g.w + px) * g.c + ch);
                best = v > best ? v : best;
              }
            vstore(y + o + ch, best);
            continue;
          }
          VI at = iota + (base + ch);
          for (int py = 0; py < ph; ++py)
            for (int px = py == 0 ? 1 : 0; px < pw; ++px) {
              const int32_t off = base + (py * g.w + px) * g.c + ch;
              const V v = vload<V>(x + off);
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
              if (at < 0 || x[off] > best) { best = x[off]; at = off; }
            }
          y[o + ch] = best;
          if (argmax) argmax[o + ch] = at;
        }
      }
}

}  // namespace
}  // namespace mlpg::kernels

// The wide sets' max-pool at W channels (f32_maxpool_nhwc__<isa>_c<W>), in
// the file compiled for that ISA, after MLPG_DEFINE_WIDE_ACTIVATIONS (whose
// vector types it uses).
#define MLPG_DEFINE_WIDE_MAXPOOL(isa, W)                                                              \
  void f32_maxpool_nhwc__##isa##_c##W(const PoolGeom& g, const float* x, float* y, int32_t* argmax) { \
    maxpool_nhwc_n<v##W##f, v##W##i>(g, x, y, argmax);                                                \
  }
