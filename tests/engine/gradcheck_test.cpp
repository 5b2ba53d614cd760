// A finite-difference gradient check for every op, loss and layer. The last
// test asserts that every op in the engine was covered by some check here.
#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>

#include "gradcheck.h"
#include "training/loss.h"
#include "layers/nn.h"
#include "ops/ops.h"

using namespace mlpg;
using namespace mlpg::testing;

namespace {

// Checks f(x) for one parameter of shape s filled in [lo, hi] (|x| >= min_abs).
void check_unary(const char* what, const Shape& s, const std::function<Var(Var)>& f, float lo = -1.f,
                 float hi = 1.f, float min_abs = 0.f, GradTolerance tol = {}) {
  Parameter x = make_param("x", s, 11, lo, hi, min_abs);
  EXPECT_EQ(check_gradients({&x}, [&](Graph& g) { return f(g.param(x)); }, tol), "") << what;
}

void check_binary(const char* what, const Shape& sa, const Shape& sb, const std::function<Var(Var, Var)>& f,
                  float blo = -1.f, float bhi = 1.f) {
  Parameter a = make_param("a", sa, 21), b = make_param("b", sb, 22, blo, bhi);
  EXPECT_EQ(check_gradients({&a, &b}, [&](Graph& g) { return f(g.param(a), g.param(b)); }), "")
      << what << " " << sa.str() << " " << sb.str();
}

}  // namespace

TEST(GradCheck, BroadcastingBinaryOps) {
  const std::pair<Shape, Shape> shapes[] = {
      {Shape{3, 4}, Shape{3, 4}}, {Shape{3, 4}, Shape{4}}, {Shape{3, 1}, Shape{1, 4}},
      {Shape{2, 3, 4}, Shape{3, 1}}, {Shape{5}, Shape{}}};
  for (const auto& [sa, sb] : shapes) {
    check_binary("add", sa, sb, [](Var a, Var b) { return add(a, b); });
    check_binary("sub", sa, sb, [](Var a, Var b) { return sub(a, b); });
    check_binary("mul", sa, sb, [](Var a, Var b) { return mul(a, b); });
    check_binary("div", sa, sb, [](Var a, Var b) { return div(a, b); }, 0.5f, 1.5f);
  }
}

TEST(GradCheck, ElementwiseUnaryOps) {
  const Shape s{4, 5};
  check_unary("scale", s, [](Var x) { return scale(x, -2.5f); });
  check_unary("add_scalar", s, [](Var x) { return add_scalar(x, 3.f); });
  check_unary("exp", s, [](Var x) { return exp(x); });
  check_unary("log", s, [](Var x) { return log(x); }, 0.5f, 2.f);
  check_unary("pow 2", s, [](Var x) { return pow(x, 2.f); });
  check_unary("pow 2.5", s, [](Var x) { return pow(x, 2.5f); }, 0.5f, 2.f);
  check_unary("pow -1.5", s, [](Var x) { return pow(x, -1.5f); }, 0.5f, 2.f);
  check_unary("sigmoid", s, [](Var x) { return sigmoid(x); }, -4.f, 4.f);
  check_unary("tanh", s, [](Var x) { return tanh(x); }, -2.f, 2.f);
  // Kinks at 0: inputs kept at least 0.1 away (the difference spans 2h = 0.02).
  check_unary("abs", s, [](Var x) { return abs(x); }, -1.f, 1.f, 0.1f);
  check_unary("relu", s, [](Var x) { return relu(x); }, -1.f, 1.f, 0.1f);
  check_unary("leaky_relu", s, [](Var x) { return leaky_relu(x, 0.1f); }, -1.f, 1.f, 0.1f);
}

// Node::uses counts the recorded nodes that take a node as an input (a
// backward rule packs a weight for several products only when it has them).
TEST(GraphUses, CountsRecordedInputsOnly) {
  Parameter w = make_param("w", Shape{3, 3}, 1);
  Graph g;
  Var a = g.param(w), x = g.input(Shape{2, 3}, w.value.data.data());
  Var y = add(matmul(x, a), matmul(x, a, false, true));
  EXPECT_EQ(a->uses, 2);
  EXPECT_EQ(x->uses, 2);
  EXPECT_EQ(y->uses, 0);
  Var s = add(y, y);  // both inputs the same node
  EXPECT_EQ(y->uses, 2);
  EXPECT_EQ(s->uses, 0);
  g.grad_enabled = false;  // inference records no inputs
  matmul(x, a);
  EXPECT_EQ(a->uses, 2);
  g.clear();
  g.grad_enabled = true;
  EXPECT_EQ(g.param(w)->uses, 0);  // a reused node starts again
}

TEST(GradCheck, LstmCellOps) {
  // H = 5 (not a multiple of the 4-lane vectors: tails), batch 3; each op
  // alone and the three chained as the cell uses them, with c_prev learnable.
  Parameter pre = make_param("pre", Shape{3, 20}, 61, -2.f, 2.f);
  Parameter act = make_param("act", Shape{3, 20}, 62, 0.05f, 0.95f);
  Parameter c = make_param("c", Shape{3, 5}, 63, -1.5f, 1.5f);
  EXPECT_EQ(check_gradients({&pre}, [&](Graph& g) { return lstm_gates(g.param(pre)); }), "");
  Parameter pre2 = make_param("pre2", Shape{3, 20}, 64, -1.f, 1.f);  // two terms, as a step sums them
  EXPECT_EQ(check_gradients({&pre, &pre2}, [&](Graph& g) { return lstm_gates(g.param(pre), g.param(pre2)); }), "");
  EXPECT_EQ(check_gradients({&pre}, [&](Graph& g) { return lstm_gates(g.param(pre), g.param(pre)); }), "");
  EXPECT_EQ(check_gradients({&act, &c}, [&](Graph& g) { return lstm_state(g.param(act), g.param(c)); }), "");
  EXPECT_EQ(check_gradients({&act, &c}, [&](Graph& g) { return lstm_output(g.param(act), g.param(c)); }), "");
  EXPECT_EQ(check_gradients({&pre, &c}, [&](Graph& g) {
              Var a = lstm_gates(g.param(pre));
              return lstm_output(a, lstm_state(a, g.param(c)));
            }), "");
}

TEST(GradCheck, LstmSequenceOp) {
  // A whole layer as one node: 4 steps, batch 3, 2 inputs, H = 17 (whole
  // vectors and a tail in every set: 16 + 1, 2·8 + 1, 4·4 + 1); every input
  // learnable, then the initial state as plain inputs (no gradient).
  Parameter x = make_param("x", Shape{12, 2}, 80, -2.f, 2.f);
  Parameter wi = make_param("w_ih", Shape{68, 2}, 81, -0.8f, 0.8f), b = make_param("bias", Shape{68}, 86, -0.5f, 0.5f);
  Parameter w = make_param("w_hh", Shape{68, 17}, 82, -0.6f, 0.6f);
  Parameter h0 = make_param("h0", Shape{3, 17}, 83), c0 = make_param("c0", Shape{3, 17}, 84, -1.5f, 1.5f);
  EXPECT_EQ(check_gradients({&x, &wi, &b, &w, &h0, &c0}, [&](Graph& g) {
              return lstm_sequence(g.param(x), g.param(wi), g.param(b), g.param(w), g.param(h0), g.param(c0));
            }), "");
  EXPECT_EQ(check_gradients({&x, &w}, [&](Graph& g) {
              return lstm_sequence(g.param(x), g.param(wi), g.param(b), g.param(w), g.input(h0.value.view()), g.zeros(Shape{3, 17}));
            }), "");
  // One step: W_hh's gradient is h0's block alone.
  Parameter x1 = make_param("x1", Shape{3, 2}, 85, -2.f, 2.f);
  EXPECT_EQ(check_gradients({&x1, &wi, &w, &h0, &c0}, [&](Graph& g) {
              return lstm_sequence(g.param(x1), g.param(wi), g.param(b), g.param(w), g.param(h0), g.param(c0));
            }), "");
  Graph g;
  auto seq = [&](Var xv, Var wiv, Var bv, Var wv, const Shape& hs, const Shape& cs) {
    return lstm_sequence(xv, wiv, bv, wv, g.zeros(hs), g.zeros(cs));
  };
  const Shape s0{3, 17};
  EXPECT_THROW(seq(g.param(x), g.param(wi), g.param(b), g.param(w), Shape{5, 17}, Shape{5, 17}), std::invalid_argument);  // 12 rows, batch 5
  EXPECT_THROW(seq(g.param(x), g.param(wi), g.param(b), g.param(w), s0, Shape{3, 16}), std::invalid_argument);
  EXPECT_THROW(seq(g.param(x), g.param(wi), g.param(b), g.param(h0), s0, s0), std::invalid_argument);
  EXPECT_THROW(seq(g.param(x), g.param(w), g.param(b), g.param(w), s0, s0), std::invalid_argument);
  EXPECT_THROW(seq(g.param(x), g.param(wi), g.param(h0), g.param(w), s0, s0), std::invalid_argument);
}

TEST(GradCheck, GruCellOp) {
  // H = 5 (vector tails), batch 3, every input learnable.
  Parameter xt = make_param("xt", Shape{3, 15}, 71, -2.f, 2.f);
  Parameter hh = make_param("hh", Shape{3, 15}, 72, -2.f, 2.f);
  Parameter h = make_param("h", Shape{3, 5}, 73);
  EXPECT_EQ(check_gradients({&xt, &hh, &h}, [&](Graph& g) { return gru_cell(g.param(xt), g.param(hh), g.param(h)); }), "");
}

TEST(GradCheck, MatMulAllTransposes) {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      const Shape sa = ta ? Shape{5, 3} : Shape{3, 5};  // op(a) is [3, 5]
      const Shape sb = tb ? Shape{4, 5} : Shape{5, 4};  // op(b) is [5, 4]
      check_binary("matmul", sa, sb, [=](Var a, Var b) { return matmul(a, b, ta, tb); });
    }
  // linear: x·wᵀ + bias in one GEMM, rows of a 3-D x too; over K = 0 it is the bias on every row.
  for (const Shape& sx : {Shape{3, 5}, Shape{2, 3, 5}}) {
    Parameter x = make_param("x", sx, 74), w = make_param("w", Shape{4, 5}, 75), b = make_param("b", Shape{4}, 76);
    EXPECT_EQ(check_gradients({&x, &w, &b}, [&](Graph& g) { return linear(g.param(x), g.param(w), g.param(b)); }), "")
        << sx.str();
  }
  Parameter x0("x", Shape{2, 0}), w0("w", Shape{3, 0}), b0 = make_param("b", Shape{3}, 77);
  Graph g;
  Var y0 = linear(g.param(x0), g.param(w0), g.param(b0));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(y0->value.data[i * 3 + j], b0.value.data[size_t(j)]);
  Parameter xb = make_param("x", Shape{3, 5}, 78), wb = make_param("w", Shape{4, 5}, 79), bad = make_param("b", Shape{5}, 80);
  EXPECT_THROW(linear(g.param(xb), g.param(wb), g.param(bad)), std::invalid_argument);
  check_binary("matmul batched", Shape{2, 3, 5}, Shape{4, 5}, [](Var a, Var b) { return matmul(a, b, false, true); });
}

TEST(GradCheck, Reductions) {
  const Shape s{2, 3, 4};
  check_unary("sum all", s, [](Var x) { return sum(x); });
  check_unary("mean all", s, [](Var x) { return mean(x); });
  for (int axis = -1; axis < 3; ++axis)
    for (bool keep : {false, true}) {
      check_unary("sum axis", s, [=](Var x) { return sum(x, axis, keep); });
      check_unary("mean axis", s, [=](Var x) { return mean(x, axis, keep); });
    }
}

TEST(GradCheck, SoftmaxFamily) {
  check_unary("softmax", Shape{3, 5}, [](Var x) { return softmax(x); }, -3.f, 3.f);
  check_unary("log_softmax", Shape{3, 5}, [](Var x) { return log_softmax(x); }, -3.f, 3.f);
  check_unary("softmax 3d", Shape{2, 2, 3}, [](Var x) { return softmax(x); }, -3.f, 3.f);
}

TEST(GradCheck, ShapeOps) {
  check_unary("reshape", Shape{2, 6}, [](Var x) { return mul(reshape(x, Shape{3, -1}), reshape(x, Shape{3, 4})); });
  check_unary("transpose", Shape{2, 3, 4}, [](Var x) { return transpose(x, 0, 2); });
  check_unary("transpose last", Shape{3, 4}, [](Var x) { return transpose(x); });
  // the two leading axes swap whole blocks (the recurrent layers' [B, T, in] -> [T, B, in])
  check_unary("transpose leading", Shape{3, 4, 5}, [](Var x) { return mul(transpose(x, 0, 1), transpose(x, 1, 0)); });
  check_unary("transpose leading, rank 4", Shape{2, 3, 2, 2}, [](Var x) { return transpose(x, 1, 0); });
  check_unary("slice", Shape{4, 5}, [](Var x) { return slice(x, 1, 1, 4); });
  check_unary("slice axis 0", Shape{4, 5}, [](Var x) { return slice(x, 0, 2, 3); });
  Parameter a = make_param("a", Shape{2, 3}, 5), b = make_param("b", Shape{2, 1}, 6), c = make_param("c", Shape{2, 2}, 7);
  EXPECT_EQ(check_gradients({&a, &b, &c}, [&](Graph& g) {
              return concat({g.param(a), g.param(b), g.param(c)}, 1);
            }), "");
  EXPECT_EQ(check_gradients({&a}, [&](Graph& g) { return concat({g.param(a), g.param(a)}, 0); }), "");
}

TEST(GradCheck, DropoutWithFixedMask) {
  Parameter x = make_param("x", Shape{6, 7}, 3);
  EXPECT_EQ(check_gradients({&x}, [&](Graph& g) {
              g.seed(42);  // the same mask on every evaluation
              return dropout(g.param(x), 0.3f);
            }), "");
}

TEST(GradCheck, Losses) {
  Parameter z = make_param("logits", Shape{4, 3}, 31, -2.f, 2.f);
  Parameter h = make_param("h", Shape{6, 2}, 32);
  Parameter y = make_param("y", Shape{6, 2}, 33);
  Parameter t = make_param("t", Shape{4, 3}, 34, 0.f, 1.f);
  const int labels[] = {0, 2, 1, 2};
  std::vector<float> probs = {0.2f, 0.5f, 0.3f, 1, 0, 0, 0.1f, 0.1f, 0.8f, 0, 0.5f, 0.5f};
  EXPECT_EQ(check_gradients({&z}, [&](Graph& g) { return sparse_cross_entropy(g.param(z), labels); }), "");
  EXPECT_EQ(check_gradients({&z}, [&](Graph& g) {
              return cross_entropy(g.param(z), g.input(Shape{4, 3}, probs.data()));
            }), "");
  EXPECT_EQ(check_gradients({&z, &t}, [&](Graph& g) { return bce_with_logits(g.param(z), g.param(t)); }), "");
  EXPECT_EQ(check_gradients({&h, &y}, [&](Graph& g) { return mse_course(g.param(h), g.param(y)); }), "");
}

TEST(GradCheck, Regularizers) {
  Parameter w = make_param("w", Shape{3, 4}, 41, -1.f, 1.f, 0.1f);
  Parameter b("b", Shape{4}, false);
  b.value.data = {0.5f, -0.5f, 1.f, 2.f};
  EXPECT_EQ(check_gradients({&w, &b}, [&](Graph& g) { return l2_penalty(g, {&w, &b}, 0.7f, 10); }), "");
  EXPECT_EQ(check_gradients({&w, &b}, [&](Graph& g) { return l1_penalty(g, {&w, &b}, 0.7f, 10); }), "");
}

TEST(GradCheck, LayersAndMlp) {
  for (Activation act : {Activation::Tanh, Activation::Sigmoid, Activation::Linear}) {
    Sequential net = make_mlp({3, 5, 4, 2}, act, 9);
    Parameter x = make_param("x", Shape{4, 3}, 51);
    auto params = net.parameters();
    params.push_back(&x);
    EXPECT_EQ(check_gradients(params, [&](Graph& g) { return net.forward(g, g.param(x)); }), "")
        << activation_name(act);
  }
  Rng rng(3);
  Sequential net;
  net.add<Linear>(3, 4, rng);
  net.add<Dropout>(0.25f);
  net.add<ActivationLayer>(Activation::Tanh);
  Parameter x = make_param("x", Shape{5, 3}, 52);
  auto params = net.parameters();
  EXPECT_EQ(check_gradients(params, [&](Graph& g) {
              g.seed(7);
              return net.forward(g, g.param(x));
            }), "");
}

// Rules that store an input's gradient when it is fresh and add to it when
// another use of the input got there first (Graph::grad_of(v, &fresh)) must
// give, bit for bit, what the op gives straight on a parameter (whose
// gradient is added to, and which the finite-difference checks cover):
//   h = 1·x, loss = Σ f(h)²                     (h's gradient fresh: stored)
//   h = 1·x, loss = Σ f(h)² + Σ 0.25·h  (h's gradient written first: added to)
// so dx must equal the direct one, and the direct one + 0.25 (to rounding
// where the rule adds several parts: col2im's overlapping patches, an input
// that is both of lstm_gates' terms).
TEST(GradCheck, FreshGradientsAreStoredAndSharedOnesAddedTo) {
  Parameter w = make_param("w", Shape{6, 5}, 61), a = make_param("a", Shape{4, 6}, 62), b = make_param("b", Shape{5}, 63);
  Parameter k1 = make_param("k1", Shape{3, 3, 1, 4}, 64), k2 = make_param("k2", Shape{3, 3, 2, 4}, 65);
  Parameter kb = make_param("kb", Shape{4}, 66), a2 = make_param("a2", Shape{3, 8}, 68), a2b = make_param("a2b", Shape{4}, 69);
  // An LSTM layer of 2 steps, batch 3, 3 inputs, H = 2: x [6, 3], W_ih [8, 3], b [8], W_hh [8, 2], h0 = c0 [3, 2].
  Parameter xs = make_param("xs", Shape{6, 3}, 70), ws = make_param("ws", Shape{8, 2}, 71), s0 = make_param("s0", Shape{3, 2}, 72);
  Parameter wis = make_param("wis", Shape{8, 3}, 73), bs = make_param("bs", Shape{8}, 74);
  auto lstm_seq = [&](Graph& g, Var v, int which) {  // v as input `which` of lstm_sequence, the others parameters
    Var in[6] = {g.param(xs), g.param(wis), g.param(bs), g.param(ws), g.param(s0), g.param(s0)};
    in[which] = v;
    return lstm_sequence(in[0], in[1], in[2], in[3], in[4], in[5]);
  };
  struct Case {
    const char* what;
    Shape in;
    std::function<Var(Graph&, Var)> f;
    bool added_in_parts = false;
  };
  const Case cases[] = {
      {"relu", Shape{4, 6}, [](Graph&, Var v) { return relu(v); }},
      {"max_pool 2 (tiles, a column left over)", Shape{2, 6, 7, 3}, [](Graph&, Var v) { return max_pool2d(v, 2); }},
      {"max_pool 3 stride 2 (overlapping)", Shape{2, 7, 7, 3}, [](Graph&, Var v) { return max_pool2d(v, 3, 2); }},
      {"reshape", Shape{4, 6}, [](Graph&, Var v) { return reshape(v, Shape{6, 4}); }},
      {"matmul, left", Shape{4, 6}, [&](Graph& g, Var v) { return matmul(v, g.param(w)); }},
      {"matmul, right", Shape{6, 5}, [&](Graph& g, Var v) { return matmul(g.param(a), v); }},
      {"matmul, left transposed", Shape{6, 4}, [&](Graph& g, Var v) { return matmul(v, g.param(w), true); }},
      {"add a row bias", Shape{4, 5}, [&](Graph& g, Var v) { return add(v, g.param(b)); }},
      {"linear", Shape{4, 6}, [&](Graph& g, Var v) { return linear(v, g.param(a), g.param(a2b)); }},
      {"add, same shapes", Shape{4, 6}, [&](Graph& g, Var v) { return add(g.param(a), v); }},
      {"add, same shapes, first", Shape{4, 6}, [&](Graph& g, Var v) { return add(v, g.param(a)); }},
      {"sub, same shapes", Shape{4, 6}, [&](Graph& g, Var v) { return sub(g.param(a), v); }},
      {"add to itself", Shape{4, 6}, [](Graph&, Var v) { return add(v, v); }},
      {"concat", Shape{4, 6}, [&](Graph& g, Var v) { return concat({g.param(a), v, v}, 1); }},
      {"reshape of a reshape", Shape{4, 6}, [](Graph&, Var v) { return reshape(reshape(v, Shape{2, 12}), Shape{24}); }},
      {"slice", Shape{4, 6}, [](Graph&, Var v) { return slice(v, 1, 1, 5); }},
      {"lstm_gates, first term", Shape{3, 8}, [&](Graph& g, Var v) { return lstm_gates(v, g.param(a2)); }},
      {"lstm_gates, second term", Shape{3, 8}, [&](Graph& g, Var v) { return lstm_gates(g.param(a2), v); }},
      {"lstm_gates, both", Shape{3, 8}, [](Graph&, Var v) { return lstm_gates(v, v); }, true},
      {"lstm_gates, one term", Shape{3, 8}, [](Graph&, Var v) { return lstm_gates(v); }},
      {"lstm_sequence, x", Shape{6, 3}, [&](Graph& g, Var v) { return lstm_seq(g, v, 0); }},
      {"lstm_sequence, w_ih", Shape{8, 3}, [&](Graph& g, Var v) { return lstm_seq(g, v, 1); }},
      {"lstm_sequence, bias", Shape{8}, [&](Graph& g, Var v) { return lstm_seq(g, v, 2); }, true},
      {"lstm_sequence, w_hh", Shape{8, 2}, [&](Graph& g, Var v) { return lstm_seq(g, v, 3); }, true},
      {"lstm_sequence, h0", Shape{3, 2}, [&](Graph& g, Var v) { return lstm_seq(g, v, 4); }},
      {"lstm_sequence, c0", Shape{3, 2}, [&](Graph& g, Var v) { return lstm_seq(g, v, 5); }},
      {"conv2d direct + relu", Shape{2, 6, 5, 1},
       [&](Graph& g, Var v) { return conv2d(v, g.param(k1), g.param(kb), 1, Padding::Valid, true); }, true},
      {"conv2d + relu + max_pool, one node", Shape{2, 6, 5, 1},
       [&](Graph& g, Var v) { return conv2d_relu_maxpool(v, g.param(k1), g.param(kb), 1, Padding::Valid, 2); }, true},
      {"conv2d im2col + relu", Shape{2, 6, 5, 2},
       [&](Graph& g, Var v) { return conv2d(v, g.param(k2), g.param(kb), 1, Padding::Same, true); }, true},
  };
  for (const Case& c : cases) {
    Parameter x = make_param("x", c.in, 67);
    auto dx = [&](int how) {  // 0: f on x itself, 1: fresh h, 2: h used before f's rule runs
      Graph g;
      Var in = g.param(x);
      Var h = how == 0 ? in : scale(in, 1.f);
      Var y = c.f(g, h);
      Var loss = sum(mul(y, y));
      if (how == 2) loss = add(loss, sum(scale(h, 0.25f)));  // on the tape after f: its rule runs first
      for (Parameter* p : {&x, &w, &a, &b, &k1, &k2, &kb, &a2, &a2b, &xs, &ws, &s0, &wis, &bs}) std::fill(p->grad.begin(), p->grad.end(), 0.f);
      g.backward(loss);
      return x.grad;
    };
    const std::vector<float> direct = dx(0), fresh = dx(1), shared = dx(2);
    for (size_t i = 0; i < direct.size(); ++i) {
      ASSERT_EQ(fresh[i], direct[i]) << c.what << ", fresh, at " << i;
      if (c.added_in_parts)
        ASSERT_NEAR(shared[i], direct[i] + 0.25f, 1e-6f * (1.f + std::fabs(direct[i]))) << c.what << ", added to, at " << i;
      else
        ASSERT_EQ(shared[i], direct[i] + 0.25f) << c.what << ", added to, at " << i;
    }
  }
}

// After all tests (a gtest Environment's TearDown): every op must have
// appeared in some gradient check, in this file or another.
namespace {
struct EveryOpIsCovered : ::testing::Environment {
  void TearDown() override {
    if (!::testing::GTEST_FLAG(filter).empty() && ::testing::GTEST_FLAG(filter) != "*") return;  // partial run
    if (const char* shards = std::getenv("GTEST_TOTAL_SHARDS"); shards && std::atoi(shards) > 1) return;  // one shard
    for (size_t i = 1; i < size_t(Op::Count); ++i)
      if (!covered_ops().count(Op(i))) ADD_FAILURE() << "no gradient check covers op " << op_name(Op(i));
  }
};
const auto* const kCoverage = ::testing::AddGlobalTestEnvironment(new EveryOpIsCovered);
}  // namespace
