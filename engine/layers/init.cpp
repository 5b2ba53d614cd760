#include "layers/init.h"

#include <cmath>

namespace mlpg {

void fill_uniform(Array& a, Rng& rng, float lo, float hi) {
  std::uniform_real_distribution<float> u(lo, hi);
  for (float& x : a.data) x = u(rng);
}

void fill_normal(Array& a, Rng& rng, float mean, float stddev) {
  std::normal_distribution<float> n(mean, stddev);
  for (float& x : a.data) x = n(rng);
}

void xavier_uniform(Array& a, Rng& rng, int fan_in, int fan_out) {
  const float r = std::sqrt(6.f / float(fan_in + fan_out));
  fill_uniform(a, rng, -r, r);
}

void he_normal(Array& a, Rng& rng, int fan_in) { fill_normal(a, rng, 0.f, std::sqrt(2.f / float(fan_in))); }

}  // namespace mlpg
