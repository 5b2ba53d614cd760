// The RNN lab as a lesson: its parameter table, its slice of state(), its own
// commands (sample, trace, evaluate, pick a digit, the why-LSTM sweep) and
// its registry entry.
#include <cmath>
#include <stdexcept>

#include "assets.h"
#include "rnn_lab.h"

namespace mlpg::ui {

namespace {

bool on_poet(const void* b) { return static_cast<const RnnParams*>(b)->part <= 1; }
bool on_poet_training(const void* b) { return static_cast<const RnnParams*>(b)->part == 0; }
bool on_trainable(const void* b) { return static_cast<const RnnParams*>(b)->part <= 2; }
bool on_why(const void* b) { return static_cast<const RnnParams*>(b)->part == 3; }
bool on_steps(const void* b) { return static_cast<const RnnParams*>(b)->part == 4; }

// In the order the controls show them. The model's shape and training
// settings start a fresh run; the page, the temperature and the memory
// task's settings do not.
const ParamTable& rnn_table() {
  using P = RnnParams;
  static const ParamTable t = {
      choice<&P::part>("part", {"poet", "fires", "rows", "why", "cell"}, "rnn.part", Restart::No),
      choice<&P::corpus>("corpus", {"tang", "english"}, "rnn.corpus", Restart::Yes).when(on_poet),
      choice<&P::start>("start", {"trained", "scratch"}, "cnn.start", Restart::Yes).as_radio().when(on_trainable),
      choice<&P::cell>("cell", {"lstm", "gru", "rnn"}, "rnn.cell", Restart::Yes).when(on_poet),
      integer<&P::hidden>("hidden", 16, 256, "rnn.hidden", Restart::Yes).when(on_poet),
      integer<&P::layers>("layers", 1, 3, "rnn.layers", Restart::Yes).when(on_poet),
      real<&P::lr>("lr", 1e-4, 0.05, "app.learning_rate", Restart::Yes).log().fmt("%.2g").when(on_trainable),
      integer<&P::batch>("batch", 1, 32, "rnn.batch", Restart::Yes).when(on_poet_training),
      integer<&P::window>("window", 8, 128, "rnn.window", Restart::Yes).when(on_poet_training),
      real<&P::temperature>("temperature", 0.01, 2, "rnn.temperature", Restart::No).log().fmt("%.2f").when(on_poet_training),
      integer<&P::T>("T", 5, 100, "rnn.T", Restart::No).when(on_why),
      toggle<&P::forget_bias>("forget_bias", "rnn.forget_bias", Restart::No).when(on_why),
      choice<&P::step_cell>("step_cell", {"lstm", "gru", "rnn"}, "rnn.cell", Restart::No).when(on_steps),
      integer<&P::seed>("seed", 0, 99999, "app.seed", Restart::Yes),
  };
  return t;
}

const char* phase_name(RnnPhase p) {
  return p == RnnPhase::Ready ? "ready" : p == RnnPhase::Failed ? "failed" : p == RnnPhase::Loading ? "loading" : "idle";
}

nlohmann::json data_json(RnnPhase phase, const std::string& error, const char* path) {
  const Asset& a = asset(path);
  return {{"status", phase_name(phase)}, {"error", error}, {"loaded", a.loaded}, {"total", a.total}, {"from_cache", a.from_cache}};
}

class RnnLesson final : public Lesson {
 public:
  RnnLesson() { per_frame(); }
  const ParamTable& param_table() const override { return rnn_table(); }
  void* param_block() override { return &lab_.p; }
  void reset() override {
    poet_reset(lab_);
    rows_reset(lab_);
    lab_.why.sweeping = false;
  }
  TrainResult train(int steps) override {
    if (lab_.p.part == 2) {  // whole steps: the micro-batches of the step begun, then `steps` more
      const int parts = kRowsBatch / kRowsMicro;
      const int left = lab_.rows.part ? parts - lab_.rows.part : 0;
      TrainResult r = rows_train_parts(lab_, left + steps * parts);
      r.steps /= parts;
      return r;
    }
    if (lab_.p.part >= 3) return {};
    return poet_train(lab_, steps);
  }
  TrainResult train_slice(int units) override {
    if (lab_.p.part == 2) return rows_train_parts(lab_, units);
    if (lab_.p.part >= 3) return {};
    return poet_train_windows(lab_, units);
  }
  // The poet and what-fires pages show the character model; the rows page, the course's classifier.
  bool has_code() const override { return (lab_.p.part <= 1 && lab_.poet.model) || (lab_.p.part == 2 && lab_.rows.model); }
  std::vector<CodeSpec> code() const override {
    if (lab_.p.part <= 1 && lab_.poet.model) {
      CodeSpec s = code_spec(*lab_.poet.model, lab_.p.window, "the character model");
      s.batch = lab_.p.batch;
      s.note = "Reads windows of " + std::to_string(lab_.p.window) + " character ids and predicts the next character at every step.";
      return {s};
    }
    if (lab_.p.part == 2 && lab_.rows.model) {
      CodeSpec s = code_spec(*lab_.rows.model, "the course's LSTM classifier");
      s.batch = kRowsBatch;
      s.note = "A digit read as 28 rows of 28 pixels, one row a step (the course's §4 PyTorch model).";
      return {s};
    }
    return {};
  }
  void per_frame() override {
    if (lab_.p.part <= 1) {
      poet_poll(lab_);
      poet_evaluate_some(lab_, 4);
      if (lab_.p.part == 1) fires_refresh(lab_);
    } else if (lab_.p.part == 2) {
      rows_poll(lab_);
    } else if (lab_.p.part == 3) {
      why_refresh(lab_);
      why_sweep_some(lab_, 0.008);
    } else {
      steps_refresh(lab_);
    }
  }
  void draw(LessonUi& ui) override { draw_rnn_lab(lab_, ui); }
  Symptom symptom() const override { return lab_.p.part <= 1 ? poet_symptom(lab_.poet) : Symptom::None; }

  nlohmann::json state() const override {
    const Poet& p = lab_.poet;
    const Rows& r = lab_.rows;
    const Why& w = lab_.why;
    nlohmann::json s;
    s["step"] = lab_.p.part == 2 ? r.steps : p.steps;
    s["poet"] = {
        {"data", data_json(p.phase, p.error, rnn_corpus_path(lab_.p.corpus))},
        {"shipped", p.shipped},
        {"note", p.note},
        {"vocabulary", p.vocab.size()},
        {"parameters", p.model ? const_cast<CharModel&>(*p.model).parameter_count() : 0},
        {"steps", p.steps},
        {"unigram_nats", p.unigram},
        {"val_nats", p.val_nats.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.val_nats.back())},
        {"evaluating", p.eval_running},
        {"history", {{"train_loss", finite_or_zero(p.history_loss)}, {"val_nats", p.val_nats}, {"val_steps", p.val_steps}}},
        {"samples_per_s", p.train_seconds > 0 ? double(p.train_chars) / p.train_seconds : 0.0},
        {"generated", p.generated},
    };
    nlohmann::json cps = nlohmann::json::array();
    for (const Checkpoint& c : p.checkpoints) cps.push_back({{"step", c.step}, {"text", c.text}});
    s["poet"]["checkpoints"] = cps;
    const Fires& f = lab_.fires;
    if (!f.trace.next.empty()) {
      const int pos = f.position < 0 ? int(f.trace.next.size()) - 1 : f.position;
      nlohmann::json at = {{"position", pos}, {"char", utf8_encode(f.chars[size_t(pos)])}};
      for (int l = 0; l < f.trace.layers; ++l) {
        at["gates"].push_back(f.trace.gate[size_t(l)][size_t(pos)]);
        at["h"].push_back(f.trace.h[size_t(l)][size_t(pos)]);
        if (!f.trace.c.empty()) at["c"].push_back(f.trace.c[size_t(l)][size_t(pos)]);
      }
      s["fires"] = {{"characters", f.chars.size()}, {"gates_per_unit", f.trace.gates}, {"at", at},
                    {"marker_unit", f.marker_unit}, {"marker_correlation", f.marker_corr}};
    }
    s["rows"] = {{"data", data_json(r.phase, r.error, "data/mnist-digits-train.mlpg")},
                 {"shipped", r.shipped},
                 {"index", r.index},
                 {"rows_read", r.rows_read},
                 {"steps", r.steps},
                 {"val_accuracy", r.val_accuracy},
                 {"probs_by_row", r.probs_by_row}};
    nlohmann::json why = {{"T", w.grad_T}, {"forget_bias", w.grad_forget_bias}, {"sweeping", w.sweeping}};
    const char* names[3] = {"lstm", "gru", "rnn"};
    for (int c = 0; c < 3; ++c) {
      why["grad_init"][names[c]] = w.grad_init[size_t(c)];
      for (int t = 0; t < 4; ++t) why["accuracy"][names[c]].push_back(w.accuracy[size_t(c)][size_t(t)]);
    }
    why["sweep_T"] = {Why::kSweepT[0], Why::kSweepT[1], Why::kSweepT[2], Why::kSweepT[3]};
    s["why"] = why;
    const Steps& st = lab_.steps;
    if (!st.demo.steps.empty()) {
      const CellStep& at = st.demo.steps[size_t(st.t)];
      s["cell"] = {{"kind", cell_name(st.demo.kind)}, {"text", st.text}, {"t", st.t}, {"steps", st.demo.steps.size()},
                   {"gates", at.gates}, {"by_hand", at.by_hand}, {"h", at.h}, {"c", at.c},
                   {"max_difference", steps_max_difference(lab_)}};
    }
    return s;
  }

  nlohmann::json command(std::string_view name, const nlohmann::json& v) override {
    // What the page needs, loaded now if it has arrived (a command may come before a frame).
    if (lab_.p.part == 2) rows_poll(lab_);
    else if (lab_.p.part <= 1) poet_poll(lab_);
    if (name == "sample") {  // {prefix, temperature, length, seed}: text from the character model
      if (!v.is_object()) throw std::invalid_argument("sample expects {prefix, temperature, length, seed}");
      if (!lab_.poet.model) throw std::invalid_argument("sample: the character model is not loaded yet");
      const std::string prefix = v.value("prefix", std::string());
      const double t = v.value("temperature", lab_.p.temperature);
      const int length = v.value("length", 120);
      const long long seed = v.value("seed", 1LL);
      if (!(t >= 0.01 && t <= 2)) throw std::invalid_argument("sample: temperature must be in [0.01, 2]");
      if (length < 1 || length > 2000) throw std::invalid_argument("sample: length must be 1 to 2000");
      if (seed < 0 || seed > 0xFFFFFFFFLL) throw std::invalid_argument("sample: seed must be 0 to 4294967295");
      if (prefix.size() > 2000) throw std::invalid_argument("sample: prefix longer than 2000 bytes");
      lab_.poet.generated = poet_sample(lab_, prefix, length, t, uint32_t(seed));
      return {{"text", lab_.poet.generated}};
    }
    if (name == "trace") {  // a text to look inside the model with
      if (!v.is_string() || v.get<std::string>().size() > 4000) throw std::invalid_argument("trace expects a string (up to 4000 bytes)");
      fires_set_text(lab_, v.get<std::string>());
      fires_refresh(lab_);
      return {{"characters", lab_.fires.chars.size()}};
    }
    if (name == "position") {  // the character of the traced text to report
      const long long n = (long long)lab_.fires.chars.size();
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= n)
        throw std::invalid_argument("position expects a character index from 0 to " + std::to_string(n - 1));
      lab_.fires.position = int(v.get<long long>());
      return {{"position", lab_.fires.position}};
    }
    if (name == "evaluate") {  // finish a validation pass now: the poet's nats/char, or the classifier's accuracy
      if (v != true) throw std::invalid_argument("evaluate expects true");
      if (lab_.p.part == 2) {
        if (lab_.rows.phase != RnnPhase::Ready) throw std::invalid_argument("evaluate: the digits are not loaded yet");
        return {{"val_accuracy", rows_evaluate(lab_)}};
      }
      if (!lab_.poet.model) throw std::invalid_argument("evaluate: the character model is not loaded yet");
      poet_evaluate_now(lab_);
      return {{"val_nats", lab_.poet.val_nats.back()}, {"unigram_nats", lab_.poet.unigram}};
    }
    if (name == "digit") {  // a validation digit for the row-by-row classifier
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= lab_.rows.val.count)
        throw std::invalid_argument("digit expects a validation image index from 0 to " + std::to_string(lab_.rows.val.count - 1));
      rows_pick(lab_, int(v.get<long long>()));
      return {{"probs_by_row", lab_.rows.probs_by_row}};
    }
    if (name == "sweep") {  // train the three cells on T = 5, 10, 20, 40 (in the frames)
      if (v != true) throw std::invalid_argument("sweep expects true");
      why_start_sweep(lab_);
      return {{"sweeping", true}};
    }
    if (name == "cell_text") {  // what the step-by-step cell reads (1 to 16 characters)
      const std::u32string t = v.is_string() ? utf8_decode(v.get<std::string>()) : std::u32string();
      if (t.empty() || t.size() > 16) throw std::invalid_argument("cell_text expects a string of 1 to 16 characters");
      lab_.steps.text = v.get<std::string>();
      lab_.steps.dirty = true;
      steps_refresh(lab_);
      return {{"steps", lab_.steps.demo.steps.size()}};
    }
    if (name == "cell_step") {  // the step shown (0-based)
      steps_refresh(lab_);
      const long long n = (long long)lab_.steps.demo.steps.size();
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= n)
        throw std::invalid_argument("cell_step expects a step from 0 to " + std::to_string(n - 1));
      lab_.steps.t = int(v.get<long long>());
      return {{"t", lab_.steps.t}};
    }
    if (name == "retry") {
      if (v != true) throw std::invalid_argument("retry expects true");
      poet_retry(lab_);
      rows_retry(lab_);
      return {{"poet", phase_name(lab_.poet.phase)}};
    }
    return nullptr;
  }

 private:
  RnnLab lab_;
};

}  // namespace

extern const LessonInfo rnn_lesson = {"rnn", "lesson.rnn", "lesson.rnn.blurb", /*trains=*/true,
                                      // Opens paused: the trained models are there to explore first.
                                      /*opens_running=*/false,
                                      {"sample", "trace", "position", "evaluate", "digit", "sweep", "cell_text", "cell_step", "retry"},
                                      [] { return std::unique_ptr<Lesson>(new RnnLesson()); },
    {{"rnn", "part=poet"}, {"torch_lstm", "part=rows"}},
    /*corpus_glyphs=*/true};

}  // namespace mlpg::ui
