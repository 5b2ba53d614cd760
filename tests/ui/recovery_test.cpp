// Training that recovers (#17): in every lesson that trains, the learning
// rate at its maximum either trains (finite numbers) or diverges, and a
// diverged run is caught in the step it happened: training pauses, the
// learner is told what happened and what to try, in their language, and the
// state keeps finite numbers (the parameters of the last good step).
#include <gtest/gtest.h>

#include <cmath>

#include "app.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {

// "" when every number is finite, else the path of the first that is not.
std::string first_non_finite(const json& j, const std::string& at = "") {
  if (j.is_number_float()) return std::isfinite(j.get<double>()) ? "" : at.empty() ? "." : at;
  if (j.is_object())
    for (const auto& [k, v] : j.items())
      if (std::string p = first_non_finite(v, at + "." + k); !p.empty()) return p;
  if (j.is_array())
    for (size_t i = 0; i < j.size(); ++i)
      if (std::string p = first_non_finite(j[i], at + "[" + std::to_string(i) + "]"); !p.empty()) return p;
  return "";
}

}  // namespace

// One test per lesson and language, so the suite's shards share them. The
// lesson whose largest learning rate must diverge (else the catching path goes
// untested): the backprop page's net at lr 5. The others' ranges stop where
// they train.
class RecoveryPerLesson : public ::testing::TestWithParam<std::tuple<const LessonInfo*, Lang>> {};

TEST_P(RecoveryPerLesson, SurvivesItsLargestLearningRate) {
  const auto [info, lang] = GetParam();
  const std::string id = info->id;
  if (!info->trains) GTEST_SKIP() << id << " does not train";
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", info->id}, {"run", true}, {"lang", lang_code(lang)}});
  const ParamSpec* lr = find_param(current_lesson(app).param_table(), "lr");
  if (!lr) GTEST_SKIP() << id << " has no learning rate";
  app_command(app, {{"params", {{"lr", lr->hi}}}});
  json r;
  // 600 steps; 120 for the two labs whose steps are whole networks' batches.
  const int chunks = id == "cnn" || id == "rnn" ? 2 : 10;
  for (int i = 0; i < chunks && !r.contains("diverged"); ++i) r = app_command(app, {{"train", 60}});
  std::printf("%s (%s): lr %g, %s after %s steps\n", info->id, lang_code(lang), lr->hi,
              r.contains("diverged") ? "diverged" : "finite", app_state_json(app)["step"].dump().c_str());
  const json s = app_state_json(app);
  EXPECT_EQ(first_non_finite(s), "") << id << ": a number in state() is not finite";
  if (id == "concepts") { EXPECT_TRUE(r.contains("diverged")) << "lr 5 diverges the backprop page's net"; }
  if (!r.contains("diverged")) return;
  EXPECT_EQ(s["running"], false) << id << ": a diverged run pauses";
  EXPECT_LT(r["steps"].get<int>(), 60) << id << ": training stops at the step that diverged";
  EXPECT_EQ(app_command(app, {{"train", 5}})["steps"].get<int>() <= 5, true);
  bool told = false;
  for (const json& n : s["notices"]) told |= n.get<std::string>() == tr(lang, "notice.nan");
  EXPECT_TRUE(told) << id << " (" << lang_code(lang) << "): the learner is told what to try: " << s["notices"];
}

INSTANTIATE_TEST_SUITE_P(EveryLesson, RecoveryPerLesson,
                         ::testing::Combine(::testing::ValuesIn(lessons()), ::testing::Values(Lang::En, Lang::Zh)),
                         [](const ::testing::TestParamInfo<RecoveryPerLesson::ParamType>& p) {
                           return std::string(std::get<0>(p.param)->id) + "_" + lang_code(std::get<1>(p.param));
                         });

// Most lessons that train have a learning rate to push.
TEST(Recovery, MostLessonsThatTrainHaveALearningRate) {
  int trains = 0, with_lr = 0;
  for (const LessonInfo* info : lessons()) {
    if (!info->trains) continue;
    ++trains;
    with_lr += find_param(info->create()->param_table(), "lr") != nullptr;
  }
  EXPECT_GE(with_lr, 3);
  EXPECT_GE(with_lr * 2, trains);
}

// The backprop page's update (its button and its command): a step that
// diverges is undone, said on the page, and reported.
TEST(Recovery, TheBackpropUpdateUndoesADivergedStep) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "concepts"}, {"params", {{"c", "backprop"}, {"lr", 5}}}, {"run", false}});
  json r;
  int updates = 0;
  for (; updates < 200 && !r.contains("diverged"); ++updates) r = app_command(app, {{"update", true}})["update"];
  ASSERT_TRUE(r.contains("diverged")) << "lr 5 diverges within 200 updates";
  const json b = app_state_json(app)["backprop"];
  EXPECT_EQ(b["diverged"], true);
  EXPECT_EQ(first_non_finite(b), "");
  EXPECT_EQ(b["updates"].get<int>(), updates - 1) << "the diverged update is not counted";
}
