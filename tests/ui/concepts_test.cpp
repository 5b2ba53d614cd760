// The concept pages without a window: the backprop walk's hand-computed
// gradients (the code the page shows) against the engine's autograd and
// finite differences, for every activation and both losses; an update lowers
// the loss; the walk's steps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "app.h"
#include "lessons/concepts/backprop.h"

using namespace mlpg::ui;
using nlohmann::json;

TEST(Concepts, BackpropByHandEqualsAutogradAndFiniteDifferences) {
  int cases = 0, kinks = 0;
  double worst_engine = 0, worst_finite = 0;
  for (int act = 0; act < 4; ++act)
    for (int loss = 0; loss < 2; ++loss)
      for (unsigned seed = 1; seed <= 20; ++seed) {
        const BpNet n = bp_network(seed, BpAct(act), BpLoss(loss), 1.0 - 0.1 * seed, 0.5 + 0.05 * seed, seed % 2 ? 1.0 : 0.0);
        const BpPass p = bp_run(n);
        double engine_loss = 0;
        const auto engine = bp_engine_grad(n, &engine_loss);
        const auto finite = bp_finite_grad(n);
        EXPECT_NEAR(engine_loss, p.loss, 1e-5);
        for (int i = 0; i < kBpParams; ++i) {
          EXPECT_NEAR(engine[size_t(i)], p.grad[size_t(i)], 1e-4) << "act " << act << " loss " << loss << " seed " << seed << " " << bp_param_name(i);
          worst_engine = std::max(worst_engine, std::fabs(engine[size_t(i)] - p.grad[size_t(i)]));
        }
        // A finite difference across a ReLU kink measures the average of two slopes: skip those (as ggml's tests do).
        const bool kink = act >= 2 && (std::fabs(p.z1) < 1e-3 || std::fabs(p.z2) < 1e-3);
        if (kink) { ++kinks; continue; }
        for (int i = 0; i < kBpParams; ++i) {
          EXPECT_NEAR(finite[size_t(i)], p.grad[size_t(i)], 1e-4) << "act " << act << " loss " << loss << " seed " << seed << " " << bp_param_name(i);
          worst_finite = std::max(worst_finite, std::fabs(finite[size_t(i)] - p.grad[size_t(i)]));
        }
        ++cases;
      }
  EXPECT_GT(cases, 140);
  std::printf("backprop by hand: %d networks (4 activations x 2 losses x 20 seeds, %d at a ReLU kink skipped): "
              "autograd within %.2e, finite differences within %.2e\n", cases, kinks, worst_engine, worst_finite);
}

TEST(Concepts, TheWalkStepsAndTheUpdateLowersTheLoss) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "concepts"}, {"params", {{"c", "backprop"}, {"act", "tanh"}, {"loss", "ce"}, {"target", 1.0}}}});
  json s = app_state_json(app);
  EXPECT_EQ(s["backprop"]["position"], 0);
  EXPECT_LT(s["backprop"]["max_engine_difference"].get<double>(), 1e-4);
  EXPECT_LT(s["backprop"]["max_finite_difference"].get<double>(), 1e-4);
  app_command(app, {{"train", 6}});
  s = app_state_json(app);
  EXPECT_EQ(s["backprop"]["node"], "L");
  EXPECT_NE(s["backprop"]["text"].get<std::string>().find("L = "), std::string::npos);
  app_command(app, {{"train", 5}});  // ∂L/∂z1
  s = app_state_json(app);
  EXPECT_EQ(s["backprop"]["node"], "dL/dz1");
  const std::string text = s["backprop"]["text"];
  EXPECT_NE(text.find("∂L/∂z1 = ∂L/∂a1 · tanh'(z1)"), std::string::npos) << text;
  const double before = s["backprop"]["values"]["loss"];
  app_command(app, {{"train", 4}});  // past the last node: the update
  s = app_state_json(app);
  EXPECT_EQ(s["backprop"]["position"], 0);
  EXPECT_EQ(s["step"], 15) << "walk steps taken";
  EXPECT_EQ(s["backprop"]["updates"], 1);
  const double after = s["backprop"]["values"]["loss"];
  EXPECT_LT(after, before) << "one gradient step lowers the loss";
  app_command(app, {{"update", true}});
  EXPECT_LT(app_state_json(app)["backprop"]["values"]["loss"].get<double>(), after);
  EXPECT_EQ(app_state_json(app)["backprop"]["loss_history"].size(), 3u);
}
