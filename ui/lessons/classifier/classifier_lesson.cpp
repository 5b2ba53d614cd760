// The classifier playground as a lesson: its parameter table, its slice of
// state() and its registry entry.
#include <cmath>
#include <cstdio>

#include "classifier.h"
#include "data_file.h"
#include "describe.h"

namespace mlpg::ui {

namespace {

bool has_class_count(const void* p) { return static_cast<const ClassifierParams*>(p)->dataset >= int(ClfDataset::Gauss); }
bool is_regularized(const void* p) { return static_cast<const ClassifierParams*>(p)->reg != 0; }

// In the order the controls show them: the data (dataset..seed), then the
// model and its training. Every change but the stopping epoch builds a new
// network on new data.
const ParamTable& classifier_table() {
  using P = ClassifierParams;
  static const ParamTable t = {
      choice<&P::dataset>("dataset", {"circle", "xor", "gauss", "spiral", "custom"}, "clf.dataset", Restart::Yes),
      integer<&P::classes>("classes", 2, 4, "clf.classes", Restart::Yes).when(has_class_count),
      real<&P::noise>("noise", 0, 0.5, "clf.noise", Restart::Yes).fmt("%.2f"),
      integer<&P::train_pct>("train", 10, 90, "clf.train_ratio", Restart::Yes).fmt("%d%%"),
      integer<&P::seed>("seed", 0, 99999, "app.seed", Restart::Yes),
      flags<&P::features>("features", {kFeatureNames, kFeatureNames + kFeatureCount}, "clf.features", Restart::Yes),
      int_list<&P::layers>("layers", 1, 16, 0, 6, "clf.network", Restart::Yes).items("clf.neurons", 4),
      choice<&P::act>("act", {"relu", "tanh", "sigmoid", "linear"}, "clf.activation", Restart::Yes),
      choice<&P::loss>("loss", {"ce", "mse"}, "clf.loss", Restart::Yes),
      choice<&P::reg>("reg", {"none", "l1", "l2"}, "clf.reg", Restart::Yes),
      real<&P::lambda>("lambda", 1e-5, 1, "clf.lambda", Restart::Yes)
          .log().zero_is_off("app.lambda_zero").fmt("%.2g").when(is_regularized),
      real<&P::lr>("lr", 1e-4, 1, "app.learning_rate", Restart::Yes).log().fmt("%.3g"),
      integer<&P::batch>("batch", 1, 64, "clf.batch", Restart::Yes),
      choice<&P::opt>("opt", {"sgd", "momentum", "adam"}, "clf.optimizer", Restart::Yes),
      integer<&P::stop_epoch>("stop", 0, 10000, "clf.stop_at", Restart::No),
  };
  return t;
}

class ClassifierLesson final : public Lesson {
 public:
  ClassifierLesson() { classifier_reset(lab_); }
  const ParamTable& param_table() const override { return classifier_table(); }
  void* param_block() override { return &lab_.p; }
  void reset() override { classifier_reset(lab_); }
  TrainResult train(int steps) override {
    const TrainResult r = classifier_train(lab_, steps);
    if (r.steps > 0) classifier_refresh_maps(lab_);
    return r;
  }
  void draw(LessonUi& ui) override { draw_classifier(lab_, ui); }
  std::string file_opened(const std::string& name, const std::vector<uint8_t>& bytes) override {
    if (!is_table_file(name)) return "'" + name + "': the classifier reads CSV files (x1, x2, label)";
    return classifier_load_csv(lab_, name, bytes);
  }
  // The coach: the test loss (per epoch) rising two epochs running while the training loss falls.
  Symptom symptom() const override { return overfitting_symptom(lab_.test_loss, lab_.train_loss); }
  bool has_code() const override { return true; }
  std::vector<CodeSpec> code() const override {
    const ClassifierParams& p = lab_.p;
    CodeSpec s = code_spec(lab_.net, Shape{classifier_feature_count(p)}, "this network");
    // The inputs: (x1, x2) in [-1, 1], scaled by 2, then the chosen features (classifier.cpp's featurize).
    static const char* const exprs[kFeatureCount] = {"2 * x[:, 0]", "2 * x[:, 1]", "(2 * x[:, 0]) ** 2", "(2 * x[:, 1]) ** 2",
                                                     "4 * x[:, 0] * x[:, 1]", "M.sin(2 * x[:, 0])", "M.sin(2 * x[:, 1])"};
    for (int i = 0; i < kFeatureCount; ++i)
      if (p.features[i]) s.features.push_back(exprs[i]);
    s.raw_inputs = 2;
    s.optimizer = lab_.opt->cfg;
    s.loss = p.loss == 0 ? CodeLoss::CrossEntropy : CodeLoss::SoftmaxHalfMse;
    s.penalty = p.reg == 1 ? CodePenalty::L1 : p.reg == 2 ? CodePenalty::L2 : CodePenalty::None;
    s.lambda = p.lambda;
    s.batch = p.batch;
    s.note = "2-D points (x1, x2) in [-1, 1] and their class; the features below are what the network sees.";
    return {s};
  }

  // The main plot is the decision boundary: how many test points it puts on
  // the right side, and the class most often taken for another.
  std::string describe_plot(Lang L) const override {
    const ClassifierLab& c = lab_;
    const int k = c.confusion.classes;
    long right = 0, total = 0, worst = 0;
    int wt = 0, wp = 0;
    for (int t = 0; t < k; ++t)
      for (int p = 0; p < k; ++p) {
        const long n = long(c.confusion.at(t, p));
        total += n;
        if (t == p) right += n;
        else if (n > worst) worst = n, wt = t, wp = p;
      }
    if (total == 0) return {};
    char b[400];
    std::snprintf(b, sizeof b, tr(L, "describe.boundary"), k, right, total, describe_number(100.0 * double(right) / double(total)).c_str());
    std::string s = b;
    if (worst > 0) {
      std::snprintf(b, sizeof b, tr(L, "describe.confused"), worst, wt, wp);
      s += b;
    }
    return s;
  }

  nlohmann::json state() const override {
    const ClassifierLab& c = lab_;
    nlohmann::json cm = nlohmann::json::array();
    for (int t = 0; t < c.confusion.classes; ++t) {
      nlohmann::json row = nlohmann::json::array();
      for (int p = 0; p < c.confusion.classes; ++p) row.push_back(c.confusion.at(t, p));
      cm.push_back(row);
    }
    const std::vector<float> train_loss = finite_or_zero(c.train_loss), test_loss = finite_or_zero(c.test_loss);
    return {{"epoch", c.epoch},
            {"step", c.steps},
            {"points", {{"train", c.train_idx.size()}, {"test", c.test_idx.size()}}},
            {"data", {{"source", c.p.dataset == int(ClfDataset::Custom) && !c.custom_source.empty() ? c.custom_source : std::string("generated")},
                      {"classes", c.p.dataset == int(ClfDataset::Custom) ? c.p.classes : 0}}},
            {"metrics", {{"train_loss", train_loss.empty() ? 0.f : train_loss.back()},
                         {"test_loss", test_loss.empty() ? 0.f : test_loss.back()},
                         {"accuracy", c.accuracy}, {"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1},
                         {"confusion", cm}}},
            {"history", {{"train_loss", train_loss}, {"test_loss", test_loss}}},
            {"stopped", classifier_stopped(c)}};
  }

 private:
  ClassifierLab lab_;
};

}  // namespace

extern const LessonInfo classifier_lesson = {"classifier", "lesson.classifier", "lesson.classifier.blurb",
                                             /*trains=*/true, /*opens_running=*/true, {},
                                             [] { return std::unique_ptr<Lesson>(new ClassifierLesson()); },
    {{"nn", ""}, {"dl", "layers=8,8,8"}}};

}  // namespace mlpg::ui
