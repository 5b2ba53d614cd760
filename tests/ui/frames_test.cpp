// A headless ImGui frame loop (no window, no renderer) that draws every
// lesson, in both languages, for a few frames while training runs: catches
// ImGui asserts and crashes in drawing code without a GPU.
#include <gtest/gtest.h>

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app.h"
#include "frame_fingerprint.h"
#include "widgets.h"

using namespace mlpg::ui;

namespace {

// An ImGui context with the app's fonts at 1280 x 800, 60 fps, no window.
ImGuiIO& headless_imgui() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.f / 60.f;
  app_setup_fonts(1.f, 1.f);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  EXPECT_GT(w * h, 0) << "the font atlas";
  return io;
}

}  // namespace

TEST(Frames, EveryLessonDrawsInBothLanguages) {
  ImGuiIO& io = headless_imgui();
  AppState app;
  double fake_time = 0;
  app.clock = [&] { return fake_time; };
  app_init(app);
  for (Lang lang : {Lang::En, Lang::Zh})
    for (const LessonInfo* l : lessons()) {
      app.lang = lang;
      app_open_lesson(app, l->id);
      for (int f = 0; f < 4; ++f) {
        fake_time += 1.0 / 60.0;
        app_update(app, 1.0 / 60.0);
        io.MousePos = ImVec2(400.f + 50.f * f, 300.f);  // hover readouts too
        ImGui::NewFrame();
        app_draw(app);
        ImGui::Render();
        EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 100) << l->id;
      }
    }
  // Phones, tablets, landscape phones; text at 200%, high contrast, the help overlay.
  struct Size { float w, h; double text; const char* frame; };
  for (const Size s : {Size{390, 844, 1, "stacked"}, Size{844, 390, 1, "columns"}, Size{768, 1024, 1, "stacked"},
                       Size{1280, 800, 2, "stacked"}, Size{1280, 800, 1.5, "columns"}}) {
    io.DisplaySize = ImVec2(s.w, s.h);
    app_command(app, {{"display", {{"text", s.text}, {"contrast", s.text > 1 ? "high" : "normal"}, {"help", s.w == 768}}}});
    for (const LessonInfo* l : lessons()) {
      app_open_lesson(app, l->id);
      for (int f = 0; f < 3; ++f) {
        fake_time += 1.0 / 60.0;
        app_update(app, 1.0 / 60.0);
        io.MousePos = ImVec2(100.f + 60.f * f, 500.f);
        ImGui::NewFrame();
        app_draw(app);
        ImGui::Render();
        EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 100) << l->id << " at " << s.w << "x" << s.h;
      }
      EXPECT_EQ(app_state_json(app)["display"]["frame"], s.frame) << s.w << "x" << s.h << " text " << s.text;
    }
  }
  app_command(app, {{"display", {{"text", 1}, {"contrast", "normal"}, {"help", false}}}});
  io.DisplaySize = ImVec2(1280, 800);
  app_open_lesson(app, "lambda");
  app_command(app, {{"params", {{"degree", 1}}}, {"train", 50}});  // contour view
  ImGui::NewFrame();
  app_draw(app);
  ImGui::Render();
  ImGui::DestroyContext();
}

// The platform skips a frame whose fingerprint is the last drawn one's: a
// paused lesson's frames settle to one fingerprint, and a change the learner
// would see (a training step, a hover) gives another.
TEST(Frames, AnIdleFrameKeepsItsFingerprintAndAChangeDoesNot) {
  ImGuiIO& io = headless_imgui();
  AppState app;
  double fake_time = 0;
  app.clock = [&] { return fake_time; };
  app_init(app);
  app_command(app, {{"lesson", "lambda"}, {"run", false}});
  auto frame = [&](ImVec2 mouse) {
    fake_time += 1.0 / 60.0;
    app_update(app, 1.0 / 60.0);
    io.MousePos = mouse;
    ImGui::NewFrame();
    app_draw(app);
    ImGui::Render();
    return frame_fingerprint(*ImGui::GetDrawData());
  };
  const ImVec2 corner(1270.f, 790.f);
  for (int f = 0; f < 6; ++f) frame(corner);  // windows appear and fit their content
  const uint64_t idle = frame(corner);
  EXPECT_EQ(frame(corner), idle) << "a paused page draws the same frame";
  EXPECT_EQ(frame(corner), idle);
  app_command(app, {{"train", 20}});
  uint64_t trained = 0;
  for (int f = 0; f < 3; ++f) trained = frame(corner);
  EXPECT_NE(trained, idle) << "twenty training steps change the plots";
  EXPECT_EQ(frame(corner), trained) << "and then it is idle again";
  const std::vector<float> rect = app_state_json(app)["display"]["rects"]["play"].get<std::vector<float>>();
  const uint64_t hovered = frame(ImVec2(rect[0] + rect[2] / 2, rect[1] + rect[3] / 2));
  EXPECT_NE(hovered, trained) << "the mouse over the play button lights it";
  ImGui::DestroyContext();
}

TEST(Display, LayoutFollowsTheScreenAndTextSize) {
  auto frame = [](float w, float h, float text, bool coarse = false) {
    Screen s;
    s.width = w, s.height = h, s.coarse_pointer = coarse;
    DisplaySettings d;
    d.text_scale = text;
    return decide_layout(s, d);
  };
  EXPECT_EQ(frame(1280, 800, 1).frame, FrameLayout::Columns);
  EXPECT_FALSE(frame(1280, 800, 1).touch);
  EXPECT_EQ(frame(1280, 800, 1).controls_width, 400.f);
  EXPECT_EQ(frame(390, 844, 1).frame, FrameLayout::Stacked);
  EXPECT_TRUE(frame(390, 844, 1).touch);
  EXPECT_EQ(frame(844, 390, 1).frame, FrameLayout::Columns);  // a landscape phone: a narrower column
  EXPECT_LT(frame(844, 390, 1).controls_width, 400.f);
  EXPECT_EQ(frame(500, 400, 1).frame, FrameLayout::Stacked);  // too narrow for columns either way
  EXPECT_TRUE(frame(1280, 800, 1, true).touch);               // a touch screen keeps columns, with touch sizes
  EXPECT_EQ(frame(1280, 800, 1, true).frame, FrameLayout::Columns);
  EXPECT_EQ(frame(1280, 800, 2).frame, FrameLayout::Stacked);  // 200% text: 1280 is 640 at 100%
}

TEST(Display, CommandChecksEveryValueAndKeepsSettings) {
  AppState app;
  app_init(app);
  std::string saved;
  set_display_store([&] { return saved; }, [&](const std::string& v) { saved = v; });
  app_command(app, {{"display", {{"text", 1.5}, {"contrast", "high"}}}});
  EXPECT_EQ(app.display.text_scale, 1.5f);
  EXPECT_TRUE(app.display.high_contrast);
  EXPECT_EQ(saved, "text=1.5&contrast=high");
  const DisplaySettings back = load_display_settings();
  EXPECT_EQ(back.text_scale, 1.5f);
  EXPECT_TRUE(back.high_contrast);
  for (const char* bad : {R"({"text": 2.5})", R"({"text": "big"})", R"({"contrast": "max"})", R"({"zoom": 1})", R"({"controls": 1})",
                          R"({"text": 1.25, "contrast": 3})", "[]"})
    EXPECT_THROW(app_command(app, {{"display", nlohmann::json::parse(bad)}}), std::invalid_argument) << bad;
  EXPECT_EQ(app.display.text_scale, 1.5f);  // all or nothing: the 1.25 of a rejected command is not kept
  saved = "text=9&contrast=high&junk";      // a store another version (or a hand) wrote: lenient
  EXPECT_EQ(load_display_settings().text_scale, 1.f);
  EXPECT_TRUE(load_display_settings().high_contrast);
  set_display_store(nullptr, nullptr);
}

namespace {

// The smallest CIELAB distance between two of the colours, as seen with
// normal vision and under simulated protanopia, deuteranopia, tritanopia.
double worst_distance(const ImU32* colors, int n) {
  const double sims[4][3][3] = {
      {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
      {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
      {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
      {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};
  auto lin = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  auto lab = [](const double rgb[3], double out[3]) {
    const double X = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2], Y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2],
                 Z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
    const double fx = f(X / 0.95047), fy = f(Y), fz = f(Z / 1.08883);
    out[0] = 116 * fy - 16, out[1] = 500 * (fx - fy), out[2] = 200 * (fy - fz);
  };
  double worst = 1e9;
  for (const auto& m : sims) {
    double seen[8][3];
    for (int c = 0; c < n; ++c) {
      const ImVec4 v = ImGui::ColorConvertU32ToFloat4(colors[c]);
      const double l[3] = {lin(v.x), lin(v.y), lin(v.z)};
      double s[3];
      for (int i = 0; i < 3; ++i) s[i] = std::clamp(m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2], 0.0, 1.0);
      lab(s, seen[c]);
    }
    for (int a = 0; a < n; ++a)
      for (int b = a + 1; b < n; ++b)
        worst = std::min(worst, std::hypot(seen[a][0] - seen[b][0], seen[a][1] - seen[b][1], seen[a][2] - seen[b][2]));
  }
  return worst;
}

}  // namespace

// The class colours, as a colour-blind learner sees them (Machado, Oliveira
// and Fernandes 2009, severity 1, on linear RGB), stay at least 15 CIELAB
// units apart pair by pair (the palette before this test: 12.1 under
// protanopia), and so do five steps of the heatmaps' scale.
TEST(Display, ClassColoursStayApartForColourBlindLearners) {
  // The class colours, then the heatmaps' scale at -1, -0.5, 0, 0.5 and 1.
  const ImU32 classes[4] = {class_color(0), class_color(1), class_color(2), class_color(3)};
  const ImU32 scale[5] = {diverging_color(-1, 1), diverging_color(-0.5f, 1), diverging_color(0, 1), diverging_color(0.5f, 1),
                          diverging_color(1, 1)};
  EXPECT_GE(worst_distance(classes, 4), 15.0);
  EXPECT_GE(worst_distance(scale, 5), 15.0);
}
