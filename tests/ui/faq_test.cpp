// The FAQ explorer's logic without a window: Q3's metrics against the
// confusion matrix and the ROC area against a trapezoid sum; Q4's race from
// one start, and a learning rate that makes some optimizers diverge.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

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

TEST(Faq, MissingDataStrategiesSideBySide) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "5"}, {"mechanism", "mcar"}, {"rate", 0.3}}}});
  json s = app_state_json(app)["missing"];
  ASSERT_EQ(s["strategies"].size(), size_t(kStrategies)) << "one row per strategy";
  auto row = [&](const json& st, const char* name) {
    for (const json& r : st["strategies"])
      if (r["strategy"] == name) return r;
    return json();
  };
  const double none = row(s, "none")["accuracy"], mean = row(s, "mean")["accuracy"];
  for (const json& r : s["strategies"])
    std::printf("MCAR 30%%: %-9s accuracy %.3f, %4d training rows, mean x1 %+.3f\n", r["strategy"].get<std::string>().c_str(),
                r["accuracy"].get<double>(), r["train_rows"].get<int>(), r["x1_mean"].get<double>());
  EXPECT_NEAR(mean, none, 0.05) << "completely at random: mean imputation costs a few points at most";
  EXPECT_NEAR(s["missing_share"].get<double>(), 0.3, 0.04);
  EXPECT_NEAR(row(s, "drop")["train_rows"].get<double>(), 1400, 80);
  EXPECT_NEAR(row(s, "drop")["x1_mean"].get<double>(), s["true_x1_mean"].get<double>(), 0.1) << "no bias when completely at random";
  // Not at random (large x1 goes missing): the rows left have a lower mean.
  app_command(app, {{"params", {{"mechanism", "mnar"}, {"rate", 0.4}}}});
  s = app_state_json(app)["missing"];
  const double shift = row(s, "drop")["x1_mean"].get<double>() - s["true_x1_mean"].get<double>();
  std::printf("MNAR 40%%: dropping rows moves the mean of x1 by %+.3f; kNN %.3f, mean %.3f, none %.3f\n", shift,
              row(s, "knn")["accuracy"].get<double>(), row(s, "mean")["accuracy"].get<double>(), row(s, "none")["accuracy"].get<double>());
  EXPECT_LT(shift, -0.3) << "dropping rows that lost a large x1 biases what is left";
}

TEST(Faq, OverfittingAndItsRemediesOnTheSameData) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "2"}, {"degree", 12}, {"n", 15}, {"lambda", 0}}}, {"run", false}});
  json o = app_state_json(app)["overfit"];
  const double train = o["train_mse"], val = o["val_mse"];
  std::printf("degree 12, 15 points, λ 0: training %.4f, validation %.4f\n", train, val);
  EXPECT_GT(val, 3 * train) << "a wide gap: overfitting";
  // The remedies close the gap on the same data: more points, lower degree, λ.
  const std::vector<float> by_size_val = o["by_size"]["val"], by_degree_val = o["by_degree"]["val"];
  EXPECT_LT(by_size_val.back(), val / 2) << "200 points";
  EXPECT_LT(by_degree_val[2], val / 2) << "degree 3";
  app_command(app, {{"params", {{"lambda", 0.01}}}});
  const double val_l2 = app_state_json(app)["overfit"]["val_mse"];
  std::printf("λ 0.01: validation %.4f; degree 3: %.4f; 200 points: %.4f\n", val_l2, double(by_degree_val[2]), double(by_size_val.back()));
  EXPECT_LT(val_l2, val);
  // Early stopping's step is where the validation error was lowest.
  app_command(app, {{"params", {{"lambda", 0}}}});
  app_command(app, {{"train", 3000}});
  o = app_state_json(app)["overfit"];
  const std::vector<float> v = o["by_step"]["val"];
  const long best = o["early_stop_step"];
  const int every = o["by_step"]["every"];
  ASSERT_EQ(v.size(), 301u);
  EXPECT_EQ(*std::min_element(v.begin(), v.end()), v[size_t(best / every)]);
  EXPECT_LT(best, 3000) << "the validation error turns up before the end";
  EXPECT_GT(v.back(), 2 * v[size_t(best / every)]) << "stopping early keeps it well below the end's";
  std::printf("early stopping at step %ld: validation %.4f; at step 3000: %.4f\n", best, double(v[size_t(best / every)]), double(v.back()));
}

TEST(Faq, FourModelFamiliesOnTheSameDigits) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "1"}}}, {"run", false}});
  app_command(app, {{"train", 100000}});  // every model's epoch (capped by the run itself)
  const json s = app_state_json(app)["choose"];
  ASSERT_TRUE(s["done"].get<bool>()) << s.dump();
  EXPECT_EQ(s["train"], 2000);
  for (const json& m : s["models"]) {
    std::printf("%-8s %7lld parameters  %.1f%%  %.2f s  %.0f samples/s\n", m["name"].get<std::string>().c_str(),
                m["parameters"].get<long long>(), 100 * m["accuracy"].get<double>(), m["seconds"].get<double>(),
                m["samples_per_s"].get<double>());
    EXPECT_EQ(m["seen"], 2000) << "one epoch each, the same digits";
    EXPECT_GT(m["accuracy"].get<double>(), 0.3) << m["name"] << " learned something (chance: 10%)";
  }
  EXPECT_EQ(s["models"][2]["parameters"], 225034) << "the course's CNN";
  EXPECT_GT(s["models"][2]["accuracy"].get<double>(), s["models"][0]["accuracy"].get<double>()) << "images favour the CNN";
}

// Q5 on a learner's CSV: its empty cells are the missing values; every
// strategy but the (unknowable) reference gets a row; dropping rows that
// lose "income" when "age" is high shifts the mean of age in the rows kept.
TEST(Faq, MissingDataRunsOnTheLearnersCsv) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "5"}}}});
  std::string csv = "age,income,score,label\n";
  std::mt19937 rng(3);
  std::normal_distribution<float> z(0.f, 1.f);
  for (int i = 0; i < 600; ++i) {
    const float age = 40 + 12 * z(rng), income = 0.5f * age + 5 * z(rng), score = z(rng);
    const bool label = income + 8 * score > 20;
    const bool lost = age > 45 && rng() % 2;  // not at random: older people leave income empty
    csv += std::to_string(age) + "," + (lost ? std::string("") : std::to_string(income)) + "," + (i % 17 ? std::to_string(score) : "NA") +
           "," + (label ? "yes" : "no") + "\n";
  }
  const std::string said = app_command(app, {{"csv", csv}})["csv"];
  EXPECT_NE(said.find("600 rows, 3 number columns, label = label (2 classes)"), std::string::npos) << said;
  const json m = app_state_json(app)["missing"];
  EXPECT_EQ(m["source"], "pasted.csv");
  ASSERT_EQ(m["strategies"].size(), size_t(kStrategies - 1)) << "one row per strategy; no reference without the true values";
  EXPECT_EQ(m["column"], "age") << "dropping rows that lose income when age is high moves age most";
  double drop_mean = 0, mean_mean = 0, best = 0;
  for (const json& s : m["strategies"]) {
    EXPECT_NE(s["strategy"], "none");
    if (s["strategy"] == "drop") drop_mean = s["x1_mean"];
    if (s["strategy"] == "mean") mean_mean = s["x1_mean"];
    best = std::max(best, s["accuracy"].get<double>());
  }
  for (const json& s : m["strategies"])
    std::printf("learner's CSV, %s: %.1f%%, %d training rows, mean of age %.2f\n", s["strategy"].get<std::string>().c_str(),
                100 * s["accuracy"].get<double>(), s["train_rows"].get<int>(), s["x1_mean"].get<double>());
  EXPECT_NEAR(mean_mean, m["true_x1_mean"].get<double>(), 1e-3) << "filling keeps every row";
  EXPECT_LT(drop_mean, mean_mean - 0.1 * m["column_sd"].get<double>()) << "the rows kept are younger";
  EXPECT_GT(best, 0.8) << "the label follows income and score";
  // A bad file leaves the table as it was.
  const std::string bad = app_command(app, {{"csv", "a,label\n1,x\n2\n"}})["csv"];
  EXPECT_NE(bad.find("line 3: this row has 1 cells, the header has 2"), std::string::npos) << bad;
  EXPECT_EQ(app_state_json(app)["missing"]["source"], "pasted.csv");
}

// Q4's learning-rate range test: the rate grows geometrically; the loss falls,
// then blows up; the suggested rate (steepest fall) trains a fresh network
// well, while the rate where it blew up does not.
TEST(Faq, RangeTestFindsARateThatTrainsAndOneThatDoesNot) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "4"}, {"part", "range"}}}});
  const json r = app_state_json(app)["range"];
  const auto lr = r["lr"].get<std::vector<double>>();
  const auto smooth = r["smooth"].get<std::vector<double>>();
  ASSERT_GT(lr.size(), 50u);
  for (size_t i = 1; i < lr.size(); ++i) ASSERT_GT(lr[i], lr[i - 1]);
  EXPECT_NEAR(lr[0], 1e-4, 1e-9);
  const int lowest = r["lowest"], steepest = r["steepest"], blew = r["blew_up_at"];
  EXPECT_LT(smooth[size_t(lowest)], 0.5 * smooth[0]) << "the loss falls on the way";
  EXPECT_GE(blew, 0) << "rates up to 10 blow the loss up";
  EXPECT_LE(steepest, lowest);
  EXPECT_LT(lowest, blew);
  const double suggested = r["suggested"];
  EXPECT_NEAR(suggested, lr[size_t(lowest)] / 10, 1e-6 * suggested);
  EXPECT_LT(r["val_at_suggested"].get<double>(), 0.45) << "the suggested rate trains";
  EXPECT_TRUE(r["blowup_diverged"].get<bool>() || r["val_at_blowup"].get<double>() > 2 * r["val_at_suggested"].get<double>());
  std::printf("range test: steepest at lr %.3g, lowest at %.3g, blew up at %.3g; 5 epochs at the suggestion %.3g: validation %.3f; "
              "at the blow-up rate: %s %.3f\n",
              lr[size_t(steepest)], lr[size_t(lowest)], lr[size_t(std::min<size_t>(size_t(blew), lr.size() - 1))], suggested,
              r["val_at_suggested"].get<double>(),
              r["blowup_diverged"].get<bool>() ? "diverged" : "validation", r["val_at_blowup"].get<double>());
}

// Q4's batch sizes: the same start, one rate; an epoch a step for every size;
// batches of 1 make 800 updates an epoch, the full batch one.
TEST(Faq, BatchSizesFromOneStart) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "4"}, {"part", "batch"}, {"batch_lr", 0.1}}}});
  json b = app_state_json(app)["batch"];
  ASSERT_EQ(b["runs"].size(), 4u);
  const double start = b["runs"][0]["val_loss"][0];
  for (const json& r : b["runs"]) EXPECT_DOUBLE_EQ(r["val_loss"][0].get<double>(), start) << "one start";
  app_command(app, {{"train", 10}});
  b = app_state_json(app)["batch"];
  EXPECT_EQ(b["epochs"], 10);
  EXPECT_EQ(b["runs"][0]["steps"], 8000);
  EXPECT_EQ(b["runs"][3]["steps"], 10);
  const double small = b["runs"][1]["val_loss"].back(), full = b["runs"][3]["val_loss"].back();
  EXPECT_LT(small, full) << "at one rate and ten epochs, batches of 8 get further than one batch of everything";
  for (const json& r : b["runs"])
    std::printf("batch %d: %ld updates, validation loss %.4f after 10 epochs\n", r["batch"].get<int>(), r["steps"].get<long>(),
                r["val_loss"].back().get<double>());
}

// Q4's schedules: the step schedule halves the rate every 500 steps; cosine reaches 0 at 2,000 steps.
TEST(Faq, RaceSchedulesChangeTheRate) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "4"}, {"lr", 0.002}, {"schedule", "step"}}}, {"train", 1000}});
  EXPECT_NEAR(app_state_json(app)["race_lr"].get<double>(), 0.0005, 1e-9);
  app_command(app, {{"params", {{"schedule", "cosine"}}}, {"train", 1000}});
  EXPECT_NEAR(app_state_json(app)["race_lr"].get<double>(), 0.001, 1e-6);
  app_command(app, {{"train", 1000}});
  EXPECT_NEAR(app_state_json(app)["race_lr"].get<double>(), 0.0, 1e-9);
  const json race = app_state_json(app)["race"];
  for (const json& r : race) EXPECT_EQ(r["start_loss"], race[0]["start_loss"]);
}

// Q2 on images: 300 digits overfit (training accuracy far above validation);
// the remedies switched on from the same start narrow the gap, and the table
// keeps the earlier run; early stopping's epoch is the lowest validation loss.
TEST(Faq, DigitsOverfitAndTheRemediesNarrowTheGap) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "faq"}, {"params", {{"q", "2"}, {"data", "digits"}}}, {"run", false}});
  for (int i = 0; i < 5; ++i) app_update(app, 0.016);  // the digits arrive (read from disk)
  app_command(app, {{"train", 40 * 10}});  // 40 epochs of 10 batches
  const json bare = app_state_json(app)["digits"];
  ASSERT_EQ(bare["epochs"], 40);
  const double gap0 = bare["now"]["train_acc"].get<double>() - bare["now"]["val_acc"].get<double>();
  EXPECT_GT(bare["now"]["train_acc"].get<double>(), 0.99) << "300 digits are learned by heart";
  EXPECT_GT(gap0, 0.1) << "and new digits are not";
  const auto v = bare["val_loss"].get<std::vector<double>>();
  EXPECT_EQ(bare["now"]["best_epoch"].get<int>(), int(std::min_element(v.begin(), v.end()) - v.begin()));
  EXPECT_LT(bare["now"]["best_epoch"].get<int>(), 40) << "the validation loss turns back up before the end";
  app_command(app, {{"params", {{"dropout", 0.5}, {"augment", true}}}});
  app_command(app, {{"train", 40 * 10}});
  const json fixed = app_state_json(app)["digits"];
  ASSERT_EQ(fixed["records"].size(), 1u) << "the run without remedies is kept";
  EXPECT_EQ(fixed["records"][0]["dropout"], 0.0);
  const double gap1 = fixed["now"]["train_acc"].get<double>() - fixed["now"]["val_acc"].get<double>();
  EXPECT_LT(gap1, gap0 - 0.03) << "dropout and shifted images narrow the gap";
  std::printf("300 digits, 40 epochs: no remedy %.1f%% / %.1f%% (gap %.1f); dropout 0.5 + shifts %.1f%% / %.1f%% (gap %.1f); "
              "lowest validation loss at epoch %d without remedies\n",
              100 * bare["now"]["train_acc"].get<double>(), 100 * bare["now"]["val_acc"].get<double>(), 100 * gap0,
              100 * fixed["now"]["train_acc"].get<double>(), 100 * fixed["now"]["val_acc"].get<double>(), 100 * gap1,
              bare["now"]["best_epoch"].get<int>());
}

TEST(Faq, ShiftImageMovesPixels) {
  std::vector<float> in(784, 0.f), out(784);
  in[10 * 28 + 12] = 1.f;
  shift_image(in.data(), out.data(), 2, -1);
  EXPECT_EQ(out[9 * 28 + 14], 1.f);
  EXPECT_EQ(std::count(out.begin(), out.end(), 1.f), 1);
  shift_image(in.data(), out.data(), 27, 0);  // off the edge: all zero
  EXPECT_EQ(std::count(out.begin(), out.end(), 0.f), 784);
}
