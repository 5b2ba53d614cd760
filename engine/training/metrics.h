#pragma once
// Evaluation metrics from the course's FAQ (accuracy, recall, F1...) on plain
// arrays of predicted and true class indices or scores.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlpg {

float accuracy(const std::vector<int>& predicted, const std::vector<int>& truth);
// Index of the largest value in each row of a [rows, cols] buffer.
std::vector<int> argmax_rows(const float* values, int rows, int cols);

struct ConfusionMatrix {
  int classes = 0;
  std::vector<int64_t> counts;  // counts[truth * classes + predicted]
  explicit ConfusionMatrix(int k) : classes(k), counts(size_t(k) * size_t(k), 0) {}
  void add(int truth, int predicted);
  void add(const std::vector<int>& truth, const std::vector<int>& predicted);
  int64_t at(int truth, int predicted) const { return counts[size_t(truth) * size_t(classes) + size_t(predicted)]; }
  int64_t total() const;
  // Per class; a class never predicted (or never present) scores 0, as
  // scikit-learn's zero_division=0.
  float precision(int c) const;
  float recall(int c) const;
  float f1(int c) const;
  float macro_precision() const;
  float macro_recall() const;
  float macro_f1() const;  // mean of per-class F1
  float accuracy() const;
};

// ROC for a binary problem: labels 0/1, higher score = more positive.
struct RocPoint { float fpr, tpr, threshold; };
std::vector<RocPoint> roc_curve(const std::vector<float>& scores, const std::vector<int>& labels);
// Area under the ROC curve (trapezoids; ties handled by grouping equal scores).
float roc_auc(const std::vector<float>& scores, const std::vector<int>& labels);

}  // namespace mlpg
