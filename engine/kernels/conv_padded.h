// The implicit-GEMM convolutions' view of their input (avx512_conv.cpp,
// conv_gemm_vec128.cpp): the images copied once with their padding made
// real, so that every output pixel's window is kh runs of kw·c contiguous
// floats, one per kernel row, a padded row apart. Plain C++: each kernel file
// compiles its own copy (an unnamed namespace, as gemm_pack.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/kernels.h"

namespace mlpg::kernels {
namespace {

// The images of g as [n, hp, wp, c]: exactly the rows and columns the
// windows reach, zero where they fall outside the image.
struct PaddedImages {
  const float* data;
  int hp, wp;
  int64_t image_floats;
  ConvGeom g;
  // Where output pixel r's window starts (r counts [n, oh, ow] in order).
  const float* window(int64_t r) const {
    const int64_t image_rows = int64_t(g.oh) * g.ow, img = r / image_rows, oy = (r % image_rows) / g.ow, ox = r % g.ow;
    return data + img * image_floats + (oy * g.stride_h * wp + ox * g.stride_w) * g.c;
  }
  // Patch entry e = (ky, kx, ch): ky padded rows and kx·c + ch floats from a window's start.
  int64_t entry(int e) const {
    const int seg = g.kw * g.c, ky = e / seg;
    return int64_t(ky) * wp * g.c + (e - ky * seg);
  }
};

// The file's buffers, reused from call to call (per thread): the padded
// images and, for a weight gradient's K-block, each output pixel's window.
thread_local std::vector<float> t_padded;
thread_local std::vector<const float*> t_pixel_at;

inline PaddedImages pad_images(const ConvGeom& g, const float* x, std::vector<float>& buf) {
  const int hp = (g.oh - 1) * g.stride_h + g.kh, wp = (g.ow - 1) * g.stride_w + g.kw, c = g.c;
  const int64_t image_floats = int64_t(hp) * wp * c;
  buf.resize(size_t(g.n) * size_t(image_floats));
  const int px0 = std::min(g.pad_left, wp), px1 = std::max(px0, std::min(g.pad_left + g.w, wp));  // columns inside
  for (int b = 0; b < g.n; ++b)
    for (int py = 0; py < hp; ++py) {
      float* dst = buf.data() + b * image_floats + int64_t(py) * wp * c;
      const int iy = py - g.pad_top;
      if (iy < 0 || iy >= g.h) {
        std::memset(dst, 0, sizeof(float) * size_t(wp) * c);
        continue;
      }
      std::memset(dst, 0, sizeof(float) * size_t(px0) * c);
      std::memcpy(dst + int64_t(px0) * c, x + ((int64_t(b) * g.h + iy) * g.w + px0 - g.pad_left) * c,
                  sizeof(float) * size_t(px1 - px0) * c);
      std::memset(dst + int64_t(px1) * c, 0, sizeof(float) * size_t(wp - px1) * c);
    }
  return {buf.data(), hp, wp, image_floats, g};
}

}  // namespace
}  // namespace mlpg::kernels
