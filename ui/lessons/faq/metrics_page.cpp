// Q3, how to evaluate a model: an imbalanced two-class problem, a logistic
// regression trained with the engine, and every metric at every threshold.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "faq_lab.h"
#include "layers/nn.h"
#include "models/model.h"

namespace mlpg::ui {

double BinaryCounts::accuracy() const {
  const int n = tp + fp + fn + tn;
  return n ? double(tp + tn) / n : 0.0;
}
double BinaryCounts::precision() const { return tp + fp ? double(tp) / (tp + fp) : 0.0; }
double BinaryCounts::recall() const { return tp + fn ? double(tp) / (tp + fn) : 0.0; }
double BinaryCounts::f1() const {
  const double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

namespace {
// n points: positive with probability `ratio`; 2-D, N(0, I) for negatives and
// N((s/√2, s/√2), I) for positives (means s standard deviations apart).
void sample(int n, double ratio, double separation, std::mt19937& rng, std::vector<float>& x, std::vector<int>& y) {
  std::bernoulli_distribution pos(ratio);
  std::normal_distribution<float> noise(0.f, 1.f);
  const float shift = float(separation / std::sqrt(2.0));
  x.resize(size_t(2 * n));
  y.resize(size_t(n));
  for (int i = 0; i < n; ++i) {
    y[size_t(i)] = pos(rng) ? 1 : 0;
    x[size_t(2 * i)] = noise(rng) + (y[size_t(i)] ? shift : 0.f);
    x[size_t(2 * i + 1)] = noise(rng) + (y[size_t(i)] ? shift : 0.f);
  }
}
}  // namespace

namespace {
// Scores the test set and draws the ROC and precision–recall curves.
void score(MetricsRun& m) {
  const std::vector<float> p = m.model->predict(m.xte.data(), kMetricsSamples);
  m.score.resize(size_t(kMetricsSamples));
  for (int i = 0; i < kMetricsSamples; ++i) m.score[size_t(i)] = p[size_t(2 * i + 1)];
  m.positives = int(std::count(m.label.begin(), m.label.end(), 1));
  // Curves: lower the threshold past each distinct score, highest first.
  std::vector<int> idx(static_cast<size_t>(kMetricsSamples));
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return m.score[size_t(a)] > m.score[size_t(b)]; });
  const int P = m.positives, N = kMetricsSamples - P;
  m.fpr.assign(1, 0.f);
  m.tpr.assign(1, 0.f);
  m.pr_recall.clear();
  m.pr_precision.clear();
  int tp = 0, fp = 0;
  for (size_t k = 0; k < idx.size(); ++k) {
    (m.label[size_t(idx[k])] ? tp : fp) += 1;
    if (k + 1 < idx.size() && m.score[size_t(idx[k + 1])] == m.score[size_t(idx[k])]) continue;  // ties move together
    m.fpr.push_back(N ? float(fp) / N : 0.f);
    m.tpr.push_back(P ? float(tp) / P : 0.f);
    m.pr_recall.push_back(P ? float(tp) / P : 0.f);
    m.pr_precision.push_back(float(tp) / float(tp + fp));
  }
  m.auc = 0;
  for (size_t k = 1; k < m.fpr.size(); ++k) m.auc += 0.5 * double(m.fpr[k] - m.fpr[k - 1]) * double(m.tpr[k] + m.tpr[k - 1]);
}
}  // namespace

void metrics_reset(MetricsRun& m, double ratio, double separation, uint32_t seed) {
  m.rng.seed(seed);
  sample(kMetricsSamples, ratio, separation, m.rng, m.xtr, m.ytr);
  sample(kMetricsSamples, ratio, separation, m.rng, m.xte, m.label);
  // Logistic regression: one dense layer to two classes with a softmax (the
  // same as a sigmoid on the difference of the logits), Adam.
  m.model = std::make_unique<Model>(Shape{2}, seed);
  m.model->add<Linear>(2, Activation::Softmax);
  m.model->compile(adam(0.05f));
  m.epochs = 0;
  m.train_loss = 0;
  score(m);
}

int metrics_train(MetricsRun& m, int epochs) {
  if (!m.model) return 0;
  std::vector<int> order(static_cast<size_t>(kMetricsSamples));
  std::iota(order.begin(), order.end(), 0);
  std::vector<float> bx;
  std::vector<int> by;
  int done = 0;
  for (; done < epochs && m.epochs < kMetricsMaxEpochs; ++done, ++m.epochs) {
    std::shuffle(order.begin(), order.end(), m.rng);
    double loss = 0;
    for (int b = 0; b + 64 <= kMetricsSamples; b += 64) {
      bx.clear();
      by.clear();
      for (int k = b; k < b + 64; ++k) {
        const int i = order[size_t(k)];
        bx.push_back(m.xtr[size_t(2 * i)]);
        bx.push_back(m.xtr[size_t(2 * i + 1)]);
        by.push_back(m.ytr[size_t(i)]);
      }
      float acc = 0;
      loss += m.model->train_batch(bx, by, 64, &acc);
    }
    m.train_loss = loss / (kMetricsSamples / 64);
  }
  if (done) score(m);
  return done;
}

BinaryCounts metrics_at(const MetricsRun& m, double threshold) {
  BinaryCounts c;
  for (size_t i = 0; i < m.score.size(); ++i) {
    const bool said = m.score[i] >= threshold;
    if (m.label[i]) (said ? c.tp : c.fn) += 1;
    else (said ? c.fp : c.tn) += 1;
  }
  return c;
}

}  // namespace mlpg::ui
