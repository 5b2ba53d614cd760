#include "widgets.h"

#include <imgui_internal.h>  // the active item and a window's move handle (touch_scroll)

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <utility>
#include <vector>

namespace mlpg::ui {

namespace {
// The plots' own chrome: the dark theme's, or black and white (high contrast).
struct PlotChrome {
  ImU32 bg, border, text, legend_bg, legend_text, hover;
};
const PlotChrome kDarkChrome{IM_COL32(22, 25, 32, 255), IM_COL32(90, 96, 110, 255), IM_COL32(170, 176, 190, 255),
                             IM_COL32(22, 25, 32, 200), IM_COL32(220, 224, 232, 255), IM_COL32(255, 255, 255, 90)};
const PlotChrome kContrastChrome{IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255),
                                 IM_COL32(0, 0, 0, 230), IM_COL32(255, 255, 255, 255), IM_COL32(255, 230, 0, 255)};
const PlotChrome* g_chrome = &kDarkChrome;
double tx(double v, bool log) { return log ? std::log10(std::max(v, 1e-30)) : v; }
}  // namespace

ImVec2 PlotArea::to_screen(double x, double y) const {
  const double fx = (tx(x, log_x) - tx(x0, log_x)) / (tx(x1, log_x) - tx(x0, log_x));
  const double fy = (tx(y, log_y) - tx(y0, log_y)) / (tx(y1, log_y) - tx(y0, log_y));
  return ImVec2(p0.x + float(fx) * (p1.x - p0.x), p1.y - float(fy) * (p1.y - p0.y));
}

double PlotArea::x_at(float sx) const {
  const double f = (sx - p0.x) / std::max(1.f, p1.x - p0.x);
  const double v = tx(x0, log_x) + f * (tx(x1, log_x) - tx(x0, log_x));
  return log_x ? std::pow(10.0, v) : v;
}

double PlotArea::y_at(float sy) const {
  const double f = (p1.y - sy) / std::max(1.f, p1.y - p0.y);
  const double v = tx(y0, log_y) + f * (tx(y1, log_y) - tx(y0, log_y));
  return log_y ? std::pow(10.0, v) : v;
}

PlotArea plot_begin(const char* id, ImVec2 size, double x0, double x1, double y0, double y1, bool log_x, bool log_y,
                    bool labels) {
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float label_w = labels ? ImGui::CalcTextSize("-0.000").x + 4 : 0.f;
  const float label_h = labels ? ImGui::GetTextLineHeight() : 0.f;
  PlotArea a;
  a.p0 = ImVec2(origin.x + label_w, origin.y + 2);
  a.p1 = ImVec2(origin.x + size.x - 4, origin.y + size.y - label_h - 2);
  // An empty range becomes one wide; a reversed one stays (images put row 0
  // at the top: y0 = rows at the bottom, y1 = 0 at the top).
  if (!(x1 > x0) && !(x1 < x0)) x1 = x0 + 1;
  if (!(y1 > y0) && !(y1 < y0)) y1 = y0 + 1;
  a.x0 = x0; a.x1 = x1; a.y0 = y0; a.y1 = y1; a.log_x = log_x; a.log_y = log_y;
  a.hovered = ImGui::IsItemHovered();
  a.mouse = ImGui::GetIO().MousePos;
  dl->AddRectFilled(a.p0, a.p1, g_chrome->bg);
  dl->AddRect(a.p0, a.p1, g_chrome->border);
  if (!labels) return a;
  char buf[32];
  const ImU32 text = g_chrome->text;
  std::snprintf(buf, sizeof buf, "%.3g", y1);
  dl->AddText(ImVec2(origin.x, a.p0.y), text, buf);
  std::snprintf(buf, sizeof buf, "%.3g", y0);
  dl->AddText(ImVec2(origin.x, a.p1.y - label_h), text, buf);
  std::snprintf(buf, sizeof buf, "%.3g", x0);
  dl->AddText(ImVec2(a.p0.x, a.p1.y + 1), text, buf);
  std::snprintf(buf, sizeof buf, "%.3g", x1);
  dl->AddText(ImVec2(a.p1.x - ImGui::CalcTextSize(buf).x, a.p1.y + 1), text, buf);
  return a;
}

void plot_line(const PlotArea& a, const float* xs, const float* ys, int n, ImU32 color, float thickness) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(a.p0, a.p1, true);
  ImVec2 prev;
  bool have = false;
  // At most about two points per pixel of width (and always the last one):
  // a long history costs a bounded number of vertices.
  const int stride = std::max(1, n / std::max(64, int(2 * (a.p1.x - a.p0.x))));
  for (int i = 0; i < n; i = i == n - 1 ? n : std::min(i + stride, n - 1)) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) { have = false; continue; }
    const ImVec2 p = a.to_screen(xs[i], ys[i]);
    if (have) dl->AddLine(prev, p, color, thickness);
    prev = p;
    have = true;
  }
  dl->PopClipRect();
}

void plot_series(const PlotArea& a, const std::vector<float>& ys, ImU32 color, float thickness) {
  std::vector<float> xs(ys.size());
  for (size_t i = 0; i < xs.size(); ++i) xs[i] = float(i);
  plot_line(a, xs.data(), ys.data(), int(ys.size()), color, thickness);
}

void plot_points(const PlotArea& a, const float* xs, const float* ys, int n, ImU32 color, float r, bool filled) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(a.p0, a.p1, true);
  for (int i = 0; i < n; ++i) {
    const ImVec2 p = a.to_screen(xs[i], ys[i]);
    if (filled) {
      dl->AddCircleFilled(p, r, color);
      dl->AddCircle(p, r, IM_COL32(255, 255, 255, 200));
    } else {
      dl->AddCircle(p, r, color, 0, 2.f);
    }
  }
  dl->PopClipRect();
}

void plot_hover_series(const PlotArea& a, const std::vector<const std::vector<float>*>& series,
                       const std::vector<const char*>& names, const char* x_name) {
  if (!a.hovered || series.empty() || series[0]->empty()) return;
  const double x = a.x_at(a.mouse.x);
  const long i = std::lround(x);
  if (i < 0 || i >= long(series[0]->size())) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(a.to_screen(double(i), a.y0).x, a.p0.y), ImVec2(a.to_screen(double(i), a.y0).x, a.p1.y),
              g_chrome->hover);
  ImGui::BeginTooltip();
  ImGui::Text("%s %ld", x_name, i);
  for (size_t s = 0; s < series.size(); ++s)
    if (i < long(series[s]->size())) ImGui::Text("%s: %.5g", names[s], double((*series[s])[size_t(i)]));
  ImGui::EndTooltip();
}

void plot_cells(const PlotArea& a, const std::vector<ImU32>& colors, int rows, int cols) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float w = (a.p1.x - a.p0.x) / float(cols), h = (a.p1.y - a.p0.y) / float(rows);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      dl->AddRectFilled(ImVec2(a.p0.x + c * w, a.p0.y + r * h), ImVec2(a.p0.x + (c + 1) * w + 0.5f, a.p0.y + (r + 1) * h + 0.5f),
                        colors[size_t(r * cols + c)]);
}

void plot_legend(const PlotArea& a, const std::vector<const char*>& names, const std::vector<ImU32>& colors) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float y = a.p0.y + 4;
  for (size_t i = 0; i < names.size(); ++i) {
    const float w = ImGui::CalcTextSize(names[i]).x;
    const ImVec2 at(a.p1.x - w - 22, y);
    dl->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(a.p1.x - 4, at.y + ImGui::GetTextLineHeight()), g_chrome->legend_bg);
    dl->AddLine(ImVec2(at.x, at.y + 8), ImVec2(at.x + 14, at.y + 8), colors[i], 3.f);
    dl->AddText(ImVec2(at.x + 18, at.y), g_chrome->legend_text, names[i]);
    y += ImGui::GetTextLineHeight() + 2;
  }
}

void finite_range(const std::vector<float>& v, float* lo, float* hi) {
  float a = INFINITY, b = -INFINITY;
  for (float x : v)
    if (std::isfinite(x)) { a = std::min(a, x); b = std::max(b, x); }
  if (!std::isfinite(a)) { a = 0; b = 1; }
  if (b - a < 1e-12f) { a -= 0.5f; b += 0.5f; }
  *lo = a;
  *hi = b;
}

ImU32 class_color(int c, float alpha) {
  // Okabe and Ito's colour-blind-safe palette (sky blue, orange, vermillion,
  // blue): every pair stays apart under simulated protanopia, deuteranopia
  // and tritanopia (tests/ui/frames_test.cpp, Display.ClassColours...).
  static const ImVec4 k[] = {{0.34f, 0.71f, 0.91f, 1}, {0.90f, 0.62f, 0.0f, 1}, {0.84f, 0.37f, 0.0f, 1}, {0.0f, 0.45f, 0.70f, 1}};
  ImVec4 v = k[c & 3];
  v.w = alpha;
  return ImGui::ColorConvertFloat4ToU32(v);
}

ImU32 diverging_color(float v, float hi) {
  const float t = std::clamp(v / std::max(hi, 1e-6f), -1.f, 1.f);
  const ImU32 zero = IM_COL32(28, 30, 38, 255);
  return t >= 0 ? mix(zero, IM_COL32(250, 150, 60, 255), t) : mix(zero, IM_COL32(70, 140, 250, 255), -t);
}

ImU32 mix(ImU32 a, ImU32 b, float t) {
  const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a), y = ImGui::ColorConvertU32ToFloat4(b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t, x.z + (y.z - x.z) * t, x.w + (y.w - x.w) * t));
}

namespace {
// The code point at p (UTF-8) and its length.
unsigned decode(const char* p, int* len) {
  const unsigned char b = static_cast<unsigned char>(*p);
  if (b < 0x80) return *len = 1, b;
  if ((b >> 5) == 6 && p[1]) return *len = 2, ((b & 0x1Fu) << 6) | (p[1] & 0x3F);
  if ((b >> 4) == 14 && p[1] && p[2]) return *len = 3, ((b & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F);
  if ((b >> 3) == 30 && p[1] && p[2] && p[3])
    return *len = 4, ((b & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3F);
  return *len = 1, 0xFFFD;
}
bool is_cjk(unsigned c) { return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF); }
bool closes(unsigned c) {  // never starts a line
  for (unsigned k : {0xFF0Cu, 0x3002u, 0x3001u, 0xFF1Bu, 0xFF1Au, 0xFF01u, 0xFF1Fu, 0xFF09u, 0x300Du, 0x300Fu, 0x300Bu, 0x201Du, 0x2019u})
    if (c == k) return true;
  return false;
}
bool opens(unsigned c) { return c == 0xFF08u || c == 0x300Cu || c == 0x300Eu || c == 0x300Au || c == 0x201Cu || c == 0x2018u; }

struct Segment {
  const char* begin;
  const char* end;
  bool space, newline;
};
}  // namespace

void text_wrapped(const char* text, ImU32 color, float width) {
  if (width <= 0) width = std::max(40.f, ImGui::GetContentRegionAvail().x);
  // Segments between which a line may break.
  std::vector<Segment> segs;
  enum { None, Space, Newline, Cjk, Word, Glue } prev = None;  // Glue: the next character joins
  for (const char* p = text; *p;) {
    int len = 1;
    const unsigned c = decode(p, &len);
    const bool joinable = !segs.empty() && prev != Space && prev != Newline;
    if (c == '\n') {
      segs.push_back({p, p + 1, false, true});
      prev = Newline;
    } else if (c == ' ') {
      segs.push_back({p, p + 1, true, false});
      prev = Space;
    } else if (c == 0xA0) {  // no-break space: glues both sides
      if (joinable) segs.back().end = p + len;
      else segs.push_back({p, p + len, false, false});
      prev = Glue;
    } else if (is_cjk(c)) {
      if (joinable && (closes(c) || prev == Glue)) segs.back().end = p + len;
      else segs.push_back({p, p + len, false, false});
      prev = opens(c) ? Glue : Cjk;
    } else {  // Latin letters, digits, marks: one word until a space or a Chinese character
      if (joinable && (prev == Word || prev == Glue)) segs.back().end = p + len;
      else segs.push_back({p, p + len, false, false});
      prev = Word;
    }
    p += len;
  }
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  const char* line_begin = nullptr;
  const char* line_end = nullptr;
  float line_w = 0;
  auto flush = [&] {
    if (line_begin) ImGui::TextUnformatted(line_begin, line_end);
    else ImGui::TextUnformatted("");
    line_begin = line_end = nullptr;
    line_w = 0;
  };
  for (const Segment& s : segs) {
    if (s.newline) { flush(); continue; }
    const float w = ImGui::CalcTextSize(s.begin, s.end).x;
    if (s.space) {
      if (line_begin) line_w += w;  // a space at a line's start is dropped
      continue;
    }
    if (line_begin && line_w + w > width) flush();
    if (!line_begin) line_begin = s.begin;
    line_end = s.end;
    line_w = ImGui::CalcTextSize(line_begin, line_end).x;
  }
  if (line_begin) flush();
  if (color) ImGui::PopStyleColor();
}

void text_wrappedf(ImU32 color, const char* fmt, ...) {
  char buf[2048];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  text_wrapped(buf, color);
}

void plot_contour_lines(const PlotArea& a, const std::vector<float>& grid, int G, int levels, ImU32 color) {
  if (G < 2 || grid.size() != size_t(G) * size_t(G)) return;
  float lo = INFINITY, hi = -INFINITY;
  for (float v : grid)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(hi > lo)) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto centre = [&](int i, int j) {
    return ImVec2(float(a.x0 + (a.x1 - a.x0) * (j + 0.5) / G), float(a.y1 - (a.y1 - a.y0) * (i + 0.5) / G));
  };
  for (int level = 1; level < levels; ++level) {
    const float v = lo + (hi - lo) * float(level) / float(levels);
    for (int i = 0; i + 1 < G; ++i)
      for (int j = 0; j + 1 < G; ++j) {
        const float c[4] = {grid[size_t(i * G + j)], grid[size_t(i * G + j + 1)], grid[size_t((i + 1) * G + j + 1)], grid[size_t((i + 1) * G + j)]};
        const ImVec2 p[4] = {centre(i, j), centre(i, j + 1), centre(i + 1, j + 1), centre(i + 1, j)};
        ImVec2 hits[4];
        int n = 0;
        for (int e = 0; e < 4; ++e) {  // each edge the level crosses, by linear interpolation
          const float a0 = c[e], a1 = c[(e + 1) % 4];
          if ((a0 < v) == (a1 < v)) continue;
          const float t = (v - a0) / (a1 - a0);
          hits[n++] = ImVec2(p[e].x + t * (p[(e + 1) % 4].x - p[e].x), p[e].y + t * (p[(e + 1) % 4].y - p[e].y));
        }
        for (int h = 0; h + 1 < n; h += 2) dl->AddLine(a.to_screen(hits[h].x, hits[h].y), a.to_screen(hits[h + 1].x, hits[h + 1].y), color, 1.f);
      }
  }
}

namespace {
std::map<std::string, std::array<float, 4>> g_rects;  // this frame's (ImGui draws one frame at a time)
std::string g_nav;
}  // namespace

void set_plot_contrast(bool high) { g_chrome = high ? &kContrastChrome : &kDarkChrome; }

void record_item_rect(const std::string& name, float width) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  g_rects[name] = {a.x, a.y, width < 0 ? b.x - a.x : width, b.y - a.y};
  if (ImGui::IsItemFocused()) g_nav = name;
}

void record_rect(const std::string& name, const std::array<float, 4>& rect) { g_rects[name] = rect; }

void record_window_content(const std::string& name) {
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  record_rect(name, {p.x, p.y, s.x + ImGui::GetScrollMaxX(), s.y + ImGui::GetScrollMaxY()});
}

std::string take_nav_focus() { return std::exchange(g_nav, std::string()); }

std::map<std::string, std::array<float, 4>> take_item_rects() { return std::move(g_rects); }

void touch_scroll() {
  const ImGuiIO& io = ImGui::GetIO();
  // A press on a window's background makes its move handle the active item
  // (even in a window that cannot move); a press on a control makes that control active.
  const ImGuiID active = ImGui::GetActiveID();
  if ((active != 0 && active != ImGui::GetCurrentWindow()->MoveId) || !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) return;
  // The window the drag started in, not the one the finger is over now.
  const ImVec2 p = io.MouseClickedPos[0], a = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  if (p.x < a.x || p.y < a.y || p.x >= a.x + s.x || p.y >= a.y + s.y) return;
  if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) return;
  ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
  ImGui::SetScrollX(ImGui::GetScrollX() - io.MouseDelta.x);
}

bool same_line_if_fits(float width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
  const float limit = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (right + width > limit) return false;
  ImGui::SameLine();
  return true;
}

void begin_panel(float width) {
  ImGui::BeginGroup();
  const bool wrapping = ImGui::GetCurrentWindow()->DC.TextWrapPos >= 0;
  ImGui::PushTextWrapPos(wrapping ? ImGui::GetCursorPosX() + width : -1.f);
}

void end_panel() {
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

bool begin_table(const char* id, int columns, ImGuiTableFlags flags) {
  if (!ImGui::BeginTable(id, columns, flags)) return false;
  ImGui::PushTextWrapPos(-1.f);
  return true;
}

void end_table() {
  ImGui::PopTextWrapPos();
  ImGui::EndTable();
}

float panel_width(float share, float avail, float gap) {
  const float w = avail * share - gap;
  return w < kPanelMinEms * ImGui::GetFontSize() ? avail : w;
}

bool panel_beside(float width) { return same_line_if_fits(width > 0 ? width : kPanelMinEms * ImGui::GetFontSize()); }

}  // namespace mlpg::ui
