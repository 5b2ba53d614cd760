#include "training/train_step.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "ops/ops.h"

namespace mlpg {

namespace {
bool all_finite(const std::vector<float>& v) {
  // Inf and NaN are the floats whose exponent bits are all set. An OR of
  // integers vectorises (a float sum would not: its order is fixed, and one
  // chain of dependent adds cost 2 % of a CNN training step).
  uint32_t bad = 0;
  for (float x : v) {
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    bad |= uint32_t((bits & 0x7f800000u) == 0x7f800000u);
  }
  return bad == 0;
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
