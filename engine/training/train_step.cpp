#include "training/train_step.h"

#include <cmath>

namespace mlpg {

namespace {
bool all_finite(const std::vector<float>& v) {
  // Summing propagates any NaN/inf; a plain loop the compiler vectorises.
  float acc = 0.f;
  for (float x : v) acc += x * 0.f;  // 0·inf and 0·NaN are NaN, 0·finite is 0
  return acc == 0.f;
}
}  // namespace

StepResult train_step(Graph& g, Var loss, Optimizer& opt, float clip_norm) {
  StepResult r;
  r.loss = loss->value.data[0];
  r.finite = std::isfinite(r.loss);
  if (!r.finite) return r;
  opt.zero_grad();
  g.backward(loss);
  for (const Parameter* p : opt.params)
    if (!all_finite(p->grad)) { r.finite = false; return r; }
  if (clip_norm > 0.f) clip_grad_norm(opt.params, clip_norm);
  opt.step();
  return r;
}

}  // namespace mlpg
