// Metrics, data helpers and tensor basics on small hand-checked cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "training/data.h"
#include "core/graph.h"
#include "training/metrics.h"
#include "ops/ops.h"

using namespace mlpg;

TEST(Metrics, ConfusionMatrixPrecisionRecallF1) {
  // truth:     0 0 0 1 1 2 2 2 2
  // predicted: 0 1 0 1 1 2 0 2 1
  ConfusionMatrix cm(3);
  cm.add({0, 0, 0, 1, 1, 2, 2, 2, 2}, {0, 1, 0, 1, 1, 2, 0, 2, 1});
  EXPECT_EQ(cm.at(0, 0), 2);
  EXPECT_EQ(cm.at(2, 1), 1);
  EXPECT_EQ(cm.total(), 9);
  EXPECT_FLOAT_EQ(cm.accuracy(), 6.f / 9.f);
  EXPECT_FLOAT_EQ(cm.precision(0), 2.f / 3.f);  // predicted 0: rows 0,0,2 -> 2 right
  EXPECT_FLOAT_EQ(cm.recall(0), 2.f / 3.f);
  EXPECT_FLOAT_EQ(cm.precision(1), 2.f / 4.f);
  EXPECT_FLOAT_EQ(cm.recall(1), 1.f);
  EXPECT_FLOAT_EQ(cm.precision(2), 1.f);
  EXPECT_FLOAT_EQ(cm.recall(2), 0.5f);
  EXPECT_FLOAT_EQ(cm.f1(1), 2.f * 0.5f * 1.f / 1.5f);
  EXPECT_FLOAT_EQ(cm.macro_f1(), (2.f / 3.f + 2.f / 3.f + 2.f / 3.f) / 3.f);
  EXPECT_THROW(cm.add(3, 0), std::invalid_argument);
}

TEST(Metrics, UnpredictedClassScoresZeroNotNaN) {
  ConfusionMatrix cm(2);
  cm.add({0, 1}, {0, 0});
  EXPECT_EQ(cm.precision(1), 0.f);
  EXPECT_EQ(cm.f1(1), 0.f);
}

TEST(Metrics, AccuracyAndArgmax) {
  const float v[] = {0.1f, 0.9f, 0.f, 2.f, -1.f, 0.5f, 0.3f, 0.3f, 0.4f};
  EXPECT_EQ(argmax_rows(v, 3, 3), (std::vector<int>{1, 0, 2}));
  EXPECT_FLOAT_EQ(accuracy({1, 0, 2, 2}, {1, 1, 2, 0}), 0.5f);
}

TEST(Metrics, RocCurveAndAuc) {
  // Perfect ranking -> AUC 1; reversed -> 0; a classic small case -> 0.75.
  EXPECT_FLOAT_EQ(roc_auc({0.9f, 0.8f, 0.2f, 0.1f}, {1, 1, 0, 0}), 1.f);
  EXPECT_FLOAT_EQ(roc_auc({0.1f, 0.2f, 0.8f, 0.9f}, {1, 1, 0, 0}), 0.f);
  EXPECT_FLOAT_EQ(roc_auc({0.1f, 0.4f, 0.35f, 0.8f}, {0, 0, 1, 1}), 0.75f);
  // Ties count half: all scores equal -> 0.5.
  EXPECT_FLOAT_EQ(roc_auc({0.5f, 0.5f, 0.5f, 0.5f}, {0, 1, 0, 1}), 0.5f);
  const auto c = roc_curve({0.1f, 0.4f, 0.35f, 0.8f}, {0, 0, 1, 1});
  ASSERT_EQ(c.size(), 5u);
  EXPECT_FLOAT_EQ(c.back().fpr, 1.f);
  EXPECT_FLOAT_EQ(c.back().tpr, 1.f);
  EXPECT_THROW(roc_auc({0.1f}, {1}), std::invalid_argument);
}

TEST(Data, SeededSplitIsDeterministicAndDisjoint) {
  const Split a = train_val_split(100, 0.2f, 7), b = train_val_split(100, 0.2f, 7), c = train_val_split(100, 0.2f, 8);
  EXPECT_EQ(a.val, b.val);
  EXPECT_NE(a.val, c.val);
  EXPECT_EQ(a.val.size(), 20u);
  std::set<int> all(a.train.begin(), a.train.end());
  all.insert(a.val.begin(), a.val.end());
  EXPECT_EQ(all.size(), 100u);
}

TEST(Data, EpochBatchesCoverEveryIndexOnce) {
  std::vector<int> idx(23);
  for (int i = 0; i < 23; ++i) idx[size_t(i)] = i;
  const auto batches = epoch_batches(idx, 5, 3, 0);
  ASSERT_EQ(batches.size(), 5u);
  EXPECT_EQ(batches.back().size(), 3u);
  std::vector<int> seen;
  for (const auto& b : batches) seen.insert(seen.end(), b.begin(), b.end());
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, idx);
  EXPECT_NE(epoch_batches(idx, 5, 3, 1)[0], batches[0]);  // reshuffled per epoch
  EXPECT_EQ(epoch_batches(idx, 0, 3, 0).size(), 1u);       // full batch
}

TEST(Data, EarlyStoppingWaitsForPatience) {
  EarlyStopping es;
  es.patience = 2;
  EXPECT_FALSE(es.update(1.0f, 0));
  EXPECT_FALSE(es.update(0.8f, 1));
  EXPECT_FALSE(es.update(0.9f, 2));
  EXPECT_TRUE(es.update(0.85f, 3));
  EXPECT_EQ(es.best_epoch, 1);
  EXPECT_FLOAT_EQ(es.best, 0.8f);
}

TEST(Tensor, BroadcastRulesAndErrors) {
  EXPECT_EQ(broadcast_shapes(Shape{3, 1}, Shape{1, 4}), (Shape{3, 4}));
  EXPECT_EQ(broadcast_shapes(Shape{2, 3, 4}, Shape{4}), (Shape{2, 3, 4}));
  EXPECT_THROW(broadcast_shapes(Shape{3, 2}, Shape{3}), std::invalid_argument);
  Graph g;
  const float a[] = {1, 2, 3, 4, 5, 6};
  Var x = g.input(Shape{2, 3}, a);
  EXPECT_THROW(matmul(x, x), std::invalid_argument);
  EXPECT_THROW(reshape(x, Shape{4, 2}), std::invalid_argument);
  EXPECT_THROW(slice(x, 1, 2, 5), std::invalid_argument);
  EXPECT_THROW(sum(x, 2), std::invalid_argument);
  const int bad_label[] = {0, 3};
  EXPECT_THROW(sparse_cross_entropy(x, bad_label), std::invalid_argument);
  EXPECT_THROW(g.backward(x), std::invalid_argument);  // not a scalar
}

TEST(Tensor, ForwardValuesOnSmallCases) {
  Graph g;
  const float a[] = {1, 2, 3, 4, 5, 6}, b[] = {10, 20, 30};
  Var x = g.input(Shape{2, 3}, a);
  Var y = add(x, g.input(Shape{3}, b));
  EXPECT_EQ(std::vector<float>(y->value.data, y->value.data + 6), (std::vector<float>{11, 22, 33, 14, 25, 36}));
  Var t = transpose(x);
  EXPECT_EQ(t->value.shape, (Shape{3, 2}));
  EXPECT_EQ(std::vector<float>(t->value.data, t->value.data + 6), (std::vector<float>{1, 4, 2, 5, 3, 6}));
  Var s = sum(x, 0);
  EXPECT_EQ(std::vector<float>(s->value.data, s->value.data + 3), (std::vector<float>{5, 7, 9}));
  Var m = matmul(x, x, false, true);  // x xᵀ
  EXPECT_EQ(std::vector<float>(m->value.data, m->value.data + 4), (std::vector<float>{14, 32, 32, 77}));
  const float big[] = {1000, 1001, 1002};  // a naive exp() overflows to inf/NaN
  Var sm = softmax(g.input(Shape{1, 3}, big));
  EXPECT_NEAR(sm->value.data[0], 0.09003057f, 1e-6f);
  EXPECT_NEAR(sm->value.data[2], 0.66524096f, 1e-6f);
  Var c = concat({x, x}, 1);
  EXPECT_EQ(c->value.shape, (Shape{2, 6}));
  EXPECT_EQ(c->value.data[3], 1.f);
}

TEST(Graph, NoGradRecordsNothingAndGradsAccumulate) {
  Parameter w("w", Shape{2});
  w.value.data = {1.f, 2.f};
  Graph g;
  {
    NoGrad ng(g);
    Var y = sum(mul(g.param(w), g.param(w)));
    EXPECT_FALSE(y->requires_grad);
    EXPECT_THROW(g.backward(y), std::invalid_argument);
  }
  for (int k = 0; k < 2; ++k) {  // two backward passes add up until zeroed
    g.clear();
    g.backward(sum(mul(g.param(w), g.param(w))));
  }
  EXPECT_EQ(w.grad, (std::vector<float>{4.f, 8.f}));
}
