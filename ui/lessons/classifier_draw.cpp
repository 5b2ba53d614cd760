// Draws the classifier playground: data and network controls on the left, the
// decision map with points in the middle, loss curves, metrics, the confusion
// matrix and per-neuron maps on the right.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

bool combo(const char* label, int* v, const std::vector<const char*>& items) {
  return ImGui::Combo(label, v, items.data(), int(items.size()));
}

void controls(AppState& app) {
  ClassifierLab& c = app.classifier;
  ClassifierParams& p = c.p;
  const Lang L = app.lang;
  bool reset = false;
  ImGui::PushItemWidth(190);
  if (ImGui::Button(app.running ? tr(L, "app.pause") : tr(L, "app.play"))) app.running = !app.running;
  ImGui::SameLine();
  if (ImGui::Button(tr(L, "app.step"))) { classifier_train(c, 1); classifier_refresh_maps(c); }
  ImGui::SameLine();
  if (ImGui::Button(tr(L, "app.reset"))) reset = true;
  ImGui::Text("%s %d", tr(L, "app.epoch"), c.epoch);
  ImGui::Separator();
  std::vector<const char*> datasets;
  for (const char* k : {"clf.dataset.circle", "clf.dataset.xor", "clf.dataset.gauss", "clf.dataset.spiral", "clf.dataset.custom"})
    datasets.push_back(tr(L, k));
  reset |= combo(tr(L, "clf.dataset"), &p.dataset, datasets);
  if (p.dataset >= 2) reset |= ImGui::SliderInt(tr(L, "clf.classes"), &p.classes, 2, 4);
  float noise = float(p.noise);
  if (ImGui::SliderFloat(tr(L, "clf.noise"), &noise, 0.f, 0.5f, "%.2f")) { p.noise = noise; reset = true; }
  reset |= ImGui::SliderInt(tr(L, "clf.train_ratio"), &p.train_pct, 10, 90, "%d%%");
  reset |= ImGui::InputInt(tr(L, "app.seed"), &p.seed);
  p.seed = std::clamp(p.seed, 0, 99999);
  if (p.dataset == int(ClfDataset::Custom)) {
    ImGui::TextWrapped("%s", tr(L, "clf.draw_hint"));
    ImGui::SliderInt(tr(L, "clf.draw_class"), &c.draw_class, 0, p.classes - 1);
    if (ImGui::Button(tr(L, "clf.clear_points"))) { c.custom.clear(); reset = true; }
  }
  ImGui::Separator();
  ImGui::TextUnformatted(tr(L, "clf.features"));
  for (int i = 0; i < kFeatureCount; ++i) {
    if (i % 4) ImGui::SameLine();
    reset |= ImGui::Checkbox(classifier_feature_name(i), &p.features[i]);
  }
  ImGui::TextUnformatted(tr(L, "clf.network"));
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(L, "clf.add_layer")) && p.layers.size() < 6) { p.layers.push_back(4); reset = true; }
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(L, "clf.remove_layer")) && !p.layers.empty()) { p.layers.pop_back(); reset = true; }
  for (size_t i = 0; i < p.layers.size(); ++i) {
    ImGui::PushID(int(i));
    char label[48];
    std::snprintf(label, sizeof label, "%s %zu", tr(L, "clf.neurons"), i + 1);
    reset |= ImGui::SliderInt(label, &p.layers[i], 1, 16);
    ImGui::PopID();
  }
  reset |= combo(tr(L, "clf.activation"), &p.act, classifier_activation_names());
  std::vector<const char*> losses{tr(L, "clf.loss.ce"), tr(L, "clf.loss.mse")};
  reset |= combo(tr(L, "clf.loss"), &p.loss, losses);
  std::vector<const char*> regs{tr(L, "clf.reg.none"), "L1", "L2"};
  reset |= combo(tr(L, "clf.regularization"), &p.reg, regs);
  if (p.reg) {
    float lam = float(std::max(p.lambda, 1e-5));
    if (ImGui::SliderFloat(tr(L, "clf.lambda"), &lam, 1e-5f, 1.f, "%.2g", ImGuiSliderFlags_Logarithmic)) { p.lambda = lam; reset = true; }
  }
  float lr = float(p.lr);
  if (ImGui::SliderFloat(tr(L, "app.learning_rate"), &lr, 1e-4f, 1.f, "%.3g", ImGuiSliderFlags_Logarithmic)) { p.lr = lr; reset = true; }
  reset |= ImGui::SliderInt(tr(L, "clf.batch"), &p.batch, 1, 64);
  reset |= combo(tr(L, "clf.optimizer"), &p.opt, classifier_optimizer_names());
  if (ImGui::InputInt(tr(L, "clf.stop_at"), &p.stop_epoch)) { p.stop_epoch = std::clamp(p.stop_epoch, 0, 10000); app.url_dirty = true; }
  if (reset) {
    classifier_reset(c);
    app.url_dirty = true;
  }
  ImGui::PopItemWidth();
}

void boundary(AppState& app, float side) {
  ClassifierLab& c = app.classifier;
  const Lang L = app.lang;
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

void curves(AppState& app, ImVec2 size) {
  ClassifierLab& c = app.classifier;
  const Lang L = app.lang;
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

void metrics(AppState& app) {
  ClassifierLab& c = app.classifier;
  const Lang L = app.lang;
  ImGui::TextUnformatted(tr(L, "clf.metrics"));
  ImGui::Text("%s %.3f   %s %.3f   %s %.3f   %s %.3f", tr(L, "clf.accuracy"), double(c.accuracy), tr(L, "clf.precision"),
              double(c.precision), tr(L, "clf.recall"), double(c.recall), tr(L, "clf.f1"), double(c.f1));
  ImGui::TextDisabled("%s", tr(L, "clf.confusion"));
  const int k = c.confusion.classes;
  if (k > 0 && ImGui::BeginTable("confusion", k + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
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
    ImGui::EndTable();
  }
}

void neuron_maps(AppState& app, float width) {
  ClassifierLab& c = app.classifier;
  if (c.neuron_maps.empty()) return;
  ImGui::TextUnformatted(tr(app.lang, "clf.neurons_view"));
  const int N = ClassifierLab::kNeuronGrid;
  const float side = std::clamp(width / 8.f - 6.f, 36.f, 72.f);
  for (size_t j = 0; j < c.neuron_maps.size(); ++j) {
    if (j % 8) ImGui::SameLine();
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

}  // namespace

void draw_classifier(AppState& app) {
  ImGui::BeginChild("clf_controls", ImVec2(400, 0), true);
  controls(app);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("clf_view", ImVec2(0, 0), false);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::min(avail.x * 0.5f, avail.y * 0.62f);
  ImGui::BeginGroup();
  boundary(app, side);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  const float right = avail.x - side - 12;
  curves(app, ImVec2(right, side * 0.5f));
  metrics(app);
  ImGui::EndGroup();
  neuron_maps(app, avail.x);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", tr(app.lang, "clf.explain"));
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

}  // namespace mlpg::ui
