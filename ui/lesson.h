#pragma once
// What a lesson is to the app. A lesson lives in its own folder
// (ui/lessons/<id>/): its params struct and parameter table, its state, its
// training work, per-frame work, drawing, its slice of state() and its own
// commands. ui/lessons/lessons.def lists every lesson in one line; nothing
// else outside the folder names it.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "display.h"
#include "i18n.h"
#include "models/code_export.h"
#include "param_table.h"

namespace mlpg::ui {

struct TrainResult {
  int steps = 0;          // steps run
  bool diverged = false;  // a step's loss was not finite: parameters kept from the last good step
};

// What drawing may read and ask of the app (lessons never see AppState).
struct LessonUi {
  Lang lang = Lang::En;
  bool* running = nullptr;         // the play/pause state
  std::string open_lesson;         // set to a lesson id to open it after this frame
  std::string open_link;           // or a link ("#lesson=faq&q=2") to open after this frame (the run is kept)
  int steps_requested = 0;         // the Step button: the app trains them after this frame
  class Lesson* lesson = nullptr;  // the lesson being drawn
  bool* url_dirty = nullptr;
  bool* show_code = nullptr;       // the "Show code" window (the layout draws its button when the lesson has code)
  FrameLayout frame = FrameLayout::Columns;  // the screen's layout (display.h)
  float controls_width = 400;      // Columns: the controls column's width
  bool touch = false;              // controls sized for a finger (display.h)
  bool* controls_open = nullptr;   // Stacked: the controls panel under the experiment is open
  const struct EmbedState* embed = nullptr;  // a host's locked and hidden parameters (embed.h), or none
  // Draws the shared widget for one parameter of the lesson's table; an edit
  // goes through param_changed(), exactly like a command. True if changed.
  bool param(std::string_view key);
  // Draws the table's parameters from `first` through `last` (by key), in
  // table order; the defaults draw the whole table.
  void params(std::string_view first = {}, std::string_view last = {});
  // The lesson's parameters restart training or not, as their table says.
  void param_changed(const ParamSpec& spec);
  // A lesson that reads a learner's CSV: what the file should hold (a string
  // key), and Open / Paste buttons (and "or drop a file"); the file reaches
  // the lesson's file_opened().
  void data_file_buttons(const char* hint_key);
  // The lessons' shared frame: the play, step and reset row, the controls
  // and the experiment; a column of controls on the left of the experiment
  // on a wide screen, the experiment above its controls on a narrow one.
  void layout(const char* counter_key, long counter, const std::function<void()>& controls,
              const std::function<void()>& experiment);
};

// JSON has no NaN or inf: a diverged run's numbers go out as 0.
float finite_or_zero(float x);
std::vector<float> finite_or_zero(std::vector<float> v);

// What the coach can see in a run (besides a diverged loss, which every
// training lesson reports through TrainResult).
enum class Symptom {
  None,
  Overfitting,  // validation loss rising for several evaluations while the training loss falls
  Stalled,      // training loss not moving after many steps
};

// Overfitting, as the coach reads it from two loss histories: the validation
// loss rose over the last two windows of `span` points (means) while the
// training loss fell over the last one (span 1: per evaluation).
Symptom overfitting_symptom(const std::vector<float>& val, const std::vector<float>& train, size_t span = 1);

// One open lesson: created by its LessonInfo when first opened.
class Lesson {
 public:
  virtual ~Lesson() = default;
  virtual const ParamTable& param_table() const = 0;
  virtual void* param_block() = 0;  // the params struct the table's members live in
  const void* param_block() const { return const_cast<Lesson*>(this)->param_block(); }
  virtual void reset() = 0;  // a fresh run from the current parameters
  // Parameters changed without a restart (their table says Restart::No): a
  // lesson whose state() reads values computed from them recomputes here, so
  // a command's result is visible at once, not at the next frame.
  virtual void params_changed() {}
  virtual TrainResult train(int steps) { return {}; }
  // The frame loop's work: `units` of the lesson's smallest piece of training
  // (a whole step by default; the CNN lab splits a step into micro-batches so
  // a frame stays short). Returns units done.
  virtual TrainResult train_slice(int units) { return train(units); }
  virtual void per_frame() {}
  // A frame in which the frame loop does not train this lesson (paused, or
  // another lesson is shown): a lesson training in the background stops there.
  virtual void idle() {}
  virtual void draw(LessonUi& ui) = 0;
  // The lesson's slice of state(): step/epoch, metrics, history, ... (the app adds params).
  virtual nlohmann::json state() const = 0;
  // A file the learner handed in (file picker, drag and drop); returns what
  // to tell them (a notice), or "" when it was taken in silently.
  virtual std::string file_opened(const std::string& name, const std::vector<uint8_t>& bytes) {
    return "'" + name + "': this lesson takes no files";
  }
  // "Show code": the lesson's current model(s) as PyTorch and Keras code
  // (models/code_export.h); has_code() is cheap, code() builds the specs.
  virtual bool has_code() const { return false; }
  virtual std::vector<CodeSpec> code() const { return {}; }
  // The main plot in words, for a learner who cannot see the canvas (the
  // page's screen-reader mirror, describe.h), from the run's own numbers.
  // "" lets the app describe the curves of state()'s "history".
  virtual std::string describe_plot(Lang lang) const { return {}; }
  // The coach asks after each training slice; answer from the run's own numbers.
  virtual Symptom symptom() const { return Symptom::None; }
  // A command listed in LessonInfo::commands; throws std::invalid_argument if malformed.
  virtual nlohmann::json command(std::string_view name, const nlohmann::json& value) { return nullptr; }
};

struct LessonInfo {
  const char* id;
  const char* title_key;
  const char* blurb_key;
  bool trains;                        // the app's play/step/train apply to it
  bool opens_running;                 // training runs as soon as it opens (else the learner presses Play)
  std::vector<const char*> commands;   // its own command names, e.g. "sweep"
  std::unique_ptr<Lesson> (*create)();
  // The course items (ui/course.def) it teaches, each with its page's parameters, e.g. {"backprop", "c=backprop"}.
  std::vector<std::pair<const char*, const char*>> course = {};
  // It shows the corpora's text (poems, what a character model writes): the
  // app fetches the font of their characters when it opens (fonts.h).
  bool corpus_glyphs = false;
};

// The registry (ui/lessons/lessons.def), in the order the home page lists them;
// the first one is the home page.
const std::vector<const LessonInfo*>& lessons();
const LessonInfo* find_lesson(std::string_view id);
const LessonInfo& home_page();

// What follows a parameter edit, from a widget or a command alike: keep the
// value in range, and start a fresh run if any changed parameter's table
// entry says so (once, however many changed).
void apply_param_changes(Lesson& lesson, const std::vector<const ParamSpec*>& changed);

}  // namespace mlpg::ui
