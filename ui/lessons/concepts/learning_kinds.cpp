// ML vs DL on the spiral (see learning_kinds.h).
#include "learning_kinds.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "training/data.h"
#include "training/loss.h"
#include "training/train_step.h"

namespace mlpg::ui {

namespace {

void spiral(int n, std::mt19937& rng, std::vector<float>& x, std::vector<int>& y) {
  std::uniform_real_distribution<float> u(0.f, 1.f);
  std::normal_distribution<float> z(0.f, 0.04f);
  for (int i = 0; i < n; ++i) {
    const int c = i % 2;
    const float t = 0.15f + 0.85f * u(rng);        // distance along the arm
    const float a = t * 3.5f * 3.14159f + c * 3.14159f;  // two interleaved arms
    x.push_back(0.9f * t * std::cos(a) + z(rng));
    x.push_back(0.9f * t * std::sin(a) + z(rng));
    y.push_back(c);
  }
}

Var forward(KindRun& r, Graph& g, int kind, const std::vector<float>& x, int n, std::vector<float>& buf) {
  const int f = kinds_inputs(kind);
  buf.resize(size_t(n * f));
  for (int i = 0; i < n; ++i) kinds_featurize(kind, x[size_t(2 * i)], x[size_t(2 * i + 1)], &buf[size_t(i * f)]);
  return r.net.forward(g, g.input(Shape{n, f}, buf.data()));
}

float accuracy(KindRun& r, Graph& g, int kind, const std::vector<float>& x, const std::vector<int>& y, std::vector<float>& buf) {
  g.clear();
  const int n = int(y.size());
  Var logits = forward(r, g, kind, x, n, buf);
  int right = 0;
  for (int i = 0; i < n; ++i) right += (logits->value.data[size_t(2 * i + 1)] > logits->value.data[size_t(2 * i)]) == (y[size_t(i)] == 1);
  return float(right) / float(n);
}

}  // namespace

const char* kind_name(int k) {
  static const char* const names[kKinds] = {"raw", "features", "network"};
  return k >= 0 && k < kKinds ? names[k] : "?";
}

int kinds_inputs(int kind) { return kind == 1 ? 8 : 2; }

void kinds_featurize(int kind, float x1, float x2, float* out) {
  if (kind != 1) {
    out[0] = x1, out[1] = x2;
    return;
  }
  // Features a person might choose for a spiral: squares, product, the radius and the angle's sine and cosine.
  const float r = std::sqrt(x1 * x1 + x2 * x2), a = std::atan2(x2, x1);
  const float f[8] = {x1, x2, x1 * x1, x2 * x2, x1 * x2, r, std::sin(a - 3.5f * 3.14159f * r), std::cos(a - 3.5f * 3.14159f * r)};
  std::copy(f, f + 8, out);
}

void kinds_reset(LearningKinds& k, unsigned seed, int hidden) {
  k.seed = seed;
  k.epochs = 0;
  std::mt19937 rng(seed);
  k.xtr.clear(), k.xte.clear(), k.ytr.clear(), k.yte.clear();
  spiral(kKindsPoints, rng, k.xtr, k.ytr);
  spiral(kKindsPoints, rng, k.xte, k.yte);
  for (int i = 0; i < kKinds; ++i) {
    KindRun& r = k.runs[size_t(i)];
    if (i < 2) r.net = make_mlp({kinds_inputs(i), 2}, Activation::Linear, seed + 5u);  // logistic regression (softmax of 2)
    else r.net = make_mlp({2, hidden, hidden, 2}, Activation::Relu, seed + 5u);  // (tanh stayed near a straight line here in 300 epochs)
    r.opt = std::make_unique<Optimizer>(adam(i == 2 ? 0.01f : 0.05f), r.net.parameters());
    r.test_history.clear();
  }
  kinds_train(k, 0);  // scores and maps before any training
}

int kinds_train(LearningKinds& k, int epochs) {
  int done = 0;
  std::vector<float> buf, bx;
  std::vector<int> by;
  std::vector<int> all(static_cast<size_t>(kKindsPoints));
  for (int i = 0; i < kKindsPoints; ++i) all[size_t(i)] = i;
  for (; done < epochs && k.epochs < kKindsEpochs; ++done, ++k.epochs)
    for (int kind = 0; kind < kKinds; ++kind) {
      KindRun& r = k.runs[size_t(kind)];
      for (const std::vector<int>& idx : epoch_batches(all, 32, k.seed, k.epochs)) {
        bx.clear(), by.clear();
        for (int i : idx) bx.push_back(k.xtr[size_t(2 * i)]), bx.push_back(k.xtr[size_t(2 * i + 1)]), by.push_back(k.ytr[size_t(i)]);
        k.graph.clear();
        Var loss = sparse_cross_entropy(forward(r, k.graph, kind, bx, int(idx.size()), buf), by.data());
        train_step(k.graph, loss, *r.opt);
      }
    }
  for (int kind = 0; kind < kKinds; ++kind) {  // scores and the decision map
    KindRun& r = k.runs[size_t(kind)];
    r.train_acc = accuracy(r, k.graph, kind, k.xtr, k.ytr, buf);
    r.test_acc = accuracy(r, k.graph, kind, k.xte, k.yte, buf);
    if (done > 0 || r.test_history.empty()) r.test_history.push_back(r.test_acc);
    std::vector<float> grid_x;
    for (int i = 0; i < kKindsGrid; ++i)
      for (int j = 0; j < kKindsGrid; ++j) {
        grid_x.push_back(-1.f + 2.f * (float(j) + 0.5f) / kKindsGrid);
        grid_x.push_back(1.f - 2.f * (float(i) + 0.5f) / kKindsGrid);
      }
    k.graph.clear();
    Var logits = forward(r, k.graph, kind, grid_x, kKindsGrid * kKindsGrid, buf);
    r.grid.resize(size_t(kKindsGrid * kKindsGrid));
    for (int c = 0; c < kKindsGrid * kKindsGrid; ++c) {
      const float a = logits->value.data[size_t(2 * c)], b = logits->value.data[size_t(2 * c + 1)];
      r.grid[size_t(c)] = 1.f / (1.f + std::exp(a - b));
    }
  }
  return done;
}

}  // namespace mlpg::ui
