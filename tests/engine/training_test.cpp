// End-to-end training checks: ridge regression against its closed form (Eigen
// as the oracle), XOR with a 2-2-1 MLP, two spirals with an MLP, and the
// allocation-free steady state of a training loop.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>

#include "training/data.h"
#include "training/loss.h"
#include "training/metrics.h"
#include "layers/nn.h"
#include "training/optim.h"
#include "ops/ops.h"
#include "training/train_step.h"

using namespace mlpg;

TEST(Training, RidgeGradientDescentMatchesClosedForm) {
  // m examples, n features plus a bias column θ_0 (not penalised).
  const int m = 40, n = 3;
  const float lambda = 2.0f;
  std::mt19937 rng(5);
  std::normal_distribution<float> nd(0.f, 1.f);
  std::vector<float> x(static_cast<size_t>(m * (n + 1))), y(static_cast<size_t>(m));
  for (int i = 0; i < m; ++i) {
    x[size_t(i) * (n + 1)] = 1.f;
    for (int j = 1; j <= n; ++j) x[size_t(i) * (n + 1) + j] = nd(rng);
    y[size_t(i)] = 1.5f - 2.f * x[size_t(i) * (n + 1) + 1] + 0.5f * x[size_t(i) * (n + 1) + 3] + 0.3f * nd(rng);
  }
  // Oracle: θ = (XᵀX + λ I')⁻¹ Xᵀ y with I'[0][0] = 0.
  Eigen::MatrixXd X(m, n + 1);
  Eigen::VectorXd Y(m);
  for (int i = 0; i < m; ++i) {
    Y(i) = y[size_t(i)];
    for (int j = 0; j <= n; ++j) X(i, j) = x[size_t(i) * (n + 1) + j];
  }
  Eigen::MatrixXd Ip = Eigen::MatrixXd::Identity(n + 1, n + 1);
  Ip(0, 0) = 0;
  const Eigen::VectorXd theta_star = (X.transpose() * X + lambda * Ip).ldlt().solve(X.transpose() * Y);

  // θ as a bias (θ_0, unregularized) and weights (θ_1..n, regularized); the
  // design matrix's first column is then not needed by the model.
  Parameter w("w", Shape{1, n}), b("b", Shape{1}, false);
  std::vector<float> xf(size_t(m) * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) xf[size_t(i) * n + j] = x[size_t(i) * (n + 1) + j + 1];
  Optimizer opt(sgd(0.3f), {&w, &b});
  Graph g;
  for (int it = 0; it < 3000; ++it) {
    opt.zero_grad();
    g.clear();
    Var h = add(matmul(g.input(Shape{m, n}, xf.data()), g.param(w), false, true), g.param(b));
    Var j = add(mse_course(h, g.input(Shape{m, 1}, y.data())), l2_penalty(g, {&w, &b}, lambda, m));
    g.backward(j);
    opt.step();
  }
  EXPECT_NEAR(b.value[0], theta_star(0), 1e-4);
  for (int j = 0; j < n; ++j) EXPECT_NEAR(w.value[size_t(j)], theta_star(j + 1), 1e-4) << "theta_" << j + 1;
}

TEST(Training, TwoTwoOneMlpLearnsXor) {
  const float xs[] = {0, 0, 0, 1, 1, 0, 1, 1};
  const float ys[] = {0, 1, 1, 0};
  // A 2-2-1 net has a local minimum (loss ln2/2: one pattern left unsolved)
  // that about half of all inits fall into (seeds 3, 4, 6, 7, 10 of 1..10 do);
  // seed 1 learns. Deterministic: same seed, same run, on every platform.
  Sequential net = make_mlp({2, 2, 1}, Activation::Tanh, 1);
  Optimizer opt(adam(0.05f), net.parameters());
  Graph g;
  float loss = 0;
  for (int it = 0; it < 1500; ++it) {
    opt.zero_grad();
    g.clear();
    Var l = bce_with_logits(net.forward(g, g.input(Shape{4, 2}, xs)), g.input(Shape{4, 1}, ys));
    g.backward(l);
    opt.step();
    loss = l->value.data[0];
  }
  g.clear();
  NoGrad ng(g);
  Var z = net.forward(g, g.input(Shape{4, 2}, xs));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(z->value.data[i] > 0, ys[i] > 0.5f) << "XOR row " << i;
  EXPECT_LT(loss, 0.05f);
}

namespace {
// Two interleaved spirals (classes 0 and 1), with a little seeded noise.
void two_spirals(int per_class, uint32_t seed, std::vector<float>& x, std::vector<int>& y) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.f, 0.05f);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < per_class; ++i) {
      const float t = 0.25f + 3.f * float(i) / float(per_class);  // radius grows with the angle
      const float a = t * 3.14159265f + float(c) * 3.14159265f;
      x.push_back(t * std::cos(a) + noise(rng));
      x.push_back(t * std::sin(a) + noise(rng));
      y.push_back(c);
    }
}
}  // namespace

TEST(Training, MlpClassifiesTwoSpirals) {
  std::vector<float> x;
  std::vector<int> y;
  two_spirals(300, 17, x, y);
  const int n = int(y.size());
  const Split split = train_val_split(n, 0.25f, 4);
  // ReLU + He init leaves the plateau that tanh nets sit on for ~1,000 steps here.
  Sequential net = make_mlp({2, 32, 32, 2}, Activation::Relu, 8);
  Optimizer opt(adam(0.01f), net.parameters());
  Graph g;
  std::vector<float> xb;
  std::vector<int> yb;
  for (int epoch = 0; epoch < 100; ++epoch) {
    for (const auto& batch : epoch_batches(split.train, 32, 1, epoch)) {
      gather_rows(x.data(), 2, batch, xb);
      yb.clear();
      for (int i : batch) yb.push_back(y[size_t(i)]);
      opt.zero_grad();
      g.clear();
      Var l = sparse_cross_entropy(net.forward(g, g.input(Shape{int(batch.size()), 2}, xb.data())), yb.data());
      g.backward(l);
      opt.step();
    }
  }
  gather_rows(x.data(), 2, split.val, xb);
  g.clear();
  NoGrad ng(g);
  Var z = net.forward(g, g.input(Shape{int(split.val.size()), 2}, xb.data()));
  std::vector<int> truth;
  for (int i : split.val) truth.push_back(y[size_t(i)]);
  const float acc = accuracy(argmax_rows(z->value.data, int(split.val.size()), 2), truth);
  EXPECT_GE(acc, 0.95f) << "held-out accuracy on two spirals";
}

TEST(Training, SteadyStateAllocatesNoArenaMemory) {
  Sequential net = make_mlp({3, 16, 2}, Activation::Relu, 1);
  Optimizer opt(sgd(0.1f), net.parameters());
  std::vector<float> x(8 * 3, 0.5f);
  const int labels[8] = {0, 1, 0, 1, 0, 1, 0, 1};
  Graph g;
  size_t blocks = 0, capacity = 0;
  for (int it = 0; it < 5; ++it) {
    opt.zero_grad();
    g.clear();
    Var l = add(sparse_cross_entropy(net.forward(g, g.input(Shape{8, 3}, x.data())), labels),
                l2_penalty(g, net.parameters(), 0.1f, 8));
    g.backward(l);
    opt.step();
    if (it == 1) { blocks = g.arena().blocks(); capacity = g.arena().capacity(); }
  }
  EXPECT_EQ(g.arena().blocks(), blocks);
  EXPECT_EQ(g.arena().capacity(), capacity);
}

// The one training step's policy: an update happens only when the loss and
// every gradient are finite; otherwise the parameters and the optimizer's
// state stay as they were, and the caller is told.
TEST(TrainStep, NonFiniteLossOrGradientLeavesParametersAsTheyWere) {
  Parameter w("w", Shape{3});
  w.value.data = {1.f, 0.f, 2.f};
  Optimizer opt(adam(0.1f), {&w});
  Graph g;
  // A good step moves w and counts in the optimizer.
  StepResult r = train_step(g, sum(pow(g.param(w), 2.f)), opt);
  EXPECT_TRUE(r.finite);
  EXPECT_FLOAT_EQ(r.loss, 5.f);
  EXPECT_EQ(opt.t, 1);
  const std::vector<float> good = w.value.data;
  EXPECT_NE(good[0], 1.f);
  // A NaN in the data: the loss is NaN, nothing moves.
  g.clear();
  const float nan_input[3] = {1.f, NAN, 1.f};
  r = train_step(g, sum(mul(g.param(w), g.input(Shape{3}, nan_input))), opt);
  EXPECT_FALSE(r.finite);
  EXPECT_EQ(w.value.data, good);
  EXPECT_EQ(opt.t, 1);
  // A finite loss with an infinite gradient: d/dw √|w| at w = 0.
  g.clear();
  w.value.data[1] = 0.f;
  const std::vector<float> before = w.value.data;
  r = train_step(g, sum(pow(abs(g.param(w)), 0.5f)), opt);
  EXPECT_TRUE(std::isfinite(r.loss));
  EXPECT_FALSE(r.finite);
  EXPECT_EQ(w.value.data, before);
  EXPECT_EQ(opt.t, 1);
}

// A step split into parts (gradient accumulation) is the same step: four
// parts of 2 samples update the parameters as one batch of 8 does.
TEST(TrainStep, PartsAddUpToTheWholeStep) {
  std::mt19937 rng(3);
  std::normal_distribution<float> nd(0.f, 1.f);
  std::vector<float> x(8 * 3);
  for (float& v : x) v = nd(rng);
  const int labels[8] = {0, 1, 1, 0, 1, 0, 0, 1};
  Sequential whole = make_mlp({3, 5, 2}, Activation::Tanh, 9), split = make_mlp({3, 5, 2}, Activation::Tanh, 9);
  Optimizer o1(adam(0.05f), whole.parameters()), o2(adam(0.05f), split.parameters());
  for (int step = 0; step < 3; ++step) {
    Graph g1;
    train_step(g1, sparse_cross_entropy(whole.forward(g1, g1.input(Shape{8, 3}, x.data())), labels), o1);
    StepParts parts;
    for (int p = 0; p < 4; ++p) {
      Graph g2;
      Var loss = sparse_cross_entropy(split.forward(g2, g2.input(Shape{2, 3}, x.data() + p * 6)), labels + p * 2);
      const StepResult r = train_step_part(g2, loss, o2, 2.f / 8.f, p == 0, p == 3, parts);
      EXPECT_TRUE(r.finite);
    }
  }
  const auto a = whole.parameters(), b = split.parameters();
  for (size_t k = 0; k < a.size(); ++k)
    for (size_t i = 0; i < a[k]->value.data.size(); ++i) EXPECT_NEAR(a[k]->value.data[i], b[k]->value.data[i], 1e-5f);
}
