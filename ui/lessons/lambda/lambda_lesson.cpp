// The λ lab as a lesson: its parameter table, its slice of state(), its own
// command (the λ sweep) and its registry entry.
#include <cmath>

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
            {"sweep_running", l.sweep_next >= 0}};
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
                                         [] { return std::unique_ptr<Lesson>(new LambdaLesson()); }};

}  // namespace mlpg::ui
