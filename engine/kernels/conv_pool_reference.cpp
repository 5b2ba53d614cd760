// Scalar reference kernels for convolution (im2col/col2im, direct) and pooling.
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/kernels.h"

namespace mlpg::kernels {

void f32_im2col_nhwc__scalar(const ConvGeom& g, const float* x, float* cols) {
  const int patch = g.patch();
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        float* row = cols + ((int64_t(b) * g.oh + oy) * g.ow + ox) * patch;
        for (int ky = 0; ky < g.kh; ++ky) {
          const int iy = oy * g.stride_h + ky - g.pad_top;
          for (int kx = 0; kx < g.kw; ++kx) {
            const int ix = ox * g.stride_w + kx - g.pad_left;
            float* dst = row + (ky * g.kw + kx) * g.c;
            const bool inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
            const float* src = inside ? x + ((int64_t(b) * g.h + iy) * g.w + ix) * g.c : nullptr;
            // A plain loop, not memcpy: channel runs are short (1 in the first layer).
            for (int ch = 0; ch < g.c; ++ch) dst[ch] = inside ? src[ch] : 0.f;
          }
        }
      }
}

// The convolution as im2col, then GEMM, then bias and ReLU: the oracle the
// implicit variants (no im2col matrix) are tested against.
void f32_conv_gemm_nhwc__scalar(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                                float* y, PackCache*) {
  const int rows = int(g.rows());
  std::vector<float> cols(size_t(rows) * size_t(g.patch()));
  f32_im2col_nhwc__scalar(g, x, cols.data());
  f32_gemm__scalar({false, false, rows, g.oc, g.patch(), 1.f, cols.data(), g.patch(), w, g.oc, 0.f, y, g.oc});
  if (relu) f32_bias_relu__scalar(size_t(rows), size_t(g.oc), bias, y);
  else if (bias) f32_bias_add__scalar(size_t(rows), size_t(g.oc), bias, y);
}

void f32_conv_gemm_nhwc_dw__scalar(const ConvGeom& g, const float* x, const float* dy, float beta, float* dw) {
  const int rows = int(g.rows());
  std::vector<float> cols(size_t(rows) * size_t(g.patch()));
  f32_im2col_nhwc__scalar(g, x, cols.data());
  f32_gemm__scalar({true, false, g.patch(), g.oc, rows, 1.f, cols.data(), g.patch(), dy, g.oc, beta, dw, g.oc});
}

void f32_conv2d_direct_relu_maxpool2_nhwc__scalar(const ConvGeom& g, const float* x, const float* w, const float* bias,
                                                  float* y) {
  std::vector<float> conv(size_t(g.rows()) * size_t(g.oc));
  f32_conv2d_direct_nhwc__scalar(g, x, w, bias, true, conv.data());
  const PoolGeom p{g.n, g.oh, g.ow, g.oc, 2, 2, 2, 2, g.oh / 2, g.ow / 2};
  if (p.oh > 0 && p.ow > 0) f32_maxpool_nhwc__scalar(p, conv.data(), y, nullptr);
}

void f32_col2im_nhwc__scalar(const ConvGeom& g, const float* dcols, float* dx) {
  const int patch = g.patch();
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        const float* row = dcols + ((int64_t(b) * g.oh + oy) * g.ow + ox) * patch;
        for (int ky = 0; ky < g.kh; ++ky) {
          const int iy = oy * g.stride_h + ky - g.pad_top;
          if (iy < 0 || iy >= g.h) continue;
          for (int kx = 0; kx < g.kw; ++kx) {
            const int ix = ox * g.stride_w + kx - g.pad_left;
            if (ix < 0 || ix >= g.w) continue;
            const float* src = row + (ky * g.kw + kx) * g.c;
            float* dst = dx + ((int64_t(b) * g.h + iy) * g.w + ix) * g.c;
            for (int ch = 0; ch < g.c; ++ch) dst[ch] += src[ch];
          }
        }
      }
}

void f32_conv2d_direct_nhwc__scalar(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu,
                                    float* y) {
  f32_conv2d_direct_nhwc_channels__scalar(g, x, w, bias, relu, 0, g.oc, y);
}

void f32_conv2d_direct_nhwc_channels__scalar(const ConvGeom& g, const float* x, const float* w, const float* bias,
                                             bool relu, int o_begin, int o_end, float* y) {
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox) {
        float* out = y + ((int64_t(b) * g.oh + oy) * g.ow + ox) * g.oc;
        for (int o = o_begin; o < o_end; ++o) {
          double s = bias ? bias[o] : 0.0;
          for (int ky = 0; ky < g.kh; ++ky) {
            const int iy = oy * g.stride_h + ky - g.pad_top;
            if (iy < 0 || iy >= g.h) continue;
            for (int kx = 0; kx < g.kw; ++kx) {
              const int ix = ox * g.stride_w + kx - g.pad_left;
              if (ix < 0 || ix >= g.w) continue;
              const float* px = x + ((int64_t(b) * g.h + iy) * g.w + ix) * g.c;
              const float* wk = w + int64_t(ky * g.kw + kx) * g.c * g.oc + o;
              for (int ch = 0; ch < g.c; ++ch) s += double(px[ch]) * wk[int64_t(ch) * g.oc];
            }
          }
          out[o] = relu && s < 0 ? 0.f : float(s);
        }
      }
}

void f32_conv2d_direct_nhwc_dw__scalar(const ConvGeom& g, const float* x, const float* dy, int o_begin, int o_end,
                                       float* dw) {
  for (int ky = 0; ky < g.kh; ++ky)
    for (int kx = 0; kx < g.kw; ++kx)
      for (int ch = 0; ch < g.c; ++ch)
        for (int o = o_begin; o < o_end; ++o) {
          double s = 0.0;
          for (int b = 0; b < g.n; ++b)
            for (int oy = 0; oy < g.oh; ++oy) {
              const int iy = oy * g.stride_h + ky - g.pad_top;
              if (iy < 0 || iy >= g.h) continue;
              for (int ox = 0; ox < g.ow; ++ox) {
                const int ix = ox * g.stride_w + kx - g.pad_left;
                if (ix < 0 || ix >= g.w) continue;
                s += double(x[((int64_t(b) * g.h + iy) * g.w + ix) * g.c + ch]) *
                     dy[((int64_t(b) * g.oh + oy) * g.ow + ox) * g.oc + o];
              }
            }
          dw[((int64_t(ky) * g.kw + kx) * g.c + ch) * g.oc + o] += float(s);
        }
}

void f32_maxpool_nhwc__scalar(const PoolGeom& g, const float* x, float* y, int32_t* argmax) {
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox)
        for (int ch = 0; ch < g.c; ++ch) {
          float best = -std::numeric_limits<float>::infinity();
          int32_t at = -1;
          for (int py = 0; py < g.ph; ++py)
            for (int px = 0; px < g.pw; ++px) {
              const int iy = oy * g.stride_h + py, ix = ox * g.stride_w + px;
              const int32_t off = int32_t((int64_t(iy) * g.w + ix) * g.c + ch);  // into image b
              const float v = x[int64_t(b) * g.h * g.w * g.c + off];
              if (at < 0 || v > best) { best = v; at = off; }  // first maximum wins ties
            }
          const int64_t o = ((int64_t(b) * g.oh + oy) * g.ow + ox) * g.c + ch;
          y[o] = best;
          if (argmax) argmax[o] = at;
        }
}

void f32_maxpool_nhwc_backward__scalar(const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx) {
  const int64_t in = int64_t(g.h) * g.w * g.c, out = int64_t(g.oh) * g.ow * g.c;
  for (int64_t i = 0; i < g.n * in; ++i) dx[i] = 0.f;
  for (int b = 0; b < g.n; ++b)
    for (int64_t o = b * out; o < (b + 1) * out; ++o) dx[b * in + argmax[o]] += dy[o];
}

void f32_avgpool_nhwc__scalar(const PoolGeom& g, const float* x, float* y) {
  const float inv = 1.f / float(g.ph * g.pw);
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox)
        for (int ch = 0; ch < g.c; ++ch) {
          float s = 0.f;
          for (int py = 0; py < g.ph; ++py)
            for (int px = 0; px < g.pw; ++px)
              s += x[((int64_t(b) * g.h + oy * g.stride_h + py) * g.w + ox * g.stride_w + px) * g.c + ch];
          y[((int64_t(b) * g.oh + oy) * g.ow + ox) * g.c + ch] = s * inv;
        }
}

void f32_avgpool_nhwc_backward__scalar(const PoolGeom& g, const float* dy, float* dx) {
  const float inv = 1.f / float(g.ph * g.pw);
  for (int b = 0; b < g.n; ++b)
    for (int oy = 0; oy < g.oh; ++oy)
      for (int ox = 0; ox < g.ow; ++ox)
        for (int ch = 0; ch < g.c; ++ch) {
          const float d = dy[((int64_t(b) * g.oh + oy) * g.ow + ox) * g.c + ch] * inv;
          for (int py = 0; py < g.ph; ++py)
            for (int px = 0; px < g.pw; ++px)
              dx[((int64_t(b) * g.h + oy * g.stride_h + py) * g.w + ox * g.stride_w + px) * g.c + ch] += d;
        }
}

void f32_bias_relu__scalar(size_t rows, size_t cols, const float* bias, float* y) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) {
      const float v = y[r * cols + c] + (bias ? bias[c] : 0.f);
      y[r * cols + c] = v > 0.f ? v : 0.f;
    }
}

}  // namespace mlpg::kernels
