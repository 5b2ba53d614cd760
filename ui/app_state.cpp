// App state, updates, the URL hash and the command/state JSON interface.
// Lessons are reached through the registry and their parameter tables only.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "course.h"
#include "assets.h"
#include "data_file.h"
#include "fonts.h"
#include "app.h"
#include "kernels/kernels.h"
#include "core/version.h"

namespace mlpg::ui {

using nlohmann::json;

namespace {

void require(bool ok, const std::string& msg) {
  if (!ok) throw std::invalid_argument(msg);
}

std::string lesson_ids() {
  std::string s;
  for (const LessonInfo* l : lessons()) s += (s.empty() ? "" : ", ") + std::string(l->id);
  return s;
}

const char* kAppCommands[] = {"lesson", "lang", "params", "reset", "run", "dismiss", "train", "code", "csv", "display",
                              "embed", "get_state", "set_state", "snippet", "visible"};

bool is_app_command(std::string_view key) {
  for (const char* c : kAppCommands)
    if (key == c) return true;
  return false;
}

// Which lesson a command name belongs to (for a helpful error), or null.
bool has_command(const LessonInfo& l, std::string_view key) {
  for (const char* c : l.commands)
    if (key == c) return true;
  return false;
}

// The lessons that take a command (several may: "evaluate", "retry"), or "".
std::string owners_of_command(std::string_view key) {
  std::string s;
  for (const LessonInfo* l : lessons())
    if (has_command(*l, key)) s += (s.empty() ? "" : ", ") + std::string(l->id);
  return s;
}

std::string command_names() {
  std::vector<std::string> names(std::begin(kAppCommands), std::end(kAppCommands));
  for (const LessonInfo* l : lessons())
    for (const char* c : l->commands)
      if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void notice(AppState& app, const std::string& text, const std::string& open = "") { app_notice(app, text, open); }

// The coach: a symptom of the current run, told once (until it goes away),
// with a link to the FAQ page that explains it.
void coach(AppState& app, Symptom now) {
  std::vector<int>& told = app.coached[app.lesson];
  if (now == Symptom::None) {
    told.clear();  // re-armed: a new run may show it again
    return;
  }
  if (std::find(told.begin(), told.end(), int(now)) != told.end()) return;
  told.push_back(int(now));
  if (now == Symptom::Overfitting) notice(app, tr(app.lang, "coach.overfitting"), "#lesson=faq&q=2");
  if (now == Symptom::Stalled) notice(app, tr(app.lang, "coach.stalled"), "#lesson=faq&q=4");
}

const LessonInfo& current_info(const AppState& app) { return *find_lesson(app.lesson); }

// A lesson that shows the corpora's characters gets their font, fetched once
// (the home page and most lessons never need it: a course page loads less).
void want_corpus_font(AppState& app) {
  static bool done = false;
  if (done || !current_info(app).corpus_glyphs) return;
  const Asset& a = want_asset(fonts::kCorpusFontPath);
  if (a.status == AssetStatus::Ready) {
    done = true;
    if (app_add_corpus_font(a.bytes)) app.fonts_changed = true;
    else notice(app, std::string(fonts::kCorpusFontPath) + ": not a font file; poems show '?' for characters outside the menus");
    release_asset(fonts::kCorpusFontPath);
  } else if (a.status == AssetStatus::Failed) {
    done = true;
    notice(app, a.error + " (without it, characters outside the menus show as '?')");
  }
}

}  // namespace

void app_notice(AppState& app, const std::string& text, const std::string& open) {
  // At most 8, and one of each: a symptom that comes and goes, or a link
  // applied twice, does not stack the same words on a phone's screen.
  for (const Notice& n : app.notices)
    if (n.text == text) return;
  if (app.notices.size() < 8) app.notices.push_back({text, open});
}

Lesson& current_lesson(AppState& app) {
  auto it = app.opened.find(app.lesson);
  if (it == app.opened.end()) it = app.opened.emplace(app.lesson, current_info(app).create()).first;
  return *it->second;
}

const Lesson& current_lesson(const AppState& app) { return *app.opened.at(app.lesson); }

void app_init(AppState& app) { app_open_lesson(app, home_page().id); }

void app_open_lesson(AppState& app, const std::string& id) {
  require(find_lesson(id) != nullptr, "unknown lesson '" + id + "' (available: " + lesson_ids() + ")");
  if (app.lesson != id) {
    if (app.opened.count(app.lesson)) current_lesson(app).idle();  // the frame loop leaves it
    // A learner who asked their system for reduced motion starts a lesson's training themselves.
    app.running = find_lesson(id)->opens_running && !app.screen.reduced_motion;
  }
  app.lesson = id;
  current_lesson(app);  // created on first open
  app.url_dirty = true;
}

void app_open_link(AppState& app, std::string_view link) {
  std::string lesson;
  json params = json::object();
  for (const auto& [k, v] : parse_hash(link)) {
    if (k == "lesson") lesson = v;
    else params[k] = v;
  }
  if (!find_lesson(lesson)) return;
  try {
    app_command(app, {{"lesson", lesson}, {"params", params}});
  } catch (const std::invalid_argument& e) {
    notice(app, e.what());
  }
}

void app_update(AppState& app, double dt) {
  if (app.url_dirty) mark_tried_page(app.lesson, params_kv(current_lesson(app).param_table(), current_lesson(app).param_block()));
  if (dt > 0) {
    app.fps = app.fps == 0 ? float(1.0 / dt) : 0.9f * app.fps + 0.1f * float(1.0 / dt);
    app.frame_ms = 0.9f * app.frame_ms + 0.1f * float(dt * 1000.0);
  }
  // The readouts in the top bar change twice a second, not every frame: a
  // number that flickers cannot be read, and an idle page whose frames are
  // all alike is not drawn again (frame_fingerprint.h).
  if (const double now = app.clock(); now - app.stats_shown_at >= 0.5 || now < app.stats_shown_at) {
    app.fps_shown = app.fps;
    app.steps_per_s_shown = app.steps_per_s;
    app.stats_shown_at = now;
  }
  embed_after(app, /*user_initiated=*/true);  // what the learner changed in the last frame
  want_corpus_font(app);
  current_lesson(app).per_frame();
  if (app.embed.restore_to >= 0) {  // a setState replays its run, a few milliseconds a frame
    const double t0 = app.clock();
    for (;;) {
      const long step = current_lesson(app).state().value("step", 0L);
      if (step >= app.embed.restore_to) break;
      const TrainResult r = app_train(app, 1);
      if (r.steps == 0 || r.diverged) {  // the run cannot go on (stopped, diverged): it is restored as far as it goes
        app.embed.restore_to = step;
        break;
      }
      if (app.clock() - t0 > 0.012) break;
    }
    return;
  }
  if (!app.running || !app.visible || !current_info(app).trains) {
    current_lesson(app).idle();
    return;
  }
  // Slow and normal speeds keep training watchable; fast uses the whole budget.
  const int cap = app.speed == 0 ? 1 : app.speed == 1 ? 8 : app.budget.max_steps;
  const int want = app.budget.steps < cap ? app.budget.steps : cap;
  const double t0 = app.clock();
  const TrainResult r = app_train(app, want, /*slice=*/true);
  const double spent = app.clock() - t0;
  app.budget.adapt(spent, r.steps);
  if (dt > 0) app.steps_per_s = 0.9f * app.steps_per_s + 0.1f * float(r.steps / dt);
}

TrainResult app_train(AppState& app, int steps, bool slice) {
  if (!current_info(app).trains) return {};
  Lesson& lesson = current_lesson(app);
  steps = embed_allow_steps(app, steps);  // the host's compute cap
  if (steps <= 0) return {};
  const TrainResult r = slice ? lesson.train_slice(steps) : lesson.train(steps);
  embed_count_steps(app, r.steps);
  if (r.diverged) {  // one place decides what a diverged run means for the app
    notice(app, tr(app.lang, "notice.nan"), "#lesson=faq&q=4");
    app.running = false;
  }
  coach(app, lesson.symptom());
  return r;
}

std::string app_hash(const AppState& app) {
  std::vector<std::pair<std::string, std::string>> kv{{"lesson", app.lesson}, {"lang", lang_code(app.lang)}};
  const Lesson& lesson = current_lesson(app);
  const auto params = params_kv(lesson.param_table(), lesson.param_block());
  kv.insert(kv.end(), params.begin(), params.end());
  return format_hash(kv);
}

void app_apply_hash(AppState& app, std::string_view hash) {
  const auto kv = parse_hash(hash);
  std::string lesson = home_page().id;
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
  app_open_lesson(app, lesson);
  for (const auto& [k, v] : kv) {
    if (k == "lesson" || k == "lang") continue;
    Lesson& l = current_lesson(app);
    const ParamSpec* spec = find_param(l.param_table(), k);
    if (!spec) continue;  // unknown keys are ignored
    const ParamResult r = set_param_text(*spec, l.param_block(), v);
    if (r == ParamResult::Invalid) notice(app, std::string(tr(app.lang, "notice.bad_value")) + ": " + k);
    if (r == ParamResult::Clamped) notice(app, std::string(tr(app.lang, "notice.clamped")) + ": " + k);
  }
  current_lesson(app).reset();  // a link opens a fresh run, whatever the parameters' restart rules
  app.url_dirty = true;
}

std::string app_file_opened(AppState& app, const std::string& name, const std::vector<uint8_t>& bytes) {
  if (double(bytes.size()) > kMaxFileBytes) return app_file_refused(app, name, double(bytes.size()));
  std::string message;
  try {
    message = current_lesson(app).file_opened(name, bytes);
  } catch (const std::bad_alloc&) {  // a lesson's loader could not get the memory: say so, go on
    return app_file_refused(app, name, -1);
  }
  if (!message.empty()) notice(app, message);
  app.url_dirty = true;
  return message;
}

std::string app_file_refused(AppState& app, const std::string& name, double bytes) {
  char b[512];
  if (bytes >= 0)
    std::snprintf(b, sizeof b, tr(app.lang, "file.too_large"), name.c_str(), bytes / (1024 * 1024), kMaxFileBytes / (1024 * 1024));
  else
    std::snprintf(b, sizeof b, tr(app.lang, "file.no_memory"), name.c_str());
  notice(app, b);
  return b;
}

void app_record_frame_work(AppState& app, double ms, bool drawn) {
  ++(drawn ? app.frames_drawn : app.frames_unchanged);
  constexpr size_t kFrames = 90;  // a few seconds even at a low frame rate
  if (app.work_ms.size() < kFrames) app.work_ms.push_back(float(ms));
  else app.work_ms[app.work_next] = float(ms);
  app.work_next = (app.work_next + 1) % kFrames;
}

json app_version_json() {
  return {{"version", engine_version()}, {"kernels", kernels::active_kernels().name}};
}

json app_state_json(const AppState& app) {
  const Lesson& lesson = current_lesson(app);
  json s = lesson.state();
  s["params"] = params_json(lesson.param_table(), lesson.param_block());
  s["lesson"] = app.lesson;
  s["lang"] = lang_code(app.lang);
  s["running"] = app.running;
  s["fps"] = app.fps;
  s["frame_ms"] = app.frame_ms;
  s["steps_per_s"] = app.steps_per_s;
  s["steps_per_frame"] = app.budget.steps;
  std::vector<float> work = app.work_ms;
  std::sort(work.begin(), work.end());
  s["frame_work_ms"] = {{"frames", work.size()},
                        {"median", work.empty() ? 0.f : work[work.size() / 2]},
                        {"p95", work.empty() ? 0.f : work[std::min(work.size() - 1, work.size() * 95 / 100)]}};
  s["frames"] = {{"drawn", app.frames_drawn}, {"unchanged", app.frames_unchanged}};
  s["speed"] = app.speed;
  s["show_code"] = app.show_code && lesson.has_code();  // the "Show code" window is open
  s["kernels"] = kernels::active_kernels().name;
  s["notices"] = nlohmann::json::array();
  for (const Notice& n : app.notices) s["notices"].push_back(n.text);
  s["hash"] = app_hash(app);
  s["display"] = layout_json(app.layout, app.screen, app.display);
  s["display"]["rects"] = app.rects;
  s["help"] = app.show_help;
  s["nav"] = app.nav;
  s["controls_open"] = app.controls_open;
  s["embed"] = embed_json(app.embed);
  s["snippet_open"] = app.show_snippet;
  s["corpus_font"] = app_has_corpus_font();
  s["font_px"] = app_font_pixels();
  if (app.memory) {
    const AppState::Memory m = app.memory();
    s["memory"] = {{"heap_bytes", m.heap}, {"in_use_bytes", m.in_use}};
  }
  s["visible"] = app.visible;
  return s;
}

void app_set_display(AppState& app, const json& value) {
  require(value.is_object(), "display expects an object, e.g. {text: 1.5, contrast: \"high\", controls: false}");
  DisplaySettings d = app.display;
  bool controls = app.controls_open, help = app.show_help;
  for (const auto& [k, v] : value.items()) {
    if (k == "text") {
      require(v.is_number() && v.get<double>() >= kMinTextScale && v.get<double>() <= kMaxTextScale,
              "display.text expects a text size between 1 and 2 (1.5 = 150%)");
      d.text_scale = v.get<float>();
    } else if (k == "contrast") {
      require(v == "high" || v == "normal", "display.contrast expects \"high\" or \"normal\"");
      d.high_contrast = v == "high";
    } else if (k == "controls") {
      require(v.is_boolean(), "display.controls expects true (the stacked layout's controls panel open) or false");
      controls = v.get<bool>();
    } else if (k == "help") {
      require(v.is_boolean(), "display.help expects true (the keyboard shortcuts overlay) or false");
      help = v.get<bool>();
    } else {
      require(false, "unknown display setting '" + k + "' (expected text, contrast, controls, help)");
    }
  }
  app.display = d;  // all or nothing: every value was checked first
  app.controls_open = controls;
  app.show_help = help;
  save_display_settings(d);
}

json app_command(AppState& app, const json& cmd) {
  require(cmd.is_object(), "command must be an object, e.g. {run: true}");
  require(!cmd.empty(), "empty command: expected one of " + command_names());
  for (const auto& [key, value] : cmd.items())
    require(is_app_command(key) || !owners_of_command(key).empty(),
            "unknown command '" + key + "' (expected " + command_names() + ")");
  json result = json::object();
  // Order matters: lesson, then lang and params, then reset, then the lesson's own commands, then training.
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
    // All or nothing: a value that does not parse puts back every value already set.
    Lesson& lesson = current_lesson(app);
    const ParamTable& table = lesson.param_table();
    const auto before = params_kv(table, lesson.param_block());
    std::vector<const ParamSpec*> changed;
    json clamped = json::array();
    auto undo_and_fail = [&](const std::string& error) {
      for (const auto& [k, v] : before) set_param_text(*find_param(table, k), lesson.param_block(), v);
      throw std::invalid_argument(error);
    };
    for (const auto& [pk, pv] : params.items()) {
      const ParamSpec* spec = find_param(table, pk);
      if (!spec) undo_and_fail("unknown parameter '" + pk + "' for lesson " + app.lesson);
      std::string text;
      if (!json_to_param_text(pv, &text)) undo_and_fail("parameter '" + pk + "' has a value of the wrong type");
      const ParamResult r = set_param_text(*spec, lesson.param_block(), text);
      if (r == ParamResult::Invalid) undo_and_fail("invalid value '" + text + "' for parameter '" + pk + "'");
      if (r == ParamResult::Clamped) clamped.push_back(pk);
      changed.push_back(spec);
    }
    apply_param_changes(lesson, changed);
    if (!clamped.empty()) result["clamped"] = clamped;
    app.url_dirty = true;
  }
  if (cmd.contains("reset")) {
    require(cmd["reset"].is_boolean(), "reset expects true");
    if (cmd["reset"].get<bool>()) current_lesson(app).reset();
  }
  if (cmd.contains("run")) {
    require(cmd["run"].is_boolean(), "run expects true or false");
    app.running = cmd["run"].get<bool>();
  }
  if (cmd.contains("dismiss")) app.notices.clear();
  if (cmd.contains("display")) app_set_display(app, cmd["display"]);
  if (cmd.contains("embed")) result["embed"] = embed_configure(app, cmd["embed"]);
  if (cmd.contains("visible")) {  // the page: the playground scrolled out of view, or its tab hidden
    require(cmd["visible"].is_boolean(), "visible expects true or false");
    app.visible = cmd["visible"].get<bool>();
    if (!app.visible) current_lesson(app).idle();
  }
  for (const auto& [key, value] : cmd.items()) {
    if (is_app_command(key)) continue;
    require(has_command(current_info(app), key), "'" + key + "' works in the " + owners_of_command(key) + " lesson" +
                                                     (owners_of_command(key).find(',') != std::string::npos ? "s" : ""));
    result[key] = current_lesson(app).command(key, value);
  }
  if (cmd.contains("csv")) {  // CSV text, as a paste: to the lesson, as a file named pasted.csv
    require(cmd["csv"].is_string(), "csv expects the CSV file's text as a string");
    const std::string& text = cmd["csv"].get_ref<const std::string&>();
    result["csv"] = app_file_opened(app, kPastedName, std::vector<uint8_t>(text.begin(), text.end()));
  }
  if (cmd.contains("code")) {  // "Show code": every model of the page as PyTorch and Keras code
    const json& c = cmd["code"];
    require(c == true || c == "show" || c == "hide",
            "code expects true (the page's models as PyTorch and Keras code), \"show\" or \"hide\" (the Show code window)");
    if (c.is_string()) app.show_code = c == "show";
    json models = json::array();
    for (const CodeSpec& s : current_lesson(app).code())
      models.push_back({{"title", s.title}, {"parameters", s.parameters}, {"pytorch", pytorch_code(s)}, {"keras", keras_code(s)},
                        {"input", s.input.vec()}, {"output", code_output_shape(s).vec()}, {"input_is_ids", s.input_is_ids},
                        {"features", s.features.size()}, {"raw_inputs", s.raw_inputs}, {"layers", s.layers}});
    result["code"] = models;
  }
  if (cmd.contains("train")) {
    const json& t = cmd["train"];
    require(t.is_number_integer() && t.get<long long>() >= 0 && t.get<long long>() <= 100000,
            "train expects a whole number of steps between 0 and 100000");
    require(current_info(app).trains, std::string("train needs a lesson: open one first, e.g. {lesson: \"") +
                                          lessons()[1]->id + "\"}");
    const TrainResult r = app_train(app, int(t.get<long long>()));
    result["steps"] = r.steps;
    if (r.diverged) result["diverged"] = true;
  }
  if (cmd.contains("set_state")) result["set_state"] = embed_set_state(app, cmd["set_state"]);
  if (cmd.contains("get_state")) result["get_state"] = embed_get_state(app);
  if (cmd.contains("snippet")) {
    require(cmd["snippet"].is_string(), "snippet expects the address the playground is served from, e.g. \"https://host/mlpg/\"");
    result["snippet"] = embed_snippet(app, cmd["snippet"].get<std::string>());
  }
  embed_after(app, /*user_initiated=*/false);  // the host's change, its metrics and goals
  result["ok"] = true;
  return result;
}

}  // namespace mlpg::ui
