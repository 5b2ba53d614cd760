// The FAQ explorer as a lesson: its parameter table, its slice of state(),
// its registry entry. The lesson's training is Q2's gradient-descent run (for
// early stopping), Q3's logistic regression (an epoch a step, up to 100) or
// Q4's race (every optimizer a step).
#include <cmath>
#include <stdexcept>

#include "data_file.h"
#include "faq_lab.h"

namespace mlpg::ui {

namespace {

int question(const void* b) { return static_cast<const FaqParams*>(b)->q; }
bool on_overfit(const void* b) { return question(b) == kQ2Overfitting; }
bool on_digits(const void* b) { return on_overfit(b) && static_cast<const FaqParams*>(b)->q2data == 1; }
bool on_polynomial(const void* b) { return on_overfit(b) && !on_digits(b); }
bool on_metrics(const void* b) { return question(b) == kQ3Metrics; }
int q4part(const void* b) { return static_cast<const FaqParams*>(b)->q4part; }
bool on_q4(const void* b) { return question(b) == kQ4Optimize; }
bool on_race(const void* b) { return on_q4(b) && q4part(b) == 0; }
bool on_batch(const void* b) { return on_q4(b) && q4part(b) == 2; }
bool on_missing(const void* b) { return question(b) == kQ5Missing && !static_cast<const FaqParams*>(b)->own_table; }
bool has_seed(const void* b) { return !on_race(b); }

DigitsRemedies remedies(const FaqParams& p) {
  DigitsRemedies r;
  r.dropout = p.dropout;
  r.l2 = p.lambda;
  r.l1 = p.l1;
  r.augment = p.augment;
  return r;
}

const ParamTable& faq_table() {
  using P = FaqParams;
  static const ParamTable t = {
      // The question by its number in the course ("q=3").
      choice<&P::q>("q", {"1", "2", "3", "4", "5"}, "faq.q", Restart::Yes),
      choice<&P::q2data>("data", {"polynomial", "digits"}, "faq.q2.data", Restart::Yes).when(on_overfit),
      integer<&P::degree>("degree", 1, kMaxDegree, "lambda.degree", Restart::Yes).when(on_polynomial),
      integer<&P::n_train>("n", 5, kFitPool, "faq.n_train", Restart::Yes).when(on_polynomial),
      real<&P::lambda>("lambda", 1e-6, 10, "lambda.lambda", Restart::Yes).log().zero_is_off("app.lambda_zero").fmt("%.2g").when(on_overfit),
      real<&P::dropout>("dropout", 0, 0.7, "cnn.dropout", Restart::Yes).fmt("%.2f").when(on_digits),
      real<&P::l1>("l1", 1e-5, 1, "faq.q2.l1", Restart::Yes).log().zero_is_off("faq.q2.l1_zero").fmt("%.2g").when(on_digits),
      toggle<&P::augment>("augment", "faq.q2.augment", Restart::Yes).when(on_digits),
      real<&P::ratio>("ratio", 0.01, 0.5, "faq.ratio", Restart::Yes).log().fmt("%.3f").when(on_metrics),
      real<&P::separation>("separation", 0.25, 4, "faq.separation", Restart::Yes).fmt("%.2f").when(on_metrics),
      real<&P::threshold>("threshold", 0, 1, "faq.threshold", Restart::No).fmt("%.3f").when(on_metrics),
      choice<&P::q4part>("part", {"race", "range", "batch"}, "faq.q4.part", Restart::Yes).when(on_q4),
      choice<&P::surface>("surface", {"rosenbrock", "valley", "saddle"}, "faq.surface", Restart::Yes).when(on_race),
      real<&P::lr>("lr", 1e-4, 1, "app.learning_rate", Restart::Yes).log().fmt("%.2g").when(on_race),
      choice<&P::schedule>("schedule", {"constant", "step", "cosine"}, "faq.q4.schedule", Restart::Yes).when(on_race),
      real<&P::batch_lr>("batch_lr", 1e-3, 10, "app.learning_rate", Restart::Yes).log().fmt("%.2g").when(on_batch),
      choice<&P::mechanism>("mechanism", {"mcar", "mar", "mnar"}, "faq.mechanism", Restart::Yes).when(on_missing),
      real<&P::rate>("rate", 0, 0.8, "faq.rate", Restart::Yes).fmt("%.2f").when(on_missing),
      integer<&P::seed>("seed", 0, 99999, "app.seed", Restart::Yes).when(has_seed),
  };
  return t;
}

class FaqLesson final : public Lesson {
 public:
  FaqLesson() { faq_reset(lab_); }
  const ParamTable& param_table() const override { return faq_table(); }
  void* param_block() override { return &lab_.p; }
  void reset() override { faq_reset(lab_); }
  TrainResult train(int steps) override {
    if (lab_.p.q == kQ1Choose) return {choose_train(lab_.choose, steps), false};  // a micro-batch of the model in training
    if (lab_.p.q == kQ2Overfitting && lab_.p.q2data == 1) return {digits_train(lab_.digits, steps), false};  // a mini-batch
    if (lab_.p.q == kQ2Overfitting) return {overfit_train(lab_.overfit, steps), false};  // a gradient-descent step
    if (lab_.p.q == kQ3Metrics) return {metrics_train(lab_.metrics, steps), false};  // an epoch a step
    if (lab_.p.q == kQ5Missing) return {};  // Q5 computes its table at once
    if (lab_.p.q4part == 1) return {};      // the range test runs at once
    if (lab_.p.q4part == 2) return {batch_train(lab_.batch, lab_.moons, steps, uint32_t(lab_.p.seed)), false};  // an epoch a step
    const long before = lab_.race.steps;
    race_step(lab_.race, steps);
    return {int(lab_.race.steps - before), false};
  }
  void per_frame() override {
    if (lab_.p.q == kQ1Choose) choose_poll(lab_.choose, uint32_t(lab_.p.seed));
    if (lab_.p.q == kQ2Overfitting && lab_.p.q2data == 1) digits_poll(lab_.digits, remedies(lab_.p), uint32_t(lab_.p.seed));
  }
  void draw(LessonUi& ui) override { draw_faq_lab(lab_, ui); }
  std::string file_opened(const std::string& name, const std::vector<uint8_t>& bytes) override {
    if (!is_table_file(name) || lab_.p.q != kQ5Missing)
      return "'" + name + "': the FAQ's missing-data page (q=5) reads CSV files (numbers, empty cells missing, a label column)";
    return faq_load_table(lab_, name, bytes);
  }
  // Q1's four models, Q3's logistic regression.
  bool has_code() const override {
    return (lab_.p.q == kQ1Choose && lab_.choose.c[0].model) || (lab_.p.q == kQ3Metrics && lab_.metrics.model) ||
           (lab_.p.q == kQ2Overfitting && lab_.p.q2data == 1 && !lab_.digits.loading) || (lab_.p.q == kQ4Optimize && lab_.p.q4part == 2);
  }
  std::vector<CodeSpec> code() const override {
    std::vector<CodeSpec> specs;
    if (lab_.p.q == kQ1Choose) {
      static const char* const titles[kContenders] = {"logistic regression", "MLP", "the course's CNN", "LSTM (rows)"};
      for (int i = 0; i < kContenders; ++i) {
        if (!lab_.choose.c[i].model) continue;
        CodeSpec s = code_spec(*lab_.choose.c[i].model, titles[i]);
        s.batch = 32;
        s.note = "The same 2,000 MNIST digits for every model, one epoch, batches of 32.";
        specs.push_back(s);
      }
    } else if (lab_.p.q == kQ2Overfitting && lab_.p.q2data == 1 && !lab_.digits.loading) {
      CodeSpec s = code_spec(lab_.digits.net, Shape{28, 28, 1}, "the 784-128-128-10 MLP");
      s.optimizer = lab_.digits.opt ? lab_.digits.opt->cfg : adam(1e-3f);
      s.batch = kDigitsBatch;
      s.classes = 10;
      s.penalty = lab_.p.lambda > 0 ? CodePenalty::L2 : lab_.p.l1 > 0 ? CodePenalty::L1 : CodePenalty::None;
      s.lambda = lab_.p.lambda > 0 ? lab_.p.lambda : lab_.p.l1;
      s.note = "300 MNIST digits to train on" + std::string(lab_.p.augment ? ", each shifted by up to 2 pixels when seen." : ".") +
               (lab_.p.lambda > 0 && lab_.p.l1 > 0 ? " (L1 is also on in the playground; this code shows L2 only.)" : "");
      specs.push_back(s);
    } else if (lab_.p.q == kQ4Optimize && lab_.p.q4part == 2) {
      for (int k = 0; k < kBatchSizes; ++k) {
        CodeSpec s = code_spec(lab_.batch.runs[size_t(k)].net, Shape{2}, "batch " + std::to_string(batch_size_of(k)));
        s.optimizer = sgd(float(lab_.p.batch_lr));
        s.batch = batch_size_of(k);
        s.classes = 2;
        s.note = "Two half-moons: 800 points to train on, 400 to validate.";
        specs.push_back(s);
      }
    } else if (lab_.p.q == kQ3Metrics && lab_.metrics.model) {
      CodeSpec s = code_spec(*lab_.metrics.model, "logistic regression");
      s.batch = 64;
      s.note = "Two features, two classes (the positive one rare); P(positive) is the softmax's second output.";
      specs.push_back(s);
    }
    return specs;
  }

  nlohmann::json state() const override {
    nlohmann::json s;
    if (lab_.p.q == kQ1Choose) {
      const ChooseRun& r = lab_.choose;
      long long batches = 0;
      nlohmann::json models = nlohmann::json::array();
      for (int i = 0; i < kContenders; ++i) {
        const Contender& c = r.c[i];
        batches += (c.seen + kChooseMicro - 1) / kChooseMicro;
        models.push_back({{"name", contender_name(i)}, {"parameters", c.parameters}, {"seen", c.seen}, {"seconds", c.seconds},
                          {"samples_per_s", c.seconds > 0 ? c.seen / c.seconds : 0.0}, {"accuracy", c.accuracy}});
      }
      s["step"] = batches;
      s["choose"] = {{"loading", r.loading}, {"error", r.error}, {"done", r.current >= kContenders}, {"models", models},
                     {"train", r.loading ? 0 : r.train.count}, {"validation", r.loading ? 0 : r.val.count}};
    } else if (lab_.p.q == kQ2Overfitting && lab_.p.q2data == 1) {
      const DigitsOverfit& d = lab_.digits;
      const DigitsRecord now = digits_record(d);
      auto row = [](const DigitsRecord& r) {
        return nlohmann::json{{"dropout", r.remedies.dropout}, {"l2", r.remedies.l2}, {"l1", r.remedies.l1}, {"augment", r.remedies.augment},
                              {"epochs", r.epochs}, {"best_epoch", r.best_epoch}, {"best_val_loss", r.best_val_loss},
                              {"train_acc", r.train_acc}, {"val_acc", r.val_acc}};
      };
      nlohmann::json records = nlohmann::json::array();
      for (const DigitsRecord& r : d.records) records.push_back(row(r));
      s["step"] = d.epochs;
      s["digits"] = {{"loading", d.loading}, {"error", d.error}, {"epochs", d.epochs}, {"now", row(now)}, {"records", records},
                     {"train_loss", finite_or_zero(d.train_loss)}, {"val_loss", finite_or_zero(d.val_loss)},
                     {"train_acc", d.train_acc}, {"val_acc", d.val_acc}};
    } else if (lab_.p.q == kQ2Overfitting) {
      const OverfitRun& r = lab_.overfit;
      s["step"] = r.steps;
      s["overfit"] = {{"train_mse", r.train_mse}, {"val_mse", r.val_mse}, {"by_degree", {{"train", r.by_degree.train}, {"val", r.by_degree.val}}},
                      {"sizes", r.sizes}, {"by_size", {{"train", r.by_size.train}, {"val", r.by_size.val}}},
                      {"by_step", {{"every", kStepEvery}, {"train", r.by_step.train}, {"val", r.by_step.val}}},
                      {"early_stop_step", overfit_best_step(r)}};
    } else if (lab_.p.q == kQ3Metrics) {
      const MetricsRun& m = lab_.metrics;
      const BinaryCounts c = metrics_at(m, lab_.p.threshold);
      s["step"] = m.epochs;
      s["metrics"] = {{"epochs", m.epochs}, {"train_loss", m.train_loss},{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}, {"tn", c.tn}, {"accuracy", c.accuracy()},
                      {"precision", c.precision()}, {"recall", c.recall()}, {"f1", c.f1()}, {"auc", m.auc},
                      {"positives", m.positives}, {"samples", m.score.size()},
                      {"always_negative_accuracy", m.score.empty() ? 0.0 : 1.0 - double(m.positives) / double(m.score.size())}};
      s["roc"] = {{"fpr", m.fpr}, {"tpr", m.tpr}};
      s["pr"] = {{"recall", m.pr_recall}, {"precision", m.pr_precision}};
    } else if (lab_.p.q == kQ5Missing) {
      const MissingRun& r = lab_.missing;
      s["step"] = 0;
      nlohmann::json rows = nlohmann::json::array();
      for (const StrategyResult& x : r.results)
        rows.push_back({{"strategy", strategy_name(x.strategy)}, {"accuracy", x.accuracy}, {"train_rows", x.train_rows},
                        {"test_rows", x.test_rows}, {"x1_mean", x.x1_mean}});
      s["missing"] = {{"strategies", rows}, {"true_x1_mean", r.true_x1_mean}, {"missing_share", r.missing_share},
                      {"source", r.source.empty() ? std::string("generated") : r.source}, {"column", r.column},
                      {"column_sd", r.column_sd}};
    } else if (lab_.p.q4part == 1) {
      const RangeTest& r = lab_.range;
      s["step"] = r.lr.size();
      s["range"] = {{"lr", r.lr}, {"loss", finite_or_zero(r.loss)}, {"smooth", finite_or_zero(r.smooth)}, {"blew_up_at", r.blew_up_at},
                    {"steepest", r.steepest}, {"lowest", r.lowest}, {"suggested", r.suggested},
                    {"val_at_suggested", std::isfinite(r.val_at_suggested) ? r.val_at_suggested : 0.0},
                    {"val_at_blowup", std::isfinite(r.val_at_blowup) ? r.val_at_blowup : 0.0}, {"blowup_diverged", r.blowup_diverged}};
    } else if (lab_.p.q4part == 2) {
      const BatchRace& b = lab_.batch;
      s["step"] = b.epochs;
      nlohmann::json runs = nlohmann::json::array();
      for (int k = 0; k < kBatchSizes; ++k) {
        const BatchRun& r = b.runs[size_t(k)];
        runs.push_back({{"batch", batch_size_of(k)}, {"steps", r.steps}, {"seconds", r.seconds}, {"diverged", r.diverged},
                        {"train_loss", finite_or_zero(r.train_loss)}, {"val_loss", finite_or_zero(r.val_loss)}});
      }
      s["batch"] = {{"epochs", b.epochs}, {"lr", b.lr}, {"runs", runs}};
    } else if (lab_.race.surface >= 0) {
      const Race& r = lab_.race;
      s["step"] = r.steps;
      nlohmann::json racers = nlohmann::json::array();
      for (int i = 0; i < kRacers; ++i) {
        const Racer& rc = r.racers[i];
        racers.push_back({{"name", racer_name(i)}, {"loss", rc.loss.back()}, {"start_loss", rc.loss.front()},
                          {"x", rc.xs.back()}, {"y", rc.ys.back()}, {"diverged_at", rc.diverged_at},
                          {"steps", rc.loss.size() - 1}});
      }
      s["race"] = racers;
      s["race_lr"] = race_lr(r, r.steps);
    }
    return s;
  }

 private:
  FaqLab lab_;
};

}  // namespace

void faq_reset(FaqLab& lab) {
  if (lab.p.q == kQ1Choose) {
    // Loading builds the models when the digits arrive; once loaded, a reset rebuilds them.
    if (lab.choose.loading) choose_poll(lab.choose, uint32_t(lab.p.seed));
    else choose_reset(lab.choose, uint32_t(lab.p.seed));
  } else if (lab.p.q == kQ2Overfitting && lab.p.q2data == 1) {
    if (lab.digits.loading) digits_poll(lab.digits, remedies(lab.p), uint32_t(lab.p.seed));
    else digits_reset(lab.digits, remedies(lab.p), uint32_t(lab.p.seed));
  } else if (lab.p.q == kQ2Overfitting) overfit_reset(lab.overfit, lab.p.degree, lab.p.n_train, lab.p.lambda, uint32_t(lab.p.seed));
  else if (lab.p.q == kQ3Metrics) metrics_reset(lab.metrics, lab.p.ratio, lab.p.separation, uint32_t(lab.p.seed));
  else if (lab.p.q == kQ4Optimize) {
    race_reset(lab.race, lab.p.surface, lab.p.lr, lab.p.schedule);
    if (lab.p.q4part != 0) lab.moons = make_moons(uint32_t(lab.p.seed));
    if (lab.p.q4part == 1) range_test(lab.range, lab.moons, uint32_t(lab.p.seed));
    if (lab.p.q4part == 2) batch_reset(lab.batch, lab.moons, lab.p.batch_lr, uint32_t(lab.p.seed));
  }
  else if (lab.p.own_table && !lab.table.source.empty()) missing_run_table(lab.missing, lab.table, uint32_t(lab.p.seed));
  else missing_run(lab.missing, Missingness(lab.p.mechanism), lab.p.rate, uint32_t(lab.p.seed));
}

std::string faq_load_table(FaqLab& lab, const std::string& name, const std::vector<uint8_t>& bytes) {
  CsvTable t;
  std::string message;
  if (!read_table_file(name, bytes, -2, 10, &t, &message)) return message;
  if (t.cols < 1) return "'" + name + "': the missing-data page needs number columns besides the label. Nothing was changed.";
  if (t.class_names.size() < 2) return "'" + name + "': the label column '" + t.label_name + "' has only one class. Nothing was changed.";
  if (t.rows < 30) return "'" + name + "': " + std::to_string(t.rows) + " rows; the page needs at least 30 (a third is kept to test on). Nothing was changed.";
  MissingTable m;
  m.source = name;
  m.names = t.names;
  m.class_names = t.class_names;
  m.rows = t.rows;
  m.cols = t.cols;
  m.x = t.values;
  m.y = t.labels;
  lab.table = std::move(m);
  lab.p.own_table = true;
  lab.p.q = kQ5Missing;
  faq_reset(lab);
  return "'" + name + "': " + std::to_string(t.rows) + " rows, " + std::to_string(t.cols) + " number columns, label = " + t.label_name + " (" +
         std::to_string(t.class_names.size()) + " classes), " + std::to_string(t.missing) + " missing cells; each strategy is run on them.";
}

extern const LessonInfo faq_lesson = {"faq", "lesson.faq", "lesson.faq.blurb", /*trains=*/true,
                                      // Q3's model trains (an epoch a step) and Q4's race runs as the page opens.
                                      /*opens_running=*/true, {}, [] { return std::unique_ptr<Lesson>(new FaqLesson()); },
    {{"faq1", "q=1"}, {"faq2", "q=2"}, {"faq3", "q=3"}, {"faq4", "q=4"}, {"faq5", "q=5"}}};

}  // namespace mlpg::ui
