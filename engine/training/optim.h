#pragma once
// Optimizers with PyTorch's update rules and defaults (torch.optim, 1.13), so
// a learner's numbers match what they would get there. Gradient descent
// flavours (full-batch, mini-batch, stochastic) are the same SGD step fed
// batches of m, b or 1 examples (see data.h).
#include <cstdint>
#include <vector>

#include "core/graph.h"

namespace mlpg {

enum class OptimizerKind { SGD, RMSProp, Adam, AdamW };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::SGD;
  float lr = 0.01f;
  float momentum = 0.f;      // SGD, RMSProp
  bool nesterov = false;     // SGD
  float alpha = 0.99f;       // RMSProp smoothing
  float beta1 = 0.9f, beta2 = 0.999f;
  float eps = 1e-8f;
  float weight_decay = 0.f;  // coupled (added to the gradient), except AdamW: decoupled
};

OptimizerConfig sgd(float lr, float momentum = 0.f, bool nesterov = false, float weight_decay = 0.f);
OptimizerConfig rmsprop(float lr = 0.01f, float alpha = 0.99f, float eps = 1e-8f, float momentum = 0.f);
OptimizerConfig adam(float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f);
OptimizerConfig adamw(float lr = 1e-3f, float weight_decay = 1e-2f);

struct Optimizer {
  OptimizerConfig cfg;
  std::vector<Parameter*> params;
  std::vector<std::vector<float>> buf1, buf2;  // momentum / first moment; square average / second moment
  int64_t t = 0;                               // steps taken

  Optimizer(OptimizerConfig c, std::vector<Parameter*> ps);
  void step();       // applies one update from the parameters' gradients
  void zero_grad();  // one memset per parameter
};

// Scales all gradients so their global L2 norm is at most max_norm (PyTorch's
// clip_grad_norm_: coefficient max_norm / (norm + 1e-6)); returns the norm before.
float clip_grad_norm(const std::vector<Parameter*>& params, float max_norm);

// Learning-rate schedules as pure functions of the epoch/step counter.
float step_lr(float base_lr, int epoch, int step_size, float gamma);                 // StepLR
float cosine_lr(float base_lr, int t, int t_max, float eta_min = 0.f);               // CosineAnnealingLR

}  // namespace mlpg
