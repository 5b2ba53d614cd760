// 128-bit vector kernels for convolution and pooling on NHWC tensors (SSE
// natively, SIMD128 in wasm). Channels are contiguous in NHWC, so every
// kernel here vectorises along channels; a channel count that is not a
// multiple of 4 finishes with a scalar tail.
#include <cstring>

#include "kernels/kernels.h"
#include "kernels/vec128_util.h"
#include "kernels/vec_conv.h"
#include "kernels/vec_im2col.h"
#include "kernels/vec_pool.h"

namespace mlpg::kernels {
namespace {

}  // namespace

void f32_bias_relu__vec128_x8(size_t rows, size_t cols, const float* bias, float* y) {
  for (size_t r = 0; r < rows; ++r) {
    float* row = y + r * cols;
    size_t c = 0;
    for (; c + 8 <= cols; c += 8) {
      const v4f b0 = bias ? load4(bias + c) : splat(0.f), b1 = bias ? load4(bias + c + 4) : splat(0.f);
      store4(row + c, relu4(load4(row + c) + b0));
      store4(row + c + 4, relu4(load4(row + c + 4) + b1));
    }
    for (; c < cols; ++c) {
      const float v = row[c] + (bias ? bias[c] : 0.f);
      row[c] = v > 0.f ? v : 0.f;
    }
  }
}

void f32_im2col_nhwc__vec128(const ConvGeom& g, const float* x, float* cols) { im2col_n<v4f>(g, x, cols); }

void f32_col2im_nhwc__vec128(const ConvGeom& g, const float* dcols, float* dx) { col2im_n<v4f>(g, dcols, dx); }

// Direct convolution (vec_conv.h): blocks of two output pixels x 16 output
// channels (8 accumulators: what V8 keeps in registers well); its weight
// gradient 9 taps x 4 channels.
void f32_conv2d_direct_nhwc__vec128_2x16(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                                         float* y) {
  conv_direct_nhwc_n<v4f, 2, 4>(g, x, w, bias, relu, y);
}

// With ReLU and a 2x2 max-pool, for inference: a window's four pixels x 8
// channels a block (8 accumulators).
void f32_conv2d_direct_relu_maxpool2_nhwc__vec128_4x8(const ConvGeom& g, const float* x, const float* w,
                                                      const float* bias, float* y) {
  conv_direct_pool2_n<v4f, 2>(g, x, w, bias, y);
}

void f32_conv2d_direct_nhwc_dw__vec128_9x4(const ConvGeom& g, const float* x, const float* dy, int o_begin, int o_end,
                                           float* dw) {
  conv_direct_dw_n<v4f, 1>(g, x, dy, o_begin, o_end, dw);
}

void f32_maxpool_nhwc__vec128_c4(const PoolGeom& g, const float* x, float* y, int32_t* argmax) {
  maxpool_nhwc_n<v4f, v4i>(g, x, y, argmax);
}

void f32_maxpool_nhwc_backward__vec128_c4(const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx) {
  maxpool_backward_nhwc_n<v4f, v4i>(g, dy, argmax, dx);
}

// Average pooling walks windows like max pooling; the backward pass spreads
// dy / window into dx with the same channel runs (overlapping windows just
// accumulate).
void f32_avgpool_nhwc__vec128_c4(const PoolGeom& g, const float* x, float* y) {
  const float inv = 1.f / float(g.ph * g.pw);
  const int c4 = g.c & ~3;
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        float* out = y + ((int64_t(b) * g.oh + oy) * g.ow + ox) * g.c;
        const float* in = x + ((int64_t(b) * g.h + oy * g.stride_h) * g.w + ox * g.stride_w) * g.c;
        for (int ch = 0; ch < c4; ch += 4) {
          v4f s = splat(0.f);
          for (int py = 0; py < g.ph; ++py)
            for (int px = 0; px < g.pw; ++px) s += load4(in + (py * g.w + px) * g.c + ch);
          store4(out + ch, s * splat(inv));
        }
        for (int ch = c4; ch < g.c; ++ch) {
          float s = 0.f;
          for (int py = 0; py < g.ph; ++py)
            for (int px = 0; px < g.pw; ++px) s += in[(py * g.w + px) * g.c + ch];
          out[ch] = s * inv;
        }
      }
}

void f32_avgpool_nhwc_backward__vec128_c4(const PoolGeom& g, const float* dy, float* dx) {
  const float inv = 1.f / float(g.ph * g.pw);
  const int c4 = g.c & ~3;
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        const float* d = dy + ((int64_t(b) * g.oh + oy) * g.ow + ox) * g.c;
        float* out = dx + ((int64_t(b) * g.h + oy * g.stride_h) * g.w + ox * g.stride_w) * g.c;
        for (int ch = 0; ch < c4; ch += 4) {
          const v4f v = load4(d + ch) * splat(inv);
          for (int py = 0; py < g.ph; ++py)
            for (int px = 0; px < g.pw; ++px) {
              float* p = out + (py * g.w + px) * g.c + ch;
              store4(p, load4(p) + v);
            }
        }
        for (int ch = c4; ch < g.c; ++ch) {
          const float v = d[ch] * inv;
          for (int py = 0; py < g.ph; ++py)
            for (int px = 0; px < g.pw; ++px) out[(py * g.w + px) * g.c + ch] += v;
        }
      }
}

}  // namespace mlpg::kernels
