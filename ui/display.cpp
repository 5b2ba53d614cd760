// The layout decision and ImGui's style for it (sizes, touch targets, theme).
#include "display.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "params.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

// Below this width (CSS px, at text size 100%) the experiment beside a
// controls column would be narrower than the column itself.
// Landscape screens keep the columns down to kStackAlways (a phone on its side).
constexpr float kStackBelow = 800.f, kStackAlways = 700.f;
constexpr float kColumnWidth = 400.f, kMinColumnWidth = 270.f;

void dark_colors(ImGuiStyle& s) {
  ImGui::StyleColorsDark(&s);
  // ImGui's default dark text on a hovered button is ~4:1; keep the text white
  // and the disabled text readable (WCAG AA on the window background).
  s.Colors[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.64f, 0.68f, 1.f);
}

// Black, white and one accent: every pair WCAG AAA (7:1) or better.
void high_contrast_colors(ImGuiStyle& s) {
  ImGui::StyleColorsDark(&s);
  const ImVec4 black(0, 0, 0, 1), white(1, 1, 1, 1), yellow(1.f, 0.9f, 0.f, 1), grey(0.2f, 0.2f, 0.2f, 1);
  for (ImVec4& c : s.Colors) c = black;
  s.Colors[ImGuiCol_Text] = white;
  s.Colors[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1);
  for (int c : {ImGuiCol_Border, ImGuiCol_Separator, ImGuiCol_SeparatorHovered, ImGuiCol_SeparatorActive,
                ImGuiCol_ScrollbarGrab, ImGuiCol_CheckMark, ImGuiCol_ResizeGrip})
    s.Colors[c] = white;
  s.Colors[ImGuiCol_SliderGrab] = ImVec4(0.45f, 0.45f, 0.45f, 1);  // white numbers stay readable over it (5:1)
  for (int c : {ImGuiCol_FrameBgHovered, ImGuiCol_ButtonHovered, ImGuiCol_HeaderHovered, ImGuiCol_TabHovered,
                ImGuiCol_ScrollbarGrabHovered})
    s.Colors[c] = grey;
  for (int c : {ImGuiCol_ScrollbarGrabActive, ImGuiCol_NavHighlight, ImGuiCol_TextSelectedBg, ImGuiCol_PlotLines,
                ImGuiCol_PlotHistogram})
    s.Colors[c] = yellow;
  // Pressed and selected backgrounds carry white text: a dark yellow (7:1), not the bright one.
  for (int c : {ImGuiCol_FrameBgActive, ImGuiCol_ButtonActive, ImGuiCol_HeaderActive, ImGuiCol_Header, ImGuiCol_TabActive})
    s.Colors[c] = ImVec4(0.36f, 0.33f, 0.f, 1);
  s.Colors[ImGuiCol_TextSelectedBg].w = 0.5f;
  s.Colors[ImGuiCol_SliderGrabActive] = ImVec4(0.6f, 0.54f, 0.f, 1);
  s.Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.8f);
  s.Colors[ImGuiCol_PopupBg] = black;
  s.FrameBorderSize = 1.f;  // every control outlined: frames are black on black otherwise
  s.WindowBorderSize = 1.f;
  s.PopupBorderSize = 1.f;
}

}  // namespace

Layout decide_layout(const Screen& screen, const DisplaySettings& settings) {
  Layout l;
  const float scale = std::clamp(settings.text_scale, kMinTextScale, kMaxTextScale);
  const float width = screen.width / scale;  // in text-size units: 1280 at 200% is as narrow as 640
  const bool portrait = screen.height >= screen.width * 0.9f;
  l.frame = width < kStackBelow && (portrait || width < kStackAlways) ? FrameLayout::Stacked : FrameLayout::Columns;
  l.touch = screen.coarse_pointer || l.frame == FrameLayout::Stacked;
  l.controls_width = std::clamp(screen.width * 0.38f, kMinColumnWidth * scale, kColumnWidth * scale);
  return l;
}

void apply_style(const Layout& layout, const DisplaySettings& settings) {
  ImGuiStyle s;  // ImGui's defaults, then ours
  if (settings.high_contrast) high_contrast_colors(s);
  else dark_colors(s);
  s.FrameRounding = 3.f;
  if (layout.touch) {
    // A frame is the font's height plus twice FramePadding.y: 16 + 2 * 14 = 44.
    s.FramePadding = ImVec2(10.f, (kTouchTarget - 16.f) * 0.5f);
    s.ItemSpacing = ImVec2(10.f, 8.f);
    s.ItemInnerSpacing = ImVec2(8.f, 6.f);
    s.GrabMinSize = 28.f;
    s.ScrollbarSize = 22.f;
    s.TouchExtraPadding = ImVec2(4.f, 4.f);
  }
  s.ScaleAllSizes(std::clamp(settings.text_scale, kMinTextScale, kMaxTextScale));
  ImGui::GetStyle() = s;
  set_plot_contrast(settings.high_contrast);
}

namespace {
std::function<std::string()> g_load;
std::function<void(const std::string&)> g_save;
}  // namespace

void set_display_store(std::function<std::string()> load, std::function<void(const std::string&)> save) {
  g_load = std::move(load);
  g_save = std::move(save);
}

// Lenient: whatever the store holds (another version's keys, a hand edit),
// a value that does not parse or is out of range keeps the default.
DisplaySettings load_display_settings() {
  DisplaySettings d;
  if (!g_load) return d;
  for (const auto& [k, v] : parse_hash(g_load())) {
    if (k == "text") {
      char* end = nullptr;
      const double x = std::strtod(v.c_str(), &end);
      if (end && *end == 0 && x >= kMinTextScale && x <= kMaxTextScale) d.text_scale = float(x);
    } else if (k == "contrast") {
      d.high_contrast = v == "high";
    }
  }
  return d;
}

void save_display_settings(const DisplaySettings& d) {
  if (!g_save) return;
  char text[16];
  std::snprintf(text, sizeof text, "%g", double(d.text_scale));
  g_save(format_hash({{"text", text}, {"contrast", d.high_contrast ? "high" : "normal"}}).substr(1));
}

nlohmann::json layout_json(const Layout& layout, const Screen& screen, const DisplaySettings& settings) {
  return {{"frame", layout.frame == FrameLayout::Stacked ? "stacked" : "columns"},
          {"touch", layout.touch},
          {"controls_width", layout.controls_width},
          {"width", screen.width},
          {"height", screen.height},
          {"coarse_pointer", screen.coarse_pointer},
          {"reduced_motion", screen.reduced_motion},
          {"text_scale", settings.text_scale},
          {"contrast", settings.high_contrast ? "high" : "normal"}};
}

}  // namespace mlpg::ui
