// The CNN lab as a lesson: its parameter table, its slice of state(), its own
// commands (draw, pick, evaluate) and its registry entry.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "assets.h"
#include "background.h"
#include "cnn_lab.h"
#include "describe.h"

namespace mlpg::ui {

namespace {

// In the order the controls show them. Every change but `epochs` (when to
// stop) builds a new model (the shipped one when `start` is "trained" and the
// variant is the course's CNN on the digits).
const ParamTable& cnn_table() {
  using P = CnnParams;
  static const ParamTable t = {
      choice<&P::dataset>("dataset", {"digits", "fashion"}, "cnn.dataset", Restart::Yes),
      choice<&P::start>("start", {"trained", "scratch"}, "cnn.start", Restart::Yes).as_radio(),
      choice<&P::model>("model", {"course", "small", "mlp"}, "cnn.model", Restart::Yes),
      choice<&P::opt>("opt", {"sgd", "momentum", "adam"}, "clf.optimizer", Restart::Yes),
      real<&P::lr>("lr", 1e-4, 0.1, "app.learning_rate", Restart::Yes).log().fmt("%.2g"),
      integer<&P::batch>("batch", 8, 128, "clf.batch", Restart::Yes),
      real<&P::dropout>("dropout", 0, 0.5, "cnn.dropout", Restart::Yes).fmt("%.2f"),
      real<&P::lambda>("lambda", 1e-4, 10, "lambda.lambda", Restart::Yes).log().zero_is_off("app.lambda_zero").fmt("%.2g"),
      integer<&P::seed>("seed", 0, 99999, "app.seed", Restart::Yes),
      integer<&P::epochs>("epochs", 0, 50, "cnn.epochs", Restart::No),
  };
  return t;
}

const char* phase_name(CnnLab::Phase p) {
  return p == CnnLab::Phase::Ready ? "ready" : p == CnnLab::Phase::Failed ? "failed" : "loading";
}

class CnnLesson final : public Lesson {
 public:
  CnnLesson() { cnn_poll_assets(lab_); }
  const ParamTable& param_table() const override { return cnn_table(); }
  void* param_block() override { return &lab_.p; }
  void reset() override { cnn_reset(lab_); }
  TrainResult train(int steps) override { return cnn_train(lab_, steps); }
  // In the background when the platform has a worker (the page stays fluid
  // and training runs at full speed), else micro-batches in the frame.
  TrainResult train_slice(int parts) override {
    return background_available() ? cnn_train_remote(lab_) : cnn_train_parts(lab_, parts, kCnnMicroBatch);
  }
  void idle() override { cnn_remote_stop(lab_); }
  void params_changed() override { cnn_remote_stop(lab_); }  // the job holds the old epoch count: it restarts with the new one
  void per_frame() override {
    cnn_remote_poll(lab_);
    cnn_poll_assets(lab_);
    cnn_evaluate_some(lab_, 32);  // a validation pass spreads over frames: one batch of inference each
    cnn_refresh_prediction(lab_);
    if (lab_.pen_x < 0) cnn_refresh_why(lab_);  // not while a stroke is being drawn
  }
  void draw(LessonUi& ui) override { draw_cnn_lab(lab_, ui); }
  Symptom symptom() const override { return cnn_symptom(lab_); }
  bool has_code() const override { return bool(lab_.model); }
  std::vector<CodeSpec> code() const override {
    if (!lab_.model) return {};
    static const char* const titles[] = {"the course's CNN", "a small CNN", "an MLP (the CNN's parameter budget)"};
    CodeSpec s = code_spec(*lab_.model, titles[std::clamp(lab_.p.model, 0, 2)]);
    const CnnParams& p = lab_.p;
    s.batch = p.batch;  // the course's λ is in the optimizer's weight decay, λ/m, as the lab applies it
    s.note = std::string(p.dataset == 0 ? "MNIST digits" : "Fashion-MNIST") + ": 28x28 grey images in [0, 1], 10 classes.";
    return {s};
  }
  std::string file_opened(const std::string& name, const std::vector<uint8_t>& bytes) override {
    return cnn_load_model(lab_, name, bytes);
  }

  // The main plot is the network's answer for the pad (or a validation
  // image), with its accuracy on the validation set and its loss curve.
  std::string describe_plot(Lang L) const override {
    const CnnLab& l = lab_;
    if (l.probs.size() < 2) return {};
    int first = 0, second = 1;
    for (int c = 0; c < int(l.probs.size()); ++c)
      if (l.probs[size_t(c)] > l.probs[size_t(first)]) first = c;
    if (second == first) second = 0;
    for (int c = 0; c < int(l.probs.size()); ++c)
      if (c != first && l.probs[size_t(c)] > l.probs[size_t(second)]) second = c;
    char b[400];
    std::snprintf(b, sizeof b, tr(L, l.input_index < 0 ? "describe.cnn_pad" : "describe.cnn_image"), first,
                  describe_number(100.0 * l.probs[size_t(first)]).c_str(), second, describe_number(100.0 * l.probs[size_t(second)]).c_str());
    std::string s = b;
    if (l.val_accuracy > 0) {
      std::snprintf(b, sizeof b, tr(L, "describe.cnn_val"), describe_number(100.0 * l.val_accuracy).c_str(), int(l.val.count));
      s += b;
    }
    const std::string curve = describe_curve(L, tr(L, "metric.train_loss"), l.history_loss);
    return curve.empty() ? s : s + " " + curve;
  }

  nlohmann::json state() const override {
    const CnnLab& l = lab_;
    const Asset& tr = asset(cnn_train_data(l.p.dataset));
    nlohmann::json s = {
        {"step", l.run.steps},
        {"epoch", l.run.epoch},
        {"training_in", l.remote_gen ? "worker" : "page"},
        {"worker_threads", l.remote_gen ? l.remote_threads : 0},
        {"worker_error", l.remote_error.empty() ? background_failure() : l.remote_error},
        {"data", {{"status", phase_name(l.phase)}, {"loaded", tr.loaded}, {"total", tr.total}, {"error", l.error}, {"from_cache", tr.from_cache},
                  {"train", l.train.count}, {"validation", l.val.count}}},
        {"model", {{"shipped", l.shipped}, {"parameters", l.model ? l.model->parameter_count() : 0},
                   {"note", l.model_note}}},
        {"evaluating", l.eval_next >= 0},
        {"metrics", {{"val_accuracy", l.val_accuracy},
                     {"loss", l.history_loss.empty() ? 0.f : finite_or_zero(l.history_loss.back())},
                     {"accuracy", l.history_acc.empty() ? 0.f : l.history_acc.back()},
                     {"samples_per_s", l.samples_per_s}}},
        {"history", {{"train_loss", finite_or_zero(l.history_loss)}, {"accuracy", l.history_acc},
                     {"val_accuracy", l.history_val_acc}, {"val_loss", finite_or_zero(l.history_val_loss)},
                     {"epoch_train_loss", finite_or_zero(l.history_epoch_loss)}}},
        {"stopped", cnn_stopped(l)},
    };
    int top = 0;
    for (int c = 1; c < 10; ++c)
      if (l.probs[size_t(c)] > l.probs[size_t(top)]) top = c;
    s["prediction"] = {{"probs", finite_or_zero(l.probs)}, {"top", top}, {"input_index", l.input_index}};
    if (l.inspect_layer >= 0 && l.inspect_layer < int(l.maps.size())) {
      const FeatureMap& m = l.maps[size_t(l.inspect_layer)];
      nlohmann::json in = {{"layer", l.inspect_layer}, {"channel", l.inspect_channel}, {"name", m.name}, {"shape", {m.h, m.w}}};
      FilterView f;
      if (cnn_filter_of(l, l.inspect_layer, l.inspect_channel, &f))
        in["filter"] = {{"conv", f.conv}, {"conv_layer", f.conv_layer}, {"k", f.k}, {"in_channels", f.in_channels}, {"bias", f.bias}};
      s["inspect"] = in;
    }
    if (!l.occlusion.empty()) {
      float most = 0;
      for (float v : l.occlusion) most = std::min(most, v);
      s["why"] = {{"class", l.why_class}, {"occlusion_worst_drop", most}};
    }
    return s;
  }

  nlohmann::json command(std::string_view name, const nlohmann::json& v) override {
    if (name == "draw") {  // 784 pixel values in [0, 1], row by row
      if (!v.is_array() || v.size() != 784) throw std::invalid_argument("draw expects an array of 784 numbers in [0, 1]");
      std::vector<float> px(784);
      for (size_t i = 0; i < 784; ++i) {
        if (!v[i].is_number() || !(v[i].get<double>() >= 0 && v[i].get<double>() <= 1))
          throw std::invalid_argument("draw expects numbers in [0, 1]; value " + std::to_string(i) + " is not");
        px[i] = v[i].get<float>();
      }
      cnn_set_input(lab_, px);
    } else if (name == "pick") {  // a validation image by index
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= lab_.val.count)
        throw std::invalid_argument("pick expects a validation image index from 0 to " + std::to_string(lab_.val.count - 1));
      cnn_pick(lab_, int(v.get<long long>()));
    } else if (name == "inspect") {  // enlarge a feature map with its filter: [layer, channel], or null to close
      cnn_refresh_prediction(lab_);
      if (v.is_null()) {
        lab_.inspect_layer = -1;
        return {{"inspect", nullptr}};
      }
      const auto is_map = [&](long long i) { return i >= 0 && i < (long long)lab_.maps.size() && lab_.maps[size_t(i)].h > 1; };
      if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() || !v[1].is_number_integer() || !is_map(v[0].get<long long>()))
        throw std::invalid_argument("inspect expects [layer, channel] naming a convolution or pooling layer's output, or null");
      const FeatureMap& m = lab_.maps[size_t(v[0].get<long long>())];
      if (v[1].get<long long>() < 0 || v[1].get<long long>() >= m.c)
        throw std::invalid_argument("inspect: " + m.name + " has channels 0 to " + std::to_string(m.c - 1));
      lab_.inspect_layer = int(v[0].get<long long>());
      lab_.inspect_channel = int(v[1].get<long long>());
      return {{"layer", lab_.inspect_layer}, {"channel", lab_.inspect_channel}, {"name", m.name}};
    } else if (name == "retry") {  // what the Retry button does after a failed download
      if (v != true) throw std::invalid_argument("retry expects true");
      cnn_retry(lab_);
      return {{"data", phase_name(lab_.phase)}};
    } else if (name == "evaluate") {  // finish the validation pass now
      if (v != true) throw std::invalid_argument("evaluate expects true");
      if (lab_.phase != CnnLab::Phase::Ready) throw std::invalid_argument("evaluate: the data is not loaded yet");
      if (lab_.eval_next < 0) cnn_start_evaluation(lab_);
      while (!cnn_evaluate_some(lab_, 500)) {}
      return {{"val_accuracy", lab_.val_accuracy}};
    }
    cnn_refresh_prediction(lab_);
    return {{"probs", finite_or_zero(lab_.probs)}};
  }

 private:
  CnnLab lab_;
};

}  // namespace

extern const LessonInfo cnn_lesson = {"cnn", "lesson.cnn", "lesson.cnn.blurb", /*trains=*/true,
                                      // Opens paused: the trained model is there to explore first, and
                                      // Play fine-tunes it (or trains from scratch).
                                      /*opens_running=*/false, {"draw", "pick", "evaluate", "retry", "inspect"},
                                      [] { return std::unique_ptr<Lesson>(new CnnLesson()); },
    {{"cnn", ""}, {"keras_cnn", ""}}};

}  // namespace mlpg::ui
