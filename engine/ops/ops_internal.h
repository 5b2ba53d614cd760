#pragma once
// Loops shared by the forward ops (ops.cpp) and their backward rules
// (autograd_rules.cpp): broadcast iteration and axis decomposition.
#include "core/graph.h"
#include "kernels/parallel.h"

namespace mlpg::detail {

// Every op's error: "<op>: <what was wrong, with the shapes it got>".
[[noreturn]] inline void fail(const char* op, const std::string& msg) {
  throw std::invalid_argument(std::string(op) + ": " + msg);
}

// A transpose of the two leading axes of a contiguous tensor of rank >= 3
// moves whole blocks of the remaining axes: their size, or 0 for any other
// transpose (the element-wise walk). The recurrent layers' [B, T, in] ->
// [T, B, in].
inline int64_t leading_swap_block(const Tensor& t, int d0, int d1) {
  const Shape& s = t.shape;
  if (s.rank < 3 || !((d0 == 0 && d1 == 1) || (d0 == 1 && d1 == 0)) || !t.is_contiguous()) return 0;
  const int64_t lead = int64_t(s[0]) * s[1];
  return lead == 0 ? 0 : t.numel() / lead;
}

// Convolution and pooling geometry, kept in a node's integer attributes by
// the forward op (ops_conv.cpp) and read back by its backward rule.
kernels::ConvGeom conv_geom_of(const Node& y);
kernels::PoolGeom pool_geom_of(const Node& y);


// The im2col path of a convolution works a few images at a time: each
// chunk's im2col matrix (and, in backward, its gradient) is built in a
// thread's scratch buffer, used by its GEMMs while it is still in L2, and
// overwritten by the next chunk's. The whole batch's matrix (4.5 MB for the
// course CNN's second layer at batch 32) went out to L3 and came back for
// each GEMM that read it, and was kept from the forward to the backward pass.
// Chunks hold as many images as fit in kConvChunkFloats of im2col rows (at
// least one). Consecutive chunks form up to kConvChunkGroups groups, which
// run in parallel when there are threads; a group's chunks run in order. The
// grouping does not depend on the thread count, so neither do the results
// (the weight gradient sums each group's part, then the groups in order).
constexpr int64_t kConvChunkFloats = int64_t(1) << 16;  // 256 KB: a quarter of this machine's L2
constexpr int kConvChunkGroups = 8;
struct ConvChunks {
  int images = 1;  // per chunk
  int chunks = 1, groups = 1;
  int first_chunk(int group) const { return int(int64_t(chunks) * group / groups); }
};
ConvChunks conv_chunks(const kernels::ConvGeom& g);
// conv2d_relu_maxpool's node: the convolution (iattr as conv2d's), its
// windows (fattr[0]: the pool size) and its path (fattr[1]: 1 direct, in
// bands; 0 im2col, in chunks). A band is `pool` output rows of one image:
// its convolution (n 1, the band's input rows) and its one row of windows,
// argmax offsets into the band. A chunk pools its images' output whole.
struct ConvPool {
  kernels::ConvGeom image;  // the whole convolution
  kernels::ConvGeom band;   // direct path only: stride 1, no padding
  kernels::PoolGeom band_pool;
  int pool_size, ph, pw;    // windows: [n, ph, pw, oc]
  bool direct;
  int64_t band_in() const { return int64_t(pool_size) * image.w * image.c; }     // input floats a band steps
  int64_t band_out() const { return int64_t(pool_size) * image.ow * image.oc; }  // a band's convolution
  int64_t row_out() const { return int64_t(pw) * image.oc; }                    // a band's windows
  int64_t image_windows() const { return int64_t(ph) * row_out(); }
  kernels::PoolGeom chunk_pool(int images) const {
    return {images, image.oh, image.ow, image.oc, pool_size, pool_size, pool_size, pool_size, ph, pw};
  }
  // The direct path's images, split into a fixed number of groups (threads
  // take whole groups; the result does not depend on how many threads).
  int band_groups() const { return image.n < kConvChunkGroups ? image.n : kConvChunkGroups; }
  int first_image(int group) const { return int(int64_t(image.n) * group / band_groups()); }
};
ConvPool conv_pool_of(const Node& y);

// A scratch buffer of this thread's (slot 0 to 3), at least `floats` long;
// kept across calls.
float* conv_scratch(int slot, size_t floats);
// Whether the active set convolves as an implicit GEMM (kernels.h:
// conv_gemm), with no im2col matrix: else the im2col path builds one.
inline bool has_implicit_conv(const kernels::KernelSet& k) {
  return k.conv_gemm != kernels::f32_conv_gemm_nhwc__scalar;
}
// f(group, chunk geometry, first image, first chunk of its group?) for every chunk.
template <class F>
void for_each_conv_chunk(const kernels::ConvGeom& g, const ConvChunks& cc, F&& f) {
  auto group = [&](int gi) {
    for (int ci = cc.first_chunk(gi); ci < cc.first_chunk(gi + 1); ++ci) {
      kernels::ConvGeom c = g;
      const int b0 = ci * cc.images;
      c.n = g.n - b0 < cc.images ? g.n - b0 : cc.images;
      f(gi, c, b0, ci == cc.first_chunk(gi));
    }
  };
  if (cc.groups <= 1 || kernels::thread_count() <= 1)
    for (int gi = 0; gi < cc.groups; ++gi) group(gi);
  else
    kernels::parallel_for(cc.groups, group);
}

// Calls f(i, off_a, off_b) for every element i of `out`, where off_a/off_b are
// offsets into operands read with the (broadcast) strides sa/sb.
template <class F>
void for_each_broadcast(const Shape& out, const int64_t* sa, const int64_t* sb, F&& f) {
  const int64_t n = out.numel();
  const int r = out.rank;
  int idx[kMaxDims] = {};
  int64_t oa = 0, ob = 0;
  for (int64_t i = 0; i < n; ++i) {
    f(i, oa, ob);
    for (int d = r - 1; d >= 0; --d) {
      oa += sa[d]; ob += sb[d];
      if (++idx[d] < out.dims[d]) break;
      oa -= sa[d] * out.dims[d]; ob -= sb[d] * out.dims[d];
      idx[d] = 0;
    }
  }
}

// A contiguous shape seen as [outer, n, inner] around `axis`.
struct AxisSplit { int64_t outer = 1, n = 1, inner = 1; };
inline AxisSplit split_at(const Shape& s, int axis) {
  AxisSplit a;
  for (int i = 0; i < s.rank; ++i) {
    if (i < axis) a.outer *= s.dims[i];
    else if (i == axis) a.n = s.dims[i];
    else a.inner *= s.dims[i];
  }
  return a;
}


// True when b is a bias row for a: a is [..., N] and b is [N] or [1, N].
inline bool is_row_bias(const Shape& a, const Shape& b) {
  if (a.rank < 1) return false;
  const int n = a.dims[a.rank - 1];
  if (n == 0) return false;  // an empty row: the general path (which divides by nothing)
  return (b.rank == 1 && b.dims[0] == n) || (b.rank == 2 && b.dims[0] == 1 && b.dims[1] == n);
}

}  // namespace mlpg::detail
