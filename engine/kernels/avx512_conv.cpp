// The convolution as an implicit GEMM (AVX-512, the 12 x 32 micro-kernel of
// avx512_gemm.h): no im2col matrix. The images are copied once with their
// padding made real; then, within one kernel row, a window's patch entries
// are kw·c contiguous floats of that copy, and the windows of one output row
// are stride·c floats apart. So a tile of output pixels on one row is an A
// tile the micro-kernel reads in place, one K-block per kernel row (cut into
// pieces of at most KC_MAX). Tiles follow output rows: a row of ow pixels is
// ceil(ow / 12) tiles of equal height (the course's 14 is two of 7, not a
// 12 and a 2). Measured natively on the course's second layer (3x3x32 ->
// 64, 14x14): im2col alone was about 10 % of a CNN training step.
// The weight gradient reads its A tiles (patch entries by output pixels)
// from the same padded copy, one pointer per pixel, unpacked.
#if defined(__x86_64__) && defined(MLPG_HAVE_AVX512_KERNELS)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <cstring>
#include <vector>

#include "kernels/avx512_gemm.h"
#include "kernels/conv_padded.h"

namespace mlpg::kernels {

void f32_conv_gemm_nhwc__avx512_12x32(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                                      float* y, PackCache* w_packs) {
  if (g.rows() <= 0 || g.oc <= 0) return;
  const PaddedImages p = pad_images(g, x, t_padded);
  const int c = g.c, oc = g.oc, seg = g.kw * c;
  const int pieces = (seg + KC_MAX - 1) / KC_MAX, piece = (seg + pieces - 1) / pieces;
  const int panels = (oc + NR - 1) / NR, kblocks = g.kh * pieces;
  const int row_tiles = (g.ow + MR - 1) / MR, a_rs = g.stride_w * c;
  // B is w as [patch, oc]; its K-blocks are packed once a call (or kept in w_packs).
  const GemmArgs gb{false, false, int(g.rows()), oc, g.patch(), 1.f, nullptr, 0, w, oc, 0.f, y, oc, w_packs};
  int kb = 0;
  for (int ky = 0; ky < g.kh; ++ky)
    for (int q0 = 0; q0 < seg; q0 += piece, ++kb) {
      const int kc = std::min(piece, seg - q0);
      const float* b_block = packed_b_block<NR>(gb, ky * seg + q0, kc, panels, t_b, pack_b_panel<NR>);
      const float beta = kb == 0 ? 0.f : 1.f;  // later K-blocks accumulate
      const bool last = kb == kblocks - 1;     // the bias and ReLU go with the last
      for (int img = 0; img < g.n; ++img)
        for (int oy = 0; oy < g.oh; ++oy) {
          const float* a_row = p.data + img * p.image_floats + (int64_t(oy * g.stride_h + ky) * p.wp) * c + q0;
          float* y_row = y + (int64_t(img) * g.oh + oy) * g.ow * oc;
          for (int pnl = 0; pnl < panels; ++pnl) {
            const int j0 = pnl * NR;
            const float* bp = b_block + size_t(pnl) * NR * kc;
            const float* bj = last && bias ? bias + j0 : nullptr;
            for (int t = 0, ox0 = 0; t < row_tiles; ++t) {
              const int r = g.ow / row_tiles + (t < g.ow % row_tiles ? 1 : 0);
              micro_rows(r, kc, a_row + int64_t(ox0) * a_rs, a_rs, 1, bp, y_row + int64_t(ox0) * oc + j0, oc, beta,
                         std::min(NR, oc - j0), bj, last && relu);
              ox0 += r;
            }
          }
        }
    }
}

void f32_conv_gemm_nhwc_dw__avx512_12x32(const ConvGeom& g, const float* x, const float* dy, float beta, float* dw) {
  if (g.oc <= 0) return;
  const PaddedImages p = pad_images(g, x, t_padded);
  const int c = g.c, oc = g.oc, seg = g.kw * c, patch = g.patch(), rows = int(g.rows());
  const int panels = (oc + NR - 1) / NR;
  // dw = patchesᵀ · dY: M runs over patch entries, K over output pixels. A
  // tile of patch entries within one kernel row is, at every pixel, that
  // many contiguous floats of the pixel's window: read in place through
  // one pointer per pixel (micro_at_rows), never packed. dY is B.
  const GemmArgs gb{false, false, patch, oc, rows, 1.f, nullptr, 0, dy, oc, 0.f, dw, oc};
  const int kmax = std::max(rows, 1);
  const int kblocks = (kmax + KC_MAX - 1) / KC_MAX, KC = (kmax + kblocks - 1) / kblocks;  // equal K-blocks
  t_pixel_at.resize(size_t(KC));
  for (int k0 = 0; k0 < kmax; k0 += KC) {
    const int kc = std::max(0, std::min(KC, rows - k0));
    for (int q = 0; q < kc; ++q) t_pixel_at[size_t(q)] = p.window(k0 + q);  // each pixel's window
    const float* b_block = packed_b_block<NR>(gb, k0, kc, panels, t_b, pack_b_panel<NR>);
    const float beta_k = k0 == 0 ? beta : 1.f;  // later K-blocks accumulate
    for (int pnl = 0; pnl < panels; ++pnl) {
      const int j0 = pnl * NR;
      const float* bp = b_block + size_t(pnl) * NR * kc;
      // Tiles of up to 12 entries that never cross a kernel row's end.
      for (int i0 = 0, r = 0; i0 < patch; i0 += r) {
        const int ky = i0 / seg;
        r = std::min(MR, (ky + 1) * seg - i0);
        micro_at_rows(r, kc, t_pixel_at.data(), p.entry(i0), bp,
                      dw + int64_t(i0) * oc + j0, oc, beta_k, std::min(NR, oc - j0));
      }
    }
  }
}

}  // namespace mlpg::kernels
#endif
