#include "training/train_step.h"

#include <cmath>

#include "ops/ops.h"

namespace mlpg {

namespace {
bool all_finite(const std::vector<float>& v) {
  // Summing propagates any NaN/inf; a plain loop the compiler vectorises.
  float acc = 0.f;
  for (float x : v) acc += x * 0.f;  // 0·inf and 0·NaN are NaN, 0·finite is 0
  return acc == 0.f;
}
}  // namespace

StepResult train_step_part(Graph& g, Var loss, Optimizer& opt, float weight, bool first, bool last, StepParts& parts,
                           float clip_norm) {
  StepResult r;
  r.loss = loss->value.data[0];
  if (first) {
    opt.zero_grad();
    parts.finite = true;
  }
  parts.finite = parts.finite && std::isfinite(r.loss);
  if (parts.finite) g.backward(weight == 1.f ? loss : scale(loss, weight));
  if (last && parts.finite) {
    for (const Parameter* p : opt.params) parts.finite = parts.finite && all_finite(p->grad);
    if (parts.finite) {
      if (clip_norm > 0.f) clip_grad_norm(opt.params, clip_norm);
      opt.step();
    }
  }
  r.finite = parts.finite;
  return r;
}

StepResult train_step(Graph& g, Var loss, Optimizer& opt, float clip_norm) {
  StepParts whole;
  return train_step_part(g, loss, opt, 1.f, /*first=*/true, /*last=*/true, whole, clip_norm);
}

}  // namespace mlpg
