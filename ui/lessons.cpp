// The lesson registry: one entry per lesson, in the order the home page lists them.
#include <cmath>

#include "app.h"

namespace mlpg::ui {

namespace {

nlohmann::json kv_json(const std::vector<std::pair<std::string, std::string>>& kv) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : kv) j[k] = v;
  return j;
}

std::vector<float> finite_or_zero(const std::vector<float>& v) {  // JSON has no NaN
  std::vector<float> out(v);
  for (float& x : out)
    if (!std::isfinite(x)) x = 0.f;
  return out;
}

nlohmann::json lambda_state(const AppState& app) {
  const LambdaLab& l = app.lambda;
  nlohmann::json sweep = nlohmann::json::array();
  for (const SweepPoint& s : l.sweep)
    sweep.push_back({{"lambda", s.lambda}, {"train_error", s.train_error}, {"val_error", s.val_error}, {"theta_norm", s.theta_norm}});
  std::vector<float> theta{l.b.value[0]};
  theta.insert(theta.end(), l.w.value.data.begin(), l.w.value.data.end());
  return {{"params", kv_json(lambda_params_kv(l.p))},
          {"step", l.iteration},
          {"metrics", {{"J", l.last_j}, {"train_error", lambda_train_error(l)}, {"val_error", lambda_val_error(l)},
                       {"theta_norm", lambda_theta_norm(l)}, {"theta", finite_or_zero(theta)}, {"diverged", l.diverged}}},
          {"history", {{"train_loss", finite_or_zero(l.history_j)}, {"val_loss", finite_or_zero(l.history_val)}}},
          {"sweep", sweep},
          {"sweep_running", l.sweep_next >= 0}};
}

nlohmann::json classifier_state(const AppState& app) {
  const ClassifierLab& c = app.classifier;
  nlohmann::json cm = nlohmann::json::array();
  for (int t = 0; t < c.confusion.classes; ++t) {
    nlohmann::json row = nlohmann::json::array();
    for (int p = 0; p < c.confusion.classes; ++p) row.push_back(c.confusion.at(t, p));
    cm.push_back(row);
  }
  return {{"params", kv_json(classifier_params_kv(c.p))},
          {"epoch", c.epoch},
          {"step", c.steps},
          {"points", {{"train", c.train_idx.size()}, {"test", c.test_idx.size()}}},
          {"metrics", {{"train_loss", c.train_loss.empty() ? 0.f : c.train_loss.back()},
                       {"test_loss", c.test_loss.empty() ? 0.f : c.test_loss.back()},
                       {"accuracy", c.accuracy}, {"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1},
                       {"confusion", cm}, {"diverged", c.diverged}}},
          {"history", {{"train_loss", finite_or_zero(c.train_loss)}, {"test_loss", finite_or_zero(c.test_loss)}}},
          {"stopped", classifier_stopped(c)}};
}

const std::vector<LessonDef> kLessons = {
    {"home", "app.home", "home.intro", [](AppState&) {}, [](AppState&, int) { return 0; }, nullptr,
     [](const AppState&) { return std::vector<std::pair<std::string, std::string>>{}; },
     [](AppState&, std::string_view, std::string_view) { return ParamResult::UnknownKey; },
     [](const AppState&) { return nlohmann::json{{"params", nlohmann::json::object()}, {"step", 0}}; }},
    {"lambda", "lesson.lambda", "lesson.lambda.blurb", [](AppState& a) { lambda_reset(a.lambda); },
     [](AppState& a, int n) { return lambda_train(a.lambda, n); }, [](AppState& a) { lambda_sweep_step(a.lambda); },
     [](const AppState& a) { return lambda_params_kv(a.lambda.p); },
     [](AppState& a, std::string_view k, std::string_view v) { return lambda_set_param(a.lambda.p, k, v); },
     lambda_state},
    {"classifier", "lesson.classifier", "lesson.classifier.blurb", [](AppState& a) { classifier_reset(a.classifier); },
     [](AppState& a, int n) {
       const int done = classifier_train(a.classifier, n);
       if (done > 0) classifier_refresh_maps(a.classifier);
       return done;
     },
     nullptr, [](const AppState& a) { return classifier_params_kv(a.classifier.p); },
     [](AppState& a, std::string_view k, std::string_view v) { return classifier_set_param(a.classifier.p, k, v); },
     classifier_state},
};

}  // namespace

const std::vector<LessonDef>& lessons() { return kLessons; }

const LessonDef* find_lesson(std::string_view id) {
  for (const LessonDef& l : kLessons)
    if (id == l.id) return &l;
  return nullptr;
}

}  // namespace mlpg::ui
