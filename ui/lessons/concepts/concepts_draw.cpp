// Draws the concept pages: the backprop walk (the network as a graph whose
// nodes fill in as the learner steps, the step's equation with its numbers,
// the three gradients side by side, the update) and the activations page.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "concepts_lab.h"
#include "models/charlm.h"
#include "neuron_fit.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

const ImU32 kForward = IM_COL32(120, 190, 250, 255), kBackward = IM_COL32(250, 160, 80, 255), kIdle = IM_COL32(110, 110, 120, 255);
const ImU32 kNumbers = IM_COL32(150, 230, 150, 255);

void says(Lang L, const char* key) {
  ImGui::TextDisabled("%s", tr(L, "faq.course_says"));
  text_wrapped(tr(L, key));
}

// Below a page's controls: what the course says, then what the page shows.
void says_and_explains(Lang L, const char* page) {
  ImGui::Separator();
  says(L, (std::string("concepts.says.") + page).c_str());
  ImGui::Separator();
  text_wrapped(tr(L, (std::string("concepts.explain.") + page).c_str()));
}

// ---- backprop -----------------------------------------------------------------

struct NodeView {
  const char* name;
  float fx, fy;      // position in the canvas (0..1)
  int value_step;    // the forward step that computes it (0: an input)
  int grad_step;     // the backward step that fills in ∂L/∂node (-1: none)
  double value, grad;
};

void graph(const ConceptsLab& l, Lang L, ImVec2 size) {
  const BpPass& p = l.pass;
  const int s = l.p.step;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(o, ImVec2(o.x + size.x, o.y + size.y), IM_COL32(22, 24, 30, 255), 6.f);
  const NodeView nodes[] = {
      {"x1", 0.07f, 0.28f, 0, -1, l.net.x1, 0},      {"x2", 0.07f, 0.72f, 0, -1, l.net.x2, 0},
      {"z1", 0.33f, 0.28f, 1, 11, p.z1, p.dL_dz1},  {"z2", 0.33f, 0.72f, 2, 12, p.z2, p.dL_dz2},
      {"a1", 0.55f, 0.28f, 3, 9, p.a1, p.dL_da1},   {"a2", 0.55f, 0.72f, 4, 10, p.a2, p.dL_da2},
      {"y", 0.77f, 0.5f, 5, 7, p.y, p.dL_dy},       {"L", 0.93f, 0.5f, 6, -1, p.loss, 1},
  };
  auto at = [&](int i) { return ImVec2(o.x + nodes[i].fx * size.x, o.y + nodes[i].fy * size.y); };
  const auto& t = l.net.theta;
  // Edges: weights (value; its gradient once the backward pass reaches it).
  struct Edge { int from, to, param, grad_step; };
  const Edge edges[] = {{0, 2, 0, 13}, {1, 2, 1, 13}, {0, 3, 3, 14}, {1, 3, 4, 14}, {2, 4, -1, -1}, {3, 5, -1, -1},
                        {4, 6, 6, 8},  {5, 6, 7, 8},  {6, 7, -1, -1}};
  for (const Edge& e : edges) {
    const ImVec2 a = at(e.from), b = at(e.to);
    const bool back = e.grad_step > 0 && s >= e.grad_step;
    dl->AddLine(a, b, back ? kBackward : s >= nodes[e.to].value_step && nodes[e.to].value_step > 0 ? kForward : kIdle, 2.f);
    if (e.param < 0) continue;
    const float f = e.from <= 1 && e.from != e.to - 2 ? 0.22f : 0.45f;  // the crossing inputs' labels near their source
    const ImVec2 m(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f - 18);
    char label[64];
    std::snprintf(label, sizeof label, "%s=%.2f", bp_param_name(e.param), t[size_t(e.param)]);
    dl->AddText(m, IM_COL32(220, 220, 220, 255), label);
    if (back) {
      std::snprintf(label, sizeof label, "∂=%.4f", p.grad[size_t(e.param)]);
      dl->AddText(ImVec2(m.x, m.y + 14), kBackward, label);
    }
  }
  // Biases under their nodes.
  const int bias_of[][2] = {{2, 2}, {3, 5}, {6, 8}};
  const int bias_step[] = {13, 14, 8};
  for (int k = 0; k < 3; ++k) {
    const ImVec2 c = at(bias_of[k][0]);
    char label[64];
    std::snprintf(label, sizeof label, "%s=%.2f", bp_param_name(bias_of[k][1]), t[size_t(bias_of[k][1])]);
    dl->AddText(ImVec2(c.x - 28, c.y + 34), IM_COL32(180, 180, 180, 255), label);
    if (s >= bias_step[k]) {
      std::snprintf(label, sizeof label, "∂=%.4f", p.grad[size_t(bias_of[k][1])]);
      dl->AddText(ImVec2(c.x - 28, c.y + 48), kBackward, label);
    }
  }
  // Nodes: value once computed, ∂L/∂node once the backward pass reaches it.
  const char* current = bp_step_node(s);
  for (int i = 0; i < 8; ++i) {
    const NodeView& n = nodes[i];
    const ImVec2 c = at(i);
    const bool known = s >= n.value_step;
    const bool is_current = (n.value_step == s && s > 0) || (n.grad_step == s);
    dl->AddCircleFilled(c, 30, known ? IM_COL32(35, 60, 95, 255) : IM_COL32(40, 40, 48, 255));
    dl->AddCircle(c, 30, is_current ? IM_COL32(255, 230, 120, 255) : known ? kForward : kIdle, 24, is_current ? 3.f : 1.5f);
    dl->AddText(ImVec2(c.x - ImGui::CalcTextSize(n.name).x / 2, c.y - 22), IM_COL32(255, 255, 255, 255), n.name);
    char v[32];
    if (known) {
      std::snprintf(v, sizeof v, "%.4f", n.value);
      dl->AddText(ImVec2(c.x - ImGui::CalcTextSize(v).x / 2, c.y - 6), kForward, v);
    }
    if (n.grad_step > 0 && s >= n.grad_step) {
      std::snprintf(v, sizeof v, "∂%.4f", n.grad);
      dl->AddText(ImVec2(c.x - ImGui::CalcTextSize(v).x / 2, c.y + 9), kBackward, v);
    }
  }
  (void)current;
  (void)L;
  ImGui::Dummy(size);
}

void backprop_controls(ConceptsLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  ui.params("act", "seed");
  ImGui::Separator();
  if (ImGui::ArrowButton("back", ImGuiDir_Left) && l.p.step > 0) --l.p.step, *ui.url_dirty = true;
  ImGui::SameLine();
  if (ImGui::ArrowButton("next", ImGuiDir_Right) && l.p.step < kBpSteps) ++l.p.step, *ui.url_dirty = true;
  ImGui::SameLine();
  ui.param("step");
  if (ImGui::Button(tr(L, "concepts.update"))) concepts_update(l);
  ImGui::SameLine();
  ImGui::Text(tr(L, "concepts.updates"), l.updates);
  if (l.diverged) text_wrapped(tr(L, "notice.nan"), IM_COL32(255, 138, 128, 255));  // the update was undone
  ImGui::Separator();
  says(L, "concepts.says.backprop");
  ImGui::Separator();
  text_wrapped(tr(L, "concepts.explain.backprop"));
}

void backprop_page(ConceptsLab& l, Lang L) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const int s = l.p.step;
  ImGui::Text(tr(L, s == 0 ? "concepts.phase.start" : s <= kBpForwardSteps ? "concepts.phase.forward" : "concepts.phase.backward"), s, kBpSteps);
  graph(l, L, ImVec2(avail.x, std::min(300.f, avail.y * 0.42f)));
  // This step's equation, with its numbers.
  ImGui::PushStyleColor(ImGuiCol_Text, s <= kBpForwardSteps ? ImGui::ColorConvertU32ToFloat4(kForward) : ImGui::ColorConvertU32ToFloat4(kBackward));
  if (s == 0) text_wrapped(tr(L, "concepts.step0"));
  else text_wrapped(bp_step_text(l.net, l.pass, s).c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
  // The three gradients.
  if (begin_table("grads", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    for (const char* key : {"concepts.param", "concepts.value", "concepts.hand", "concepts.engine", "concepts.finite"}) ImGui::TableSetupColumn(tr(L, key));
    ImGui::TableHeadersRow();
    for (int i = 0; i < kBpParams; ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::TextUnformatted(bp_param_name(i));
      ImGui::TableNextColumn(); ImGui::Text("%.3f", l.net.theta[size_t(i)]);
      // The chain-rule column fills in as the walk reaches each parameter (the output layer at step 8, then each unit).
      const int reached_at = i >= 6 ? 8 : i < 3 ? 13 : 14;
      ImGui::TableNextColumn();
      if (l.p.step >= reached_at) ImGui::Text("%.6f", l.pass.grad[size_t(i)] + 0.0);  // (+ 0.0: no "-0.000000")
      else ImGui::TextDisabled("%s", tr(L, "concepts.not_yet"));
      ImGui::TableNextColumn(); ImGui::Text("%.6f", l.engine[size_t(i)] + 0.0);
      ImGui::TableNextColumn(); ImGui::Text("%.6f", l.finite[size_t(i)] + 0.0);
    }
    end_table();
  }
  panel_beside();
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "concepts.loss_plot"));
  float lo, hi;
  finite_range(l.loss_history, &lo, &hi);
  const PlotArea a = plot_begin("bp_loss", ImVec2(-1, 150), 0, std::max<double>(1, double(l.loss_history.size()) - 1), 0, hi * 1.1);
  plot_series(a, l.loss_history, kBackward);
  ImGui::EndGroup();
  char text[768];
  std::snprintf(text, sizeof text, tr(L, "concepts.bp_numbers"), concepts_max_engine_difference(l), concepts_max_finite_difference(l),
                l.pass.grad[0], l.pass.dL_dz1, l.net.x1);
  std::string all = text;
  const int dead = (l.pass.da1_dz1 == 0) + (l.pass.da2_dz2 == 0);  // ReLU units with z <= 0 pass no gradient back
  if (dead) {
    std::snprintf(text, sizeof text, tr(L, "concepts.bp_dead"), dead);
    all += std::string(" ") + text;
  }
  if (concepts_kinks(l)) {
    std::snprintf(text, sizeof text, tr(L, "concepts.bp_kink"), concepts_kinks(l) & 1 ? 1 : 2);
    all += std::string(" ") + text;
  }
  if (l.updates > 0) {
    std::snprintf(text, sizeof text, tr(L, "concepts.bp_updates"), l.updates, double(l.loss_history.front()), l.pass.loss);
    all += std::string(" ") + text;
  } else {
    all += std::string(" ") + tr(L, "concepts.bp_try_update");
  }
  text_wrapped(all.c_str(), kNumbers, avail.x);
}

// ---- activations ----------------------------------------------------------------

const ImU32 kActColor[4] = {IM_COL32(80, 150, 250, 255), IM_COL32(90, 200, 120, 255), IM_COL32(240, 100, 80, 255), IM_COL32(230, 200, 90, 255)};
const char* const kActName[4] = {"sigmoid", "tanh", "ReLU", "leaky ReLU"};

// Where the derivative first falls below 0.01 for x > 0 (the gradient all but vanishes), or -1 if never.
double vanishes_beyond(BpAct a) {
  for (double x = 0.01; x <= 20; x += 0.01)
    if (bp_activate_derivative(a, x) < 0.01) return x;
  return -1;
}

void activations_page(ConceptsLab& l, Lang L) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = panel_width(0.5f, avail.x), h = std::min(260.f, avail.y * 0.45f);
  std::vector<float> xs(241);
  for (int i = 0; i <= 240; ++i) xs[size_t(i)] = -6.f + 12.f * float(i) / 240.f;
  for (int pass = 0; pass < 2; ++pass) {  // the functions, then their derivatives
    if (pass) panel_beside(w);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr(L, pass ? "concepts.derivatives" : "concepts.functions"));
    const PlotArea a = plot_begin(pass ? "derivatives" : "functions", ImVec2(w, h), -6, 6, pass ? -0.05 : -1.2, pass ? 1.1 : 2.5);
    for (int k : {3, 0, 1, 2}) {  // leaky ReLU first and wider: ReLU lies on it for x > 0
      std::vector<float> ys(xs.size());
      for (size_t i = 0; i < xs.size(); ++i)
        ys[i] = float(pass ? bp_activate_derivative(BpAct(k), xs[i]) : std::min(2.5, bp_activate(BpAct(k), xs[i])));
      plot_line(a, xs.data(), ys.data(), int(xs.size()), kActColor[k], k == 3 ? 4.f : 2.f);
    }
    const ImVec2 p0 = a.to_screen(l.p.x, pass ? -0.05 : -1.2), p1 = a.to_screen(l.p.x, pass ? 1.1 : 2.5);
    ImGui::GetWindowDrawList()->AddLine(p0, p1, IM_COL32(255, 255, 255, 160), 1.5f);
    if (pass == 0) plot_legend(a, {kActName[0], kActName[1], kActName[2], kActName[3]}, {kActColor[0], kActColor[1], kActColor[2], kActColor[3]});
    if (a.hovered && ImGui::IsMouseDown(0)) l.p.x = std::clamp(a.x_at(a.mouse.x), -6.0, 6.0);  // drag the x line
    ImGui::EndGroup();
  }
  ImGui::TextDisabled("%s", tr(L, "concepts.drag_x"));
  if (begin_table("acts", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    for (const char* key : {"clf.activation", "concepts.f_at", "concepts.df_at", "concepts.vanishes"}) ImGui::TableSetupColumn(tr(L, key));
    ImGui::TableHeadersRow();
    for (int k = 0; k < 4; ++k) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kActColor[k]), "%s", kActName[k]);
      ImGui::TableNextColumn(); ImGui::Text("%.4f", bp_activate(BpAct(k), l.p.x));
      ImGui::TableNextColumn(); ImGui::Text("%.4f", bp_activate_derivative(BpAct(k), l.p.x));
      ImGui::TableNextColumn();
      const double v = vanishes_beyond(BpAct(k));
      if (v >= 0) ImGui::Text("|x| > %.2f", v);
      else ImGui::TextUnformatted(k == 2 ? tr(L, "concepts.relu_dead") : tr(L, "concepts.never"));
    }
    end_table();
  }
  char text[768];
  const double ds = bp_activate_derivative(BpAct::Sigmoid, l.p.x), dt = bp_activate_derivative(BpAct::Tanh, l.p.x);
  std::snprintf(text, sizeof text, tr(L, "concepts.act_numbers"), l.p.x, ds, 1 / std::max(ds, 1e-12), std::pow(ds, 5), dt, std::pow(dt, 5),
                bp_activate_derivative(BpAct::Relu, l.p.x), vanishes_beyond(BpAct::Sigmoid), vanishes_beyond(BpAct::Tanh));
  text_wrapped(text, kNumbers, avail.x);
  // One neuron, four activations, the same data and start.
  static const NeuronFit fit = fit_one_neuron();
  ImGui::Separator();
  ImGui::TextUnformatted(tr(L, "concepts.fit_title"));
  const float fh = std::max(120.f, std::min(200.f, ImGui::GetContentRegionAvail().y - 70));
  const PlotArea a = plot_begin("neuron-fit", ImVec2(w, fh), -3, 3, -0.2, 1.2);
  std::vector<float> fx(121), fy(121);
  for (int k : {3, 0, 1, 2}) {
    for (int i = 0; i <= 120; ++i) fx[size_t(i)] = -3.f + 6.f * float(i) / 120.f, fy[size_t(i)] = float(neuron_predict(fit.theta[size_t(k)], BpAct(k), fx[size_t(i)]));
    plot_line(a, fx.data(), fy.data(), int(fx.size()), kActColor[k], k == 3 ? 4.f : 2.f);
  }
  plot_points(a, fit.x.data(), fit.y.data(), int(fit.x.size()), IM_COL32(235, 235, 235, 255), 2.5f, true);
  const bool beside = panel_beside(10 * ImGui::GetFontSize());
  ImGui::BeginGroup();  // the sentence wraps in the column right of the plot (under it on a phone)
  std::snprintf(text, sizeof text, tr(L, "concepts.fit_numbers"), kFitSteps, fit.mse[0], fit.mse[1], fit.mse[2], fit.mse[3]);
  text_wrapped(text, kNumbers, beside ? std::max(100.f, avail.x - w - 16) : avail.x);
  ImGui::EndGroup();
}

// ---- convolution and pooling ------------------------------------------------------

// A grid of numbers as shaded cells; `shown` cells (row-major count) are filled, the rest blank;
// `hi` outlines a rectangle of cells (the window). Returns the grid's top-left.
ImVec2 number_grid(const char* title, const std::vector<float>& v, int rows, int cols, float cell, int shown, int pad, ImVec4 hi,
                   bool signed_colors) {
  ImGui::BeginGroup();
  ImGui::TextUnformatted(title);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float lo = 0, top = 1e-6f;
  for (float x : v) lo = std::min(lo, x), top = std::max(top, std::fabs(x));
  const int R = rows + 2 * pad, C = cols + 2 * pad;
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) {
      const int vr = r - pad, vc = c - pad;
      const ImVec2 a(o.x + c * cell, o.y + r * cell), b(a.x + cell - 1, a.y + cell - 1);
      const bool inside = vr >= 0 && vr < rows && vc >= 0 && vc < cols;
      const int idx = vr * cols + vc;
      if (!inside) {  // the padding ring: zeros
        dl->AddRect(a, b, IM_COL32(90, 90, 100, 255));
        continue;
      }
      if (idx >= shown) {
        dl->AddRectFilled(a, b, IM_COL32(30, 30, 36, 255));
        continue;
      }
      const float x = v[size_t(idx)] / top;
      const ImU32 col = signed_colors ? (x >= 0 ? mix(IM_COL32(30, 30, 36, 255), IM_COL32(240, 170, 80, 255), x)
                                                : mix(IM_COL32(30, 30, 36, 255), IM_COL32(80, 150, 250, 255), -x))
                                      : mix(IM_COL32(20, 20, 24, 255), IM_COL32(235, 235, 235, 255), std::max(0.f, x));
      dl->AddRectFilled(a, b, col);
      if (cell >= 24 && (signed_colors || v[size_t(idx)] != 0)) {  // the input's zeros stay blank: the picture shows
        char t[16];
        std::snprintf(t, sizeof t, std::fabs(v[size_t(idx)]) >= 10 ? "%.0f" : "%.1f", double(v[size_t(idx)]));
        const ImVec2 ts = ImGui::CalcTextSize(t);
        dl->AddText(ImVec2(a.x + (cell - ts.x) / 2, a.y + (cell - ts.y) / 2), std::fabs(x) > 0.6f && !signed_colors ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 220), t);
      }
    }
  if (hi.z > 0) {
    const ImVec2 a(o.x + (hi.x + pad) * cell, o.y + (hi.y + pad) * cell), b(a.x + hi.z * cell, a.y + hi.w * cell);
    dl->AddRect(a, b, IM_COL32(255, 230, 120, 255), 0, 0, 3.f);
  }
  ImGui::Dummy(ImVec2(C * cell, R * cell));
  ImGui::EndGroup();
  return o;
}

void conv_page(ConceptsLab& l, Lang L) {
  const ConvResult& r = l.conv;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const int stride = l.p.stride + 1, conv_n = r.out_h * r.out_w;
  const bool in_pool = l.p.cell >= conv_n;
  const int cell = in_pool ? l.p.cell - conv_n : l.p.cell;
  const float px = std::min(26.f, (avail.x - 60) / 30.f);
  // The window on the input (conv), or on the conv output (pooling).
  const int oy = in_pool ? 0 : cell / std::max(1, r.out_w), ox = in_pool ? 0 : cell % std::max(1, r.out_w);
  const ImVec4 window = in_pool ? ImVec4(0, 0, 0, 0) : ImVec4(float(ox * stride - r.pad_top), float(oy * stride - r.pad_left), 3, 3);
  number_grid(tr(L, "concepts.input"), r.image, kConvImage, kConvImage, px, kConvImage * kConvImage, r.pad_top, window, false);
  same_line_if_fits(3 * 30);  // each grid beside the last while it fits
  number_grid(tr(L, "concepts.kernel_grid"), r.kernel, 3, 3, 30, 9, 0, ImVec4(0, 0, 0, 0), true);
  same_line_if_fits(float(r.out_w) * px);
  const int py = in_pool ? cell / std::max(1, r.pool_w) : 0, pxi = in_pool ? cell % std::max(1, r.pool_w) : 0;
  number_grid(tr(L, "concepts.output"), r.out, r.out_h, r.out_w, px, in_pool ? conv_n : cell + 1, 0,
              in_pool ? ImVec4(float(2 * pxi), float(2 * py), 2, 2) : ImVec4(0, 0, 0, 0), true);
  same_line_if_fits(float(r.pool_w) * px);
  number_grid(tr(L, l.p.pool == 0 ? "concepts.maxpooled" : "concepts.avgpooled"), r.pooled, r.pool_h, r.pool_w, px, in_pool ? cell + 1 : 0, 0,
              ImVec4(0, 0, 0, 0), true);
  // This step's sum, with its numbers.
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kForward));
  const std::string step = in_pool ? pool_step_text(r, l.p.pool == 0, cell) : conv_step_text(r, stride, cell);
  text_wrapped(step.c_str(), 0, avail.x);
  ImGui::PopStyleColor();
  if (l.p.kernel == int(ConvKernel::Learned) && l.learned.empty())
    ImGui::TextDisabled("%s", l.learned_error.empty() ? tr(L, "cnn.loading") : l.learned_error.c_str());
  // The output size, as the rule gives it; and the engine's check.
  char text[768];
  if (l.p.padding == 1)
    std::snprintf(text, sizeof text, tr(L, "concepts.size_same"), kConvImage, stride, r.out_h, r.pad_top, r.pool_h);
  else
    std::snprintf(text, sizeof text, tr(L, "concepts.size_valid"), kConvImage, stride, r.out_h, r.pool_h);
  std::string all = text;
  std::snprintf(text, sizeof text, tr(L, "concepts.conv_numbers"), double(conv_max_difference(r)));
  all += std::string(" ") + text;
  text_wrapped(all.c_str(), kNumbers, avail.x);
}

// ---- gradient descent ---------------------------------------------------------------

const ImU32 kPathColor[3] = {IM_COL32(255, 255, 255, 255), IM_COL32(230, 200, 90, 255), IM_COL32(240, 100, 80, 255)};

void descent_page(ConceptsLab& l, Lang L) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = panel_width(0.5f, avail.x), h = std::min(280.f, avail.y * 0.48f);
  const Descent1D& d1 = l.d1;
  const Descent2D& d2 = l.d2;
  // 1-D: the cost curve and the path.
  ImGui::BeginGroup();
  text_wrapped(tr(L, "concepts.d1_plot"), 0, w);
  const PlotArea a = plot_begin("d1", ImVec2(w, h), -4, 8, -1, 40);
  std::vector<float> xs(121), ys(121);
  for (int i = 0; i <= 120; ++i) xs[size_t(i)] = -4.f + 12.f * float(i) / 120.f, ys[size_t(i)] = (xs[size_t(i)] - 2) * (xs[size_t(i)] - 2);
  plot_line(a, xs.data(), ys.data(), 121, IM_COL32(120, 150, 220, 255), 2.f);
  std::vector<float> px, py;
  for (size_t i = 0; i < d1.theta.size(); ++i)
    if (std::fabs(d1.theta[i]) < 1e3f) px.push_back(std::clamp(d1.theta[i], -4.f, 8.f)), py.push_back(std::min(d1.cost[i], 40.f));
  plot_line(a, px.data(), py.data(), int(px.size()), IM_COL32(240, 100, 80, 220), 1.f);
  plot_points(a, px.data(), py.data(), int(px.size()), IM_COL32(240, 100, 80, 255), 3.f, true);
  ImGui::EndGroup();
  panel_beside(w);
  // 2-D: log J contours, the three paths, the exact solution.
  ImGui::BeginGroup();
  text_wrapped(tr(L, "concepts.d2_plot"), 0, w);
  const double cx = d2.exact[0], cy = d2.exact[1];
  const double rx = std::max(1.0, std::fabs(cx)) * 1.4, ry = std::max(std::fabs(cy), 0.15) * 2.5;
  const PlotArea b = plot_begin("d2", ImVec2(w, h), std::min(0.0, cx) - 0.3 * rx, std::max(0.0, cx) + 0.3 * rx, std::min(0.0, cy) - ry,
                                std::max(0.0, cy) + ry);
  constexpr int G = 60;
  std::vector<float> grid(size_t(G * G));
  for (int i = 0; i < G; ++i)
    for (int j = 0; j < G; ++j)
      grid[size_t(i * G + j)] = float(std::log(descent_2d_cost(d2, b.x0 + (b.x1 - b.x0) * (j + 0.5) / G, b.y1 - (b.y1 - b.y0) * (i + 0.5) / G) + 1e-6));
  float glo, ghi;
  finite_range(grid, &glo, &ghi);
  std::vector<ImU32> colors(grid.size());
  for (size_t k = 0; k < grid.size(); ++k) colors[k] = mix(IM_COL32(25, 45, 110, 255), IM_COL32(200, 170, 80, 255), (grid[k] - glo) / std::max(1e-6f, ghi - glo));
  plot_cells(b, colors, G, G);
  plot_contour_lines(b, grid, G, 14, IM_COL32(255, 255, 255, 70));
  for (int k = 2; k >= 0; --k) plot_line(b, d2.t1[size_t(k)].data(), d2.t2[size_t(k)].data(), int(d2.t1[size_t(k)].size()), kPathColor[k], k ? 1.f : 2.f);
  const ImVec2 m = b.to_screen(cx, cy);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(m.x - 6, m.y - 6), ImVec2(m.x + 6, m.y + 6), IM_COL32(200, 120, 230, 255), 2.5f);
  dl->AddLine(ImVec2(m.x - 6, m.y + 6), ImVec2(m.x + 6, m.y - 6), IM_COL32(200, 120, 230, 255), 2.5f);
  plot_legend(b, {tr(L, "concepts.batch_path"), tr(L, "concepts.mini_path"), tr(L, "concepts.sgd_path")}, {kPathColor[0], kPathColor[1], kPathColor[2]});
  ImGui::EndGroup();
  // What the numbers show.
  char text[900];
  const double f = d1.factor;
  const char* kind = std::fabs(f) >= 1 ? "concepts.d1_diverges" : f < 0 ? "concepts.d1_oscillates" : f > 0.8 ? "concepts.d1_crawls" : "concepts.d1_converges";
  std::snprintf(text, sizeof text, tr(L, kind), l.p.lr1, f, std::fabs(f), double(d1.theta.back()));
  std::string all = text;
  auto dist = [&](int k) { return std::isfinite(d2.distance[size_t(k)]) ? d2.distance[size_t(k)] : -1.0; };
  std::snprintf(text, sizeof text, tr(L, "concepts.d2_numbers"), l.p.scale, d2.kappa, d2.lambda_max, d2.lambda_min, d2.lr, 2 / d2.lambda_max,
                kDescentSteps, dist(0), d2.exact[0], d2.exact[1], 1 - d2.lr * d2.lambda_min, dist(1), dist(2));
  all += std::string(" ") + text;
  text_wrapped(all.c_str(), kNumbers, avail.x);
}

// ---- machine learning vs deep learning vs neural networks ------------------------

void mldl_page(ConceptsLab& l, Lang L) {
  const LearningKinds& k = l.kinds;
  if (k.xtr.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::min(panel_width(1.f / 3.f, avail.x, 11.f), std::max(200.f, avail.y * 0.5f));
  static const char* const titles[kKinds] = {"concepts.kind.raw", "concepts.kind.features", "concepts.kind.network"};
  for (int i = 0; i < kKinds; ++i) {
    if (i) panel_beside(side);
    ImGui::BeginGroup();
    const KindRun& r = k.runs[size_t(i)];
    text_wrapped(tr(L, titles[i]), 0, side);
    const PlotArea a = plot_begin(titles[i], ImVec2(side, side), -1, 1, -1, 1);
    std::vector<ImU32> colors(r.grid.size());
    for (size_t c = 0; c < r.grid.size(); ++c) colors[c] = mix(mix(class_color(0), IM_COL32(20, 20, 24, 255), 0.55f), mix(class_color(1), IM_COL32(20, 20, 24, 255), 0.55f), r.grid[c]);
    plot_cells(a, colors, kKindsGrid, kKindsGrid);
    for (int c = 0; c < 2; ++c) {
      std::vector<float> xs, ys;
      for (size_t p = 0; p < k.ytr.size(); ++p)
        if (k.ytr[p] == c) xs.push_back(k.xtr[2 * p]), ys.push_back(k.xtr[2 * p + 1]);
      plot_points(a, xs.data(), ys.data(), int(xs.size()), class_color(c), 2.5f, true);
    }
    ImGui::Text(tr(L, "concepts.kind.score"), 100 * r.train_acc, 100 * r.test_acc, kinds_inputs(i));
    ImGui::EndGroup();
  }
  const KindRun &raw = k.runs[0], &feat = k.runs[1], &net = k.runs[2];
  char text[768];
  if (k.epochs == 0) text_wrapped(tr(L, "faq.race.press_play"));
  else {
    std::snprintf(text, sizeof text, tr(L, "concepts.kinds_numbers"), k.epochs, 100 * raw.test_acc, 100 * feat.test_acc, 100 * net.test_acc, l.p.hidden);
    text_wrapped(text, kNumbers, avail.x);
  }
}

// ---- autonomous learning: a learner that chooses its questions ------------------------

void autonomous_page(ConceptsLab& l, Lang L) {
  const Autonomous& a = l.active;
  if (a.pool.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::min(panel_width(1.f / 3.f, avail.x, 11.f), std::max(200.f, avail.y * 0.55f));
  const AutoRun* runs[2] = {&a.chosen, &a.random};
  static const char* const titles[2] = {"concepts.auto.chosen", "concepts.auto.random"};
  for (int k = 0; k < 2; ++k) {
    if (k) panel_beside(side);
    ImGui::BeginGroup();
    const AutoRun& r = *runs[k];
    text_wrapped(tr(L, titles[k]), 0, side);
    const PlotArea pa = plot_begin(titles[k], ImVec2(side, side), -1, 1, -1, 1);
    std::vector<float> xs, ys;  // the pool, not asked yet
    std::vector<char> asked(size_t(kAutoPool), 0);
    for (int i : r.labelled) asked[size_t(i)] = 1;
    for (int i = 0; i < kAutoPool; ++i)
      if (!asked[size_t(i)]) xs.push_back(a.pool[size_t(2 * i)]), ys.push_back(a.pool[size_t(2 * i + 1)]);
    plot_points(pa, xs.data(), ys.data(), int(xs.size()), IM_COL32(110, 115, 125, 160), 2.f, true);
    for (int c = 0; c < 2; ++c) {  // the labels it asked for
      xs.clear(), ys.clear();
      for (int i : r.labelled)
        if (a.pool_y[size_t(i)] == c) xs.push_back(a.pool[size_t(2 * i)]), ys.push_back(a.pool[size_t(2 * i + 1)]);
      plot_points(pa, xs.data(), ys.data(), int(xs.size()), class_color(c), 4.f, true);
    }
    // The true boundary (grey) and the learner's (white): x2 = (c - a x1) / b.
    const float bx[2] = {-1.f, 1.f};
    const float ty[2] = {float((kAutoC + kAutoA) / kAutoB), float((kAutoC - kAutoA) / kAutoB)};
    plot_line(pa, bx, ty, 2, IM_COL32(150, 150, 160, 200), 1.5f);
    if (std::fabs(r.w[2]) > 1e-9) {
      const float ly[2] = {float(-(r.w[0] + r.w[1] * -1.0) / r.w[2]), float(-(r.w[0] + r.w[1] * 1.0) / r.w[2])};
      plot_line(pa, bx, ly, 2, IM_COL32(255, 255, 255, 230), 2.f);
    }
    ImGui::Text(tr(L, "concepts.auto.score"), int(r.labelled.size()), 100 * (r.accuracy.empty() ? 0.f : r.accuracy.back()));
    ImGui::EndGroup();
  }
  ImGui::SameLine(0, 16);
  ImGui::BeginGroup();
  text_wrapped(tr(L, "concepts.auto.curve"), 0, side);
  const PlotArea pc = plot_begin("auto-curve", ImVec2(side, side), 2, kAutoMaxLabels, 0.5, 1);
  for (int k = 0; k < 2; ++k) {
    std::vector<float> xs, ys = runs[k]->accuracy;
    for (size_t i = 0; i < ys.size(); ++i) xs.push_back(float(i + 2));
    plot_line(pc, xs.data(), ys.data(), int(xs.size()), k == 0 ? IM_COL32(120, 220, 140, 255) : IM_COL32(240, 170, 90, 255));
  }
  plot_legend(pc, {tr(L, "concepts.auto.chosen_short"), tr(L, "concepts.auto.random_short")},
              {IM_COL32(120, 220, 140, 255), IM_COL32(240, 170, 90, 255)});
  ImGui::EndGroup();
  char text[768];
  if (a.chosen.labelled.size() <= 2) text_wrapped(tr(L, "faq.race.press_play"));
  else {
    const int c95 = labels_to_reach(a.chosen, 0.95f), r95 = labels_to_reach(a.random, 0.95f);
    std::snprintf(text, sizeof text, tr(L, "concepts.auto_numbers"), int(a.chosen.labelled.size()), 100 * a.chosen.accuracy.back(),
                  100 * a.random.accuracy.back(), asked_distance(a, a.chosen), asked_distance(a, a.random));
    std::string all = text;
    if (c95 > 0 || r95 > 0) {
      std::snprintf(text, sizeof text, tr(L, c95 > 0 && r95 > 0 ? "concepts.auto_both95" : c95 > 0 ? "concepts.auto_chosen95" : "concepts.auto_random95"),
                    c95 > 0 ? c95 : r95, r95);
      all += std::string(" ") + text;
    }
    text_wrapped(all.c_str(), kNumbers, avail.x);
  }
}

// ---- recurrence unrolled: one unit, the same weights at every step, backprop through time ----

void recurrence_page(ConceptsLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  const Unrolled& r = l.unrolled;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = 14, bw = std::min(110.f, (avail.x - gap * (kRecSteps - 1)) / kRecSteps), bh = 118;
  ImGui::TextUnformatted(tr(L, "concepts.rec.title"));
  ImGui::Text("w = %.2f   u = %.2f   b = %.2f   %s", r.w, r.u, r.b, tr(L, "concepts.rec.shared"));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  double top = 1e-12;
  for (double d : r.delta) top = std::max(top, std::fabs(d));
  for (int t = 0; t < kRecSteps; ++t) {
    const ImVec2 a(o.x + float(t) * (bw + gap), o.y), b(a.x + bw, a.y + bh);
    // The cell's fill: how much gradient reaches it (|δ_t| relative to the largest).
    dl->AddRectFilled(a, b, mix(IM_COL32(32, 34, 42, 255), IM_COL32(120, 70, 30, 255), float(std::fabs(r.delta[size_t(t)]) / top)), 4.f);
    dl->AddRect(a, b, IM_COL32(150, 150, 160, 255), 4.f);
    char line[64];
    float y = a.y + 4;
    auto put = [&](ImU32 c, const char* fmt, double v) {
      std::snprintf(line, sizeof line, fmt, v);
      dl->AddText(ImVec2(a.x + 6, y), c, line);
      y += ImGui::GetTextLineHeight() + 1;
    };
    put(IM_COL32(220, 220, 220, 255), "t %.0f", double(t + 1));
    put(kForward, "x %.2f", r.x[size_t(t)]);
    put(kForward, "z %.3f", r.z[size_t(t)]);
    put(kForward, "h %.3f", r.h[size_t(t)]);
    put(kBackward, "δ %.1e", r.delta[size_t(t)]);
    put(kBackward, "∂u %.1e", r.du[size_t(t)]);
    if (t) {  // h_{t-1} -> cell t, through the same u
      const ImVec2 p0(a.x - gap + 1, a.y + bh * 0.5f), p1(a.x - 2, a.y + bh * 0.5f);
      dl->AddLine(p0, p1, IM_COL32(220, 220, 220, 255), 2.f);
      dl->AddTriangleFilled(ImVec2(p1.x, p1.y), ImVec2(p1.x - 5, p1.y - 4), ImVec2(p1.x - 5, p1.y + 4), IM_COL32(220, 220, 220, 255));
    }
  }
  ImGui::Dummy(ImVec2(float(kRecSteps) * (bw + gap), bh + 6));
  ImGui::TextDisabled("%s", tr(L, "concepts.rec.legend"));
  if (begin_table("rec-grads", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
    for (const char* key : {"concepts.param", "concepts.rec.sum", "concepts.engine", "concepts.finite"}) ImGui::TableSetupColumn(tr(L, key));
    ImGui::TableHeadersRow();
    static const char* const names[3] = {"∂L/∂w", "∂L/∂u", "∂L/∂b"};
    for (int i = 0; i < 3; ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::TextUnformatted(names[i]);
      ImGui::TableNextColumn(); ImGui::Text("%.6f", r.grad[size_t(i)]);
      ImGui::TableNextColumn(); ImGui::Text("%.6f", r.engine[size_t(i)]);
      ImGui::TableNextColumn(); ImGui::Text("%.6f", r.finite[size_t(i)]);
    }
    end_table();
  }
  const double first = std::fabs(r.delta[0]), last = std::fabs(r.delta[kRecSteps - 1]);
  const double per_step = last > 0 && first > 0 ? std::pow(first / last, 1.0 / (kRecSteps - 1)) : 0;
  char text[900];
  std::snprintf(text, sizeof text, tr(L, per_step < 1 ? "concepts.rec_numbers_vanish" : "concepts.rec_numbers_grow"), r.u, last, first, per_step,
                r.grad[1], r.engine[1], r.finite[1]);
  text_wrapped(text, kNumbers, avail.x);
  if (ImGui::SmallButton(tr(L, "concepts.rec.open_cell"))) ui.open_link = "#lesson=rnn&part=cell";
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(L, "concepts.rec.open_why"))) ui.open_link = "#lesson=rnn&part=why";
}

// ---- NLP: characters -> ids -> embedding vectors -------------------------------------

ImU32 value_color(float v, float scale) {  // blue below zero, orange above, dark at zero
  const float t = std::clamp(v / std::max(scale, 1e-6f), -1.f, 1.f);
  return t < 0 ? mix(IM_COL32(30, 32, 40, 255), IM_COL32(90, 160, 255, 255), -t) : mix(IM_COL32(30, 32, 40, 255), IM_COL32(255, 160, 60, 255), t);
}

// A character as the page shows it: a space as ·, a line break as ↵ (both would vanish).
std::string shown(char32_t c) { return c == U' ' ? "·" : c == U'\n' ? "↵" : c == U'\t' ? "→" : utf8_encode(c); }

void nlp_page(ConceptsLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  const size_t k = size_t(l.p.corpus);
  const Embeddings& e = l.embeddings[k];
  if (!l.embeddings_error[k].empty()) {
    text_wrappedf(IM_COL32(255, 140, 120, 255), "%s", l.embeddings_error[k].c_str());
    return;
  }
  if (e.dim == 0) {
    ImGui::TextDisabled("%s", tr(L, "cnn.loading"));
    return;
  }
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", l.text[k].c_str());
  if (ImGui::InputText(tr(L, "concepts.nlp.text"), buf, sizeof buf)) l.text[k] = buf;
  const std::vector<int> ids = nlp_ids(l);
  const std::u32string chars = utf8_decode(l.text[k]);
  float scale = 0;
  for (float v : e.vectors) scale = std::max(scale, std::fabs(v));
  scale *= 0.6f;
  // One column per character: the character (click it), its id, its vector.
  text_wrapped(tr(L, "concepts.nlp.rows"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
  const float col = std::max(36.f, ImGui::CalcTextSize(e.chars.size() > 999 ? "0000" : "000").x + 6), cell = 3.f;  // 36 for English (the browser test clicks by it)
  ImGui::BeginChild("nlp-columns", ImVec2(0, 60 + cell * float(e.dim) + 24), false, ImGuiWindowFlags_HorizontalScrollbar);
  for (size_t i = 0; i < chars.size() && i < 200; ++i) {
    if (i) ImGui::SameLine(0, 2);
    ImGui::BeginGroup();
    ImGui::PushID(int(i));
    const bool sel = int(i) == l.p.pos;
    if (sel) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
    const std::string c = shown(chars[i]);
    if (ImGui::Button(c.c_str(), ImVec2(col, 0))) {
      l.p.pos = int(i);
      *ui.url_dirty = true;
    }
    if (sel) ImGui::PopStyleColor();
    ImGui::TextDisabled("%d", ids[i]);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (ids[i] >= 0)
      for (int d = 0; d < e.dim; ++d)
        dl->AddRectFilled(ImVec2(at.x + 4, at.y + cell * float(d)), ImVec2(at.x + col - 4, at.y + cell * float(d + 1)),
                          value_color(e.vectors[size_t(ids[i]) * size_t(e.dim) + size_t(d)], scale));
    ImGui::Dummy(ImVec2(col, cell * float(e.dim)));
    ImGui::PopID();
    ImGui::EndGroup();
  }
  ImGui::EndChild();
  l.p.pos = std::clamp(l.p.pos, 0, std::max(0, int(chars.size()) - 1));
  if (chars.empty() || ids[size_t(l.p.pos)] < 0) {
    text_wrapped(tr(L, "concepts.nlp.unknown"));
    return;
  }
  const int id = ids[size_t(l.p.pos)];
  const std::vector<int> nn = nearest(e, id, 8);
  const std::string me = shown(e.chars[size_t(id)]);
  ImGui::Text(tr(L, "concepts.nlp.nearest"), me.c_str(), id, e.dim);
  for (int j : nn) {
    const double c = cosine(e, id, j);
    const std::string other = shown(e.chars[size_t(j)]);
    ImGui::Text("%s", other.c_str());
    ImGui::SameLine(40);
    ImGui::ProgressBar(float(std::max(0.0, c)), ImVec2(200, 0), "");
    ImGui::SameLine();
    ImGui::Text("%.2f", c);
  }
  // What the numbers show: do characters used alike have alike vectors?
  // ("More alike" needs a difference of 0.05 in mean cosine: less is said to be hardly any.)
  const bool en = l.p.corpus == 0;
  const std::u32string a = en ? U".,;:!?" : U"，。？！；：";
  const std::u32string b = en ? U"abcdefghijklmnopqrstuvwxyz" : U"山水花月风云春秋江天";
  const double within = mean_similarity(e, a, a), across = mean_similarity(e, a, b);
  std::string first;
  for (size_t i = 0; i < nn.size() && i < 3; ++i) first += (i ? ", " : "") + shown(e.chars[size_t(nn[i])]);
  char text[768];
  std::snprintf(text, sizeof text, tr(L, en ? (within > across + 0.05 ? "concepts.nlp_numbers_en" : "concepts.nlp_numbers_en_not") : (within > across + 0.05 ? "concepts.nlp_numbers_zh" : "concepts.nlp_numbers_zh_not")),
                me.c_str(), first.c_str(), int(e.chars.size()), e.dim, within, across);
  text_wrapped(text, kNumbers, ImGui::GetContentRegionAvail().x);
  if (ImGui::SmallButton(tr(L, "concepts.nlp.open_rnn"))) ui.open_link = "#lesson=rnn&part=fires";
}

// ---- trends (the course's §5): each trend and where the playground shows it at small scale ----

void trends_page(LessonUi& ui) {
  const Lang L = ui.lang;
  struct Trend { const char* key; std::vector<std::pair<const char*, const char*>> links; };  // (label key, link)
  static const Trend trends[] = {
      {"concepts.trend.data", {{"concepts.trend.data.curve", "#lesson=faq&q=2"}, {"concepts.trend.data.speed", "#lesson=cnn"}}},
      {"concepts.trend.algorithms", {{"concepts.trend.algorithms.race", "#lesson=faq&q=4"}, {"concepts.trend.algorithms.range", "#lesson=faq&q=4&part=range"}}},
      {"concepts.trend.multimodal", {{"concepts.trend.multimodal.images", "#lesson=cnn"}, {"concepts.trend.multimodal.text", "#lesson=rnn&part=poet"}}},
      {"concepts.trend.explain", {{"concepts.trend.explain.why", "#lesson=cnn"}, {"concepts.trend.explain.fires", "#lesson=rnn&part=fires"}}},
      {"concepts.trend.ethics", {{"concepts.trend.ethics.rare", "#lesson=faq&q=3"}}},
  };
  const float w = ImGui::GetContentRegionAvail().x;
  for (const Trend& t : trends) {
    ImGui::PushID(t.key);
    ImGui::TextColored(ImVec4(1, 0.85f, 0.5f, 1), "%s", tr(L, t.key));
    text_wrapped(tr(L, (std::string(t.key) + ".says").c_str()), ImGui::GetColorU32(ImGuiCol_TextDisabled), w);
    for (const auto& [label, link] : t.links) {
      ImGui::PushID(label);
      if (ImGui::SmallButton(tr(L, "app.open"))) ui.open_link = link;
      ImGui::SameLine();
      ImGui::TextUnformatted(tr(L, label));
      ImGui::PopID();
    }
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::PopID();
  }
  text_wrapped(tr(L, "concepts.trend.privacy"), kNumbers, w);
}

}  // namespace

void draw_concepts(ConceptsLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  ui.layout(l.p.c == kMlDl ? "app.epoch" : l.p.c == kAutonomous ? "concepts.auto.labels" : "concepts.step",
            l.p.c == kBackprop ? l.p.step : l.p.c == kConvolution ? l.p.cell : l.p.c == kMlDl ? l.kinds.epochs
            : l.p.c == kAutonomous ? long(l.active.chosen.labelled.size()) : 0,
            [&] {
              ui.param("c");
              if (l.p.c == kBackprop) backprop_controls(l, ui);
              else if (l.p.c == kMlDl) {
                ui.param("hidden");
                ui.param("seed");
                says_and_explains(L, "mldl");
              } else if (l.p.c == kRecurrence) {
                ui.param("u");
                ui.param("seed");
                says_and_explains(L, "recurrence");
              } else if (l.p.c == kNlp) {
                ui.params("corpus", "pos");
                says_and_explains(L, "nlp");
              } else if (l.p.c == kAutonomous) {
                ui.param("seed");
                says_and_explains(L, "autonomous");
              } else if (l.p.c == kDescent) {
                ui.params("lr1", "fraction");
                ui.param("seed");
                says_and_explains(L, "descent");
              } else if (l.p.c == kTrends) {
                ImGui::Separator();
                text_wrapped(tr(L, "concepts.explain.trends"));
              } else if (l.p.c == kConvolution) {
                ui.params("picture", "cell");
                says_and_explains(L, "conv");
              } else {
                ui.param("x");
                says_and_explains(L, "activations");
              }
            },
            [&] {
              if (l.p.c == kBackprop) backprop_page(l, L);
              else if (l.p.c == kConvolution) conv_page(l, L);
              else if (l.p.c == kTrends) trends_page(ui);
              else if (l.p.c == kDescent) descent_page(l, L);
              else if (l.p.c == kMlDl) mldl_page(l, L);
              else if (l.p.c == kAutonomous) autonomous_page(l, L);
              else if (l.p.c == kNlp) nlp_page(l, ui);
              else if (l.p.c == kRecurrence) recurrence_page(l, ui);
              else activations_page(l, L);
            });
}

}  // namespace mlpg::ui
