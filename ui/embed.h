#pragma once
// A playground embedded in a course page (the mount script, the custom
// element or an iframe: web/static/embed.js; README "Embedding"): what the
// host configured (chrome, locked and hidden parameters, a step cap, goals),
// the events it is sent (change, metrics, goal, completed) and the state
// document it can store and restore (getState/setState,
// web/schema/mlpg-state-1.schema.json). Protocol "mlpg/1". Plain data and
// functions; the app calls them, the platform only carries the events.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlpg::ui {

struct AppState;

inline constexpr const char* kProtocol = "mlpg/1";
inline constexpr int kStateVersion = 1;  // the state document's schema version

enum class Chrome { Full, Minimal, None };  // the top bar: the whole app's, the lesson's title and language, none

// A goal the host set: a metric of a lesson's state() crosses a threshold,
// optionally within a number of epochs (or steps) of a run.
struct Goal {
  std::string lesson, metric;
  bool below = true;  // reached when metric < threshold (above: metric > threshold)
  double threshold = 0;
  std::string within_key;  // "epoch" or "step" ("" no budget)
  long within = 0;
  // Progress, from the run's own numbers.
  double value = 0;
  bool seen = false;     // value read at least once
  bool reached = false;  // the current run reached it
  bool missed = false;   // the current run used its budget without reaching it
  bool awarded = false;  // `completed` was sent (once per goal, ever)
};

struct EmbedState {
  bool active = false;  // set by the host; the standalone page never is
  std::string instance_id;
  Chrome chrome = Chrome::Full;
  std::vector<std::string> locked, hidden;  // parameter keys: shown but not editable / not shown
  long max_steps = 0, steps_used = 0;       // the host's compute cap (0: none) and what was trained
  bool cap_told = false;
  std::vector<Goal> goals;
  std::vector<nlohmann::json> outbox;  // events for the host, taken by the platform
  // Change detection: the permalink (lesson, language, parameters) last reported.
  std::string reported;
  double metrics_at = -1e9, goals_at = -1e9;
  // setState replays a run to its step count in frames; no award meanwhile.
  long restore_to = -1;
  bool restore_running = false;
  std::vector<bool> restore_reached;
};

// {embed: {...}}: id, chrome ("full" | "minimal" | "none"), locked, hidden
// (arrays of the current lesson's parameter keys), max_steps, goals
// ([{metric, below | above, within_epochs | within_steps}]). All or nothing;
// throws std::invalid_argument naming what is wrong.
nlohmann::json embed_configure(AppState& app, const nlohmann::json& config);
bool param_locked(const EmbedState& e, std::string_view key);
double goal_progress(const Goal& g);  // 0..1, from the run's last value (1 once reached)
bool param_hidden(const EmbedState& e, std::string_view key);

// After a frame or a command: a change of lesson, language or parameters
// becomes a `change` event (user_initiated: from the learner, not the host's
// command); while training, `metrics` and `goal` progress at most once a
// second; a goal reached sends `completed` once. Also advances a restore.
void embed_after(AppState& app, bool user_initiated);
// The training the cap still allows (steps requested -> steps allowed);
// counts what ran.
int embed_allow_steps(AppState& app, int steps);
void embed_count_steps(AppState& app, int steps);

// The state document: {format: "mlpg-state", version, lesson, lang, params,
// step, running, goals, metrics, hash}.
nlohmann::json embed_get_state(const AppState& app);
// Restores a document (parameters, then the run replayed to its step in
// frames, with the same seed the same numbers). Throws StateError.
nlohmann::json embed_set_state(AppState& app, const nlohmann::json& doc);
struct StateError : std::invalid_argument {
  std::string code;  // "newer_version", "bad_state"
  StateError(std::string c, const std::string& what) : std::invalid_argument(what), code(std::move(c)) {}
};
// A short, stable hash of a state's lesson, parameters and step (FNV-1a, hex).
std::string state_hash(const AppState& app);

nlohmann::json embed_json(const EmbedState& e);  // state()'s "embed"
// The snippet a teacher pastes into a course page for the current state;
// `base` is where the playground is served (e.g. "https://host/mlpg/").
std::string embed_snippet(const AppState& app, const std::string& base);

}  // namespace mlpg::ui
