// The CNN lab's logic without a window: the shipped model's accuracy, training
// from scratch, MNIST-style preprocessing of a drawing, digits drawn on the
// pad, its commands' validation, and a broken data file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <sys/stat.h>

#include "app.h"
#include "assets.h"
#include "lessons/cnn/cnn_lab.h"
#include "models/course_models.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {
int top_class(const std::vector<float>& p) { return int(std::max_element(p.begin(), p.end()) - p.begin()); }

CnnLab& loaded(CnnLab& lab) {
  cnn_poll_assets(lab);  // the tests read the assets from disk, at once
  EXPECT_EQ(lab.phase, CnnLab::Phase::Ready) << lab.error;
  return lab;
}
}  // namespace

TEST(CnnLab, OpensWithTheShippedModelScoringAtLeast97Percent) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "cnn"}});
  EXPECT_FALSE(app.running) << "opens paused: the trained model is there to explore";
  const json r = app_command(app, {{"evaluate", true}});
  const json s = app_state_json(app);
  EXPECT_TRUE(s["model"]["shipped"].get<bool>()) << s["model"].dump();
  EXPECT_EQ(s["model"]["parameters"], 225034);
  EXPECT_EQ(s["data"]["status"], "ready");
  std::printf("shipped model: validation accuracy %.4f on %d digits\n", s["metrics"]["val_accuracy"].get<double>(),
              s["data"]["validation"].get<int>());
  EXPECT_GE(s["metrics"]["val_accuracy"].get<double>(), 0.97);
}

TEST(CnnLab, ThreeHundredStepsFromScratchPassNinetyPercent) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "cnn"}, {"params", {{"start", "scratch"}}}});
  EXPECT_FALSE(app_state_json(app)["model"]["shipped"].get<bool>());
  const double before = app_command(app, {{"evaluate", true}})["evaluate"]["val_accuracy"];
  app_command(app, {{"train", 300}});
  const double after = app_command(app, {{"evaluate", true}})["evaluate"]["val_accuracy"];
  std::printf("from scratch: validation accuracy %.4f -> %.4f after 300 steps of 32\n", before, after);
  EXPECT_LT(before, 0.3);
  EXPECT_GT(after, 0.90);
}

TEST(CnnLab, TheFrameLoopsMicroBatchesMakeTheSameSteps) {
  // A frame runs parts of 8 samples (gradients accumulate); the API runs whole
  // batches. Five steps of 32 either way end at the same parameters.
  CnnLab whole, parts;
  whole.p.start = parts.p.start = 1;  // scratch
  loaded(whole);
  loaded(parts);
  EXPECT_EQ(cnn_train(whole, 5).steps, 5);
  EXPECT_EQ(cnn_train_parts(parts, 19, kCnnMicroBatch).steps, 19);
  EXPECT_EQ(parts.run.steps, 4) << "19 parts of 8: four steps and three quarters of the fifth";
  EXPECT_EQ(cnn_train(parts, 1).steps, 1) << "the API finishes the step the frames began";
  ASSERT_EQ(parts.run.steps, 5);
  const auto a = whole.model->net.parameters(), b = parts.model->net.parameters();
  for (size_t k = 0; k < a.size(); ++k)
    for (size_t i = 0; i < a[k]->value.data.size(); i += 97)
      ASSERT_NEAR(a[k]->value.data[i], b[k]->value.data[i], 2e-5f) << "parameter " << k << "[" << i << "]";
}

TEST(CnnLab, PreprocessingScalesTheInkTo20AndCentresItsMass) {
  // A thick off-centre bar, 10 wide and 60 tall, in the top-left of a 112 pad.
  std::vector<float> img(112 * 112, 0.f), out(784);
  for (int y = 5; y < 65; ++y)
    for (int x = 8; x < 18; ++x) img[size_t(y * 112 + x)] = 1.f;
  mnist_preprocess(img.data(), 112, out.data());
  double m = 0, mx = 0, my = 0;
  int top = 28, bottom = -1;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const float v = out[size_t(y * 28 + x)];
      m += v, mx += v * (x + 0.5), my += v * (y + 0.5);
      if (v > 0.01f) top = std::min(top, y), bottom = std::max(bottom, y);
    }
  EXPECT_NEAR(mx / m, 14.0, 0.6);
  EXPECT_NEAR(my / m, 14.0, 0.6);
  EXPECT_EQ(bottom - top + 1, 20) << "the longer side fills 20 pixels";
  std::vector<float> empty(112 * 112, 0.f);
  mnist_preprocess(empty.data(), 112, out.data());
  for (float v : out) ASSERT_EQ(v, 0.f);
}

TEST(CnnLab, DigitsDrawnOnThePadAreRecognised) {
  CnnLab lab;
  loaded(lab);
  cnn_pad_stroke(lab, 56, 20, 58, 92);  // a vertical stroke: a 1
  cnn_refresh_prediction(lab);
  EXPECT_EQ(top_class(lab.probs), 1) << "p(1) = " << lab.probs[1];
  cnn_pad_clear(lab);
  const float kPi = 3.14159265f;
  for (int i = 0; i < 48; ++i) {  // a ring: a 0
    const float a0 = 2 * kPi * float(i) / 48, a1 = 2 * kPi * float(i + 1) / 48;
    cnn_pad_stroke(lab, 56 + 24 * std::cos(a0), 56 + 34 * std::sin(a0), 56 + 24 * std::cos(a1), 56 + 34 * std::sin(a1));
  }
  cnn_refresh_prediction(lab);
  EXPECT_EQ(top_class(lab.probs), 0) << "p(0) = " << lab.probs[0];
  // Every layer's output is there for the views inside the network.
  ASSERT_EQ(lab.maps.size(), 7u);  // conv, pool, conv, pool, flatten, dense, dense
  EXPECT_EQ(lab.maps[0].h, 26);
  EXPECT_EQ(lab.maps[0].c, 32);
}

TEST(CnnLab, TheViewsInsideShowTheModelsOwnNumbers) {
  // The layer-by-layer pass behind the feature maps gives Model::predict's
  // probabilities for the same validation image.
  CnnLab lab;
  loaded(lab);
  for (int i : {0, 1, 2, 77}) {
    cnn_pick(lab, i);
    cnn_refresh_prediction(lab);
    const std::vector<float> p = lab.model->predict(lab.input.data(), 1);
    for (int c = 0; c < 10; ++c) EXPECT_NEAR(lab.probs[size_t(c)], p[size_t(c)], 1e-5f) << "image " << i;
    std::printf("validation image %d (label %d): top class %d (%.3f)\n", i, int(lab.val.labels[size_t(i)]),
                top_class(lab.probs), double(lab.probs[size_t(top_class(lab.probs))]));
  }
}

TEST(CnnLab, AnEnlargedMapsFilterRecomputesTheMap) {
  // The filter shown next to an enlarged map is the one that made it: its
  // weights and bias applied to the layer before reproduce the map (ReLU).
  CnnLab lab;
  loaded(lab);
  cnn_pick(lab, 5);
  cnn_refresh_prediction(lab);
  ASSERT_GE(lab.maps.size(), 4u);
  struct Case { int layer, channel; };
  for (Case k : {Case{0, 0}, Case{0, 31}, Case{2, 7}, Case{2, 63}}) {
    FilterView f;
    ASSERT_TRUE(cnn_filter_of(lab, k.layer, k.channel, &f));
    EXPECT_EQ(f.conv_layer, k.layer);
    const FeatureMap& out = lab.maps[size_t(k.layer)];
    // The layer before: the input image, or the first pooling layer's output.
    const std::vector<float>& in = k.layer == 0 ? lab.input : lab.maps[size_t(k.layer - 1)].values;
    const int in_w = k.layer == 0 ? 28 : lab.maps[size_t(k.layer - 1)].w;
    ASSERT_EQ(f.in_channels, k.layer == 0 ? 1 : 32);
    double worst = 0;
    for (int y = 0; y < out.h; ++y)
      for (int x = 0; x < out.w; ++x) {
        double z = f.bias;
        for (int dy = 0; dy < f.k; ++dy)
          for (int dx = 0; dx < f.k; ++dx)
            for (int i = 0; i < f.in_channels; ++i)
              z += double(f.weights[size_t((dy * f.k + dx) * f.in_channels + i)]) *
                   double(in[size_t(((y + dy) * in_w + x + dx) * f.in_channels + i)]);
        worst = std::max(worst, std::fabs(std::max(z, 0.0) - double(out.values[size_t((y * out.w + x) * out.c + k.channel)])));
      }
    EXPECT_LT(worst, 1e-4) << "layer " << k.layer << " channel " << k.channel;
  }
  FilterView f;
  ASSERT_TRUE(cnn_filter_of(lab, 3, 9, &f)) << "a pooled map comes from the convolution before it";
  EXPECT_EQ(f.conv_layer, 2);
  EXPECT_FALSE(cnn_filter_of(lab, 0, 32, &f)) << "no 33rd filter";
  EXPECT_FALSE(cnn_filter_of(lab, int(lab.maps.size()) - 1, 0, &f)) << "the dense output has no filter";

  AppState app;  // the command behind a click on a map, and what state() says
  app_init(app);
  app_command(app, {{"lesson", "cnn"}});
  const json r = app_command(app, {{"inspect", json::array({2, 7})}});
  EXPECT_EQ(r["inspect"]["name"], lab.maps[2].name);
  const json s = app_state_json(app);
  EXPECT_EQ(s["inspect"]["filter"]["in_channels"], 32);
  EXPECT_EQ(s["inspect"]["channel"], 7);
  for (const json& bad : {json::array({2, 64}), json::array({99, 0}), json::array({int(lab.maps.size()) - 1, 0}), json("x")}) {
    std::string what = "no error";
    try { app_command(app, {{"inspect", bad}}); } catch (const std::invalid_argument& e) { what = e.what(); }
    EXPECT_NE(what.find("inspect"), std::string::npos) << bad.dump();
  }
  EXPECT_EQ(app_state_json(app)["inspect"]["channel"], 7) << "a bad command changes nothing";
  app_command(app, {{"inspect", nullptr}});
  EXPECT_FALSE(app_state_json(app).contains("inspect"));
}

TEST(CnnLab, SaliencyEqualsFiniteDifferences) {
  // Validation image 0 (a 6 the model half reads as a 5): class 5's
  // probability is far from saturated, so its gradient is informative.
  CnnLab lab;
  loaded(lab);
  cnn_pick(lab, 0);
  cnn_refresh_prediction(lab);
  const std::vector<float> grad = cnn_saliency(lab, 5);
  ASSERT_EQ(grad.size(), 784u);
  std::vector<int> order(784);
  for (int i = 0; i < 784; ++i) order[size_t(i)] = i;
  std::sort(order.begin(), order.end(), [&](int a, int b) { return std::fabs(grad[size_t(a)]) > std::fabs(grad[size_t(b)]); });
  const std::vector<float> x0 = lab.input;
  auto p5 = [&](const std::vector<float>& x) { return double(lab.model->predict(x.data(), 1)[5]); };
  const double p0 = p5(x0);
  auto side = [&](int k, float step) {  // one-sided difference quotient
    std::vector<float> x = x0;
    x[size_t(k)] += step;
    return (p5(x) - p0) / double(step);
  };
  // As the engine's gradcheck does at ReLU kinks: where the left and right
  // difference quotients disagree, the pixel sits on a kink (a ReLU or a
  // max-pool switch) and no finite difference is the derivative; skip it.
  int compared = 0, skipped = 0;
  for (int r = 0; r < 60 && compared < 8; ++r) {
    const int k = order[size_t(r * 5)];  // spread over strong and weak pixels
    const float eps = 2e-3f;
    const double right = side(k, eps), left = side(k, -eps), central = 0.5 * (right + left);
    if (std::fabs(right - left) > 0.02 * std::fabs(central) + 2e-4) { ++skipped; continue; }
    EXPECT_NEAR(grad[size_t(k)], central, 0.03 * std::fabs(central) + 2e-4) << "pixel " << k;
    ++compared;
  }
  std::printf("saliency vs finite differences: %d pixels compared, %d skipped at kinks\n", compared, skipped);
  EXPECT_GE(compared, 6) << "enough smooth pixels to compare";
  // The occlusion map has the right size and finds a patch that matters.
  const std::vector<float> occ = cnn_occlusion(lab, 5);
  ASSERT_EQ(occ.size(), size_t(CnnLab::kOcc * CnnLab::kOcc));
  EXPECT_LT(*std::min_element(occ.begin(), occ.end()), -0.05f);
}

TEST(CnnLab, CommandsCheckTheirValues) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "cnn"}});
  auto error_of = [&](const json& c) -> std::string {
    try { app_command(app, c); } catch (const std::invalid_argument& e) { return e.what(); }
    return "no error";
  };
  EXPECT_NE(error_of({{"draw", json::array({0.5, 0.5})}}).find("784"), std::string::npos);
  json bad = json::array();
  for (int i = 0; i < 784; ++i) bad.push_back(i == 100 ? 2.0 : 0.0);
  EXPECT_NE(error_of({{"draw", bad}}).find("value 100"), std::string::npos);
  EXPECT_NE(error_of({{"pick", 123456}}).find("pick expects"), std::string::npos);
  const json r = app_command(app, {{"pick", 3}});
  EXPECT_EQ(r["pick"]["probs"].size(), 10u);
  EXPECT_EQ(app_state_json(app)["prediction"]["input_index"], 3);
}

TEST(CnnLab, ABrokenDataFileGivesAClearErrorAndARetryWorks) {
  const std::string dir = testing::TempDir() + "mlpg_broken";
  ::mkdir(dir.c_str(), 0755);  // (no shell in wasm; NODERAWFS reaches the real disk)
  ::mkdir((dir + "/data").c_str(), 0755);
  {  // a truncated copy of the validation file, the training file intact
    std::ifstream in(std::string(MLPG_DATA_DIR) + "/mnist-digits-test.mlpg", std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir + "/data/mnist-digits-test.mlpg", std::ios::binary).write(bytes.data(), 5000);
    std::ifstream tin(std::string(MLPG_DATA_DIR) + "/mnist-digits-train.mlpg", std::ios::binary);
    std::vector<char> tb((std::istreambuf_iterator<char>(tin)), std::istreambuf_iterator<char>());
    std::ofstream(dir + "/data/mnist-digits-train.mlpg", std::ios::binary).write(tb.data(), std::streamsize(tb.size()));
  }
  for (const char* p : {cnn_train_data(0), cnn_val_data(0), kCnnShippedModel}) release_asset(p);
  set_asset_root(dir);
  CnnLab lab;
  cnn_poll_assets(lab);
  EXPECT_EQ(lab.phase, CnnLab::Phase::Failed);
  EXPECT_NE(lab.error.find("mnist-digits-test"), std::string::npos) << lab.error;
  EXPECT_EQ(cnn_train(lab, 5).steps, 0) << "nothing trains without data";
  // The retry (the button sets Loading again) after the file is good.
  set_asset_root(std::string(MLPG_DATA_DIR) + "/..");
  cnn_poll_assets(lab);
  EXPECT_EQ(lab.phase, CnnLab::Phase::Failed) << "no retry loop: a failure stays until the learner retries";
  cnn_retry(lab);
  EXPECT_EQ(lab.phase, CnnLab::Phase::Ready) << lab.error;
}

TEST(CnnLab, FashionMnistIsFetchedOnDemandAndTrainsFromScratch) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "cnn"}});
  app_command(app, {{"params", {{"dataset", "fashion"}}}});
  json s = app_state_json(app);
  EXPECT_EQ(s["data"]["status"], "ready") << s["data"].dump();  // from disk at once in the tests
  EXPECT_EQ(s["data"]["train"], 8000);
  EXPECT_EQ(s["data"]["validation"], 2000);
  EXPECT_FALSE(s["model"]["shipped"].get<bool>()) << "the shipped model knows digits only";
  EXPECT_EQ(s["model"]["note"], "cnn.note.shipped_digits_only");
  app_command(app, {{"train", 150}});
  const double acc = app_command(app, {{"evaluate", true}})["evaluate"]["val_accuracy"];
  std::printf("fashion-mnist subset: validation accuracy %.4f after 150 steps of 32 from scratch\n", acc);
  EXPECT_GT(acc, 0.6);
  // And back to the digits: the shipped model again.
  app_command(app, {{"params", {{"dataset", "digits"}}}});
  EXPECT_TRUE(app_state_json(app)["model"]["shipped"].get<bool>());
}

TEST(CnnLab, AModelFileComesBackAndABadOneChangesNothing) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "cnn"}});
  // Keep the trained model, start from scratch, then hand the file back in.
  std::vector<uint8_t> saved;
  set_file_services(nullptr, [&](const std::string&, const std::vector<uint8_t>& b) { saved = b; });
  CnnLab probe;
  loaded(probe);
  save_file("mlpg-cnn.mlpg", cnn_model_file(probe));
  ASSERT_GT(saved.size(), 900000u);
  app_command(app, {{"params", {{"start", "scratch"}}}, {"pick", 5}});
  const json before = app_state_json(app)["prediction"];
  // A truncated file and another architecture: a clear notice, the model stays.
  app_file_opened(app, "half.mlpg", std::vector<uint8_t>(saved.begin(), saved.begin() + long(saved.size() / 2)));
  ASSERT_EQ(app.notices.size(), 1u);
  EXPECT_NE(app.notices[0].text.find("half.mlpg"), std::string::npos) << app.notices[0].text;
  mlpg::Model lstm = mlpg::make_course_lstm(28, 28, 16, 1);
  app_file_opened(app, "lstm.mlpg", mlpg::serialize_model(lstm));
  ASSERT_EQ(app.notices.size(), 2u);
  EXPECT_NE(app.notices[1].text.find("another architecture"), std::string::npos) << app.notices[1].text;
  EXPECT_EQ(app_state_json(app)["prediction"], before) << "the current model keeps working";
  // The good file: taken, and it scores as the shipped model does.
  app_file_opened(app, "mlpg-cnn.mlpg", saved);
  EXPECT_EQ(app.notices.size(), 2u) << "no notice when taken";
  const json s = app_state_json(app);
  EXPECT_EQ(s["model"]["note"], "cnn.note.loaded");
  EXPECT_GE(app_command(app, {{"evaluate", true}})["evaluate"]["val_accuracy"].get<double>(), 0.97);
  set_file_services(nullptr, nullptr);
}

TEST(CnnLab, StopsAfterTheChosenEpochsWithPerEpochCurves) {
  AppState app;
  app_init(app);
  // The small CNN on the digits: an epoch of 250 steps is quick.
  app_command(app, {{"lesson", "cnn"}, {"params", {{"start", "scratch"}, {"model", "small"}, {"epochs", 1}}}});
  app_command(app, {{"evaluate", true}});
  const json r = app_command(app, {{"train", 1000}});
  EXPECT_EQ(r["steps"], 250) << "8,000 digits in batches of 32: one epoch, then it stops";
  app_command(app, {{"evaluate", true}});
  const json s = app_state_json(app);
  EXPECT_TRUE(s["stopped"].get<bool>());
  EXPECT_EQ(s["epoch"], 1);
  ASSERT_EQ(s["history"]["epoch_train_loss"].size(), 1u);
  ASSERT_GE(s["history"]["val_loss"].size(), 2u);
  EXPECT_LT(s["history"]["val_loss"].back().get<double>(), s["history"]["val_loss"].front().get<double>());
  // Raising the limit lets it go on, without a restart.
  app_command(app, {{"params", {{"epochs", 2}}}});
  EXPECT_EQ(app_state_json(app)["step"], 250);
  EXPECT_GT(app_command(app, {{"train", 10}})["steps"].get<int>(), 0);
}

TEST(CnnLab, TheCoachSeesOverfittingAndAStall) {
  CnnLab lab;
  EXPECT_EQ(cnn_symptom(lab), Symptom::None);
  lab.history_val_loss = {0.50f, 0.30f, 0.33f, 0.36f};  // up twice running
  lab.history_epoch_loss = {0.6f, 0.4f, 0.3f};          // still falling
  EXPECT_EQ(cnn_symptom(lab), Symptom::Overfitting);
  lab.history_val_loss = {0.50f, 0.30f, 0.33f, 0.31f};  // turned down again
  EXPECT_EQ(cnn_symptom(lab), Symptom::None);
  lab.history_val_loss.clear();
  lab.run.steps = 300;
  lab.history_loss.assign(300, 2.30f);                   // guessing, and not moving
  EXPECT_EQ(cnn_symptom(lab), Symptom::Stalled);
  for (size_t i = 0; i < 300; ++i) lab.history_loss[i] = 2.3f - 2.0f * float(i) / 300;  // learning
  EXPECT_EQ(cnn_symptom(lab), Symptom::None);
}
