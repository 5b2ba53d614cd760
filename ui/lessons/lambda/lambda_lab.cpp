#include "data_file.h"
#include "training/data.h"
#include "lambda_lab.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <Eigen/Dense>

#include "training/loss.h"
#include "ops/ops.h"
#include "training/train_step.h"

namespace mlpg::ui {

namespace {

constexpr size_t kHistoryCap = 2000;

// P_1..P_d(x) by the three-term recurrence (P_0 = 1 is the bias θ_0).
void legendre(float x, int degree, float* out) {
  float p0 = 1.f, p1 = x;
  for (int k = 1; k <= degree; ++k) {
    out[k - 1] = p1;
    const float p2 = ((2.f * k + 1.f) * x * p1 - float(k) * p0) / float(k + 1);
    p0 = p1;
    p1 = p2;
  }
}

void features(const std::vector<float>& x, int degree, std::vector<float>& f) {
  f.resize(x.size() * size_t(degree));
  for (size_t i = 0; i < x.size(); ++i) legendre(x[i], degree, f.data() + i * size_t(degree));
}

float error_on(const LambdaLab& lab, const std::vector<float>& f, const std::vector<float>& y) {
  const int d = lab.p.degree;
  double s = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    double h = lab.b.value[0];
    for (int j = 0; j < d; ++j) h += double(lab.w.value[size_t(j)]) * f[i * size_t(d) + size_t(j)];
    s += (h - y[i]) * (h - y[i]);
  }
  return y.empty() ? 0.f : float(s / (2.0 * double(y.size())));
}

// One update on the given rows (the engine's one training step, plain SGD).
StepResult gd_step(LambdaLab& lab, const std::vector<int>& rows, double lambda, float lr) {
  const int d = lab.p.degree, m = int(rows.size());
  std::vector<float>& xb = lab.batch_x;
  std::vector<float>& yb = lab.batch_y;
  xb.resize(size_t(m) * size_t(d));
  yb.resize(size_t(m));
  for (int i = 0; i < m; ++i) {
    std::copy_n(lab.f_train.data() + size_t(rows[size_t(i)]) * size_t(d), d, xb.data() + size_t(i) * size_t(d));
    yb[size_t(i)] = lab.y_train[size_t(rows[size_t(i)])];
  }
  Graph& g = lab.graph;
  g.clear();
  Var h = add(matmul(g.input(Shape{m, d}, xb.data()), g.param(lab.w), false, true), g.param(lab.b));
  Var j = add(mse_course(h, g.input(Shape{m, 1}, yb.data())), l2_penalty(g, {&lab.w, &lab.b}, float(lambda), m));
  lab.opt.cfg.lr = lr;  // the learning rate may change between steps without a restart
  return train_step(g, j, lab.opt);
}

void new_parameters(LambdaLab& lab) {
  lab.w = Parameter("weight", Shape{1, lab.p.degree}, true);
  lab.b = Parameter("bias", Shape{1}, false);
  lab.opt = Optimizer(sgd(float(lab.p.lr)), {&lab.w, &lab.b});
}

// Rows of the next batch (full, mini-batch of 5, or one example) into lab.batch_rows.
const std::vector<int>& next_batch(LambdaLab& lab) {
  const int m = int(lab.y_train.size());
  const int size = lab.p.mode == 0 ? m : lab.p.mode == 1 ? std::min(5, m) : 1;
  std::vector<int>& rows = lab.batch_rows;
  rows.clear();
  if (size == m) {
    for (int i = 0; i < m; ++i) rows.push_back(i);
    return rows;
  }
  std::mt19937 rng(lab.batch_rng++);
  std::uniform_int_distribution<int> pick(0, m - 1);
  for (int i = 0; i < size; ++i) rows.push_back(pick(rng));
  return rows;
}

}  // namespace

float lambda_target(float x) { return std::sin(3.f * x) + 0.5f * x; }

std::string lambda_load_csv(LambdaLab& lab, const std::string& name, const std::vector<uint8_t>& bytes) {
  CsvTable t;
  std::string message;
  if (!read_table_file(name, bytes, -1, 0, &t, &message)) return message;
  if (t.cols < 2) return "'" + name + "': the λ lab needs two number columns, x and y. Nothing was changed.";
  const std::vector<int> rows = complete_rows(t, {0, 1});
  if (rows.size() < 6) return "'" + name + "': fewer than 6 rows with both x and y. Nothing was changed.";
  constexpr size_t kMaxPoints = 2000;
  std::vector<float> xs, ys;
  for (int r : rows) {
    if (xs.size() == kMaxPoints) break;
    xs.push_back(t.values[size_t(r) * size_t(t.cols)]);
    ys.push_back(t.values[size_t(r) * size_t(t.cols) + 1]);
  }
  scale_to_unit(xs);
  lab.csv_x = std::move(xs);
  lab.csv_y = std::move(ys);
  lab.csv_source = name;
  lambda_reset(lab);
  std::string s = "'" + name + "': " + std::to_string(lab.csv_x.size()) + " points, x = " + t.names[0] + " (scaled onto [-1, 1]), y = " +
                  t.names[1] + "; " + std::to_string(lab.x_train.size()) + " to train on, " + std::to_string(lab.x_val.size()) +
                  " to validate";
  if (rows.size() < size_t(t.rows)) s += "; " + std::to_string(size_t(t.rows) - rows.size()) + " row(s) with a missing value skipped";
  if (rows.size() > kMaxPoints) s += "; the first " + std::to_string(kMaxPoints) + " kept";
  if (t.cols > 2) s += "; " + std::to_string(t.cols - 2) + " more column(s) not used";
  return s + ".";
}

void lambda_use_generated_data(LambdaLab& lab) {
  lab.csv_x.clear();
  lab.csv_y.clear();
  lab.csv_source.clear();
  lambda_reset(lab);
}

void lambda_reset(LambdaLab& lab) {
  const LambdaParams& p = lab.p;
  std::mt19937 rng(uint32_t(p.seed));
  std::uniform_real_distribution<float> ux(-1.f, 1.f);
  // σ·N(0, 1): the same numbers as N(0, σ), and defined at σ = 0 (a
  // normal_distribution needs σ > 0; found by the sanitizer build's assertions).
  std::normal_distribution<float> z(0.f, 1.f);
  auto draw = [&](int n, std::vector<float>& x, std::vector<float>& y) {
    x.resize(size_t(n));
    y.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
      x[size_t(i)] = ux(rng);
      y[size_t(i)] = lambda_target(x[size_t(i)]) + (p.noise > 0 ? float(p.noise) * z(rng) : 0.f);
    }
  };
  if (lab.csv_source.empty()) {
    draw(p.points, lab.x_train, lab.y_train);
    draw(100, lab.x_val, lab.y_val);
  } else {  // the learner's points: a seeded two-thirds to train on, the rest to validate
    const int n = int(lab.csv_x.size());
    const Split s = train_val_split(n, 1.f / 3.f, uint32_t(p.seed) + 29u);
    lab.x_train.clear(), lab.y_train.clear(), lab.x_val.clear(), lab.y_val.clear();
    for (int i : s.train) lab.x_train.push_back(lab.csv_x[size_t(i)]), lab.y_train.push_back(lab.csv_y[size_t(i)]);
    for (int i : s.val) lab.x_val.push_back(lab.csv_x[size_t(i)]), lab.y_val.push_back(lab.csv_y[size_t(i)]);
  }
  features(lab.x_train, p.degree, lab.f_train);
  features(lab.x_val, p.degree, lab.f_val);
  new_parameters(lab);
  lab.iteration = 0;
  lab.batch_rng = uint32_t(p.seed) * 7919u + 1;
  lab.history_j.clear();
  lab.history_val.clear();
  lab.path.clear();
  lab.path.emplace_back(0.f, 0.f);
  lab.last_j = lab.last_sse_term = error_on(lab, lab.f_train, lab.y_train);  // θ = 0: no penalty yet
  lab.last_penalty_sum = 0;
}

TrainResult lambda_train(LambdaLab& lab, int steps) {
  for (int s = 0; s < steps; ++s) {
    if (!gd_step(lab, next_batch(lab), lab.p.lambda, float(lab.p.lr)).finite) return {s, true};
    ++lab.iteration;
    // The full-data cost for the curve (mini-batch J is noisy by design).
    const float train_err = error_on(lab, lab.f_train, lab.y_train);
    double ss = 0;
    for (float w : lab.w.value.data) ss += double(w) * w;
    const int m = int(lab.y_train.size());
    lab.last_sse_term = train_err;
    lab.last_penalty_sum = float(ss);
    lab.last_j = train_err + float(lab.p.lambda * ss / (2.0 * m));
    if (lab.history_j.size() >= kHistoryCap) {  // keep every other point: a long run stays readable
      for (size_t i = 0; i < kHistoryCap / 2; ++i) {
        lab.history_j[i] = lab.history_j[2 * i];
        lab.history_val[i] = lab.history_val[2 * i];
      }
      lab.history_j.resize(kHistoryCap / 2);
      lab.history_val.resize(kHistoryCap / 2);
    }
    lab.history_j.push_back(lab.last_j);
    lab.history_val.push_back(error_on(lab, lab.f_val, lab.y_val));
    if (lab.p.degree == 1 && lab.path.size() < 4000) lab.path.emplace_back(lab.b.value[0], lab.w.value[0]);
  }
  return {steps, false};
}

const std::vector<double>& sweep_lambdas() {
  static const std::vector<double> v = {0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10, 30, 100};
  return v;
}

void lambda_start_sweep(LambdaLab& lab) {
  lab.sweep.clear();
  lab.sweep_next = 0;
}

void lambda_sweep_step(LambdaLab& lab) {
  if (lab.sweep_next < 0) return;
  // A fresh model per λ, trained full-batch to (near) convergence on the same data.
  LambdaLab tmp;
  tmp.p = lab.p;
  tmp.p.mode = 0;
  tmp.p.lambda = sweep_lambdas()[size_t(lab.sweep_next)];
  tmp.x_train = lab.x_train; tmp.y_train = lab.y_train; tmp.f_train = lab.f_train;
  tmp.x_val = lab.x_val; tmp.y_val = lab.y_val; tmp.f_val = lab.f_val;
  new_parameters(tmp);
  std::vector<int> rows(lab.y_train.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = int(i);
  const float lr = std::min(float(lab.p.lr), 0.5f);
  for (int s = 0; s < 3000; ++s) gd_step(tmp, rows, tmp.p.lambda, lr);
  lab.sweep.push_back({tmp.p.lambda, error_on(tmp, tmp.f_train, tmp.y_train), error_on(tmp, tmp.f_val, tmp.y_val),
                       lambda_theta_norm(tmp)});
  if (++lab.sweep_next >= int(sweep_lambdas().size())) lab.sweep_next = -1;
}

float lambda_predict(const LambdaLab& lab, float x) {
  const int d = lab.p.degree;
  float f[16];
  legendre(x, d, f);
  float h = lab.b.value[0];
  for (int j = 0; j < d && size_t(j) < lab.w.value.data.size(); ++j) h += lab.w.value[size_t(j)] * f[j];
  return h;
}

float lambda_train_error(const LambdaLab& lab) { return error_on(lab, lab.f_train, lab.y_train); }
float lambda_val_error(const LambdaLab& lab) { return error_on(lab, lab.f_val, lab.y_val); }

float lambda_theta_norm(const LambdaLab& lab) {
  double s = 0;
  for (float w : lab.w.value.data) s += double(w) * w;
  return float(std::sqrt(s));
}

std::vector<double> lambda_exact(const LambdaLab& lab) {
  const int m = int(lab.y_train.size()), d = lab.p.degree;
  Eigen::MatrixXd F(m, d + 1);
  Eigen::VectorXd y(m);
  for (int i = 0; i < m; ++i) {
    F(i, 0) = 1;
    for (int j = 0; j < d; ++j) F(i, j + 1) = lab.f_train[size_t(i * d + j)];
    y(i) = lab.y_train[size_t(i)];
  }
  Eigen::MatrixXd A = F.transpose() * F;
  for (int j = 1; j <= d; ++j) A(j, j) += lab.p.lambda;  // λ/(2m) Σ θj² over j ≥ 1: the 1/(2m) cancels with the data term's
  const Eigen::VectorXd theta = A.ldlt().solve(F.transpose() * y);
  return std::vector<double>(theta.data(), theta.data() + theta.size());
}

float lambda_predict_with(const LambdaLab& lab, const std::vector<double>& theta, float x) {
  float f[16];
  legendre(x, lab.p.degree, f);
  double h = theta.empty() ? 0 : theta[0];
  for (int j = 0; j < lab.p.degree && size_t(j + 1) < theta.size(); ++j) h += theta[size_t(j + 1)] * f[j];
  return float(h);
}

double lambda_error_with(const LambdaLab& lab, const std::vector<double>& theta, bool validation) {
  const std::vector<float>& xs = validation ? lab.x_val : lab.x_train;
  const std::vector<float>& ys = validation ? lab.y_val : lab.y_train;
  double s = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double r = lambda_predict_with(lab, theta, xs[i]) - ys[i];
    s += r * r;
  }
  return xs.empty() ? 0 : s / (2.0 * double(xs.size()));
}

int lambda_best_sweep(const LambdaLab& lab) {
  int best = -1;
  for (size_t i = 0; i < lab.sweep.size(); ++i)
    if (best < 0 || lab.sweep[i].val_error < lab.sweep[size_t(best)].val_error) best = int(i);
  return best;
}

float lambda_cost_at(const LambdaLab& lab, float t0, float t1) {
  const int m = int(lab.y_train.size());
  double s = 0;
  for (int i = 0; i < m; ++i) {
    const double r = t0 + t1 * lab.f_train[size_t(i)] - lab.y_train[size_t(i)];
    s += r * r;
  }
  return float(s / (2.0 * m) + lab.p.lambda * t1 * t1 / (2.0 * m));
}

}  // namespace mlpg::ui
