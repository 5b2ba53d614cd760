#include "gradcheck.h"

#include <cmath>
#include <cstring>
#include <random>
#include <sstream>

#include "ops/ops.h"

namespace mlpg::testing {

std::set<Op>& covered_ops() {
  static std::set<Op> ops;
  return ops;
}

Parameter make_param(const std::string& name, const Shape& s, uint32_t seed, float lo, float hi, float min_abs) {
  Parameter p(name, s);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(lo, hi);
  for (float& x : p.value.data) {
    do x = u(rng); while (std::fabs(x) < min_abs);
  }
  return p;
}

std::string check_gradients(const std::vector<Parameter*>& params, const std::function<Var(Graph&)>& f,
                            GradTolerance tol, uint32_t seed) {
  Graph g;
  // The projection R, sized from one forward pass.
  std::vector<float> r;
  {
    NoGrad ng(g);
    Var out = f(g);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    r.resize(size_t(out->value.numel()));
    for (float& x : r) x = u(rng);
  }
  auto loss_of = [&](Graph& gr) {
    Var out = f(gr);
    return sum(mul(out, gr.input(out->value.shape, r.data())));
  };

  for (Parameter* p : params) std::fill(p->grad.begin(), p->grad.end(), 0.f);
  g.clear();
  Var loss = loss_of(g);
  for (size_t i = 0; i < g.node_count(); ++i) covered_ops().insert(g.node(i).op);
  g.backward(loss);

  // The numeric side projects in double outside the engine: the engine's sum
  // accumulates in float (as PyTorch's), and float rounding of a large sum
  // would swamp the tiny differences the central differences take.
  auto eval = [&]() {
    g.clear();
    NoGrad ng(g);
    Var out = f(g);
    double acc = 0;
    for (size_t i = 0; i < r.size(); ++i) acc += double(out->value.data[i]) * double(r[i]);
    return acc;
  };
  std::ostringstream err;
  int bad = 0;
  for (Parameter* p : params) {
    for (size_t i = 0; i < p->value.data.size(); ++i) {
      float& w = p->value.data[i];
      const float w0 = w;
      const double h = tol.h;
      w = float(w0 + h);     const double f1 = eval();
      w = float(w0 - h);     const double fm1 = eval();
      w = float(w0 + 2 * h); const double f2 = eval();
      w = float(w0 - 2 * h); const double fm2 = eval();
      w = w0;
      const double num = (8.0 * (f1 - fm1) - (f2 - fm2)) / (12.0 * h);
      const double ana = p->grad[i];
      const double lim = tol.atol + tol.rtol * std::max(std::fabs(num), std::fabs(ana));
      if (std::fabs(num - ana) > lim && bad++ < 5)
        err << p->name << "[" << i << "]: analytic " << ana << " vs numeric " << num << "\n";
    }
  }
  if (bad) err << bad << " mismatching gradient entries";
  return err.str();
}

}  // namespace mlpg::testing
