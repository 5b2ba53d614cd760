// The λ lab as a lesson: its parameter table, its slice of state(), its own
// command (the λ sweep) and its registry entry.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data_file.h"
#include "describe.h"
#include "lambda_lab.h"

namespace mlpg::ui {

namespace {

// In the order the controls show them. λ, the learning rate and the descent
// mode act on the next step (the learner watches the same run respond); the
// others change the data or the model's size, so they start a fresh run.
const ParamTable& lambda_table() {
  static const ParamTable t = {
      integer<&LambdaParams::degree>("degree", 1, 12, "lambda.degree", Restart::Yes),
      real<&LambdaParams::lambda>("lambda", 1e-6, 100, "lambda.lambda", Restart::No)
          .log().zero_is_off("app.lambda_zero").fmt("%.2g"),
      real<&LambdaParams::lr>("lr", 1e-4, 1.5, "app.learning_rate", Restart::No).log().fmt("%.3g"),
      choice<&LambdaParams::mode>("mode", {"batch", "minibatch", "stochastic"}, "lambda.mode", Restart::No).as_radio(),
      integer<&LambdaParams::points>("points", 5, 60, "lambda.train_points", Restart::Yes),
      real<&LambdaParams::noise>("noise", 0, 1, "clf.noise", Restart::Yes).fmt("%.2f"),
      integer<&LambdaParams::seed>("seed", 0, 99999, "app.seed", Restart::Yes),
  };
  return t;
}

class LambdaLesson final : public Lesson {
 public:
  LambdaLesson() { lambda_reset(lab_); }
  const ParamTable& param_table() const override { return lambda_table(); }
  void* param_block() override { return &lab_.p; }
  void reset() override { lambda_reset(lab_); }
  TrainResult train(int steps) override { return lambda_train(lab_, steps); }
  void per_frame() override { lambda_sweep_step(lab_); }
  void draw(LessonUi& ui) override { draw_lambda_lab(lab_, ui); }
  std::string file_opened(const std::string& name, const std::vector<uint8_t>& bytes) override {
    if (!is_table_file(name)) return "'" + name + "': the λ lab reads CSV files (x, y)";
    return lambda_load_csv(lab_, name, bytes);
  }
  // The coach: validation error rising over two windows of 100 recorded iterations while J falls (noise-proof for mini-batches).
  Symptom symptom() const override { return overfitting_symptom(lab_.history_val, lab_.history_j, 100); }
  bool has_code() const override { return true; }
  std::vector<CodeSpec> code() const override {
    const LambdaParams& p = lab_.p;
    CodeSpec s;
    s.title = "h(x) = θ0 + Σ θj Pj(x)";
    s.input = Shape{p.degree};
    s.layers = {{{"type", "Dense"}, {"units", 1}, {"activation", "linear"}}};
    s.parameters = p.degree + 1;
    s.loss = CodeLoss::HalfMse;
    s.penalty = CodePenalty::L2;  // θ0 (the bias) is not penalized, as the course writes J
    s.lambda = p.lambda;
    s.optimizer = lab_.opt.cfg;
    const int m = int(lab_.y_train.size());
    s.batch = p.mode == 0 ? m : p.mode == 1 ? std::min(5, m) : 1;
    s.helpers =
        "def legendre(t, n):  # P_n(t) by Bonnet's recurrence: the lab's features are P_1..P_degree of x\n"
        "    p0, p1 = t * 0 + 1, t\n"
        "    for k in range(1, n):\n"
        "        p0, p1 = p1, ((2 * k + 1) * t * p1 - k * p0) / (k + 1)\n"
        "    return p1\n\n";
    for (int j = 1; j <= p.degree; ++j) s.features.push_back("legendre(x[:, 0], " + std::to_string(j) + ")");
    s.raw_inputs = 1;
    s.note = "The course's J(θ) = 1/(2m) Σ (h(x) − y)² + λ/(2m) Σ θj², by gradient descent on " + std::to_string(m) + " points.";
    return {s};
  }

  nlohmann::json state() const override {
    const LambdaLab& l = lab_;
    nlohmann::json sweep = nlohmann::json::array();
    for (const SweepPoint& s : l.sweep)
      sweep.push_back({{"lambda", s.lambda}, {"train_error", s.train_error}, {"val_error", s.val_error},
                       {"theta_norm", s.theta_norm}});
    std::vector<float> theta{l.b.value[0]};
    theta.insert(theta.end(), l.w.value.data.begin(), l.w.value.data.end());
    return {{"step", l.iteration},
            {"metrics", {{"J", finite_or_zero(l.last_j)}, {"train_error", finite_or_zero(lambda_train_error(l))},
                         {"val_error", finite_or_zero(lambda_val_error(l))},
                         {"theta_norm", finite_or_zero(lambda_theta_norm(l))}, {"theta", finite_or_zero(theta)}}},
            {"history", {{"train_loss", finite_or_zero(l.history_j)}, {"val_loss", finite_or_zero(l.history_val)}}},
            {"sweep", sweep},
            {"data", {{"source", l.csv_source.empty() ? std::string("generated") : l.csv_source},
                      {"train", l.x_train.size()}, {"val", l.x_val.size()}}},
            {"sweep_running", l.sweep_next >= 0}};
  }

  // The sweep, once run, is the plot that answers the lesson's question;
  // before it, the learning curves (the app describes them).
  std::string describe_plot(Lang L) const override {
    const std::vector<SweepPoint>& s = lab_.sweep;
    if (s.size() < 2 || lab_.sweep_next >= 0) return {};
    size_t best = 0;
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i].val_error < s[best].val_error) best = i;
    char b[400];
    std::snprintf(b, sizeof b, tr(L, "describe.sweep"), describe_number(s[best].lambda).c_str(),
                  describe_number(s[best].val_error).c_str(), describe_number(s.front().lambda).c_str(),
                  describe_number(s.front().val_error).c_str(), describe_number(s.back().lambda).c_str(),
                  describe_number(s.back().val_error).c_str());
    return b;
  }

  // {sweep: true}: the whole λ sweep at once (the button runs it a λ per frame).
  nlohmann::json command(std::string_view name, const nlohmann::json& value) override {
    if (value != true) throw std::invalid_argument("sweep expects true");
    lambda_start_sweep(lab_);
    while (lab_.sweep_next >= 0) lambda_sweep_step(lab_);
    return {{"sweep", lab_.sweep.size()}};
  }

 private:
  LambdaLab lab_;
};

}  // namespace

extern const LessonInfo lambda_lesson = {"lambda", "lesson.lambda", "lesson.lambda.blurb", /*trains=*/true, /*opens_running=*/true, {"sweep"},
                                         [] { return std::unique_ptr<Lesson>(new LambdaLesson()); },
    {{"descent", ""}}};

}  // namespace mlpg::ui
