// The concept pages without a window: the backprop walk's hand-computed
// gradients (the code the page shows) against the engine's autograd and
// finite differences, for every activation and both losses; an update lowers
// the loss; the walk's steps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "app.h"
#include "lessons/concepts/autonomous.h"
#include "lessons/concepts/backprop.h"
#include "lessons/concepts/embeddings.h"
#include "lessons/concepts/neuron_fit.h"
#include "lessons/concepts/recurrence.h"
#include "models/charlm.h"
#include "assets.h"
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

TEST(Concepts, ALearnerThatChoosesItsQuestionsAsksNearTheBoundary) {
  // The fit both learners use is the minimum of its penalized loss: the
  // gradient there is zero (checked by hand, not by the fit's own stopping rule).
  Autonomous a;
  autonomous_reset(a, 1);
  EXPECT_EQ(a.chosen.labelled, a.random.labelled) << "both start from the same two labels";
  ASSERT_EQ(autonomous_step(a, 40), 40);
  const std::array<double, 3> w = fit_logistic(a.pool, a.pool_y, a.chosen.labelled);
  double g[3] = {0.01 * 0, 0.01 * w[1], 0.01 * w[2]};
  for (int i : a.chosen.labelled) {
    const double x1 = a.pool[size_t(2 * i)], x2 = a.pool[size_t(2 * i + 1)];
    const double p = 1 / (1 + std::exp(-(w[0] + w[1] * x1 + w[2] * x2)));
    g[0] += p - a.pool_y[size_t(i)], g[1] += (p - a.pool_y[size_t(i)]) * x1, g[2] += (p - a.pool_y[size_t(i)]) * x2;
  }
  for (double v : g) EXPECT_NEAR(v, 0, 1e-6);
  // The chooser's questions are near the boundary, over several seeds; and
  // with 42 labels it scores at least as well as random on most of them.
  int better = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    autonomous_reset(a, seed);
    autonomous_step(a, 40);
    const double dc = asked_distance(a, a.chosen), dr = asked_distance(a, a.random);
    std::printf("seed %u: chooser %.1f%% (asked at %.3f from the boundary, 95%% at %d labels), random %.1f%% (%.3f, %d)\n", seed,
                100 * a.chosen.accuracy.back(), dc, labels_to_reach(a.chosen, 0.95f), 100 * a.random.accuracy.back(), dr,
                labels_to_reach(a.random, 0.95f));
    EXPECT_LT(dc, dr / 2) << "seed " << seed;
    better += a.chosen.accuracy.back() >= a.random.accuracy.back();
  }
  EXPECT_GE(better, 4);
  EXPECT_EQ(autonomous_step(a, 100), kAutoMaxLabels - 42) << "it stops at the most labels the page shows";
}

TEST(Concepts, TheNlpPageShowsTheCharacterModelsOwnEmbeddings) {
  AppState app;
  app_init(app);
  app_apply_hash(app, "#lesson=concepts&c=nlp&pos=1");
  current_lesson(app).per_frame();  // the tests read the model from disk, at once
  json s = app_state_json(app)["nlp"];
  ASSERT_TRUE(s["loaded"].get<bool>()) << s.dump();
  EXPECT_EQ(s["dim"], 48);
  // Checked against the model file read here, by another path: the
  // embedding rows of the CharModel the RNN lab uses, and cosines by hand.
  const Asset& a = want_asset("data/charlm-english.mlpg");
  ASSERT_EQ(a.status, AssetStatus::Ready);
  const auto m = mlpg::CharModel::parse(a.bytes.data(), a.bytes.size(), "english");
  EXPECT_EQ(s["vocabulary"], m->vocab().size());
  const std::vector<int> ids = s["ids"];
  const std::u32string text = mlpg::utf8_decode(s["text"].get<std::string>());
  ASSERT_EQ(ids.size(), text.size());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], m->vocab().id(text[i])) << "character " << i;
  const mlpg::Parameter* emb = m->parameters()[0];
  ASSERT_EQ(emb->value.shape[0], m->vocab().size());
  const int id = s["selected"]["id"];
  EXPECT_EQ(id, ids[1]);
  auto cos = [&](int x, int y) {
    double xy = 0, xx = 0, yy = 0;
    for (int d = 0; d < 48; ++d) {
      const double u = emb->value.data[size_t(x * 48 + d)], v = emb->value.data[size_t(y * 48 + d)];
      xy += u * v, xx += u * u, yy += v * v;
    }
    return xy / std::sqrt(xx * yy);
  };
  double best = -2;
  for (int j = 0; j < m->vocab().size(); ++j)
    if (j != id) best = std::max(best, cos(id, j));
  const json nn = s["selected"]["nearest"];
  ASSERT_EQ(nn.size(), 8u);
  EXPECT_NEAR(nn[0]["cosine"].get<double>(), best, 1e-9) << "the first neighbour is the most similar of all";
  for (size_t i = 0; i < nn.size(); ++i) {
    EXPECT_NEAR(nn[i]["cosine"].get<double>(), cos(id, nn[i]["id"]), 1e-9);
    if (i) EXPECT_LE(nn[i]["cosine"].get<double>(), nn[i - 1]["cosine"].get<double>());
  }
  Embeddings e = embeddings_from_model(a.bytes, "english");
  std::printf("nlp: '%s' nearest %s (%.3f); vowels within %.3f, vowels-consonants %.3f\n", s["selected"]["char"].get<std::string>().c_str(),
              nn[0]["char"].get<std::string>().c_str(), best, mean_similarity(e, U"aeiou", U"aeiou"),
              mean_similarity(e, U"aeiou", U"bcdfghjklmnpqrstvwxyz"));
  app_command(app, {{"params", {{"corpus", "tang"}}}});
  current_lesson(app).per_frame();
  s = app_state_json(app)["nlp"];
  ASSERT_TRUE(s["loaded"].get<bool>()) << s.dump();
  EXPECT_GT(s["vocabulary"].get<int>(), 2000);
  for (int i : s["ids"].get<std::vector<int>>()) EXPECT_GE(i, 0) << "every character of 静夜思 is in the Tang model's vocabulary";
}

TEST(Concepts, OneNeuronMakesAStepOnlyWithASaturatingActivation) {
  const NeuronFit f = fit_one_neuron();
  std::printf("one-neuron fit MSE: sigmoid %.6f, tanh %.6f, ReLU %.5f, leaky ReLU %.5f (from %.3f)\n", f.mse[0], f.mse[1], f.mse[2], f.mse[3], f.start_mse[0]);
  for (int k = 0; k < 4; ++k) EXPECT_LT(f.mse[size_t(k)], f.start_mse[size_t(k)]) << "activation " << k << " trains";
  EXPECT_LT(f.mse[0], 1e-3) << "a sigmoid unit is exactly a step of this shape";
  EXPECT_LT(f.mse[1], 1e-3) << "tanh is a scaled sigmoid";
  EXPECT_GT(f.mse[2], 10 * f.mse[0]) << "one ReLU hinge cannot flatten on both sides";
  EXPECT_GT(f.mse[3], 10 * f.mse[0]);
  // The reported numbers are the fit's: recompute one error from its parameters.
  double e = 0;
  for (size_t i = 0; i < f.x.size(); ++i) {
    const double d = neuron_predict(f.theta[2], BpAct::Relu, f.x[i]) - f.y[i];
    e += d * d;
  }
  EXPECT_NEAR(e / double(f.x.size()), f.mse[2], 1e-9);
}

TEST(Concepts, BackpropThroughTimeByHandEqualsTheEnginesRnnLayer) {
  // The shares of each step sum to the gradient the engine's RNN layer
  // gives by autograd and to finite differences, for recurrent weights that
  // shrink and that grow the gradient going back.
  double worst_engine = 0, worst_finite = 0;
  for (unsigned seed = 1; seed <= 5; ++seed)
    for (double u : {-1.5, -0.5, 0.3, 0.9, 1.8}) {
      const Unrolled r = unroll(seed, u);
      for (int i = 0; i < 3; ++i) {
        worst_engine = std::max(worst_engine, std::fabs(r.grad[size_t(i)] - r.engine[size_t(i)]));
        worst_finite = std::max(worst_finite, std::fabs(r.grad[size_t(i)] - r.finite[size_t(i)]));
      }
      double sum_u = 0;
      for (double d : r.du) sum_u += d;
      EXPECT_DOUBLE_EQ(sum_u, r.grad[1]);
    }
  std::printf("backprop through time: 25 settings, by hand vs engine %.2e, vs finite differences %.2e\n", worst_engine, worst_finite);
  EXPECT_LT(worst_engine, 1e-5);  // the engine computes in float32
  EXPECT_LT(worst_finite, 1e-7);
  const Unrolled small = unroll(1, 0.5);
  EXPECT_LT(std::fabs(small.delta[0]), std::fabs(small.delta[kRecSteps - 1]) * 0.05) << "u = 0.5: the gradient vanishes going back";
}
