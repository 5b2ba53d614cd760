#pragma once
// Kernel families and the one dispatch table that picks a variant for each.
// Kernels work on plain float buffers and know nothing of tensors or autograd.
// Naming: f32_<op>__<isa>_<tile>, e.g. f32_gemm__vec128_4x8.
#include <cstddef>
#include <cstdint>

namespace mlpg::kernels {

// C[m,n] = alpha * op(A)[m,k] * op(B)[k,n] + beta * C, row-major with leading
// dimensions. op(X) is X or its transpose. beta == 0 never reads C (so C may
// hold garbage or NaN).
struct GemmArgs {
  bool trans_a = false, trans_b = false;
  int m = 0, n = 0, k = 0;
  float alpha = 1.f;
  const float* a = nullptr; int lda = 0;
  const float* b = nullptr; int ldb = 0;
  float beta = 0.f;
  float* c = nullptr; int ldc = 0;
};

using GemmFn = void (*)(const GemmArgs&);
using BinaryFn = void (*)(size_t n, const float* a, const float* b, float* y);
// y[i] += alpha * x[i]
using AxpyFn = void (*)(size_t n, float alpha, const float* x, float* y);

struct KernelSet {
  const char* name;  // what actually runs: "scalar", "wasm-simd128", "native-sse2"...
  GemmFn gemm;
  BinaryFn add, mul;
  AxpyFn axpy;
};

// The scalar reference ("not designed to be fast"): the oracle for tests.
const KernelSet& reference_kernels();
// The set chosen at build time (CMake option MLPG_KERNELS).
const KernelSet& active_kernels();

// Reference kernels, exposed so tests and other variants can call them.
void f32_gemm__scalar(const GemmArgs& g);
void f32_add__scalar(size_t n, const float* a, const float* b, float* y);
void f32_mul__scalar(size_t n, const float* a, const float* b, float* y);
void f32_axpy__scalar(size_t n, float alpha, const float* x, float* y);

// Portable 128-bit vector variants (GCC/Clang vector extensions: SSE natively,
// SIMD128 under Emscripten with -msimd128).
void f32_gemm__vec128_4x8(const GemmArgs& g);
void f32_add__vec128_x8(size_t n, const float* a, const float* b, float* y);
void f32_mul__vec128_x8(size_t n, const float* a, const float* b, float* y);
void f32_axpy__vec128_x8(size_t n, float alpha, const float* x, float* y);

#if defined(MLPG_HAVE_AVX2_KERNELS)
// Native x86-64 AVX2 + FMA (256-bit) variants, used when the CPU has both.
void f32_gemm__avx2_6x16(const GemmArgs& g);
void f32_add__avx2_x16(size_t n, const float* a, const float* b, float* y);
void f32_mul__avx2_x16(size_t n, const float* a, const float* b, float* y);
void f32_axpy__avx2_x16(size_t n, float alpha, const float* x, float* y);
#endif

// Every kernel set this build has that can run on this CPU (tests check each
// against the reference; benchmarks compare them).
const KernelSet* const* available_kernel_sets(int* count);

}  // namespace mlpg::kernels

// ---------------------------------------------------------------- layout kernels
// Convolution and pooling on NHWC tensors (Keras' layout: channels last, so
// im2col rows are output pixels and the GEMM output is NHWC directly).
namespace mlpg::kernels {

struct ConvGeom {
  int n, h, w, c;       // input [n, h, w, c]
  int kh, kw, oc;       // weights [kh, kw, c, oc]
  int stride_h, stride_w;
  int pad_top, pad_left;
  int oh, ow;           // output [n, oh, ow, oc]
  int64_t rows() const { return int64_t(n) * oh * ow; }  // im2col rows
  int patch() const { return kh * kw * c; }               // im2col columns
};

// cols[rows, patch] from x (zero outside the image).
void f32_im2col_nhwc__scalar(const ConvGeom& g, const float* x, float* cols);
// dx += scatter of dcols[rows, patch] (the adjoint of im2col).
void f32_col2im_nhwc__scalar(const ConvGeom& g, const float* dcols, float* dx);

struct PoolGeom {
  int n, h, w, c;
  int ph, pw, stride_h, stride_w;
  int oh, ow;
};
// y[n, oh, ow, c]; argmax gets each output's input offset (for backward).
void f32_maxpool_nhwc__scalar(const PoolGeom& g, const float* x, float* y, int32_t* argmax);
void f32_maxpool_nhwc_backward__scalar(const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx);
void f32_avgpool_nhwc__scalar(const PoolGeom& g, const float* x, float* y);
void f32_avgpool_nhwc_backward__scalar(const PoolGeom& g, const float* dy, float* dx);

}  // namespace mlpg::kernels
