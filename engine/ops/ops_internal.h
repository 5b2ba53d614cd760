#pragma once
// Loops shared by the forward ops (ops.cpp) and their backward rules
// (autograd_rules.cpp): broadcast iteration and axis decomposition.
#include "core/graph.h"

namespace mlpg::detail {

// Every op's error: "<op>: <what was wrong, with the shapes it got>".
[[noreturn]] inline void fail(const char* op, const std::string& msg) {
  throw std::invalid_argument(std::string(op) + ": " + msg);
}

// Convolution and pooling geometry, kept in a node's integer attributes by
// the forward op (ops_conv.cpp) and read back by its backward rule.
kernels::ConvGeom conv_geom_of(const Node& y);
kernels::PoolGeom pool_geom_of(const Node& y);

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
