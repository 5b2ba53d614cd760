// Q4 on a small network: the learning-rate range test and batch size (see tuning.h).
#include "tuning.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "training/data.h"
#include "training/loss.h"
#include "training/train_step.h"

namespace mlpg::ui {

namespace {

std::vector<int> all_rows(int n) {  // 0 .. n-1
  std::vector<int> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[size_t(i)] = i;
  return v;
}

double seconds_now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

void moons(int n, std::mt19937& rng, std::vector<float>& x, std::vector<int>& y) {
  std::uniform_real_distribution<float> u(0.f, 3.14159265f);
  std::normal_distribution<float> z(0.f, 0.12f);
  x.resize(size_t(2 * n));
  y.resize(size_t(n));
  for (int i = 0; i < n; ++i) {
    const int c = i % 2;
    const float t = u(rng);
    // Two interleaved half-circles (scikit-learn's make_moons), centred on 0.
    x[size_t(2 * i)] = (c ? 1.f - std::cos(t) : std::cos(t)) - 0.5f + z(rng);
    x[size_t(2 * i + 1)] = (c ? 0.5f - std::sin(t) : std::sin(t)) - 0.25f + z(rng);
    y[size_t(i)] = c;
  }
}

// Mean cross-entropy and accuracy of the network on a set (no training).
float evaluate(Sequential& net, Graph& g, const std::vector<float>& x, const std::vector<int>& y, float* accuracy = nullptr) {
  const int n = int(y.size());
  g.clear();
  Var logits = net.forward(g, g.input(Shape{n, 2}, x.data()));
  Var loss = sparse_cross_entropy(logits, y.data());
  if (accuracy) {
    int right = 0;
    for (int i = 0; i < n; ++i) right += (logits->value.data[size_t(2 * i + 1)] > logits->value.data[size_t(2 * i)]) == (y[size_t(i)] == 1);
    *accuracy = float(right) / float(n);
  }
  return loss->value.data[0];
}

// One SGD step on the rows `idx`; false when the loss or a gradient was not finite.
bool step_on(Sequential& net, Optimizer& opt, Graph& g, const MoonsData& d, const std::vector<int>& idx, float* loss_out) {
  std::vector<float> bx;
  std::vector<int> by;
  for (int i : idx) {
    bx.push_back(d.xtr[size_t(2 * i)]);
    bx.push_back(d.xtr[size_t(2 * i + 1)]);
    by.push_back(d.ytr[size_t(i)]);
  }
  g.clear();
  Var loss = sparse_cross_entropy(net.forward(g, g.input(Shape{int(idx.size()), 2}, bx.data())), by.data());
  const StepResult r = train_step(g, loss, opt);
  *loss_out = r.loss;
  return r.finite;
}

// A fresh network trained `epochs` at a fixed rate (SGD, momentum 0.9, batches of 32): validation loss, or inf if it diverged.
double train_at(const MoonsData& d, double lr, int epochs, uint32_t seed, bool* diverged) {
  Sequential net = tuning_network(seed);
  Optimizer opt(sgd(float(lr), 0.9f), net.parameters());
  Graph g;
  *diverged = false;
  for (int e = 0; e < epochs && !*diverged; ++e)
    for (const std::vector<int>& idx : epoch_batches(all_rows(kTuneTrain), 32, seed, e)) {
      float loss = 0;
      if (!step_on(net, opt, g, d, idx, &loss) || !std::isfinite(loss) || loss > 1e4f) {
        *diverged = true;
        break;
      }
    }
  return *diverged ? INFINITY : double(evaluate(net, g, d.xva, d.yva));
}

}  // namespace

MoonsData make_moons(uint32_t seed) {
  MoonsData d;
  std::mt19937 rng(seed);
  moons(kTuneTrain, rng, d.xtr, d.ytr);
  moons(kTuneVal, rng, d.xva, d.yva);
  return d;
}

Sequential tuning_network(uint32_t seed) { return make_mlp({2, 16, 16, 2}, Activation::Relu, seed + 211u); }

void range_test(RangeTest& r, const MoonsData& d, uint32_t seed) {
  r = RangeTest{};
  Sequential net = tuning_network(seed);
  Optimizer opt(sgd(float(kRangeLo), 0.9f), net.parameters());
  Graph g;
  double avg = 0, best = 1e30;
  int epoch = 0;
  std::vector<std::vector<int>> plan;
  size_t next = 0;
  for (int i = 0; i < kRangeSteps; ++i) {
    if (next >= plan.size()) plan = epoch_batches(all_rows(kTuneTrain), 32, seed, epoch++), next = 0;
    const double lr = kRangeLo * std::pow(kRangeHi / kRangeLo, double(i) / (kRangeSteps - 1));
    opt.cfg.lr = float(lr);
    float loss = 0;
    const bool ok = step_on(net, opt, g, d, plan[next++], &loss);
    if (!ok || !std::isfinite(loss)) {  // the rate is past anything trainable: stop here
      if (r.blew_up_at < 0) r.blew_up_at = i;
      break;
    }
    avg = 0.9 * avg + 0.1 * loss;
    const double smooth = avg / (1 - std::pow(0.9, i + 1));  // debiased, as fastai's lr_find
    r.lr.push_back(float(lr));
    r.loss.push_back(loss);
    r.smooth.push_back(float(smooth));
    if (smooth < best) best = smooth, r.lowest = int(r.smooth.size()) - 1;
    if (smooth > 4 * best && i > 10) {
      r.blew_up_at = i;
      break;
    }
  }
  // The steepest fall of the smoothed loss per decade of rate, before the lowest point (a 10-step difference).
  double steepest = 0;
  for (int i = 10; i <= r.lowest; ++i) {
    const double slope = (r.smooth[size_t(i)] - r.smooth[size_t(i - 10)]) / (std::log10(r.lr[size_t(i)]) - std::log10(r.lr[size_t(i - 10)]));
    if (slope < steepest) steepest = slope, r.steepest = i;
  }
  if (r.steepest < 0) r.steepest = std::max(0, r.lowest);
  // The rule of thumb (Smith; fastai): a tenth of the rate where the smoothed loss is lowest.
  r.suggested = r.lr.empty() ? kRangeLo : r.lr[size_t(std::max(0, r.lowest))] / 10;
  // The check, on fresh networks from the same start.
  bool diverged = false;
  r.val_at_suggested = train_at(d, r.suggested, 5, seed, &diverged);
  // Ten times the rate where the test blew up (the rate itself may still train at a fixed value: the test's
  // momentum carried the growth of earlier steps).
  r.blowup_lr = 10 * (r.blew_up_at >= 0 ? r.lr[size_t(std::min<int>(r.blew_up_at, int(r.lr.size()) - 1))] : kRangeHi);
  r.val_at_blowup = train_at(d, r.blowup_lr, 5, seed, &r.blowup_diverged);
}

int batch_size_of(int i) {
  static const int sizes[kBatchSizes] = {1, 8, 32, kTuneTrain};
  return sizes[std::clamp(i, 0, kBatchSizes - 1)];
}

void batch_reset(BatchRace& b, const MoonsData& d, double lr, uint32_t seed) {
  b.epochs = 0;
  b.lr = lr;
  for (BatchRun& r : b.runs) {
    r.net = tuning_network(seed);  // the same start for every batch size
    r.opt = std::make_unique<Optimizer>(sgd(float(lr)), r.net.parameters());
    r.train_loss = {evaluate(r.net, b.graph, d.xtr, d.ytr)};
    r.val_loss = {evaluate(r.net, b.graph, d.xva, d.yva)};
    r.steps = 0;
    r.seconds = 0;
    r.diverged = false;
  }
}

int batch_train(BatchRace& b, const MoonsData& d, int epochs, uint32_t seed) {
  int done = 0;
  for (; done < epochs && b.epochs < kBatchEpochs; ++done, ++b.epochs) {
    for (int k = 0; k < kBatchSizes; ++k) {
      BatchRun& r = b.runs[size_t(k)];
      if (r.diverged) continue;
      const double t0 = seconds_now();
      for (const std::vector<int>& idx : epoch_batches(all_rows(kTuneTrain), batch_size_of(k), seed, b.epochs)) {
        float loss = 0;
        if (!step_on(r.net, *r.opt, b.graph, d, idx, &loss)) {
          r.diverged = true;
          break;
        }
        ++r.steps;
      }
      r.seconds += seconds_now() - t0;
      if (r.diverged) continue;
      r.train_loss.push_back(evaluate(r.net, b.graph, d.xtr, d.ytr));
      r.val_loss.push_back(evaluate(r.net, b.graph, d.xva, d.yva));
    }
  }
  return done;
}

}  // namespace mlpg::ui
