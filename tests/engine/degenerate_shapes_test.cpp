// Degenerate shapes (#17): every op and loss, over shapes with zeros and ones
// in every dimension, either gives what PyTorch gives (an empty result, a zero
// sum) with finite values and gradients, or refuses with an
// std::invalid_argument that names the op and the shapes it got. Nothing may
// divide by zero, read out of bounds or make a NaN from an empty reduction.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "gradcheck.h"
#include "layers/rnn.h"
#include "ops/ops.h"
#include "training/loss.h"

using namespace mlpg;
using namespace mlpg::testing;

namespace {

bool finite(const float* p, int64_t n) {
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(p[i])) return false;
  return true;
}

// Runs f on parameters of the given shapes; returns "" when the op either
// worked (finite values, a backward with finite gradients) or refused with a
// message naming `op` and a shape; else what went wrong.
std::string probe(const std::string& op, const std::vector<Shape>& shapes, const std::function<Var(Graph&, std::vector<Var>&)>& f,
                  float lo = -1.f, float hi = 1.f) {
  std::vector<Parameter> params;
  params.reserve(shapes.size());
  for (size_t i = 0; i < shapes.size(); ++i) params.push_back(make_param("p" + std::to_string(i), shapes[i], uint32_t(7 + i), lo, hi));
  Graph g;
  std::vector<Var> in;
  for (Parameter& p : params) in.push_back(g.param(p));
  std::string what = op + " on";
  for (const Shape& s : shapes) what += " " + s.str();
  try {
    Var y = f(g, in);
    if (!finite(y->value.data, y->value.numel())) return what + ": non-finite output " + y->value.shape.str();
    g.backward(y->value.numel() == 1 ? y : sum(y));
    for (const Parameter& p : params)
      if (!finite(p.grad.data(), int64_t(p.grad.size()))) return what + ": non-finite gradient";
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    if (m.find(op) == std::string::npos) return what + ": the message does not name the op: " + m;
    if (m.find('[') == std::string::npos) return what + ": the message names no shape: " + m;
  }
  return "";
}

const std::vector<Shape> kVectors = {Shape{0}, Shape{1}, Shape{3}};
const std::vector<Shape> kMatrices = {Shape{0, 0}, Shape{0, 3}, Shape{3, 0}, Shape{1, 1}, Shape{1, 3}, Shape{3, 1}, Shape{2, 3}};
const std::vector<Shape> kCubes = {Shape{0, 2, 3}, Shape{2, 0, 3}, Shape{2, 3, 0}, Shape{1, 1, 1}, Shape{2, 1, 3}};

std::vector<Shape> all_shapes() {
  std::vector<Shape> s = {Shape{}};
  for (const auto* v : {&kVectors, &kMatrices, &kCubes}) s.insert(s.end(), v->begin(), v->end());
  return s;
}

#define EXPECT_PROBE(...) EXPECT_EQ(probe(__VA_ARGS__), "")

}  // namespace

TEST(DegenerateShapes, ElementwiseAndReductions) {
  for (const Shape& s : all_shapes()) {
    EXPECT_PROBE("exp", {s}, [](Graph&, std::vector<Var>& v) { return exp(v[0]); });
    EXPECT_PROBE("log", {s}, [](Graph&, std::vector<Var>& v) { return log(v[0]); }, 0.5f, 2.f);
    EXPECT_PROBE("tanh", {s}, [](Graph&, std::vector<Var>& v) { return tanh(v[0]); });
    EXPECT_PROBE("relu", {s}, [](Graph&, std::vector<Var>& v) { return relu(v[0]); });
    EXPECT_PROBE("sigmoid", {s}, [](Graph&, std::vector<Var>& v) { return sigmoid(v[0]); });
    EXPECT_PROBE("pow", {s}, [](Graph&, std::vector<Var>& v) { return pow(v[0], 2.f); });
    EXPECT_PROBE("add", {s, s}, [](Graph&, std::vector<Var>& v) { return add(v[0], v[1]); });
    EXPECT_PROBE("div", {s, s}, [](Graph&, std::vector<Var>& v) { return div(v[0], v[1]); }, 0.5f, 2.f);
    EXPECT_PROBE("sum", {s}, [](Graph&, std::vector<Var>& v) { return sum(v[0]); });
    EXPECT_PROBE("mean", {s}, [](Graph&, std::vector<Var>& v) { return mean(v[0]); });
    for (int axis = 0; axis < s.rank; ++axis) {
      EXPECT_PROBE("sum", {s}, [axis](Graph&, std::vector<Var>& v) { return sum(v[0], axis); });
      EXPECT_PROBE("mean", {s}, [axis](Graph&, std::vector<Var>& v) { return mean(v[0], axis, true); });
    }
    if (s.rank >= 1) {
      EXPECT_PROBE("softmax", {s}, [](Graph&, std::vector<Var>& v) { return softmax(v[0]); });
      EXPECT_PROBE("log_softmax", {s}, [](Graph&, std::vector<Var>& v) { return log_softmax(v[0]); });
      EXPECT_PROBE("reshape", {s}, [](Graph&, std::vector<Var>& v) { return reshape(v[0], Shape{-1}); });
      EXPECT_PROBE("slice", {s}, [s](Graph&, std::vector<Var>& v) { return slice(v[0], 0, 0, s[0]); });
      EXPECT_PROBE("concat", {s, s}, [](Graph&, std::vector<Var>& v) { return concat({v[0], v[1]}, 0); });
      EXPECT_PROBE("dropout", {s}, [](Graph&, std::vector<Var>& v) { return dropout(v[0], 0.5f); });
    }
    if (s.rank >= 2) {
      EXPECT_PROBE("transpose", {s}, [](Graph&, std::vector<Var>& v) { return transpose(v[0]); });
    }
  }
  // Broadcasting against an empty or a one-element operand.
  EXPECT_PROBE("add", {Shape{0, 3}, Shape{3}}, [](Graph&, std::vector<Var>& v) { return add(v[0], v[1]); });
  EXPECT_PROBE("mul", {Shape{3, 0}, Shape{1, 0}}, [](Graph&, std::vector<Var>& v) { return mul(v[0], v[1]); });
  EXPECT_PROBE("sub", {Shape{2, 0, 3}, Shape{0, 1}}, [](Graph&, std::vector<Var>& v) { return sub(v[0], v[1]); });
}

TEST(DegenerateShapes, ReshapeOfEmptyCannotInferMinusOne) {
  Parameter p = make_param("p", Shape{0, 3}, 1);
  Graph g;
  try {
    reshape(g.param(p), Shape{-1, 0});
    FAIL() << "reshape inferred a -1 from zero elements";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("reshape"), std::string::npos) << e.what();
  }
}

TEST(DegenerateShapes, MatmulAndLosses) {
  for (const Shape& a : kMatrices)
    for (const Shape& b : kMatrices) {
      EXPECT_PROBE("matmul", {a, b}, [](Graph&, std::vector<Var>& v) { return matmul(v[0], v[1]); });
      EXPECT_PROBE("matmul", {a, b}, [](Graph&, std::vector<Var>& v) { return matmul(v[0], v[1], true, false); });
      EXPECT_PROBE("matmul", {a, b}, [](Graph&, std::vector<Var>& v) { return matmul(v[0], v[1], false, true); });
    }
  // A [2, 0] x [0, 3] product is a [2, 3] of zeros, as PyTorch.
  {
    Parameter a = make_param("a", Shape{2, 0}, 1), b = make_param("b", Shape{0, 3}, 2);
    Graph g;
    Var y = matmul(g.param(a), g.param(b));
    ASSERT_EQ(y->value.shape, (Shape{2, 3}));
    for (int64_t i = 0; i < 6; ++i) EXPECT_EQ(y->value.data[i], 0.f);
  }
  for (const Shape& s : kMatrices) {
    EXPECT_PROBE("cross_entropy", {s, s}, [](Graph&, std::vector<Var>& v) { return cross_entropy(v[0], v[1]); });
    EXPECT_PROBE("mse_course", {s, s}, [](Graph&, std::vector<Var>& v) { return mse_course(v[0], v[1]); });
    EXPECT_PROBE("bce_with_logits", {s, s}, [](Graph&, std::vector<Var>& v) { return bce_with_logits(v[0], v[1]); }, 0.1f, 0.9f);
    const std::vector<int> labels(size_t(s.rank ? s[0] : 0), 0);
    EXPECT_PROBE("sparse_cross_entropy", {s}, [&labels](Graph&, std::vector<Var>& v) { return sparse_cross_entropy(v[0], labels.data()); });
  }
  // An empty batch is refused by name, not a silent NaN loss.
  for (const char* loss : {"cross_entropy", "mse_course", "bce_with_logits", "sparse_cross_entropy"}) {
    Parameter a = make_param("a", Shape{0, 3}, 1), b = make_param("b", Shape{0, 3}, 2);
    Graph g;
    const std::string l = loss;
    try {
      Var y = l == "cross_entropy" ? cross_entropy(g.param(a), g.param(b))
              : l == "mse_course"  ? mse_course(g.param(a), g.param(b))
              : l == "bce_with_logits" ? bce_with_logits(g.param(a), g.param(b))
                                       : sparse_cross_entropy(g.param(a), nullptr);
      ADD_FAILURE() << loss << " of an empty batch gave " << y->value.data[0];
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(loss), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("[0, 3]"), std::string::npos) << e.what();
    }
  }
}

TEST(DegenerateShapes, ConvolutionPoolingEmbeddingAndCells) {
  for (const Shape& x : {Shape{0, 5, 5, 2}, Shape{1, 5, 5, 0}, Shape{1, 1, 1, 1}, Shape{1, 0, 5, 2}, Shape{2, 3, 3, 1}})
    for (const Shape& w : {Shape{3, 3, 2, 4}, Shape{1, 1, 0, 4}, Shape{3, 3, 1, 0}, Shape{1, 1, 1, 1}}) {
      for (Padding p : {Padding::Valid, Padding::Same})
        EXPECT_PROBE("conv2d", {x, w}, [p](Graph&, std::vector<Var>& v) { return conv2d(v[0], v[1], nullptr, 1, p); });
    }
  for (const Shape& x : {Shape{0, 4, 4, 2}, Shape{1, 4, 4, 0}, Shape{1, 1, 1, 1}, Shape{1, 0, 4, 2}}) {
    EXPECT_PROBE("max_pool2d", {x}, [](Graph&, std::vector<Var>& v) { return max_pool2d(v[0], 2); });
    EXPECT_PROBE("avg_pool2d", {x}, [](Graph&, std::vector<Var>& v) { return avg_pool2d(v[0], 2); });
  }
  // Negative strides and sizes are refused, by name.
  EXPECT_PROBE("max_pool2d", {Shape{1, 4, 4, 1}}, [](Graph&, std::vector<Var>& v) { return max_pool2d(v[0], 2, -1); });
  EXPECT_PROBE("conv2d", {Shape{1, 4, 4, 1}, Shape{1, 1, 1, 1}}, [](Graph&, std::vector<Var>& v) { return conv2d(v[0], v[1], nullptr, -2); });
  {
    Parameter x = make_param("x", Shape{1, 4, 4, 1}, 3);
    Graph g;
    EXPECT_THROW(max_pool2d(g.param(x), 2, -1), std::invalid_argument) << "a negative stride is refused, not replaced";
  }
  for (const Shape& t : {Shape{0, 3}, Shape{4, 0}, Shape{1, 1}}) {
    const int idx[2] = {0, 0};
    EXPECT_PROBE("embedding", {t}, [&idx](Graph&, std::vector<Var>& v) { return embedding(v[0], idx, 2); });
  }
  for (const Shape& pre : {Shape{0, 8}, Shape{2, 0}, Shape{1, 4}}) {
    const Shape c{pre[0], pre[1] / 4};
    EXPECT_PROBE("lstm_gates", {pre}, [](Graph&, std::vector<Var>& v) { return lstm_gates(v[0]); });
    EXPECT_PROBE("lstm_state", {pre, c}, [](Graph&, std::vector<Var>& v) { return lstm_state(v[0], v[1]); });
    EXPECT_PROBE("lstm_output", {pre, c}, [](Graph&, std::vector<Var>& v) { return lstm_output(v[0], v[1]); });
  }
  for (const Shape& xt : {Shape{0, 6}, Shape{2, 0}, Shape{1, 3}}) {
    const Shape h{xt[0], xt[1] / 3};
    EXPECT_PROBE("gru_cell", {xt, xt, h}, [](Graph&, std::vector<Var>& v) { return gru_cell(v[0], v[1], v[2]); });
  }
}

TEST(DegenerateShapes, RecurrentLayersOverNoTimeStepsSaySo) {
  for (CellKind kind : {CellKind::LSTM, CellKind::GRU, CellKind::RNN}) {
    RecurrentConfig c;
    c.kind = kind;
    c.input_size = 3;
    c.hidden_size = 4;
    Recurrent r(c, 1);
    Parameter x = make_param("x", Shape{2, 0, 3}, 1);
    Graph g;
    try {
      r.run(g, g.param(x));
      ADD_FAILURE() << cell_name(kind) << " ran over no time steps";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("no time steps"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("[2, 0, 3]"), std::string::npos) << e.what();
    }
    // An empty batch is an empty result, as PyTorch.
    EXPECT_EQ(probe(cell_name(kind), {Shape{0, 5, 3}}, [&r](Graph& gg, std::vector<Var>& v) { return r.run(gg, v[0]).output; }), "");
  }
}
