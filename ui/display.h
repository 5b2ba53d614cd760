#pragma once
// How the app fits the learner's screen and settings: the layout a lesson
// frame takes (columns on a wide screen, stacked on a narrow portrait one),
// touch-sized controls, the text size and the theme. Plain values, decided
// from the screen size and what the platform reports; ImGui calls only in
// display.cpp.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace mlpg::ui {

// What the platform knows about the screen and the learner's system settings.
struct Screen {
  float width = 1280, height = 800;  // the app's area, CSS pixels
  bool coarse_pointer = false;       // a touch screen: CSS (pointer: coarse)
  bool reduced_motion = false;       // CSS (prefers-reduced-motion: reduce)
};

// The learner's display settings (the View menu, the `display` command).
struct DisplaySettings {
  float text_scale = 1.f;      // 1 .. 2: text and every size with it
  bool high_contrast = false;  // black and white with yellow focus, instead of the dark theme
};
constexpr float kMinTextScale = 1.f, kMaxTextScale = 2.f;

enum class FrameLayout {
  Columns,  // controls on the left, the experiment on the right
  Stacked,  // the experiment on top, the controls below it (collapsible)
};

// What a frame is drawn with, decided once per frame.
struct Layout {
  FrameLayout frame = FrameLayout::Columns;
  bool touch = false;          // controls at least kTouchTarget CSS pixels tall
  float controls_width = 400;  // Columns: the controls column's width
};
constexpr float kTouchTarget = 44.f;  // CSS pixels (WCAG 2.5.5, Apple's HIG)

// Stacked below a width that leaves the experiment too little room beside
// the controls, if the screen is portrait (a landscape phone keeps columns,
// with a narrower controls column); touch sizes on a touch screen or when
// stacked.
Layout decide_layout(const Screen& screen, const DisplaySettings& settings);

// Sets ImGui's style from the layout and settings (sizes scaled by the text
// size, the theme's colours). Fonts are the platform's: it rebuilds them when
// the text size changes.
void apply_style(const Layout& layout, const DisplaySettings& settings);

// Where the settings are kept between visits (the browser's local storage, as
// "text=1.5&contrast=high"; none on the desktop): load them at start, save on change.
void set_display_store(std::function<std::string()> load, std::function<void(const std::string&)> save);
DisplaySettings load_display_settings();
void save_display_settings(const DisplaySettings& settings);

nlohmann::json layout_json(const Layout& layout, const Screen& screen, const DisplaySettings& settings);

}  // namespace mlpg::ui
