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

}  // namespace mlpg
