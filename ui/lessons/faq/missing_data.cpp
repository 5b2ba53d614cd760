#include "missing_data.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "layers/nn.h"
#include "models/model.h"
#include "training/data.h"

namespace mlpg::ui {

const char* strategy_name(Strategy s) {
  switch (s) {
#define MLPG_X(id, key) \
  case Strategy::id: return #id;
    MLPG_MISSING_STRATEGIES(MLPG_X)
#undef MLPG_X
  }
  return "?";
}

const char* strategy_label(Strategy s) {
  switch (s) {
#define MLPG_X(id, key) \
  case Strategy::id: return key;
    MLPG_MISSING_STRATEGIES(MLPG_X)
#undef MLPG_X
  }
  return "?";
}

namespace {

constexpr float kMissing = NAN;  // a missing value, until a strategy fills it

// Rows of 4 features, the first two correlated (so the others can predict a
// missing x1) and the last two correlated; label from a noisy linear rule.
void make_rows(int n, std::mt19937& rng, std::vector<float>& x, std::vector<int>& y) {
  std::normal_distribution<float> z(0.f, 1.f);
  x.resize(size_t(n * kMissingFeatures));
  y.resize(size_t(n));
  for (int i = 0; i < n; ++i) {
    float* r = &x[size_t(i * kMissingFeatures)];
    r[0] = z(rng);
    r[1] = 0.85f * r[0] + 0.5f * z(rng);
    r[2] = z(rng);
    r[3] = 0.7f * r[2] + 0.7f * z(rng);
    y[size_t(i)] = r[0] + 0.6f * r[1] + 0.8f * r[2] - 0.3f * r[3] + 0.3f * z(rng) > 0 ? 1 : 0;
  }
}

float sigmoid(float v) { return 1.f / (1.f + std::exp(-v)); }

// Removes x1 in place: completely at random; at random given x3 (rows with
// a large x3 lose it more often); not at random (rows with a large x1 lose it
// more often). Each mechanism removes about `rate` of the values.
void inject(std::vector<float>& x, int n, Missingness m, double rate, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(0.f, 1.f);
  for (int i = 0; i < n; ++i) {
    float* r = &x[size_t(i * kMissingFeatures)];
    float p = float(rate);
    if (m == Missingness::AtRandom) p = std::min(1.f, 2.f * float(rate) * sigmoid(3.f * r[2]));
    if (m == Missingness::NotAtRandom) p = std::min(1.f, 2.f * float(rate) * sigmoid(3.f * r[0]));
    if (u(rng) < p) r[0] = kMissing;
  }
}

double mean_of(const std::vector<float>& v) { return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }

// The observed x1 values of the training rows.
std::vector<float> observed_x1(const std::vector<float>& x, int n) {
  std::vector<float> v;
  for (int i = 0; i < n; ++i)
    if (!std::isnan(x[size_t(i * kMissingFeatures)])) v.push_back(x[size_t(i * kMissingFeatures)]);
  return v;
}

// x1 from the k nearest complete training rows, by the other three features.
float knn_x1(const std::vector<float>& train, int n, const float* row) {
  std::vector<std::pair<float, float>> d;  // distance², x1
  for (int i = 0; i < n; ++i) {
    const float* t = &train[size_t(i * kMissingFeatures)];
    if (std::isnan(t[0])) continue;
    float s = 0;
    for (int f = 1; f < kMissingFeatures; ++f) s += (t[f] - row[f]) * (t[f] - row[f]);
    d.push_back({s, t[0]});
  }
  const size_t k = std::min<size_t>(kMissingNeighbours, d.size());
  if (k == 0) return 0.f;
  std::partial_sort(d.begin(), d.begin() + long(k), d.end());
  float s = 0;
  for (size_t i = 0; i < k; ++i) s += d[i].second;
  return s / float(k);
}

// Applies a strategy to a set of rows (statistics from the training rows):
// returns the rows the model sees, with `indicator` adding a fifth column.
void handle(Strategy s, const std::vector<float>& train, int n_train, const std::vector<float>& in, int n,
            const std::vector<int>& y_in, std::vector<float>& out, std::vector<int>& y_out, int* width) {
  std::vector<float> seen = observed_x1(train, n_train);
  std::sort(seen.begin(), seen.end());
  const float mean = float(mean_of(seen));
  const float median = seen.empty() ? 0.f : seen[seen.size() / 2];
  float mode = 0.f;  // the most frequent value, to a bin of 0.25
  {
    std::vector<int> counts(64, 0);
    for (float v : seen) counts[size_t(std::clamp(int(std::floor((v + 8.f) / 0.25f)), 0, 63))]++;
    mode = float(std::max_element(counts.begin(), counts.end()) - counts.begin()) * 0.25f - 8.f + 0.125f;
  }
  *width = s == Strategy::indicator ? kMissingFeatures + 1 : kMissingFeatures;
  out.clear();
  y_out.clear();
  for (int i = 0; i < n; ++i) {
    const float* r = &in[size_t(i * kMissingFeatures)];
    const bool missing = std::isnan(r[0]);
    if (missing && s == Strategy::drop) continue;
    float x1 = r[0];
    if (missing) {
      x1 = s == Strategy::median ? median : s == Strategy::mode ? mode : s == Strategy::knn ? knn_x1(train, n_train, r) : mean;
    }
    out.push_back(x1);
    for (int f = 1; f < kMissingFeatures; ++f) out.push_back(r[f]);
    if (s == Strategy::indicator) out.push_back(missing ? 1.f : 0.f);
    y_out.push_back(y_in[size_t(i)]);
  }
}

// Logistic regression (Dense to the classes, softmax), Adam, 30 epochs; test accuracy.
double fit_and_score(const std::vector<float>& xtr, const std::vector<int>& ytr, const std::vector<float>& xte,
                     const std::vector<int>& yte, int width, uint32_t seed, int classes = 2) {
  const int n = int(ytr.size()), m = int(yte.size());
  if (n < 2 || m < 1) return 0;
  Model model(Shape{width}, seed);
  model.add<Linear>(classes, Activation::Softmax);
  model.compile(adam(0.05f));
  std::mt19937 rng(seed);
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::vector<float> bx;
  std::vector<int> by;
  for (int epoch = 0; epoch < 30; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (int b = 0; b < n; b += 64) {
      const int len = std::min(64, n - b);
      bx.clear();
      by.clear();
      for (int k = b; k < b + len; ++k) {
        const int i = order[size_t(k)];
        bx.insert(bx.end(), xtr.begin() + i * width, xtr.begin() + (i + 1) * width);
        by.push_back(ytr[size_t(i)]);
      }
      float acc = 0;
      try {
        model.train_batch(bx, by, len, &acc);
      } catch (const TrainingError&) {  // a learner's extreme values: keep the last good step and score it
        epoch = 30;
        break;
      }
    }
  }
  const std::vector<float> p = model.predict(xte.data(), m);
  int right = 0;
  for (int i = 0; i < m; ++i) {
    const float* row = &p[size_t(i * classes)];
    right += int(std::max_element(row, row + classes) - row) == yte[size_t(i)];
  }
  return double(right) / m;
}

}  // namespace

void missing_run(MissingRun& r, Missingness mechanism, double rate, uint32_t seed) {
  r.source.clear();
  r.column = "x1";
  r.column_sd = 1;  // x1 is a standard normal
  r.mechanism = mechanism;
  r.rate = rate;
  std::mt19937 rng(seed);
  std::vector<float> xtr, xte;
  std::vector<int> ytr, yte;
  make_rows(kMissingTrain, rng, xtr, ytr);
  make_rows(kMissingTest, rng, xte, yte);
  std::vector<float> x1(static_cast<size_t>(kMissingTrain));
  for (int i = 0; i < kMissingTrain; ++i) x1[size_t(i)] = xtr[size_t(i * kMissingFeatures)];
  r.true_x1_mean = mean_of(x1);
  const std::vector<float> full_tr = xtr, full_te = xte;
  inject(xtr, kMissingTrain, mechanism, rate, rng);
  inject(xte, kMissingTest, mechanism, rate, rng);
  r.missing_share = 1.0 - double(observed_x1(xtr, kMissingTrain).size()) / kMissingTrain;
  r.results.clear();
  for (int k = 0; k < kStrategies; ++k) {
    const Strategy s = Strategy(k);
    StrategyResult res;
    res.strategy = s;
    std::vector<float> a, b;
    std::vector<int> ya, yb;
    int width = kMissingFeatures;
    if (s == Strategy::none) {  // the reference: the same rows before any value went missing
      a = full_tr, b = full_te, ya = ytr, yb = yte;
    } else {
      handle(s, xtr, kMissingTrain, xtr, kMissingTrain, ytr, a, ya, &width);
      handle(s, xtr, kMissingTrain, xte, kMissingTest, yte, b, yb, &width);
    }
    res.train_rows = int(ya.size());
    res.test_rows = int(yb.size());
    double sum = 0;
    for (int i = 0; i < res.train_rows; ++i) sum += a[size_t(i * width)];
    res.x1_mean = res.train_rows ? sum / res.train_rows : 0;
    res.accuracy = fit_and_score(a, ya, b, yb, width, seed);
    r.results.push_back(res);
  }
}

// ---- the learner's own table ---------------------------------------------------

namespace {

struct ColumnStats {
  float mean = 0, median = 0, mode = 0, sd = 1;
  int missing = 0;
};

// Statistics of each column's observed values in the training rows.
std::vector<ColumnStats> column_stats(const std::vector<float>& x, int n, int cols) {
  std::vector<ColumnStats> st(static_cast<size_t>(cols));
  for (int c = 0; c < cols; ++c) {
    std::vector<float> seen;
    for (int i = 0; i < n; ++i) {
      const float v = x[size_t(i * cols + c)];
      if (std::isnan(v)) ++st[size_t(c)].missing;
      else seen.push_back(v);
    }
    if (seen.empty()) continue;
    std::sort(seen.begin(), seen.end());
    ColumnStats& s = st[size_t(c)];
    s.mean = float(mean_of(seen));
    s.median = seen[seen.size() / 2];
    double var = 0;
    for (float v : seen) var += (v - s.mean) * (v - s.mean);
    s.sd = float(std::sqrt(var / double(seen.size())));
    if (!(s.sd > 1e-12f)) s.sd = 1;
    // The most frequent value: the middle of the fullest of 32 bins over the observed range.
    const float lo = seen.front(), hi = seen.back(), w = hi > lo ? (hi - lo) / 32.f : 1.f;
    std::vector<int> counts(32, 0);
    for (float v : seen) counts[size_t(std::clamp(int((v - lo) / w), 0, 31))]++;
    s.mode = hi > lo ? lo + (float(std::max_element(counts.begin(), counts.end()) - counts.begin()) + 0.5f) * w : lo;
  }
  return st;
}

// A row's missing cells from the k nearest complete training rows (standardized distance over the row's present cells).
void knn_fill(const std::vector<float>& train, int n, int cols, const std::vector<ColumnStats>& st, float* row) {
  std::vector<std::pair<float, int>> d;
  for (int i = 0; i < n; ++i) {
    const float* t = &train[size_t(i * cols)];
    float s = 0;
    bool complete = true;
    for (int c = 0; c < cols && complete; ++c) {
      if (std::isnan(t[c])) complete = false;
      else if (!std::isnan(row[c])) s += ((t[c] - row[c]) / st[size_t(c)].sd) * ((t[c] - row[c]) / st[size_t(c)].sd);
    }
    if (complete) d.push_back({s, i});
  }
  const size_t k = std::min<size_t>(kMissingNeighbours, d.size());
  if (k) std::partial_sort(d.begin(), d.begin() + long(k), d.end());
  for (int c = 0; c < cols; ++c) {
    if (!std::isnan(row[c])) continue;
    float s = 0;
    for (size_t i = 0; i < k; ++i) s += train[size_t(d[i].second * cols + c)];
    row[c] = k ? s / float(k) : st[size_t(c)].mean;
  }
}

// One strategy over a set of rows (statistics from the training rows); `indicator` adds a column per column with gaps.
void handle_table(Strategy s, const std::vector<float>& train, int n_train, int cols, const std::vector<ColumnStats>& st,
                  const std::vector<float>& in, const std::vector<int>& y_in, std::vector<float>& out, std::vector<int>& y_out,
                  int* width) {
  std::vector<int> gaps;  // columns with missing training values
  for (int c = 0; c < cols; ++c)
    if (st[size_t(c)].missing) gaps.push_back(c);
  *width = cols + (s == Strategy::indicator ? int(gaps.size()) : 0);
  out.clear();
  y_out.clear();
  std::vector<float> row(static_cast<size_t>(cols));
  for (size_t i = 0; i < y_in.size(); ++i) {
    std::copy(in.begin() + long(i) * cols, in.begin() + long(i + 1) * cols, row.begin());
    const bool incomplete = std::any_of(row.begin(), row.end(), [](float v) { return std::isnan(v); });
    if (incomplete && s == Strategy::drop) continue;
    std::vector<char> was_missing(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) was_missing[size_t(c)] = std::isnan(row[size_t(c)]);
    if (s == Strategy::knn) knn_fill(train, n_train, cols, st, row.data());
    for (int c = 0; c < cols; ++c) {
      if (!std::isnan(row[size_t(c)])) continue;
      const ColumnStats& cs = st[size_t(c)];
      row[size_t(c)] = s == Strategy::median ? cs.median : s == Strategy::mode ? cs.mode : cs.mean;
    }
    out.insert(out.end(), row.begin(), row.end());
    if (s == Strategy::indicator)
      for (int c : gaps) out.push_back(was_missing[size_t(c)] ? 1.f : 0.f);
    y_out.push_back(y_in[i]);
  }
}

}  // namespace

void missing_run_table(MissingRun& r, const MissingTable& t, uint32_t seed) {
  r.source = t.source;
  const int cols = t.cols;
  const Split split = train_val_split(t.rows, 1.f / 3.f, seed + 41u);
  std::vector<float> xtr, xte;
  std::vector<int> ytr, yte;
  for (int i : split.train) {
    xtr.insert(xtr.end(), t.x.begin() + long(i) * cols, t.x.begin() + long(i + 1) * cols);
    ytr.push_back(t.y[size_t(i)]);
  }
  for (int i : split.val) {
    xte.insert(xte.end(), t.x.begin() + long(i) * cols, t.x.begin() + long(i + 1) * cols);
    yte.push_back(t.y[size_t(i)]);
  }
  const int n = int(ytr.size());
  const std::vector<ColumnStats> st = column_stats(xtr, n, cols);
  // The column reported is the one whose mean moves most (in standard deviations) when the
  // incomplete rows are dropped: the bias dropping rows brings, shown on the learner's own columns.
  int worst = 0, cells = 0;
  double worst_shift = -1;
  for (int c = 0; c < cols; ++c) {
    cells += st[size_t(c)].missing;
    double sum = 0;
    int kept = 0;
    for (int i = 0; i < n; ++i) {
      const float* row = &xtr[size_t(i * cols)];
      if (std::none_of(row, row + cols, [](float v) { return std::isnan(v); })) sum += row[c], ++kept;
    }
    const double shift = kept ? std::fabs(sum / kept - st[size_t(c)].mean) / st[size_t(c)].sd : 0;
    if (shift > worst_shift) worst_shift = shift, worst = c;
  }
  r.column = t.names[size_t(worst)];
  r.missing_share = n ? double(cells) / double(n * cols) : 0;
  r.true_x1_mean = st[size_t(worst)].mean;  // over every training row that has it
  r.column_sd = st[size_t(worst)].sd;
  r.results.clear();
  for (int k = 0; k < kStrategies; ++k) {
    const Strategy s = Strategy(k);
    if (s == Strategy::none) continue;  // the values the file lacks are unknown: no reference
    StrategyResult res;
    res.strategy = s;
    std::vector<float> a, b;
    std::vector<int> ya, yb;
    int width = cols;
    handle_table(s, xtr, n, cols, st, xtr, ytr, a, ya, &width);
    handle_table(s, xtr, n, cols, st, xte, yte, b, yb, &width);
    res.train_rows = int(ya.size());
    res.test_rows = int(yb.size());
    double sum = 0;
    for (int i = 0; i < res.train_rows; ++i) sum += a[size_t(i * width + worst)];
    res.x1_mean = res.train_rows ? sum / res.train_rows : 0;
    // Standardized on the training rows as they are after the strategy (a learner's columns differ in scale).
    for (int c = 0; c < width && res.train_rows > 0; ++c) {
      double m = 0, v = 0;
      for (int i = 0; i < res.train_rows; ++i) m += a[size_t(i * width + c)];
      m /= res.train_rows;
      for (int i = 0; i < res.train_rows; ++i) v += (a[size_t(i * width + c)] - m) * (a[size_t(i * width + c)] - m);
      const double sd = std::sqrt(v / res.train_rows) > 1e-12 ? std::sqrt(v / res.train_rows) : 1.0;
      for (int i = 0; i < res.train_rows; ++i) a[size_t(i * width + c)] = float((a[size_t(i * width + c)] - m) / sd);
      for (int i = 0; i < res.test_rows; ++i) b[size_t(i * width + c)] = float((b[size_t(i * width + c)] - m) / sd);
    }
    res.accuracy = fit_and_score(a, ya, b, yb, width, seed, int(t.class_names.size()));
    r.results.push_back(res);
  }
}

}  // namespace mlpg::ui
