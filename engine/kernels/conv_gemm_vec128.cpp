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

namespace mlpg::kernels {

void f32_conv_gemm_nhwc__vec128_4x8(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                                    float* y, PackCache* w_packs) {
  if (g.rows() <= 0 || g.oc <= 0) return;
  const PaddedImages p = pad_images(g, x, t_padded);
  const int seg = g.kw * g.c, rows = int(g.rows());
  auto pack = [&](const GemmArgs&, int k0, int kc, int i0, float* ap) {
    // Rows past m repeat the last pixel: the micro-kernel never stores them.
    const int last = std::min(MR, rows - i0) - 1;
    const float* win[MR];
    for (int i = 0; i < MR; ++i) win[i] = p.window(i0 + std::min(i, last));
    for (int q = 0; q < kc;) {  // one kernel row's run of the K-block at a time
      const int k = k0 + q, ky = k / seg, run = std::min(seg - (k - ky * seg), kc - q);
      const int64_t at = p.entry(k);
      transpose_ptrs4(win[0] + at, win[1] + at, win[2] + at, win[3] + at, run, ap + q * MR, MR);
      q += run;
    }
  };
  gemm_4x8({false, false, rows, g.oc, g.patch(), 1.f, nullptr, 0, w, g.oc, 0.f, y, g.oc, w_packs, bias}, pack);
  if (relu) f32_relu__vec128_x8(size_t(rows) * size_t(g.oc), y, y);
}

void f32_conv_gemm_nhwc_dw__vec128_4x8(const ConvGeom& g, const float* x, const float* dy, float beta, float* dw) {
  if (g.oc <= 0) return;
  const PaddedImages p = pad_images(g, x, t_padded);
  const int patch = g.patch();
  // Aᵀ is [patch, rows]: a tile's rows are patch entries, its K runs over
  // output pixels. Each K-block's windows are found once, then every tile
  // of the block reads them.
  int known_k0 = -1, known_kc = -1;
  auto pack = [&](const GemmArgs&, int k0, int kc, int i0, float* ap) {
    if (k0 != known_k0 || kc != known_kc) {
      t_pixel_at.resize(size_t(std::max(kc, 1)));
      for (int q = 0; q < kc; ++q) t_pixel_at[size_t(q)] = p.window(k0 + q);
      known_k0 = k0;
      known_kc = kc;
    }
    const int valid = std::max(0, std::min(MR, patch - i0));
    int64_t off[MR];
    bool run = valid == MR;
    for (int i = 0; i < valid; ++i) {
      off[i] = p.entry(i0 + i);
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
  };
  gemm_4x8({true, false, patch, g.oc, int(g.rows()), 1.f, p.data, 0, dy, g.oc, beta, dw, g.oc}, pack);
}

}  // namespace mlpg::kernels
