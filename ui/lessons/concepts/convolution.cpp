// Convolution and pooling by hand and by the engine (see convolution.h).
#include "convolution.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/graph.h"
#include "ops/ops.h"

namespace mlpg::ui {

std::vector<float> conv_picture(ConvPicture p) {
  std::vector<float> img(size_t(kConvImage * kConvImage), 0.f);
  auto set = [&](int r, int c, float v) { img[size_t(r * kConvImage + c)] = v; };
  for (int i = 0; i < kConvImage; ++i)
    for (int j = 0; j < kConvImage; ++j) {
      switch (p) {
        case ConvPicture::Seven:  // a top bar and a slanted stroke
          if ((i == 2 && j >= 2 && j <= 7) || (i >= 3 && i <= 8 && j == 7 - (i - 3) / 2)) set(i, j, 1.f);
          break;
        case ConvPicture::Square:
          if (i >= 2 && i <= 7 && j >= 2 && j <= 7 && (i == 2 || i == 7 || j == 2 || j == 7)) set(i, j, 1.f);
          break;
        case ConvPicture::Diagonal:
          if (std::abs(i - j) <= 0) set(i, j, 1.f);
          break;
        case ConvPicture::Cross:
          if (i == 4 || i == 5 || j == 4 || j == 5) set(i, j, 1.f);
          break;
      }
    }
  return img;
}

std::vector<float> conv_kernel(ConvKernel k) {
  switch (k) {
    case ConvKernel::VerticalEdge: return {-1, 0, 1, -2, 0, 2, -1, 0, 1};     // Sobel x: left-to-right change
    case ConvKernel::HorizontalEdge: return {-1, -2, -1, 0, 0, 0, 1, 2, 1};   // Sobel y: top-to-bottom change
    case ConvKernel::Blur: return std::vector<float>(9, 1.f / 9.f);
    case ConvKernel::Sharpen: return {0, -1, 0, -1, 5, -1, 0, -1, 0};
    case ConvKernel::Learned: return std::vector<float>(9, 0.f);
  }
  return std::vector<float>(9, 0.f);
}

ConvResult conv_run(const ConvSetup& s) {
  ConvResult r;
  r.image = conv_picture(s.picture);
  r.kernel = s.kernel == ConvKernel::Learned && s.learned.size() == 9 ? s.learned : conv_kernel(s.kernel);
  const int n = kConvImage, k = 3, st = std::max(1, s.stride);
  // Output size and padding: the engine's (TensorFlow's) rule.
  if (s.same) {
    r.out_h = r.out_w = (n + st - 1) / st;
    const int pad = std::max((r.out_h - 1) * st + k - n, 0);
    r.pad_top = r.pad_left = pad / 2;
  } else {
    r.out_h = r.out_w = (n - k) / st + 1;
  }
  r.out.assign(size_t(r.out_h * r.out_w), 0.f);
  for (int oy = 0; oy < r.out_h; ++oy)
    for (int ox = 0; ox < r.out_w; ++ox) {
      double sum = 0;
      for (int ky = 0; ky < k; ++ky)
        for (int kx = 0; kx < k; ++kx) {
          const int iy = oy * st - r.pad_top + ky, ix = ox * st - r.pad_left + kx;
          if (iy >= 0 && iy < n && ix >= 0 && ix < n) sum += double(r.image[size_t(iy * n + ix)]) * r.kernel[size_t(ky * k + kx)];
        }
      r.out[size_t(oy * r.out_w + ox)] = float(sum);
    }
  r.pool_h = r.out_h / 2, r.pool_w = r.out_w / 2;
  r.pooled.assign(size_t(r.pool_h * r.pool_w), 0.f);
  for (int py = 0; py < r.pool_h; ++py)
    for (int px = 0; px < r.pool_w; ++px) {
      float m = -1e30f, sum = 0;
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) {
          const float v = r.out[size_t((2 * py + dy) * r.out_w + 2 * px + dx)];
          m = std::max(m, v), sum += v;
        }
      r.pooled[size_t(py * r.pool_w + px)] = s.max_pool ? m : sum / 4;
    }
  // The engine's ops on the same numbers: x [1, n, n, 1], w [3, 3, 1, 1].
  Graph g;
  Var x = g.input(Shape{1, n, n, 1}, r.image.data());
  Var w = g.input(Shape{3, 3, 1, 1}, r.kernel.data());
  Var y = conv2d(x, w, nullptr, st, s.same ? Padding::Same : Padding::Valid);
  r.engine.assign(y->value.data, y->value.data + y->value.numel());
  if (r.pool_h > 0) {
    Var p = s.max_pool ? max_pool2d(y, 2) : avg_pool2d(y, 2);
    r.pooled_engine.assign(p->value.data, p->value.data + p->value.numel());
  }
  return r;
}

std::string conv_step_text(const ConvResult& r, int stride, int cell) {
  if (cell < 0 || cell >= r.out_h * r.out_w) return "";
  const int oy = cell / r.out_w, ox = cell % r.out_w, n = kConvImage;
  std::string s;
  char b[96];
  std::snprintf(b, sizeof b, "out[%d][%d] = Σ in[%d+i][%d+j] · k[i][j] = ", oy, ox, oy * stride - r.pad_top, ox * stride - r.pad_left);
  s += b;
  bool first = true;
  for (int ky = 0; ky < 3; ++ky)
    for (int kx = 0; kx < 3; ++kx) {
      const int iy = oy * stride - r.pad_top + ky, ix = ox * stride - r.pad_left + kx;
      const float v = iy >= 0 && iy < n && ix >= 0 && ix < n ? r.image[size_t(iy * n + ix)] : 0.f;  // padding reads 0
      const double w = r.kernel[size_t(ky * 3 + kx)];
      std::snprintf(b, sizeof b, w < 0 ? "%s%.2g·(%.2g)" : "%s%.2g·%.2g", first ? "" : " + ", double(v), w);
      s += b;
      first = false;
    }
  std::snprintf(b, sizeof b, " = %.3f", double(r.out[size_t(cell)]));
  return s + b;
}

std::string pool_step_text(const ConvResult& r, bool max_pool, int cell) {
  if (cell < 0 || cell >= r.pool_h * r.pool_w) return "";
  const int py = cell / r.pool_w, px = cell % r.pool_w;
  char b[256];
  const auto at = [&](int dy, int dx) { return double(r.out[size_t((2 * py + dy) * r.out_w + 2 * px + dx)]); };
  std::snprintf(b, sizeof b, "pool[%d][%d] = %s(%.3f, %.3f, %.3f, %.3f) = %.3f", py, px, max_pool ? "max" : "mean", at(0, 0), at(0, 1), at(1, 0),
                at(1, 1), double(r.pooled[size_t(cell)]));
  return b;
}

float conv_max_difference(const ConvResult& r) {
  float d = 0;
  if (r.out.size() != r.engine.size() || r.pooled.size() != r.pooled_engine.size()) return INFINITY;
  for (size_t i = 0; i < r.out.size(); ++i) d = std::max(d, std::fabs(r.out[i] - r.engine[i]));
  for (size_t i = 0; i < r.pooled.size(); ++i) d = std::max(d, std::fabs(r.pooled[i] - r.pooled_engine[i]));
  return d;
}

}  // namespace mlpg::ui
