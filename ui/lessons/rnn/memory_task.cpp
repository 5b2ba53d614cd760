#include "memory_task.h"

#include <cmath>

#include "ops/ops.h"

namespace mlpg::ui {

void memory_batch(int T, int n, std::mt19937& rng, std::vector<float>& x, std::vector<int>& y) {
  std::uniform_int_distribution<int> sym(0, kMemorySymbols - 1);
  x.assign(size_t(n) * size_t(T) * kMemoryInput, 0.f);
  y.resize(size_t(n));
  for (int b = 0; b < n; ++b)
    for (int t = 0; t < T; ++t) {
      const int s = sym(rng);
      float* xt = x.data() + (size_t(b) * size_t(T) + size_t(t)) * kMemoryInput;
      xt[s] = 1.f;
      if (t == 0) y[size_t(b)] = s, xt[kMemorySymbols] = 1.f;
    }
}

std::unique_ptr<Model> make_memory_model(CellKind cell, int T, uint32_t seed, bool forget_bias) {
  auto m = std::make_unique<Model>(Shape{T, kMemoryInput}, seed);
  RecurrentConfig rc;
  rc.kind = cell;
  rc.input_size = kMemoryInput;
  rc.hidden_size = kMemoryHidden;
  rc.num_layers = 1;
  Recurrent& rnn = m->add<Recurrent>(rc, seed);
  if (forget_bias && cell == CellKind::LSTM)  // bias_hh's f block (gate order i, f, g, o)
    for (int u = 0; u < kMemoryHidden; ++u) rnn.params[3].value.data[size_t(kMemoryHidden + u)] = 1.f;
  m->add<LastStep>();
  m->add<Linear>(kMemorySymbols, Activation::Softmax);
  m->compile(adam(1e-2f));
  return m;
}

std::vector<float> memory_gradient_by_step(Model& m, int T, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> xs;
  std::vector<int> ys;
  const int n = kMemoryBatch;
  memory_batch(T, n, rng, xs, ys);
  Parameter x("x", Shape{n, T, kMemoryInput}, false);  // the input as a leaf that takes a gradient
  x.value.data = xs;
  Graph g;
  g.training = false;
  Var h = g.param(x);
  const size_t L = m.net.layers.size();
  for (size_t i = 0; i + 1 < L; ++i) h = m.net.layers[i]->forward(g, h);
  auto* head = dynamic_cast<Linear*>(m.net.layers.back().get());
  g.backward(sparse_cross_entropy(head->forward_logits(g, h), ys.data()));
  // (The model's parameter gradients took a share too: the next training
  // step zeroes them before its own backward.)
  std::vector<float> norm(size_t(T), 0.f);
  for (int b = 0; b < n; ++b)
    for (int t = 0; t < T; ++t) {
      double s = 0;
      for (int k = 0; k < kMemoryInput; ++k) {
        const double v = x.grad[(size_t(b) * size_t(T) + size_t(t)) * kMemoryInput + size_t(k)];
        s += v * v;
      }
      norm[size_t(t)] += float(std::sqrt(s) / n);
    }
  return norm;
}

float memory_accuracy(Model& m, int T, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> x;
  std::vector<int> y;
  memory_batch(T, 256, rng, x, y);
  const std::vector<float> p = m.predict(x.data(), 256);
  int right = 0;
  for (int b = 0; b < 256; ++b) {
    int top = 0;
    for (int k = 1; k < kMemorySymbols; ++k)
      if (p[size_t(b * kMemorySymbols + k)] > p[size_t(b * kMemorySymbols + top)]) top = k;
    right += top == y[size_t(b)];
  }
  return float(right) / 256.f;
}

MemoryRun memory_start(CellKind cell, int T, uint32_t seed, bool forget_bias) {
  MemoryRun r;
  r.cell = cell;
  r.T = T;
  r.model = make_memory_model(cell, T, seed, forget_bias);
  r.rng.seed(seed + 1);
  r.grad_at_init = memory_gradient_by_step(*r.model, T, seed + 2);
  return r;
}

void memory_train(MemoryRun& r, int steps) {
  std::vector<float> x;
  std::vector<int> y;
  for (int s = 0; s < steps; ++s) {
    memory_batch(r.T, kMemoryBatch, r.rng, x, y);
    float acc = 0;
    r.last_loss = r.model->train_batch(x, y, kMemoryBatch, &acc);
    ++r.steps;
  }
}

void memory_finish(MemoryRun& r, uint32_t seed) {
  r.grad_trained = memory_gradient_by_step(*r.model, r.T, seed + 2);
  r.accuracy = memory_accuracy(*r.model, r.T, seed + 3);
}

}  // namespace mlpg::ui
