// Draws the CNN lab: the controls and the model's summary on the left; the
// drawing pad with the live probabilities, the training curves, the
// confusion matrix, the first-layer filters and feature maps on the right.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "assets.h"
#include "background.h"
#include "cnn_lab.h"
#include "layers/nn.h"
#include "widgets.h"

namespace mlpg::ui {

namespace {

const ImU32 kInk = IM_COL32(240, 240, 240, 255), kPaper = IM_COL32(20, 22, 28, 255);
const ImU32 kTrain = IM_COL32(80, 150, 250, 255), kVal = IM_COL32(250, 150, 60, 255);

// A grey image of rows x cols values scaled from [lo, hi]; hovering shows the
// value under the pointer.
void image(const char* id, const float* v, int rows, int cols, int stride, float side, float lo, float hi,
           bool readout = true) {
  const PlotArea a = plot_begin(id, ImVec2(side * float(cols) / float(std::max(rows, cols)), side * float(rows) / float(std::max(rows, cols))),
                                0, cols, rows, 0, false, false, false);
  std::vector<ImU32> colors(size_t(rows * cols));
  for (int i = 0; i < rows * cols; ++i)
    colors[size_t(i)] = mix(kPaper, kInk, std::clamp((v[size_t(i) * size_t(stride)] - lo) / std::max(1e-6f, hi - lo), 0.f, 1.f));
  plot_cells(a, colors, rows, cols);
  if (readout && a.hovered) {
    const int x = std::clamp(int(a.x_at(a.mouse.x)), 0, cols - 1), y = std::clamp(int(a.y_at(a.mouse.y)), 0, rows - 1);
    ImGui::SetTooltip("(%d, %d)  %.4f", x, y, double(v[size_t(y * cols + x) * size_t(stride)]));
  }
}

void loading(CnnLab& l, Lang L) {
  const Asset& a = asset(cnn_train_data(l.p.dataset));
  if (l.phase == CnnLab::Phase::Failed) {
    ImGui::TextColored(ImVec4(1, 0.6f, 0.4f, 1), "%s", tr(L, "cnn.data_failed"));
    text_wrapped(l.error.c_str());
    if (ImGui::Button(tr(L, "cnn.retry"))) cnn_retry(l);
    return;
  }
  char text[96];
  std::snprintf(text, sizeof text, "%.1f / %.1f MB", double(a.loaded) / 1e6, double(a.total) / 1e6);
  ImGui::TextUnformatted(tr(L, "cnn.loading"));
  ImGui::ProgressBar(a.total ? float(a.loaded) / float(a.total) : 0.f, ImVec2(-1, 0), text);
}

void controls(CnnLab& l, LessonUi& ui) {
  const Lang L = ui.lang;
  if (l.phase != CnnLab::Phase::Ready) loading(l, L);
  ui.params();
  if (!l.model_note.empty()) ImGui::TextColored(ImVec4(1, 0.8f, 0.4f, 1), "%s", tr(L, l.model_note));
  ImGui::Separator();
  ImGui::Text("%s %d   %s %.1f%%", tr(L, "app.epoch"), l.run.epoch, tr(L, "cnn.val_accuracy"), 100.0 * l.val_accuracy);
  if (l.samples_per_s > 0) {
    const double left = double(samples_left(l.run)) / l.samples_per_s;
    ImGui::Text(tr(L, "cnn.speed"), l.samples_per_s, left);
  }
  if (l.remote_gen && l.remote_threads > 1) text_wrappedf(IM_COL32(160, 170, 190, 255), tr(L, "cnn.in_worker_threads"), l.remote_threads);
  else if (l.remote_gen) text_wrappedf(IM_COL32(160, 170, 190, 255), "%s", tr(L, "cnn.in_worker"));
  const std::string& why = l.remote_error.empty() ? background_failure() : l.remote_error;
  if (!why.empty()) text_wrappedf(IM_COL32(255, 200, 100, 255), "%s (%s)", tr(L, "cnn.in_page"), why.c_str());
  if (l.eval_next >= 0) ImGui::TextDisabled("%s %d/%d", tr(L, "cnn.evaluating"), l.eval_next, l.val.count);
  // What the learner's numbers show: the score and the most frequent mistake.
  if (l.confusion.total() > 0) {
    int t_max = 0, p_max = 1;
    for (int t = 0; t < 10; ++t)
      for (int p = 0; p < 10; ++p)
        if (t != p && l.confusion.at(t, p) > l.confusion.at(t_max, p_max)) t_max = t, p_max = p;
    text_wrappedf(IM_COL32(150, 230, 150, 255), tr(L, "cnn.numbers"), 100.0 * l.val_accuracy,
                       static_cast<long long>(l.confusion.total()), t_max, p_max,
                       static_cast<long long>(l.confusion.at(t_max, p_max)));
  }
  if (l.model) {
    if (ImGui::Button(tr(L, "cnn.download"))) save_file("mlpg-cnn.mlpg", cnn_model_file(l));
    record_item_rect("download");  // the e2e clicks it where it is, not at a fixed height
    ImGui::SameLine();
    if (can_pick_files()) {
      if (ImGui::Button(tr(L, "cnn.load"))) pick_file();
    } else {
      ImGui::TextDisabled("%s", tr(L, "cnn.drop_hint"));
    }
    ImGui::Text("%s %lld", tr(L, "cnn.parameters"), static_cast<long long>(l.model->parameter_count()));
    if (ImGui::CollapsingHeader(tr(L, "cnn.summary"))) ImGui::TextUnformatted(l.model->summary().c_str());
  }
  ImGui::Separator();
  text_wrapped(tr(L, "cnn.explain"));
}

void pad(CnnLab& l, Lang L, float side) {
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "cnn.pad"));
  constexpr int kShow = 56, kStep = CnnLab::kPad / kShow;  // drawn at half resolution: fewer cells a frame
  std::vector<float> shown(size_t(kShow * kShow));
  for (int y = 0; y < kShow; ++y)
    for (int x = 0; x < kShow; ++x) {
      float s = 0;
      for (int dy = 0; dy < kStep; ++dy)
        for (int dx = 0; dx < kStep; ++dx) s += l.pad[size_t((y * kStep + dy) * CnnLab::kPad + x * kStep + dx)];
      shown[size_t(y * kShow + x)] = s / float(kStep * kStep);
    }
  const ImVec2 at = ImGui::GetCursorScreenPos();
  image("pad", shown.data(), kShow, kShow, 1, side, 0, 1, /*readout=*/false);
  record_item_rect("pad");
  ImGui::GetWindowDrawList()->AddRect(at, ImVec2(at.x + side, at.y + side), IM_COL32(120, 120, 140, 255));
  // Drawing: pressing on the pad (the image's button) starts a stroke, and it
  // follows the mouse or finger, a segment a frame, while held.
  const ImVec2 m = ImGui::GetIO().MousePos;
  const float x = std::clamp((m.x - at.x) / side, 0.f, 1.f) * CnnLab::kPad;
  const float y = std::clamp((m.y - at.y) / side, 0.f, 1.f) * CnnLab::kPad;
  if (ImGui::IsItemActivated()) {
    l.undo.push_back(l.pad);
    if (l.undo.size() > 20) l.undo.erase(l.undo.begin());
    cnn_pad_stroke(l, x, y, x, y);
    l.pen_x = x, l.pen_y = y;
  } else if (ImGui::IsItemActive() && l.pen_x >= 0) {
    if (x != l.pen_x || y != l.pen_y) cnn_pad_stroke(l, l.pen_x, l.pen_y, x, y);
    l.pen_x = x, l.pen_y = y;
  } else {
    l.pen_x = l.pen_y = -1;
  }
  if (ImGui::Button(tr(L, "cnn.clear"))) cnn_pad_clear(l);
  ImGui::SameLine();
  if (ImGui::Button(tr(L, "cnn.undo")) && !l.undo.empty()) {
    l.pad = l.undo.back();
    l.undo.pop_back();
    std::vector<float> in(784);
    mnist_preprocess(l.pad.data(), CnnLab::kPad, in.data());
    cnn_set_input(l, in);
  }
  // The index field holds five digits beside its − and + buttons (a frame
  // high each), sized from the font, not in pixels: a phone's larger text
  // squeezed a fixed 110 px field to a sliver. It goes under the buttons
  // when the row would outgrow the pad.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float field = ImGui::CalcTextSize("00000").x + 2 * st.FramePadding.x +
                      2 * (ImGui::GetFrameHeight() + st.ItemInnerSpacing.x);
  const float row_end = ImGui::GetItemRectMax().x + st.ItemSpacing.x + field + st.ItemInnerSpacing.x +
                        ImGui::CalcTextSize(tr(L, "cnn.pick")).x;
  if (row_end <= at.x + side) ImGui::SameLine();
  int pick = std::max(0, l.input_index);
  ImGui::SetNextItemWidth(field);
  const ImVec2 pick_at = ImGui::GetCursorScreenPos();
  if (ImGui::InputInt(tr(L, "cnn.pick"), &pick)) cnn_pick(l, std::clamp(pick, 0, std::max(0, l.val.count - 1)));
  record_item_rect("pick");  // with its label (the e2e checks it fits, and taps its + button)
  const float button = ImGui::GetFrameHeight();
  record_rect("pick.plus", {pick_at.x + field - button, pick_at.y, button, button});
  ImGui::EndGroup();
}

void prediction(CnnLab& l, Lang L, float side) {
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "cnn.input"));
  image("input", l.input.data(), 28, 28, 1, side * 0.5f, 0, 1);
  ImGui::TextUnformatted(tr(L, "cnn.probabilities"));
  int top = 0;
  for (int c = 1; c < 10; ++c)
    if (l.probs[size_t(c)] > l.probs[size_t(top)]) top = c;
  for (int c = 0; c < 10; ++c) {
    char label[64];
    if (l.p.dataset == 1) {  // Fashion-MNIST's classes by name
      char key[32];
      std::snprintf(key, sizeof key, "cnn.fashion.%d", c);
      std::snprintf(label, sizeof label, "%s  %5.1f%%", tr(L, key), 100.0 * double(l.probs[size_t(c)]));
    } else {
      std::snprintf(label, sizeof label, "%d  %5.1f%%", c, 100.0 * double(l.probs[size_t(c)]));
    }
    if (c == top) ImGui::PushStyleColor(ImGuiCol_PlotHistogram, IM_COL32(90, 200, 120, 255));
    ImGui::ProgressBar(l.probs[size_t(c)], ImVec2(side * 0.9f, 0), label);
    if (c == top) ImGui::PopStyleColor();
  }
  ImGui::EndGroup();
}

void curves(CnnLab& l, Lang L, ImVec2 size) {
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "cnn.curves"));
  float lo, hi;
  finite_range(l.history_loss, &lo, &hi);
  const PlotArea a = plot_begin("curves", size, 0, std::max<double>(1, double(l.history_loss.size()) - 1), 0, std::max(1.f, hi));
  plot_series(a, l.history_loss, kTrain);
  plot_series(a, l.history_acc, kVal, 1.5f);
  plot_legend(a, {tr(L, "cnn.batch_loss"), tr(L, "cnn.batch_accuracy")}, {kTrain, kVal});
  plot_hover_series(a, {&l.history_loss, &l.history_acc}, {tr(L, "cnn.batch_loss"), tr(L, "cnn.batch_accuracy")}, tr(L, "cnn.steps"));
  // Per epoch: training loss, validation loss and accuracy (overfitting shows
  // as the validation loss turning up while the training loss keeps falling).
  if (!l.history_val_loss.empty()) {
    ImGui::TextDisabled("%s", tr(L, "cnn.per_epoch"));
    std::vector<float> all = l.history_val_loss;
    all.insert(all.end(), l.history_epoch_loss.begin(), l.history_epoch_loss.end());
    finite_range(all, &lo, &hi);
    const double n = double(std::max(l.history_val_loss.size(), size_t(2))) - 1;
    const PlotArea e = plot_begin("epochs", ImVec2(size.x, size.y * 0.6f), 0, n, 0, std::max(1.f, hi));
    plot_series(e, l.history_val_loss, kVal);
    plot_series(e, l.history_val_acc, IM_COL32(90, 200, 120, 255), 1.5f);
    plot_legend(e, {tr(L, "cnn.val_loss"), tr(L, "cnn.val_accuracy")}, {kVal, IM_COL32(90, 200, 120, 255)});
    plot_hover_series(e, {&l.history_val_loss, &l.history_val_acc}, {tr(L, "cnn.val_loss"), tr(L, "cnn.val_accuracy")},
                      tr(L, "app.epoch"));
  }
  ImGui::EndGroup();
}

void confusion(CnnLab& l, Lang L) {
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr(L, "clf.confusion"));
  if (begin_table("cm", 11, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    for (int p = 0; p < 10; ++p) { ImGui::TableNextColumn(); ImGui::TextDisabled("%d", p); }
    for (int t = 0; t < 10; ++t) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%d", t);
      for (int p = 0; p < 10; ++p) {
        ImGui::TableNextColumn();
        const long long n = static_cast<long long>(l.confusion.at(t, p));
        if (t == p) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(40, 90, 50, 255));
        else if (n > 0) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, IM_COL32(110, 50, 40, 255));
        if (!n) continue;
        char text[24];
        std::snprintf(text, sizeof text, "%lld##%d_%d", n, t, p);
        // A click shows the images behind the number.
        if (ImGui::Selectable(text, l.gallery_truth == t && l.gallery_pred == p)) l.gallery_truth = t, l.gallery_pred = p;
      }
    }
    end_table();
  }
  ImGui::EndGroup();
}

// The images behind a confusion-matrix cell, and the per-class scores.
void gallery(CnnLab& l, Lang L) {
  if (begin_table("scores", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(tr(L, "cnn.class"));
    ImGui::TableSetupColumn(tr(L, "clf.precision"));
    ImGui::TableSetupColumn(tr(L, "clf.recall"));
    ImGui::TableSetupColumn(tr(L, "clf.f1"));
    ImGui::TableHeadersRow();
    for (int c = 0; c < 10; ++c) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn(); ImGui::Text("%d", c);
      ImGui::TableNextColumn(); ImGui::Text("%.3f", double(l.confusion.precision(c)));
      ImGui::TableNextColumn(); ImGui::Text("%.3f", double(l.confusion.recall(c)));
      ImGui::TableNextColumn(); ImGui::Text("%.3f", double(l.confusion.f1(c)));
    }
    end_table();
  }
  if (l.gallery_truth < 0 || l.val_predicted.size() != size_t(l.val.count)) return;
  ImGui::Text(tr(L, "cnn.gallery"), l.gallery_truth, l.gallery_pred);
  int shown = 0;
  std::vector<float> x;
  std::vector<int> y;
  for (int i = 0; i < l.val.count && shown < 24; ++i) {
    if (l.val.labels[size_t(i)] != l.gallery_truth || l.val_predicted[size_t(i)] != l.gallery_pred) continue;
    if (shown % 8) ImGui::SameLine();
    l.val.gather({i}, x, y);
    ImGui::PushID(i);
    image("g", x.data(), 28, 28, 1, 40, 0, 1);
    if (ImGui::IsItemClicked()) cnn_pick(l, i);  // look at it closely: probabilities, maps, why
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("#%d", i);
    ImGui::PopID();
    ++shown;
  }
}

// "Why this answer": the gradient of the top class's probability with respect
// to each pixel (saliency), and how much that probability drops when a patch
// of the image is blanked out (occlusion).
void why(CnnLab& l, Lang L, float side) {
  if (l.saliency.size() != 784 || l.occlusion.empty()) return;
  ImGui::Text(tr(L, "cnn.why"), l.why_class);
  float hi = 1e-9f;
  for (float v : l.saliency) hi = std::max(hi, v);
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", tr(L, "cnn.saliency"));
  const PlotArea a = plot_begin("saliency", ImVec2(side, side), 0, 28, 28, 0, false, false, false);
  std::vector<ImU32> colors(784);
  for (int i = 0; i < 784; ++i)
    colors[size_t(i)] = mix(mix(kPaper, IM_COL32(70, 70, 80, 255), l.input[size_t(i)]), IM_COL32(255, 90, 60, 255),
                            std::sqrt(l.saliency[size_t(i)] / hi));
  plot_cells(a, colors, 28, 28);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", tr(L, "cnn.occlusion"));
  const int K = CnnLab::kOcc;
  float worst = 1e-6f;
  for (float v : l.occlusion) worst = std::max(worst, std::fabs(v));
  const PlotArea b = plot_begin("occlusion", ImVec2(side, side), 0, K, K, 0, false, false, false);
  std::vector<ImU32> oc(size_t(K * K));
  for (int i = 0; i < K * K; ++i) {
    const float v = l.occlusion[size_t(i)] / worst;  // < 0: covering it hurts the answer
    oc[size_t(i)] = v < 0 ? mix(kPaper, IM_COL32(255, 90, 60, 255), -v) : mix(kPaper, IM_COL32(80, 150, 250, 255), v);
  }
  plot_cells(b, oc, K, K);
  if (b.hovered) {
    const int cx = std::clamp(int(b.x_at(b.mouse.x)), 0, K - 1), cy = std::clamp(int(b.y_at(b.mouse.y)), 0, K - 1);
    ImGui::SetTooltip("%+.3f", double(l.occlusion[size_t(cy * K + cx)]));
  }
  ImGui::EndGroup();
}

// The dense layers' activations (not the flattened pool, not the softmax,
// which the probabilities show): one cell per unit, hover for its value.
void dense_units(CnnLab& l, Lang L, float width) {
  for (size_t i = 0; i + 1 < l.maps.size(); ++i) {
    const FeatureMap& m = l.maps[i];
    if (m.h > 1 || m.c > 512 || m.name.rfind("Flatten", 0) == 0 || m.name.rfind("Dropout", 0) == 0) continue;
    int active = 0;
    float hi = 1e-6f;
    for (float v : m.values) active += v > 0, hi = std::max(hi, std::fabs(v));
    ImGui::TextDisabled(tr(L, "cnn.dense_units"), m.name.c_str(), active, m.c);
    const int cols = std::min(m.c, 32), rows = (m.c + cols - 1) / cols;
    std::vector<float> grid(size_t(rows * cols), 0.f);
    std::copy(m.values.begin(), m.values.end(), grid.begin());
    ImGui::PushID(int(i));
    const PlotArea a = plot_begin("units", ImVec2(width, width * float(rows) / float(cols)), 0, cols, rows, 0, false, false, false);
    std::vector<ImU32> colors(grid.size());
    for (size_t j = 0; j < grid.size(); ++j)
      colors[j] = grid[j] >= 0 ? mix(kPaper, kInk, grid[j] / hi) : mix(kPaper, IM_COL32(80, 150, 250, 255), -grid[j] / hi);
    plot_cells(a, colors, rows, cols);
    if (a.hovered) {
      const int x = std::clamp(int(a.x_at(a.mouse.x)), 0, cols - 1), y = std::clamp(int(a.y_at(a.mouse.y)), 0, rows - 1);
      if (y * cols + x < m.c) ImGui::SetTooltip(tr(L, "cnn.unit"), y * cols + x, double(grid[size_t(y * cols + x)]));
    }
    ImGui::PopID();
  }
}

// One feature map enlarged, with the filter that made it: for the first
// convolution one 3x3 kernel; for the second, one 3x3 slice per input
// channel (slice i reads channel i of the layer before).
void enlarged(CnnLab& l, Lang L) {
  if (l.inspect_layer < 0) return;
  if (l.inspect_layer >= int(l.maps.size()) || l.maps[size_t(l.inspect_layer)].h <= 1 ||
      l.inspect_channel >= l.maps[size_t(l.inspect_layer)].c) {
    l.inspect_layer = -1;  // the model changed under it
    return;
  }
  const FeatureMap& m = l.maps[size_t(l.inspect_layer)];
  bool open = true;
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  char title[96];
  std::snprintf(title, sizeof title, "%s###enlarged", tr(L, "cnn.enlarged"));
  if (!ImGui::Begin(title, &open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    if (!open) l.inspect_layer = -1;
    return;
  }
  float lo = 0, hi = 1e-6f;
  for (int j = 0; j < m.h * m.w; ++j) {
    const float v = m.values[size_t(j * m.c + l.inspect_channel)];
    lo = std::min(lo, v), hi = std::max(hi, v);
  }
  ImGui::Text(tr(L, "cnn.map_of"), l.inspect_channel, m.name.c_str(), m.h, m.w, double(lo), double(hi));
  if (ImGui::ArrowButton("prev", ImGuiDir_Left)) l.inspect_channel = (l.inspect_channel + m.c - 1) % m.c;
  ImGui::SameLine();
  if (ImGui::ArrowButton("next", ImGuiDir_Right)) l.inspect_channel = (l.inspect_channel + 1) % m.c;
  ImGui::BeginGroup();
  image("big", m.values.data() + l.inspect_channel, m.h, m.w, m.c, 220, 0, hi);
  ImGui::EndGroup();
  FilterView f;
  if (cnn_filter_of(l, l.inspect_layer, l.inspect_channel, &f)) {
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text(tr(L, "cnn.filter_of"), f.conv.c_str(), f.k, f.k, f.in_channels, double(f.bias));
    float wlo = 0, whi = 0;
    for (float v : f.weights) wlo = std::min(wlo, v), whi = std::max(whi, v);
    const float side = f.in_channels == 1 ? 150.f : 30.f;
    for (int c = 0; c < f.in_channels; ++c) {
      if (c % 8) ImGui::SameLine();
      ImGui::PushID(c);
      image("w", f.weights.data() + c, f.k, f.k, f.in_channels, side, wlo, whi);
      ImGui::PopID();
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 8 * 38.f);
    if (f.in_channels > 1) ImGui::TextDisabled("%s", tr(L, "cnn.filter_slice"));
    if (m.name.rfind("MaxPool", 0) == 0) ImGui::TextDisabled("%s", tr(L, "cnn.pool_keeps"));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
  ImGui::End();
  if (!open) l.inspect_layer = -1;
}

// The first layer's filters and eight channels of each conv and pool layer's
// output (from a chosen first channel); a click enlarges a map with its filter.
void inside(CnnLab& l, Lang L, float width) {
  if (!l.model || l.maps.empty()) return;
  auto* conv1 = dynamic_cast<Conv2D*>(l.model->net.layers[0].get());
  if (conv1) {
    ImGui::TextUnformatted(tr(L, "cnn.filters"));
    const Array& w = conv1->weight.value;  // [3, 3, 1, 32]
    const int k = w.shape[0], f = w.shape[3];
    float lo = 0, hi = 0;
    for (float v : w.data) lo = std::min(lo, v), hi = std::max(hi, v);
    for (int j = 0; j < f; ++j) {
      if (j % 16) ImGui::SameLine();
      ImGui::PushID(j);
      image("f", w.data.data() + j, k, k, f, 24, lo, hi);
      if (ImGui::IsItemClicked()) l.inspect_layer = 0, l.inspect_channel = j;
      ImGui::PopID();
    }
    int widest = 1;
    for (const FeatureMap& m : l.maps) widest = std::max(widest, m.h > 1 ? m.c : 1);
    ImGui::SetNextItemWidth(std::min(110.f, width * 0.25f));
    ImGui::SliderInt(tr(L, "cnn.maps_first"), &l.maps_first, 0, std::max(0, widest - 8));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(L, "cnn.click_enlarge"));
  }
  const float side = std::clamp(width / 8.f - 8.f, 32.f, 64.f);
  for (size_t i = 0; i < l.maps.size(); ++i) {
    const FeatureMap& m = l.maps[i];
    if (m.h <= 1) continue;
    ImGui::TextDisabled("%s  %dx%dx%d", m.name.c_str(), m.h, m.w, m.c);
    float hi = 1e-6f;
    for (float v : m.values) hi = std::max(hi, v);
    const int first = std::clamp(l.maps_first, 0, std::max(0, m.c - 8));
    for (int c = first; c < std::min(m.c, first + 8); ++c) {
      if (c != first) ImGui::SameLine();
      ImGui::PushID(int(i * 1000 + size_t(c)));
      image("m", m.values.data() + c, m.h, m.w, m.c, side, 0, hi);
      if (ImGui::IsItemClicked()) l.inspect_layer = int(i), l.inspect_channel = c;
      ImGui::PopID();
    }
  }
  dense_units(l, L, std::min(width - 8.f, 8.f * (side + 8.f)));
  enlarged(l, L);
}

// Row 1: the pad, what the network sees and its answer, the curves.
// Row 2: the confusion matrix, then the filters and feature maps.
void experiment(CnnLab& l, Lang L) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool narrow = avail.x < 600;  // a phone: the panels one under another
  const float side = narrow ? std::min(224.f, avail.x * 0.5f) : std::min(224.f, avail.x * 0.28f);
  ImGui::BeginGroup();
  pad(l, L, side);
  ImGui::EndGroup();
  same_line_if_fits(side);
  ImGui::BeginGroup();
  prediction(l, L, side);
  ImGui::EndGroup();
  same_line_if_fits(200);
  curves(l, L, ImVec2(std::max(120.f, ImGui::GetContentRegionAvail().x), side));
  ImGui::BeginGroup();
  confusion(l, L);
  why(l, L, 150);
  gallery(l, L);
  ImGui::EndGroup();
  same_line_if_fits(300);
  ImGui::BeginGroup();
  inside(l, L, ImGui::GetContentRegionAvail().x);
  ImGui::EndGroup();
}

}  // namespace

void draw_cnn_lab(CnnLab& l, LessonUi& ui) {
  ui.layout("cnn.steps", l.run.steps, [&] { controls(l, ui); }, [&] { experiment(l, ui.lang); });
}

}  // namespace mlpg::ui
