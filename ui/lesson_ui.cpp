// What lessons share when they draw: the frame (controls | experiment), the
// play/step/reset row, and the one widget that draws any parameter from its
// table entry: the range, scale and names are the table's, so a slider cannot
// disagree with the URL or a command. An edit goes through
// apply_param_changes(), like a command.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "assets.h"
#include "widgets.h"
#include "embed.h"
#include "lesson.h"

namespace mlpg::ui {

namespace {

// An enum member's label: "<label_key>.<name>" when the table has it, else the name.
const char* member_label(Lang L, const ParamSpec& s, size_t i) {
  const std::string key = std::string(s.label_key) + "." + s.names[i];
  return has_string(key) ? tr(L, key) : s.names[i];
}

bool draw_real(Lang L, const ParamSpec& s, double& v) {
  bool changed = false;
  if (s.zero_key) {
    bool off = v == 0.0;
    if (ImGui::Checkbox(tr(L, s.zero_key), &off)) {
      v = off ? 0.0 : std::clamp(s.lo * 1000.0, s.lo, s.hi);  // back on at a small, visible value
      changed = true;
    }
    if (off) return changed;
  }
  float f = float(v);
  const ImGuiSliderFlags flags = s.log_scale ? ImGuiSliderFlags_Logarithmic : 0;
  if (ImGui::SliderFloat(tr(L, s.label_key), &f, float(s.lo), float(s.hi), s.format ? s.format : "%.3g", flags)) {
    v = double(f);
    changed = true;
  }
  return changed;
}

bool draw_int(Lang L, const ParamSpec& s, int& v) {
  // Wide ranges (seeds, epochs) are typed; short ones slide.
  if (s.hi - s.lo > 1000) return ImGui::InputInt(tr(L, s.label_key), &v);
  return ImGui::SliderInt(tr(L, s.label_key), &v, int(s.lo), int(s.hi), s.format ? s.format : "%d");
}

bool draw_enum(Lang L, const ParamSpec& s, int& v) {
  bool changed = false;
  if (s.radio) {
    ImGui::TextUnformatted(tr(L, s.label_key));
    for (size_t i = 0; i < s.names.size(); ++i) {
      if (i) ImGui::SameLine();
      if (ImGui::RadioButton(member_label(L, s, i), v == int(i))) { v = int(i); changed = true; }
    }
    return changed;
  }
  std::vector<const char*> labels;
  for (size_t i = 0; i < s.names.size(); ++i) labels.push_back(member_label(L, s, i));
  return ImGui::Combo(tr(L, s.label_key), &v, labels.data(), int(labels.size()));
}

bool draw_int_list(Lang L, const ParamSpec& s, std::vector<int>& v) {
  bool changed = false;
  ImGui::TextUnformatted(tr(L, s.label_key));
  ImGui::SameLine();
  if (ImGui::SmallButton("+") && int(v.size()) < s.max_items) { v.push_back(s.new_item); changed = true; }
  ImGui::SameLine();
  if (ImGui::SmallButton("-") && int(v.size()) > s.min_items) { v.pop_back(); changed = true; }
  for (size_t i = 0; i < v.size(); ++i) {
    ImGui::PushID(int(i));
    char label[64];
    std::snprintf(label, sizeof label, "%s %zu", s.item_key ? tr(L, s.item_key) : "", i + 1);
    changed |= ImGui::SliderInt(label, &v[i], int(s.lo), int(s.hi));
    ImGui::PopID();
  }
  return changed;
}

bool draw_flags(Lang L, const ParamSpec& s, bool* on) {
  bool changed = false;
  ImGui::TextUnformatted(tr(L, s.label_key));
  for (int i = 0; i < s.flag_count; ++i) {
    if (i % 4) ImGui::SameLine();
    changed |= ImGui::Checkbox(member_label(L, s, size_t(i)), &on[i]);
  }
  return changed;
}

}  // namespace

bool LessonUi::param(std::string_view key) {
  const ParamSpec* s = find_param(lesson->param_table(), key);
  IM_ASSERT(s && "a lesson drew a parameter its table does not have");
  if (!s) return false;
  void* block = lesson->param_block();
  if (s->shown && !s->shown(block)) return false;
  // A course page's settings: a hidden parameter is not drawn (what it feeds
  // still is); a locked one is shown, greyed, and cannot be edited.
  if (embed && param_hidden(*embed, s->key)) return false;
  const bool locked = embed && param_locked(*embed, s->key);
  void* where = s->where(block);
  ImGui::PushID(s->key);
  if (locked) ImGui::BeginDisabled();
  bool changed = false;
  switch (s->kind) {
    case ParamKind::Float: changed = draw_real(lang, *s, *static_cast<double*>(where)); break;
    case ParamKind::Int: changed = draw_int(lang, *s, *static_cast<int*>(where)); break;
    case ParamKind::Bool: changed = ImGui::Checkbox(tr(lang, s->label_key), static_cast<bool*>(where)); break;
    case ParamKind::Enum: changed = draw_enum(lang, *s, *static_cast<int*>(where)); break;
    case ParamKind::IntList: changed = draw_int_list(lang, *s, *static_cast<std::vector<int>*>(where)); break;
    case ParamKind::Flags: changed = draw_flags(lang, *s, static_cast<bool*>(where)); break;
  }
  if (locked) {
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(lang, "embed.locked"));
    changed = false;
  }
  ImGui::PopID();
  // Sliders by their frame (where a finger drags), other widgets whole.
  const bool slider = (s->kind == ParamKind::Float && !(s->zero_key && *static_cast<double*>(where) == 0.0)) ||
                      (s->kind == ParamKind::Int && s->hi - s->lo <= 1000);
  if (slider) record_item_rect("slider." + std::string(s->key), ImGui::CalcItemWidth());
  else record_item_rect("param." + std::string(s->key));
  if (changed) param_changed(*s);
  return changed;
}

void LessonUi::data_file_buttons(const char* hint_key) {
  text_wrapped(tr(lang, hint_key), ImGui::GetColorU32(ImGuiCol_TextDisabled));
  if (can_pick_files()) {
    if (ImGui::Button(tr(lang, "data.open"))) pick_file();
    ImGui::SameLine();
  }
  if (ImGui::Button(tr(lang, "data.paste"))) paste_file();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr(lang, "data.drop"));
}

void LessonUi::layout(const char* counter_key, long counter, const std::function<void()>& controls,
                      const std::function<void()>& experiment) {
  auto run_row = [&] {
    if (ImGui::Button(*running ? tr(lang, "app.pause") : tr(lang, "app.play"))) *running = !*running;
    record_item_rect("play");
    ImGui::SameLine();
    if (ImGui::Button(tr(lang, "app.step"))) steps_requested = 1;  // trained by the app, as any step
    record_item_rect("step");
    ImGui::SameLine();
    if (ImGui::Button(tr(lang, "app.reset"))) lesson->reset();
    record_item_rect("reset");
    if (show_code && lesson->has_code()) {
      ImGui::SameLine();
      if (ImGui::Button(tr(lang, "code.show"))) *show_code = !*show_code;
      record_item_rect("code");
    }
  };
  if (frame == FrameLayout::Stacked) {
    // The experiment first, full width; its controls in a panel below it that
    // the learner can fold away to give the experiment the whole screen.
    run_row();
    char count[64];
    std::snprintf(count, sizeof count, "%s %ld", tr(lang, counter_key), counter);
    same_line_if_fits(ImGui::CalcTextSize(count).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(count);
    const char* toggle = tr(lang, *controls_open ? "layout.hide_controls" : "layout.show_controls");
    const float w = ImGui::CalcTextSize(toggle).x + ImGui::GetStyle().FramePadding.x * 2;
    if (same_line_if_fits(w)) ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
    if (ImGui::Button(toggle)) *controls_open = !*controls_open;
    record_item_rect("controls_toggle");
    const float avail = ImGui::GetContentRegionAvail().y;
    // Scrolls sideways too: a wide table stays reachable (the plots fit the width).
    ImGui::BeginChild("experiment", ImVec2(0, *controls_open ? std::max(240.f, avail * 0.6f) : 0.f), false,
                      ImGuiWindowFlags_HorizontalScrollbar);
    // A phone is narrower than many headings and sentences drawn as one line:
    // every plain text in the experiment wraps at the screen's edge (the
    // visible one: wrap position 0 would follow a wide table's overflow).
    ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x);
    experiment();
    ImGui::PopTextWrapPos();
    touch_scroll();
    record_window_content("experiment_content");
    ImGui::EndChild();
    record_item_rect("experiment");
    if (*controls_open) {
      ImGui::BeginChild("controls", ImVec2(0, 0), true);
      ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
      controls();
      ImGui::PopItemWidth();
      touch_scroll();
      ImGui::EndChild();
      record_item_rect("controls");
    }
    return;
  }
  ImGui::BeginChild("controls", ImVec2(controls_width, 0), true);
  ImGui::PushItemWidth(controls_width * 0.475f);
  run_row();
  ImGui::Text("%s %ld", tr(lang, counter_key), counter);
  ImGui::Separator();
  controls();
  ImGui::PopItemWidth();
  touch_scroll();
  ImGui::EndChild();
  record_item_rect("controls");
  ImGui::SameLine();
  ImGui::BeginChild("experiment", ImVec2(0, 0), false);
  experiment();
  touch_scroll();
  record_window_content("experiment_content");
  ImGui::EndChild();
  record_item_rect("experiment");
}

float finite_or_zero(float x) { return std::isfinite(x) ? x : 0.f; }

Symptom overfitting_symptom(const std::vector<float>& val, const std::vector<float>& train, size_t span) {
  if (span == 0 || val.size() < 3 * span || train.size() < 2 * span) return Symptom::None;
  auto mean = [span](const std::vector<float>& v, size_t back) {  // the window ending `back` windows before the end
    double s = 0;
    for (size_t i = v.size() - (back + 1) * span; i < v.size() - back * span; ++i) s += v[i];
    return s / double(span);
  };
  const bool rising = mean(val, 0) > mean(val, 1) && mean(val, 1) > mean(val, 2);
  return rising && mean(train, 0) < mean(train, 1) ? Symptom::Overfitting : Symptom::None;
}

std::vector<float> finite_or_zero(std::vector<float> v) {
  for (float& x : v) x = finite_or_zero(x);
  return v;
}

void LessonUi::params(std::string_view first, std::string_view last) {
  bool on = first.empty();
  for (const ParamSpec& s : lesson->param_table()) {
    on = on || first == s.key;
    if (on) param(s.key);
    if (!last.empty() && last == s.key) break;
  }
}

void LessonUi::param_changed(const ParamSpec& spec) {
  apply_param_changes(*lesson, {&spec});
  *url_dirty = true;
}

}  // namespace mlpg::ui
