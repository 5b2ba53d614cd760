// A headless ImGui frame loop (no window, no renderer) that draws every
// lesson, in both languages, for a few frames while training runs: catches
// ImGui asserts and crashes in drawing code without a GPU.
#include <gtest/gtest.h>

#include <imgui.h>

#include "app.h"

using namespace mlpg::ui;

TEST(Frames, EveryLessonDrawsInBothLanguages) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.f / 60.f;
  app_setup_fonts(1.f);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  ASSERT_GT(w * h, 0);
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
  app_open_lesson(app, "lambda");
  app_command(app, {{"params", {{"degree", 1}}}, {"train", 50}});  // contour view
  ImGui::NewFrame();
  app_draw(app);
  ImGui::Render();
  ImGui::DestroyContext();
}
