// The convolution as an implicit GEMM on 128-bit vectors (gemm_vec128.h's
// 4 x 8 micro-kernel: SSE natively, WASM SIMD128 in the browser): no im2col
// matrix written and read back. A's tiles are packed straight from the
// padded images (conv_padded.h): forward, four output pixels' windows
// transposed one kernel row's run at a time; for the weight gradient, four
// patch entries of every pixel's window. The K-blocks stay the GEMM's own
// (the course's 3x3x32 patch is one block of 288), so C is written once.
#include <algorithm>

#include "kernels/conv_padded.h"
#include "kernels/gemm_vec128.h"
#include "kernels/vec128_util.h"

namespace mlpg::kernels {

namespace {

constexpr int MR = kVec128TileRows;

struct Windows {  // the forward pass's A: output pixels' windows
  const PaddedImages* p;
  int seg, rows;
};

// Four output pixels' windows, transposed one kernel row's run of the
// K-block at a time. Rows past m repeat the last pixel (never stored).
void pack_windows(const void* ctx, const GemmArgs&, int k0, int kc, int i0, float* ap) {
  const Windows& w = *static_cast<const Windows*>(ctx);
  const int last = std::min(MR, w.rows - i0) - 1;
  const float* win[MR];
  for (int i = 0; i < MR; ++i) win[i] = w.p->window(i0 + std::min(i, last));
  for (int q = 0; q < kc;) {
    const int k = k0 + q, ky = k / w.seg, run = std::min(w.seg - (k - ky * w.seg), kc - q);
    const int64_t at = w.p->entry(k);
    transpose_ptrs4(win[0] + at, win[1] + at, win[2] + at, win[3] + at, run, ap + q * MR, MR);
    q += run;
  }
}

struct Entries {  // the weight gradient's A (transposed): patch entries by output pixels
  const PaddedImages* p;
  int patch;
  mutable int known_k0 = -1, known_kc = -1;  // the K-block whose windows t_pixel_at holds
};

// Four patch entries of every pixel of the K-block: one vector a pixel when
// they are contiguous (within one kernel row), else one by one.
void pack_entries(const void* ctx, const GemmArgs&, int k0, int kc, int i0, float* ap) {
  const Entries& e = *static_cast<const Entries*>(ctx);
  if (k0 != e.known_k0 || kc != e.known_kc) {
    t_pixel_at.resize(size_t(std::max(kc, 1)));
    for (int q = 0; q < kc; ++q) t_pixel_at[size_t(q)] = e.p->window(k0 + q);
    e.known_k0 = k0;
    e.known_kc = kc;
  }
  const int valid = std::max(0, std::min(MR, e.patch - i0));
  int64_t off[MR];
  bool run = valid == MR;
  for (int i = 0; i < valid; ++i) {
    off[i] = e.p->entry(i0 + i);
    run = run && off[i] == off[0] + i;
  }
  for (int q = 0; q < kc; ++q) {
    const float* src = t_pixel_at[size_t(q)];
    float* col = ap + q * MR;
    if (run) {
      store4(col, load4(src + off[0]));
      continue;
    }
    for (int i = 0; i < valid; ++i) col[i] = src[off[i]];
    for (int i = valid; i < MR; ++i) col[i] = 0.f;
  }
}

}  // namespace

void f32_conv_gemm_nhwc__vec128_4x8(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                                    float* y, PackCache* w_packs) {
  if (g.rows() <= 0 || g.oc <= 0) return;
  const PaddedImages p = pad_images(g, x, t_padded);
  const Windows windows{&p, g.kw * g.c, int(g.rows())};
  gemm_vec128_4x8({false, false, windows.rows, g.oc, g.patch(), 1.f, nullptr, 0, w, g.oc, 0.f, y, g.oc, w_packs, bias},
                  pack_windows, &windows, relu);
}

void f32_conv_gemm_nhwc_dw__vec128_4x8(const ConvGeom& g, const float* x, const float* dy, float beta, float* dw) {
  if (g.oc <= 0) return;
  const PaddedImages p = pad_images(g, x, t_padded);
  const Entries entries{&p, g.patch()};
  gemm_vec128_4x8({true, false, g.patch(), g.oc, int(g.rows()), 1.f, p.data, 0, dy, g.oc, beta, dw, g.oc},
                  pack_entries, &entries);
}

}  // namespace mlpg::kernels
