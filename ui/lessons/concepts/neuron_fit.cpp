#include "neuron_fit.h"

#include <cmath>

#include "training/optim.h"

namespace mlpg::ui {

double neuron_predict(const std::array<double, 4>& t, BpAct a, double x) { return t[2] * bp_activate(a, t[0] * x + t[1]) + t[3]; }

NeuronFit fit_one_neuron() {
  NeuronFit f;
  for (int i = 0; i < kFitPoints; ++i) {
    const float x = -3.f + 6.f * float(i) / float(kFitPoints - 1);
    f.x.push_back(x);
    f.y.push_back(float(1.0 / (1.0 + std::exp(-4.0 * (x - 0.5)))));
  }
  for (int k = 0; k < 4; ++k) {
    const BpAct act = BpAct(k);
    // The engine's Adam on four one-number parameters; gradients by the chain rule below.
    Parameter w("w", Shape{1}), b("b", Shape{1}), v("v", Shape{1}), c("c", Shape{1});
    w.value.data = {1.f}, b.value.data = {0.f}, v.value.data = {0.5f}, c.value.data = {0.f};
    Optimizer opt(adam(0.03f), {&w, &b, &v, &c});
    auto loss = [&](bool grads) {
      double l = 0, gw = 0, gb = 0, gv = 0, gc = 0;
      for (int i = 0; i < kFitPoints; ++i) {
        const double z = double(w.value[0]) * f.x[size_t(i)] + b.value[0], a = bp_activate(act, z);
        const double e = double(v.value[0]) * a + c.value[0] - f.y[size_t(i)];
        l += e * e;
        const double d = 2 * e / kFitPoints, dz = d * v.value[0] * bp_activate_derivative(act, z);
        gw += dz * f.x[size_t(i)], gb += dz, gv += d * a, gc += d;
      }
      if (grads) w.grad = {float(gw)}, b.grad = {float(gb)}, v.grad = {float(gv)}, c.grad = {float(gc)};
      return l / kFitPoints;
    };
    f.start_mse[size_t(k)] = loss(false);
    for (int s = 0; s < kFitSteps; ++s) {
      loss(true);
      opt.step();
    }
    f.mse[size_t(k)] = loss(false);
    f.theta[size_t(k)] = {w.value[0], b.value[0], v.value[0], c.value[0]};
  }
  return f;
}

}  // namespace mlpg::ui
