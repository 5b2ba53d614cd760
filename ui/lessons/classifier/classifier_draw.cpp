// Draws the classifier playground: data and network controls on the left, the
// decision map with points in the middle, loss curves, metrics, the confusion
// matrix and per-neuron maps on the right.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "classifier.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

void controls(ClassifierLab& c, LessonUi& ui) {
  const Lang L = ui.lang;
  ui.params("dataset", "seed");  // the data
  ui.data_file_buttons("clf.csv_hint");
  if (c.p.dataset == int(ClfDataset::Custom) && !c.custom_source.empty())
    ImGui::Text("%s %s (%zu)", tr(L, "data.from"), c.custom_source.c_str(), c.custom.size());
  if (c.p.dataset == int(ClfDataset::Custom)) {
    text_wrapped(tr(L, "clf.draw_hint"));
    ImGui::SliderInt(tr(L, "clf.draw_class"), &c.draw_class, 0, c.p.classes - 1);
    if (ImGui::Button(tr(L, "clf.clear_points"))) { c.custom.clear(); classifier_reset(c); }
  }
  ImGui::Separator();
  ui.params("features");  // the model and its training
}

void boundary(ClassifierLab& c, Lang L, float side) {
  ImGui::TextUnformatted(tr(L, "clf.boundary"));
  const PlotArea a = plot_begin("boundary", ImVec2(side, side), -1.2, 1.2, -1.2, 1.2);
  const int G = ClassifierLab::kGrid, k = int(c.grid_probs.size()) / (G * G);
  std::vector<ImU32> colors(size_t(G * G));
  for (int i = 0; i < G * G; ++i) {
    int best = 0;
    for (int j = 1; j < k; ++j)
      if (c.grid_probs[size_t(i * k + j)] > c.grid_probs[size_t(i * k + best)]) best = j;
    const float conf = k ? c.grid_probs[size_t(i * k + best)] : 0.f;
    colors[size_t(i)] = mix(IM_COL32(30, 32, 40, 255), class_color(best), 0.15f + 0.55f * conf);
  }
  if (k > 0) plot_cells(a, colors, G, G);
  for (const ClfPoint& q : c.points) {
    const float x = q.x, y = q.y;
    plot_points(a, &x, &y, 1, class_color(q.label), q.train ? 3.5f : 4.5f, q.train);
  }
  if (c.p.dataset == int(ClfDataset::Custom) && a.hovered && ImGui::IsMouseClicked(0)) {
    classifier_add_point(c, float(a.x_at(a.mouse.x)), float(a.y_at(a.mouse.y)), c.draw_class);
    classifier_reset(c);
  }
}

void curves(const ClassifierLab& c, Lang L, ImVec2 size) {
  ImGui::TextUnformatted(tr(L, "clf.loss_curve"));
  std::vector<float> both = c.train_loss;
  both.insert(both.end(), c.test_loss.begin(), c.test_loss.end());
  float lo, hi;
  finite_range(both, &lo, &hi);
  const PlotArea a = plot_begin("curves", size, 0, std::max<double>(1, double(c.train_loss.size()) - 1), 0, hi * 1.1f);
  const ImU32 tr_c = IM_COL32(80, 150, 250, 255), te_c = IM_COL32(250, 150, 60, 255);
  plot_series(a, c.test_loss, te_c);
  plot_series(a, c.train_loss, tr_c);
  plot_legend(a, {tr(L, "clf.train_loss"), tr(L, "clf.test_loss")}, {tr_c, te_c});
  plot_hover_series(a, {&c.train_loss, &c.test_loss}, {tr(L, "clf.train_loss"), tr(L, "clf.test_loss")}, tr(L, "app.epoch"));
}

void metrics(const ClassifierLab& c, Lang L) {
  ImGui::TextUnformatted(tr(L, "clf.metrics"));
  ImGui::Text("%s %.3f   %s %.3f   %s %.3f   %s %.3f", tr(L, "clf.accuracy"), double(c.accuracy), tr(L, "clf.precision"),
              double(c.precision), tr(L, "clf.recall"), double(c.recall), tr(L, "clf.f1"), double(c.f1));
  ImGui::TextDisabled("%s", tr(L, "clf.confusion"));
  const int k = c.confusion.classes;
  if (k > 0 && begin_table("confusion", k + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    for (int p = 0; p < k; ++p) {
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(p)), "%d", p);
    }
    for (int t = 0; t < k; ++t) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(t)), "%d", t);
      for (int p = 0; p < k; ++p) {
        ImGui::TableNextColumn();
        if (t == p) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(40, 90, 50, 255));
        ImGui::Text("%lld", static_cast<long long>(c.confusion.at(t, p)));
      }
    }
    end_table();
  }
}

void neuron_maps(const ClassifierLab& c, Lang L, float width) {
  if (c.neuron_maps.empty()) return;
  ImGui::TextUnformatted(tr(L, "clf.neurons_view"));
  const int N = ClassifierLab::kNeuronGrid;
  const float side = std::clamp(width / 8.f - 6.f, 36.f, 72.f), gap = ImGui::GetStyle().ItemSpacing.x;
  const size_t per_row = size_t(std::clamp(int((width + gap) / (side + gap)), 1, 8));  // fewer per row on a phone
  for (size_t j = 0; j < c.neuron_maps.size(); ++j) {
    if (j % per_row) ImGui::SameLine();
    float lo, hi;
    finite_range(c.neuron_maps[j], &lo, &hi);
    const float m = std::max(std::fabs(lo), std::fabs(hi));
    std::vector<ImU32> colors(size_t(N * N));
    for (int i = 0; i < N * N; ++i) {
      const float v = c.neuron_maps[j][size_t(i)] / (m > 0 ? m : 1.f);  // -1..1
      colors[size_t(i)] = v >= 0 ? mix(IM_COL32(30, 32, 40, 255), IM_COL32(250, 150, 60, 255), v)
                                 : mix(IM_COL32(30, 32, 40, 255), IM_COL32(80, 150, 250, 255), -v);
    }
    ImGui::PushID(int(j));
    ImGui::BeginGroup();
    const PlotArea a = plot_begin("n", ImVec2(side, side), -1.2, 1.2, -1.2, 1.2, false, false, false);
    plot_cells(a, colors, N, N);
    ImGui::EndGroup();
    ImGui::PopID();
  }
}

void view(ClassifierLab& c, Lang L) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool narrow = avail.x < 600;  // a phone: the boundary full width, the curves under it
  const float side = narrow ? std::min(avail.x - 16, avail.y * 0.9f) : std::min(avail.x * 0.5f, avail.y * 0.62f);
  ImGui::BeginGroup();
  boundary(c, L, side);
  ImGui::EndGroup();
  if (!narrow) ImGui::SameLine();
  ImGui::BeginGroup();
  const float right = narrow ? avail.x - 16 : avail.x - side - 12;
  curves(c, L, ImVec2(right, side * 0.5f));
  metrics(c, L);
  ImGui::EndGroup();
  neuron_maps(c, L, avail.x);
  text_wrapped(tr(L, "clf.explain"), ImGui::GetColorU32(ImGuiCol_TextDisabled), avail.x);
}

}  // namespace

void draw_classifier(ClassifierLab& c, LessonUi& ui) {
  ui.layout("app.epoch", c.epoch, [&] { controls(c, ui); }, [&] { view(c, ui.lang); });
}

}  // namespace mlpg::ui
