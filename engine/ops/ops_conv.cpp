// Forward passes of convolution and pooling (NHWC). im2col + GEMM: the im2col
// matrix has one row per output pixel, so cols[N·OH·OW, KH·KW·C] ·
// W[KH·KW·C, OC] is the NHWC output with no transpose. Backward rules are in
// backward_rules.cpp; geometry travels in the node's integer attributes.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/pack_cache.h"
#include "kernels/parallel.h"
#include "ops/ops.h"
#include "ops/ops_internal.h"

namespace mlpg {

using detail::fail;

kernels::ConvGeom detail::conv_geom_of(const Node& y) {
  const int* a = y.iattr;
  return {a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[7], a[8], a[9], a[10], a[11]};
}

detail::ConvChunks detail::conv_chunks(const kernels::ConvGeom& g) {
  ConvChunks cc;
  const int64_t per_image = std::max<int64_t>(int64_t(g.oh) * g.ow * g.patch(), 1);
  cc.images = int(std::clamp<int64_t>(kConvChunkFloats / per_image, 1, std::max(g.n, 1)));
  cc.chunks = std::max(1, (g.n + cc.images - 1) / cc.images);
  cc.groups = std::min(cc.chunks, kConvChunkGroups);
  return cc;
}

float* detail::conv_scratch(int slot, size_t floats) {
  thread_local std::vector<float> buffers[4];
  std::vector<float>& b = buffers[slot];
  if (b.size() < floats) b.resize(floats);
  return b.data();
}

kernels::PoolGeom detail::pool_geom_of(const Node& y) {
  const int* a = y.iattr;
  return {a[0], a[1], a[2], a[3], a[4], a[4], a[5], a[5], a[6], a[7]};
}

namespace {

// conv2d's geometry: false (and no error) for what conv2d would refuse, so
// callers that fall back to it keep its messages.
bool conv_geometry(Var x, Var w, Var bias, int stride, Padding pad, kernels::ConvGeom* out) {
  const Shape& sx = x->value.shape;
  const Shape& sw = w->value.shape;
  if (sx.rank != 4 || sw.rank != 4 || sw[2] != sx[3] || stride < 1) return false;
  if (sx[3] == 0 || sw[0] == 0 || sw[1] == 0 || sw[3] == 0) return false;
  if (bias && (bias->value.shape.rank != 1 || bias->value.shape[0] != sw[3])) return false;
  kernels::ConvGeom g{sx[0], sx[1], sx[2], sx[3], sw[0], sw[1], sw[3], stride, stride, 0, 0, 0, 0};
  if (pad == Padding::Valid) {
    if (g.h < g.kh || g.w < g.kw) return false;
    g.oh = (g.h - g.kh) / stride + 1;
    g.ow = (g.w - g.kw) / stride + 1;
  } else {
    g.oh = (g.h + stride - 1) / stride;
    g.ow = (g.w + stride - 1) / stride;
    const int ph = std::max((g.oh - 1) * stride + g.kh - g.h, 0), pw = std::max((g.ow - 1) * stride + g.kw - g.w, 0);
    g.pad_top = ph / 2;
    g.pad_left = pw / 2;
  }
  *out = g;
  return true;
}

void set_conv_attrs(const kernels::ConvGeom& g, Var y) {
  const int attrs[12] = {g.n, g.h, g.w, g.c, g.kh, g.kw, g.oc, g.stride_h, g.pad_top, g.pad_left, g.oh, g.ow};
  std::copy(attrs, attrs + 12, y->iattr);
}

// The im2col path, a chunk of images at a time (detail::kConvChunkFloats):
// each chunk's im2col matrix times the weights into out(chunk, first image)
// with the bias (and ReLU) added, then done(chunk, first image, out). The
// backward pass builds each chunk's matrix again.
template <class Out, class Done>
void im2col_conv(Graph& gr, Var w, const kernels::ConvGeom& g, const float* x, const float* b, bool relu, Out&& out_of,
                 Done&& done) {
  const auto& k = kernels::active_kernels();
  const int64_t image_in = int64_t(g.h) * g.w * g.c;
  const detail::ConvChunks cc = detail::conv_chunks(g);
  // Every chunk multiplies by the same weights: packed once for the call
  // (the cache is this thread's, emptied before each use, since the weights
  // may have changed since the last; the groups' threads share it).
  // (With the weights frozen, as in predict(), the graph's cache keeps them
  // packed from one batch to the next.)
  thread_local kernels::PackCache w_packs;
  kernels::PackCache* const packs = gr.packs_for(w, cc.chunks > 1 ? &w_packs : nullptr);
  detail::for_each_conv_chunk(g, cc, [&](int, const kernels::ConvGeom& c, int b0, bool) {
    const int rows = int(c.rows());
    float* out = out_of(c, b0);
    if (detail::has_implicit_conv(k)) {
      k.conv_gemm(c, x + b0 * image_in, w->value.data, b, relu, out, packs);
      done(c, b0, out);
      return;
    }
    float* cols = detail::conv_scratch(0, size_t(rows) * size_t(g.patch()));
    kernels::im2col(k, c, x + b0 * image_in, cols);
    kernels::gemm(k, {false, false, rows, g.oc, g.patch(), 1.f, cols, g.patch(), w->value.data, g.oc, 0.f, out, g.oc,
                      packs});
    if (relu) k.bias_relu(size_t(rows), size_t(g.oc), b, out);
    else if (b) k.bias_add(size_t(rows), size_t(g.oc), b, out);
    done(c, b0, out);
  });
}

}  // namespace

Var conv2d(Var x, Var w, Var bias, int stride, Padding pad, bool fuse_relu) {
  const Shape& sx = x->value.shape;
  const Shape& sw = w->value.shape;
  kernels::ConvGeom g{};
  if (!conv_geometry(x, w, bias, stride, pad, &g)) {  // say what is wrong
    if (sx.rank != 4) fail("conv2d", "input must be [N, H, W, C], got " + sx.str());
    if (sw.rank != 4 || sw[2] != sx[3]) fail("conv2d", "weights must be [KH, KW, " + std::to_string(sx[3]) + ", OC], got " + sw.str());
    if (stride < 1) fail("conv2d", "stride must be >= 1, got " + std::to_string(stride) + " for input " + sx.str());
    if (sx[3] == 0 || sw[0] == 0 || sw[1] == 0 || sw[3] == 0)
      fail("conv2d", "zero-sized weights " + sw.str() + " for input " + sx.str());
    if (bias && (bias->value.shape.rank != 1 || bias->value.shape[0] != sw[3])) fail("conv2d", "bias must be [" + std::to_string(sw[3]) + "]");
    fail("conv2d", "kernel larger than the input " + sx.str());
  }
  Graph& gr = *x->graph;
  Var y = bias ? gr.make(Op::Conv2D, Shape{g.n, g.oh, g.ow, g.oc}, {x, w, bias})
               : gr.make(Op::Conv2D, Shape{g.n, g.oh, g.ow, g.oc}, {x, w});
  set_conv_attrs(g, y);
  y->fattr[0] = fuse_relu ? 1.f : 0.f;
  const auto& k = kernels::active_kernels();
  const float* b = bias ? bias->value.data : nullptr;
  // fattr[1]: which path ran, for the backward rule (1: direct).
  y->fattr[1] = g.patch() <= k.direct_conv_max_patch ? 1.f : 0.f;
  if (y->fattr[1] != 0.f) {
    // Convolve directly (see KernelSet::direct_conv_max_patch); the weight
    // gradient is direct too (conv_direct_dw): no im2col matrix either way.
    kernels::conv_direct(k, g, x->value.data, w->value.data, b, fuse_relu, y->value.data);
    return y;
  }
  const int64_t image_rows = int64_t(g.oh) * g.ow;
  im2col_conv(gr, w, g, x->value.data, b, fuse_relu,
              [&](const kernels::ConvGeom&, int b0) { return y->value.data + b0 * image_rows * g.oc; },
              [](const kernels::ConvGeom&, int, float*) {});
  return y;
}

detail::ConvPool detail::conv_pool_of(const Node& y) {
  ConvPool b;
  b.image = conv_geom_of(y);
  b.pool_size = int(y.fattr[0]);
  b.direct = y.fattr[1] != 0.f;
  b.ph = b.image.oh / b.pool_size;
  b.pw = b.image.ow / b.pool_size;
  b.band = b.image;
  b.band.n = 1;
  b.band.h = b.pool_size + b.image.kh - 1;
  b.band.oh = b.pool_size;
  b.band_pool = b.chunk_pool(1);
  b.band_pool.h = b.pool_size;
  b.band_pool.oh = 1;
  return b;
}

Var conv2d_relu_maxpool(Var x, Var w, Var bias, int stride, Padding pad, int pool) {
  const auto& k = kernels::active_kernels();
  // Only what conv2d and max_pool2d would both accept is one node; anything
  // else (and every error message) is theirs.
  kernels::ConvGeom g{};
  if (!bias || pool < 1 || !conv_geometry(x, w, bias, stride, pad, &g) || g.oh < pool || g.ow < pool)
    return max_pool2d(conv2d(x, w, bias, stride, pad, true), pool);
  const bool direct = g.patch() <= k.direct_conv_max_patch && stride == 1 && pad == Padding::Valid;
  const int ph = g.oh / pool, pw = g.ow / pool;
  Graph& gr = *x->graph;
  Var y = gr.make(Op::Conv2DReluMaxPool, Shape{g.n, ph, pw, g.oc}, {x, w, bias});
  set_conv_attrs(g, y);
  y->fattr[0] = float(pool);
  y->fattr[1] = direct ? 1.f : 0.f;
  const detail::ConvPool b = detail::conv_pool_of(*y);
  // Inference needs no argmax (it only routes the gradient back).
  auto* argmax = gr.grad_enabled ? reinterpret_cast<int32_t*>(gr.arena().alloc(size_t(y->value.numel()))) : nullptr;
  y->aux = reinterpret_cast<const float*>(argmax);
  const int64_t image_in = int64_t(g.h) * g.w * g.c;
  if (!direct) {  // each chunk's output pooled while it is in cache, never written whole
    im2col_conv(gr, w, g, x->value.data, bias->value.data, true,
                [&](const kernels::ConvGeom& c, int) { return detail::conv_scratch(2, size_t(c.rows()) * size_t(g.oc)); },
                [&](const kernels::ConvGeom& c, int b0, float* out) {
                  const int64_t o = b0 * b.image_windows();
                  k.maxpool(b.chunk_pool(c.n), out, y->value.data + o, argmax ? argmax + o : nullptr);
                });
    return y;
  }
  if (!argmax && pool == 2) {  // inference: each window's four pixels convolved and pooled in registers
    kernels::parallel_for(b.band_groups(), [&](int gi) {
      kernels::ConvGeom images = b.image;
      images.n = b.first_image(gi + 1) - b.first_image(gi);
      const int64_t n0 = b.first_image(gi);
      k.conv_direct_pool2(images, x->value.data + n0 * image_in, w->value.data, bias->value.data,
                          y->value.data + n0 * b.image_windows());
    });
    return y;
  }
  kernels::parallel_for(b.band_groups(), [&](int gi) {
    float* band = detail::conv_scratch(0, size_t(b.band_out()));
    for (int n = b.first_image(gi); n < b.first_image(gi + 1); ++n)
      for (int r = 0; r < ph; ++r) {
        const int64_t o = n * b.image_windows() + r * b.row_out();
        k.conv_direct(b.band, x->value.data + n * image_in + r * b.band_in(), w->value.data, bias->value.data, true, band);
        k.maxpool(b.band_pool, band, y->value.data + o, argmax ? argmax + o : nullptr);
      }
  });
  return y;
}

namespace {
Var pool(Op op, Var x, int size, int stride) {
  const char* name = op_name(op);
  const Shape& sx = x->value.shape;
  if (sx.rank != 4) fail(name, "input must be [N, H, W, C], got " + sx.str());
  if (size < 1) fail(name, "pool size must be >= 1, got " + std::to_string(size) + " for input " + sx.str());
  if (stride < 0) fail(name, "stride must be >= 1 (or 0: the pool size), got " + std::to_string(stride) + " for input " + sx.str());
  if (stride == 0) stride = size;  // the default, as PyTorch's stride=None
  if (sx[1] < size || sx[2] < size) fail(name, "pool window larger than the input " + sx.str());
  kernels::PoolGeom g{sx[0], sx[1], sx[2], sx[3], size, size, stride, stride, (sx[1] - size) / stride + 1,
                      (sx[2] - size) / stride + 1};
  Graph& gr = *x->graph;
  Var y = gr.make(op, Shape{g.n, g.oh, g.ow, g.c}, {x});
  const int attrs[8] = {g.n, g.h, g.w, g.c, g.ph, g.stride_h, g.oh, g.ow};
  std::copy(attrs, attrs + 8, y->iattr);
  if (op == Op::MaxPool2D) {
    static_assert(sizeof(int32_t) == sizeof(float), "argmax shares the float arena");
    // Inference needs no argmax (it only routes the gradient back).
    auto* argmax = gr.grad_enabled ? reinterpret_cast<int32_t*>(gr.arena().alloc(size_t(y->value.numel()))) : nullptr;
    kernels::maxpool(kernels::active_kernels(), g, x->value.data, y->value.data, argmax);
    y->aux = reinterpret_cast<const float*>(argmax);
  } else {
    kernels::avgpool(kernels::active_kernels(), g, x->value.data, y->value.data);
  }
  return y;
}
}  // namespace

Var max_pool2d(Var x, int size, int stride) { return pool(Op::MaxPool2D, x, size, stride); }
Var avg_pool2d(Var x, int size, int stride) { return pool(Op::AvgPool2D, x, size, stride); }

}  // namespace mlpg
