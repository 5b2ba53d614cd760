// Optimizer steps, gradient clipping and LR schedules against PyTorch 1.13
// (fixture from tests/golden/make_optim_golden.py; torch is not needed here).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "training/loss.h"
#include "training/optim.h"

using namespace mlpg;
using nlohmann::json;

namespace {

json load_golden() {
  std::ifstream f(std::string(MLPG_FIXTURES) + "/optim_golden.json");
  if (!f) throw std::runtime_error("missing fixture optim_golden.json (run tests/golden/make_optim_golden.py)");
  return json::parse(f);
}

OptimizerConfig config_for(const json& c) {
  const auto& kw = c["kwargs"];
  const std::string name = c["name"];
  const float lr = kw["lr"];
  const float wd = kw.value("weight_decay", 0.f);
  const float momentum = kw.value("momentum", 0.f);
  OptimizerConfig cfg;
  if (name.rfind("sgd", 0) == 0) cfg = sgd(lr, momentum, kw.value("nesterov", false), wd);
  else if (name.rfind("rmsprop", 0) == 0) cfg = rmsprop(lr, 0.99f, 1e-8f, momentum);
  else if (name == "adamw") cfg = adamw(lr, wd);
  else { cfg = adam(lr); cfg.weight_decay = wd; }
  return cfg;
}

struct Problem {
  std::vector<float> x, y;
  Parameter w{"w", Shape{3, 4}}, b{"b", Shape{3}, false};
  explicit Problem(const json& gj) {
    x = gj["x"].get<std::vector<float>>();
    y = gj["y"].get<std::vector<float>>();
    w.value.data = gj["w0"].get<std::vector<float>>();
    b.value.data = gj["b0"].get<std::vector<float>>();
  }
  float forward_backward(Graph& g) {  // mean((x Wᵀ + b − y)²), as the script
    g.clear();
    Var out = add(matmul(g.input(Shape{5, 4}, x.data()), g.param(w), false, true), g.param(b));
    Var r = sub(out, g.input(Shape{5, 3}, y.data()));
    Var loss = mean(mul(r, r));
    g.backward(loss);
    return loss->value.data[0];
  }
};

}  // namespace

TEST(OptimGolden, StepsMatchPyTorch) {
  const json gj = load_golden();
  ASSERT_GE(gj["cases"].size(), 9u);
  for (const auto& c : gj["cases"]) {
    Problem p(gj);
    Optimizer opt(config_for(c), {&p.w, &p.b});
    Graph g;
    int step = 0;
    for (const auto& s : c["steps"]) {
      opt.zero_grad();
      const float loss = p.forward_backward(g);
      EXPECT_NEAR(loss, s["loss"].get<float>(), 1e-5f * (1.f + std::fabs(loss))) << c["name"] << " step " << step;
      opt.step();
      const auto w = s["w"].get<std::vector<float>>(), b = s["b"].get<std::vector<float>>();
      for (size_t i = 0; i < w.size(); ++i)
        ASSERT_NEAR(p.w.value[i], w[i], 2e-6f) << c["name"] << " step " << step << " w[" << i << "]";
      for (size_t i = 0; i < b.size(); ++i)
        ASSERT_NEAR(p.b.value[i], b[i], 2e-6f) << c["name"] << " step " << step << " b[" << i << "]";
      ++step;
    }
  }
}

TEST(OptimGolden, GradientClippingMatchesPyTorch) {
  const json gj = load_golden();
  Problem p(gj);
  Graph g;
  p.forward_backward(g);
  const float norm = clip_grad_norm({&p.w, &p.b}, gj["clip"]["max_norm"].get<float>());
  EXPECT_NEAR(norm, gj["clip"]["norm"].get<float>(), 1e-5f);
  const auto wg = gj["clip"]["w_grad"].get<std::vector<float>>();
  for (size_t i = 0; i < wg.size(); ++i) EXPECT_NEAR(p.w.grad[i], wg[i], 1e-6f);
}

TEST(OptimGolden, SchedulesMatchPyTorch) {
  const json gj = load_golden();
  const auto& st = gj["schedules"]["step"];
  const auto step_lrs = st["lr"].get<std::vector<float>>();
  for (size_t e = 0; e < step_lrs.size(); ++e)
    EXPECT_NEAR(step_lr(0.1f, int(e), st["step_size"], st["gamma"]), step_lrs[e], 1e-7f) << "epoch " << e;
  const auto& co = gj["schedules"]["cosine"];
  const auto cos_lrs = co["lr"].get<std::vector<float>>();
  for (size_t e = 0; e < cos_lrs.size(); ++e)
    EXPECT_NEAR(cosine_lr(0.1f, int(e), co["t_max"], co["eta_min"]), cos_lrs[e], 1e-6f) << "epoch " << e;
}

TEST(Optim, RejectsBadLearningRates) {
  Parameter w("w", Shape{2});
  EXPECT_THROW(Optimizer(sgd(0.f), {&w}), std::invalid_argument);
  EXPECT_THROW(Optimizer(sgd(std::nanf("")), {&w}), std::invalid_argument);
  EXPECT_THROW(Optimizer(sgd(0.1f, 0.f, true), {&w}), std::invalid_argument);
}
