#pragma once
// Seeded random inputs for the kernel tests.
#include <random>
#include <vector>

#include "kernels/kernels.h"

// Uniform floats in [-1, 1).
inline std::vector<float> random_vec(std::mt19937& rng, size_t n) {
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> v(n);
  for (auto& x : v) x = u(rng);
  return v;
}

// One GEMM problem from a seed: op(A) m x k, op(B) k x n, leading dimensions
// padded by seed % 3 (strided), alpha 1 or -0.75, beta 0.5 for one seed in
// four (else 0), a bias row for one seed in three (else none), and C's
// starting values. g.a, g.b and g.bias point into a, b and bias; g.c is left
// for the caller (each run needs its own copy of c).
struct GemmCase {
  mlpg::kernels::GemmArgs g;
  std::vector<float> a, b, c, bias;
};
inline GemmCase random_gemm(unsigned seed, int m, int n, int k, bool ta, bool tb) {
  std::mt19937 rng(seed);
  const int pad = int(seed % 3);
  GemmCase t;
  mlpg::kernels::GemmArgs& g = t.g;
  g.trans_a = ta; g.trans_b = tb; g.m = m; g.n = n; g.k = k;
  g.alpha = (seed % 2) ? 1.f : -0.75f;
  g.beta = (seed % 4 == 0) ? 0.5f : 0.f;
  g.lda = (ta ? m : k) + pad;
  g.ldb = (tb ? k : n) + pad;
  g.ldc = n + pad;
  t.a = random_vec(rng, size_t(ta ? k : m) * g.lda);
  t.b = random_vec(rng, size_t(tb ? n : k) * g.ldb);
  t.c = random_vec(rng, size_t(m) * g.ldc);
  if ((seed / 2) % 3 == 0) t.bias = random_vec(rng, size_t(n));
  g.a = t.a.data(); g.b = t.b.data();
  g.bias = t.bias.empty() ? nullptr : t.bias.data();
  return t;
}
