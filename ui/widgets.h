#pragma once
// Small plotting widgets on ImGui's draw list: a framed plot area with data
// -> screen mapping, axes labels, lines, points, heatmaps, and a hover readout.
// They read the caller's arrays in place and keep no state between frames.
#include <imgui.h>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace mlpg::ui {

struct PlotArea {
  ImVec2 p0, p1;                 // screen rectangle of the data area
  double x0, x1, y0, y1;         // data range
  bool log_x = false, log_y = false;
  bool hovered = false;
  ImVec2 mouse;                  // in screen coordinates
  ImVec2 to_screen(double x, double y) const;
  double x_at(float sx) const;   // data x under a screen x
  double y_at(float sy) const;
};

// Reserves `size` (width -1 = all), draws the frame and min/max axis labels.
PlotArea plot_begin(const char* id, ImVec2 size, double x0, double x1, double y0, double y1, bool log_x = false,
                    bool log_y = false, bool labels = true);
void plot_line(const PlotArea& a, const float* xs, const float* ys, int n, ImU32 color, float thickness = 2.f);
// y-only series at x = 0..n-1.
void plot_series(const PlotArea& a, const std::vector<float>& ys, ImU32 color, float thickness = 2.f);
void plot_points(const PlotArea& a, const float* xs, const float* ys, int n, ImU32 color, float radius, bool filled);
// Vertical hover line with one readout per series ("name: value").
void plot_hover_series(const PlotArea& a, const std::vector<const std::vector<float>*>& series,
                       const std::vector<const char*>& names, const char* x_name);
// Cells [rows, cols] of colours over the whole area.
void plot_cells(const PlotArea& a, const std::vector<ImU32>& colors, int rows, int cols);
// Contour lines of a G x G grid of values over the whole area (row 0 at the top, as plot_cells), at
// `levels` evenly spaced values between the grid's min and max: marching squares over cell centres.
void plot_contour_lines(const PlotArea& a, const std::vector<float>& grid, int G, int levels, ImU32 color);
void plot_legend(const PlotArea& a, const std::vector<const char*>& names, const std::vector<ImU32>& colors);
// Range of finite values (pads equal ends).
void finite_range(const std::vector<float>& v, float* lo, float* hi);
ImU32 class_color(int c, float alpha = 1.f);
// Blue for negative, dark for zero, orange for positive (|v| <= hi): the
// heatmaps' scale, its ends apart for colour-blind learners too.
ImU32 diverging_color(float v, float hi);
ImU32 mix(ImU32 a, ImU32 b, float t);

// The plots' frames, axes, legends and hover lines in black and white (the
// high-contrast theme; display.cpp sets it with ImGui's style).
void set_plot_contrast(bool high);

// Where the named controls were drawn in the last frame (x, y, width,
// height in CSS px; for a slider the width is its frame's): the shared
// buttons, every parameter's widget, the drawing pads. state() reports them,
// so a test (and the touch e2e) aims at a control wherever the layout put it.
void record_item_rect(const std::string& name, float width = -1);  // the last item; width -1: its own
void record_rect(const std::string& name, const std::array<float, 4>& rect);  // x, y, width, height
// The current window's content as a rect (its size plus how far it scrolls): wider than
// the window means the learner must scroll sideways.
void record_window_content(const std::string& name);
std::map<std::string, std::array<float, 4>> take_item_rects();      // this frame's, and starts the next
std::string take_nav_focus();  // the recorded control the keyboard navigation is on ("" if none)

// A finger scrolls the current window: dragged from anywhere that is not a
// control (ImGui scrolls by wheel and scrollbar only). Call before EndChild.
void touch_scroll();

// Places what comes next beside the last item when `width` fits on its line,
// else under it: panels side by side on a wide screen, stacked on a phone.
bool same_line_if_fits(float width);  // true: beside

// Panels that share a line on a wide screen and stack on a phone: `share` of
// `avail` less `gap`, or all of `avail` when that would be narrower than a
// panel can be read at (kPanelMinEms of the font size, so large text stacks
// sooner). Use with panel_beside() between the panels.
constexpr float kPanelMinEms = 15.f;
float panel_width(float share, float avail, float gap = 8.f);
// Between two panels: beside the last one when `width` (0: the panel
// minimum) fits on its line, else under it. true: beside.
bool panel_beside(float width = 0.f);
// A panel another sits beside, whose plain text wraps at `width` while the
// stacked layout wraps text (else it is a plain group): without it a left
// panel's heading wraps at the screen's edge and pushes its neighbour off.
// Its rows of widgets must fit `width` (a text after them would wrap one
// letter per line).
void begin_panel(float width);
void end_panel();

// A table whose cells never wrap their text (the stacked layout wraps plain
// text at the screen's edge; a fixed-fit column would shrink to one letter).
bool begin_table(const char* id, int columns, ImGuiTableFlags flags);
void end_table();

// Wrapped text for mixed Chinese and Latin: a line may break at an ASCII
// space or between two Chinese characters (never before a closing mark like
// ，。 or after an opening one), never inside a Latin word or a number such
// as 6.328 (ImGui's own wrap breaks after '.' and, in a line without spaces,
// anywhere). U+00A0 glues. Width 0: the space left in the window. color 0:
// the text colour.
void text_wrapped(const char* text, ImU32 color = 0, float width = 0);
void text_wrappedf(ImU32 color, const char* fmt, ...) IM_FMTARGS(2);

}  // namespace mlpg::ui
