// The FAQ explorer as a lesson: its parameter table, its slice of state(),
// its registry entry. The lesson's training is Q3's logistic regression (an
// epoch a step, up to 100) or Q4's race (every optimizer a step).
#include <stdexcept>

#include "faq_lab.h"

namespace mlpg::ui {

namespace {

bool on_metrics(const void* b) { return static_cast<const FaqParams*>(b)->q == 0; }
bool on_race(const void* b) { return static_cast<const FaqParams*>(b)->q == 1; }

const ParamTable& faq_table() {
  using P = FaqParams;
  static const ParamTable t = {
      // The question by its number in the course ("q=3"); the pages not built yet are not listed.
      choice<&P::q>("q", {"3", "4"}, "faq.q", Restart::Yes),
      real<&P::ratio>("ratio", 0.01, 0.5, "faq.ratio", Restart::Yes).log().fmt("%.3f").when(on_metrics),
      real<&P::separation>("separation", 0.25, 4, "faq.separation", Restart::Yes).fmt("%.2f").when(on_metrics),
      real<&P::threshold>("threshold", 0, 1, "faq.threshold", Restart::No).fmt("%.3f").when(on_metrics),
      choice<&P::surface>("surface", {"rosenbrock", "valley", "saddle"}, "faq.surface", Restart::Yes).when(on_race),
      real<&P::lr>("lr", 1e-4, 1, "app.learning_rate", Restart::Yes).log().fmt("%.2g").when(on_race),
      integer<&P::seed>("seed", 0, 99999, "app.seed", Restart::Yes).when(on_metrics),
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
    if (lab_.p.q == 0) return {metrics_train(lab_.metrics, steps), false};  // an epoch a step
    const long before = lab_.race.steps;
    race_step(lab_.race, steps);
    return {int(lab_.race.steps - before), false};
  }
  void draw(LessonUi& ui) override { draw_faq_lab(lab_, ui); }

  nlohmann::json state() const override {
    nlohmann::json s;
    if (lab_.p.q == 0) {
      const MetricsRun& m = lab_.metrics;
      const BinaryCounts c = metrics_at(m, lab_.p.threshold);
      s["step"] = m.epochs;
      s["metrics"] = {{"epochs", m.epochs}, {"train_loss", m.train_loss},{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}, {"tn", c.tn}, {"accuracy", c.accuracy()},
                      {"precision", c.precision()}, {"recall", c.recall()}, {"f1", c.f1()}, {"auc", m.auc},
                      {"positives", m.positives}, {"samples", m.score.size()},
                      {"always_negative_accuracy", m.score.empty() ? 0.0 : 1.0 - double(m.positives) / double(m.score.size())}};
      s["roc"] = {{"fpr", m.fpr}, {"tpr", m.tpr}};
      s["pr"] = {{"recall", m.pr_recall}, {"precision", m.pr_precision}};
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
    }
    return s;
  }

 private:
  FaqLab lab_;
};

}  // namespace

void faq_reset(FaqLab& lab) {
  if (lab.p.q == 0) metrics_reset(lab.metrics, lab.p.ratio, lab.p.separation, uint32_t(lab.p.seed));
  else race_reset(lab.race, lab.p.surface, lab.p.lr);
}

extern const LessonInfo faq_lesson = {"faq", "lesson.faq", "lesson.faq.blurb", /*trains=*/true,
                                      // Q3's model trains (an epoch a step) and Q4's race runs as the page opens.
                                      /*opens_running=*/true, {}, [] { return std::unique_ptr<Lesson>(new FaqLesson()); }};

}  // namespace mlpg::ui
