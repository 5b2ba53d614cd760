#pragma once
// App state and what a platform may do with it: update (train a time slice),
// draw a frame, describe the state as JSON, apply a command or a URL hash.
// Nothing here knows SDL, OpenGL or Emscripten; ui/platform_sdl.cpp wires
// this to a window and provides the clock and the clipboard.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "display.h"
#include "embed.h"
#include "i18n.h"
#include "lesson.h"
#include "trainer.h"

namespace mlpg::ui {

// A message for the learner; `open` is a permalink hash a button opens
// (the coach's notices link to the FAQ page that explains what happened).
struct Notice {
  std::string text, open;
};

struct AppState {
  std::string lesson;  // the id of the lesson shown (app_init opens the home page)
  Lang lang = Lang::En;
  bool running = true;
  int speed = 1;  // 0 slow (1 step a frame), 1 normal (a few steps a frame), 2 fast (whole time budget)
  // Each lesson's state, created when it is first opened and kept while the
  // app runs: a learner who looks at another lesson and comes back finds
  // their run where they left it. Lessons never see each other's state.
  std::map<std::string, std::unique_ptr<Lesson>, std::less<>> opened;
  SliceBudget budget;
  float fps = 0, frame_ms = 0, steps_per_s = 0;
  float fps_shown = 0, steps_per_s_shown = 0;  // what the top bar shows: refreshed twice a second
  double stats_shown_at = -1e9;
  // The main thread's work per frame (training slice + building the UI, not
  // the GPU), the last 90 frames, measured by the platform.
  std::vector<float> work_ms;
  size_t work_next = 0;
  // Frames the platform drew, and frames it left as they were (the same
  // fingerprint as the last drawn: frame_fingerprint.h).
  long frames_drawn = 0, frames_unchanged = 0;
  std::vector<Notice> notices;  // shown until dismissed; their texts also in state()
  // The coach: the symptoms already told, per lesson (told once until the
  // symptom goes away, e.g. the run is reset).
  std::map<std::string, std::vector<int>, std::less<>> coached;
  bool show_code = false;            // the "Show code" window
  int code_model = 0, code_flavour = 0;  // which model, PyTorch (0) or Keras (1)
  bool url_dirty = true;             // the hash should be rewritten
  double copied_at = -1e9;           // when Share last copied (for "Link copied")
  // The screen (the platform fills it in every frame) and the learner's
  // display settings; the layout decided from both at the start of a frame.
  Screen screen;
  DisplaySettings display;
  Layout layout;
  bool controls_open = true;  // the stacked layout's controls panel
  bool show_help = false;     // the keyboard shortcuts overlay ('?')
  bool help_shown = false;    // it was drawn last frame (when it closes, the keyboard goes back to the lesson)
  std::map<std::string, std::array<float, 4>> rects;  // the last frame's named controls (widgets.h record_item_rect)
  // Embedded in a course page (embed.h): the host's settings, goals and events.
  EmbedState embed;
  bool visible = true;    // on screen (the page pauses an embedded playground scrolled out of view or in a hidden tab)
  std::string page_base;  // where the playground is served, for the Embed snippet ("" natively)
  bool fonts_changed = false;  // a font arrived (the corpus font): the platform rebuilds the atlas
  bool show_snippet = false;  // the Embed window (the snippet for a course page, copied when opened)
  std::string nav;  // the named control the keyboard navigation was on in the last frame
  // Services from the platform.
  std::function<double()> clock = [] { return 0.0; };
  std::function<void(const std::string&)> copy_text = [](const std::string&) {};   // a permalink (the page's address + this hash)
  std::function<void(const std::string&)> copy_plain = [](const std::string&) {};  // text as it is (Show code)
  // The process's memory, from the platform: the heap's size and the bytes
  // malloc has handed out (state().memory; the soak test watches them).
  struct Memory {
    double heap = 0, in_use = 0;
  };
  std::function<Memory()> memory;
};

// The current lesson's state (created when the lesson was opened).
Lesson& current_lesson(AppState& app);
const Lesson& current_lesson(const AppState& app);

void app_init(AppState& app);
void app_update(AppState& app, double dt_seconds);  // one frame: a training slice
// Trains the current lesson now: the one path for the frame loop, the Step
// button and the train command (a diverged run pauses with a notice).
TrainResult app_train(AppState& app, int steps, bool slice = false);
void app_record_frame_work(AppState& app, double ms, bool drawn = true);
// A file from the learner (the platform's picker or a drop): to the current lesson.
// Returns the notice it gave ("" when none).
std::string app_file_opened(AppState& app, const std::string& name, const std::vector<uint8_t>& bytes);
// The largest file the app reads. Its own are far smaller (a CSV is limited
// to 4 MB, the CNN's model file is 0.9 MB); the limit keeps a phone's tab
// alive. The page checks it before copying a file into the wasm heap.
constexpr double kMaxFileBytes = 64.0 * 1024 * 1024;
// A file refused for its size, or one there was no memory for: the notice, nothing changed.
std::string app_file_refused(AppState& app, const std::string& name, double bytes);
void app_draw(AppState& app);                         // ImGui calls only
nlohmann::json app_state_json(const AppState& app);
nlohmann::json app_version_json();
// Throws std::invalid_argument with a clear message for a malformed command.
nlohmann::json app_command(AppState& app, const nlohmann::json& cmd);
// Applies "#lesson=…&key=value…" leniently (bad values -> defaults + notices).
// A notice for the learner (shown until dismissed): at most 8, none twice.
void app_notice(AppState& app, const std::string& text, const std::string& open = "");
void app_apply_hash(AppState& app, std::string_view hash);
std::string app_hash(const AppState& app);  // the current permalink's hash
void app_open_lesson(AppState& app, const std::string& id);
// Opens "#lesson=x&k=v..." keeping the lesson's run: only the named parameters
// change (restarting only if their table says so), unlike a URL, which opens a fresh run.
void app_open_link(AppState& app, std::string_view link);
// Loads the fonts (Latin + the CJK subset) rasterised at the device's pixel
// ratio times the text size, so text is sharp at either; ImGui calls only.
// The platform calls it again (and rebuilds the font texture) when the text
// size changes.
void app_setup_fonts(float pixel_ratio, float text_scale);
float app_font_pixels();  // what they were rasterised at (0 before the first setup)
// The corpora's font (fonts.h kCorpusFontPath), from its asset: checked, then
// merged into the fonts at the next app_setup_fonts. False if it is not a font.
bool app_add_corpus_font(std::vector<uint8_t> ttf);
bool app_has_corpus_font();
// Applies a `display` command's value ({text: 1.5, contrast: "high"}) and
// keeps the settings in the display store; throws std::invalid_argument.
void app_set_display(AppState& app, const nlohmann::json& value);

}  // namespace mlpg::ui
