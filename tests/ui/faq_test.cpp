// The FAQ explorer's logic without a window: Q3's metrics against the
// confusion matrix and the ROC area against a trapezoid sum; Q4's race from
// one start, and a learning rate that makes some optimizers diverge.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "app.h"
#include "lessons/faq/faq_lab.h"

using namespace mlpg::ui;
using nlohmann::json;

TEST(Faq, MetricsFollowTheConfusionMatrixAndTheAreaIsATrapezoidSum) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "3"}, {"ratio", 0.05}, {"separation", 1.5}, {"threshold", 0.5}}}});
  app_command(app, {{"train", 30}});
  const json s = app_state_json(app);
  EXPECT_EQ(s["metrics"]["epochs"], 30);
  const json& m = s["metrics"];
  const double n = m["tp"].get<double>() + m["fp"].get<double>() + m["fn"].get<double>() + m["tn"].get<double>();
  EXPECT_EQ(n, 2000);
  EXPECT_DOUBLE_EQ(m["accuracy"].get<double>(), (m["tp"].get<double>() + m["tn"].get<double>()) / n);
  EXPECT_DOUBLE_EQ(m["recall"].get<double>(), m["tp"].get<double>() / (m["tp"].get<double>() + m["fn"].get<double>()));
  std::vector<float> fpr = s["roc"]["fpr"], tpr = s["roc"]["tpr"];
  double area = 0;
  for (size_t k = 1; k < fpr.size(); ++k) area += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
  EXPECT_NEAR(m["auc"].get<double>(), area, 1e-6);  // (the curve leaves in float32)
  std::printf("95:5, threshold 0.5: accuracy %.3f, recall %.3f, precision %.3f, F1 %.3f, AUC %.3f; always negative %.3f\n",
              m["accuracy"].get<double>(), m["recall"].get<double>(), m["precision"].get<double>(), m["f1"].get<double>(),
              m["auc"].get<double>(), m["always_negative_accuracy"].get<double>());
  // The case the page is about: high accuracy, low recall.
  EXPECT_GT(m["accuracy"].get<double>(), 0.9);
  EXPECT_LT(m["recall"].get<double>(), 0.5);
  EXPECT_GT(m["auc"].get<double>(), 0.8) << "the scores still rank positives above negatives";
  // The threshold's ends: everything positive finds every positive; nothing positive finds none.
  app_command(app, {{"params", {{"threshold", 0.0}}}});
  EXPECT_EQ(app_state_json(app)["metrics"]["recall"], 1.0);
  app_command(app, {{"params", {{"threshold", 1.0}}}});
  const json none = app_state_json(app)["metrics"];
  EXPECT_EQ(none["tp"].get<int>() + none["fp"].get<int>(), 0);
  EXPECT_EQ(none["precision"], 0.0) << "no positive calls: precision 0, not NaN";
}

TEST(Faq, EveryOptimizerStartsFromTheSameLossAndDivergenceIsReported) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "4"}, {"surface", "rosenbrock"}, {"lr", 0.002}}}});
  app_command(app, {{"train", 2000}});
  json s = app_state_json(app);
  ASSERT_EQ(s["race"].size(), 6u);
  for (const json& r : s["race"]) {
    EXPECT_EQ(r["start_loss"], s["race"][0]["start_loss"]) << r["name"];
    std::printf("rosenbrock lr 0.002, 2000 steps: %-9s loss %.4g (diverged at %d)\n", r["name"].get<std::string>().c_str(), r["loss"].get<double>(), r["diverged_at"].get<int>());
  }
  // Momentum reaches the banana's minimum long before plain SGD (same learning rate).
  EXPECT_LT(s["race"][1]["loss"].get<double>(), 1e-6);
  EXPECT_LT(s["race"][1]["loss"].get<double>(), s["race"][0]["loss"].get<double>());
  app_command(app, {{"params", {{"lr", 0.5}}}});
  app_command(app, {{"train", 200}});
  s = app_state_json(app);
  int diverged = 0;
  for (const json& r : s["race"]) {
    diverged += r["diverged_at"].get<int>() >= 0;
    EXPECT_TRUE(std::isfinite(r["loss"].get<double>()));
  }
  EXPECT_GE(diverged, 1) << "learning rate 0.5 on Rosenbrock: some diverge, and say when";
  std::printf("rosenbrock lr 0.5: %d of 6 diverged\n", diverged);
}
