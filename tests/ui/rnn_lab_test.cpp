// The RNN lab's logic without a window: the shipped character model and its
// score against the unigram baseline, training from scratch, deterministic
// sampling, the trace in state(), the row-by-row classifier, the vanishing
// gradient, and the commands' validation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.h"
#include "lessons/rnn/rnn_lab.h"

using namespace mlpg;
using namespace mlpg::ui;
using nlohmann::json;

namespace {
RnnLab& loaded(RnnLab& lab) {
  poet_poll(lab);  // the tests read the assets from disk, at once
  EXPECT_EQ(lab.poet.phase, RnnPhase::Ready) << lab.poet.error;
  return lab;
}
std::string error_of(AppState& app, const json& c) {
  try { app_command(app, c); } catch (const std::invalid_argument& e) { return e.what(); }
  return "no error";
}
}  // namespace

TEST(RnnLab, TheShippedPoetsBeatTheUnigramBaseline) {
  for (int corpus : {0, 1}) {
    RnnLab lab;
    lab.p.corpus = corpus;
    loaded(lab);
    ASSERT_TRUE(lab.poet.shipped) << lab.poet.note;
    poet_evaluate_now(lab);
    const double v = lab.poet.val_nats.back();
    std::printf("%s: shipped model %.3f nats/char vs unigram %.3f (vocabulary %d)\n", corpus ? "english" : "tang", v,
                lab.poet.unigram, lab.poet.vocab.size());
    EXPECT_LT(v, lab.poet.unigram);
    EXPECT_EQ(lab.poet.checkpoints.size(), 1u) << "what the shipped model writes is there at once";
  }
}

TEST(RnnLab, TrainingFromScratchFallsBelowTheBaselineAndSamplesAreSeeded) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "rnn"}, {"params", {{"corpus", "english"}, {"start", "scratch"}, {"hidden", 64},
                                                    {"layers", 1}, {"batch", 8}, {"window", 32}, {"lr", 0.01}}}});
  const json before = app_command(app, {{"evaluate", true}});
  app_command(app, {{"train", 150}});
  const json after = app_command(app, {{"evaluate", true}});
  const double unigram = after["evaluate"]["unigram_nats"];
  std::printf("from scratch: %.3f -> %.3f nats/char after 150 steps (unigram %.3f)\n",
              before["evaluate"]["val_nats"].get<double>(), after["evaluate"]["val_nats"].get<double>(), unigram);
  EXPECT_LT(after["evaluate"]["val_nats"].get<double>(), unigram);
  EXPECT_GT(before["evaluate"]["val_nats"].get<double>(), unigram) << "a fresh model knows less than the baseline";
  const json s = app_state_json(app);
  EXPECT_EQ(s["poet"]["steps"], 150);
  EXPECT_GE(s["poet"]["checkpoints"].size(), 3u) << "samples at 0, 50, 100 steps";
  // Temperature 0.01: the same text for the same seed (and, nearly greedy, for another).
  const json a = app_command(app, {{"sample", {{"prefix", "The "}, {"temperature", 0.01}, {"seed", 4}, {"length", 60}}}});
  const json b = app_command(app, {{"sample", {{"prefix", "The "}, {"temperature", 0.01}, {"seed", 4}, {"length", 60}}}});
  EXPECT_EQ(a["sample"]["text"], b["sample"]["text"]);
  EXPECT_EQ(a["sample"]["text"].get<std::string>().rfind("The ", 0), 0u);
  const json c = app_command(app, {{"sample", {{"prefix", "The "}, {"temperature", 1.5}, {"seed", 5}, {"length", 60}}}});
  const json d = app_command(app, {{"sample", {{"prefix", "The "}, {"temperature", 1.5}, {"seed", 6}, {"length", 60}}}});
  EXPECT_NE(c["sample"]["text"], d["sample"]["text"]) << "at a high temperature the seed matters";
}

TEST(RnnLab, StateReportsTheEnginesGatesForTheTracedText) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "rnn"}, {"params", {{"corpus", "english"}, {"part", "fires"}}}});
  app_command(app, {{"trace", "To be, or not to be.\nThat is the question."}});
  app_command(app, {{"position", 7}});
  const json s = app_state_json(app);
  ASSERT_TRUE(s.contains("fires")) << s.dump().substr(0, 300);
  EXPECT_EQ(s["fires"]["at"]["char"], "o");  // "To be, o": index 7
  // The same numbers straight from the engine: the shipped model's trace of the same characters.
  RnnLab lab;
  lab.p.corpus = 1;
  loaded(lab);
  std::vector<int> ids;
  for (char32_t ch : utf8_decode("To be, or not to be.\nThat is the question.")) ids.push_back(lab.poet.model->vocab().id(ch));
  const CharTrace tr = lab.poet.model->trace(ids);
  for (int l = 0; l < tr.layers; ++l) {
    const auto& want = tr.gate[size_t(l)][7];
    const auto got = s["fires"]["at"]["gates"][size_t(l)].get<std::vector<float>>();
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << "layer " << l << " gate value " << i;
    EXPECT_EQ(s["fires"]["at"]["c"][size_t(l)].get<std::vector<float>>(), tr.c[size_t(l)][7]);
  }
  EXPECT_EQ(s["fires"]["gates_per_unit"], 4);
  std::printf("the unit that follows line and sentence ends: %d (correlation %.2f)\n", s["fires"]["marker_unit"].get<int>(),
              s["fires"]["marker_correlation"].get<double>());
  EXPECT_NE(error_of(app, {{"position", 999}}).find("position expects"), std::string::npos);
  EXPECT_NE(error_of(app, {{"trace", 5}}).find("trace expects"), std::string::npos);
}

TEST(RnnLab, TheCoursesClassifierReadsDigitsRowByRow) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "rnn"}, {"params", {{"part", "rows"}}}});
  const json r = app_command(app, {{"evaluate", true}});
  const double acc = r["evaluate"]["val_accuracy"];
  std::printf("the course's LSTM classifier (shipped): %.2f%% of the validation digits\n", 100 * acc);
  EXPECT_GE(acc, 0.97);
  // After the last row the probabilities are the model's own prediction.
  RnnLab lab;
  rows_poll(lab);
  ASSERT_EQ(lab.rows.phase, RnnPhase::Ready) << lab.rows.error;
  for (int i : {0, 7}) {
    rows_pick(lab, i);
    std::vector<float> x;
    std::vector<int> y;
    lab.rows.val.gather({i}, x, y);
    const std::vector<float> p = lab.rows.model->predict(x.data(), 1);
    ASSERT_EQ(lab.rows.probs_by_row.size(), 280u);
    for (int c = 0; c < 10; ++c) EXPECT_NEAR(lab.rows.probs_by_row[size_t(270 + c)], p[size_t(c)], 1e-5f);
    double first_row_sum = 0;
    for (int c = 0; c < 10; ++c) first_row_sum += lab.rows.probs_by_row[size_t(c)];
    EXPECT_NEAR(first_row_sum, 1.0, 1e-4);
  }
  // Live training moves the model (micro-batches add up to whole steps).
  const json t = app_command(app, {{"train", 2}});
  EXPECT_EQ(t["steps"], 2);
  EXPECT_EQ(app_state_json(app)["rows"]["steps"], 2);
  EXPECT_NE(error_of(app, {{"digit", -1}}).find("digit expects"), std::string::npos);
}

TEST(RnnLab, TheGradientReachingStepOneVanishesForThePlainRnn) {
  // At T = 50 the gradient reaching step 1, at initialisation, for the plain
  // RNN and the LSTM, with the LSTM's forget gates starting at bias 1
  // (Keras's default) and at PyTorch's default initialisation.
  const int T = 50;
  std::vector<float> rnn = memory_gradient_by_step(*make_memory_model(CellKind::RNN, T, 1, false), T, 3);
  std::vector<float> lstm1 = memory_gradient_by_step(*make_memory_model(CellKind::LSTM, T, 1, true), T, 3);
  std::vector<float> lstm0 = memory_gradient_by_step(*make_memory_model(CellKind::LSTM, T, 1, false), T, 3);
  std::vector<float> gru = memory_gradient_by_step(*make_memory_model(CellKind::GRU, T, 1, false), T, 3);
  std::printf("T=50, gradient reaching step 1 (step 50): RNN %.3g (%.3g), GRU %.3g (%.3g), LSTM forget bias 1 %.3g (%.3g), "
              "LSTM PyTorch init %.3g (%.3g); LSTM/RNN: %.3g with forget bias 1, %.3g with PyTorch's init\n",
              rnn[0], rnn[T - 1], gru[0], gru[T - 1], lstm1[0], lstm1[T - 1], lstm0[0], lstm0[T - 1], lstm1[0] / rnn[0],
              lstm0[0] / rnn[0]);
  EXPECT_LT(rnn[0], 1e-6f * rnn[T - 1]) << "the plain RNN's gradient vanishes over 50 steps";
  EXPECT_GT(lstm1[0], 100.f * rnn[0]) << "the claim: at T = 50 the RNN's is at least 100x smaller than the LSTM's";
  // Through the lesson: state() reports what the plot shows.
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "rnn"}, {"params", {{"part", "why"}, {"T", 50}, {"seed", 1}}}});
  app_update(app, 1.0 / 60);  // a frame: the lesson computes the gradients for the new T
  const json s = app_state_json(app);
  EXPECT_EQ(s["why"]["T"], 50);
  EXPECT_EQ(s["why"]["grad_init"]["rnn"].size(), 50u);
}

TEST(RnnLab, AMemorySweepTrainsEachCell) {
  // A short run of the sweep machinery on T = 5 (every cell learns it).
  for (CellKind k : {CellKind::LSTM, CellKind::GRU, CellKind::RNN}) {
    MemoryRun r = memory_start(k, 5, 1, true);
    memory_train(r, 300);
    memory_finish(r, 1);
    std::printf("T=5 %s: accuracy %.3f after 300 steps\n", cell_name(k), r.accuracy);
    EXPECT_GT(r.accuracy, 0.9f) << cell_name(k);
  }
}

TEST(RnnLab, OneCellStepByStepTheEquationsGiveTheEnginesGates) {
  // The page's equations, computed from the weights, reproduce the gates
  // the engine recorded, for every cell type and step; the LSTM's c and h
  // follow c = f c_prev + i g and h = o tanh(c).
  for (CellKind k : {CellKind::LSTM, CellKind::GRU, CellKind::RNN}) {
    CellDemo d;
    cell_run(d, k, U"春眠不觉晓hello", 3);
    ASSERT_EQ(d.steps.size(), 10u);
    float worst = 0;
    for (const CellStep& s : d.steps)
      for (size_t i = 0; i < s.gates.size(); ++i) worst = std::max(worst, std::fabs(s.gates[i] - s.by_hand[i]));
    EXPECT_LT(worst, 1e-5f) << cell_name(k);
    if (k == CellKind::LSTM) {
      const CellStep& s = d.steps[4];
      for (int u = 0; u < kCellHidden; ++u) {
        const float c = s.by_hand[size_t(kCellHidden + u)] * s.c_prev[size_t(u)] + s.by_hand[size_t(u)] * s.by_hand[size_t(2 * kCellHidden + u)];
        EXPECT_NEAR(s.c[size_t(u)], c, 1e-5f);
        EXPECT_NEAR(s.h[size_t(u)], s.by_hand[size_t(3 * kCellHidden + u)] * std::tanh(c), 1e-5f);
      }
    }
  }
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "rnn"}, {"params", {{"part", "cell"}, {"step_cell", "gru"}}}});
  app_command(app, {{"cell_text", "abcab"}});
  app_command(app, {{"cell_step", 3}});
  const json s = app_state_json(app);
  EXPECT_EQ(s["cell"]["kind"], "GRU");
  EXPECT_EQ(s["cell"]["t"], 3);
  EXPECT_EQ(s["cell"]["gates"].size(), 9u);
  EXPECT_LT(s["cell"]["max_difference"].get<double>(), 1e-5);
  EXPECT_NE(error_of(app, {{"cell_step", 5}}).find("cell_step expects"), std::string::npos);
  EXPECT_NE(error_of(app, {{"cell_text", ""}}).find("cell_text expects"), std::string::npos);
  EXPECT_NE(error_of(app, {{"cell_text", "seventeen letters"}}).find("cell_text expects"), std::string::npos);
}
