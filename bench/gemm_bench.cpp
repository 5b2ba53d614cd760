// SGEMM throughput: ours (every kernel set this build can run) and Eigen 3.4,
// on square sizes and the course models' shapes, plus the peak of a
// register-only multiply + add loop on 128-bit vectors (what SIMD128 can do
// at best without FMA). Prints one JSON object per line for bench/report.mjs.
// Built natively and with Emscripten (run in Node), single-threaded.
#include <Eigen/Dense>

#include <chrono>
#include <cstring>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench_common.h"
#include "kernels/kernels.h"

using namespace mlpg::kernels;

namespace {

using mlpg::bench::kWorld;
using mlpg::bench::now;

// Best of 3 timings, each repeating fn until at least 0.15 s has passed.
template <class F>
double seconds_per_call(F&& fn) {
  fn();  // warm up (packing buffers, caches)
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    int n = 0;
    const double t0 = now();
    double t = t0;
    do { fn(); ++n; t = now(); } while (t - t0 < 0.15);
    best = std::min(best, (t - t0) / n);
  }
  return best;
}

typedef float v4f __attribute__((vector_size(16)));

// The best 128-bit multiply + add (no FMA) can do in a GEMM-shaped loop:
// 8 accumulators, two vector loads and four broadcasts an iteration from
// L1-resident data, only the adds chained. 8 x 4 lanes x 2 flops = 64 flops
// an iteration. This is the ceiling the GEMM kernels are measured against.
double vec128_peak_gflops() {
  alignas(16) static float a[64 * 4], b[64 * 8];
  for (int i = 0; i < 64 * 4; ++i) a[i] = 1e-3f * float(i % 7);
  for (int i = 0; i < 64 * 8; ++i) b[i] = 1e-3f * float(i % 5);
  const long iters = 2'000'000;
  volatile float sink = 0;
  const double s = seconds_per_call([&] {
    v4f c00 = {}, c01 = {}, c10 = {}, c11 = {}, c20 = {}, c21 = {}, c30 = {}, c31 = {};
    for (long k = 0; k < iters; ++k) {
      const int p = int(k & 63);
      v4f b0, b1;
      std::memcpy(&b0, b + p * 8, 16);
      std::memcpy(&b1, b + p * 8 + 4, 16);
      const float* ap = a + p * 4;
      const v4f a0 = {ap[0], ap[0], ap[0], ap[0]}, a1 = {ap[1], ap[1], ap[1], ap[1]};
      const v4f a2 = {ap[2], ap[2], ap[2], ap[2]}, a3 = {ap[3], ap[3], ap[3], ap[3]};
      c00 += a0 * b0; c01 += a0 * b1; c10 += a1 * b0; c11 += a1 * b1;
      c20 += a2 * b0; c21 += a2 * b1; c30 += a3 * b0; c31 += a3 * b1;
    }
    const v4f t = c00 + c01 + c10 + c11 + c20 + c21 + c30 + c31;
    sink = sink + t[0] + t[3];
  });
  return 64.0 * double(iters) / s / 1e9;
}

struct Shape { const char* name; int m, n, k; };

void emit(const char* impl, const char* isa, const Shape& s, double gflops) {
  std::printf("{\"bench\":\"gemm\",\"world\":\"%s\",\"impl\":\"%s\",\"isa\":\"%s\",\"shape\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"gflops\":%.2f}\n",
              kWorld, impl, isa, s.name, s.m, s.n, s.k, gflops);
  std::fflush(stdout);
}

}  // namespace

int main() {
  std::printf("{\"bench\":\"peak\",\"world\":\"%s\",\"isa\":\"vec128-mul+add\",\"gflops\":%.2f}\n", kWorld, vec128_peak_gflops());
  const std::vector<Shape> shapes = {
      {"64", 64, 64, 64}, {"128", 128, 128, 128}, {"256", 256, 256, 256}, {"512", 512, 512, 512}, {"1024", 1024, 1024, 1024},
      {"cnn-conv1 21632x9x32", 21632, 32, 9}, {"cnn-conv2 3872x288x64", 3872, 64, 288}, {"lstm 32x356x1024", 32, 1024, 356}};
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  int nsets = 0;
  const KernelSet* const* sets = available_kernel_sets(&nsets);
  for (const Shape& s : shapes) {
    std::vector<float> a(size_t(s.m) * s.k), b(size_t(s.k) * s.n), c(size_t(s.m) * s.n);
    for (float& x : a) x = u(rng);
    for (float& x : b) x = u(rng);
    const double flop = 2.0 * s.m * s.n * s.k;
    for (int i = 1; i < nsets; ++i) {  // skip the scalar reference: it is the oracle, not a contender
      const KernelSet& ks = *sets[i];
      const double t = seconds_per_call([&] {
        ks.gemm({false, false, s.m, s.n, s.k, 1.f, a.data(), s.k, b.data(), s.n, 0.f, c.data(), s.n});
      });
      emit("ours", ks.name, s, flop / t / 1e9);
    }
    using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const RowMajor> A(a.data(), s.m, s.k), B(b.data(), s.k, s.n);
    Eigen::Map<RowMajor> C(c.data(), s.m, s.n);
    const double t = seconds_per_call([&] { C.noalias() = A * B; });
    emit("eigen", "eigen-3.4", s, flop / t / 1e9);
  }
  return 0;
}
