// Forward passes of the differentiable ops. Backward rules: backward_rules.cpp.
#include "ops/ops.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/kernels.h"
#include "kernels/parallel.h"
#include "ops/ops_internal.h"

namespace mlpg {

using detail::fail;

using detail::for_each_broadcast;
using detail::split_at;

namespace {

int norm_axis(int axis, int rank, const char* op) {
  const int a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail(op, "axis " + std::to_string(axis) + " out of range for rank " + std::to_string(rank));
  return a;
}

Graph& graph_of(Var a) { return *a->graph; }

Var binary(Op op, Var a, Var b) {
  const Shape out = broadcast_shapes(a->value.shape, b->value.shape);
  Var y = graph_of(a).make(op, out, {a, b});
  const float* pa = a->value.data;
  const float* pb = b->value.data;
  float* py = y->value.data;
  const auto& k = kernels::active_kernels();
  if (a->value.shape == out && b->value.shape == out && (op == Op::Add || op == Op::Mul)) {
    (op == Op::Add ? k.add : k.mul)(size_t(out.numel()), pa, pb, py);
    return y;
  }
  if (op == Op::Add && detail::is_row_bias(a->value.shape, b->value.shape)) {  // x + bias (Linear, LSTM)
    const size_t cols = size_t(out[-1]), rows = size_t(out.numel()) / cols;
    for (size_t r = 0; r < rows; ++r) k.add(cols, pa + r * cols, pb, py + r * cols);  // one pass, not a copy then an add
    return y;
  }
  int64_t sa[kMaxDims], sb[kMaxDims];
  broadcast_strides(a->value, out, sa);
  broadcast_strides(b->value, out, sb);
  switch (op) {
    case Op::Add: for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) { py[i] = pa[ia] + pb[ib]; }); break;
    case Op::Sub: for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) { py[i] = pa[ia] - pb[ib]; }); break;
    case Op::Mul: for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) { py[i] = pa[ia] * pb[ib]; }); break;
    case Op::Div: for_each_broadcast(out, sa, sb, [&](int64_t i, int64_t ia, int64_t ib) { py[i] = pa[ia] / pb[ib]; }); break;
    default: fail(op_name(op), "not a binary op");
  }
  return y;
}

template <class F>
Var unary(Op op, Var a, F f) {
  Var y = graph_of(a).make(op, a->value.shape, {a});
  const int64_t n = a->value.numel();
  const float* x = a->value.data;
  float* out = y->value.data;
  for (int64_t i = 0; i < n; ++i) out[i] = f(x[i]);
  return y;
}

}  // namespace

Var add(Var a, Var b) { return binary(Op::Add, a, b); }
Var sub(Var a, Var b) { return binary(Op::Sub, a, b); }
Var mul(Var a, Var b) { return binary(Op::Mul, a, b); }
Var div(Var a, Var b) { return binary(Op::Div, a, b); }

Var scale(Var a, float c) {
  Var y = unary(Op::Scale, a, [c](float x) { return c * x; });
  y->fattr[0] = c;
  return y;
}
Var add_scalar(Var a, float c) { return unary(Op::AddScalar, a, [c](float x) { return x + c; }); }
Var exp(Var a) { return unary(Op::Exp, a, [](float x) { return std::exp(x); }); }
Var log(Var a) { return unary(Op::Log, a, [](float x) { return std::log(x); }); }
Var pow(Var a, float p) {
  Var y = unary(Op::Pow, a, [p](float x) { return std::pow(x, p); });
  y->fattr[0] = p;
  return y;
}
Var abs(Var a) { return unary(Op::Abs, a, [](float x) { return std::fabs(x); }); }
Var sigmoid(Var a) {
  Var y = graph_of(a).make(Op::Sigmoid, a->value.shape, {a});
  kernels::active_kernels().sigmoid(size_t(a->value.numel()), a->value.data, y->value.data);
  return y;
}
Var tanh(Var a) {
  Var y = graph_of(a).make(Op::Tanh, a->value.shape, {a});
  kernels::active_kernels().tanh(size_t(a->value.numel()), a->value.data, y->value.data);
  return y;
}
Var relu(Var a) {
  Var y = graph_of(a).make(Op::Relu, a->value.shape, {a});
  kernels::active_kernels().relu(size_t(a->value.numel()), a->value.data, y->value.data);
  return y;
}
Var leaky_relu(Var a, float slope) {
  Var y = graph_of(a).make(Op::LeakyRelu, a->value.shape, {a});
  kernels::active_kernels().leaky_relu(size_t(a->value.numel()), slope, a->value.data, y->value.data);
  y->fattr[0] = slope;
  return y;
}

namespace {
Var matmul_node(Var a, Var b, Var bias, bool trans_a, bool trans_b, kernels::PackCache* b_packs) {
  const Shape& sa = a->value.shape;
  const Shape& sb = b->value.shape;
  if (sb.rank != 2) fail("matmul", "b must be 2-D, got " + sb.str());
  if (sa.rank < 1 || (trans_a && sa.rank != 2)) fail("matmul", "a must be 2-D when transposed, got " + sa.str());
  const int K = trans_a ? sa[0] : sa[-1];
  int64_t rows = 1;  // M: every dimension of a but the contracted one (no division: K may be 0)
  if (trans_a) rows = sa[1];
  else for (int i = 0; i + 1 < sa.rank; ++i) rows *= sa[i];
  const int M = int(rows);
  const int Kb = trans_b ? sb[1] : sb[0];
  const int N = trans_b ? sb[0] : sb[1];
  if (K != Kb) fail("matmul", "inner dimensions differ: " + sa.str() + (trans_a ? "ᵀ" : "") + " x " + sb.str() + (trans_b ? "ᵀ" : ""));
  Shape out = sa;
  if (trans_a) out = Shape{M, N};
  else out[-1] = N;
  if (bias && (bias->value.shape.rank != 1 || bias->value.shape[0] != N))
    fail("linear", "bias must be [" + std::to_string(N) + "], got " + bias->value.shape.str());
  Var y = bias ? graph_of(a).make(Op::MatMul, out, {a, b, bias}) : graph_of(a).make(Op::MatMul, out, {a, b});
  y->iattr[0] = trans_a;
  y->iattr[1] = trans_b;
  if (M == 0 || N == 0) return y;  // an empty product
  if (K == 0) {                    // a sum over nothing: zeros (+ the bias), as PyTorch
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) y->value.data[int64_t(i) * N + j] = bias ? bias->value.data[j] : 0.f;
    return y;
  }
  if (!b_packs) b_packs = graph_of(a).packs_for(b, nullptr);  // (null unless the weights are frozen)
  kernels::gemm(kernels::active_kernels(), {trans_a, trans_b, M, N, K, 1.f, a->value.data, trans_a ? M : K,
                                  b->value.data, trans_b ? K : N, 0.f, y->value.data, N, b_packs,
                                  bias ? bias->value.data : nullptr});
  return y;
}
}  // namespace

Var matmul(Var a, Var b, bool trans_a, bool trans_b, kernels::PackCache* b_packs) {
  return matmul_node(a, b, nullptr, trans_a, trans_b, b_packs);
}

Var linear(Var x, Var w, Var bias) { return matmul_node(x, w, bias, false, true, nullptr); }

Var sum(Var a) {
  Var y = graph_of(a).make(Op::Sum, Shape{}, {a});
  y->iattr[0] = -1;  // all axes
  y->value.data[0] = 0.f;  // the sum of nothing
  if (a->value.numel() > 0)
    kernels::active_kernels().reduce_sum(1, size_t(a->value.numel()), 1, a->value.data, 1.f, y->value.data);
  return y;
}

namespace {
Var reduce_axis(Op op, Var a, int axis, bool keepdim) {
  const Shape& s = a->value.shape;
  const int ax = norm_axis(axis, s.rank, op_name(op));
  Shape out;
  for (int i = 0; i < s.rank; ++i)
    if (i != ax) out.dims[out.rank++] = s.dims[i];
    else if (keepdim) out.dims[out.rank++] = 1;
  const auto sp = split_at(s, ax);
  if (sp.n == 0 && op == Op::Mean) fail("mean", "over axis " + std::to_string(axis) + " of " + s.str() + ", which is empty");
  Var y = graph_of(a).make(op, out, {a});
  y->iattr[0] = ax;
  if (sp.n == 0 || y->value.numel() == 0) {  // sums of nothing are 0; an empty result has nothing to sum
    if (y->value.numel() > 0) std::memset(y->value.data, 0, size_t(y->value.numel()) * sizeof(float));
    return y;
  }
  const float f = op == Op::Mean ? 1.f / float(sp.n) : 1.f;
  kernels::active_kernels().reduce_sum(size_t(sp.outer), size_t(sp.n), size_t(sp.inner), a->value.data, f,
                                       y->value.data);
  return y;
}
}  // namespace

Var sum(Var a, int axis, bool keepdim) { return reduce_axis(Op::Sum, a, axis, keepdim); }
Var mean(Var a, int axis, bool keepdim) { return reduce_axis(Op::Mean, a, axis, keepdim); }
Var mean(Var a) {
  if (a->value.numel() == 0) fail("mean", "of an empty tensor " + a->value.shape.str());
  Var y = sum(a);
  y->op = Op::Mean;
  y->value.data[0] /= float(a->value.numel());
  return y;
}

namespace {
Var softmax_like(Op op, Var a) {
  const Shape& s = a->value.shape;
  if (s.rank < 1) fail(op_name(op), "needs at least one axis");
  Var y = graph_of(a).make(op, s, {a});
  const int64_t n = s[-1], rows = n == 0 ? 0 : s.numel() / n;
  if (rows == 0) return y;  // nothing to normalise: an empty result
  kernels::active_kernels().softmax(size_t(rows), size_t(n), a->value.data, y->value.data, op == Op::LogSoftmax);
  return y;
}
}  // namespace

Var softmax(Var a) { return softmax_like(Op::Softmax, a); }
Var log_softmax(Var a) { return softmax_like(Op::LogSoftmax, a); }

Var reshape(Var a, const Shape& s) {
  Shape out = s;
  int64_t known = 1;
  int infer = -1;
  for (int i = 0; i < out.rank; ++i) {
    if (out.dims[i] == -1) {
      if (infer >= 0) fail("reshape", "only one dimension may be -1");
      infer = i;
    } else known *= out.dims[i];
  }
  if (infer >= 0 && known == 0)
    fail("reshape", "cannot infer the -1 in " + s.str() + " for " + a->value.shape.str() + ": another dimension is 0");
  if (infer >= 0) out.dims[infer] = int(a->value.numel() / known);
  if (out.numel() != a->value.numel())
    fail("reshape", "cannot view " + a->value.shape.str() + " as " + s.str());
  Var y = graph_of(a).make(Op::Reshape, Shape{}, {a});  // value replaced below
  y->value = Tensor::contiguous(a->value.data, out);     // shares the input's storage
  return y;
}

Var transpose(Var a, int d0, int d1) {
  const Shape& s = a->value.shape;
  const int x = norm_axis(d0, s.rank, "transpose"), z = norm_axis(d1, s.rank, "transpose");
  Shape out = s;
  std::swap(out.dims[x], out.dims[z]);
  Var y = graph_of(a).make(Op::Transpose, out, {a});
  y->iattr[0] = x;
  y->iattr[1] = z;
  const float* in = a->value.data;
  float* o = y->value.data;
  if (const int64_t inner = detail::leading_swap_block(a->value, x, z)) {  // [d0, d1, ...] -> [d1, d0, ...] in blocks
    for (int i = 0; i < s[0]; ++i)
      for (int j = 0; j < s[1]; ++j)
        std::memcpy(o + (int64_t(j) * s[0] + i) * inner, in + (int64_t(i) * s[1] + j) * inner, size_t(inner) * sizeof(float));
    return y;
  }
  int64_t st[kMaxDims], zero[kMaxDims] = {};
  for (int i = 0; i < s.rank; ++i) st[i] = a->value.strides[i];
  std::swap(st[x], st[z]);
  for_each_broadcast(out, st, zero, [&](int64_t i, int64_t ia, int64_t) { o[i] = in[ia]; });
  return y;
}

Var concat(const std::vector<Var>& xs, int axis) {
  if (xs.empty()) fail("concat", "no inputs");
  const Shape& s0 = xs[0]->value.shape;
  const int ax = norm_axis(axis, s0.rank, "concat");
  Shape out = s0;
  out.dims[ax] = 0;
  for (Var x : xs) {
    const Shape& s = x->value.shape;
    bool ok = s.rank == s0.rank;
    for (int i = 0; ok && i < s.rank; ++i) ok = i == ax || s.dims[i] == s0.dims[i];
    if (!ok) fail("concat", "shapes " + s0.str() + " and " + s.str() + " differ off axis " + std::to_string(ax));
    out.dims[ax] += s.dims[ax];
  }
  Var y = graph_of(xs[0]).make(Op::Concat, out, xs);
  y->iattr[0] = ax;
  const auto so = split_at(out, ax);
  int64_t at = 0;  // running offset along the axis
  for (Var x : xs) {
    const auto sx = split_at(x->value.shape, ax);
    const int64_t row = sx.n * sx.inner;
    for (int64_t o = 0; o < sx.outer && row > 0; ++o)
      std::memcpy(y->value.data + o * so.n * so.inner + at * so.inner, x->value.data + o * row,
                  size_t(row) * sizeof(float));
    at += sx.n;
  }
  return y;
}

Var slice(Var a, int axis, int start, int end) {
  const Shape& s = a->value.shape;
  const int ax = norm_axis(axis, s.rank, "slice");
  if (start < 0 || end > s.dims[ax] || start >= end)
    fail("slice", "range [" + std::to_string(start) + ", " + std::to_string(end) + ") invalid for axis of " + std::to_string(s.dims[ax]));
  Shape out = s;
  out.dims[ax] = end - start;
  const auto sa = split_at(s, ax);
  if (sa.outer == 1) {  // one contiguous block (an RNN step's rows): a view, as reshape
    Var y = graph_of(a).make(Op::Slice, Shape{}, {a});
    y->value = Tensor::contiguous(a->value.data + int64_t(start) * sa.inner, out);
    y->iattr[0] = ax;
    y->iattr[1] = start;
    return y;
  }
  Var y = graph_of(a).make(Op::Slice, out, {a});
  y->iattr[0] = ax;
  y->iattr[1] = start;
  const int64_t row = int64_t(end - start) * sa.inner;
  for (int64_t o = 0; o < sa.outer && row > 0; ++o)
    std::memcpy(y->value.data + o * row, a->value.data + (o * sa.n + start) * sa.inner, size_t(row) * sizeof(float));
  return y;
}

Var dropout(Var a, float p) {
  if (!(p >= 0.f && p < 1.f)) fail("dropout", "p must be in [0, 1), got " + std::to_string(p));
  Graph& g = graph_of(a);
  Var y = g.make(Op::Dropout, a->value.shape, {a});
  const int64_t n = a->value.numel();
  float* mask = g.arena().alloc(size_t(n));
  const bool active = g.training && p > 0.f;
  std::uniform_real_distribution<float> u(0.f, 1.f);
  const float keep = 1.f / (1.f - p);
  for (int64_t i = 0; i < n; ++i) {
    mask[i] = !active ? 1.f : (u(g.rng()) < p ? 0.f : keep);
    y->value.data[i] = a->value.data[i] * mask[i];
  }
  y->aux = mask;
  return y;
}

Var embedding(Var table, const int* indices, int n) {
  const Shape& s = table->value.shape;
  if (s.rank != 2) fail("embedding", "table must be [vocab, dim], got " + s.str());
  if (n < 1) fail("embedding", "needs at least one index");
  Graph& g = graph_of(table);
  Var y = g.make(Op::Embedding, Shape{n, s[1]}, {table});
  float* idx = g.arena().alloc(size_t(n));
  for (int i = 0; i < n; ++i) {
    if (indices[i] < 0 || indices[i] >= s[0])
      fail("embedding", "index " + std::to_string(indices[i]) + " outside [0, " + std::to_string(s[0]) + ")");
    idx[i] = float(indices[i]);
    if (s[1] > 0) std::memcpy(y->value.data + int64_t(i) * s[1], table->value.data + int64_t(indices[i]) * s[1], size_t(s[1]) * sizeof(float));
  }
  y->aux = idx;
  return y;
}

Var sparse_cross_entropy(Var logits, const int* labels) {
  const Shape& s = logits->value.shape;
  if (s.rank != 2) fail("sparse_cross_entropy", "logits must be [batch, classes], got " + s.str());
  const int B = s[0], C = s[1];
  if (B == 0) fail("sparse_cross_entropy", "an empty batch, logits " + s.str() + " (the mean of no losses)");
  Graph& g = graph_of(logits);
  Var y = g.make(Op::SparseCrossEntropy, Shape{}, {logits});
  for (int b = 0; b < B; ++b)
    if (labels[b] < 0 || labels[b] >= C)
      fail("sparse_cross_entropy", "label " + std::to_string(labels[b]) + " outside [0, " + std::to_string(C) + ")");
  float* prob = g.arena().alloc(size_t(B) * C);
  static_assert(sizeof(int32_t) == sizeof(float), "labels share the float arena");
  auto* lab = reinterpret_cast<int32_t*>(g.arena().alloc(size_t(B)));
  for (int b = 0; b < B; ++b) lab[b] = labels[b];
  const double loss = kernels::active_kernels().sparse_xent(size_t(B), size_t(C), logits->value.data, lab, prob);
  y->value.data[0] = float(loss / B);
  y->aux = prob;
  y->aux2 = reinterpret_cast<const float*>(lab);
  return y;
}

Var bce_with_logits(Var logits, Var targets) {
  if (logits->value.shape != targets->value.shape)
    fail("bce_with_logits", "logits " + logits->value.shape.str() + " vs targets " + targets->value.shape.str());
  const int64_t n = logits->value.numel();
  if (n == 0) fail("bce_with_logits", "no logits, " + logits->value.shape.str() + " (the mean of no losses)");
  Var y = graph_of(logits).make(Op::BCEWithLogits, Shape{}, {logits, targets});
  double loss = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double z = logits->value.data[i], t = targets->value.data[i];
    // max(z, 0) - z t + log(1 + e^{-|z|}): never overflows.
    loss += (z > 0 ? z : 0) - z * t + std::log1p(std::exp(-std::fabs(z)));
  }
  y->value.data[0] = float(loss / double(n));
  return y;
}

}  // namespace mlpg
