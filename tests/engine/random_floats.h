#pragma once
// Seeded uniform floats in [-1, 1): the kernel tests' inputs.
#include <random>
#include <vector>

inline std::vector<float> random_vec(std::mt19937& rng, size_t n) {
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> v(n);
  for (auto& x : v) x = u(rng);
  return v;
}
