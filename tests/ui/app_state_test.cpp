// The app's logic without a window: lessons driven through the same command
// and URL interface the JS API uses, the trainer's time slices on a fake
// clock, and the string tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>

#include "app.h"
#include "course.h"
#include "lessons/lambda/lambda_lab.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {
std::string error_of(AppState& app, const json& cmd) {
  try { app_command(app, cmd); } catch (const std::invalid_argument& e) { return e.what(); }
  return "no error";
}
bool all_finite(const json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_structured())
    for (const auto& v : j) if (!all_finite(v)) return false;
  return true;
}
}  // namespace

TEST(LambdaLab, TrainingLowersJAndLambdaShrinksTheta) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "lambda"}, {"params", {{"degree", 9}, {"lambda", 0}, {"lr", 0.3}}}});
  const float j0 = app_state_json(app)["metrics"]["J"];
  app_command(app, {{"train", 4000}});
  json s = app_state_json(app);
  EXPECT_LT(s["metrics"]["J"].get<float>(), 0.5f * j0);
  const float norm_free = s["metrics"]["theta_norm"], train_err = s["metrics"]["train_error"], val_err = s["metrics"]["val_error"];
  EXPECT_LT(train_err, val_err) << "lambda = 0 overfits: training error below validation error";
  app_command(app, {{"params", {{"lambda", 10}}}, {"train", 4000}});
  s = app_state_json(app);
  EXPECT_LT(s["metrics"]["theta_norm"].get<float>(), 0.5f * norm_free) << "a large lambda shrinks theta";
  EXPECT_GT(s["metrics"]["train_error"].get<float>(), train_err) << "and fits the training points less closely";
}

TEST(LambdaLab, SweepShowsTheUShapeOfValidationError) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "lambda"}, {"params", {{"degree", 9}, {"seed", 7}}}, {"sweep", true}});
  const json sweep = app_state_json(app)["sweep"];
  ASSERT_GE(sweep.size(), 10u);
  size_t best = 0;
  for (size_t i = 0; i < sweep.size(); ++i)
    if (sweep[i]["val_error"] < sweep[best]["val_error"]) best = i;
  EXPECT_GT(best, 0u) << "lambda = 0 is not the best";
  EXPECT_LT(best, sweep.size() - 1) << "the largest lambda is not the best";
  EXPECT_LT(sweep[0]["train_error"].get<double>(), sweep.back()["train_error"].get<double>());
  EXPECT_GT(sweep[0]["theta_norm"].get<double>(), sweep.back()["theta_norm"].get<double>());
}

TEST(Classifier, LearnsAndReportsMetrics) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "classifier"},
                    {"params", {{"dataset", "circle"}, {"layers", json::array({6, 6})}, {"act", "tanh"}, {"opt", "adam"},
                                {"lr", 0.03}, {"features", "x1,x2"}}}});
  app_command(app, {{"train", 1500}});
  const json s = app_state_json(app);
  EXPECT_GT(s["epoch"].get<int>(), 5);
  EXPECT_GT(s["metrics"]["accuracy"].get<float>(), 0.9f);
  const auto hist = s["history"]["train_loss"];
  EXPECT_LT(hist.back().get<float>(), hist.front().get<float>());
  EXPECT_EQ(s["metrics"]["confusion"].size(), 2u);
}

TEST(Classifier, StopsAtTheChosenEpoch) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "classifier"}, {"params", {{"stop", 3}, {"dataset", "xor"}}}});
  app_command(app, {{"train", 100000}});
  EXPECT_EQ(app_state_json(app)["epoch"], 3);
  EXPECT_TRUE(app_state_json(app)["stopped"].get<bool>());
}

TEST(UrlState, RoundTripRestoresEveryParameter) {
  AppState a;
  app_init(a);
  app_command(a, {{"lesson", "classifier"}, {"lang", "zh"},
                  {"params", {{"dataset", "gauss"}, {"classes", 3}, {"layers", json::array({5, 3, 2})}, {"reg", "l2"},
                              {"lambda", 0.003}, {"features", "x1,x2,x1x2"}, {"batch", 17}}}});
  const std::string hash = app_hash(a);
  AppState b;
  app_init(b);
  app_apply_hash(b, hash);
  EXPECT_EQ(app_hash(b), hash);
  EXPECT_EQ(b.lesson, "classifier");
  EXPECT_EQ(b.lang, Lang::Zh);
  EXPECT_EQ(app_state_json(b)["params"]["layers"], "5,3,2");
  EXPECT_TRUE(b.notices.empty());
}

TEST(UrlState, MalformedValuesGiveDefaultsAndNoticesNeverNaN) {
  AppState app;
  app_init(app);
  app_apply_hash(app, "#lesson=lambda&lambda=NaN&degree=999&lr=-5&mode=sideways&seed=1e400&points=abc&zzz=1");
  const json s = app_state_json(app);
  EXPECT_EQ(s["lesson"], "lambda");
  EXPECT_EQ(s["params"]["lambda"], "0");        // NaN -> default
  EXPECT_EQ(s["params"]["degree"], "12");      // clamped
  EXPECT_EQ(s["params"]["lr"], "0.0001");      // clamped
  EXPECT_EQ(s["params"]["mode"], "batch");     // default
  EXPECT_EQ(s["params"]["points"], "20");      // default
  EXPECT_GE(app.notices.size(), 5u);
  app_command(app, {{"train", 200}});
  EXPECT_TRUE(all_finite(app_state_json(app)));
  AppState other;
  app_init(other);
  app_apply_hash(other, "#lesson=nope&lang=xx");
  EXPECT_EQ(other.lesson, "home");
  EXPECT_EQ(other.notices.size(), 2u);
  // The same bad link again: the same words are not shown twice.
  app_apply_hash(other, "#lesson=nope&lang=xx");
  EXPECT_EQ(other.notices.size(), 2u);
}

TEST(UrlState, DivergingLearningRateIsCaughtNotNaN) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "classifier"}, {"params", {{"lr", 1.0}, {"opt", "sgd"}, {"loss", "ce"}, {"layers", json::array({16, 16, 16})}, {"act", "relu"}}}});
  app_command(app, {{"train", 3000}});
  EXPECT_TRUE(all_finite(app_state_json(app)));
}

TEST(LambdaLab, TooHighLearningRateStopsWithFiniteTheta) {
  AppState app;
  app_init(app);
  // One example per step: at x = ±1 every Legendre feature is ±1, so the
  // step's curvature is about 13 and lr = 1.5 overshoots further each time.
  app_command(app, {{"lesson", "lambda"}, {"params", {{"lr", 1.5}, {"degree", 12}, {"mode", "stochastic"}}}});
  const json r = app_command(app, {{"train", 20000}});
  const json s = app_state_json(app);
  ASSERT_TRUE(r.value("diverged", false)) << "stochastic steps at lr = 1.5 on degree 12 diverge";
  // One policy: the run stops at the first non-finite loss, pauses, and says so.
  EXPECT_FALSE(app.running);
  ASSERT_EQ(app.notices.size(), 1u);
  EXPECT_EQ(app.notices[0].open, "#lesson=faq&q=4") << "the coach links the FAQ page on learning rates";
  EXPECT_EQ(s["step"].get<int>(), r["steps"].get<int>()) << "the steps before the bad one are kept";
  for (const auto& t : s["metrics"]["theta"]) EXPECT_TRUE(std::isfinite(t.get<double>()));
}

TEST(Commands, BadCommandsGiveClearErrors) {
  AppState app;
  app_init(app);
  EXPECT_NE(error_of(app, {{"fly", true}}).find("unknown command 'fly'"), std::string::npos);
  EXPECT_NE(error_of(app, {{"lesson", "nope"}}).find("unknown lesson 'nope'"), std::string::npos);
  EXPECT_NE(error_of(app, {{"train", 5}}).find("needs a lesson"), std::string::npos);
  EXPECT_NE(error_of(app, {{"lesson", "lambda"}, {"train", -3}}).find("train expects"), std::string::npos);
  EXPECT_NE(error_of(app, {{"params", {{"degree", "x"}}}}).find("invalid value 'x'"), std::string::npos);
  EXPECT_NE(error_of(app, {{"params", {{"depth", 3}}}}).find("unknown parameter 'depth'"), std::string::npos);
  EXPECT_NE(error_of(app, {{"lang", "fr"}}).find("lang expects"), std::string::npos);
  EXPECT_NE(error_of(app, json::array()).find("must be an object"), std::string::npos);
  EXPECT_EQ(error_of(app, {{"run", false}}), "no error");
  EXPECT_FALSE(app_state_json(app)["running"].get<bool>());
  const json r = app_command(app, {{"params", {{"degree", 50}}}});
  EXPECT_EQ(r["clamped"][0], "degree");
}

TEST(Trainer, SliceBudgetAdaptsToAFakeClock) {
  SliceBudget b;
  b.target_seconds = 0.008;
  // Steps cost 0.1 ms: the budget grows (at most 2x a frame) towards 80 steps.
  for (int frame = 0; frame < 20; ++frame) b.adapt(b.steps * 1e-4, b.steps);
  EXPECT_EQ(b.steps, 80);
  // The machine slows 10x: it shrinks, at most halving each frame, to 8.
  b.adapt(80 * 1e-3, 80);
  EXPECT_EQ(b.steps, 40);
  for (int frame = 0; frame < 10; ++frame) b.adapt(b.steps * 1e-3, b.steps);
  EXPECT_EQ(b.steps, 8);
  // Very slow steps never drop below one per frame.
  for (int frame = 0; frame < 10; ++frame) b.adapt(1.0, b.steps);
  EXPECT_EQ(b.steps, 1);
}

TEST(Strings, LessonsAndBothLanguagesAreComplete) {
  for (const LessonInfo* l : lessons()) {
    EXPECT_TRUE(has_string(l->title_key)) << l->title_key;
    EXPECT_TRUE(has_string(l->blurb_key)) << l->blurb_key;
    EXPECT_STRNE(tr(Lang::En, l->title_key), tr(Lang::Zh, l->title_key));
    const std::unique_ptr<Lesson> lesson = l->create();
    for (const ParamSpec& p : lesson->param_table()) {
      EXPECT_TRUE(has_string(p.label_key)) << l->id << "." << p.key << ": " << p.label_key;
      if (p.zero_key) { EXPECT_TRUE(has_string(p.zero_key)) << p.zero_key; }
      if (p.item_key) { EXPECT_TRUE(has_string(p.item_key)) << p.item_key; }
    }
  }
  EXPECT_NE(all_chinese_text().find("正则化"), std::string::npos);
}

// The printf conversions of a format, in argument order ("%2$d" counts as argument 2), e.g. "d,.3f,s".
std::vector<std::string> conversions(const char* f) {
  std::vector<std::pair<int, std::string>> found;
  int next = 1;
  for (const char* p = f; *p; ++p) {
    if (*p != '%') continue;
    if (p[1] == '%') { ++p; continue; }
    const char* q = p + 1;
    int index = 0;
    const char* digits = q;
    while (*q >= '0' && *q <= '9') ++q;
    if (*q == '$') { index = std::atoi(digits); ++q; } else q = digits;
    while (*q && std::strchr("+-# 0123456789.", *q)) ++q;
    while (*q == 'l' || *q == 'z' || *q == 'h') ++q;
    if (!*q) break;
    if (!std::strchr("diufFeEgGxXscp", *q)) continue;  // a literal "50% (" in a text drawn with "%s"
    found.push_back({index ? index : next++, std::string(1, *q)});
    p = q;
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [i, c] : found) out.push_back(std::to_string(i) + c);
  return out;
}

TEST(Strings, KeysAreUniqueAndBothLanguagesTakeTheSameArguments) {
  std::set<std::string_view> seen;
  for (std::string_view k : string_keys()) {
    EXPECT_TRUE(seen.insert(k).second) << "the string key '" << k << "' is in the table twice";
    EXPECT_EQ(conversions(tr(Lang::En, k)), conversions(tr(Lang::Zh, k))) << k;
    // Positional arguments ("%2$d") only up to 9: the browser's libc (musl, NL_ARGMAX 9) prints nothing
    // at all for a format that names a 10th (a Chinese sentence vanished that way); past 9 arguments a
    // translation takes them in the English order.
    for (const char* text : {tr(Lang::En, k), tr(Lang::Zh, k)})
      for (const char* p = std::strchr(text, '%'); p; p = std::strchr(p + 1, '%')) {
        const int n = std::atoi(p + 1);
        const char* q = p + 1;
        while (*q >= '0' && *q <= '9') ++q;
        if (*q == '$') EXPECT_LE(n, 9) << k;
      }
  }
}

TEST(Commands, ParamsAreAllOrNothing) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "lambda"}, {"train", 5}});
  const json before = app_state_json(app);
  // degree is valid and would restart; lr is not: nothing changes, nothing restarts.
  EXPECT_THROW(app_command(app, {{"params", {{"degree", 3}, {"lr", "fast"}}}}), std::invalid_argument);
  const json after = app_state_json(app);
  EXPECT_EQ(after["params"], before["params"]);
  EXPECT_EQ(after["step"], before["step"]);
}

TEST(Commands, TheStepButtonAndTheTrainCommandShareTheDivergencePolicy) {
  // app_train is the one path: the frame loop, the Step button and {train: n}.
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "lambda"}, {"params", {{"lr", 1.5}, {"degree", 12}, {"mode", "stochastic"}}}});
  TrainResult r;
  for (int i = 0; i < 20000 && !r.diverged; ++i) r = app_train(app, 1);
  EXPECT_TRUE(r.diverged);
  EXPECT_FALSE(app.running);
  EXPECT_EQ(app.notices.size(), 1u);
}

// ---- A learner's own CSV and "Show code" --------------------------------------

namespace {
std::string two_blobs_csv(int n) {  // two separable classes, with a header, a missing cell and CRLF
  std::string s = "width;height;kind\r\n";
  for (int i = 0; i < n; ++i) {
    const bool b = i % 2;
    s += std::to_string((b ? 30 : 10) + i % 7) + ";" + std::to_string((b ? 5 : 1) + (i % 5) * 0.1) + ";" + (b ? "big" : "small") + "\r\n";
  }
  return s + ";2;big\r\n";
}
}  // namespace

TEST(LearnerCsv, ClassifierLearnsTheFilesPointsAndABadFileChangesNothing) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "classifier"}});
  const json r = app_command(app, {{"csv", two_blobs_csv(120)}});
  const std::string said = r["csv"];
  EXPECT_NE(said.find("120 points"), std::string::npos) << said;
  EXPECT_NE(said.find("1 row(s) with a missing x1 or x2 skipped"), std::string::npos) << said;
  json s = app_state_json(app);
  EXPECT_EQ(s["params"]["dataset"], "custom");
  EXPECT_EQ(s["data"]["source"], "pasted.csv");
  EXPECT_EQ(s["data"]["classes"], 2);
  EXPECT_EQ(s["points"]["train"].get<int>() + s["points"]["test"].get<int>(), 120);
  app_command(app, {{"train", 300}});
  s = app_state_json(app);
  EXPECT_GT(s["metrics"]["accuracy"].get<double>(), 0.95) << "two separated blobs are learned";
  const long step = s["step"];
  // A bad file: a notice naming the line and column; the points and the run stay.
  const std::string bad = app_command(app, {{"csv", "x1,x2,label\n1,2,a\n3,oops,b\n"}})["csv"];
  EXPECT_EQ(bad, "'pasted.csv': line 3, column 2: 'oops' is not a number. Nothing was changed.");
  const json after = app_state_json(app);
  EXPECT_EQ(after["step"], step);
  EXPECT_EQ(after["data"]["source"], "pasted.csv");
  EXPECT_EQ(after["points"], s["points"]);
  EXPECT_NE(after["notices"].back().get<std::string>().find("line 3, column 2"), std::string::npos);
  EXPECT_THROW(app_command(app, {{"csv", 5}}), std::invalid_argument);
  // A file picked or dropped that is not a table.
  app_file_opened(app, "model.mlpg", {1, 2, 3});
  EXPECT_EQ(app_state_json(app)["data"]["source"], "pasted.csv");
}

TEST(LearnerFiles, AFileOverTheLimitIsRefusedBeforeTheLessonSeesIt) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "cnn"}, {"lang", "en"}});
  const json before = app_state_json(app);
  // One byte over: refused by size, not parsed (a valid CSV header would otherwise be read).
  std::vector<uint8_t> big(size_t(kMaxFileBytes) + 1, '1');
  const std::string said = app_file_opened(app, "huge.mlpg", big);
  EXPECT_EQ(said, "'huge.mlpg' is 64.0 MB: the playground opens files up to 64 MB (a CSV up to 4 MB). Nothing was changed.");
  const json after = app_state_json(app);
  EXPECT_EQ(after["step"], before["step"]);
  EXPECT_EQ(after["params"], before["params"]);
  // The page refuses a larger one before reading it (its size only), and a heap without room says so.
  app_command(app, {{"lang", "zh"}});
  EXPECT_NE(app_file_refused(app, "huge.csv", 3e9).find("2861.0 MB"), std::string::npos);
  EXPECT_NE(app_file_refused(app, "huge.csv", -1).find("内存不足"), std::string::npos);
  EXPECT_EQ(app.notices.size(), 3u);
}

TEST(LearnerCsv, LambdaLabFitsTheFilesPointsAndCanGoBack) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", "lambda"}});
  std::string csv = "x,y\n";
  for (int i = 0; i < 60; ++i) csv += std::to_string(i) + "," + std::to_string(0.01 * i * i) + "\n";
  const std::string said = app_command(app, {{"csv", csv}})["csv"];
  EXPECT_NE(said.find("60 points"), std::string::npos) << said;
  json s = app_state_json(app);
  EXPECT_EQ(s["data"]["train"], 40);
  EXPECT_EQ(s["data"]["val"], 20);
  app_command(app, {{"params", {{"degree", 2}, {"lambda", 0}}}, {"train", 3000}});
  s = app_state_json(app);
  EXPECT_EQ(s["data"]["source"], "pasted.csv") << "a restart keeps the learner's data";
  EXPECT_LT(s["metrics"]["val_error"].get<double>(), 0.05) << "a parabola is fitted by degree 2";
  const std::string bad = app_command(app, {{"csv", "x,y\n1,2\n\"3,4\n"}})["csv"];
  EXPECT_NE(bad.find("never closed"), std::string::npos) << bad;
  EXPECT_EQ(app_state_json(app)["step"], s["step"]);
}

TEST(ShowCode, EveryModelsCodeCountsTheEnginesParameters) {
  AppState app;
  app_init(app);
  const json pages[] = {{{"lesson", "lambda"}}, {{"lesson", "classifier"}}, {{"lesson", "faq"}, {"params", {{"q", "3"}}}}};
  for (const json& page : pages) {
    app_command(app, page);
    const json code = app_command(app, {{"code", true}})["code"];
    ASSERT_EQ(code.size(), 1u) << page.dump();
    mlpg::CodeSpec spec;
    spec.input = mlpg::Shape::of(code[0]["input"].get<std::vector<int>>());
    for (const json& l : code[0]["layers"]) spec.layers.push_back(l);
    EXPECT_EQ(mlpg::code_parameter_count(spec), code[0]["parameters"].get<int64_t>()) << page.dump();
    EXPECT_NE(code[0]["pytorch"].get<std::string>().find("def train_step"), std::string::npos);
    EXPECT_NE(code[0]["keras"].get<std::string>().find("keras.Sequential(["), std::string::npos);
  }
  // The classifier's code follows its settings.
  app_command(app, {{"lesson", "classifier"}, {"params", {{"layers", "5,3"}, {"reg", "l2"}, {"lambda", 0.01}}}});
  const std::string torch = app_command(app, {{"code", true}})["code"][0]["pytorch"];
  EXPECT_NE(torch.find("nn.Linear(4, 5)"), std::string::npos) << torch;
  EXPECT_NE(torch.find("nn.Linear(5, 3)"), std::string::npos) << torch;
  EXPECT_NE(torch.find("lam = 0.01"), std::string::npos) << torch;
  app_command(app, {{"lesson", "home"}});
  EXPECT_TRUE(app_command(app, {{"code", true}})["code"].empty()) << "the home page has no model";
}

// ---- The course map -------------------------------------------------------------

TEST(CourseMap, EveryItemHasItsStringsAndEveryClaimAnItem) {
  for (const char* s : course_sections()) EXPECT_TRUE(has_string(std::string("course.") + s)) << s;
  std::set<std::string> items;
  for (const CourseItem& i : course_items()) {
    items.insert(i.id);
    EXPECT_TRUE(has_string(std::string("course.") + i.id)) << i.id;
    EXPECT_TRUE(has_string(std::string("course.") + i.id + ".blurb")) << i.id;
  }
  std::set<std::string> claimed;
  for (const LessonInfo* l : lessons())
    for (const auto& [id, params] : l->course) {
      EXPECT_TRUE(items.count(id)) << l->id << " claims '" << id << "', which is not in ui/course.def";
      EXPECT_TRUE(claimed.insert(id).second) << "'" << id << "' is claimed twice";
      // The claim's parameters are the lesson's, with values its table accepts.
      AppState app;
      app_init(app);
      EXPECT_NO_THROW(app_open_link(app, course_link(id).hash()));
      EXPECT_EQ(app.lesson, l->id);
      EXPECT_TRUE(app.notices.empty()) << id << ": " << (app.notices.empty() ? "" : app.notices[0].text);
    }
  EXPECT_GE(claimed.size(), items.size() - 2) << "all but autonomous learning and trends have a page";
}

TEST(CourseMap, OpeningAPageMarksItTriedAndALinkKeepsTheRun) {
  forget_tried();
  AppState app;
  app_init(app);
  json home = app_state_json(app)["course"];
  for (const json& i : home) EXPECT_FALSE(i["tried"].get<bool>()) << i["id"];
  app_command(app, {{"lesson", "lambda"}, {"train", 25}});
  app_update(app, 0.016);
  app_open_link(app, "#lesson=faq&q=3");
  app_update(app, 0.016);
  app_command(app, {{"lesson", "home"}});
  home = app_state_json(app)["course"];
  std::set<std::string> tried_ids;
  for (const json& i : home)
    if (i["tried"].get<bool>()) tried_ids.insert(i["id"].get<std::string>());
  EXPECT_EQ(tried_ids, (std::set<std::string>{"descent", "faq3"}));
  app.running = false;
  app_open_link(app, "#lesson=lambda");
  EXPECT_GE(app_state_json(app)["step"].get<long>(), 25) << "a link from the map keeps the learner's run";
  app_open_link(app, "#lesson=nope&x=1");  // an unknown lesson changes nothing
  EXPECT_EQ(app.lesson, "lambda");
  forget_tried();
}

TEST(Coach, OverfittingIsARisingValidationLossWhileTrainingFalls) {
  EXPECT_EQ(overfitting_symptom({1.0f, 0.8f, 0.9f, 1.0f}, {1.0f, 0.9f, 0.8f, 0.7f}), Symptom::Overfitting);
  EXPECT_EQ(overfitting_symptom({1.0f, 0.8f, 0.9f, 0.85f}, {1.0f, 0.9f, 0.8f, 0.7f}), Symptom::None) << "turned back down";
  EXPECT_EQ(overfitting_symptom({1.0f, 0.8f, 0.9f, 1.0f}, {1.0f, 0.9f, 0.8f, 0.9f}), Symptom::None) << "training rose too";
  EXPECT_EQ(overfitting_symptom({0.9f, 1.0f}, {1.0f, 0.9f}), Symptom::None) << "too short to tell";
  // Windows: a noisy rise is judged on means of `span` points.
  std::vector<float> val, train;
  for (int i = 0; i < 300; ++i) {
    val.push_back(1.f + 0.001f * float(i) + (i % 2 ? 0.05f : -0.05f));
    train.push_back(1.f - 0.001f * float(i));
  }
  EXPECT_EQ(overfitting_symptom(val, train, 100), Symptom::Overfitting);
  EXPECT_EQ(overfitting_symptom(val, train, 1), Symptom::None) << "point by point, the noise hides it";
}

TEST(Coach, TheClassifierSaysWhenItsTestLossRises) {
  AppState app;
  app_init(app);
  // A tiny network on few noisy points, trained far past its best test loss.
  app_command(app, {{"lesson", "classifier"}, {"params", {{"dataset", "gauss"}, {"noise", 0.5}, {"train", 10}, {"layers", "16,16"},
                                                           {"lr", 0.03}, {"batch", 4}}}});
  bool told = false;
  for (int i = 0; i < 200 && !told; ++i) {
    app_train(app, 20, true);
    for (const Notice& n : app.notices) told = told || n.open.find("q=2") != std::string::npos;
  }
  EXPECT_TRUE(told) << "the coach links overfitting to the FAQ's Q2";
}

// The λ lab's exact minimum (Eigen's closed form) is where batch gradient descent ends up.
TEST(LambdaLab, DescentReachesTheExactMinimum) {
  for (double lambda : {0.0, 0.1, 3.0}) {
    LambdaLab lab;
    lab.p.degree = 3;
    lab.p.lambda = lambda;
    lab.p.lr = 0.5;
    lambda_reset(lab);
    lambda_train(lab, 20000);
    const std::vector<double> exact = lambda_exact(lab);
    ASSERT_EQ(exact.size(), 4u);
    EXPECT_NEAR(lab.b.value[0], exact[0], 1e-3) << "λ " << lambda;
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(lab.w.value[size_t(j)], exact[size_t(j + 1)], 1e-3) << "λ " << lambda << " θ" << j + 1;
    EXPECT_NEAR(lambda_train_error(lab), lambda_error_with(lab, exact, false), 1e-5);
  }
}
