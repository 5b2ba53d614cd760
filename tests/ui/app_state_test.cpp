// The app's command/state interface, without a window: what the JS API exposes.
#include <gtest/gtest.h>

#include <stdexcept>

#include "app.h"

using namespace mlpg::ui;
using nlohmann::json;

TEST(AppState, TrainingLowersTheCourseCost) {
  AppState app;
  app_init(app);
  auto r0 = app_command(app, {{"train", 1}});
  auto r1 = app_command(app, {{"train", 200}});
  EXPECT_LT(r1["loss"].get<float>(), 0.1f * r0["loss"].get<float>());
  auto s = app_state_json(app);
  EXPECT_EQ(s["step"], 201);
  EXPECT_EQ(s["lesson"], "home");
  // Fitted line close to the generating one (y = 0.5 + 2x + noise).
  EXPECT_NEAR(s["metrics"]["theta"][0].get<float>(), 0.5f, 0.1f);
  EXPECT_NEAR(s["metrics"]["theta"][1].get<float>(), 2.0f, 0.1f);
  EXPECT_EQ(s["history"]["train_loss"].size(), 201u);
}

TEST(AppState, ResetIsDeterministic) {
  AppState a, b;
  app_init(a); app_init(b);
  app_command(a, {{"train", 17}});
  app_command(a, {{"reset", true}});
  app_command(a, {{"train", 5}});
  app_command(b, {{"train", 5}});
  EXPECT_EQ(app_state_json(a)["metrics"], app_state_json(b)["metrics"]);
}

TEST(AppState, BadCommandsGiveClearErrors) {
  AppState app;
  app_init(app);
  auto message = [&](const json& cmd) {
    try { app_command(app, cmd); } catch (const std::invalid_argument& e) { return std::string(e.what()); }
    return std::string("no error");
  };
  EXPECT_NE(message({{"fly", true}}).find("unknown command 'fly'"), std::string::npos);
  EXPECT_NE(message({{"lesson", "nope"}}).find("unknown lesson 'nope'"), std::string::npos);
  EXPECT_NE(message({{"train", -3}}).find("train expects"), std::string::npos);
  EXPECT_NE(message({{"train", "many"}}).find("train expects"), std::string::npos);
  EXPECT_NE(message({{"params", {{"lr", 1e9}}}}).find("lr must be"), std::string::npos);
  EXPECT_NE(message(json::array()).find("must be an object"), std::string::npos);
  EXPECT_EQ(message({{"run", false}}), "no error");
  EXPECT_FALSE(app_state_json(app)["running"].get<bool>());
}
