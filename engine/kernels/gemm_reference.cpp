// Scalar reference GEMM: obviously correct, not designed to be fast (double accumulation).
#include "kernels/kernels.h"

namespace mlpg::kernels {

void f32_gemm__scalar(const GemmArgs& g) {
  for (int i = 0; i < g.m; ++i) {
    for (int j = 0; j < g.n; ++j) {
      double acc = 0.0;  // double so the oracle is more exact than any variant
      for (int p = 0; p < g.k; ++p) {
        float a = g.trans_a ? g.a[p * g.lda + i] : g.a[i * g.lda + p];
        float b = g.trans_b ? g.b[j * g.ldb + p] : g.b[p * g.ldb + j];
        acc += double(a) * double(b);
      }
      float& c = g.c[i * g.ldc + j];
      c = g.alpha * float(acc) + (g.beta == 0.f ? 0.f : g.beta * c) + (g.bias ? g.bias[j] : 0.f);
    }
  }
}

}  // namespace mlpg::kernels
