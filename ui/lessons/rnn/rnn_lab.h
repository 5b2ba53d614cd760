#pragma once
// The RNN lab (article §2.5 RNN, §4 the PyTorch LSTM classifier): a character
// model that writes Tang poems or English fortunes, trained live; what its
// units and gates do over a text; the course's LSTM classifier reading a
// digit row by row; and why LSTMs: the gradient that reaches early steps.
// State and logic only; rnn_draw.cpp draws it, rnn_lesson.cpp makes it a lesson.
#include <array>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cell_steps.h"
#include "io/dataset.h"
#include "lesson.h"
#include "memory_task.h"
#include "models/charlm.h"
#include "models/model.h"

namespace mlpg::ui {

// Ranges, names and restart rules: the parameter table in rnn_lesson.cpp.
struct RnnParams {
  int part = 0;     // poet, fires (what fires), rows (the course's classifier), why (why LSTM), cell (one cell, step by step)
  int corpus = 0;   // tang (Debian's tang300), english (fortunes + literature)
  int start = 0;    // trained (the build's models), scratch (seeded initialisation)
  int cell = 0;     // lstm, gru, rnn
  int hidden = 128;
  int layers = 2;
  double lr = 2e-3;
  int batch = 8;    // windows per step
  int window = 32;  // characters per window (backprop through time this far)
  double temperature = 0.8;
  int seed = 1;
  int T = 50;              // the memory task's length
  bool forget_bias = true;  // LSTM forget-gate bias 1 (Keras's default; PyTorch starts at 0)
  int step_cell = 0;        // the step-by-step page's cell: lstm, gru, rnn
};

const char* rnn_corpus_path(int corpus);
const char* rnn_char_model_path(int corpus);
extern const char* const kRnnRowsModel;  // the course's LSTM classifier, trained by the build

enum class RnnPhase { Idle, Loading, Ready, Failed };

struct Checkpoint {
  long step;
  std::string text;
};

// The character model and its corpus.
struct Poet {
  RnnPhase phase = RnnPhase::Idle;
  std::string error, note;
  int loaded_corpus = -1;
  Vocabulary vocab;
  std::vector<int> train, val;  // the first 90% and the rest, as char_rnn splits
  double unigram = 0;           // nats/char of the validation text under the training text's frequencies
  std::unique_ptr<CharModel> model;
  bool shipped = false;
  std::mt19937 rng;
  long steps = 0;
  int windows_done = 0;  // of the current step (parts)
  double step_loss = 0;
  std::vector<float> history_loss;                  // per step (training windows)
  std::vector<float> val_nats, val_steps;           // per evaluation
  CharModel::Evaluation eval;                       // running when eval_running
  bool eval_running = false;
  std::vector<Checkpoint> checkpoints;              // what it wrote after 0, 50, 100, 200, 500, ... steps
  std::string prefix = "";                          // the learner's start for generation
  std::string generated;
  uint32_t sample_seed = 1;
  double train_seconds = 0;
  long train_chars = 0;
};

// What fires: the trace of the model over a text.
struct Fires {
  std::string text;            // the traced text (UTF-8)
  std::u32string chars;        // its characters the model knows
  CharTrace trace;
  bool dirty = true;
  int layer = -1;              // -1: the last
  int quantity = 0;            // 0 h, 1 c (LSTM), then the gates (LSTM i f g o; GRU r z n)
  int unit = 0;                // the unit the text is coloured by
  bool unit_chosen = false;    // by the learner (else it follows marker_unit)
  std::vector<char> edit;      // the text box's buffer
  std::string edit_source;     // the traced text the box was filled from
  int position = -1;           // the selected character (-1: the last)
  // The unit that best follows "the next character ends a line or a sentence" over the text.
  int marker_unit = -1;
  float marker_corr = 0;
};

// The course's classifier reading a digit row by row.
struct Rows {
  RnnPhase phase = RnnPhase::Idle;
  std::string error, note;
  Dataset train, val;
  std::unique_ptr<Model> model;
  bool shipped = false;
  int index = 0;                      // the validation digit shown
  std::vector<float> probs_by_row;    // 28 x 10: class probabilities after reading each row
  int rows_read = 28;                 // the row cursor
  float val_accuracy = -1;            // the last evaluation (-1: none yet)
  long steps = 0;
  int part = 0;                       // micro-batches done of the current step
  double step_loss = 0;
  std::vector<int> order;
  size_t cursor = 0;
  std::vector<float> history_loss;
  std::mt19937 rng;
};

// Why LSTM: gradients at initialisation for each cell at T, and a sweep that
// trains the three cells on T = 5, 10, 20, 40 and keeps their accuracy.
struct Why {
  std::array<std::vector<float>, 3> grad_init;  // by cell (lstm, gru, rnn) and step
  int grad_T = -1;
  bool grad_forget_bias = false;
  static constexpr int kSweepT[4] = {5, 10, 20, 40};
  static constexpr int kSweepSteps = 400;
  bool sweeping = false;
  int sweep_job = 0;                            // cell * 4 + T index
  MemoryRun run;
  std::array<std::array<float, 4>, 3> accuracy = {{{-1, -1, -1, -1}, {-1, -1, -1, -1}, {-1, -1, -1, -1}}};  // by cell and T (-1: not run)
  std::array<std::array<std::vector<float>, 4>, 3> grad_trained;
};

// One cell, step by step.
struct Steps {
  CellDemo demo;
  std::string text = "hello";  // what the learner typed (UTF-8, up to 16 characters)
  int t = 0;                   // the step shown
  bool dirty = true;
  std::vector<char> edit;      // the text box's buffer
};

struct RnnLab {
  RnnParams p;
  Poet poet;
  Fires fires;
  Rows rows;
  Why why;
  Steps steps;
};

CellKind rnn_cell(int cell);  // the `cell` parameter's order: lstm, gru, rnn

// Poet.
void poet_poll(RnnLab& lab);              // asks for the corpus and model; parses them when they arrive
void poet_reset(RnnLab& lab);             // a fresh model from the parameters (the shipped one when it fits)
void poet_retry(RnnLab& lab);
constexpr int kPoetEvalEvery = 100;       // steps between validation passes
TrainResult poet_train(RnnLab& lab, int steps);
TrainResult poet_train_windows(RnnLab& lab, int windows);  // the frame loop's unit: one window
bool poet_evaluate_some(RnnLab& lab, int chunks);          // true when no evaluation is left running
void poet_evaluate_now(RnnLab& lab);
std::string poet_sample(RnnLab& lab, const std::string& prefix, int length, double temperature, uint32_t seed);

// The coach: validation nats/char up two evaluations running while the
// training loss falls.
Symptom poet_symptom(const Poet& p);

// Fires.
void fires_set_text(RnnLab& lab, const std::string& text);
void fires_refresh(RnnLab& lab);  // traces the text if it or the model changed
// Values of the chosen quantity for one unit at every traced character.
std::vector<float> fires_series(const RnnLab& lab, int layer, int quantity, int unit);
int fires_quantities(const RnnLab& lab);  // h (+ c) + gates
const char* fires_quantity_name(const RnnLab& lab, int q);

// Rows.
void rows_poll(RnnLab& lab);
void rows_reset(RnnLab& lab);
void rows_retry(RnnLab& lab);
void rows_pick(RnnLab& lab, int index);
// Probabilities after each of the 28 rows of one image (28 x 10).
std::vector<float> rows_probabilities(Model& m, const float* image784);
float rows_evaluate(RnnLab& lab);
constexpr int kRowsBatch = 32, kRowsMicro = 4;
TrainResult rows_train_parts(RnnLab& lab, int parts);

// Why.
void why_refresh(RnnLab& lab);          // gradients at initialisation for the current T
void why_start_sweep(RnnLab& lab);
bool why_sweep_some(RnnLab& lab, double seconds);  // true when the sweep is done (or none runs)

// Steps.
void steps_refresh(RnnLab& lab);  // runs the cell again if its kind, seed or text changed
float steps_max_difference(const RnnLab& lab);  // |equations − engine| over every gate of every step

void draw_rnn_lab(RnnLab& lab, LessonUi& ui);  // rnn_draw.cpp

}  // namespace mlpg::ui
