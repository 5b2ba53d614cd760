// Q4, how to optimize: six of the engine's optimizers race from one start
// on a 2-D loss surface with one learning rate. Each racer is a Parameter of
// two numbers whose gradient is the surface's, stepped by the engine's own
// Optimizer (the one the models train with).
#include <algorithm>
#include <cmath>

#include "faq_lab.h"

namespace mlpg::ui {

const char* racer_name(int i) {
  static const char* const names[kRacers] = {"SGD", "momentum", "Nesterov", "RMSProp", "Adam", "AdamW"};
  return i >= 0 && i < kRacers ? names[i] : "?";
}

double surface_value(int surface, double x, double y, double* gx, double* gy) {
  switch (surface) {
    case 1:  // a narrow valley: curvature 50 times larger across than along
      *gx = x, *gy = 50 * y;
      return 0.5 * (x * x + 50 * y * y);
    case 2:  // a saddle at the origin, minima at y = ±1 (value −1/4)
      *gx = 2 * x, *gy = y * y * y - y;
      return x * x + 0.25 * y * y * y * y - 0.5 * y * y;
    default:  // Rosenbrock's banana: the minimum 0 at (1, 1) at the end of a curved valley
      *gx = -2 * (1 - x) - 400 * x * (y - x * x), *gy = 200 * (y - x * x);
      return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  }
}

double surface_minimum(int surface) { return surface == 2 ? -0.25 : 0.0; }

void surface_start(int surface, double* x, double* y) {
  if (surface == 1) *x = -4, *y = 1;
  else if (surface == 2) *x = 1, *y = 1e-3;  // just off the saddle's ridge
  else *x = -1.5, *y = 2;
}

double race_lr(const Race& r, long step) {
  if (r.schedule == kStepDecay) return step_lr(float(r.lr), int(step), kStepEvery500, 0.5f);
  if (r.schedule == kCosine) return cosine_lr(float(r.lr), int(std::min<long>(step, kCosineSteps)), kCosineSteps);
  return r.lr;
}

void race_reset(Race& r, int surface, double lr, int schedule) {
  r.surface = surface;
  r.lr = lr;
  r.schedule = schedule;
  r.steps = 0;
  const float f = float(lr);
  const OptimizerConfig configs[kRacers] = {sgd(f), sgd(f, 0.9f), sgd(f, 0.9f, true), rmsprop(f), adam(f), adamw(f, 0.01f)};
  double x0, y0, gx, gy;
  surface_start(surface, &x0, &y0);
  const double v0 = surface_value(surface, x0, y0, &gx, &gy);
  for (int i = 0; i < kRacers; ++i) {
    Racer& rc = r.racers[i];
    rc.xy.value.data[0] = float(x0);
    rc.xy.value.data[1] = float(y0);
    rc.opt = std::make_unique<Optimizer>(configs[i], std::vector<Parameter*>{&rc.xy});
    rc.xs.assign(1, float(x0));
    rc.ys.assign(1, float(y0));
    rc.loss.assign(1, float(v0));
    rc.diverged_at = -1;
  }
}

void race_step(Race& r, int steps) {
  for (int s = 0; s < steps && r.steps < kRaceMaxSteps; ++s) {
    const float lr = float(race_lr(r, r.steps));  // the schedule's rate for this step (step 0 first)
    ++r.steps;
    for (Racer& rc : r.racers) {
      if (rc.diverged_at >= 0) continue;
      rc.opt->cfg.lr = lr;
      double gx, gy;
      surface_value(r.surface, rc.xy.value.data[0], rc.xy.value.data[1], &gx, &gy);
      rc.xy.grad[0] = float(gx);
      rc.xy.grad[1] = float(gy);
      rc.opt->step();
      const double x = rc.xy.value.data[0], y = rc.xy.value.data[1];
      const double v = surface_value(r.surface, x, y, &gx, &gy);
      if (!std::isfinite(v) || std::fabs(v) > 1e4 * std::max(1.0, std::fabs(double(rc.loss.front()))) || !std::isfinite(x) ||
          !std::isfinite(y)) {
        rc.diverged_at = int(r.steps);  // stops here: a too-large step for this optimizer
        continue;
      }
      rc.xs.push_back(float(x));
      rc.ys.push_back(float(y));
      rc.loss.push_back(float(v));
    }
  }
}

}  // namespace mlpg::ui
