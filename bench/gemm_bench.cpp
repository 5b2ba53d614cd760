// SGEMM throughput: ours (every kernel set this build can run) and Eigen 3.4,
// on square sizes and the course models' shapes, plus the peak of a
// register-only multiply + add loop on 128-bit vectors (what SIMD128 can do
// at best without FMA). Prints one JSON object per line for bench/report.mjs.
// Built natively and with Emscripten (run in Node), single-threaded.
#include <Eigen/Dense>
#if !defined(__EMSCRIPTEN__) && defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
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

// The ceiling for 128-bit vectors without FMA, measured two ways in the same
// run, and the higher one is the loop's peak (bench/report.mjs then takes the
// higher of it and our best SGEMM, which in wasm beats both loops: V8 spills
// more than twelve live vectors, so the loops cannot carry more chains):
//  - chains: six independent multiply chains and six independent add chains,
//    all in registers (12 ops x 4 lanes = 48 flops an iteration);
//  - gemm-shaped: what a 4x8 micro-kernel's inner loop does with L1-resident
//    data (two vector loads, four broadcasts, 8 independent multiplies feeding
//    8 accumulators: 64 flops an iteration), the best any GEMM could do.
// Both are noinline and called many times: V8 first runs a wasm function in
// its baseline compiler and swaps in optimised code only on a later call, so
// one long call would time the baseline code (this bench once read 16 GFLOP/s
// for that reason).
__attribute__((noinline)) float vec128_chains(float one, long iters) {
  const v4f m = {one * 0.9999999f, one * 0.9999999f, one * 0.9999999f, one * 0.9999999f};
  const v4f d = {one * 1e-7f, one * 1e-7f, one * 1e-7f, one * 1e-7f};
  v4f x0 = {one, one, one, one}, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, x4 = x3 + d, x5 = x4 + d;
  v4f y0 = x0 * m, y1 = x1 * m, y2 = x2 * m, y3 = x3 * m, y4 = x4 * m, y5 = x5 * m;
  for (long k = 0; k < iters; ++k) {
    x0 = x0 * m; y0 = y0 + d; x1 = x1 * m; y1 = y1 + d; x2 = x2 * m; y2 = y2 + d;
    x3 = x3 * m; y3 = y3 + d; x4 = x4 * m; y4 = y4 + d; x5 = x5 * m; y5 = y5 + d;
  }
  const v4f t = x0 + x1 + x2 + x3 + x4 + x5 + y0 + y1 + y2 + y3 + y4 + y5;
  return t[0] + t[3];
}

__attribute__((noinline)) float vec128_gemm_shaped(const float* a, const float* b, long iters) {
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
  return t[0] + t[3];
}

template <class F>
double peak_gflops(double flops_per_iter, long iters, F&& block) {
  for (int i = 0; i < 50; ++i) block();  // let V8 tier up
  return flops_per_iter * double(iters) / seconds_per_call(block) / 1e9;
}

double vec128_peak_gflops() {
  const long iters = 200'000;
  volatile float one = 1.0f;  // volatile: the compiler cannot fold the chains
  volatile float sink = 0;
  alignas(16) static float a[64 * 4], b[64 * 8];
  for (int i = 0; i < 64 * 4; ++i) a[i] = 1e-3f * float(i % 7);
  for (int i = 0; i < 64 * 8; ++i) b[i] = 1e-3f * float(i % 5);
  const double chains = peak_gflops(48.0, iters, [&] { sink = sink + vec128_chains(one, iters); });
  const double gemm_shaped = peak_gflops(64.0, iters, [&] { sink = sink + vec128_gemm_shaped(a, b, iters); });
  return std::max(chains, gemm_shaped);
}

#if !defined(__EMSCRIPTEN__) && defined(__x86_64__)
// Natively the widest ISA the CPU has sets the roofline (#19): FMA chains on
// 256-bit (AVX2) and 512-bit (AVX-512F) vectors, twelve independent
// accumulators (more than FMA latency x ports), 2 flops per lane each.
// (Written out per ISA: a helper template would not carry the target
// attribute into its inlined body. Unrolled, so the accumulators live in
// registers, not in a stack array.)
__attribute__((noinline, target("avx2,fma"))) float avx2_fma_chains(float one, long iters) {
  const __m256 o = _mm256_set1_ps(one), t = _mm256_set1_ps(one * 1e-9f);
  __m256 acc[12];
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_ps(one * 1e-9f * float(i + 1));  // distinct: no CSE
  for (long k = 0; k < iters; ++k)
#pragma GCC unroll 12
    for (__m256& a : acc) a = _mm256_fmadd_ps(a, o, t);
  __m256 sum = acc[0];
  for (int i = 1; i < 12; ++i) sum = _mm256_add_ps(sum, acc[i]);
  return _mm256_cvtss_f32(sum);
}
__attribute__((noinline, target("avx512f"))) float avx512_fma_chains(float one, long iters) {
  const __m512 o = _mm512_set1_ps(one), t = _mm512_set1_ps(one * 1e-9f);
  __m512 acc[12];
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_ps(one * 1e-9f * float(i + 1));  // distinct: no CSE
  for (long k = 0; k < iters; ++k)
#pragma GCC unroll 12
    for (__m512& a : acc) a = _mm512_fmadd_ps(a, o, t);
  __m512 sum = acc[0];
  for (int i = 1; i < 12; ++i) sum = _mm512_add_ps(sum, acc[i]);
  // Summed through memory: GCC 12's _mm512_reduce_add_ps inlines header code
  // it then warns about (an "uninitialized" false positive).
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  float total = 0.f;
  for (float v : lanes) total += v;
  return total;
}
void emit_fma_peaks() {
  const long iters = 200'000;
  volatile float one = 1.0f;
  volatile float sink = 0;
  auto emit = [](const char* isa, double gflops) {
    std::printf("{\"bench\":\"peak\",\"world\":\"native\",\"isa\":\"%s\",\"gflops\":%.2f}\n", isa, gflops);
    std::fflush(stdout);
  };
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    emit("avx2-fma", peak_gflops(12 * 8 * 2.0, iters, [&] { sink = sink + avx2_fma_chains(one, iters); }));
  if (__builtin_cpu_supports("avx512f"))
    emit("avx512-fma", peak_gflops(12 * 16 * 2.0, iters, [&] { sink = sink + avx512_fma_chains(one, iters); }));
}
#else
void emit_fma_peaks() {}
#endif

// op(A)[m,k] · op(B)[k,n]; ta/tb: A or B is stored transposed (the
// backward passes' shapes: a weight gradient is Aᵀ·dY, an input gradient dY·Bᵀ).
struct Shape { const char* name; int m, n, k; bool ta = false, tb = false; };

void emit(const char* impl, const char* isa, const Shape& s, double gflops) {
  std::printf("{\"bench\":\"gemm\",\"world\":\"%s\",\"impl\":\"%s\",\"isa\":\"%s\",\"shape\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"gflops\":%.2f}\n",
              kWorld, impl, isa, s.name, s.m, s.n, s.k, gflops);
  std::fflush(stdout);
}

}  // namespace

int main() {
  // The peak is measured before and after the shapes (the report keeps the
  // best): on this shared machine one short measurement can land in a slow
  // moment, and a low peak would flatter every "% of peak".
  auto emit_peak = [] {
    std::printf("{\"bench\":\"peak\",\"world\":\"%s\",\"isa\":\"vec128-mul+add\",\"gflops\":%.2f}\n", kWorld,
                vec128_peak_gflops());
    std::fflush(stdout);
  };
  emit_peak();
  const std::vector<Shape> shapes = {
      {"64", 64, 64, 64}, {"128", 128, 128, 128}, {"256", 256, 256, 256}, {"512", 512, 512, 512}, {"1024", 1024, 1024, 1024},
      {"cnn-conv1 21632x9x32", 21632, 32, 9}, {"cnn-conv2 3872x288x64", 3872, 64, 288}, {"lstm 32x356x1024", 32, 1024, 356},
      // Training's other GEMMs at batch 32 (conv2's and dense1's weight and
      // input gradients, conv1's weight gradient): where a step's GEMM time goes.
      {"cnn-conv2 dW 288x3872x64 At", 288, 64, 3872, true, false},
      {"cnn-conv2 dX 3872x64x288 Bt", 3872, 288, 64, false, true},
      {"cnn-conv1 dW 9x21632x32 At", 9, 32, 21632, true, false},
      {"cnn-dense1 32x1600x128", 32, 128, 1600},
      {"cnn-dense1 dW 1600x32x128 At", 1600, 128, 32, true, false},
      {"cnn-dense1 dX 32x128x1600 Bt", 32, 1600, 128, false, true},
      // The LSTM's per-step GEMMs (batch 32, hidden 256, four gates): h·W_hhᵀ,
      // its input gradient and W_hh's gradient, once per step and layer.
      {"lstm step 32x256x1024 Bt", 32, 1024, 256, false, true},
      {"lstm step dH 32x1024x256", 32, 256, 1024},
      {"lstm step dW 1024x32x256 At", 1024, 256, 32, true, false}};
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
        ks.gemm({s.ta, s.tb, s.m, s.n, s.k, 1.f, a.data(), s.ta ? s.m : s.k, b.data(), s.tb ? s.k : s.n, 0.f, c.data(), s.n});
      });
      emit("ours", ks.name, s, flop / t / 1e9);
    }
    using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const RowMajor> A(a.data(), s.ta ? s.k : s.m, s.ta ? s.m : s.k), B(b.data(), s.tb ? s.n : s.k, s.tb ? s.k : s.n);
    Eigen::Map<RowMajor> C(c.data(), s.m, s.n);
    const double t = seconds_per_call([&] {
      if (s.ta && s.tb) C.noalias() = A.transpose() * B.transpose();
      else if (s.ta) C.noalias() = A.transpose() * B;
      else if (s.tb) C.noalias() = A * B.transpose();
      else C.noalias() = A * B;
    });
    emit("eigen", "eigen-3.4", s, flop / t / 1e9);
  }
  emit_peak();
  emit_fma_peaks();
  return 0;
}
