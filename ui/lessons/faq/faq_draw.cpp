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
  if (l.p.q == kQ5Missing) {
    ui.data_file_buttons("faq.csv_hint");
    if (l.p.own_table) {
      ImGui::Text("%s %s (%d x %d)", tr(L, "data.from"), l.table.source.c_str(), l.table.rows, l.table.cols);
      if (ImGui::SmallButton(tr(L, "data.generated"))) {
        l.p.own_table = false;
        faq_reset(l);
      }
    }
  }
  ImGui::Separator();
  static const char* const numbers[] = {"1", "2", "3", "4", "5"};
  const char* q = numbers[std::clamp(l.p.q, 0, 4)];
  char key[32];
  std::snprintf(key, sizeof key, "faq.question.%s", q);
  ImGui::TextColored(ImVec4(1, 0.85f, 0.5f, 1), "%s", tr(L, key));
  std::snprintf(key, sizeof key, "faq.says.%s", q);
  ImGui::TextDisabled("%s", tr(L, "faq.course_says"));
  text_wrapped(tr(L, key));
  ImGui::Separator();
  const char* variant = l.p.q == kQ4Optimize ? (l.p.q4part == 1 ? ".range" : l.p.q4part == 2 ? ".batch" : "")
                        : l.p.q == kQ2Overfitting && l.p.q2data == 1 ? ".digits"
                        : l.p.q == kQ5Missing && l.p.own_table       ? ".table"
                                                                      : "";
  std::snprintf(key, sizeof key, "faq.explain.%s%s", q, variant);
  text_wrapped(tr(L, key));
}

// ---- Q1 ---------------------------------------------------------------------

void choose_page(FaqLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  ChooseRun& r = l.choose;
  if (!r.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.6f, 0.4f, 1), "%s", tr(L, "cnn.data_failed"));
    text_wrapped(r.error.c_str());
    return;
  }
  if (r.loading) {
    ImGui::TextUnformatted(tr(L, "cnn.loading"));
    return;
  }
  ImGui::Text(tr(L, "faq.q1.setup"), r.train.count, r.val.count);
  if (begin_table("contenders", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    ImGui::TableSetupColumn(tr(L, "faq.q1.model"));
    ImGui::TableSetupColumn(tr(L, "faq.q1.suits"));
    ImGui::TableSetupColumn(tr(L, "cnn.parameters"));
    ImGui::TableSetupColumn(tr(L, "faq.q1.accuracy"));
    ImGui::TableSetupColumn(tr(L, "faq.q1.seconds"));
    ImGui::TableSetupColumn(tr(L, "faq.q1.rate"));
    ImGui::TableHeadersRow();
    for (int i = 0; i < kContenders; ++i) {
      const Contender& c = r.c[i];
      char key[40];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::snprintf(key, sizeof key, "faq.q1.name.%s", contender_name(i));
      ImGui::TextUnformatted(tr(L, key));
      ImGui::TableNextColumn();
      std::snprintf(key, sizeof key, "faq.q1.suits.%s", contender_name(i));
      ImGui::TextUnformatted(tr(L, key));
      ImGui::TableNextColumn(); ImGui::Text("%lld", c.parameters);
      ImGui::TableNextColumn();
      if (c.accuracy >= 0) ImGui::Text("%.1f%%", 100.0 * double(c.accuracy));
      else ImGui::ProgressBar(float(c.seen) / kChooseTrain, ImVec2(120, 0));
      ImGui::TableNextColumn(); ImGui::Text("%.2f", c.seconds);
      ImGui::TableNextColumn(); ImGui::Text("%.0f", c.seconds > 0 ? c.seen / c.seconds : 0.0);
    }
    end_table();
  }
  if (r.current >= kContenders) {
    int best = 0, smallest = 0;
    for (int i = 1; i < kContenders; ++i) {
      if (r.c[i].accuracy > r.c[best].accuracy) best = i;
      if (r.c[i].parameters < r.c[smallest].parameters) smallest = i;
    }
    char kb[40], ks[40];
    std::snprintf(kb, sizeof kb, "faq.q1.name.%s", contender_name(best));
    std::snprintf(ks, sizeof ks, "faq.q1.name.%s", contender_name(smallest));
    text_wrappedf(kNumbers, tr(L, "faq.q1.numbers"), tr(L, kb), 100.0 * double(r.c[best].accuracy),
                  static_cast<long long>(r.c[best].parameters), tr(L, ks), 100.0 * double(r.c[smallest].accuracy),
                  static_cast<long long>(r.c[smallest].parameters));
  } else {
    text_wrapped(tr(L, "faq.q1.press_play"));
  }
  ImGui::Separator();
  // The guide: the kind of data → the family to try first, and where to try it here.
  ImGui::TextUnformatted(tr(L, "faq.q1.guide"));
  const char* rows[][2] = {{"faq.q1.guide.table", "classifier"}, {"faq.q1.guide.images", "cnn"}, {"faq.q1.guide.sequences", "rnn"}};
  for (const auto& row : rows) {
    ImGui::BulletText("%s", tr(L, row[0]));
    ImGui::SameLine();
    ImGui::PushID(row[1]);
    if (ImGui::SmallButton(tr(L, (std::string("lesson.") + row[1] + ".short").c_str()))) ui.open_lesson = row[1];
    ImGui::PopID();
  }
}

// ---- Q2 ---------------------------------------------------------------------

const ImU32 kTrainC = IM_COL32(80, 150, 250, 255), kValC = IM_COL32(250, 150, 60, 255);

// Train and validation error (log10) against a list of x values, the current one marked.
void error_curve(const char* id, const char* title, const std::vector<float>& xs, const FitCurve& c, float mark_x,
                 ImVec2 size, Lang L, bool log_x = false) {
  ImGui::TextUnformatted(title);
  std::vector<float> lt, lv;
  float lo = 1e30f, hi = -1e30f;
  for (size_t i = 0; i < c.train.size(); ++i) {
    lt.push_back(float(std::log10(std::max(1e-6f, c.train[i]))));
    lv.push_back(float(std::log10(std::max(1e-6f, c.val[i]))));
    lo = std::min({lo, lt.back(), lv.back()}), hi = std::max({hi, lt.back(), lv.back()});
  }
  if (xs.empty()) return;
  const PlotArea a = plot_begin(id, size, xs.front(), xs.back(), std::floor(lo), std::ceil(hi), log_x);
  plot_line(a, xs.data(), lt.data(), int(xs.size()), kTrainC, 2.f);
  plot_line(a, xs.data(), lv.data(), int(xs.size()), kValC, 2.f);
  ImGui::GetWindowDrawList()->AddLine(a.to_screen(mark_x, std::floor(lo)), a.to_screen(mark_x, std::ceil(hi)), kMark, 1.f);
  plot_legend(a, {tr(L, "faq.q2.train"), tr(L, "faq.q2.val")}, {kTrainC, kValC});
  if (a.hovered) {
    size_t k = 0;
    for (size_t i = 1; i < xs.size(); ++i)
      if (std::fabs(a.to_screen(xs[i], 0).x - a.mouse.x) < std::fabs(a.to_screen(xs[k], 0).x - a.mouse.x)) k = i;
    ImGui::SetTooltip("%g: %s %.4f, %s %.4f", double(xs[k]), tr(L, "faq.q2.train"), double(c.train[k]), tr(L, "faq.q2.val"),
                      double(c.val[k]));
  }
}

// Q2 on images: curves of the current run, early stopping's epoch marked, and the runs so far.
std::string remedies_text(const DigitsRemedies& r, Lang L) {
  std::string s;
  char b[64];
  if (r.dropout > 0) std::snprintf(b, sizeof b, "dropout %.2g", r.dropout), s += b;
  if (r.l2 > 0) std::snprintf(b, sizeof b, "%sL2 λ %.2g", s.empty() ? "" : ", ", r.l2), s += b;
  if (r.l1 > 0) std::snprintf(b, sizeof b, "%sL1 λ %.2g", s.empty() ? "" : ", ", r.l1), s += b;
  if (r.augment) s += std::string(s.empty() ? "" : ", ") + tr(L, "faq.q2.shifts");
  return s.empty() ? tr(L, "faq.q2.no_remedy") : s;
}

void digits_page(FaqLab& l, Lang L) {
  const DigitsOverfit& d = l.digits;
  if (!d.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.6f, 0.4f, 1), "%s", tr(L, "cnn.data_failed"));
    text_wrapped(d.error.c_str());
    return;
  }
  if (d.loading || d.val_loss.empty()) {
    ImGui::TextUnformatted(tr(L, "cnn.loading"));
    return;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = panel_width(0.5f, avail.x), h = std::min(220.f, avail.y * 0.34f);
  const DigitsRecord now = digits_record(d);
  ImGui::BeginGroup();
  text_wrapped(tr(L, "faq.q2.digits_loss"), 0, w);
  std::vector<float> both = d.train_loss;
  both.insert(both.end(), d.val_loss.begin(), d.val_loss.end());
  float lo, hi;
  finite_range(both, &lo, &hi);
  const PlotArea a = plot_begin("digits_loss", ImVec2(w, h), 0, kDigitsEpochs, std::max(1e-4f, lo * 0.8f), hi * 1.2, false, true);
  plot_series(a, d.train_loss, kTrainC);
  plot_series(a, d.val_loss, kValC);
  const ImVec2 p0 = a.to_screen(now.best_epoch, std::max(1e-4f, lo * 0.8f)), p1 = a.to_screen(now.best_epoch, hi * 1.2);
  ImGui::GetWindowDrawList()->AddLine(p0, p1, IM_COL32(90, 200, 120, 255), 2.f);
  plot_legend(a, {tr(L, "faq.q2.train"), tr(L, "faq.q2.val"), tr(L, "faq.q2.best_epoch")},
              {kTrainC, kValC, IM_COL32(90, 200, 120, 255)});
  plot_hover_series(a, {&d.train_loss, &d.val_loss}, {tr(L, "faq.q2.train"), tr(L, "faq.q2.val")}, tr(L, "app.epoch"));
  ImGui::EndGroup();
  panel_beside(w);
  ImGui::BeginGroup();
  text_wrapped(tr(L, "faq.q2.digits_acc"), 0, w);
  const PlotArea b = plot_begin("digits_acc", ImVec2(w, h), 0, kDigitsEpochs, 0, 1.02);
  plot_series(b, d.train_acc, kTrainC);
  plot_series(b, d.val_acc, kValC);
  plot_hover_series(b, {&d.train_acc, &d.val_acc}, {tr(L, "faq.q2.train"), tr(L, "faq.q2.val")}, tr(L, "app.epoch"));
  ImGui::EndGroup();
  // The runs so far: the current one first.
  if (begin_table("digit_runs", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    for (const char* key : {"faq.q2.remedy_col", "app.epoch", "faq.q2.train_acc", "faq.q2.val_acc", "faq.q2.gap", "faq.q2.best_epoch"})
      ImGui::TableSetupColumn(tr(L, key));
    ImGui::TableHeadersRow();
    std::vector<DigitsRecord> rows{now};
    rows.insert(rows.end(), d.records.begin(), d.records.end());
    for (size_t i = 0; i < rows.size(); ++i) {
      const DigitsRecord& r = rows[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string what = remedies_text(r.remedies, L) + (i == 0 ? std::string(" ") + tr(L, "faq.q2.this_run") : std::string());
      ImGui::TextUnformatted(what.c_str());
      ImGui::TableNextColumn(); ImGui::Text("%d", r.epochs);
      ImGui::TableNextColumn(); ImGui::Text("%.1f%%", 100 * r.train_acc);
      ImGui::TableNextColumn(); ImGui::Text("%.1f%%", 100 * r.val_acc);
      ImGui::TableNextColumn(); ImGui::Text("%.1f", 100 * (r.train_acc - r.val_acc));
      ImGui::TableNextColumn(); ImGui::Text("%d", r.best_epoch);
    }
    end_table();
  }
  // What the learner's numbers show.
  char text[768];
  if (d.epochs < 5) {
    text_wrapped(tr(L, "faq.race.press_play"));
    return;
  }
  const DigitsRecord* bare = nullptr;  // a finished run without remedies, and the run with the smallest gap
  const DigitsRecord* closest = &now;
  for (const DigitsRecord& r : d.records) {
    if (r.remedies == DigitsRemedies{} && !bare) bare = &r;
    if (r.epochs >= 5 && r.train_acc - r.val_acc < closest->train_acc - closest->val_acc) closest = &r;
  }
  if (now.remedies == DigitsRemedies{}) bare = &now;
  if (bare && closest != bare) {
    std::snprintf(text, sizeof text, tr(L, "faq.q2.digits_compare"), 100 * bare->train_acc, 100 * bare->val_acc,
                  100 * (bare->train_acc - bare->val_acc), remedies_text(closest->remedies, L).c_str(), 100 * closest->train_acc,
                  100 * closest->val_acc, 100 * (closest->train_acc - closest->val_acc), now.best_epoch, double(now.best_val_loss), d.epochs,
                  double(d.val_loss.back()));
  } else {
    std::snprintf(text, sizeof text, tr(L, "faq.q2.digits_one"), d.epochs, 100 * now.train_acc, 100 * now.val_acc,
                  100 * (now.train_acc - now.val_acc), now.best_epoch, double(now.best_val_loss), double(d.val_loss.back()));
  }
  text_wrapped(text, kNumbers, avail.x);
}

void overfit_page(FaqLab& l, Lang L) {
  const OverfitRun& r = l.overfit;
  if (r.pool_x.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = panel_width(0.5f, avail.x), h = std::min(200.f, avail.y * 0.3f);
  // The fit: training points, validation points (faded), the closed-form fit and early stopping's fit.
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "faq.q2.fit"));
  const PlotArea a = plot_begin("fit", ImVec2(w, h * 1.4f), -1, 1, -2, 2);
  plot_points(a, r.val_x.data(), r.val_y.data(), kFitValidation, IM_COL32(250, 150, 60, 90), 2.f, true);
  plot_points(a, r.pool_x.data(), r.pool_y.data(), r.n_train, kTrainC, 4.f, true);
  std::vector<float> xs, ys, gs;
  for (int i = 0; i <= 200; ++i) {
    const double x = -1 + 2.0 * i / 200;
    xs.push_back(float(x));
    ys.push_back(float(overfit_predict(r.theta, x)));
    gs.push_back(float(descent_predict(r, x)));
  }
  plot_line(a, xs.data(), ys.data(), int(xs.size()), IM_COL32(240, 240, 240, 255), 2.f);
  if (r.steps > 0) plot_line(a, xs.data(), gs.data(), int(xs.size()), IM_COL32(90, 200, 120, 255), 1.5f);
  plot_legend(a, {tr(L, "faq.q2.closed_form"), tr(L, "faq.q2.descent")}, {IM_COL32(240, 240, 240, 255), IM_COL32(90, 200, 120, 255)});
  ImGui::EndGroup();
  panel_beside(w);
  ImGui::BeginGroup();
  std::vector<float> degrees;
  for (int d = 1; d <= kMaxDegree; ++d) degrees.push_back(float(d));
  error_curve("by_degree", tr(L, "faq.q2.by_degree"), degrees, r.by_degree, float(r.degree), ImVec2(w, h * 0.62f), L);
  std::vector<float> sizes(r.sizes.begin(), r.sizes.end());
  error_curve("by_size", tr(L, "faq.q2.by_size"), sizes, r.by_size, float(r.n_train), ImVec2(w, h * 0.62f), L, true);
  ImGui::EndGroup();
  // Early stopping: the descent run's errors per step, the best step marked.
  std::vector<float> steps;
  for (size_t i = 0; i < r.by_step.val.size(); ++i) steps.push_back(float(i * kStepEvery));
  const long best = overfit_best_step(r);
  if (steps.size() >= 2) {
    error_curve("by_step", tr(L, "faq.q2.by_step"), steps, r.by_step, float(std::max(0L, best)), ImVec2(-1, h * 0.7f), L);
  } else {
    text_wrapped(tr(L, "faq.q2.press_play"));
  }
  // What the learner's numbers show.
  const size_t bd = size_t(std::min_element(r.by_degree.val.begin(), r.by_degree.val.end()) - r.by_degree.val.begin());
  const char* verdict = r.val_mse > 2 * r.train_mse && r.val_mse > 0.1 ? "faq.q2.over"
                        : r.train_mse > 0.12                             ? "faq.q2.under"
                                                                         : "faq.q2.good";
  char text[1200];
  int n = std::snprintf(text, sizeof text, tr(L, "faq.q2.state"), r.degree, r.n_train, r.lambda, r.train_mse, r.val_mse);
  n += std::snprintf(text + n, sizeof text - size_t(n), " %s ", tr(L, verdict));
  n += std::snprintf(text + n, sizeof text - size_t(n), tr(L, "faq.q2.remedies"), int(bd + 1), double(r.by_degree.val[bd]),
                     double(r.by_size.val.back()));
  if (best >= 0 && r.steps > 0)
    std::snprintf(text + n, sizeof text - size_t(n), tr(L, "faq.q2.early"), best, double(r.by_step.val[size_t(best / kStepEvery)]),
                  double(r.by_step.val.back()), r.steps);
  text_wrapped(text, kNumbers);
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
  const float w = panel_width(1.f / 3.f, avail.x, 10.f), h = std::min(220.f, avail.y * 0.35f);
  ImGui::BeginGroup();
  histogram(m, l.p.threshold, L, ImVec2(w, h));
  ImGui::EndGroup();
  panel_beside();
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "clf.confusion"));
  if (begin_table("cm2", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
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
    end_table();
  }
  ImGui::Text("%s %.1f%%", tr(L, "faq.accuracy"), 100 * c.accuracy());
  ImGui::Text("%s %.3f  = TP / (TP + FP)", tr(L, "clf.precision"), c.precision());
  ImGui::Text("%s %.3f  = TP / (TP + FN)", tr(L, "clf.recall"), c.recall());
  ImGui::Text("%s %.3f  = 2PR / (P + R)", tr(L, "clf.f1"), c.f1());
  ImGui::Text("AUC %.3f", m.auc);
  ImGui::EndGroup();
  panel_beside(w);
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
  const bool beside = panel_beside();
  ImGui::BeginGroup();
  // What the learner's numbers show.
  const double base = 1.0 - double(m.positives) / double(m.score.size());
  char text[768];
  std::snprintf(text, sizeof text, tr(L, c.recall() < 0.5 ? "faq.numbers.hidden" : "faq.numbers.found"), l.p.threshold,
                100 * c.accuracy(), c.recall(), c.tp, m.positives, 100 * base, c.precision(), c.f1());
  text_wrapped(text, kNumbers, beside ? avail.x - w - 20 : avail.x);
  ImGui::EndGroup();
}

// ---- Q4 ---------------------------------------------------------------------

void race_page(FaqLab& l, Lang L) {
  const Race& r = l.race;
  if (r.surface < 0) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::min(panel_width(0.45f, avail.x, 0.f), std::max(avail.y * 0.62f, 200.f));
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
  panel_beside();
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
  if (begin_table("standings", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
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
    end_table();
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

// ---- Q4: the range test and batch size --------------------------------------

void range_page(FaqLab& l, Lang L) {
  const RangeTest& r = l.range;
  if (r.lr.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  text_wrapped(tr(L, "faq.q4.range_plot"));
  float lo, hi;
  finite_range(r.smooth, &lo, &hi);
  hi = std::min(hi, 3.f * std::max(r.smooth.front(), 1e-3f));  // the blow-up would flatten the rest
  const PlotArea a = plot_begin("range", ImVec2(-1, avail.y * 0.55f), kRangeLo, kRangeHi, 0, double(hi) * 1.05, /*log_x=*/true);
  plot_line(a, r.lr.data(), r.loss.data(), int(r.lr.size()), IM_COL32(120, 120, 140, 255), 1.f);
  plot_line(a, r.lr.data(), r.smooth.data(), int(r.lr.size()), IM_COL32(80, 150, 250, 255), 2.5f);
  auto mark = [&](int i, ImU32 color) {
    if (i < 0 || i >= int(r.lr.size())) return;
    const ImVec2 p = a.to_screen(r.lr[size_t(i)], 0), q = a.to_screen(r.lr[size_t(i)], double(hi) * 1.05);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y), ImVec2(q.x, q.y), color, 2.f);
  };
  mark(r.steepest, IM_COL32(90, 200, 120, 255));
  mark(r.lowest, IM_COL32(230, 200, 90, 255));
  mark(std::min<int>(r.blew_up_at, int(r.lr.size()) - 1), IM_COL32(240, 100, 80, 255));
  plot_legend(a, {tr(L, "faq.q4.batch_loss"), tr(L, "faq.q4.smoothed"), tr(L, "faq.q4.steepest"), tr(L, "faq.q4.lowest"), tr(L, "faq.q4.blew_up")},
              {IM_COL32(120, 120, 140, 255), IM_COL32(80, 150, 250, 255), IM_COL32(90, 200, 120, 255), IM_COL32(230, 200, 90, 255),
               IM_COL32(240, 100, 80, 255)});
  if (a.hovered) {
    const double x = a.x_at(a.mouse.x);
    int i = 0;
    while (i + 1 < int(r.lr.size()) && r.lr[size_t(i)] < x) ++i;
    ImGui::SetTooltip("lr %.3g: %s %.4f", double(r.lr[size_t(i)]), tr(L, "faq.q4.smoothed"), double(r.smooth[size_t(i)]));
  }
  ImGui::TextDisabled("%s", tr(L, "faq.q4.range_axes"));
  const double blew = r.blew_up_at >= 0 ? r.lr[size_t(std::min<int>(r.blew_up_at, int(r.lr.size()) - 1))] : kRangeHi;
  char after[160];
  if (r.blowup_diverged) std::snprintf(after, sizeof after, "%s", tr(L, "faq.q4.check_diverged"));
  else std::snprintf(after, sizeof after, tr(L, "faq.q4.check_loss"), r.val_at_blowup);
  char text[768];
  std::snprintf(text, sizeof text, tr(L, "faq.q4.range_numbers"), double(r.lr[size_t(std::max(0, r.steepest))]),
                double(r.lr[size_t(std::max(0, r.lowest))]), blew, r.suggested, r.val_at_suggested, r.blowup_lr, after);
  text_wrapped(text, kNumbers, avail.x);
}

const ImU32 kBatchColor[kBatchSizes] = {IM_COL32(240, 100, 80, 255), IM_COL32(230, 200, 90, 255), IM_COL32(90, 200, 120, 255),
                                        IM_COL32(80, 150, 250, 255)};

void batch_page(FaqLab& l, Lang L) {
  const BatchRace& b = l.batch;
  if (b.runs[0].train_loss.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  text_wrapped(tr(L, "faq.q4.batch_plot"));
  std::vector<float> all;
  for (const BatchRun& r : b.runs) all.insert(all.end(), r.val_loss.begin(), r.val_loss.end());
  float lo, hi;
  finite_range(all, &lo, &hi);
  const PlotArea a = plot_begin("batch", ImVec2(panel_width(0.6f, avail.x, 0.f), std::max(180.f, avail.y * 0.5f)), 0, kBatchEpochs, std::max(1e-3f, lo * 0.8f), hi * 1.2,
                                false, /*log_y=*/true);
  std::vector<const char*> names;
  std::vector<std::string> labels;
  std::vector<ImU32> colors;
  for (int k = 0; k < kBatchSizes; ++k) {
    plot_series(a, b.runs[size_t(k)].val_loss, kBatchColor[k]);
    char name[32];
    std::snprintf(name, sizeof name, tr(L, "faq.q4.batch_of"), batch_size_of(k));
    labels.push_back(name);
    colors.push_back(kBatchColor[k]);
  }
  for (const std::string& s : labels) names.push_back(s.c_str());
  plot_legend(a, names, colors);
  ImGui::TextDisabled("%s", tr(L, "faq.q4.batch_axes"));
  if (begin_table("batches", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    for (const char* key : {"faq.q4.batch", "faq.q4.updates", "faq.q4.val_now", "faq.q4.train_now", "faq.q4.seconds"})
      ImGui::TableSetupColumn(tr(L, key));
    ImGui::TableHeadersRow();
    for (int k = 0; k < kBatchSizes; ++k) {
      const BatchRun& r = b.runs[size_t(k)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kBatchColor[k]), "%d", batch_size_of(k));
      ImGui::TableNextColumn(); ImGui::Text("%ld", r.steps);
      ImGui::TableNextColumn();
      if (r.diverged) ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", tr(L, "faq.q4.diverged"));
      else ImGui::Text("%.4f", double(r.val_loss.back()));
      ImGui::TableNextColumn(); ImGui::Text("%.4f", double(r.train_loss.back()));
      ImGui::TableNextColumn(); ImGui::Text("%.3f", r.seconds);
    }
    end_table();
  }
  if (b.epochs == 0) {
    text_wrapped(tr(L, "faq.race.press_play"));
    return;
  }
  int best = -1;
  for (int k = 0; k < kBatchSizes; ++k)
    if (!b.runs[size_t(k)].diverged && (best < 0 || b.runs[size_t(k)].val_loss.back() < b.runs[size_t(best)].val_loss.back())) best = k;
  const BatchRun& full = b.runs[kBatchSizes - 1];
  const BatchRun& one = b.runs[0];
  double jump = 1;  // the noise of single-example steps: the largest rise of validation loss from one epoch to the next
  for (size_t e = 1; e < one.val_loss.size(); ++e) jump = std::max(jump, double(one.val_loss[e]) / std::max(1e-9, double(one.val_loss[e - 1])));
  char text[768];
  if (best < 0) std::snprintf(text, sizeof text, tr(L, "faq.q4.batch_all_diverged"), b.lr);
  else
    std::snprintf(text, sizeof text, tr(L, "faq.q4.batch_numbers"), b.epochs, b.lr, batch_size_of(best), double(b.runs[size_t(best)].val_loss.back()),
                  b.runs[size_t(best)].steps, full.steps, double(full.val_loss.back()), one.seconds, full.seconds, jump);
  text_wrapped(text, kNumbers, avail.x);
}

// ---- Q5 ---------------------------------------------------------------------

void missing_page(FaqLab& l, Lang L) {
  const MissingRun& r = l.missing;
  if (r.results.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool own = !r.source.empty();
  if (own) ImGui::Text(tr(L, "faq.q5.table_share"), 100 * r.missing_share, r.column.c_str(), r.true_x1_mean);
  else ImGui::Text(tr(L, "faq.q5.share"), 100 * r.missing_share, r.true_x1_mean);
  if (begin_table("strategies", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    ImGui::TableSetupColumn(tr(L, "faq.q5.strategy"));
    ImGui::TableSetupColumn(tr(L, "faq.q5.accuracy"));
    ImGui::TableSetupColumn(tr(L, "faq.q5.train_rows"));
    ImGui::TableSetupColumn(tr(L, "faq.q5.test_rows"));
    char mean_header[96];
    std::snprintf(mean_header, sizeof mean_header, tr(L, "faq.q5.col_mean"), r.column.c_str());
    ImGui::TableSetupColumn(mean_header);
    ImGui::TableHeadersRow();
    double best = 0;  // highlighted: the best of those scored on every test row
    for (const StrategyResult& x : r.results)
      if (x.strategy != Strategy::none && x.strategy != Strategy::drop) best = std::max(best, x.accuracy);
    for (const StrategyResult& x : r.results) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(tr(L, strategy_label(x.strategy)));
      ImGui::TableNextColumn();
      char label[32];
      std::snprintf(label, sizeof label, "%.1f%%", 100 * x.accuracy);
      const bool top = x.strategy != Strategy::none && x.strategy != Strategy::drop && x.accuracy == best;
      if (top) ImGui::PushStyleColor(ImGuiCol_PlotHistogram, IM_COL32(90, 200, 120, 255));
      // The bar starts at chance (50%) for the generated two classes; the learner's table starts at 0.
      ImGui::ProgressBar(own ? float(x.accuracy) : float((x.accuracy - 0.5) / 0.5), ImVec2(160, 0), label);
      if (top) ImGui::PopStyleColor();
      ImGui::TableNextColumn(); ImGui::Text("%d", x.train_rows);
      ImGui::TableNextColumn(); ImGui::Text("%d", x.test_rows);
      ImGui::TableNextColumn(); ImGui::Text("%+.3f", x.x1_mean);
    }
    end_table();
  }
  ImGui::TextDisabled("%s", tr(L, own ? "faq.q5.table_bars" : "faq.q5.bars"));
  // What the learner's numbers show.
  auto find = [&](Strategy s) {
    for (const StrategyResult& x : r.results)
      if (x.strategy == s) return &x;
    return &r.results.front();
  };
  const StrategyResult* drop = find(Strategy::drop);
  const StrategyResult* mean = find(Strategy::mean);
  const StrategyResult* best = mean;  // among the strategies scored on every test row (not drop)
  for (const StrategyResult& x : r.results)
    if (x.strategy != Strategy::none && x.strategy != Strategy::drop && x.accuracy > best->accuracy) best = &x;
  char text[1024];
  if (own) {
    const StrategyResult* first = &r.results.front();
    int train_rows = 0;
    for (const StrategyResult& x : r.results) train_rows = std::max(train_rows, x.train_rows);
    const double shift = drop->x1_mean - r.true_x1_mean;
    std::snprintf(text, sizeof text, tr(L, "faq.q5.table_numbers"), 100 * r.missing_share, tr(L, strategy_label(best->strategy)),
                  100 * best->accuracy, 100 * mean->accuracy, drop->train_rows, train_rows, r.column.c_str(), r.true_x1_mean,
                  drop->x1_mean, tr(L, std::fabs(shift) > 0.1 * r.column_sd ? "faq.q5.table_moved" : "faq.q5.table_kept"));
    (void)first;
    text_wrapped(text, kNumbers, avail.x);
    return;
  }
  const StrategyResult* none = find(Strategy::none);
  char mech[32];
  std::snprintf(mech, sizeof mech, "faq.mechanism.%s", l.p.mechanism == 0 ? "mcar" : l.p.mechanism == 1 ? "mar" : "mnar");
  const double shift = drop->x1_mean - r.true_x1_mean;
  std::snprintf(text, sizeof text, tr(L, "faq.q5.numbers"), 100 * r.missing_share, tr(L, mech), 100 * mean->accuracy,
                100 * none->accuracy, tr(L, strategy_label(best->strategy)), 100 * best->accuracy, drop->train_rows,
                none->train_rows, r.true_x1_mean, drop->x1_mean, tr(L, std::fabs(shift) > 0.1 ? "faq.q5.biased" : "faq.q5.unbiased"));
  text_wrapped(text, kNumbers, avail.x);
}

}  // namespace

// The counter under the play row: what this page's training counts.
long page_counter(const FaqLab& l) {
  switch (l.p.q) {
    case kQ1Choose: {
      long batches = 0;
      for (const Contender& c : l.choose.c) batches += (c.seen + kChooseMicro - 1) / kChooseMicro;
      return batches;
    }
    case kQ2Overfitting: return l.p.q2data == 1 ? l.digits.epochs : l.overfit.steps;
    case kQ3Metrics: return l.metrics.epochs;
    case kQ4Optimize: return l.p.q4part == 2 ? l.batch.epochs : l.p.q4part == 1 ? long(l.range.lr.size()) : l.race.steps;
    default: return 0;  // Q5 trains nothing of its own
  }
}

void draw_faq_lab(FaqLab& l, LessonUi& ui) {
  const bool epochs = l.p.q == kQ3Metrics || (l.p.q == kQ2Overfitting && l.p.q2data == 1) || (l.p.q == kQ4Optimize && l.p.q4part == 2);
  const long counter = page_counter(l);
  ui.layout(epochs ? "app.epoch" : "cnn.steps", counter, [&] { controls(l, ui); }, [&] {
    switch (l.p.q) {
      case kQ1Choose: choose_page(l, ui); break;
      case kQ2Overfitting:
        if (l.p.q2data == 1) digits_page(l, ui.lang);
        else overfit_page(l, ui.lang);
        break;
      case kQ3Metrics: metrics_page(l, ui.lang); break;
      case kQ4Optimize:
        if (l.p.q4part == 1) range_page(l, ui.lang);
        else if (l.p.q4part == 2) batch_page(l, ui.lang);
        else race_page(l, ui.lang);
        break;
      default: missing_page(l, ui.lang); break;
    }
  });
}

}  // namespace mlpg::ui
