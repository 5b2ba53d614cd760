#pragma once
// Seeded random fills and initializers (every random thing takes a seed).
#include <cstdint>
#include <random>

#include "core/tensor.h"

namespace mlpg {

using Rng = std::mt19937;

void fill_uniform(Array& a, Rng& rng, float lo, float hi);
void fill_normal(Array& a, Rng& rng, float mean, float stddev);
// Xavier/Glorot uniform: U(±sqrt(6 / (fan_in + fan_out))), for tanh/sigmoid.
void xavier_uniform(Array& a, Rng& rng, int fan_in, int fan_out);
// He/Kaiming normal: N(0, sqrt(2 / fan_in)), for ReLU.
void he_normal(Array& a, Rng& rng, int fan_in);

}  // namespace mlpg
