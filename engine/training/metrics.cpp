#include "training/metrics.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace mlpg {

float accuracy(const std::vector<int>& predicted, const std::vector<int>& truth) {
  if (predicted.size() != truth.size()) throw std::invalid_argument("accuracy: sizes differ");
  if (truth.empty()) return 0.f;
  size_t ok = 0;
  for (size_t i = 0; i < truth.size(); ++i) ok += predicted[i] == truth[i];
  return float(ok) / float(truth.size());
}

std::vector<int> argmax_rows(const float* values, int rows, int cols) {
  std::vector<int> out(size_t(rows), 0);
  for (int r = 0; r < rows; ++r) {
    const float* v = values + int64_t(r) * cols;
    out[size_t(r)] = int(std::max_element(v, v + cols) - v);
  }
  return out;
}

void ConfusionMatrix::add(int truth, int predicted) {
  if (truth < 0 || truth >= classes || predicted < 0 || predicted >= classes)
    throw std::invalid_argument("ConfusionMatrix: class index out of range");
  ++counts[size_t(truth) * size_t(classes) + size_t(predicted)];
}

void ConfusionMatrix::add(const std::vector<int>& truth, const std::vector<int>& predicted) {
  if (truth.size() != predicted.size()) throw std::invalid_argument("ConfusionMatrix: sizes differ");
  for (size_t i = 0; i < truth.size(); ++i) add(truth[i], predicted[i]);
}

int64_t ConfusionMatrix::total() const { return std::accumulate(counts.begin(), counts.end(), int64_t(0)); }

float ConfusionMatrix::precision(int c) const {
  int64_t predicted = 0;
  for (int t = 0; t < classes; ++t) predicted += at(t, c);
  return predicted ? float(at(c, c)) / float(predicted) : 0.f;
}

float ConfusionMatrix::recall(int c) const {
  int64_t actual = 0;
  for (int p = 0; p < classes; ++p) actual += at(c, p);
  return actual ? float(at(c, c)) / float(actual) : 0.f;
}

float ConfusionMatrix::f1(int c) const {
  const float p = precision(c), r = recall(c);
  return p + r > 0.f ? 2.f * p * r / (p + r) : 0.f;
}

namespace {
template <class F>
float mean_over_classes(int k, F f) {
  float s = 0.f;
  for (int c = 0; c < k; ++c) s += f(c);
  return k ? s / float(k) : 0.f;
}
}  // namespace

float ConfusionMatrix::macro_precision() const { return mean_over_classes(classes, [&](int c) { return precision(c); }); }
float ConfusionMatrix::macro_recall() const { return mean_over_classes(classes, [&](int c) { return recall(c); }); }
float ConfusionMatrix::macro_f1() const { return mean_over_classes(classes, [&](int c) { return f1(c); }); }

float ConfusionMatrix::accuracy() const {
  int64_t diag = 0;
  for (int c = 0; c < classes; ++c) diag += at(c, c);
  const int64_t n = total();
  return n ? float(diag) / float(n) : 0.f;
}

std::vector<RocPoint> roc_curve(const std::vector<float>& scores, const std::vector<int>& labels) {
  if (scores.size() != labels.size()) throw std::invalid_argument("roc_curve: sizes differ");
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  int64_t pos = 0, neg = 0;
  for (int l : labels) {
    if (l != 0 && l != 1) throw std::invalid_argument("roc_curve: labels must be 0 or 1");
    (l ? pos : neg)++;
  }
  if (!pos || !neg) throw std::invalid_argument("roc_curve: needs both positive and negative examples");
  std::vector<RocPoint> curve{{0.f, 0.f, std::numeric_limits<float>::infinity()}};
  int64_t tp = 0, fp = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    (labels[order[i]] ? tp : fp)++;
    // One point per distinct threshold: equal scores move together.
    if (i + 1 == order.size() || scores[order[i + 1]] != scores[order[i]])
      curve.push_back({float(fp) / float(neg), float(tp) / float(pos), scores[order[i]]});
  }
  return curve;
}

float roc_auc(const std::vector<float>& scores, const std::vector<int>& labels) {
  const auto c = roc_curve(scores, labels);
  double area = 0;
  for (size_t i = 1; i < c.size(); ++i) area += double(c[i].fpr - c[i - 1].fpr) * (c[i].tpr + c[i - 1].tpr) / 2.0;
  return float(area);
}

}  // namespace mlpg
