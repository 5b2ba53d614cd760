// The home page is the course's map (ui/course.def): its sections and items
// in the article's order, each with one sentence and a link to the page that
// teaches it (the lesson that claims it in the registry); items the learner
// has opened are marked. The lessons themselves follow as a row of buttons.
#include <imgui.h>

#include "course.h"
#include "kernels/kernels.h"
#include "lesson.h"
#include "core/version.h"

namespace mlpg::ui {

namespace {

struct ItemRect {
  std::string id;
  float x = 0, y = 0, w = 0, h = 0;  // the Open button, in page (CSS) pixels
};

class HomeLesson final : public Lesson {
 public:
  const ParamTable& param_table() const override {
    static const ParamTable none;
    return none;
  }
  void* param_block() override { return nullptr; }
  void reset() override {}
  nlohmann::json state() const override {
    nlohmann::json items = nlohmann::json::array();
    for (const CourseItem& i : course_items()) {
      const CourseLink link = course_link(i.id);
      nlohmann::json it = {{"id", i.id}, {"section", i.section}, {"tried", tried(i.id)}, {"built", link.found},
                           {"link", link.found ? link.hash() : std::string()}};
      for (const ItemRect& r : rects_)
        if (r.id == i.id) it["rect"] = {r.x, r.y, r.w, r.h};
      items.push_back(it);
    }
    return {{"step", 0}, {"course", items}};
  }

  void draw(LessonUi& ui) override {
    const Lang L = ui.lang;
    rects_.clear();
    ImGui::SetWindowFontScale(1.3f);
    ImGui::TextUnformatted(tr(L, "home.title"));
    ImGui::SetWindowFontScale(1.f);
    ImGui::TextWrapped("%s", tr(L, "home.intro"));
    const float width = ImGui::GetContentRegionAvail().x;
    for (const char* section : course_sections()) {
      ImGui::Dummy(ImVec2(0, 2));
      ImGui::TextColored(ImVec4(1, 0.85f, 0.5f, 1), "%s", tr(L, std::string("course.") + section));
      if (!ImGui::BeginTable(section, width > 900 ? 2 : 1, ImGuiTableFlags_SizingStretchSame)) continue;
      for (const CourseItem& item : course_items()) {
        if (std::string_view(item.section) != section) continue;
        ImGui::TableNextColumn();
        ImGui::PushID(item.id);
        const CourseLink link = course_link(item.id);
        const std::string key = std::string("course.") + item.id;
        if (link.found) {
          // A line-high button with a mouse, a finger-sized one on a touch screen.
          if (ui.touch ? ImGui::Button(tr(L, "app.open")) : ImGui::SmallButton(tr(L, "app.open"))) ui.open_link = link.hash();
          const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
          rects_.push_back({item.id, a.x, a.y, b.x - a.x, b.y - a.y});
        } else {
          ImGui::TextDisabled("%s", tr(L, "course.not_built"));
        }
        ImGui::SameLine();
        if (tried(item.id)) {
          ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1), "%s", tr(L, key));
          if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, "course.tried"));
        } else {
          ImGui::TextUnformatted(tr(L, key));
        }
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", tr(L, key + ".blurb"));
        ImGui::PopStyleColor();
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextUnformatted(tr(L, "home.lessons"));
    for (const LessonInfo* l : lessons()) {
      if (l == &home_page()) continue;
      ImGui::SameLine();
      const std::string short_key = std::string(l->title_key) + ".short";
      const char* label = tr(L, has_string(short_key) ? std::string_view(short_key) : std::string_view(l->title_key));
      if (ui.touch ? ImGui::Button(label) : ImGui::SmallButton(label)) ui.open_lesson = l->id;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, l->blurb_key));
    }
    ImGui::TextDisabled("engine %s, %s %s; %s", engine_version(), tr(L, "app.kernels"), kernels::active_kernels().name, tr(L, "course.tried_note"));
  }

 private:
  std::vector<ItemRect> rects_;
};

}  // namespace

extern const LessonInfo home_lesson = {"home", "app.home", "home.intro", /*trains=*/false, /*opens_running=*/false, {},
                                       [] { return std::unique_ptr<Lesson>(new HomeLesson()); }};

}  // namespace mlpg::ui
