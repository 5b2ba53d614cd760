#pragma once
// Losses and the course's regularization terms, built from differentiable ops.
#include <vector>

#include "core/graph.h"
#include "ops/ops.h"

namespace mlpg {

// The course's cost (article §3): 1/(2m) Σ_i (h(x_i) − y_i)², m = h's first
// dimension (examples); with several outputs per example their squares add.
Var mse_course(Var h, Var y);
// Cross-entropy from logits against target probabilities (rows sum to 1),
// averaged over the batch: −1/B Σ_b Σ_c t_bc log softmax(z_b)_c.
Var cross_entropy(Var logits, Var target_probs);
// sparse_cross_entropy(logits, labels) and bce_with_logits(logits, targets) are
// fused ops in ops.h.

// L2 in the course's form: λ/(2m) Σ_j θ_j² over parameters with regularize
// set (weights; biases, the course's θ_0, are excluded). Its gradient adds
// (λ/m) θ_j to each weight's gradient: "weight decay in the loss". This differs
// from decoupled weight decay (AdamW), which shrinks θ ← θ − lr·wd·θ outside
// the gradient, so Adam's per-parameter scaling does not touch it.
Var l2_penalty(Graph& g, const std::vector<Parameter*>& params, float lambda, int m);
// L1: (λ/m) Σ_j |θ_j| over the same parameters (subgradient 0 at θ_j = 0).
Var l1_penalty(Graph& g, const std::vector<Parameter*>& params, float lambda, int m);

}  // namespace mlpg
