// Draws the λ lab: controls and the course's formula with live numbers on the
// left; the fit, the cost curves, the λ sweep and the J(θ) contour map.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lambda_lab.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

const ImU32 kTrain = IM_COL32(80, 150, 250, 255), kVal = IM_COL32(250, 150, 60, 255), kModel = IM_COL32(240, 240, 240, 255);
const ImU32 kExact = IM_COL32(200, 120, 230, 220), kBest = IM_COL32(90, 200, 120, 255);

void controls(LambdaLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  ui.params();
  ui.data_file_buttons("lambda.csv_hint");
  if (!l.csv_source.empty()) {
    ImGui::Text("%s %s (%zu)", tr(L, "data.from"), l.csv_source.c_str(), l.csv_x.size());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(L, "data.generated"))) lambda_use_generated_data(l);
  }
  ImGui::Separator();
  // The course's cost with the current numbers plugged in.
  const int m = int(l.y_train.size());
  ImGui::TextUnformatted("J(θ) = 1/(2m) Σ (h(x) − y)² + λ/(2m) Σ θ_j²");
  // (%g: a run on its way to diverging reaches 1e37 and must still fit the column.)
  ImGui::Text("     = %.5g + %.3g/(2·%d) · %.4g", double(l.last_sse_term), l.p.lambda, m, double(l.last_penalty_sum));
  ImGui::Text("     = %.5g", double(l.last_j));
  ImGui::Text("%s %.5g   %s %.5g", tr(L, "lambda.train_cost"), double(lambda_train_error(l)), tr(L, "lambda.val_cost"),
              double(lambda_val_error(l)));
  ImGui::Text("‖θ‖ = %.4g", double(lambda_theta_norm(l)));
  ImGui::Separator();
  // What the learner's numbers show: the diagnosis at this λ and degree, where descent is against the exact
  // minimum, and (after a sweep) how much the best λ beats λ = 0.
  const std::vector<double> exact = lambda_exact(l);
  const double te = lambda_error_with(l, exact, false), ve = lambda_error_with(l, exact, true);
  double mean = 0, var = 0;
  for (float y : l.y_train) mean += y;
  mean /= std::max<size_t>(1, l.y_train.size());
  for (float y : l.y_train) var += (y - mean) * (y - mean);
  var /= 2.0 * double(std::max<size_t>(1, l.y_train.size()));  // the error of predicting the mean, on J's scale
  const char* verdict = ve > 2 * te && ve - te > 0.02 ? "lambda.now_over" : te > 0.5 * var ? "lambda.now_under" : "lambda.now_fit";
  char text[768];
  std::snprintf(text, sizeof text, tr(L, verdict), l.p.degree, l.p.lambda, te, ve, var);
  std::string all = text;
  std::snprintf(text, sizeof text, tr(L, "lambda.now_descent"), l.iteration, double(lambda_train_error(l)), te);
  all += std::string(" ") + text;
  const int best = lambda_best_sweep(l);
  if (best >= 0 && !l.sweep.empty()) {
    const SweepPoint& b = l.sweep[size_t(best)];
    const SweepPoint& zero = l.sweep.front();
    std::snprintf(text, sizeof text, tr(L, "lambda.now_sweep"), b.lambda, b.val_error, zero.val_error,
                  zero.val_error > 0 ? 100 * (1 - b.val_error / zero.val_error) : 0.0);
    all += std::string(" ") + text;
  }
  text_wrapped(all.c_str(), IM_COL32(150, 230, 150, 255));
  ImGui::Separator();
  text_wrapped(tr(L, "lambda.explain"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
}

void fit_plot(const LambdaLab& l, Lang L, ImVec2 size) {
  ImGui::TextUnformatted(tr(L, "lambda.fit"));
  float lo, hi;
  std::vector<float> ys = l.y_train;
  ys.insert(ys.end(), l.y_val.begin(), l.y_val.end());
  finite_range(ys, &lo, &hi);
  const PlotArea a = plot_begin("fit", size, -1.05, 1.05, lo - 0.3, hi + 0.3);
  std::vector<float> cx(201), cy(201), ty(201);
  for (int i = 0; i <= 200; ++i) {
    cx[size_t(i)] = -1.f + 2.f * float(i) / 200.f;
    cy[size_t(i)] = lambda_predict(l, cx[size_t(i)]);
    ty[size_t(i)] = lambda_target(cx[size_t(i)]);
  }
  if (l.csv_source.empty()) plot_line(a, cx.data(), ty.data(), 201, IM_COL32(120, 200, 120, 120), 1.f);  // the truth, when we made the data
  plot_points(a, l.x_val.data(), l.y_val.data(), int(l.x_val.size()), kVal, 3.f, false);
  plot_points(a, l.x_train.data(), l.y_train.data(), int(l.x_train.size()), kTrain, 4.f, true);
  plot_line(a, cx.data(), cy.data(), 201, kModel, 2.5f);
  const std::vector<double> exact = lambda_exact(l);  // where gradient descent is heading
  std::vector<float> ey(201);
  for (int i = 0; i <= 200; ++i) ey[size_t(i)] = lambda_predict_with(l, exact, cx[size_t(i)]);
  plot_line(a, cx.data(), ey.data(), 201, kExact, 1.5f);
  plot_legend(a, {tr(L, "lambda.train_points"), tr(L, "lambda.val_points"), tr(L, "lambda.descent_fit"), tr(L, "lambda.exact_fit")},
              {kTrain, kVal, kModel, kExact});
}

void cost_plot(const LambdaLab& l, Lang L, ImVec2 size) {
  ImGui::TextUnformatted(tr(L, "lambda.cost_curve"));
  std::vector<float> both = l.history_j;
  both.insert(both.end(), l.history_val.begin(), l.history_val.end());
  float lo, hi;
  finite_range(both, &lo, &hi);
  lo = std::max(lo, 1e-5f);
  const PlotArea a = plot_begin("cost", size, 0, std::max<double>(1, double(l.history_j.size()) - 1), lo * 0.8, hi * 1.2, false, true);
  plot_series(a, l.history_val, kVal);
  plot_series(a, l.history_j, kTrain);
  plot_legend(a, {tr(L, "lambda.train_cost"), tr(L, "lambda.val_cost")}, {kTrain, kVal});
  plot_hover_series(a, {&l.history_j, &l.history_val}, {tr(L, "lambda.train_cost"), tr(L, "lambda.val_cost")},
                    tr(L, "app.iteration"));
}

void sweep_plots(LambdaLab& l, Lang L, ImVec2 size) {
  ImGui::TextUnformatted(tr(L, "lambda.sweep"));
  char running[96];
  std::snprintf(running, sizeof running, "%s %d/%zu", tr(L, "lambda.sweep_running"), l.sweep_next, sweep_lambdas().size());
  const bool busy = l.sweep_next >= 0;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float next = ImGui::CalcTextSize(busy ? running : tr(L, "lambda.run_sweep")).x + (busy ? 0 : 2 * st.FramePadding.x);
  if (ImGui::GetItemRectSize().x + st.ItemSpacing.x + next <= size.x) ImGui::SameLine();  // else under the heading (a phone)
  if (busy) ImGui::TextDisabled("%s", running);
  else if (ImGui::SmallButton(tr(L, "lambda.run_sweep"))) lambda_start_sweep(l);
  // λ = 0 is drawn at 1e-7 on the log axis.
  std::vector<float> xs, tr_err, va_err, norm;
  for (const SweepPoint& s : l.sweep) {
    xs.push_back(s.lambda > 0 ? float(s.lambda) : 1e-7f);
    tr_err.push_back(float(s.train_error));
    va_err.push_back(float(s.val_error));
    norm.push_back(float(s.theta_norm));
  }
  const ImVec2 half(size.x, size.y * 0.5f - 4);
  std::vector<float> both = tr_err;
  both.insert(both.end(), va_err.begin(), va_err.end());
  float lo, hi;
  finite_range(both, &lo, &hi);
  ImGui::TextDisabled("%s", tr(L, "lambda.sweep_errors"));
  const PlotArea a = plot_begin("sweep_err", half, 1e-7, 100, std::max(1e-5f, lo * 0.8f), hi * 1.2f, true, true);
  plot_line(a, xs.data(), tr_err.data(), int(xs.size()), kTrain);
  plot_line(a, xs.data(), va_err.data(), int(xs.size()), kVal);
  plot_points(a, xs.data(), va_err.data(), int(xs.size()), kVal, 3.f, true);
  if (l.p.lambda > 0) {
    const ImVec2 p = a.to_screen(l.p.lambda, a.y0);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, a.p0.y), ImVec2(p.x, a.p1.y), IM_COL32(255, 255, 255, 100));
  }
  const int best = lambda_best_sweep(l);
  if (best >= 0 && l.sweep_next < 0) {  // the best λ, marked and labelled
    const SweepPoint& b = l.sweep[size_t(best)];
    const ImVec2 p = a.to_screen(b.lambda > 0 ? b.lambda : 1e-7, b.val_error);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddLine(ImVec2(p.x, a.p0.y), ImVec2(p.x, a.p1.y), kBest, 2.f);
    char label[64];
    std::snprintf(label, sizeof label, "%s λ = %g", tr(L, "lambda.best"), b.lambda);
    dl->AddText(ImVec2(p.x + 4, a.p0.y + 2), kBest, label);
  }
  finite_range(norm, &lo, &hi);
  ImGui::TextDisabled("%s", tr(L, "lambda.sweep_norm"));
  const PlotArea b = plot_begin("sweep_norm", half, 1e-7, 100, 0, hi * 1.1f, true, false);
  plot_line(b, xs.data(), norm.data(), int(xs.size()), kModel);
  plot_points(b, xs.data(), norm.data(), int(xs.size()), kModel, 3.f, true);
}

void contour_plot(const LambdaLab& l, Lang L, ImVec2 size) {
  ImGui::TextUnformatted(tr(L, "lambda.contour"));
  if (l.p.degree != 1) {
    text_wrapped(tr(L, "lambda.contour_hint"), ImGui::GetColorU32(ImGuiCol_TextDisabled), size.x);
    return;
  }
  constexpr int G = 80;  // fine enough that the shading looks smooth
  const double r = 2.5;
  const PlotArea a = plot_begin("contour", ImVec2(std::min(size.x, size.y * 1.3f), size.y), -r, r, -r, r);
  std::vector<float> cost(size_t(G * G));
  float lo = INFINITY, hi = -INFINITY;
  for (int i = 0; i < G; ++i)
    for (int j = 0; j < G; ++j) {
      const float t0 = float(-r + 2 * r * (j + 0.5) / G), t1 = float(r - 2 * r * (i + 0.5) / G);
      const float c = std::log(lambda_cost_at(l, t0, t1) + 1e-6f);
      cost[size_t(i * G + j)] = c;
      lo = std::min(lo, c);
      hi = std::max(hi, c);
    }
  std::vector<ImU32> colors(cost.size());
  for (size_t k = 0; k < cost.size(); ++k) {
    const float t = (cost[k] - lo) / std::max(1e-6f, hi - lo);
    colors[k] = mix(IM_COL32(30, 60, 140, 255), IM_COL32(240, 200, 80, 255), t);
  }
  plot_cells(a, colors, G, G);
  plot_contour_lines(a, cost, G, 12, IM_COL32(255, 255, 255, 90));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  std::vector<float> px, py;
  for (const auto& [t0, t1] : l.path) { px.push_back(t0); py.push_back(t1); }
  plot_line(a, px.data(), py.data(), int(px.size()), IM_COL32(255, 60, 60, 255), 2.f);
  if (!px.empty()) plot_points(a, &px.back(), &py.back(), 1, IM_COL32(255, 60, 60, 255), 4.f, true);
  // The exact minimum (Eigen's closed form): a cross.
  const std::vector<double> exact = lambda_exact(l);
  const ImVec2 m = a.to_screen(exact[0], exact.size() > 1 ? exact[1] : 0);
  dl->AddLine(ImVec2(m.x - 6, m.y - 6), ImVec2(m.x + 6, m.y + 6), kExact, 2.5f);
  dl->AddLine(ImVec2(m.x - 6, m.y + 6), ImVec2(m.x + 6, m.y - 6), kExact, 2.5f);
  ImGui::TextDisabled("θ₀ →   θ₁ ↑");
}

void plots(LambdaLab& l, Lang L) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  // Never flatter than 150 px (at 100% text): on a short or large-text screen the panel scrolls instead.
  const ImVec2 cell((avail.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f - 1, std::max(150.f * ImGui::GetFontSize() / 16.f, avail.y * 0.5f - line - 8));
  begin_panel(cell.x); fit_plot(l, L, cell); end_panel();
  ImGui::SameLine();
  ImGui::BeginGroup(); cost_plot(l, L, cell); ImGui::EndGroup();
  begin_panel(cell.x); sweep_plots(l, L, ImVec2(cell.x, cell.y - line)); end_panel();
  ImGui::SameLine();
  ImGui::BeginGroup(); contour_plot(l, L, cell); ImGui::EndGroup();
}

}  // namespace

void draw_lambda_lab(LambdaLab& l, LessonUi& ui) {
  ui.layout("app.iteration", l.iteration, [&] { controls(l, ui); }, [&] { plots(l, ui.lang); });
}

}  // namespace mlpg::ui
