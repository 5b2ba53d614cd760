// The concept pages as a lesson: the parameter table, state(), commands and
// the registry entry. Its "training" is the backprop walk: a step is one
// node; after the last backward node a step applies the update.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "assets.h"
#include "concepts_lab.h"
#include "neuron_fit.h"
#include "models/charlm.h"
#include "models/model.h"

namespace mlpg::ui {

namespace {

constexpr const char* kShippedCnn = "data/course-cnn.mlpg";  // the build's trained CNN (its first-layer filters)

bool on_backprop(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kBackprop; }
bool on_activations(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kActivations; }
bool on_descent(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kDescent; }
bool on_mldl(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kMlDl; }
bool on_autonomous(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kAutonomous; }
bool on_nlp(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kNlp; }
bool on_recurrence(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kRecurrence; }
bool on_seeded(const void* b) { return on_backprop(b) || on_descent(b) || on_mldl(b) || on_autonomous(b) || on_recurrence(b); }
bool on_conv(const void* b) { return static_cast<const ConceptsParams*>(b)->c == kConvolution; }
bool on_learned(const void* b) { return on_conv(b) && static_cast<const ConceptsParams*>(b)->kernel == int(ConvKernel::Learned); }

const ParamTable& concepts_table() {
  using P = ConceptsParams;
  static const ParamTable t = {
      choice<&P::c>("c", {"backprop", "activations", "conv", "trends", "descent", "ml-dl-nn", "autonomous", "nlp", "recurrence"}, "concepts.c", Restart::Yes),
      choice<&P::act>("act", {"sigmoid", "tanh", "relu", "leaky_relu"}, "clf.activation", Restart::No).when(on_backprop),
      choice<&P::loss>("loss", {"mse", "ce"}, "concepts.loss", Restart::No).when(on_backprop),
      real<&P::x1>("x1", -2, 2, "concepts.x1", Restart::No).fmt("%.2f").when(on_backprop),
      real<&P::x2>("x2", -2, 2, "concepts.x2", Restart::No).fmt("%.2f").when(on_backprop),
      real<&P::target>("target", 0, 1, "concepts.target", Restart::No).fmt("%.2f").when(on_backprop),
      real<&P::lr>("lr", 0.01, 5, "app.learning_rate", Restart::No).log().fmt("%.2f").when(on_backprop),
      integer<&P::seed>("seed", 0, 9999, "app.seed", Restart::Yes).when(on_seeded),
      integer<&P::step>("step", 0, kBpSteps, "concepts.step", Restart::No).when(on_backprop),
      real<&P::x>("x", -6, 6, "concepts.probe", Restart::No).fmt("%.2f").when(on_activations),
      integer<&P::hidden>("hidden", 4, 32, "concepts.hidden", Restart::Yes).when(on_mldl),
      real<&P::u>("u", -2, 2, "concepts.u", Restart::No).fmt("%.2f").when(on_recurrence),
      choice<&P::corpus>("corpus", {"english", "tang"}, "concepts.corpus", Restart::No).when(on_nlp),
      integer<&P::pos>("pos", 0, 199, "concepts.pos", Restart::No).when(on_nlp),
      real<&P::lr1>("lr1", 0.01, 1.5, "concepts.lr1", Restart::No).log().fmt("%.3f").when(on_descent),
      real<&P::scale>("scale", 1, 30, "concepts.scale", Restart::No).fmt("%.1f").when(on_descent),
      real<&P::fraction>("fraction", 0.05, 1.1, "concepts.fraction", Restart::No).fmt("%.2f").when(on_descent),
      choice<&P::picture>("picture", {"seven", "square", "diagonal", "cross"}, "concepts.picture", Restart::No).when(on_conv),
      choice<&P::kernel>("kernel", {"vedge", "hedge", "blur", "sharpen", "learned"}, "concepts.kernel", Restart::No).when(on_conv),
      integer<&P::filter>("filter", 0, 31, "concepts.filter", Restart::No).when(on_learned),
      choice<&P::stride>("stride", {"1", "2"}, "concepts.stride", Restart::No).when(on_conv),
      choice<&P::padding>("padding", {"valid", "same"}, "concepts.padding", Restart::No).when(on_conv),
      choice<&P::pool>("pool", {"max", "avg"}, "concepts.pool", Restart::No).when(on_conv),
      integer<&P::cell>("cell", 0, 124, "concepts.cell", Restart::No).when(on_conv),
  };
  return t;
}

nlohmann::json arr(const std::array<double, kBpParams>& a) { return std::vector<double>(a.begin(), a.end()); }

class ConceptsLesson final : public Lesson {
 public:
  ConceptsLesson() { concepts_reset(lab_); }
  const ParamTable& param_table() const override { return concepts_table(); }
  void* param_block() override { return &lab_.p; }
  void reset() override { concepts_reset(lab_); }
  void params_changed() override { concepts_refresh(lab_); }
  void per_frame() override {  // a slider moved the input, the activation, the loss or the convolution's settings
    concepts_poll_learned(lab_);
    concepts_refresh(lab_);
  }
  TrainResult train(int steps) override {
    if (lab_.p.c == kMlDl) {
      const int done = kinds_train(lab_.kinds, steps);
      lab_.walked += done;
      return {done, false};
    }
    if (lab_.p.c == kAutonomous) {  // one more label for each learner
      const int done = autonomous_step(lab_.active, steps);
      lab_.walked += done;
      return {done, false};
    }
    if (lab_.p.c == kConvolution) {  // the window moves one cell a step, around again after the last
      for (int s = 0; s < steps; ++s, ++lab_.walked) lab_.p.cell = (lab_.p.cell + 1) % std::max(1, conv_cells(lab_));
      return {steps, false};
    }
    if (lab_.p.c != kBackprop) return {};
    for (int s = 0; s < steps; ++s, ++lab_.walked) {
      if (lab_.p.step < kBpSteps) ++lab_.p.step;
      else if (!concepts_update(lab_)) return {s, true};  // the app pauses and tells the learner
    }
    return {steps, false};
  }
  void draw(LessonUi& ui) override { draw_concepts(lab_, ui); }
  nlohmann::json state() const override {
    const ConceptsLab& l = lab_;
    if (l.p.c == kActivations) {
      static const NeuronFit fit = fit_one_neuron();
      return {{"step", 0}, {"neuron_fit", {{"mse", fit.mse}, {"start_mse", fit.start_mse}, {"steps", kFitSteps}}}};
    }
    if (l.p.c == kTrends) return {{"step", 0}};
    if (l.p.c == kMlDl) {
      nlohmann::json runs = nlohmann::json::array();
      for (int k = 0; k < kKinds; ++k)
        runs.push_back({{"name", kind_name(k)}, {"train_acc", l.kinds.runs[size_t(k)].train_acc}, {"test_acc", l.kinds.runs[size_t(k)].test_acc},
                        {"inputs", kinds_inputs(k)}});
      return {{"step", l.walked}, {"epoch", l.kinds.epochs}, {"kinds", runs}};
    }
    if (l.p.c == kRecurrence) {
      const Unrolled& r = l.unrolled;
      auto v = [](const auto& a) { return std::vector<double>(a.begin(), a.end()); };
      return {{"step", 0}, {"recurrence", {{"x", v(r.x)}, {"h", v(r.h)}, {"delta", v(r.delta)}, {"du", v(r.du)}, {"dw", v(r.dw)},
                                           {"grad", v(r.grad)}, {"engine", v(r.engine)}, {"finite", v(r.finite)}, {"w", r.w}, {"u", r.u},
                                           {"b", r.b}, {"loss", r.loss}}}};
    }
    if (l.p.c == kNlp) {
      const Embeddings& e = l.embeddings[size_t(l.p.corpus)];
      const std::vector<int> ids = nlp_ids(l);
      nlohmann::json s = {{"step", 0}, {"nlp", {{"loaded", e.dim > 0}, {"error", l.embeddings_error[size_t(l.p.corpus)]},
                                                {"vocabulary", e.chars.size()}, {"dim", e.dim}, {"ids", ids}, {"text", l.text[size_t(l.p.corpus)]}}}};
      if (e.dim > 0 && l.p.pos < int(ids.size()) && ids[size_t(l.p.pos)] >= 0) {
        const int id = ids[size_t(l.p.pos)];
        nlohmann::json nn = nlohmann::json::array();
        for (int j : nearest(e, id, 8)) nn.push_back({{"char", utf8_encode(e.chars[size_t(j)])}, {"id", j}, {"cosine", cosine(e, id, j)}});
        s["nlp"]["selected"] = {{"char", utf8_encode(e.chars[size_t(id)])}, {"id", id},
                                {"vector", std::vector<float>(e.vectors.begin() + long(id) * e.dim, e.vectors.begin() + long(id + 1) * e.dim)},
                                {"nearest", nn}};
      }
      return s;
    }
    if (l.p.c == kAutonomous) {
      const Autonomous& a = l.active;
      auto run = [&](const AutoRun& r) {
        return nlohmann::json{{"labels", r.labelled.size()}, {"accuracy", r.accuracy}, {"to_95", labels_to_reach(r, 0.95f)},
                              {"asked_distance", asked_distance(a, r)}, {"w", {r.w[0], r.w[1], r.w[2]}}};
      };
      return {{"step", l.walked}, {"autonomous", {{"chosen", run(a.chosen)}, {"random", run(a.random)}, {"max_labels", kAutoMaxLabels}}}};
    }
    if (l.p.c == kDescent) {
      const Descent2D& d = l.d2;
      auto finite = [](double v) { return std::isfinite(v) ? v : -1.0; };  // -1: diverged (JSON has no inf)
      return {{"step", 0},
              {"descent", {{"factor", l.d1.factor}, {"theta_1d", l.d1.theta}, {"kappa", d.kappa}, {"lambda_min", d.lambda_min},
                           {"lambda_max", d.lambda_max}, {"lr", d.lr}, {"exact", {d.exact[0], d.exact[1]}},
                           {"distance", {finite(d.distance[0]), finite(d.distance[1]), finite(d.distance[2])}},
                           {"batch_end", {d.t1[0].back(), d.t2[0].back()}}}}};
    }
    if (l.p.c == kConvolution) {
      const ConvResult& r = l.conv;
      return {{"step", l.walked},
              {"conv", {{"out_h", r.out_h}, {"out_w", r.out_w}, {"pad_top", r.pad_top}, {"pad_left", r.pad_left}, {"out", r.out},
                        {"engine", r.engine}, {"pool_h", r.pool_h}, {"pool_w", r.pool_w}, {"pooled", r.pooled},
                        {"pooled_engine", r.pooled_engine}, {"max_difference", conv_max_difference(r)}, {"image", r.image},
                        {"kernel", r.kernel}, {"cells", conv_cells(l)}, {"learned_loaded", !l.learned.empty()},
                        {"text", l.p.cell < r.out_h * r.out_w ? conv_step_text(r, l.p.stride + 1, l.p.cell)
                                                              : pool_step_text(r, l.p.pool == 0, l.p.cell - r.out_h * r.out_w)}}}};
    }
    const BpPass& p = l.pass;
    std::vector<std::string> names;
    for (int i = 0; i < kBpParams; ++i) names.push_back(bp_param_name(i));
    return {{"step", l.walked},
            {"backprop",
             {{"position", l.p.step}, {"node", bp_step_node(l.p.step)}, {"text", bp_step_text(l.net, p, l.p.step)},
              {"theta", arr(l.net.theta)}, {"names", names},
              {"values", {{"z1", p.z1}, {"z2", p.z2}, {"a1", p.a1}, {"a2", p.a2}, {"y", p.y}, {"loss", p.loss}}},
              {"hand", arr(p.grad)}, {"engine", arr(l.engine)}, {"finite", arr(l.finite)}, {"engine_loss", l.engine_loss},
              {"kinks", concepts_kinks(l)},
              {"max_engine_difference", concepts_max_engine_difference(l)}, {"max_finite_difference", concepts_max_finite_difference(l)},
              {"updates", l.updates}, {"diverged", l.diverged}, {"loss_history", l.loss_history}}}};
  }
  nlohmann::json command(std::string_view name, const nlohmann::json& value) override {
    if (value != true) throw std::invalid_argument("update expects true");
    const bool ok = concepts_update(lab_);
    nlohmann::json r = {{"loss", lab_.pass.loss}, {"updates", lab_.updates}};
    if (!ok) r["diverged"] = true;
    return r;
  }

 private:
  ConceptsLab lab_;
};

}  // namespace

int conv_cells(const ConceptsLab& lab) { return lab.conv.out_h * lab.conv.out_w + lab.conv.pool_h * lab.conv.pool_w; }

const char* const kNlpModels[2] = {"data/charlm-english.mlpg", "data/charlm-tang.mlpg"};

std::vector<int> nlp_ids(const ConceptsLab& lab) {
  const Embeddings& e = lab.embeddings[size_t(lab.p.corpus)];
  std::vector<int> ids;
  for (char32_t c : utf8_decode(lab.text[size_t(lab.p.corpus)])) {
    const auto it = std::find(e.chars.begin(), e.chars.end(), c);
    ids.push_back(it == e.chars.end() ? -1 : int(it - e.chars.begin()));
  }
  return ids;
}

void concepts_poll_learned(ConceptsLab& lab) {
  if (lab.p.c == kNlp) {
    const size_t k = size_t(lab.p.corpus);
    if (lab.embeddings[k].dim > 0 || !lab.embeddings_error[k].empty()) return;
    const Asset& a = want_asset(kNlpModels[k]);
    if (a.status == AssetStatus::Failed) lab.embeddings_error[k] = a.error;
    if (a.status != AssetStatus::Ready) return;
    try {
      lab.embeddings[k] = embeddings_from_model(a.bytes, kNlpModels[k]);
    } catch (const std::exception& e) {
      lab.embeddings_error[k] = e.what();
    }
    return;
  }
  if (lab.p.c != kConvolution || lab.p.kernel != int(ConvKernel::Learned) || !lab.learned.empty() || !lab.learned_error.empty()) return;
  const Asset& a = want_asset(kShippedCnn);
  if (a.status == AssetStatus::Failed) lab.learned_error = a.error;
  if (a.status != AssetStatus::Ready) return;
  try {
    Model m = parse_model(a.bytes.data(), a.bytes.size(), kShippedCnn);
    const std::vector<Parameter*> ps = m.net.parameters();
    if (ps.empty() || ps[0]->value.shape != Shape{3, 3, 1, 32}) throw ModelFileError("the first layer is not 32 filters of 3x3");
    lab.learned = ps[0]->value.data;
  } catch (const std::exception& e) {
    lab.learned_error = e.what();
  }
}

void concepts_refresh(ConceptsLab& lab) {
  ConceptsParams& p = lab.p;
  if (p.c == kRecurrence) {
    lab.unrolled = unroll(unsigned(p.seed), p.u);
    return;
  }
  if (p.c == kDescent) {
    lab.d1 = descent_1d(p.lr1);
    lab.d2 = descent_2d(p.scale, p.fraction, unsigned(p.seed));
    return;
  }
  if (p.c == kConvolution) {
    ConvSetup s;
    s.picture = ConvPicture(p.picture);
    s.kernel = ConvKernel(p.kernel);
    if (s.kernel == ConvKernel::Learned && lab.learned.size() == 9 * 32)
      for (int i = 0; i < 9; ++i) s.learned.push_back(lab.learned[size_t(i * 32 + p.filter)]);  // [ky][kx][c=0][filter]
    s.stride = p.stride + 1;
    s.same = p.padding == 1;
    s.max_pool = p.pool == 0;
    lab.conv = conv_run(s);
    p.cell = std::clamp(p.cell, 0, std::max(0, conv_cells(lab) - 1));
    return;
  }
  lab.net.act = BpAct(p.act);
  lab.net.loss = BpLoss(p.loss);
  lab.net.x1 = p.x1, lab.net.x2 = p.x2, lab.net.target = p.target;
  lab.pass = bp_run(lab.net);
  lab.engine = bp_engine_grad(lab.net, &lab.engine_loss);
  lab.finite = bp_finite_grad(lab.net);
  if (lab.loss_history.empty()) lab.loss_history.push_back(float(lab.pass.loss));
  else lab.loss_history.back() = float(lab.pass.loss);
}

void concepts_reset(ConceptsLab& lab) {
  if (lab.text[0].empty()) lab.text = {"the cat sat on the mat, and then it ate 3 fish.", "床前明月光，疑是地上霜。举头望明月，低头思故乡。"};
  const ConceptsParams& p = lab.p;
  lab.net = bp_network(unsigned(p.seed), BpAct(p.act), BpLoss(p.loss), p.x1, p.x2, p.target);  // (the step stays: a permalink may name it)
  lab.updates = 0;
  lab.walked = 0;
  if (p.c == kMlDl) kinds_reset(lab.kinds, unsigned(p.seed), p.hidden);
  if (p.c == kAutonomous) autonomous_reset(lab.active, unsigned(p.seed));
  lab.loss_history.clear();
  concepts_refresh(lab);
}

bool concepts_update(ConceptsLab& lab) {
  concepts_refresh(lab);
  const auto before = lab.net.theta;
  for (int i = 0; i < kBpParams; ++i) lab.net.theta[size_t(i)] -= lab.p.lr * lab.pass.grad[size_t(i)];
  bool finite = true;
  for (double t : lab.net.theta) finite &= std::isfinite(t);
  if (finite) {
    lab.loss_history.push_back(0);  // refreshed below with the new loss
    concepts_refresh(lab);
    finite = std::isfinite(lab.pass.loss) && std::isfinite(lab.engine_loss);
    if (!finite) lab.loss_history.pop_back();
  }
  if (!finite) {  // undone: the last good θ, and the page says what happened
    lab.net.theta = before;
    concepts_refresh(lab);
    lab.diverged = true;
    return false;
  }
  lab.diverged = false;
  ++lab.updates;
  lab.p.step = 0;
  return true;
}

double concepts_max_engine_difference(const ConceptsLab& lab) {
  double d = 0;
  for (int i = 0; i < kBpParams; ++i) d = std::max(d, std::fabs(lab.engine[size_t(i)] - lab.pass.grad[size_t(i)]));
  return d;
}

int concepts_kinks(const ConceptsLab& lab) {
  if (lab.net.act != BpAct::Relu && lab.net.act != BpAct::LeakyRelu) return 0;
  return (std::fabs(lab.pass.z1) < 1e-9 ? 1 : 0) | (std::fabs(lab.pass.z2) < 1e-9 ? 2 : 0);
}

double concepts_max_finite_difference(const ConceptsLab& lab) {
  // A unit exactly at a ReLU kink (z = 0) has no derivative: a central difference averages the slopes on
  // either side, so its three incoming parameters are left out (the page says so).
  const int kinks = concepts_kinks(lab);
  double d = 0;
  for (int i = 0; i < kBpParams; ++i) {
    if ((i < 3 && (kinks & 1)) || (i >= 3 && i < 6 && (kinks & 2))) continue;
    d = std::max(d, std::fabs(lab.finite[size_t(i)] - lab.pass.grad[size_t(i)]));
  }
  return d;
}

extern const LessonInfo concepts_lesson = {"concepts", "lesson.concepts", "lesson.concepts.blurb", /*trains=*/true,
                                           // Opens paused: the learner steps through the pass.
                                           /*opens_running=*/false, {"update"},
                                           [] { return std::unique_ptr<Lesson>(new ConceptsLesson()); },
    {{"backprop", "c=backprop"}, {"activations", "c=activations"}, {"conv", "c=conv"}, {"trends", "c=trends"}, {"ml", "c=ml-dl-nn"}, {"autonomous", "c=autonomous"}, {"nlp", "c=nlp"}, {"recurrence", "c=recurrence"}},
    /*corpus_glyphs=*/true};

}  // namespace mlpg::ui
