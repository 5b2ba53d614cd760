// The page in words (ui/describe.h): what the screen reader's mirror says
// comes from the same numbers as state(), in both languages.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "app.h"
#include "describe.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {

AppState opened(const char* lesson) {
  AppState app;
  app_init(app);
  app_command(app, {{"lesson", lesson}, {"run", false}});
  return app;
}

}  // namespace

TEST(Describe, ReadoutsAreStateMetricsAndTheSummarySaysThem) {
  AppState app = opened("lambda");
  app_command(app, {{"params", {{"degree", 9}, {"lambda", 0.001}}}, {"train", 200}});
  const json d = app_describe(app), s = app_state_json(app);
  EXPECT_EQ(d["title"], tr(Lang::En, "lesson.lambda"));
  EXPECT_EQ(d["running"], false);
  EXPECT_NE(d["status"].get<std::string>().find("200"), std::string::npos) << d["status"];
  ASSERT_GE(d["readouts"].size(), 3u);
  for (const json& r : d["readouts"]) {
    const std::string k = r["key"];
    EXPECT_DOUBLE_EQ(r["value"].get<double>(), s["metrics"][k].get<double>()) << k;
    EXPECT_NE(d["summary"].get<std::string>().find(describe_number(r["value"])), std::string::npos) << k << ": " << d["summary"];
  }
  // Before the sweep, the plot is the learning curves, from the history.
  const std::vector<float> j = s["history"]["train_loss"];
  EXPECT_NE(d["plot"].get<std::string>().find(describe_number(j.front())), std::string::npos) << d["plot"];
  EXPECT_NE(d["plot"].get<std::string>().find(describe_number(j.back())), std::string::npos) << d["plot"];
}

TEST(Describe, TheSweepIsDescribedByItsLowestPoint) {
  AppState app = opened("lambda");
  app_command(app, {{"sweep", true}});
  const json s = app_state_json(app);
  const json* best = nullptr;
  for (const json& p : s["sweep"])
    if (!best || p["val_error"].get<double>() < (*best)["val_error"].get<double>()) best = &p;
  ASSERT_NE(best, nullptr);
  for (Lang L : {Lang::En, Lang::Zh}) {
    app.lang = L;
    const std::string plot = app_describe(app)["plot"];
    const std::string eq = L == Lang::En ? "λ = " : "λ\u00a0=\u00a0";  // Chinese glues with no-break spaces
    EXPECT_NE(plot.find(eq + describe_number((*best)["lambda"])), std::string::npos) << plot;
    EXPECT_NE(plot.find(describe_number((*best)["val_error"])), std::string::npos) << plot;
    EXPECT_EQ(plot.find('%'), std::string::npos) << plot;  // every format filled in
  }
}

TEST(Describe, TheClassifiersBoundaryCountsItsTestPoints) {
  AppState app = opened("classifier");
  app_command(app, {{"train", 30}});
  const json s = app_state_json(app);
  long right = 0, total = 0;
  for (size_t t = 0; t < s["metrics"]["confusion"].size(); ++t)
    for (size_t p = 0; p < s["metrics"]["confusion"][t].size(); ++p) {
      total += s["metrics"]["confusion"][t][p].get<long>();
      if (t == p) right += s["metrics"]["confusion"][t][p].get<long>();
    }
  EXPECT_EQ(total, s["points"]["test"].get<long>());
  const std::string plot = app_describe(app)["plot"];
  EXPECT_NE(plot.find(std::to_string(right) + " of the " + std::to_string(total)), std::string::npos) << plot;
}

TEST(Describe, EveryLessonInBothLanguages) {
  AppState app;
  app_init(app);
  for (Lang L : {Lang::En, Lang::Zh})
    for (const LessonInfo* l : lessons()) {
      app.lang = L;
      app_open_lesson(app, l->id);
      if (l->trains) app_train(app, 3);
      const json d = app_describe(app);
      EXPECT_FALSE(d["title"].get<std::string>().empty()) << l->id;
      EXPECT_FALSE(d["plot"].get<std::string>().empty()) << l->id;
      EXPECT_EQ(d["lang"], lang_code(L));
      for (const json& r : d["readouts"]) EXPECT_TRUE(std::isfinite(r["value"].get<double>())) << l->id;
      EXPECT_EQ(d["summary"].get<std::string>().find("%"), std::string::npos) << d["summary"];
    }
}

TEST(Describe, ACurveNeedsTwoFinitePoints) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(describe_curve(Lang::En, "loss", {}), "");
  EXPECT_EQ(describe_curve(Lang::En, "loss", {1.f, nan}), "");
  EXPECT_EQ(describe_curve(Lang::En, "loss", {2.f, nan, 0.5f, 1.f}), "loss went from 2 to 1 over 4 points; lowest 0.5 at point 3.");
}
