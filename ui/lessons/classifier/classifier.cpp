#include "data_file.h"
#include "classifier.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "training/data.h"
#include "training/loss.h"
#include "ops/ops.h"
#include "training/train_step.h"

namespace mlpg::ui {

namespace {

constexpr float kPi = 3.14159265f;

Activation act_of(int a) {
  return a == 0 ? Activation::Relu : a == 1 ? Activation::Tanh : a == 2 ? Activation::Sigmoid : Activation::Linear;
}

int n_classes(const ClassifierParams& p) {
  return (p.dataset == int(ClfDataset::Circle) || p.dataset == int(ClfDataset::Xor)) ? 2 : p.classes;
}

void featurize(const ClassifierParams& p, float x, float y, float* out) {
  // Inputs live in [-1, 1]; scaled by 2 so sin() sees about one period.
  const float a = 2.f * x, b = 2.f * y;
  const float all[kFeatureCount] = {a, b, a * a, b * b, a * b, std::sin(a), std::sin(b)};
  int k = 0;
  for (int i = 0; i < kFeatureCount; ++i)
    if (p.features[i]) out[k++] = all[i];
}

std::vector<ClfPoint> make_points(const ClassifierParams& p, const std::vector<ClfPoint>& custom) {
  std::mt19937 rng(uint32_t(p.seed));
  std::uniform_real_distribution<float> u(-1.f, 1.f), u01(0.f, 1.f);
  std::normal_distribution<float> nd(0.f, 1.f);
  const float noise = float(p.noise);
  const int k = n_classes(p), n = 300;
  std::vector<ClfPoint> pts;
  switch (ClfDataset(p.dataset)) {
    case ClfDataset::Circle:
      for (int i = 0; i < n; ++i) {
        const int c = i % 2;
        const float r = c == 0 ? 0.45f * std::sqrt(u01(rng)) : 0.65f + 0.3f * u01(rng), t = 2 * kPi * u01(rng);
        pts.push_back({r * std::cos(t) + noise * 0.3f * nd(rng), r * std::sin(t) + noise * 0.3f * nd(rng), c, false});
      }
      break;
    case ClfDataset::Xor:
      for (int i = 0; i < n; ++i) {
        float x = u(rng), y = u(rng);
        x += x > 0 ? 0.05f : -0.05f;  // a small margin around the axes
        y += y > 0 ? 0.05f : -0.05f;
        pts.push_back({x + noise * 0.3f * nd(rng), y + noise * 0.3f * nd(rng), x * y > 0 ? 0 : 1, false});
      }
      break;
    case ClfDataset::Gauss:
      for (int i = 0; i < n; ++i) {
        const int c = i % k;
        const float a = 2 * kPi * float(c) / float(k) + 0.6f;
        pts.push_back({0.55f * std::cos(a) + (0.12f + noise * 0.5f) * nd(rng),
                       0.55f * std::sin(a) + (0.12f + noise * 0.5f) * nd(rng), c, false});
      }
      break;
    case ClfDataset::Spiral:
      for (int i = 0; i < n; ++i) {
        const int c = i % k;
        const float t = 0.05f + 0.95f * u01(rng), a = 1.75f * 2 * kPi * t + 2 * kPi * float(c) / float(k);
        pts.push_back({t * std::cos(a) + noise * 0.2f * nd(rng), t * std::sin(a) + noise * 0.2f * nd(rng), c, false});
      }
      break;
    case ClfDataset::Custom:
      for (const ClfPoint& q : custom)
        if (q.label < k) pts.push_back(q);
      break;
  }
  // Seeded train/test assignment.
  const Split s = train_val_split(int(pts.size()), 1.f - float(p.train_pct) / 100.f, uint32_t(p.seed) + 17u);
  for (int i : s.train) pts[size_t(i)].train = true;
  return pts;
}

Var forward(ClassifierLab& lab, Graph& g, const std::vector<int>& idx, std::vector<float>& buf) {
  const int f = classifier_feature_count(lab.p);
  buf.resize(idx.size() * size_t(f));
  for (size_t i = 0; i < idx.size(); ++i) {
    const ClfPoint& q = lab.points[size_t(idx[i])];
    featurize(lab.p, q.x, q.y, buf.data() + i * size_t(f));
  }
  return lab.net.forward(g, g.input(Shape{int(idx.size()), f}, buf.data()));
}

Var loss_of(ClassifierLab& lab, Graph& g, Var logits, const std::vector<int>& idx) {
  const int k = n_classes(lab.p), n = int(idx.size());
  std::vector<int> labels(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) labels[size_t(i)] = lab.points[size_t(idx[size_t(i)])].label;
  Var data_loss;
  if (lab.p.loss == 0) {
    data_loss = sparse_cross_entropy(logits, labels.data());
  } else {  // squared error between the softmax outputs and one-hot targets
    std::vector<float> onehot(size_t(n) * size_t(k), 0.f);
    for (int i = 0; i < n; ++i) onehot[size_t(i) * size_t(k) + size_t(labels[size_t(i)])] = 1.f;
    data_loss = mse_course(softmax(logits), g.input(Shape{n, k}, onehot.data()));
  }
  if (lab.p.reg == 1) return add(data_loss, l1_penalty(g, lab.net.parameters(), float(lab.p.lambda), n));
  if (lab.p.reg == 2) return add(data_loss, l2_penalty(g, lab.net.parameters(), float(lab.p.lambda), n));
  return data_loss;
}

float full_loss(ClassifierLab& lab, const std::vector<int>& idx) {
  if (idx.empty()) return 0.f;
  Graph& g = lab.graph;
  g.clear();
  NoGrad ng(g);
  std::vector<float> buf;
  return loss_of(lab, g, forward(lab, g, idx, buf), idx)->value.data[0];
}

void end_of_epoch(ClassifierLab& lab) {
  ++lab.epoch;
  lab.train_loss.push_back(full_loss(lab, lab.train_idx));
  lab.test_loss.push_back(full_loss(lab, lab.test_idx));
  const int k = n_classes(lab.p);
  lab.confusion = ConfusionMatrix(k);
  if (!lab.test_idx.empty()) {
    Graph& g = lab.graph;
    g.clear();
    NoGrad ng(g);
    std::vector<float> buf;
    Var z = forward(lab, g, lab.test_idx, buf);
    std::vector<int> truth;
    for (int i : lab.test_idx) truth.push_back(lab.points[size_t(i)].label);
    lab.confusion.add(truth, argmax_rows(z->value.data, int(lab.test_idx.size()), k));
  }
  lab.accuracy = lab.confusion.accuracy();
  lab.precision = lab.confusion.macro_precision();
  lab.recall = lab.confusion.macro_recall();
  lab.f1 = lab.confusion.macro_f1();
}

}  // namespace

const char* const kFeatureNames[kFeatureCount] = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};

int classifier_feature_count(const ClassifierParams& p) {
  int n = 0;
  for (bool f : p.features) n += f;
  return n;
}

void classifier_reset(ClassifierLab& lab) {
  ClassifierParams& p = lab.p;
  if (classifier_feature_count(p) == 0) p.features[0] = p.features[1] = true;  // a network needs an input
  lab.points = make_points(p, lab.custom);
  lab.train_idx.clear();
  lab.test_idx.clear();
  for (size_t i = 0; i < lab.points.size(); ++i) (lab.points[i].train ? lab.train_idx : lab.test_idx).push_back(int(i));
  std::vector<int> widths{classifier_feature_count(p)};
  widths.insert(widths.end(), p.layers.begin(), p.layers.end());
  widths.push_back(n_classes(p));
  lab.net = make_mlp(widths, act_of(p.act), uint32_t(p.seed) + 101u);
  const OptimizerConfig cfg = p.opt == 0 ? sgd(float(p.lr)) : p.opt == 1 ? sgd(float(p.lr), 0.9f) : adam(float(p.lr));
  lab.opt = std::make_unique<Optimizer>(cfg, lab.net.parameters());
  lab.graph.seed(uint32_t(p.seed));
  lab.epoch = 0;
  lab.steps = 0;
  lab.next_batch = 0;
  lab.epoch_plan.clear();
  lab.train_loss.clear();
  lab.test_loss.clear();
  lab.draw_class = std::min(lab.draw_class, n_classes(p) - 1);
  lab.confusion = ConfusionMatrix(n_classes(p));
  lab.accuracy = lab.precision = lab.recall = lab.f1 = 0;
  classifier_refresh_maps(lab);
}

bool classifier_stopped(const ClassifierLab& lab) {
  return lab.train_idx.empty() || (lab.p.stop_epoch > 0 && lab.epoch >= lab.p.stop_epoch);
}

TrainResult classifier_train(ClassifierLab& lab, int steps) {
  int done = 0;
  std::vector<float> buf;
  for (; done < steps && !classifier_stopped(lab); ++done) {
    if (lab.next_batch >= lab.epoch_plan.size()) {
      lab.epoch_plan = epoch_batches(lab.train_idx, lab.p.batch, uint32_t(lab.p.seed), lab.epoch);
      lab.next_batch = 0;
    }
    const std::vector<int>& idx = lab.epoch_plan[lab.next_batch++];
    Graph& g = lab.graph;
    g.clear();
    Var loss = loss_of(lab, g, forward(lab, g, idx, buf), idx);
    if (!train_step(g, loss, *lab.opt).finite) return {done, true};
    ++lab.steps;
    if (lab.next_batch >= lab.epoch_plan.size()) end_of_epoch(lab);
  }
  return {done, false};
}

void classifier_refresh_maps(ClassifierLab& lab) {
  const int k = n_classes(lab.p), f = classifier_feature_count(lab.p), G = ClassifierLab::kGrid;
  Graph& g = lab.graph;
  g.clear();
  NoGrad ng(g);
  std::vector<float> in(size_t(G * G) * size_t(f));
  for (int r = 0; r < G; ++r)
    for (int c = 0; c < G; ++c)
      featurize(lab.p, -1.2f + 2.4f * (c + 0.5f) / G, 1.2f - 2.4f * (r + 0.5f) / G, in.data() + size_t(r * G + c) * size_t(f));
  Var z = softmax(lab.net.forward(g, g.input(Shape{G * G, f}, in.data())));
  lab.grid_probs.assign(z->value.data, z->value.data + int64_t(G) * G * k);
  // First hidden layer (after its activation), on a coarser grid.
  lab.neuron_maps.clear();
  if (lab.p.layers.empty()) return;
  const int N = ClassifierLab::kNeuronGrid;
  std::vector<float> nin(size_t(N * N) * size_t(f));
  for (int r = 0; r < N; ++r)
    for (int c = 0; c < N; ++c)
      featurize(lab.p, -1.2f + 2.4f * (c + 0.5f) / N, 1.2f - 2.4f * (r + 0.5f) / N, nin.data() + size_t(r * N + c) * size_t(f));
  g.clear();
  Var h = lab.net.layers[0]->forward(g, g.input(Shape{N * N, f}, nin.data()));
  if (lab.net.layers.size() > 1) h = lab.net.layers[1]->forward(g, h);  // its activation
  const int width = h->value.shape[1];
  for (int j = 0; j < width; ++j) {
    std::vector<float> m(size_t(N * N));
    for (int i = 0; i < N * N; ++i) m[size_t(i)] = h->value.data[int64_t(i) * width + j];
    lab.neuron_maps.push_back(std::move(m));
  }
}

std::string classifier_load_csv(ClassifierLab& lab, const std::string& name, const std::vector<uint8_t>& bytes) {
  CsvTable t;
  std::string message;
  if (!read_table_file(name, bytes, -2, 4, &t, &message)) return message;
  if (t.cols < 2) return "'" + name + "': the classifier needs two number columns (x1, x2) and a label column. Nothing was changed.";
  if (t.class_names.size() < 2) return "'" + name + "': the label column '" + t.label_name + "' has only one class. Nothing was changed.";
  constexpr int kMaxPoints = 5000;
  std::vector<int> rows = complete_rows(t, {0, 1});
  if (rows.size() < 4) return "'" + name + "': fewer than 4 rows with both x1 and x2. Nothing was changed.";
  const size_t skipped = size_t(t.rows) - rows.size(), dropped = rows.size() > kMaxPoints ? rows.size() - kMaxPoints : 0;
  if (dropped) rows.resize(kMaxPoints);
  std::vector<float> xs, ys;
  for (int r : rows) {
    xs.push_back(t.values[size_t(r) * size_t(t.cols)]);
    ys.push_back(t.values[size_t(r) * size_t(t.cols) + 1]);
  }
  scale_to_unit(xs);
  scale_to_unit(ys);
  lab.custom.clear();
  for (size_t i = 0; i < rows.size(); ++i) lab.custom.push_back({xs[i] * 0.95f, ys[i] * 0.95f, t.labels[size_t(rows[i])], false});
  lab.custom_source = name;
  lab.p.dataset = int(ClfDataset::Custom);
  lab.p.classes = int(t.class_names.size());
  classifier_reset(lab);
  std::string classes;
  for (size_t i = 0; i < t.class_names.size(); ++i) classes += (i ? ", " : "") + t.class_names[i];
  std::string s = "'" + name + "': " + std::to_string(rows.size()) + " points, x1 = " + t.names[0] + ", x2 = " + t.names[1] +
                  ", label = " + t.label_name + " (" + classes + "), each axis scaled onto [-1, 1]";
  if (t.cols > 2) s += "; " + std::to_string(t.cols - 2) + " more column(s) not used";
  if (skipped) s += "; " + std::to_string(skipped) + " row(s) with a missing x1 or x2 skipped";
  if (dropped) s += "; the first " + std::to_string(kMaxPoints) + " rows kept";
  return s + ".";
}

void classifier_add_point(ClassifierLab& lab, float x, float y, int label) {
  if (lab.custom.size() >= 1000 || label < 0 || label >= n_classes(lab.p)) return;
  lab.custom.push_back({x, y, label, false});
  if (lab.custom.size() == 1) lab.custom_source.clear();
}

}  // namespace mlpg::ui
