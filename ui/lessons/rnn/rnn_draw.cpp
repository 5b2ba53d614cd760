// Draws the RNN lab: the page chooser and parameters on the left; on the
// right the page: the poet (curves, checkpoints, writing), what fires (a text
// coloured by a unit, a units x characters heatmap, the next-character
// distribution), the row-by-row classifier, and why LSTM.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "assets.h"
#include "rnn_lab.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

const ImU32 kTrain = IM_COL32(80, 150, 250, 255), kVal = IM_COL32(250, 150, 60, 255), kBase = IM_COL32(160, 160, 160, 255);
// The three cells in the class colours (colour-blind safe; widgets.h), read once drawing starts.
ImU32 cell_color(int c) { return class_color(c); }
const char* const kCellName[3] = {"LSTM", "GRU", "RNN"};

const ImU32 kNumbers = IM_COL32(150, 230, 150, 255);  // sentences computed from the learner's numbers

bool loading(RnnPhase phase, const std::string& error, const char* path, Lang L) {
  if (phase == RnnPhase::Ready) return false;
  if (phase == RnnPhase::Failed) {
    ImGui::TextColored(ImVec4(1, 0.6f, 0.4f, 1), "%s", tr(L, "cnn.data_failed"));
    text_wrapped(error.c_str());
    return true;
  }
  const Asset& a = asset(path);
  char text[96];
  std::snprintf(text, sizeof text, "%.2f / %.2f MB", double(a.loaded) / 1e6, double(a.total) / 1e6);
  ImGui::TextUnformatted(tr(L, "cnn.loading"));
  ImGui::ProgressBar(a.total ? float(a.loaded) / float(a.total) : 0.f, ImVec2(-1, 0), text);
  return true;
}

void controls(RnnLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  ui.params();
  const Poet& p = l.poet;
  if (l.p.part <= 1) {
    if (p.phase == RnnPhase::Failed && ImGui::Button(tr(L, "cnn.retry"))) poet_retry(l);
    if (!p.note.empty()) ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", tr(L, p.note));
    if (p.model) {
      ImGui::Text(tr(L, "rnn.model_size"), static_cast<long long>(const_cast<CharModel&>(*p.model).parameter_count()),
                  p.vocab.size());
      if (p.train_seconds > 0) ImGui::Text(tr(L, "rnn.speed"), double(p.train_chars) / p.train_seconds);
    }
  } else if (l.p.part == 2) {
    if (l.rows.phase == RnnPhase::Failed && ImGui::Button(tr(L, "cnn.retry"))) rows_retry(l);
    if (!l.rows.note.empty()) ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", tr(L, l.rows.note));
    if (l.rows.model && ImGui::Button(tr(L, "rnn.evaluate_rows"))) rows_evaluate(l);
    if (l.rows.val_accuracy >= 0) {
      ImGui::SameLine();
      ImGui::Text(tr(L, "rnn.rows_accuracy"), 100.0 * l.rows.val_accuracy, l.rows.val.count);
    }
  }
  ImGui::Separator();
  const char* keys[5] = {"rnn.explain.poet", "rnn.explain.fires", "rnn.explain.rows", "rnn.explain.why", "rnn.explain.cell"};
  text_wrapped(tr(L, keys[std::clamp(l.p.part, 0, 4)]));
}

// ---- The poet -------------------------------------------------------------

void poet_page(RnnLab& l, Lang L) {
  Poet& p = l.poet;
  if (loading(p.phase, p.error, rnn_corpus_path(l.p.corpus), L) || !p.model) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = panel_width(0.5f, avail.x);
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "rnn.curves"));
  // Training loss per step and validation nats/char per evaluation (at its
  // step), with the unigram baseline as a line.
  std::vector<float> all = p.history_loss;
  all.insert(all.end(), p.val_nats.begin(), p.val_nats.end());
  all.push_back(float(p.unigram));
  float lo, hi;
  finite_range(all, &lo, &hi);
  const double steps = std::max<double>(1, double(std::max<long>(p.steps, 1)));
  const PlotArea a = plot_begin("poet_curves", ImVec2(w, 200), 0, steps, 0, std::max(1.f, hi) * 1.05);
  if (!p.history_loss.empty()) {
    std::vector<float> xs(p.history_loss.size());
    for (size_t i = 0; i < xs.size(); ++i) xs[i] = float(i + 1);
    plot_line(a, xs.data(), p.history_loss.data(), int(xs.size()), kTrain, 1.5f);
  }
  const float base_x[2] = {0.f, float(steps)}, base_y[2] = {float(p.unigram), float(p.unigram)};
  plot_line(a, base_x, base_y, 2, kBase, 1.f);
  if (!p.val_nats.empty()) {
    plot_line(a, p.val_steps.data(), p.val_nats.data(), int(p.val_nats.size()), kVal, 2.f);
    plot_points(a, p.val_steps.data(), p.val_nats.data(), int(p.val_nats.size()), kVal, 3.f, true);
  }
  plot_legend(a, {tr(L, "rnn.train_nats"), tr(L, "rnn.val_nats"), tr(L, "rnn.unigram")}, {kTrain, kVal, kBase});
  if (!p.val_nats.empty()) {
    const float v = p.val_nats.back();
    char text[512];
    std::snprintf(text, sizeof text, tr(L, v < p.unigram ? "rnn.numbers_below" : "rnn.numbers_above"), double(v),
                  static_cast<long long>(p.val_steps.back()), p.unigram, 100.0 * (1.0 - v / p.unigram),
                  std::exp(double(v)), std::exp(p.unigram));
    text_wrapped(text, kNumbers, w);  // under the plot, beside the samples (under them on a phone)
  }
  if (p.eval_running) ImGui::TextDisabled("%s", tr(L, "cnn.evaluating"));
  ImGui::EndGroup();
  panel_beside();
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "rnn.checkpoints"));
  for (auto it = p.checkpoints.rbegin(); it != p.checkpoints.rend(); ++it) {
    if (it->step == 0 && p.shipped) ImGui::TextDisabled("%s", tr(L, "rnn.as_shipped"));
    else ImGui::TextDisabled(tr(L, "rnn.after_steps"), it->step);
    text_wrapped(it->text.c_str());
  }
  ImGui::EndGroup();
  ImGui::Separator();
  // Writing: a prefix, the temperature (a parameter), a seed.
  ImGui::TextUnformatted(tr(L, "rnn.write"));
  char prefix[256];
  std::snprintf(prefix, sizeof prefix, "%s", p.prefix.c_str());
  ImGui::SetNextItemWidth(240);
  if (ImGui::InputText(tr(L, "rnn.prefix"), prefix, sizeof prefix)) p.prefix = prefix;
  ImGui::SameLine();
  if (ImGui::Button(tr(L, "rnn.write_button"))) {
    p.generated = poet_sample(l, p.prefix, 160, l.p.temperature, p.sample_seed++);
    fires_set_text(l, p.generated);
  }
  if (!p.generated.empty()) text_wrapped(p.generated.c_str());
}

// ---- What fires -------------------------------------------------------------

// The text, each character on a background coloured by one unit's value.
void coloured_text(RnnLab& l, const std::vector<float>& v, float hi, Lang L) {
  Fires& f = l.fires;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x, line = ImGui::GetTextLineHeightWithSpacing() + 2;
  float x = 0, y = 0;
  int hovered = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (size_t i = 0; i < f.chars.size() && i < v.size(); ++i) {
    const char32_t c = f.chars[i];
    const std::string s = c == U'\n' ? std::string("\xe2\x86\xb5") : utf8_encode(c);  // ↵ for a line end
    const float w = ImGui::CalcTextSize(s.c_str()).x + 2;
    if (x + w > width) x = 0, y += line;
    const ImVec2 a(origin.x + x, origin.y + y), b(a.x + w, a.y + line - 2);
    dl->AddRectFilled(a, b, diverging_color(v[i], hi));
    if (int(i) == (f.position < 0 ? int(f.chars.size()) - 1 : f.position)) dl->AddRect(a, b, IM_COL32(255, 255, 255, 255));
    dl->AddText(ImVec2(a.x + 1, a.y + 1), IM_COL32(240, 240, 240, 255), s.c_str());
    if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y) hovered = int(i);
    x += w;
    if (c == U'\n') x = 0, y += line;
  }
  ImGui::InvisibleButton("text", ImVec2(width, y + line));
  if (hovered >= 0 && ImGui::IsItemHovered()) {
    ImGui::SetTooltip(tr(L, "rnn.char_value"), hovered, double(v[size_t(hovered)]));
    if (ImGui::IsItemClicked()) f.position = hovered;
  }
}

void fires_page(RnnLab& l, Lang L) {
  Poet& p = l.poet;
  Fires& f = l.fires;
  if (loading(p.phase, p.error, rnn_corpus_path(l.p.corpus), L) || !p.model || f.trace.next.empty()) return;
  const CharTrace& t = f.trace;
  // Choose what to look at: layer, quantity (h, c, a gate), unit.
  const int layer = f.layer < 0 ? t.layers - 1 : std::min(f.layer, t.layers - 1);
  int shown_layer = layer + 1;
  ImGui::SetNextItemWidth(100);
  if (ImGui::SliderInt(tr(L, "rnn.layer"), &shown_layer, 1, t.layers)) f.layer = shown_layer - 1, f.dirty = true;
  ImGui::SameLine();
  for (int q = 0; q < fires_quantities(l); ++q) {
    ImGui::SameLine();
    if (ImGui::RadioButton(fires_quantity_name(l, q), f.quantity == q)) f.quantity = q;
  }
  f.quantity = std::min(f.quantity, fires_quantities(l) - 1);
  int& unit = f.unit;
  unit = std::clamp(unit, 0, t.hidden - 1);
  ImGui::SetNextItemWidth(200);
  if (ImGui::SliderInt(tr(L, "rnn.unit"), &unit, 0, t.hidden - 1)) f.unit_chosen = true;
  if (f.marker_unit >= 0) {
    ImGui::SameLine();
    char label[64];
    std::snprintf(label, sizeof label, tr(L, "rnn.show_marker"), f.marker_unit);
    if (ImGui::SmallButton(label)) unit = f.marker_unit, f.quantity = 0;
  }
  const std::vector<float> v = fires_series(l, layer, f.quantity, unit);
  float hi = 1e-6f;
  for (float x : v) hi = std::max(hi, std::fabs(x));
  coloured_text(l, v, hi, L);
  if (f.marker_unit >= 0) {
    text_wrappedf(kNumbers, tr(L, "rnn.marker"), f.marker_unit, layer + 1, double(f.marker_corr),
                       static_cast<int>(f.chars.size()));
  }
  ImGui::Separator();
  // 24 units around the chosen one x every character: where they fire together.
  const int first = std::clamp(unit - 12, 0, std::max(0, t.hidden - 24)), n_units = std::min(24, t.hidden);
  const int T = int(v.size());
  const float w = panel_width(0.62f, ImGui::GetContentRegionAvail().x, 0.f);
  ImGui::BeginGroup();
  ImGui::TextDisabled(tr(L, "rnn.heatmap"), fires_quantity_name(l, f.quantity), first, first + n_units - 1);
  std::vector<std::vector<float>> rows;
  float hm = 1e-6f;
  for (int u = first; u < first + n_units; ++u) {
    rows.push_back(fires_series(l, layer, f.quantity, u));
    for (float x : rows.back()) hm = std::max(hm, std::fabs(x));
  }
  const PlotArea a = plot_begin("heat", ImVec2(w, float(n_units) * 7.f), 0, T, n_units, 0, false, false, false);
  std::vector<ImU32> colors(size_t(n_units * T));
  for (int r = 0; r < n_units; ++r)
    for (int c = 0; c < T; ++c) colors[size_t(r * T + c)] = diverging_color(rows[size_t(r)][size_t(c)], hm);
  plot_cells(a, colors, n_units, T);
  if (a.hovered) {
    const int c = std::clamp(int(a.x_at(a.mouse.x)), 0, T - 1), r = std::clamp(int(a.y_at(a.mouse.y)), 0, n_units - 1);
    const std::string ch = f.chars[size_t(c)] == U'\n' ? std::string("\\n") : utf8_encode(f.chars[size_t(c)]);
    ImGui::SetTooltip(tr(L, "rnn.heat_value"), first + r, ch.c_str(), c, double(rows[size_t(r)][size_t(c)]));
    if (ImGui::IsMouseClicked(0)) unit = first + r, f.position = c, f.unit_chosen = true;
  }
  ImGui::EndGroup();
  panel_beside(160);
  // What the model expects next after the selected character.
  ImGui::BeginGroup();
  const int pos = f.position < 0 ? T - 1 : std::min(f.position, T - 1);
  const std::string at = f.chars[size_t(pos)] == U'\n' ? std::string("\\n") : utf8_encode(f.chars[size_t(pos)]);
  ImGui::Text(tr(L, "rnn.next_after"), at.c_str(), pos);
  const std::vector<float>& next = t.next[size_t(pos)];
  std::vector<int> order(next.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  const size_t k = std::min<size_t>(8, order.size());
  std::partial_sort(order.begin(), order.begin() + long(k), order.end(), [&](int a2, int b2) { return next[size_t(a2)] > next[size_t(b2)]; });
  for (size_t i = 0; i < k; ++i) {
    const char32_t c = p.model->vocab().chars[size_t(order[i])];
    const std::string s = c == U'\n' ? std::string("\\n") : c == U' ' ? std::string("' '") : utf8_encode(c);
    char label[64];
    std::snprintf(label, sizeof label, "%s  %.1f%%", s.c_str(), 100.0 * double(next[size_t(order[i])]));
    ImGui::ProgressBar(next[size_t(order[i])], ImVec2(160, 0), label);
  }
  ImGui::EndGroup();
  ImGui::Separator();
  // The learner's own text.
  if (f.edit_source != f.text) {  // the box shows the traced text until the learner edits it
    f.edit.assign(4001, '\0');
    std::snprintf(f.edit.data(), f.edit.size(), "%s", f.text.c_str());
    f.edit_source = f.text;
  }
  ImGui::InputTextMultiline("##text", f.edit.data(), f.edit.size(), ImVec2(-1, 60));
  if (ImGui::Button(tr(L, "rnn.trace_button"))) fires_set_text(l, f.edit.data());
}

// ---- The course's classifier, row by row ----------------------------------

void rows_page(RnnLab& l, Lang L) {
  Rows& r = l.rows;
  if (loading(r.phase, r.error, "data/mnist-digits-train.mlpg", L) || !r.model || r.probs_by_row.size() != 280) return;
  std::vector<float> x;
  std::vector<int> y;
  r.val.gather({r.index}, x, y);
  ImGui::BeginGroup();
  int index = r.index;
  ImGui::SetNextItemWidth(120);
  if (ImGui::InputInt(tr(L, "cnn.pick"), &index)) rows_pick(l, std::clamp(index, 0, r.val.count - 1));
  ImGui::SetNextItemWidth(196);
  ImGui::SliderInt(tr(L, "rnn.rows_read"), &r.rows_read, 1, 28);
  // The digit, rows not yet read dimmed, the current row marked.
  const PlotArea a = plot_begin("digit", ImVec2(196, 196), 0, 28, 28, 0, false, false, false);
  std::vector<ImU32> colors(784);
  for (int i = 0; i < 784; ++i) {
    const bool read = i / 28 < r.rows_read;
    colors[size_t(i)] = mix(IM_COL32(20, 22, 28, 255), read ? IM_COL32(240, 240, 240, 255) : IM_COL32(90, 90, 100, 255), x[size_t(i)]);
  }
  plot_cells(a, colors, 28, 28);
  const float ry = a.p0.y + (a.p1.y - a.p0.y) * (float(r.rows_read) - 0.5f) / 28.f;
  ImGui::GetWindowDrawList()->AddLine(ImVec2(a.p0.x, ry), ImVec2(a.p1.x, ry), IM_COL32(90, 200, 120, 255), 1.5f);
  ImGui::EndGroup();
  same_line_if_fits(180);
  // The probabilities after the rows read so far.
  ImGui::BeginGroup();
  ImGui::Text(tr(L, "rnn.after_rows"), r.rows_read, y[0]);
  const float* now = r.probs_by_row.data() + size_t(r.rows_read - 1) * 10;
  int top = 0;
  for (int c = 1; c < 10; ++c)
    if (now[c] > now[top]) top = c;
  for (int c = 0; c < 10; ++c) {
    char label[32];
    std::snprintf(label, sizeof label, "%d  %5.1f%%", c, 100.0 * double(now[c]));
    if (c == top) ImGui::PushStyleColor(ImGuiCol_PlotHistogram, IM_COL32(90, 200, 120, 255));
    ImGui::ProgressBar(now[c], ImVec2(180, 0), label);
    if (c == top) ImGui::PopStyleColor();
  }
  ImGui::EndGroup();
  same_line_if_fits(200);
  // Rows x classes: the answer forming.
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "rnn.forming"));
  const PlotArea h = plot_begin("forming", ImVec2(200, 280), 0, 10, 28, 0, false, false, false);
  record_item_rect("forming");  // the e2e taps it where it is
  std::vector<ImU32> hc(280);
  for (int i = 0; i < 280; ++i) hc[size_t(i)] = mix(IM_COL32(20, 22, 28, 255), IM_COL32(90, 200, 120, 255), std::sqrt(r.probs_by_row[size_t(i)]));
  plot_cells(h, hc, 28, 10);
  for (int c = 0; c < 10; ++c) {  // the classes under their columns
    char d[4];
    std::snprintf(d, sizeof d, "%d", c);
    const ImVec2 at = h.to_screen(c + 0.5, 28);
    ImGui::GetWindowDrawList()->AddText(ImVec2(at.x - 4, at.y + 2), IM_COL32(200, 200, 200, 255), d);
  }
  ImGui::Dummy(ImVec2(1, ImGui::GetTextLineHeight()));
  if (h.hovered) {
    const int c = std::clamp(int(h.x_at(h.mouse.x)), 0, 9), row = std::clamp(int(h.y_at(h.mouse.y)), 0, 27);
    ImGui::SetTooltip(tr(L, "rnn.forming_value"), row + 1, c, 100.0 * double(r.probs_by_row[size_t(row * 10 + c)]));
    if (ImGui::IsMouseClicked(0)) r.rows_read = row + 1;
  }
  ImGui::EndGroup();
  // When did the answer settle: the first row from which the final top class stays on top.
  int final_top = 0;
  for (int c = 1; c < 10; ++c)
    if (r.probs_by_row[size_t(270 + c)] > r.probs_by_row[size_t(270 + final_top)]) final_top = c;
  int settled = 28;
  for (int row = 27; row >= 0; --row) {
    int t = 0;
    for (int c = 1; c < 10; ++c)
      if (r.probs_by_row[size_t(row * 10 + c)] > r.probs_by_row[size_t(row * 10 + t)]) t = c;
    if (t != final_top) break;
    settled = row + 1;
  }
  text_wrappedf(kNumbers, tr(L, "rnn.settled"), final_top, y[0], settled,
                     100.0 * double(r.probs_by_row[size_t((settled - 1) * 10 + final_top)]));
  if (!r.history_loss.empty()) {
    float lo, hi;
    finite_range(r.history_loss, &lo, &hi);
    const PlotArea c = plot_begin("rows_loss", ImVec2(-1, 120), 0, double(r.history_loss.size()), 0, std::max(0.1f, hi));
    plot_series(c, r.history_loss, kTrain, 1.5f);
    plot_legend(c, {tr(L, "cnn.batch_loss")}, {kTrain});
  }
}

// ---- Why LSTM ---------------------------------------------------------------

void why_page(RnnLab& l, Lang L) {
  Why& w = l.why;
  if (w.grad_T < 0) return;
  const int T = w.grad_T;
  ImGui::Text(tr(L, "rnn.grad_title"), T);
  float lo = 1e30f, hi = 1e-30f;
  std::array<std::vector<float>, 3> logs;
  for (int c = 0; c < 3; ++c)
    for (float g : w.grad_init[size_t(c)]) {
      const float v = std::log10(std::max(g, 1e-30f));
      logs[size_t(c)].push_back(v);
      lo = std::min(lo, v), hi = std::max(hi, v);
    }
  const PlotArea a = plot_begin("grads", ImVec2(-1, 240), 1, T, std::floor(lo), std::ceil(hi));
  for (int c = 0; c < 3; ++c) {
    std::vector<float> xs(static_cast<size_t>(T));
    for (int t = 0; t < T; ++t) xs[size_t(t)] = float(t + 1);
    plot_line(a, xs.data(), logs[size_t(c)].data(), T, cell_color(c), 2.f);
  }
  plot_legend(a, {kCellName[0], kCellName[1], kCellName[2]}, {cell_color(0), cell_color(1), cell_color(2)});
  if (a.hovered) {
    const int t = std::clamp(int(std::lround(a.x_at(a.mouse.x))), 1, T);
    ImGui::SetTooltip(tr(L, "rnn.grad_value"), t, double(w.grad_init[0][size_t(t - 1)]), double(w.grad_init[1][size_t(t - 1)]),
                      double(w.grad_init[2][size_t(t - 1)]));
  }
  ImGui::TextDisabled("%s", tr(L, "rnn.grad_axes"));
  const double lstm = w.grad_init[0][0], rnn = w.grad_init[2][0];
  text_wrappedf(kNumbers, tr(L, lstm > rnn ? "rnn.grad_numbers" : "rnn.grad_numbers_not"), T, rnn, lstm,
                     lstm > rnn ? lstm / std::max(rnn, 1e-45) : rnn / std::max(lstm, 1e-45));
  ImGui::Separator();
  // Can they learn it? Train all three on growing T.
  if (ImGui::Button(tr(L, w.sweeping ? "rnn.sweeping" : "rnn.sweep")) && !w.sweeping) why_start_sweep(l);
  if (w.sweeping) {
    ImGui::SameLine();
    ImGui::ProgressBar(float(w.sweep_job * Why::kSweepSteps + w.run.steps) / float(12 * Why::kSweepSteps), ImVec2(200, 0));
  }
  if (begin_table("acc", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(tr(L, "rnn.cell"));
    for (int t : Why::kSweepT) {
      char h[24];
      std::snprintf(h, sizeof h, "T = %d", t);
      ImGui::TableSetupColumn(h);  // ImGui copies the label
    }
    ImGui::TableHeadersRow();
    for (int c = 0; c < 3; ++c) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(cell_color(c)), "%s", kCellName[c]);
      for (int t = 0; t < 4; ++t) {
        ImGui::TableNextColumn();
        const float acc = w.accuracy[size_t(c)][size_t(t)];
        if (acc < 0) ImGui::TextDisabled("-");
        else ImGui::Text("%.0f%%", 100.0 * double(acc));
      }
    }
    end_table();
  }
  ImGui::TextDisabled(tr(L, "rnn.sweep_note"), Why::kSweepSteps, kMemorySymbols);
  if (!w.sweeping && w.accuracy[0][0] >= 0) {  // what the learner's sweep shows: the longest T each cell learned
    int longest[3];
    for (int c = 0; c < 3; ++c) {
      longest[c] = 0;
      for (int t = 0; t < 4; ++t)
        if (w.accuracy[size_t(c)][size_t(t)] >= 0.9f) longest[c] = Why::kSweepT[t];
    }
    text_wrappedf(kNumbers, tr(L, "rnn.sweep_numbers"), longest[0], longest[1], longest[2]);
  }
}

// ---- One cell, step by step -------------------------------------------------

std::string vec(const std::vector<float>& v, size_t from = 0, size_t n = size_t(-1)) {
  std::string s = "[";
  for (size_t i = from; i < v.size() && i < from + n; ++i) {
    char b[16];
    std::snprintf(b, sizeof b, "%s%.2f", i > from ? ", " : "", double(v[i]));
    s += b;
  }
  return s + "]";
}

// One unit's gate values as coloured bars (0..1, or -1..1 for tanh).
void gate_bars(const std::vector<float>& v, int gate, int H, bool signed_range, ImU32 color) {
  for (int u = 0; u < H; ++u) {
    ImGui::SameLine();
    const float x = v[size_t(gate * H + u)];
    char label[16];
    std::snprintf(label, sizeof label, "%.2f", double(x));
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, color);
    ImGui::ProgressBar(signed_range ? 0.5f + 0.5f * x : x, ImVec2(70, 0), label);
    ImGui::PopStyleColor();
  }
}

void steps_page(RnnLab& l, Lang L) {
  Steps& st = l.steps;
  CellDemo& d = st.demo;
  if (d.steps.empty()) return;
  // The text it reads: type another (up to 16 characters).
  if (st.edit.size() != 65) {
    st.edit.assign(65, '\0');
    std::snprintf(st.edit.data(), st.edit.size(), "%s", st.text.c_str());
  }
  ImGui::SetNextItemWidth(200);
  if (ImGui::InputText(tr(L, "rnn.cell_text"), st.edit.data(), st.edit.size())) {
    const std::u32string t = utf8_decode(st.edit.data());
    if (!t.empty() && t.size() <= 16) st.text = st.edit.data(), st.dirty = true;
  }
  const int T = int(d.steps.size()), H = kCellHidden;
  ImGui::SameLine();
  if (ImGui::ArrowButton("back", ImGuiDir_Left) && st.t > 0) --st.t;
  ImGui::SameLine();
  if (ImGui::ArrowButton("forward", ImGuiDir_Right) && st.t + 1 < T) ++st.t;
  ImGui::SameLine();
  int shown = st.t + 1;
  ImGui::SetNextItemWidth(200);
  if (ImGui::SliderInt(tr(L, "rnn.cell_step"), &shown, 1, T)) st.t = shown - 1;
  // The sequence, the current character marked.
  for (int t = 0; t < T; ++t) {
    if (t) ImGui::SameLine();
    const std::string ch = utf8_encode(d.text[size_t(t)]);
    if (t == st.t) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "[%s]", ch.c_str());
    else ImGui::TextDisabled(" %s ", ch.c_str());
  }
  const CellStep& s = d.steps[size_t(st.t)];
  std::string alphabet;
  for (char32_t c : d.alphabet) alphabet += utf8_encode(c) + " ";
  ImGui::Text(tr(L, "rnn.cell_inputs"), st.t + 1, vec(s.x).c_str(), alphabet.c_str());
  ImGui::Text("h%d = %s", st.t, vec(s.h_prev).c_str());
  if (d.kind == CellKind::LSTM) {
    ImGui::SameLine();
    ImGui::Text("   c%d = %s", st.t, vec(s.c_prev).c_str());
  }
  ImGui::Separator();
  // The equations with this step's numbers: pre-activation from the input
  // and from the previous h, then the nonlinearity, per gate.
  struct Gate { const char* name; const char* f; ImU32 color; bool tanh_range; };
  static const Gate lstm[] = {{"i", "σ", IM_COL32(90, 200, 120, 255), false}, {"f", "σ", IM_COL32(250, 150, 60, 255), false},
                              {"g", "tanh", IM_COL32(80, 150, 250, 255), true}, {"o", "σ", IM_COL32(200, 120, 220, 255), false}};
  static const Gate gru[] = {{"r", "σ", IM_COL32(90, 200, 120, 255), false}, {"z", "σ", IM_COL32(250, 150, 60, 255), false},
                             {"n", "tanh", IM_COL32(80, 150, 250, 255), true}};
  static const Gate rnn[] = {{"h", "tanh", IM_COL32(80, 150, 250, 255), true}};
  const Gate* gates = d.kind == CellKind::LSTM ? lstm : d.kind == CellKind::GRU ? gru : rnn;
  const int G = d.gates_per_unit();
  const int t1 = st.t + 1;
  for (int k = 0; k < G; ++k) {
    const Gate& gt = gates[k];
    const std::string px = vec(s.pre_x, size_t(k * H), size_t(H)), ph = vec(s.pre_h, size_t(k * H), size_t(H));
    if (d.kind == CellKind::GRU && k == 2)
      ImGui::Text("n%d = tanh(W_in x%d + b_in + r%d ⊙ (W_hn h%d + b_hn)) = tanh(%s + r ⊙ %s)", t1, t1, t1, st.t, px.c_str(), ph.c_str());
    else
      ImGui::Text("%s%d = %s(W_i%s x%d + b_i%s + W_h%s h%d + b_h%s) = %s(%s + %s)", gt.name, t1, gt.f, gt.name, t1, gt.name,
                  gt.name, st.t, gt.name, gt.f, px.c_str(), ph.c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(gt.color), "   %s%d =", gt.name, t1);
    gate_bars(s.gates, k, H, gt.tanh_range, gt.color);
  }
  const auto& gv = s.gates;
  if (d.kind == CellKind::LSTM) {
    ImGui::Text("c%d = f ⊙ c%d + i ⊙ g = %s ⊙ %s + %s ⊙ %s = %s", t1, st.t, vec(gv, size_t(H), size_t(H)).c_str(),
                vec(s.c_prev).c_str(), vec(gv, 0, size_t(H)).c_str(), vec(gv, size_t(2 * H), size_t(H)).c_str(), vec(s.c).c_str());
    ImGui::Text("h%d = o ⊙ tanh(c%d) = %s ⊙ tanh(%s) = %s", t1, t1, vec(gv, size_t(3 * H), size_t(H)).c_str(), vec(s.c).c_str(),
                vec(s.h).c_str());
  } else if (d.kind == CellKind::GRU) {
    ImGui::Text("h%d = (1 − z) ⊙ n + z ⊙ h%d = %s", t1, st.t, vec(s.h).c_str());
  }
  text_wrappedf(kNumbers, tr(L, "rnn.cell_check"), double(steps_max_difference(l)), T);
  ImGui::Separator();
  // h (and c) at every step: units down, steps across; the current step framed.
  auto strip = [&](const char* id, const char* name, bool cell_state) {
    ImGui::TextDisabled("%s", name);
    const PlotArea a = plot_begin(id, ImVec2(std::min(40.f * float(T), ImGui::GetContentRegionAvail().x), 22.f * H), 0, T, H, 0,
                                  false, false, false);
    std::vector<ImU32> colors(size_t(H * T));
    float hi = 1e-6f;
    for (const CellStep& x : d.steps)
      for (float v : cell_state ? x.c : x.h) hi = std::max(hi, std::fabs(v));
    for (int u = 0; u < H; ++u)
      for (int t = 0; t < T; ++t) colors[size_t(u * T + t)] = diverging_color((cell_state ? d.steps[size_t(t)].c : d.steps[size_t(t)].h)[size_t(u)], hi);
    plot_cells(a, colors, H, T);
    const ImVec2 p0 = a.to_screen(st.t, H), p1 = a.to_screen(st.t + 1, 0);
    ImGui::GetWindowDrawList()->AddRect(p0, p1, IM_COL32(255, 220, 90, 255), 0, 0, 2.f);
    if (a.hovered) {
      const int t = std::clamp(int(a.x_at(a.mouse.x)), 0, T - 1), u = std::clamp(int(a.y_at(a.mouse.y)), 0, H - 1);
      ImGui::SetTooltip("%s%d[%d] = %.3f", name, t + 1, u, double((cell_state ? d.steps[size_t(t)].c : d.steps[size_t(t)].h)[size_t(u)]));
      if (ImGui::IsMouseClicked(0)) st.t = t;
    }
  };
  strip("h_strip", "h", false);
  if (d.kind == CellKind::LSTM) strip("c_strip", "c", true);
}

}  // namespace

void draw_rnn_lab(RnnLab& l, LessonUi& ui) {
  const long counter = l.p.part == 2 ? l.rows.steps : l.poet.steps;
  ui.layout("cnn.steps", counter, [&] { controls(l, ui); }, [&] {
    switch (l.p.part) {
      case 0: poet_page(l, ui.lang); break;
      case 1: fires_page(l, ui.lang); break;
      case 2: rows_page(l, ui.lang); break;
      case 3: why_page(l, ui.lang); break;
      default: steps_page(l, ui.lang); break;
    }
  });
}

}  // namespace mlpg::ui
