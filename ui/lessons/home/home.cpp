// The home page: one card per lesson of the registry, in its order.
#include <imgui.h>

#include "kernels/kernels.h"
#include "lesson.h"
#include "core/version.h"

namespace mlpg::ui {

namespace {

class HomeLesson final : public Lesson {
 public:
  const ParamTable& param_table() const override {
    static const ParamTable none;
    return none;
  }
  void* param_block() override { return nullptr; }
  void reset() override {}
  nlohmann::json state() const override { return {{"step", 0}}; }

  void draw(LessonUi& ui) override {
    const Lang L = ui.lang;
    ImGui::Dummy(ImVec2(0, 12));
    ImGui::SetWindowFontScale(1.4f);
    ImGui::TextUnformatted(tr(L, "home.title"));
    ImGui::SetWindowFontScale(1.f);
    ImGui::TextWrapped("%s", tr(L, "home.intro"));
    ImGui::Dummy(ImVec2(0, 8));
    for (const LessonInfo* l : lessons()) {
      if (l == &home_page()) continue;
      ImGui::PushID(l->id);
      // Title, blurb (as many lines as it wraps to) and button, with the
      // frame's padding: no scrollbar, nothing clipped.
      const ImGuiStyle& st = ImGui::GetStyle();
      constexpr float kWidth = 560;
      const float blurb = ImGui::CalcTextSize(tr(L, l->blurb_key), nullptr, false, kWidth - 2 * st.WindowPadding.x).y;
      const float h = ImGui::GetTextLineHeightWithSpacing() + blurb + st.ItemSpacing.y + ImGui::GetFrameHeight() +
                      2 * st.WindowPadding.y;
      ImGui::BeginChild("card", ImVec2(kWidth, h), true, ImGuiWindowFlags_NoScrollbar);
      ImGui::TextUnformatted(tr(L, l->title_key));
      ImGui::TextWrapped("%s", tr(L, l->blurb_key));
      if (ImGui::Button(tr(L, "app.open"))) ui.open_lesson = l->id;
      ImGui::EndChild();
      ImGui::PopID();
    }
    ImGui::Dummy(ImVec2(0, 8));
    ImGui::TextDisabled("engine %s, %s %s", engine_version(), tr(L, "app.kernels"), kernels::active_kernels().name);
  }
};

}  // namespace

extern const LessonInfo home_lesson = {"home", "app.home", "home.intro", /*trains=*/false, /*opens_running=*/false, {},
                                       [] { return std::unique_ptr<Lesson>(new HomeLesson()); }};

}  // namespace mlpg::ui
