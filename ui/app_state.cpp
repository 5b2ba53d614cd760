// App state, updates, the URL hash and the command/state JSON interface.
#include <cmath>
#include <stdexcept>

#include "app.h"
#include "kernels/kernels.h"
#include "version.h"

namespace mlpg::ui {

using nlohmann::json;

namespace {

void require(bool ok, const std::string& msg) {
  if (!ok) throw std::invalid_argument(msg);
}

std::string lesson_ids() {
  std::string s;
  for (const LessonDef& l : lessons()) s += (s.empty() ? "" : ", ") + std::string(l.id);
  return s;
}

void notice(AppState& app, const std::string& text) {
  if (app.notices.size() < 8) app.notices.push_back(text);
}

}  // namespace

void app_init(AppState& app) {
  for (const LessonDef& l : lessons()) l.reset(app);
}

void app_open_lesson(AppState& app, const std::string& id) {
  const LessonDef* l = find_lesson(id);
  if (!l) throw std::invalid_argument("unknown lesson '" + id + "' (available: " + lesson_ids() + ")");
  app.lesson = id;
  app.url_dirty = true;
}

void app_update(AppState& app, double dt) {
  if (dt > 0) {
    app.fps = app.fps == 0 ? float(1.0 / dt) : 0.9f * app.fps + 0.1f * float(1.0 / dt);
    app.frame_ms = 0.9f * app.frame_ms + 0.1f * float(dt * 1000.0);
  }
  const LessonDef* l = find_lesson(app.lesson);
  if (l->per_frame) l->per_frame(app);
  if (!app.running || app.lesson == "home") return;
  // Slow and normal speeds keep training watchable; fast uses the whole budget.
  const int cap = app.speed == 0 ? 1 : app.speed == 1 ? 8 : app.budget.max_steps;
  const int want = app.budget.steps < cap ? app.budget.steps : cap;
  const double t0 = app.clock();
  const int done = l->train(app, want);
  const double spent = app.clock() - t0;
  app.budget.adapt(spent, done);
  if (dt > 0) app.steps_per_s = 0.9f * app.steps_per_s + 0.1f * float(done / dt);
  if ((app.lesson == "lambda" && app.lambda.diverged) || (app.lesson == "classifier" && app.classifier.diverged)) {
    notice(app, tr(app.lang, "notice.nan"));
    app.lambda.diverged = app.classifier.diverged = false;
    app.running = false;
  }
}

std::string app_hash(const AppState& app) {
  std::vector<std::pair<std::string, std::string>> kv{{"lesson", app.lesson}, {"lang", lang_code(app.lang)}};
  const auto params = find_lesson(app.lesson)->params(app);
  kv.insert(kv.end(), params.begin(), params.end());
  return format_hash(kv);
}

void app_apply_hash(AppState& app, std::string_view hash) {
  const auto kv = parse_hash(hash);
  std::string lesson = "home";
  for (const auto& [k, v] : kv) {
    if (k == "lesson") {
      if (find_lesson(v)) lesson = v;
      else notice(app, std::string(tr(app.lang, "notice.unknown_lesson")) + " (" + v + ")");
    } else if (k == "lang") {
      Lang l = Lang::En;
      if (lang_from_code(v, &l)) app.lang = l;
      else notice(app, std::string(tr(app.lang, "notice.bad_value")) + ": lang");
    }
  }
  app.lesson = lesson;
  const LessonDef* l = find_lesson(lesson);
  for (const auto& [k, v] : kv) {
    if (k == "lesson" || k == "lang") continue;
    const ParamResult r = l->set_param(app, k, v);  // unknown keys are ignored
    if (r == ParamResult::Invalid) notice(app, std::string(tr(app.lang, "notice.bad_value")) + ": " + k);
    if (r == ParamResult::Clamped) notice(app, std::string(tr(app.lang, "notice.clamped")) + ": " + k);
  }
  l->reset(app);
  app.url_dirty = true;
}

json app_version_json() {
  return {{"version", engine_version()}, {"kernels", kernels::active_kernels().name}};
}

json app_state_json(const AppState& app) {
  json s = find_lesson(app.lesson)->state(app);
  s["lesson"] = app.lesson;
  s["lang"] = lang_code(app.lang);
  s["running"] = app.running;
  s["fps"] = app.fps;
  s["frame_ms"] = app.frame_ms;
  s["steps_per_s"] = app.steps_per_s;
  s["steps_per_frame"] = app.budget.steps;
  s["speed"] = app.speed;
  s["kernels"] = kernels::active_kernels().name;
  s["notices"] = app.notices;
  s["hash"] = app_hash(app);
  return s;
}

json app_command(AppState& app, const json& cmd) {
  require(cmd.is_object(), "command must be an object, e.g. {run: true}");
  require(!cmd.empty(), "empty command: expected lesson, params, train, run, reset, lang or sweep");
  for (const auto& [key, value] : cmd.items())
    require(key == "lesson" || key == "params" || key == "train" || key == "run" || key == "reset" || key == "lang" ||
                key == "sweep" || key == "dismiss",
            "unknown command '" + key + "' (expected lesson, params, train, run, reset, lang, sweep or dismiss)");
  json result = json::object();
  // Order matters: lesson, then lang and params, then reset, then training.
  if (cmd.contains("lesson")) {
    require(cmd["lesson"].is_string(), "lesson expects a lesson id string (" + lesson_ids() + ")");
    app_open_lesson(app, cmd["lesson"].get<std::string>());
  }
  if (cmd.contains("lang")) {
    Lang l = Lang::En;
    require(cmd["lang"].is_string() && lang_from_code(cmd["lang"].get<std::string>(), &l), "lang expects \"en\" or \"zh\"");
    app.lang = l;
    app.url_dirty = true;
  }
  if (cmd.contains("params")) {
    const json& params = cmd["params"];
    require(params.is_object(), "params expects an object, e.g. {lambda: 0.01}");
    const LessonDef* l = find_lesson(app.lesson);
    json clamped = json::array();
    for (const auto& [pk, pv] : params.items()) {
      std::string text;
      require(json_to_param_text(pv, &text), "parameter '" + pk + "' has a value of the wrong type");
      const ParamResult r = l->set_param(app, pk, text);
      require(r != ParamResult::UnknownKey, "unknown parameter '" + pk + "' for lesson " + app.lesson);
      require(r != ParamResult::Invalid, "invalid value '" + text + "' for parameter '" + pk + "'");
      if (r == ParamResult::Clamped) clamped.push_back(pk);
    }
    if (!clamped.empty()) result["clamped"] = clamped;
    l->reset(app);  // new parameters start a fresh run
    app.url_dirty = true;
  }
  if (cmd.contains("reset")) {
    require(cmd["reset"].is_boolean(), "reset expects true");
    if (cmd["reset"].get<bool>()) find_lesson(app.lesson)->reset(app);
  }
  if (cmd.contains("run")) {
    require(cmd["run"].is_boolean(), "run expects true or false");
    app.running = cmd["run"].get<bool>();
  }
  if (cmd.contains("dismiss")) app.notices.clear();
  if (cmd.contains("sweep")) {
    require(app.lesson == "lambda", "sweep works in the lambda lesson");
    require(cmd["sweep"] == true, "sweep expects true");
    lambda_start_sweep(app.lambda);
    while (app.lambda.sweep_next >= 0) lambda_sweep_step(app.lambda);
  }
  if (cmd.contains("train")) {
    const json& t = cmd["train"];
    require(t.is_number_integer() && t.get<long long>() >= 0 && t.get<long long>() <= 100000,
            "train expects a whole number of steps between 0 and 100000");
    require(app.lesson != "home", "train needs a lesson: open one first, e.g. {lesson: \"lambda\"}");
    result["steps"] = find_lesson(app.lesson)->train(app, int(t.get<long long>()));
  }
  result["ok"] = true;
  return result;
}

}  // namespace mlpg::ui
