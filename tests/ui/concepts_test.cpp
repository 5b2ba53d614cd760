// The concept pages without a window: the backprop walk's hand-computed
// gradients (the code the page shows) against the engine's autograd and
// finite differences, for every activation and both losses; an update lowers
// the loss; the walk's steps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "app.h"
#include "lessons/concepts/backprop.h"
#include "lessons/concepts/convolution.h"
#include "lessons/concepts/descent.h"
#include "lessons/concepts/learning_kinds.h"

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

// The convolution page's sums equal the engine's conv2d (valid and same
// padding, stride 1 and 2) and its pooling, for every picture and kernel.
TEST(Concepts, ConvolutionByHandEqualsTheEnginesConv2dAndPooling) {
  int checked = 0;
  for (int picture = 0; picture < 4; ++picture)
    for (int kernel = 0; kernel < 4; ++kernel)
      for (int stride = 1; stride <= 2; ++stride)
        for (int same = 0; same < 2; ++same)
          for (int maxp = 0; maxp < 2; ++maxp) {
            ConvSetup s;
            s.picture = ConvPicture(picture);
            s.kernel = ConvKernel(kernel);
            s.stride = stride;
            s.same = same;
            s.max_pool = maxp;
            const ConvResult r = conv_run(s);
            const int expect = same ? (kConvImage + stride - 1) / stride : (kConvImage - 3) / stride + 1;
            ASSERT_EQ(r.out_h, expect);
            ASSERT_EQ(r.engine.size(), r.out.size());
            EXPECT_LT(conv_max_difference(r), 1e-5f) << picture << " " << kernel << " " << stride << " " << same;
            ++checked;
          }
  EXPECT_EQ(checked, 128);
  // A vertical-edge kernel answers on the seven's slanted stroke and not on blank rows.
  ConvSetup s;
  const ConvResult r = conv_run(s);
  EXPECT_EQ(r.out_h, 8);
  EXPECT_FLOAT_EQ(r.out[size_t(7 * 8 + 0)], 0.f) << "a blank corner gives 0";
  const std::string text = conv_step_text(r, 1, 0);
  EXPECT_EQ(text.rfind("out[0][0] = Σ in[0+i][0+j] · k[i][j] = 0·(-1)", 0), 0u) << text;
}

TEST(Concepts, TheLearnedKernelIsTheShippedCnnsFilter) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "concepts"}, {"params", {{"c", "conv"}, {"kernel", "learned"}, {"filter", 5}}}});
  for (int i = 0; i < 5; ++i) app_update(app, 0.016);  // the model is read from data/ as it is asked for
  const json c = app_state_json(app)["conv"];
  ASSERT_TRUE(c["learned_loaded"].get<bool>());
  double norm = 0;
  for (double w : c["kernel"].get<std::vector<double>>()) norm += w * w;
  EXPECT_GT(norm, 1e-3) << "a trained filter, not zeros";
  EXPECT_LT(c["max_difference"].get<double>(), 1e-5);
  app_command(app, {{"train", 3}});
  EXPECT_EQ(app_state_json(app)["params"]["cell"], "3");  // parameters read as their URL text
}

// Gradient descent: the 1-D factor 1 − 2·lr decides the behaviour; in 2-D a
// badly scaled feature makes the condition number about scale², and the same
// 100 batch steps that arrive at scale 1 fall short at scale 10.
TEST(Concepts, DescentSpeedFollowsTheRateAndTheConditionNumber) {
  EXPECT_NEAR(descent_1d(0.05).theta.back(), 2.0, 0.2) << "0.9 per step, 30 steps: close";
  EXPECT_GT(std::fabs(descent_1d(0.01).theta.back() - 2.0), 1.5) << "crawls";
  const Descent1D osc = descent_1d(0.8);
  EXPECT_LT(osc.theta[1], 6.0f);
  EXPECT_GT(osc.theta[1], 2.0f) << "the first step jumps past the minimum";
  EXPECT_GT(std::fabs(descent_1d(1.2).theta.back() - 2.0), 100) << "diverges";
  const Descent2D good = descent_2d(1, 0.9, 1), bad = descent_2d(10, 0.9, 1);
  EXPECT_LT(good.kappa, 3);
  EXPECT_GT(bad.kappa, 30);
  EXPECT_LT(good.distance[0], 1e-3) << "well scaled: 100 steps arrive";
  EXPECT_GT(bad.distance[0], 0.05) << "badly scaled: the flat direction crawls";
  // The exact solution solves the normal equations.
  double g1 = 0, g2 = 0;
  for (size_t i = 0; i < bad.y.size(); ++i) {
    const double r = bad.exact[0] * bad.x1[i] + bad.exact[1] * bad.x2[i] - bad.y[i];
    g1 += r * bad.x1[i], g2 += r * bad.x2[i];
  }
  EXPECT_NEAR(g1, 0, 1e-6);
  EXPECT_NEAR(g2, 0, 1e-5);
  const Descent2D over = descent_2d(10, 1.05, 1);
  EXPECT_TRUE(!std::isfinite(over.distance[0]) || over.distance[0] > 10) << "past 2/λ_max batch descent moves away: " << over.distance[0];
}

// Machine learning vs deep learning on the spiral: a straight line on the raw
// inputs cannot follow it; the same line on hand-made features can; a network
// learns its own features from the raw inputs.
TEST(Concepts, ANetworkLearnsItsOwnFeatures) {
  LearningKinds k;
  kinds_reset(k, 1, 16);
  kinds_train(k, 100);
  EXPECT_LT(k.runs[0].test_acc, 0.75f);
  EXPECT_GT(k.runs[1].test_acc, 0.95f);
  EXPECT_GT(k.runs[2].test_acc, 0.95f);
  std::printf("spiral, 100 epochs: raw line %.1f%%, hand-made features %.1f%%, network %.1f%% (test)\n", 100 * k.runs[0].test_acc,
              100 * k.runs[1].test_acc, 100 * k.runs[2].test_acc);
}

TEST(Concepts, AParameterCommandIsVisibleAtOnce) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "concepts"}, {"params", {{"c", "descent"}, {"scale", 10}}}});
  const double bad = app_state_json(app)["descent"]["kappa"];
  app_command(app, {{"params", {{"scale", 1}}}});  // no frame in between
  EXPECT_LT(app_state_json(app)["descent"]["kappa"].get<double>(), bad / 10);
  app_command(app, {{"params", {{"c", "backprop"}, {"act", "sigmoid"}}}});
  const double sig = app_state_json(app)["backprop"]["values"]["a1"];
  app_command(app, {{"params", {{"act", "relu"}}}});
  EXPECT_NE(app_state_json(app)["backprop"]["values"]["a1"].get<double>(), sig);
}
