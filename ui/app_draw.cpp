// Draws the app with ImGui from plain state: the top bar, notices and the
// current lesson (which draws itself). No platform code here.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app.h"
#include "fonts.h"
#include "kernels/kernels.h"

namespace mlpg::ui {

namespace {

void draw_top_bar(AppState& app) {
  const Lang L = app.lang;
  if (!ImGui::BeginMainMenuBar()) return;
  ImGui::TextUnformatted(tr(L, "app.title"));
  ImGui::Separator();
  for (const LessonInfo* l : lessons()) {  // the home page first, then every lesson
    const bool current = app.lesson == l->id;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    // The bar holds every lesson: its short name, the full title on hover.
    const std::string short_key = std::string(l->title_key) + ".short";
    const bool has_short = has_string(short_key);
    if (ImGui::Button(tr(L, has_short ? std::string_view(short_key) : std::string_view(l->title_key)))) app_open_lesson(app, l->id);
    if (has_short && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(L, l->title_key));
    if (current) ImGui::PopStyleColor();
  }
  ImGui::Separator();
  if (ImGui::Button(tr(L, "app.language"))) {
    app.lang = L == Lang::En ? Lang::Zh : Lang::En;
    app.url_dirty = true;
  }
  const char* speeds[] = {tr(L, "app.speed.slow"), tr(L, "app.speed.normal"), tr(L, "app.speed.fast")};
  ImGui::SetNextItemWidth(90);
  ImGui::Combo("##speed", &app.speed, speeds, 3);
  if (ImGui::Button(tr(L, "app.share"))) {
    app.copy_text(app_hash(app));
    app.copied_at = app.clock();
  }
  if (app.clock() - app.copied_at < 2.0) ImGui::TextUnformatted(tr(L, "app.copied"));
  char stats[160];
  std::snprintf(stats, sizeof stats, "%.0f fps  %.0f %s  %s", double(app.fps), double(app.steps_per_s),
                tr(L, "app.steps_per_s"), kernels::active_kernels().name);
  ImGui::SameLine();
  const float x = ImGui::GetWindowWidth() - ImGui::CalcTextSize(stats).x - 16;
  if (x > ImGui::GetCursorPosX()) {  // only when it fits (narrow embeds skip it)
    ImGui::SetCursorPosX(x);
    ImGui::TextDisabled("%s", stats);
  }
  ImGui::EndMainMenuBar();
}

void draw_notices(AppState& app) {
  if (app.notices.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(90, 70, 20, 255));
  const float h = ImGui::GetTextLineHeightWithSpacing() * float(app.notices.size() + 1) + 8;
  ImGui::BeginChild("notices", ImVec2(0, h), true);
  std::string open;
  for (size_t i = 0; i < app.notices.size(); ++i) {
    const Notice& n = app.notices[i];
    ImGui::TextWrapped("%s", n.text.c_str());
    if (n.open.empty()) continue;
    ImGui::SameLine();
    ImGui::PushID(int(i));
    if (ImGui::SmallButton(tr(app.lang, "coach.open"))) open = n.open;
    ImGui::PopID();
  }
  if (ImGui::SmallButton(tr(app.lang, "app.dismiss"))) app.notices.clear();
  ImGui::EndChild();
  ImGui::PopStyleColor();
  if (!open.empty()) {  // after drawing: the notice list may change
    app.notices.clear();
    app_apply_hash(app, open);
  }
}

// "Show code": the page's models as PyTorch or Keras code, with a copy button.
void draw_code_window(AppState& app, const Lesson& lesson) {
  const Lang L = app.lang;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(std::min(760.f, vp->WorkSize.x - 20), std::min(620.f, vp->WorkSize.y - 20)), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(1.f);  // code over a busy lesson must stay readable
  if (!ImGui::Begin(tr(L, "code.title"), &app.show_code, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  const std::vector<CodeSpec> specs = lesson.code();
  if (specs.empty()) {
    ImGui::End();
    return;
  }
  app.code_model = std::clamp(app.code_model, 0, int(specs.size()) - 1);
  for (int i = 0; i < int(specs.size()); ++i) {
    if (i) ImGui::SameLine();
    ImGui::PushID(i);
    if (ImGui::RadioButton(specs[size_t(i)].title.c_str(), app.code_model == i)) app.code_model = i;
    ImGui::PopID();
  }
  ImGui::RadioButton("PyTorch", &app.code_flavour, 0);
  ImGui::SameLine();
  ImGui::RadioButton("Keras", &app.code_flavour, 1);
  const CodeSpec& s = specs[size_t(app.code_model)];
  const std::string code = app.code_flavour == 0 ? pytorch_code(s) : keras_code(s);
  ImGui::SameLine();
  if (ImGui::Button(tr(L, "code.copy"))) {
    app.copy_plain(code);
    app.copied_at = app.clock();
  }
  if (app.clock() - app.copied_at < 2.0) {
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(L, "code.copied"));
  }
  ImGui::TextDisabled("%s", tr(L, "code.note"));
  ImGui::BeginChild("code", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(code.c_str(), code.c_str() + code.size());
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace

void app_setup_fonts(float ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float px = 16.f * ratio;
  ImFontConfig latin;
  latin.FontDataOwnedByAtlas = false;  // static data, never freed by ImGui
  static const ImWchar latin_ranges[] = {0x0020, 0x017F, 0x0370, 0x03FF, 0x2000, 0x22FF, 0};
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(fonts::dejavu_sans), int(fonts::dejavu_sans_size), px,
                                 &latin, latin_ranges);
  ImFontConfig cjk;
  cjk.FontDataOwnedByAtlas = false;
  cjk.MergeMode = true;
  // Every glyph the subset holds: the string tables' and the corpora's.
  static_assert(sizeof(ImWchar) == sizeof(unsigned short), "glyph ranges are generated as 16-bit codepoints");
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(fonts::cjk_subset), int(fonts::cjk_subset_size), px, &cjk,
                                 reinterpret_cast<const ImWchar*>(fonts::cjk_ranges));
  io.FontGlobalScale = 1.f / ratio;  // rasterised at device pixels, laid out in CSS pixels
}

void app_draw(AppState& app) {
  draw_top_bar(app);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  draw_notices(app);
  LessonUi ui;
  ui.lang = app.lang;
  ui.running = &app.running;
  ui.lesson = &current_lesson(app);
  ui.url_dirty = &app.url_dirty;
  ui.show_code = &app.show_code;
  ui.lesson->draw(ui);
  ImGui::End();
  if (app.show_code && ui.lesson->has_code()) draw_code_window(app, *ui.lesson);
  if (ui.steps_requested > 0) app_train(app, ui.steps_requested);
  if (!ui.open_lesson.empty()) app_open_lesson(app, ui.open_lesson);
  if (!ui.open_link.empty()) app_open_link(app, ui.open_link);
}

}  // namespace mlpg::ui
