// The page in words for the screen-reader mirror (describe.h).
#include "describe.h"

#include <cmath>
#include <cstdio>

namespace mlpg::ui {

namespace {

using nlohmann::json;

// A number's name: its string (metric.<key>) when it has one, else the key in words.
std::string metric_name(Lang L, const std::string& key) {
  const std::string k = "metric." + key;
  if (has_string(k)) return tr(L, k);
  std::string s = key;
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

// Keys in a lesson's state() that are bookkeeping, not results.
bool is_bookkeeping(const std::string& k) {
  for (const char* b : {"step", "epoch", "seed", "loaded", "total", "from_cache", "input_index", "layer", "channel", "position",
                        "id", "dim", "vocabulary", "parameters", "train", "validation", "val", "test", "steps", "val_steps"})
    if (k == b) return true;
  return false;
}

void add_scalars(Lang L, const json& obj, json& out, size_t max) {
  for (const auto& [k, v] : obj.items()) {
    if (out.size() >= max) return;
    if (!v.is_number() || is_bookkeeping(k)) continue;
    const std::string name = metric_name(L, k), value = describe_number(v.get<double>());
    out.push_back({{"key", k}, {"name", name}, {"value", v.get<double>()}, {"text", name + ": " + value}});
  }
}

}  // namespace

std::string describe_number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

std::string describe_curve(Lang L, const char* name, const std::vector<float>& ys) {
  int n = 0, best = -1;
  float first = 0, last = 0;
  for (size_t i = 0; i < ys.size(); ++i) {
    if (!std::isfinite(ys[i])) continue;
    if (n++ == 0) first = ys[i];
    last = ys[i];
    if (best < 0 || ys[i] < ys[size_t(best)]) best = int(i);
  }
  if (n < 2) return {};
  char b[400];
  std::snprintf(b, sizeof b, tr(L, "describe.curve"), name, describe_number(first).c_str(), describe_number(last).c_str(),
                int(ys.size()), describe_number(ys[size_t(best)]).c_str(), best + 1);
  return b;
}

json app_describe(const AppState& app) {
  const Lang L = app.lang;
  const Lesson& lesson = current_lesson(app);
  const LessonInfo& info = *find_lesson(app.lesson);
  const json s = lesson.state();
  json d;
  d["title"] = tr(L, info.title_key);
  d["lang"] = lang_code(L);
  d["running"] = info.trains && app.running;
  std::string status = info.trains ? tr(L, app.running ? "describe.training" : "describe.paused") : "";
  for (const char* counter : {"epoch", "step"})
    if (info.trains && s.contains(counter) && s[counter].is_number()) {
      status += std::string(status.empty() ? "" : tr(L, "describe.sep")) + tr(L, std::string("describe.") + counter) + " " +
                describe_number(s[counter].get<double>());
      break;
    }
  d["status"] = status;
  // The key numbers: the lesson's "metrics" when it reports them, else the
  // numbers at its state's top level and one level down.
  json readouts = json::array();
  constexpr size_t kMax = 6;
  if (s.contains("metrics") && s["metrics"].is_object()) add_scalars(L, s["metrics"], readouts, kMax);
  else if (s.is_object()) {
    add_scalars(L, s, readouts, kMax);
    for (const auto& [k, v] : s.items())
      if (v.is_object() && k != "history" && k != "data") add_scalars(L, v, readouts, kMax);
  }
  d["readouts"] = readouts;
  std::string plot = lesson.describe_plot(L);
  if (plot.empty() && s.contains("history") && s["history"].is_object()) {
    int curves = 0;
    for (const auto& [k, v] : s["history"].items()) {
      if (!v.is_array() || v.empty() || !v[0].is_number() || curves == 3) continue;
      const std::string c = describe_curve(L, metric_name(L, k).c_str(), v.get<std::vector<float>>());
      if (c.empty()) continue;
      plot += (plot.empty() ? "" : " ") + c;
      ++curves;
    }
  }
  if (plot.empty()) plot = tr(L, "describe.no_plot");
  d["plot"] = plot;
  std::string summary = d["title"].get<std::string>();
  if (!status.empty()) summary += tr(L, "describe.end") + status;
  for (const json& r : readouts) summary += tr(L, "describe.end") + r["text"].get<std::string>();
  d["summary"] = summary + tr(L, "describe.stop");
  d["labels"] = {{"describe", tr(L, "describe.button")}, {"canvas", tr(L, "describe.canvas")}};
  return d;
}

}  // namespace mlpg::ui
