#pragma once
// One training step, the same for every trainer (Model::fit, the character
// model, the lessons): zero the gradients, run backward from the loss, and
// update, with one policy for a loss that is not finite.
#include "core/graph.h"
#include "training/optim.h"

namespace mlpg {

struct StepResult {
  float loss = 0;       // the loss before the update
  bool finite = true;   // false: the loss or a gradient was NaN/inf, and no update was made
};

// If the loss or any gradient is not finite, the parameters (and the
// optimizer's state) keep their last good values and the result says so; the
// caller decides what to tell the learner. clip_norm > 0 clips the global
// gradient norm first (clip_grad_norm).
StepResult train_step(Graph& g, Var loss, Optimizer& opt, float clip_norm = 0.f);

// The same step split into parts (gradient accumulation), for a caller that
// cannot run a whole batch at once (a lesson inside a 16 ms frame): part
// `first` zeroes the gradients, every part adds weight·∇loss (weight = its
// share of the batch), part `last` updates under train_step's policy. A part
// whose loss is not finite spoils the step: no update, and `finite` is false
// from then until the last part. `parts` carries that across calls.
struct StepParts {
  bool finite = true;
};
StepResult train_step_part(Graph& g, Var loss, Optimizer& opt, float weight, bool first, bool last, StepParts& parts,
                           float clip_norm = 0.f);

}  // namespace mlpg
