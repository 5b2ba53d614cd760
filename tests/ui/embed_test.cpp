// The embed protocol's app side (ui/embed.h) without a page: host settings,
// change events, goals that complete once, the step cap and the state
// document's round trip, driven through app_command as the page drives it.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "app.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {

double g_now = 0;  // a fake clock: the tests decide when a second has passed

void open(AppState& app, const json& cmd) {
  app.clock = [] { return g_now; };
  app_init(app);
  app_command(app, cmd);
}

std::vector<json> take(AppState& app, const std::string& type = "") {
  std::vector<json> out;
  for (json& e : app.embed.outbox)
    if (type.empty() || e["type"] == type) out.push_back(e);
  app.embed.outbox.clear();
  return out;
}

std::string error_of(AppState& app, const json& cmd) {
  try { app_command(app, cmd); } catch (const std::invalid_argument& e) { return e.what(); }
  return "no error";
}

double val_error(AppState& app) { return app_state_json(app)["metrics"]["val_error"].get<double>(); }

const json kLambda = {{"lesson", "lambda"}, {"params", {{"degree", 9}, {"lambda", 0.01}, {"seed", 3}}}, {"run", false}};

}  // namespace

TEST(Embed, ConfigureNamesWhatIsWrong) {
  AppState app;
  open(app, kLambda);
  EXPECT_NE(error_of(app, {{"embed", {{"colour", "red"}}}}).find("unknown embed setting 'colour'"), std::string::npos);
  EXPECT_NE(error_of(app, {{"embed", {{"locked", {"nope"}}}}}).find("'nope' is not a parameter of lesson lambda"), std::string::npos);
  const std::string e = error_of(app, {{"embed", {{"goals", {{{"metric", "accuracy"}, {"below", 0.1}}}}}}});
  EXPECT_NE(e.find("not one of lesson lambda's metrics"), std::string::npos) << e;
  EXPECT_NE(e.find("val_error"), std::string::npos) << "the message lists the metrics there are: " << e;
  EXPECT_NE(error_of(app, {{"embed", {{"goals", {{{"metric", "val_error"}}}}}}}).find("needs a metric and a threshold"), std::string::npos);
  EXPECT_NE(error_of(app, {{"embed", {{"goals", {{{"metric", "val_error"}, {"below", 1}, {"within_epochs", 5}}}}}}}).find("counts no epochs"),
            std::string::npos);
  EXPECT_NE(error_of(app, {{"embed", {{"chrome", "tiny"}}}}).find("full"), std::string::npos);
  // All or nothing: a bad field leaves the earlier good ones unapplied.
  error_of(app, {{"embed", {{"chrome", "none"}, {"max_steps", -1}}}});
  EXPECT_EQ(app.embed.chrome, Chrome::Full);
  EXPECT_FALSE(app.embed.active);
}

TEST(Embed, ChangesSayWhoMadeThem) {
  AppState app;
  open(app, kLambda);
  app_command(app, {{"embed", {{"id", "a1"}, {"locked", {"degree"}}, {"hidden", {"seed"}}}}});
  EXPECT_TRUE(take(app, "change").empty()) << "the host's own settings are not a change";
  app_command(app, {{"params", {{"lambda", 0.1}}}});
  auto ch = take(app, "change");
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0]["detail"]["userInitiated"], false);
  EXPECT_EQ(ch[0]["detail"]["params"]["lambda"], "0.1") << "parameters as the URL writes them";
  // The learner's edit (a widget writes the value; the next frame reports it).
  Lesson& l = current_lesson(app);
  set_param_text(*find_param(l.param_table(), "lambda"), l.param_block(), "0.2");
  app_update(app, 0.016);
  ch = take(app, "change");
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0]["detail"]["userInitiated"], true);
  app_update(app, 0.016);
  EXPECT_TRUE(take(app, "change").empty()) << "reported once";
  const json s = app_state_json(app)["embed"];
  EXPECT_EQ(s["locked"], json({"degree"}));
  EXPECT_EQ(s["hidden"], json({"seed"}));
  EXPECT_EQ(s["id"], "a1");
}

TEST(Embed, StandalonePageSendsNothing) {
  AppState app;
  open(app, kLambda);
  app_command(app, {{"params", {{"lambda", 0.1}}}, {"train", 20}});
  app_update(app, 0.016);
  EXPECT_TRUE(app.embed.outbox.empty());
}

TEST(Embed, GoalCompletesOnceAndRestoringItAwardsNothing) {
  // How low this run's validation error gets in 400 steps, to set a goal it reaches.
  AppState probe;
  open(probe, kLambda);
  const double start = val_error(probe);
  app_command(probe, {{"train", 400}});
  const double reached = val_error(probe);
  ASSERT_LT(reached, start * 0.9) << "training lowers the validation error";
  const double target = 0.5 * (start + reached);

  AppState app;
  open(app, kLambda);
  app_command(app, {{"embed", {{"id", "g1"}, {"goals", {{{"metric", "val_error"}, {"below", target}}}}}}});
  int completed = 0;
  json event;
  for (int i = 0; i < 8; ++i) {
    app_command(app, {{"train", 50}});
    for (const json& e : take(app, "completed")) ++completed, event = e["detail"];
  }
  ASSERT_EQ(completed, 1);
  EXPECT_EQ(event["score"], 1);
  EXPECT_EQ(event["maxScore"], 1);
  EXPECT_EQ(event["success"], true);
  EXPECT_EQ(event["instanceId"], "g1");
  EXPECT_EQ(event["version"], "mlpg/1");
  EXPECT_EQ(event["stateHash"].get<std::string>().size(), 16u);
  EXPECT_LT(event["value"].get<double>(), target);
  // A reset and the goal reached again: no second award.
  app_command(app, {{"reset", true}, {"train", 400}});
  EXPECT_TRUE(take(app, "completed").empty());
  EXPECT_EQ(app_state_json(app)["embed"]["goals"][0]["completed"], true);

  // The solved state restored in a fresh instance with the same goal: the
  // same numbers come back (the run is replayed with its seed), no award.
  const json doc = app_command(app, {{"get_state", true}})["get_state"];
  EXPECT_EQ(doc["goals"][0]["reached"], true);
  AppState other;
  open(other, {{"lesson", "lambda"}});
  app_command(other, {{"embed", {{"id", "g2"}, {"goals", {{{"metric", "val_error"}, {"below", target}}}}}}});
  app_command(other, {{"set_state", doc}});
  for (int f = 0; f < 1000 && app_state_json(other)["embed"]["restoring"] == true; ++f) app_update(other, 0.016);
  EXPECT_EQ(app_state_json(other)["embed"]["restoring"], false);
  EXPECT_EQ(take(other, "completed").size(), 0u);
  const json again = app_command(other, {{"get_state", true}})["get_state"];
  EXPECT_EQ(again["params"], doc["params"]);
  EXPECT_EQ(again["step"], doc["step"]);
  EXPECT_EQ(again["hash"], doc["hash"]);
  EXPECT_EQ(again["metrics"]["val_error"], doc["metrics"]["val_error"]) << "the same build replays the same numbers exactly";
  EXPECT_EQ(app_state_json(other)["embed"]["goals"][0]["reached"], true);
  // Training on from the restored state does not award it either.
  app_command(other, {{"train", 50}});
  EXPECT_EQ(take(other, "completed").size(), 0u);
}

TEST(Embed, GoalWithinABudgetCanBeMissedAndRetried) {
  AppState app;
  open(app, {{"lesson", "classifier"}, {"run", false}});
  app_command(app, {{"embed", {{"goals", {{{"metric", "accuracy"}, {"above", 1.5}, {"within_epochs", 3}}}}}}});
  for (int i = 0; i < 40 && !app.embed.goals[0].missed; ++i) app_command(app, {{"train", 20}});
  EXPECT_TRUE(app.embed.goals[0].missed) << "an accuracy above 1.5 is never reached";
  EXPECT_FALSE(app.embed.goals[0].awarded);
  const auto goals = take(app, "goal");
  ASSERT_FALSE(goals.empty());
  EXPECT_EQ(goals.back()["detail"]["missed"], true);
  app_command(app, {{"reset", true}});
  EXPECT_FALSE(app.embed.goals[0].missed) << "a fresh run may try again";
}

TEST(Embed, StepCapStopsTrainingWithANotice) {
  AppState app;
  open(app, kLambda);
  app_command(app, {{"embed", {{"max_steps", 30}}}, {"run", true}});
  EXPECT_EQ(app_command(app, {{"train", 100}})["steps"], 30);
  EXPECT_EQ(app_command(app, {{"train", 10}})["steps"], 0);
  const json s = app_state_json(app);
  EXPECT_EQ(s["running"], false);
  EXPECT_EQ(s["embed"]["steps_used"], 30);
  EXPECT_NE(s["notices"].dump().find("30 steps"), std::string::npos) << s["notices"];
  EXPECT_EQ(take(app, "error").size(), 1u) << "the host is told once";
}

TEST(Embed, StateDocumentsAreChecked) {
  AppState app;
  open(app, kLambda);
  json doc = app_command(app, {{"get_state", true}})["get_state"];
  EXPECT_EQ(doc["format"], "mlpg-state");
  EXPECT_EQ(doc["version"], kStateVersion);
  json newer = doc;
  newer["version"] = kStateVersion + 1;
  try {
    app_command(app, {{"set_state", newer}});
    FAIL() << "a newer state was taken";
  } catch (const StateError& e) {
    EXPECT_EQ(e.code, "newer_version");
    EXPECT_NE(std::string(e.what()).find("newer playground"), std::string::npos);
  }
  for (json bad : {json(7), json{{"format", "other"}}, json{{"format", "mlpg-state"}, {"version", 1}, {"lesson", "nope"}},
                   json{{"format", "mlpg-state"}, {"version", 1}, {"lesson", "lambda"}, {"step", -3}},
                   json{{"format", "mlpg-state"}, {"version", 1}, {"lesson", "lambda"}, {"params", {{"lambda", "x"}}}}}) {
    try {
      app_command(app, {{"set_state", bad}});
      ADD_FAILURE() << "taken: " << bad;
    } catch (const StateError& e) {
      EXPECT_EQ(e.code, "bad_state") << bad;
    }
  }
}

TEST(Embed, MetricsAtMostOnceASecond) {
  AppState app;
  open(app, kLambda);
  app_command(app, {{"embed", {{"id", "m"}}}, {"run", true}});
  take(app);
  g_now = 100;
  for (int f = 0; f < 30; ++f) {
    g_now += 0.016;
    app_update(app, 0.016);
  }
  EXPECT_EQ(take(app, "metrics").size(), 1u) << "half a second of frames";
  g_now += 1.0;
  app_update(app, 0.016);
  const auto m = take(app, "metrics");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_GT(m[0]["detail"]["step"].get<long>(), 0);
  EXPECT_TRUE(m[0]["detail"]["metrics"].contains("val_error"));
}

TEST(Embed, SnippetCarriesTheState) {
  AppState app;
  open(app, {{"lesson", "lambda"}, {"params", {{"degree", 9}, {"lambda", 0.01}}}, {"lang", "zh"}});
  const std::string s = app_command(app, {{"snippet", "https://example.org/mlpg/"}})["snippet"];
  EXPECT_NE(s.find("<script src=\"https://example.org/mlpg/web/embed.js\"></script>"), std::string::npos) << s;
  EXPECT_NE(s.find("lesson=\"lambda\""), std::string::npos) << s;
  EXPECT_NE(s.find("degree=9&amp;"), std::string::npos) << s;
  EXPECT_NE(s.find("lang=\"zh\""), std::string::npos) << s;
}
