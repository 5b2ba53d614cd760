// Backward rules, one per op, dispatched by run_backward_rule's switch over Op. Each rule reads the
// node's output gradient and adds (+=) into the gradients of inputs that
// require one, so gradients accumulate across uses and across backward calls.
// Rules whose kernels can write a whole gradient ask for it with its
// freshness (Graph::grad_of(v, &fresh)): the first use then stores into
// uninitialised memory instead of adding into memory zeroed for it, which
// saves a pass over the largest activations (the course CNN's 2.8 MB a
// batch for the first convolution's output).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "core/graph.h"
#include "kernels/kernels.h"
#include "kernels/parallel.h"
#include "ops/ops_internal.h"

namespace mlpg {

using detail::for_each_broadcast;
using detail::split_at;
using detail::conv_geom_of;
using detail::pool_geom_of;

namespace {

// Grad of input k, or null if it needs none.
float* gin(Graph& g, Var y, size_t k) {
  Var in = y->inputs[k];
  return in->requires_grad ? g.grad_of(in) : nullptr;
}

// The same for a rule that can write the gradient whole: *fresh says whether
// it must (kernels store) or must add (it was written before).
float* gin(Graph& g, Var y, size_t k, bool* fresh) {
  Var in = y->inputs[k];
  return in->requires_grad ? g.grad_of(in, fresh) : nullptr;
}

// dst += src over n floats.
void k_add_into(size_t n, const float* src, float* dst) { kernels::active_kernels().add(n, dst, src, dst); }

// Input k's gradient gets `grad` (n floats, the node's own, not read after
// this rule): a fresh one takes it as is, as a view's does, else it is added.
void pass_grad(Graph& g, Var y, size_t k, float* grad, size_t n) {
  Var in = y->inputs[k];
  if (in->requires_grad && !g.adopt_grad(in, grad)) k_add_into(n, grad, in->grad);
}

// Runs write(dst), which writes n floats in full, for input k's gradient:
// straight into it when it is fresh, else into scratch then added.
template <class Write>
void write_or_add(Graph& g, Var y, size_t k, size_t n, Write write) {
  bool fresh = false;
  float* gx = gin(g, y, k, &fresh);
  if (!gx) return;
  if (fresh) return write(gx);
  float* part = g.arena().alloc(n);
  write(part);
  k_add_into(n, part, gx);
}

void binary_rule(Graph& g, Var y) {
  Var a = y->inputs[0], b = y->inputs[1];
  const float* go = y->grad;
  if (y->op == Op::Add && a->value.shape == y->value.shape && detail::is_row_bias(a->value.shape, b->value.shape)) {
    const auto& k = kernels::active_kernels();
    const size_t cols = size_t(y->value.shape[-1]), rows = size_t(y->value.numel()) / cols;
    write_or_add(g, y, 0, rows * cols, [&](float* d) { std::memcpy(d, go, rows * cols * sizeof(float)); });
    if (float* gb = gin(g, y, 1)) k.sum_rows(rows, cols, go, gb);  // the bias gradient: column sums
    return;
  }
  if ((y->op == Op::Add || y->op == Op::Sub) && a->value.shape == b->value.shape) {  // no broadcast (an RNN step's sum)
    const size_t n = size_t(y->value.numel());
    pass_grad(g, y, 0, y->grad, n);  // the first input's gradient is the sum's own
    const float sign = y->op == Op::Add ? 1.f : -1.f;
    write_or_add(g, y, 1, n, [&](float* d) {
      for (size_t i = 0; i < n; ++i) d[i] = sign * go[i];
    });
    return;
  }
  float* ga = gin(g, y, 0);
  float* gb = gin(g, y, 1);
  const float* pa = a->value.data;
  const float* pb = b->value.data;
  int64_t sa[kMaxDims], sb[kMaxDims];
  const Shape& out = y->value.shape;
  broadcast_strides(a->value, out, sa);
  broadcast_strides(b->value, out, sb);
  // Broadcast dimensions have stride 0, so += reduces over them.
  switch (y->op) {
    case Op::Add:
      for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) {
        if (ga) ga[ia] += go[i];
        if (gb) gb[ib] += go[i];
      });
      break;
    case Op::Sub:
      for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) {
        if (ga) ga[ia] += go[i];
        if (gb) gb[ib] -= go[i];
      });
      break;
    case Op::Mul:
      for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) {
        if (ga) ga[ia] += go[i] * pb[ib];
        if (gb) gb[ib] += go[i] * pa[ia];
      });
      break;
    case Op::Div:
      for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) {
        if (ga) ga[ia] += go[i] / pb[ib];
        if (gb) gb[ib] -= go[i] * pa[ia] / (pb[ib] * pb[ib]);
      });
      break;
    default: break;
  }
}

// dx += go * f'(x, y) for elementwise ops.
template <class D>
void unary_rule(Graph& g, Var y, D deriv) {
  float* gx = gin(g, y, 0);
  if (!gx) return;
  const float* x = y->inputs[0]->value.data;
  const float* out = y->value.data;
  const float* go = y->grad;
  const int64_t n = y->value.numel();
  for (int64_t i = 0; i < n; ++i) gx[i] += go[i] * deriv(x[i], out[i]);
}

void scale_rule(Graph& g, Var y) { const float c = y->fattr[0]; unary_rule(g, y, [c](float, float) { return c; }); }
void add_scalar_rule(Graph& g, Var y) { unary_rule(g, y, [](float, float) { return 1.f; }); }
void exp_rule(Graph& g, Var y) { unary_rule(g, y, [](float, float o) { return o; }); }
void log_rule(Graph& g, Var y) { unary_rule(g, y, [](float x, float) { return 1.f / x; }); }
void pow_rule(Graph& g, Var y) {
  const float p = y->fattr[0];
  unary_rule(g, y, [p](float x, float) { return p * std::pow(x, p - 1.f); });
}
void abs_rule(Graph& g, Var y) { unary_rule(g, y, [](float x, float) { return x > 0 ? 1.f : (x < 0 ? -1.f : 0.f); }); }
void sigmoid_rule(Graph& g, Var y) {
  if (float* gx = gin(g, y, 0)) kernels::active_kernels().sigmoid_backward(size_t(y->value.numel()), y->value.data, y->grad, gx);
}
void tanh_rule(Graph& g, Var y) {
  if (float* gx = gin(g, y, 0)) kernels::active_kernels().tanh_backward(size_t(y->value.numel()), y->value.data, y->grad, gx);
}
void relu_rule(Graph& g, Var y) {
  const size_t n = size_t(y->value.numel());
  write_or_add(g, y, 0, n, [&](float* gx) { kernels::active_kernels().relu_backward(n, y->inputs[0]->value.data, y->grad, gx); });
}
void leaky_relu_rule(Graph& g, Var y) {
  if (float* gx = gin(g, y, 0))
    kernels::active_kernels().leaky_relu_backward(size_t(y->value.numel()), y->fattr[0], y->inputs[0]->value.data, y->grad,
                                                  gx);
}
void dropout_rule(Graph& g, Var y) {
  float* gx = gin(g, y, 0);
  if (!gx) return;
  for (int64_t i = 0; i < y->value.numel(); ++i) gx[i] += y->grad[i] * y->aux[i];
}

void matmul_rule(Graph& g, Var y) {
  Var a = y->inputs[0], b = y->inputs[1];
  const bool ta = y->iattr[0], tb = y->iattr[1];
  const Shape& sb = b->value.shape;
  const int N = y->value.shape[-1];
  const int K = tb ? sb[1] : sb[0];
  int64_t rows = 1;  // no division: N may be 0
  for (int i = 0; i + 1 < y->value.shape.rank; ++i) rows *= y->value.shape[i];
  const int M = int(rows);
  const auto& k = kernels::active_kernels();
  const float* go = y->grad;
  if (y->inputs.size() > 2 && M > 0)  // linear's bias: column sums
    if (float* gbias = gin(g, y, 2)) k.sum_rows(size_t(M), size_t(N), go, gbias);
  if (M == 0 || N == 0 || K == 0) return;  // every product below is empty or sums nothing
  bool fresh = false;  // a fresh gradient is stored (beta 0), else added to
  if (float* ga = gin(g, y, 0, &fresh)) {
    const float beta = fresh ? 0.f : 1.f;
    // A leaf b (a weight) that several products use (an unrolled RNN's W_hh
    // at every step) is packed once per backward pass; used once (a Linear
    // layer's), its panels are packed as the GEMM reaches them, in L1,
    // instead of the whole of it written out to the cache and read back
    // (0.8 MB for the course CNN's dense layer, 1.9 % of a training step).
    if (!ta)  // ga[M,K] += go[M,N] · op(b)ᵀ
      kernels::gemm(k, {false, !tb, M, K, N, 1.f, go, N, b->value.data, tb ? K : N, beta, ga, K,
                        b->op == Op::Leaf && b->uses > 1 ? g.backward_packs() : nullptr});
    else      // ga[K,M] += op(b)[K,N] · goᵀ
      kernels::gemm(k, {tb, true, K, M, N, 1.f, b->value.data, tb ? K : N, go, N, beta, ga, M});
  }
  if (float* gb = gin(g, y, 1, &fresh)) {
    const float beta = fresh ? 0.f : 1.f;
    if (!tb)  // gb[K,N] += op(a)ᵀ · go
      kernels::gemm(k, {!ta, false, K, N, M, 1.f, a->value.data, ta ? M : K, go, N, beta, gb, N});
    else      // gb[N,K] += goᵀ · op(a)
      kernels::gemm(k, {true, ta, N, K, M, 1.f, go, N, a->value.data, ta ? M : K, beta, gb, K});
  }
}

void reduce_rule(Graph& g, Var y) {
  float* gx = gin(g, y, 0);
  if (!gx) return;
  Var x = y->inputs[0];
  const int64_t n = x->value.numel();
  if (y->iattr[0] < 0) {  // all elements
    const float d = y->grad[0] * (y->op == Op::Mean ? 1.f / float(n) : 1.f);
    for (int64_t i = 0; i < n; ++i) gx[i] += d;
    return;
  }
  const auto sp = split_at(x->value.shape, y->iattr[0]);
  const float f = y->op == Op::Mean ? 1.f / float(sp.n) : 1.f;
  for (int64_t o = 0; o < sp.outer; ++o)
    for (int64_t j = 0; j < sp.n; ++j)
      for (int64_t i = 0; i < sp.inner; ++i)
        gx[(o * sp.n + j) * sp.inner + i] += f * y->grad[o * sp.inner + i];
}

void softmax_rule(Graph& g, Var y) {
  float* gx = gin(g, y, 0);
  if (!gx) return;
  const int64_t n = y->value.shape[-1], rows = n == 0 ? 0 : y->value.numel() / n;
  if (rows == 0) return;
  kernels::active_kernels().softmax_backward(size_t(rows), size_t(n), y->value.data, y->grad, gx, y->op == Op::LogSoftmax);
}

void reshape_rule(Graph& g, Var y) {
  pass_grad(g, y, 0, y->grad, size_t(y->value.numel()));  // a view: the same elements in the same order
}

void transpose_rule(Graph& g, Var y) {
  float* gx = gin(g, y, 0);
  if (!gx) return;
  Var x = y->inputs[0];
  const Shape& s = x->value.shape;
  if (const int64_t inner = detail::leading_swap_block(x->value, y->iattr[0], y->iattr[1])) {  // blocks back in place
    const auto& k = kernels::active_kernels();
    for (int i = 0; i < s[0]; ++i)
      for (int j = 0; j < s[1]; ++j)
        k.add(size_t(inner), gx + (int64_t(i) * s[1] + j) * inner, y->grad + (int64_t(j) * s[0] + i) * inner,
              gx + (int64_t(i) * s[1] + j) * inner);
    return;
  }
  int64_t st[kMaxDims], zero[kMaxDims] = {};
  for (int i = 0; i < x->value.shape.rank; ++i) st[i] = x->value.strides[i];
  std::swap(st[y->iattr[0]], st[y->iattr[1]]);
  const float* go = y->grad;
  for_each_broadcast(y->value.shape, st, zero, [&](int64_t i, int64_t ix, int64_t) { gx[ix] += go[i]; });
}

void concat_rule(Graph& g, Var y) {
  const int ax = y->iattr[0];
  const auto so = split_at(y->value.shape, ax);
  int64_t at = 0;
  for (size_t k = 0; k < y->inputs.size(); ++k) {
    Var x = y->inputs[k];
    const auto sx = split_at(x->value.shape, ax);
    const int64_t row = sx.n * sx.inner;  // each input's gradient is its block of rows, written whole
    write_or_add(g, y, k, size_t(x->value.numel()), [&](float* gx) {
      for (int64_t o = 0; o < sx.outer; ++o)
        std::memcpy(gx + o * row, y->grad + o * so.n * so.inner + at * so.inner, size_t(row) * sizeof(float));
    });
    at += sx.n;
  }
}

void slice_rule(Graph& g, Var y) {
  float* gx = gin(g, y, 0);
  if (!gx) return;
  const int ax = y->iattr[0], start = y->iattr[1];
  const auto sa = split_at(y->inputs[0]->value.shape, ax);
  const int64_t len = y->value.shape[ax];
  const int64_t row = len * sa.inner;
  const auto& k = kernels::active_kernels();
  for (int64_t o = 0; o < sa.outer; ++o) {
    float* dst = gx + (o * sa.n + start) * sa.inner;
    k.add(size_t(row), dst, y->grad + o * row, dst);
  }
}

void sparse_ce_rule(Graph& g, Var y) {
  float* gx = gin(g, y, 0);
  if (!gx) return;
  const int B = y->inputs[0]->value.shape[0], C = y->inputs[0]->value.shape[1];
  // (softmax − onehot) / B
  kernels::active_kernels().sparse_xent_backward(size_t(B), size_t(C), y->aux, reinterpret_cast<const int32_t*>(y->aux2),
                                                 y->grad[0] / float(B), gx);
}

void bce_rule(Graph& g, Var y) {
  Var z = y->inputs[0], t = y->inputs[1];
  const int64_t n = z->value.numel();
  const float d = y->grad[0] / float(n);
  float* gz = gin(g, y, 0);
  float* gt = gin(g, y, 1);
  for (int64_t i = 0; i < n; ++i) {
    const float zi = z->value.data[i];
    const float s = zi >= 0 ? 1.f / (1.f + std::exp(-zi)) : std::exp(zi) / (1.f + std::exp(zi));
    if (gz) gz[i] += d * (s - t->value.data[i]);  // σ(z) − t
    if (gt) gt[i] += d * -zi;                      // ∂/∂t of −z t
  }
}

}  // namespace


namespace {

// The im2col path's backward, a chunk of images at a time, as the forward
// pass (detail::ConvChunks): dW[patch, oc] += colsᵀ · dY with the chunk's
// im2col matrix built again (each group of chunks into its own part, the
// parts then added in order), dcols = dY · Wᵀ then col2im into the chunk's
// images. dy_of(chunk, first image, group) gives the chunk's dY [rows, oc].
template <class DyOf>
void im2col_conv_backward(Graph& g, Var y, const kernels::ConvGeom& geo, float* gw, float* gx, bool gx_fresh,
                          DyOf&& dy_of) {
  const auto& k = kernels::active_kernels();
  const int patch = geo.patch();
  const int64_t image_in = int64_t(geo.h) * geo.w * geo.c;
  const float* x = y->inputs[0]->value.data;
  const float* w = y->inputs[1]->value.data;
  const detail::ConvChunks cc = detail::conv_chunks(geo);
  const size_t dw_floats = size_t(patch) * size_t(geo.oc);
  float* parts = gw && cc.groups > 1 ? g.arena().alloc(dw_floats * size_t(cc.groups)) : nullptr;
  detail::for_each_conv_chunk(geo, cc, [&](int group, const kernels::ConvGeom& c, int b0, bool first) {
    const int crows = int(c.rows());
    const float* dyc = dy_of(c, b0, group);
    if (gw) {
      float* part = parts ? parts + dw_floats * size_t(group) : gw;
      const float beta = parts && first ? 0.f : 1.f;
      if (detail::has_implicit_conv(k)) {
        k.conv_gemm_dw(c, x + b0 * image_in, dyc, beta, part);
      } else {
        float* cols = detail::conv_scratch(0, size_t(crows) * size_t(patch));
        kernels::im2col(k, c, x + b0 * image_in, cols);
        kernels::gemm(k, {true, false, patch, geo.oc, crows, 1.f, cols, patch, dyc, geo.oc, beta, part, geo.oc});
      }
    }
    if (gx) {
      float* dcols = detail::conv_scratch(1, size_t(crows) * size_t(patch));
      kernels::gemm(k, {false, true, crows, patch, geo.oc, 1.f, dyc, geo.oc, w, geo.oc, 0.f, dcols, patch,
                        y->inputs[1]->op == Op::Leaf ? g.backward_packs() : nullptr});  // Wᵀ packed once a pass
      if (gx_fresh) std::memset(gx + b0 * image_in, 0, size_t(c.n * image_in) * sizeof(float));
      kernels::col2im(k, c, dcols, gx + b0 * image_in);
    }
  });
  if (parts)
    for (int group = 0; group < cc.groups; ++group) k.add(dw_floats, gw, parts + dw_floats * size_t(group), gw);
}

void conv2d_rule(Graph& g, Var y) {
  const kernels::ConvGeom geo = conv_geom_of(*y);
  const auto& k = kernels::active_kernels();
  const int rows = int(geo.rows()), patch = geo.patch();
  const float* dy = y->grad;  // [rows, oc]
  if (y->fattr[0] != 0.f)  // fused ReLU: the gradient passes where the output is > 0 (masked in place, Node::grad)
    k.relu_backward(size_t(y->value.numel()), y->value.data, y->grad, y->grad);
  const float* x = y->inputs[0]->value.data;
  const float* w = y->inputs[1]->value.data;
  float* gw = gin(g, y, 1);
  bool gx_fresh = false;  // col2im adds, so a fresh gx is zeroed first (a chunk at a time, while in cache)
  float* gx = gin(g, y, 0, &gx_fresh);
  const int64_t image_rows = int64_t(geo.oh) * geo.ow, image_in = int64_t(geo.h) * geo.w * geo.c;
  if (y->inputs.size() > 2)
    if (float* gb = gin(g, y, 2)) k.sum_rows(size_t(rows), size_t(geo.oc), dy, gb);
  if (y->fattr[1] != 0.f) {  // the forward pass convolved directly (a short patch)
    if (gw) kernels::conv_direct_dw(k, geo, x, dy, gw);
    if (gx) {  // dcols = dY · Wᵀ, then col2im (the first layer's input seldom needs it)
      float* dcols = g.arena().alloc(size_t(rows) * size_t(patch));
      kernels::gemm(k, {false, true, rows, patch, geo.oc, 1.f, dy, geo.oc, w, geo.oc, 0.f, dcols, patch});
      if (gx_fresh) std::memset(gx, 0, size_t(geo.n * image_in) * sizeof(float));
      kernels::col2im(k, geo, dcols, gx);
    }
    return;
  }
  im2col_conv_backward(g, y, geo, gw, gx, gx_fresh, [&](const kernels::ConvGeom&, int b0, int) {
    return dy + b0 * image_rows * geo.oc;
  });
}

// conv2d_relu_maxpool (ops_conv.cpp): the windows' gradient masked where a
// window's maximum (a ReLU output) is 0 and spread back over the part of the
// convolution the forward pass pooled, while that part is in cache, then
// that part's gradients taken. The direct path works band by band: the
// direct weight gradient, the bias's column sums and (if x needs one)
// dY · Wᵀ and col2im, all on the band in L1; images are split into a fixed
// number of groups, each summing its own part of the weight and bias
// gradients, added in order after (the result does not depend on the thread
// count). The im2col path works chunk by chunk, as conv2d's.
void conv2d_relu_maxpool_rule(Graph& g, Var y) {
  const detail::ConvPool b = detail::conv_pool_of(*y);
  const kernels::ConvGeom& geo = b.image;
  const auto& k = kernels::active_kernels();
  const auto* argmax = reinterpret_cast<const int32_t*>(y->aux);
  float* gw = gin(g, y, 1);
  float* gb = gin(g, y, 2);
  bool gx_fresh = false;
  float* gx = gin(g, y, 0, &gx_fresh);
  const int64_t image_in = int64_t(geo.h) * geo.w * geo.c;
  const int patch = geo.patch();
  const int groups = b.direct ? b.band_groups() : detail::conv_chunks(geo).groups;
  const size_t part = size_t(b.direct ? patch + 1 : 1) * size_t(geo.oc);  // a group's dW (direct path), then its db
  float* parts = g.arena().alloc(part * size_t(groups));
  std::memset(parts, 0, part * size_t(groups) * sizeof(float));
  auto db_of = [&](int group) { return parts + part * size_t(group) + part - size_t(geo.oc); };
  if (!b.direct) {
    im2col_conv_backward(g, y, geo, gw, gx, gx_fresh, [&](const kernels::ConvGeom& c, int b0, int group) {
      const int64_t o = b0 * b.image_windows(), windows = c.n * b.image_windows();
      float* masked = detail::conv_scratch(3, size_t(windows));
      float* dyc = detail::conv_scratch(2, size_t(c.rows()) * size_t(geo.oc));
      k.relu_backward(size_t(windows), y->value.data + o, y->grad + o, masked);
      k.maxpool_backward(b.chunk_pool(c.n), masked, argmax + o, dyc);
      if (gb) k.sum_rows(size_t(windows / geo.oc), size_t(geo.oc), masked, db_of(group));
      return static_cast<const float*>(dyc);
    });
  } else {
    if (gx && gx_fresh) std::memset(gx, 0, size_t(geo.n * image_in) * sizeof(float));  // col2im adds
    const float* x = y->inputs[0]->value.data;
    const float* w = y->inputs[1]->value.data;
    kernels::parallel_for(groups, [&](int gi) {
      float* scratch = detail::conv_scratch(0, size_t(b.band_out() + b.row_out()));
      float *dy_band = scratch, *masked = scratch + b.band_out();
      float* dcols = gx ? detail::conv_scratch(1, size_t(b.band_out() / geo.oc) * size_t(patch)) : nullptr;
      float* dw = parts + part * size_t(gi);
      for (int n = b.first_image(gi); n < b.first_image(gi + 1); ++n)
        for (int r = 0; r < b.ph; ++r) {
          const int64_t o = n * b.image_windows() + r * b.row_out(), in = n * image_in + r * b.band_in();
          k.relu_backward(size_t(b.row_out()), y->value.data + o, y->grad + o, masked);
          k.maxpool_backward(b.band_pool, masked, argmax + o, dy_band);
          if (gw) k.conv_direct_dw(b.band, x + in, dy_band, 0, geo.oc, dw);
          if (gb) k.sum_rows(size_t(b.pw), size_t(geo.oc), masked, db_of(gi));
          if (gx) {
            const int rows = int(b.band_out() / geo.oc);
            k.gemm({false, true, rows, patch, geo.oc, 1.f, dy_band, geo.oc, w, geo.oc, 0.f, dcols, patch});
            k.col2im(b.band, dcols, gx + in);
          }
        }
    });
    if (gw)
      for (int gi = 0; gi < groups; ++gi) k.add(size_t(patch) * size_t(geo.oc), gw, parts + part * size_t(gi), gw);
  }
  if (gb)
    for (int gi = 0; gi < groups; ++gi) k.add(size_t(geo.oc), gb, db_of(gi), gb);
}

void maxpool_rule(Graph& g, Var y) {
  write_or_add(g, y, 0, size_t(y->inputs[0]->value.numel()), [&](float* gx) {
    kernels::maxpool_backward(kernels::active_kernels(), pool_geom_of(*y), y->grad, reinterpret_cast<const int32_t*>(y->aux), gx);
  });
}

void avgpool_rule(Graph& g, Var y) {
  if (float* gx = gin(g, y, 0)) kernels::avgpool_backward(kernels::active_kernels(), pool_geom_of(*y), y->grad, gx);
}

void embedding_rule(Graph& g, Var y) {
  float* gt = gin(g, y, 0);
  if (!gt) return;
  const int n = y->value.shape[0], d = y->value.shape[1];
  for (int i = 0; i < n; ++i) {
    float* row = gt + int64_t(y->aux[i]) * d;
    for (int j = 0; j < d; ++j) row[j] += y->grad[int64_t(i) * d + j];
  }
}

// Recurrent cell ops work on [batch, ...] rows. LSTM rows are [i | f | g | o]
// and act is input 0 of state and output; GRU rows are [r | z | n].
size_t batch_rows(Var y) { return size_t(y->value.shape[0]); }

void lstm_gates_rule(Graph& g, Var y) {
  // dpre, written over the node's own dact (Node::grad), then handed to each
  // pre-activation term: the first takes it as a view would, the second gets
  // it stored or added.
  const size_t n = size_t(y->value.numel());
  float* dpre = y->grad;
  kernels::active_kernels().lstm_gates_backward(batch_rows(y), size_t(y->value.shape[1] / 4), y->value.data, y->grad, dpre);
  pass_grad(g, y, 0, dpre, n);
  if (y->inputs.size() > 1) write_or_add(g, y, 1, n, [&](float* d) { std::memcpy(d, dpre, n * sizeof(float)); });
}

void lstm_state_rule(Graph& g, Var y) {
  float* gact = gin(g, y, 0);
  float* gc_prev = gin(g, y, 1);
  if (gact || gc_prev)
    kernels::active_kernels().lstm_state_backward(batch_rows(y), size_t(y->value.shape[1]), y->inputs[0]->value.data,
                                                  y->inputs[1]->value.data, y->grad, gact, gc_prev);
}

void lstm_output_rule(Graph& g, Var y) {
  float* gact = gin(g, y, 0);
  float* gc = gin(g, y, 1);
  if (gact || gc)
    kernels::active_kernels().lstm_output_backward(batch_rows(y), size_t(y->value.shape[1]), y->inputs[0]->value.data,
                                                   y->aux, y->grad, gact, gc);
}

void gru_cell_rule(Graph& g, Var y) {
  float* gxt = gin(g, y, 0);
  float* ghh = gin(g, y, 1);
  float* gh = gin(g, y, 2);
  if (gxt || ghh || gh)
    kernels::active_kernels().gru_cell_backward(batch_rows(y), size_t(y->value.shape[1]), y->inputs[1]->value.data,
                                                y->inputs[2]->value.data, y->aux, y->grad, gxt, ghh, gh);
}

// Back through a whole LSTM layer (ops_rnn.cpp's lstm_sequence), step T
// down to 1, each step's pre-activation gradient into one [T·B, 4H] block;
// then each weight's gradient, the bias's and x's in one product over all steps.
void lstm_sequence_rule(Graph& g, Var y) {
  Var x = y->inputs[0], w_ih = y->inputs[1], w = y->inputs[3], h0 = y->inputs[4], c0 = y->inputs[5];
  const int B = h0->value.shape[0], H = h0->value.shape[1], G = 4 * H, T = y->value.shape[0] / B - 1;
  const int IN = x->value.shape[1];
  const size_t bg = size_t(B) * size_t(G), bh = size_t(B) * size_t(H);
  const auto& k = kernels::active_kernels();
  Arena& arena = g.arena();
  const float* dy = y->grad;  // dh of each step's output, then dc_T
  const float* acts = y->aux;
  const float* cells = y->aux2;  // c_1..c_T, then tanh of each
  float* dpre = arena.alloc(size_t(T) * bg);
  float* dh = arena.alloc(bh);
  float* dc = arena.alloc(bh);  // c's gradient from the steps after, in place from step to step
  std::memcpy(dh, dy + size_t(T - 1) * bh, bh * sizeof(float));
  std::memcpy(dc, dy + size_t(T) * bh, bh * sizeof(float));
  kernels::PackCache* w_packs = w->op == Op::Leaf ? g.backward_packs() : nullptr;
  bool h0_fresh = false;
  float* gh0 = gin(g, y, 4, &h0_fresh);
  for (int t = T - 1; t >= 0; --t) {
    const float* a = acts + size_t(t) * bg;
    const float* c_before = t ? cells + size_t(t - 1) * bh : c0->value.data;
    float* dp = dpre + size_t(t) * bg;
    k.lstm_cell_backward(size_t(B), size_t(H), a, c_before, cells + size_t(T + t) * bh, dh, dc, dp, dc);
    // The previous step's dh: its output's gradient plus dpre · W_hh.
    if (t > 0) {
      std::memcpy(dh, dy + size_t(t - 1) * bh, bh * sizeof(float));
      kernels::gemm(k, {false, false, B, H, G, 1.f, dp, G, w->value.data, H, 1.f, dh, H, w_packs});
    } else if (gh0) {
      kernels::gemm(k, {false, false, B, H, G, 1.f, dp, G, w->value.data, H, h0_fresh ? 0.f : 1.f, gh0, H, w_packs});
    }
  }
  if (c0->requires_grad) write_or_add(g, y, 5, bh, [&](float* d) { std::memcpy(d, dc, bh * sizeof(float)); });
  const int rows = T * B;
  bool fresh = false;
  if (float* gw = gin(g, y, 3, &fresh)) {  // Σ_t dpre_tᵀ · h_{t-1}: h0's block, then the output's rows
    kernels::gemm(k, {true, false, G, H, B, 1.f, dpre, G, h0->value.data, H, fresh ? 0.f : 1.f, gw, H});
    if (T > 1) kernels::gemm(k, {true, false, G, H, rows - B, 1.f, dpre + bg, G, y->value.data, H, 1.f, gw, H});
  }
  if (float* gb = gin(g, y, 2)) k.sum_rows(size_t(rows), size_t(G), dpre, gb);
  if (float* gwi = gin(g, y, 1, &fresh))  // dpreᵀ · x
    kernels::gemm(k, {true, false, G, IN, rows, 1.f, dpre, G, x->value.data, IN, fresh ? 0.f : 1.f, gwi, IN});
  if (float* gx = gin(g, y, 0, &fresh))  // dpre · W_ih (one product: W_ih packed by the GEMM itself)
    kernels::gemm(k, {false, false, rows, IN, G, 1.f, dpre, G, w_ih->value.data, IN, fresh ? 0.f : 1.f, gx, IN});
}

}  // namespace

// Keyed by op: a switch with no default, so an op added to the enum without a
// rule here is a compile error (-Werror=switch, CMakeLists.txt).
void run_backward_rule(Graph& g, Var y) {
  switch (y->op) {
    case Op::Leaf: return;  // nothing flows past a leaf
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div: return binary_rule(g, y);
    case Op::Scale: return scale_rule(g, y);
    case Op::AddScalar: return add_scalar_rule(g, y);
    case Op::MatMul: return matmul_rule(g, y);
    case Op::Sum:
    case Op::Mean: return reduce_rule(g, y);
    case Op::Exp: return exp_rule(g, y);
    case Op::Log: return log_rule(g, y);
    case Op::Pow: return pow_rule(g, y);
    case Op::Abs: return abs_rule(g, y);
    case Op::Sigmoid: return sigmoid_rule(g, y);
    case Op::Tanh: return tanh_rule(g, y);
    case Op::Relu: return relu_rule(g, y);
    case Op::LeakyRelu: return leaky_relu_rule(g, y);
    case Op::Softmax:
    case Op::LogSoftmax: return softmax_rule(g, y);
    case Op::Reshape: return reshape_rule(g, y);
    case Op::Transpose: return transpose_rule(g, y);
    case Op::Concat: return concat_rule(g, y);
    case Op::Slice: return slice_rule(g, y);
    case Op::Dropout: return dropout_rule(g, y);
    case Op::SparseCrossEntropy: return sparse_ce_rule(g, y);
    case Op::BCEWithLogits: return bce_rule(g, y);
    case Op::Conv2D: return conv2d_rule(g, y);
    case Op::MaxPool2D: return maxpool_rule(g, y);
    case Op::Conv2DReluMaxPool: return conv2d_relu_maxpool_rule(g, y);
    case Op::AvgPool2D: return avgpool_rule(g, y);
    case Op::Embedding: return embedding_rule(g, y);
    case Op::LstmGates: return lstm_gates_rule(g, y);
    case Op::LstmState: return lstm_state_rule(g, y);
    case Op::LstmOutput: return lstm_output_rule(g, y);
    case Op::GruCell: return gru_cell_rule(g, y);
    case Op::LstmSequence: return lstm_sequence_rule(g, y);
    case Op::Count: break;
  }
  throw std::logic_error(std::string("no backward rule for op ") + op_name(y->op));
}

}  // namespace mlpg
