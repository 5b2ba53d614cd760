// Draws the FAQ explorer: the question chooser, its parameters and what the
// course says on the left; the experiment and what the learner's numbers
// show on the right.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "faq_lab.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

const ImU32 kNeg = IM_COL32(80, 150, 250, 255), kPos = IM_COL32(250, 150, 60, 255), kMark = IM_COL32(255, 255, 255, 255);
const ImU32 kNumbers = IM_COL32(150, 230, 150, 255);
const ImU32 kRacerColor[kRacers] = {IM_COL32(230, 230, 230, 255), IM_COL32(80, 150, 250, 255), IM_COL32(90, 200, 220, 255),
                                    IM_COL32(200, 120, 220, 255), IM_COL32(250, 150, 60, 255), IM_COL32(90, 200, 120, 255)};

void controls(FaqLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  ui.params();
  ImGui::Separator();
  const char* q = l.p.q == 0 ? "3" : "4";
  char key[32];
  std::snprintf(key, sizeof key, "faq.question.%s", q);
  ImGui::TextColored(ImVec4(1, 0.85f, 0.5f, 1), "%s", tr(L, key));
  std::snprintf(key, sizeof key, "faq.says.%s", q);
  ImGui::TextDisabled("%s", tr(L, "faq.course_says"));
  text_wrapped(tr(L, key));
  ImGui::Separator();
  std::snprintf(key, sizeof key, "faq.explain.%s", q);
  text_wrapped(tr(L, key));
}

// ---- Q3 ---------------------------------------------------------------------

void histogram(const MetricsRun& m, double threshold, Lang L, ImVec2 size) {
  // Scores of each class in 40 bins; the positive bars scaled up so the rare class is visible.
  constexpr int B = 40;
  std::vector<float> neg(B, 0.f), pos(B, 0.f);
  for (size_t i = 0; i < m.score.size(); ++i) (m.label[i] ? pos : neg)[size_t(std::min(B - 1, int(m.score[i] * B)))] += 1;
  float hn = 1, hp = 1;
  for (int b = 0; b < B; ++b) hn = std::max(hn, neg[size_t(b)]), hp = std::max(hp, pos[size_t(b)]);
  ImGui::TextUnformatted(tr(L, "faq.histogram"));
  const PlotArea a = plot_begin("hist", size, 0, 1, 0, 1);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int b = 0; b < B; ++b) {
    const double x0 = double(b) / B, x1 = double(b + 1) / B;
    dl->AddRectFilled(a.to_screen(x0, 0), a.to_screen(x0 + (x1 - x0) * 0.5, neg[size_t(b)] / hn), kNeg);
    dl->AddRectFilled(a.to_screen(x0 + (x1 - x0) * 0.5, 0), a.to_screen(x1, pos[size_t(b)] / hp), kPos);
  }
  dl->AddLine(a.to_screen(threshold, 0), a.to_screen(threshold, 1), kMark, 2.f);
  plot_legend(a, {tr(L, "faq.negatives"), tr(L, "faq.positives")}, {kNeg, kPos});
}

void curve(const char* id, const char* title, const std::vector<float>& xs, const std::vector<float>& ys, float mx, float my,
           ImVec2 size, const char* xlabel, const char* ylabel) {
  ImGui::TextUnformatted(title);
  const PlotArea a = plot_begin(id, size, 0, 1, 0, 1);
  plot_line(a, xs.data(), ys.data(), int(xs.size()), kPos, 2.f);
  plot_points(a, &mx, &my, 1, kMark, 5.f, true);
  ImGui::TextDisabled("%s →   %s ↑", xlabel, ylabel);
}

void metrics_page(FaqLab& l, Lang L) {
  const MetricsRun& m = l.metrics;
  if (m.score.empty()) return;
  const BinaryCounts c = metrics_at(m, l.p.threshold);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = avail.x / 3 - 10, h = std::min(220.f, avail.y * 0.35f);
  ImGui::BeginGroup();
  histogram(m, l.p.threshold, L, ImVec2(w, h));
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "clf.confusion"));
  if (ImGui::BeginTable("cm2", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn(); ImGui::TextDisabled("%s", tr(L, "faq.said_pos"));
    ImGui::TableNextColumn(); ImGui::TextDisabled("%s", tr(L, "faq.said_neg"));
    ImGui::TableNextRow();
    ImGui::TableNextColumn(); ImGui::TextDisabled("%s", tr(L, "faq.is_pos"));
    ImGui::TableNextColumn(); ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(40, 90, 50, 255)); ImGui::Text("TP %d", c.tp);
    ImGui::TableNextColumn(); ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(110, 50, 40, 255)); ImGui::Text("FN %d", c.fn);
    ImGui::TableNextRow();
    ImGui::TableNextColumn(); ImGui::TextDisabled("%s", tr(L, "faq.is_neg"));
    ImGui::TableNextColumn(); ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(110, 50, 40, 255)); ImGui::Text("FP %d", c.fp);
    ImGui::TableNextColumn(); ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(40, 90, 50, 255)); ImGui::Text("TN %d", c.tn);
    ImGui::EndTable();
  }
  ImGui::Text("%s %.1f%%", tr(L, "faq.accuracy"), 100 * c.accuracy());
  ImGui::Text("%s %.3f  = TP / (TP + FP)", tr(L, "clf.precision"), c.precision());
  ImGui::Text("%s %.3f  = TP / (TP + FN)", tr(L, "clf.recall"), c.recall());
  ImGui::Text("%s %.3f  = 2PR / (P + R)", tr(L, "clf.f1"), c.f1());
  ImGui::Text("AUC %.3f", m.auc);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  // Where the threshold puts us on the ROC curve.
  const float fx = float(c.fp) / float(std::max(1, c.fp + c.tn)), fy = float(c.recall());
  char title[96];
  std::snprintf(title, sizeof title, "%s (AUC %.3f)", tr(L, "faq.roc"), m.auc);
  curve("roc", title, m.fpr, m.tpr, fx, fy, ImVec2(w, h), tr(L, "faq.fpr"), tr(L, "faq.tpr"));
  ImGui::EndGroup();
  ImGui::BeginGroup();
  curve("pr", tr(L, "faq.pr"), m.pr_recall, m.pr_precision, float(c.recall()), float(c.precision()), ImVec2(w, h),
        tr(L, "clf.recall"), tr(L, "clf.precision"));
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  // What the learner's numbers show.
  const double base = 1.0 - double(m.positives) / double(m.score.size());
  char text[768];
  std::snprintf(text, sizeof text, tr(L, c.recall() < 0.5 ? "faq.numbers.hidden" : "faq.numbers.found"), l.p.threshold,
                100 * c.accuracy(), c.recall(), c.tp, m.positives, 100 * base, c.precision(), c.f1());
  text_wrapped(text, kNumbers, avail.x - w - 20);
  ImGui::EndGroup();
}

// ---- Q4 ---------------------------------------------------------------------

void race_page(FaqLab& l, Lang L) {
  const Race& r = l.race;
  if (r.surface < 0) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::min(avail.x * 0.45f, avail.y * 0.62f);
  // The surface (log scale colours) and every optimizer's path.
  double x0 = -2, x1 = 2, y0 = -1, y1 = 3;
  if (r.surface == 1) x0 = -5, x1 = 5, y0 = -2, y1 = 2;
  if (r.surface == 2) x0 = -1.5, x1 = 1.5, y0 = -1.7, y1 = 1.7;
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "faq.surface_plot"));
  const PlotArea a = plot_begin("surface", ImVec2(side, side), x0, x1, y0, y1);
  constexpr int G = 48;
  std::vector<float> v(size_t(G * G));
  float lo = 1e30f, hi = -1e30f;
  const double fmin = surface_minimum(r.surface);
  for (int i = 0; i < G; ++i)
    for (int j = 0; j < G; ++j) {
      double gx, gy;
      const double x = x0 + (x1 - x0) * (j + 0.5) / G, y = y1 - (y1 - y0) * (i + 0.5) / G;
      const float f = float(std::log(surface_value(r.surface, x, y, &gx, &gy) - fmin + 1e-3));
      v[size_t(i * G + j)] = f;
      lo = std::min(lo, f), hi = std::max(hi, f);
    }
  std::vector<ImU32> colors(v.size());
  for (size_t k = 0; k < v.size(); ++k) {
    const float t = (v[k] - lo) / std::max(1e-6f, hi - lo);  // log scale: low is dark blue, high is sand
    colors[k] = mix(IM_COL32(15, 30, 80, 255), IM_COL32(150, 130, 70, 255), t);
  }
  plot_cells(a, colors, G, G);
  for (int i = 0; i < kRacers; ++i) {
    const Racer& rc = r.racers[i];
    plot_line(a, rc.xs.data(), rc.ys.data(), int(rc.xs.size()), kRacerColor[i], 1.5f);
    plot_points(a, &rc.xs.back(), &rc.ys.back(), 1, kRacerColor[i], 4.f, true);
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  // Loss above the surface's minimum, log scale, per step.
  ImGui::TextUnformatted(tr(L, "faq.loss_curves"));
  float llo = 1e30f, lhi = -1e30f;
  std::vector<std::vector<float>> logs(kRacers);
  for (int i = 0; i < kRacers; ++i)
    for (float f : r.racers[i].loss) {
      const float g = float(std::log10(std::max(1e-12, double(f) - fmin)));
      logs[size_t(i)].push_back(g);
      llo = std::min(llo, g), lhi = std::max(lhi, g);
    }
  const PlotArea c = plot_begin("losses", ImVec2(-1, side * 0.7f), 0, double(std::max<long>(1, r.steps)), std::floor(llo),
                                std::ceil(lhi) + 0.01);
  std::vector<const char*> names;
  std::vector<ImU32> cols;
  for (int i = 0; i < kRacers; ++i) {
    plot_series(c, logs[size_t(i)], kRacerColor[i], 1.5f);
    names.push_back(racer_name(i));
    cols.push_back(kRacerColor[i]);
  }
  plot_legend(c, names, cols);
  ImGui::TextDisabled("%s", tr(L, "faq.loss_axes"));
  // The standings, and what they show.
  if (ImGui::BeginTable("standings", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(tr(L, "faq.optimizer"));
    ImGui::TableSetupColumn(tr(L, "faq.loss_now"));
    ImGui::TableSetupColumn(tr(L, "faq.where"));
    ImGui::TableHeadersRow();
    for (int i = 0; i < kRacers; ++i) {
      const Racer& rc = r.racers[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kRacerColor[i]), "%s", racer_name(i));
      ImGui::TableNextColumn();
      if (rc.diverged_at >= 0) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), tr(L, "faq.diverged_at"), rc.diverged_at);
      else ImGui::Text("%.4g", double(rc.loss.back()));
      ImGui::TableNextColumn(); ImGui::Text("(%.3f, %.3f)", double(rc.xs.back()), double(rc.ys.back()));
    }
    ImGui::EndTable();
  }
  if (r.steps > 0) {
    int best = -1, worst = -1, diverged = 0;
    for (int i = 0; i < kRacers; ++i) {
      const Racer& rc = r.racers[i];
      if (rc.diverged_at >= 0) { ++diverged; continue; }
      if (best < 0 || rc.loss.back() < r.racers[best].loss.back()) best = i;
      if (worst < 0 || rc.loss.back() > r.racers[worst].loss.back()) worst = i;
    }
    char text[512];
    if (best < 0) std::snprintf(text, sizeof text, tr(L, "faq.race.all_diverged"), r.lr);
    else
      std::snprintf(text, sizeof text, tr(L, "faq.race.numbers"), r.steps, r.lr, racer_name(best),
                    double(r.racers[best].loss.back()), racer_name(worst), double(r.racers[worst].loss.back()), diverged);
    text_wrapped(text, kNumbers);
  } else {
    text_wrapped(tr(L, "faq.race.press_play"));
  }
  ImGui::EndGroup();
}

}  // namespace

void draw_faq_lab(FaqLab& l, LessonUi& ui) {
  const long counter = l.p.q == 1 ? l.race.steps : l.metrics.epochs;
  ui.layout(l.p.q == 1 ? "cnn.steps" : "app.epoch", counter, [&] { controls(l, ui); }, [&] {
    if (l.p.q == 0) metrics_page(l, ui.lang);
    else race_page(l, ui.lang);
  });
}

}  // namespace mlpg::ui
