#include "training/optim.h"

#include "kernels/kernels.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace mlpg {

OptimizerConfig sgd(float lr, float momentum, bool nesterov, float weight_decay) {
  OptimizerConfig c;
  c.kind = OptimizerKind::SGD; c.lr = lr; c.momentum = momentum; c.nesterov = nesterov;
  c.weight_decay = weight_decay;
  return c;
}
OptimizerConfig rmsprop(float lr, float alpha, float eps, float momentum) {
  OptimizerConfig c;
  c.kind = OptimizerKind::RMSProp; c.lr = lr; c.alpha = alpha; c.eps = eps; c.momentum = momentum;
  return c;
}
OptimizerConfig adam(float lr, float beta1, float beta2, float eps) {
  OptimizerConfig c;
  c.kind = OptimizerKind::Adam; c.lr = lr; c.beta1 = beta1; c.beta2 = beta2; c.eps = eps;
  return c;
}
OptimizerConfig adamw(float lr, float weight_decay) {
  OptimizerConfig c;
  c.kind = OptimizerKind::AdamW; c.lr = lr; c.weight_decay = weight_decay;
  return c;
}

Optimizer::Optimizer(OptimizerConfig c, std::vector<Parameter*> ps) : cfg(c), params(std::move(ps)) {
  if (!(cfg.lr > 0.f) || !std::isfinite(cfg.lr)) throw std::invalid_argument("optimizer: learning rate must be a positive number");
  if (cfg.nesterov && cfg.momentum <= 0.f) throw std::invalid_argument("optimizer: Nesterov needs momentum > 0");
  for (Parameter* p : params) {
    buf1.emplace_back(size_t(p->numel()), 0.f);
    buf2.emplace_back(size_t(p->numel()), 0.f);
  }
}

void Optimizer::zero_grad() {
  for (Parameter* p : params) std::memset(p->grad.data(), 0, p->grad.size() * sizeof(float));
}

void Optimizer::step() {
  ++t;
  const OptimizerConfig& c = cfg;
  for (size_t k = 0; k < params.size(); ++k) {
    float* w = params[k]->value.data.data();
    const float* gr = params[k]->grad.data();
    float* m = buf1[k].data();
    float* v = buf2[k].data();
    const size_t n = params[k]->grad.size();
    switch (c.kind) {
      case OptimizerKind::SGD:
        // g += wd·w; buf = g (first step) or μ·buf + g; g = nesterov ? g + μ·buf : buf; w −= lr·g
        for (size_t i = 0; i < n; ++i) {
          float g = gr[i] + c.weight_decay * w[i];
          if (c.momentum != 0.f) {
            m[i] = t == 1 ? g : c.momentum * m[i] + g;
            g = c.nesterov ? g + c.momentum * m[i] : m[i];
          }
          w[i] -= c.lr * g;
        }
        break;
      case OptimizerKind::RMSProp:
        // sq = α·sq + (1−α)·g²; w −= lr·g / (√sq + ε) (with momentum: buf = μ·buf + g/(√sq+ε); w −= lr·buf)
        for (size_t i = 0; i < n; ++i) {
          const float g = gr[i] + c.weight_decay * w[i];
          v[i] = c.alpha * v[i] + (1.f - c.alpha) * g * g;
          const float step = g / (std::sqrt(v[i]) + c.eps);
          if (c.momentum > 0.f) {
            m[i] = c.momentum * m[i] + step;
            w[i] -= c.lr * m[i];
          } else {
            w[i] -= c.lr * step;
          }
        }
        break;
      case OptimizerKind::Adam:
      case OptimizerKind::AdamW: {
        // AdamW first shrinks w ← w·(1 − lr·wd) (decoupled); Adam adds wd·w to g.
        // m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²;
        // w −= (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)   (kernels' adam family)
        // Bias corrections in double, as PyTorch computes them (Python floats).
        const double bc1 = 1.0 - std::pow(double(c.beta1), double(t));
        kernels::AdamArgs a;
        a.n = n; a.w = w; a.g = gr; a.m = m; a.v = v;
        a.lr = c.lr; a.beta1 = c.beta1; a.beta2 = c.beta2; a.eps = c.eps; a.weight_decay = c.weight_decay;
        a.decoupled = c.kind == OptimizerKind::AdamW;
        a.step_size = float(double(c.lr) / bc1);
        a.bc2_sqrt = float(std::sqrt(1.0 - std::pow(double(c.beta2), double(t))));
        kernels::active_kernels().adam(a);
        break;
      }
    }
  }
}

float clip_grad_norm(const std::vector<Parameter*>& params, float max_norm) {
  double sq = 0;
  for (Parameter* p : params)
    for (float g : p->grad) sq += double(g) * g;
  const float norm = float(std::sqrt(sq));
  const float coef = max_norm / (norm + 1e-6f);
  if (coef < 1.f)
    for (Parameter* p : params)
      for (float& g : p->grad) g *= coef;
  return norm;
}

float step_lr(float base_lr, int epoch, int step_size, float gamma) {
  return base_lr * std::pow(gamma, float(epoch / (step_size > 0 ? step_size : 1)));
}

float cosine_lr(float base_lr, int t, int t_max, float eta_min) {
  const float pi = 3.14159265358979f;
  return eta_min + (base_lr - eta_min) * (1.f + std::cos(pi * float(t) / float(t_max))) / 2.f;
}

}  // namespace mlpg
