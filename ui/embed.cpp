// The embed protocol's app side (embed.h): host configuration, events,
// goals and the state document.
#include "embed.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "app.h"
#include "core/version.h"
#include "params.h"

namespace mlpg::ui {

using nlohmann::json;

namespace {

void require(bool ok, const std::string& msg) {
  if (!ok) throw std::invalid_argument(msg);
}

std::string keys_of(const ParamTable& table) {
  std::string s;
  for (const ParamSpec& p : table) s += (s.empty() ? "" : ", ") + std::string(p.key);
  return s;
}

// The numbers among a lesson's metrics (arrays such as a confusion matrix left out).
json numeric_metrics(const json& state) {
  json m = json::object();
  if (state.contains("metrics") && state["metrics"].is_object())
    for (const auto& [k, v] : state["metrics"].items())
      if (v.is_number()) m[k] = v;
  return m;
}

std::string metric_names(const json& state) {
  std::string s;
  const json m = numeric_metrics(state);  // kept alive: items() only refers to it
  for (const auto& [k, v] : m.items()) s += (s.empty() ? "" : ", ") + k;
  return s;
}

std::vector<std::string> param_keys(const json& v, const ParamTable& table, const std::string& lesson, const char* what) {
  require(v.is_array(), std::string("embed.") + what + " expects an array of parameter keys, e.g. [\"lambda\"]");
  std::vector<std::string> keys;
  for (const json& k : v) {
    require(k.is_string(), std::string("embed.") + what + " expects parameter keys as strings");
    require(find_param(table, k.get<std::string>()) != nullptr, std::string("embed.") + what + ": '" + k.get<std::string>() +
                                                                   "' is not a parameter of lesson " + lesson + " (" + keys_of(table) + ")");
    keys.push_back(k.get<std::string>());
  }
  return keys;
}

Goal parse_goal(const json& g, AppState& app) {
  require(g.is_object(), "embed.goals expects objects, e.g. {metric: \"val_error\", below: 0.03}");
  const json s = current_lesson(app).state();
  Goal goal;
  goal.lesson = app.lesson;
  bool threshold = false;
  for (const auto& [k, v] : g.items()) {
    if (k == "metric") {
      require(v.is_string(), "goal.metric expects a metric name");
      goal.metric = v.get<std::string>();
    } else if (k == "below" || k == "above") {
      require(!threshold, "a goal has one threshold: below or above");
      require(v.is_number() && std::isfinite(v.get<double>()), "goal." + k + " expects a finite number");
      goal.below = k == "below";
      goal.threshold = v.get<double>();
      threshold = true;
    } else if (k == "within_epochs" || k == "within_steps") {
      const std::string key = k == "within_epochs" ? "epoch" : "step";
      require(v.is_number_integer() && v.get<long long>() > 0 && v.get<long long>() <= 100000000,
              "goal." + k + " expects a positive whole number");
      require(s.contains(key) && s[key].is_number(), "goal." + k + ": lesson " + app.lesson + " counts no " + key + "s");
      goal.within_key = key;
      goal.within = long(v.get<long long>());
    } else {
      require(false, "unknown goal field '" + k + "' (expected metric, below, above, within_epochs, within_steps)");
    }
  }
  require(!goal.metric.empty() && threshold, "a goal needs a metric and a threshold, e.g. {metric: \"val_error\", below: 0.03}");
  require(numeric_metrics(s).contains(goal.metric),
          "goal metric '" + goal.metric + "' is not one of lesson " + app.lesson + "'s metrics (" + metric_names(s) + ")");
  return goal;
}

void send(EmbedState& e, const char* type, json detail) {
  if (!e.active || e.outbox.size() >= 64) return;  // a host that never reads does not grow the heap
  e.outbox.push_back({{"type", type}, {"detail", std::move(detail)}});
}

}  // namespace

double goal_progress(const Goal& g) {
  if (g.reached) return 1.0;
  if (!g.seen) return 0.0;
  const double v = std::fabs(g.value), t = std::fabs(g.threshold);
  const double p = g.below ? (v > 0 ? t / v : 1.0) : (t > 0 ? v / t : 1.0);
  return std::clamp(std::isfinite(p) ? p : 0.0, 0.0, 1.0);
}

namespace {

json goal_json(const Goal& g, size_t i) {
  json j = {{"goal", i}, {"lesson", g.lesson}, {"metric", g.metric}, {g.below ? "below" : "above", g.threshold},
            {"value", g.value}, {"progress", goal_progress(g)}, {"reached", g.reached}, {"missed", g.missed},
            {"completed", g.awarded}};
  if (!g.within_key.empty()) j[g.within_key == "epoch" ? "within_epochs" : "within_steps"] = g.within;
  return j;
}

// Reads each goal of the current lesson from its state(); `silent`: a
// restored run marks what it reached without awarding it.
void check_goals(AppState& app, bool silent) {
  EmbedState& e = app.embed;
  json s;
  bool have = false;
  for (size_t i = 0; i < e.goals.size(); ++i) {
    Goal& g = e.goals[i];
    if (g.lesson != app.lesson) continue;
    if (!have) s = current_lesson(app).state(), have = true;
    const json m = numeric_metrics(s);
    if (!m.contains(g.metric)) continue;
    const double v = m[g.metric].get<double>();
    const long step = s.value("step", 0L);
    const long counter = g.within_key.empty() ? step : s.value(g.within_key, 0L);
    const bool was_reached = g.reached, was_missed = g.missed;
    if (step == 0) g.reached = g.missed = false;  // a fresh run: the goal is open again (an award stays given)
    g.value = std::isfinite(v) ? v : 0.0;
    g.seen = true;
    const bool meets = std::isfinite(v) && (g.below ? v < g.threshold : v > g.threshold);
    const bool in_budget = g.within_key.empty() || counter <= g.within;
    if (!g.reached && !g.missed && step > 0) {  // reached by training, not by opening
      if (meets && in_budget) g.reached = true;
      else if (!in_budget) g.missed = true;
    }
    if (g.reached && !g.awarded) {
      g.awarded = true;
      if (!silent) {
        int score = 0;
        for (const Goal& o : e.goals) score += o.awarded ? 1 : 0;
        send(e, "completed", {{"goal", i}, {"metric", g.metric}, {"value", g.value}, {"score", score},
                              {"maxScore", e.goals.size()}, {"success", true}, {"stateHash", state_hash(app)},
                              {"version", kProtocol}, {"instanceId", e.instance_id}});
      }
    }
    if (g.reached != was_reached || g.missed != was_missed) send(e, "goal", goal_json(g, i));
  }
}

}  // namespace

bool param_locked(const EmbedState& e, std::string_view key) {
  return std::find(e.locked.begin(), e.locked.end(), key) != e.locked.end();
}
bool param_hidden(const EmbedState& e, std::string_view key) {
  return std::find(e.hidden.begin(), e.hidden.end(), key) != e.hidden.end();
}

json embed_configure(AppState& app, const json& config) {
  require(config.is_object(), "embed expects an object, e.g. {chrome: \"minimal\", locked: [\"degree\"]}");
  EmbedState e = app.embed;  // all or nothing: applied once every field was checked
  e.active = true;
  const Lesson& lesson = current_lesson(app);
  for (const auto& [k, v] : config.items()) {
    if (k == "id") {
      require(v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= 64,
              "embed.id expects a string of 1 to 64 characters");
      e.instance_id = v.get<std::string>();
    } else if (k == "chrome") {
      require(v == "full" || v == "minimal" || v == "none", "embed.chrome expects \"full\", \"minimal\" or \"none\"");
      e.chrome = v == "full" ? Chrome::Full : v == "minimal" ? Chrome::Minimal : Chrome::None;
    } else if (k == "locked") {
      e.locked = param_keys(v, lesson.param_table(), app.lesson, "locked");
    } else if (k == "hidden") {
      e.hidden = param_keys(v, lesson.param_table(), app.lesson, "hidden");
    } else if (k == "max_steps") {
      require(v.is_number_integer() && v.get<long long>() >= 0 && v.get<long long>() <= 1000000000,
              "embed.max_steps expects a whole number of training steps (0: no limit)");
      e.max_steps = long(v.get<long long>());
      e.cap_told = false;
    } else if (k == "goals") {
      require(v.is_array() && v.size() <= 8, "embed.goals expects an array of at most 8 goals");
      std::vector<Goal> goals;
      for (const json& g : v) goals.push_back(parse_goal(g, app));
      e.goals = std::move(goals);
    } else {
      require(false, "unknown embed setting '" + k + "' (expected id, chrome, locked, hidden, max_steps, goals)");
    }
  }
  e.reported = app_hash(app);  // what the host just set is not a change to report
  app.embed = std::move(e);
  return embed_json(app.embed);
}

int embed_allow_steps(AppState& app, int steps) {
  EmbedState& e = app.embed;
  if (e.max_steps <= 0 || e.restore_to >= 0) return steps;  // a restore replays what was already allowed
  const long left = std::max(0L, e.max_steps - e.steps_used);
  if (left == 0 && steps > 0) {
    app.running = false;
    if (!e.cap_told) {
      e.cap_told = true;
      char b[200];
      std::snprintf(b, sizeof b, tr(app.lang, "embed.cap"), e.max_steps);
      app_notice(app, b);
      send(e, "error", {{"type", "cap"}, {"message", b}});
    }
  }
  return int(std::min<long>(steps, left));
}

void embed_count_steps(AppState& app, int steps) {
  if (app.embed.restore_to < 0) app.embed.steps_used += steps;
}

void embed_after(AppState& app, bool user_initiated) {
  EmbedState& e = app.embed;
  if (e.restore_to >= 0) {  // the replay of a setState: the run's own numbers come back, nothing is awarded
    const json s = current_lesson(app).state();
    if (s.value("step", 0L) < e.restore_to) return;
    e.restore_to = -1;
    for (size_t i = 0; i < e.goals.size() && i < e.restore_reached.size(); ++i)
      if (e.restore_reached[i]) e.goals[i].awarded = true;
    check_goals(app, /*silent=*/true);
    app.running = e.restore_running;
    send(e, "restored", {{"step", s.value("step", 0L)}, {"hash", state_hash(app)}});
  }
  if (!e.active) return;
  const std::string now_hash = app_hash(app);
  if (now_hash != e.reported) {
    e.reported = now_hash;
    const Lesson& l = current_lesson(app);
    send(e, "change", {{"userInitiated", user_initiated}, {"lesson", app.lesson}, {"lang", lang_code(app.lang)},
                       {"params", params_json(l.param_table(), l.param_block())}});
  }
  const double now = app.clock();
  const bool due = now - e.metrics_at >= 1.0;
  if (!e.goals.empty() && (now - e.goals_at >= 0.25 || !user_initiated)) {
    e.goals_at = now;
    check_goals(app, false);
  }
  if (due && (app.running || !user_initiated) && find_lesson(app.lesson)->trains) {
    e.metrics_at = now;
    const json s = current_lesson(app).state();
    json d = {{"lesson", app.lesson}, {"step", s.value("step", 0L)}, {"metrics", numeric_metrics(s)}};
    if (s.contains("epoch")) d["epoch"] = s["epoch"];
    send(e, "metrics", d);
    for (size_t i = 0; i < e.goals.size(); ++i)
      if (e.goals[i].lesson == app.lesson) send(e, "goal", goal_json(e.goals[i], i));
  }
}

std::string state_hash(const AppState& app) {
  const Lesson& l = current_lesson(app);
  const long step = app.embed.restore_to >= 0 ? app.embed.restore_to : l.state().value("step", 0L);
  const std::string text = app.lesson + "|" + params_json(l.param_table(), l.param_block()).dump() + "|" + std::to_string(step);
  uint64_t h = 1469598103934665603ull;  // FNV-1a, 64 bits
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char b[17];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(h));
  return b;
}

json embed_get_state(const AppState& app) {
  const Lesson& l = current_lesson(app);
  const json s = l.state();
  json goals = json::array();
  for (const Goal& g : app.embed.goals) goals.push_back({{"lesson", g.lesson}, {"metric", g.metric}, {"reached", g.awarded}});
  const bool restoring = app.embed.restore_to >= 0;
  return {{"format", "mlpg-state"},
          {"version", kStateVersion},
          {"lesson", app.lesson},
          {"lang", lang_code(app.lang)},
          {"params", params_json(l.param_table(), l.param_block())},
          {"step", restoring ? app.embed.restore_to : s.value("step", 0L)},
          {"running", restoring ? app.embed.restore_running : app.running},
          {"goals", goals},
          {"metrics", numeric_metrics(s)},
          {"hash", state_hash(app)}};
}

json embed_set_state(AppState& app, const json& doc) {
  auto bad = [](const std::string& why) { throw StateError("bad_state", "setState: " + why); };
  if (!doc.is_object()) bad("expects the object getState() returned");
  if (doc.value("format", std::string()) != "mlpg-state") bad("format is not \"mlpg-state\"");
  if (!doc.contains("version") || !doc["version"].is_number_integer()) bad("version is not a whole number");
  const long long version = doc["version"].get<long long>();
  if (version > kStateVersion)
    throw StateError("newer_version", "setState: this state is version " + std::to_string(version) +
                                          ", from a newer playground; this one reads version " + std::to_string(kStateVersion));
  if (version < 1) bad("version must be 1 or more");
  if (!doc.contains("lesson") || !doc["lesson"].is_string() || !find_lesson(doc["lesson"].get<std::string>()))
    bad("lesson is not a lesson id");
  if (doc.contains("params") && !doc["params"].is_object()) bad("params is not an object");
  long step = 0;
  if (doc.contains("step")) {
    if (!doc["step"].is_number_integer() || doc["step"].get<long long>() < 0 || doc["step"].get<long long>() > 10000000)
      bad("step is not a whole number between 0 and 10000000");
    step = long(doc["step"].get<long long>());
  }
  if (doc.contains("running") && !doc["running"].is_boolean()) bad("running is not true or false");
  std::vector<bool> reached;
  if (doc.contains("goals")) {
    if (!doc["goals"].is_array()) bad("goals is not an array");
    for (const json& g : doc["goals"]) reached.push_back(g.is_object() && g.value("reached", false) == true);
  }
  json cmd = {{"lesson", doc["lesson"]}, {"params", doc.value("params", json::object())}};
  if (doc.contains("lang")) cmd["lang"] = doc["lang"];
  try {
    app_command(app, cmd);
  } catch (const std::invalid_argument& e) {
    bad(e.what());
  }
  current_lesson(app).reset();  // the run is replayed from its start, with the state's seed
  for (Goal& g : app.embed.goals) g.reached = g.missed = false;
  app.embed.restore_to = step;
  app.embed.restore_running = doc.value("running", false);
  app.embed.restore_reached = reached;
  app.embed.reported = app_hash(app);  // restored by the host, not changed by the learner
  app.running = false;
  return {{"restoring", step}};
}

json embed_json(const EmbedState& e) {
  json goals = json::array();
  for (size_t i = 0; i < e.goals.size(); ++i) goals.push_back(goal_json(e.goals[i], i));
  const char* chrome = e.chrome == Chrome::Full ? "full" : e.chrome == Chrome::Minimal ? "minimal" : "none";
  return {{"active", e.active},       {"id", e.instance_id}, {"chrome", chrome},   {"locked", e.locked},
          {"hidden", e.hidden},       {"max_steps", e.max_steps}, {"steps_used", e.steps_used},
          {"goals", goals},           {"restoring", e.restore_to >= 0}, {"protocol", kProtocol}};
}

std::string embed_snippet(const AppState& app, const std::string& base) {
  const Lesson& l = current_lesson(app);
  std::string params;
  for (const auto& [k, v] : params_kv(l.param_table(), l.param_block())) {
    if (!params.empty()) params += "&amp;";
    for (char c : k + "=" + v) params += c == '"' ? std::string("&quot;") : c == '&' ? std::string("&amp;") : std::string(1, c);
  }
  return "<script src=\"" + base + "web/embed.js\"></script>\n<ml-playground lesson=\"" + app.lesson + "\" params=\"" + params +
         "\" lang=\"" + lang_code(app.lang) + "\"></ml-playground>";
}

}  // namespace mlpg::ui
