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
// y[r, c] += bias[c] for a [rows, cols] row-major y (a Linear/conv bias).
using BiasAddFn = void (*)(size_t rows, size_t cols, const float* bias, float* y);
// out[c] += Σ_r x[r, c] (the bias gradient: a column sum).
using SumRowsFn = void (*)(size_t rows, size_t cols, const float* x, float* out);
// y = max(x, 0); gx += gy where x > 0 (derivative 0 at 0, as PyTorch).
using UnaryFn = void (*)(size_t n, const float* x, float* y);
using ReluBackwardFn = void (*)(size_t n, const float* x, const float* gy, float* gx);

// One Adam/AdamW step on n parameters (PyTorch 1.13's update; see optim.cpp).
struct AdamArgs {
  size_t n = 0;
  float* w = nullptr;
  const float* g = nullptr;
  float* m = nullptr;
  float* v = nullptr;
  float lr = 0, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0;
  bool decoupled = false;  // AdamW
  float step_size = 0;     // lr / (1 − β1ᵗ)
  float bc2_sqrt = 1;      // √(1 − β2ᵗ)
};
using AdamFn = void (*)(const AdamArgs&);

// Convolution and pooling geometry on NHWC tensors (Keras' layout: channels
// last, so im2col rows are output pixels and the GEMM output is NHWC directly).
struct ConvGeom {
  int n, h, w, c;       // input [n, h, w, c]
  int kh, kw, oc;       // weights [kh, kw, c, oc]
  int stride_h, stride_w;
  int pad_top, pad_left;
  int oh, ow;           // output [n, oh, ow, oc]
  int64_t rows() const { return int64_t(n) * oh * ow; }  // im2col rows
  int patch() const { return kh * kw * c; }               // im2col columns
};

struct PoolGeom {
  int n, h, w, c;
  int ph, pw, stride_h, stride_w;
  int oh, ow;
};

// y[r, c] = max(y[r, c] + bias[c], 0): a bias and ReLU fused into one pass
// over a [rows, cols] GEMM output (bias may be null).
using BiasReluFn = void (*)(size_t rows, size_t cols, const float* bias, float* y);
// cols[rows, patch] from x (zero outside the image).
using Im2colFn = void (*)(const ConvGeom& g, const float* x, float* cols);
// dx += scatter of dcols[rows, patch] (the adjoint of im2col).
using Col2imFn = void (*)(const ConvGeom& g, const float* dcols, float* dx);
// Direct convolution y = conv(x, w) + bias (bias may be null), then ReLU if
// relu: no im2col matrix. For layers whose patch is too short for a GEMM to
// pay off (the first layer: 3x3x1 = 9).
using ConvDirectFn = void (*)(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu, float* y);
// y[n, oh, ow, c]; argmax (may be null: inference) gets each output's input
// offset; ties keep the first maximum.
using MaxPoolFn = void (*)(const PoolGeom& g, const float* x, float* y, int32_t* argmax);
// dx[argmax[o]] += dy[o]
using MaxPoolBackwardFn = void (*)(const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx);
// Average pooling: y = window means; backward dx += dy / window size, spread.
using PoolFn = void (*)(const PoolGeom& g, const float* in, float* out);

// Derivatives from the activation's output y: gx += gy·y(1−y) (sigmoid),
// gx += gy·(1−y²) (tanh).
using ActBackwardFn = void (*)(size_t n, const float* y, const float* gy, float* gx);

// The LSTM cell's elementwise math in three steps, rows of PyTorch's gate
// order [i | f | g | o] (4·h floats each); the GEMMs around them stay GEMMs:
//   gates:  act = [σ(i) σ(f) tanh(g) σ(o)] of the pre-activations
//   state:  c = f ⊙ c_prev + i ⊙ g
//   output: tanh_c = tanh(c), h = o ⊙ tanh_c
// Backward kernels accumulate (+=) into whichever gradient pointers are not null.
using LstmGatesFn = void (*)(size_t rows, size_t h, const float* pre, float* act);
using LstmGatesBackwardFn = void (*)(size_t rows, size_t h, const float* act, const float* dact, float* dpre);
using LstmStateFn = void (*)(size_t rows, size_t h, const float* act, const float* c_prev, float* c);
using LstmStateBackwardFn = void (*)(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                     float* dact, float* dc_prev);
using LstmOutputFn = void (*)(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out);
using LstmOutputBackwardFn = void (*)(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                      float* dact, float* dc);

// Softmax (log = false) or log-softmax (log = true) of each row of n.
using SoftmaxFn = void (*)(size_t rows, size_t n, const float* x, float* y, bool log);
// gx += the gradient through softmax/log-softmax, from its output y.
using SoftmaxBackwardFn = void (*)(size_t rows, size_t n, const float* y, const float* gy, float* gx, bool log);
// Softmax cross-entropy of logits [rows, n] against class indices (already
// validated in [0, n)): writes the probabilities, returns the summed loss.
using SparseXentFn = double (*)(size_t rows, size_t n, const float* logits, const int32_t* labels, float* prob);
// gx += scale · (prob − onehot(labels))
using SparseXentBackwardFn = void (*)(size_t rows, size_t n, const float* prob, const int32_t* labels, float scale,
                                      float* gx);
// y[o, i] = scale · Σ_j x[o, j, i] for x viewed as [outer, n, inner].
using ReduceSumFn = void (*)(size_t outer, size_t n, size_t inner, const float* x, float scale, float* y);

// The GRU cell (PyTorch's equations, gate order r, z, n in rows of 3·h) from
// the two projections xt = x·W_ihᵀ + b_ih and hh = h·W_hhᵀ + b_hh:
//   r = σ(xt_r + hh_r), z = σ(xt_z + hh_z), n = tanh(xt_n + r ⊙ hh_n)
//   h' = (1 − z) ⊙ n + z ⊙ h_prev;   gates keeps [r | z | n] for backward.
using GruCellFn = void (*)(size_t rows, size_t h, const float* xt, const float* hh, const float* h_prev, float* gates,
                           float* out);
using GruCellBackwardFn = void (*)(size_t rows, size_t h, const float* hh, const float* h_prev, const float* gates,
                                   const float* dh, float* dxt, float* dhh, float* dh_prev);

// y = x > 0 ? x : slope·x;  gx += gy · (x > 0 ? 1 : slope)
using LeakyReluFn = void (*)(size_t n, float slope, const float* x, float* y);
using LeakyReluBackwardFn = void (*)(size_t n, float slope, const float* x, const float* gy, float* gx);

struct KernelSet {
  const char* name;      // the set: "scalar", "wasm-simd128", "native-avx2-fma"...
  const char* variants;  // what each family actually runs, e.g. "gemm=avx2_6x16 relu=vec128_x8"
  GemmFn gemm;
  BinaryFn add, mul;
  AxpyFn axpy;
  BiasAddFn bias_add;
  SumRowsFn sum_rows;
  UnaryFn relu;
  ReluBackwardFn relu_backward;
  AdamFn adam;
  UnaryFn sigmoid, tanh;  // y = σ(x), y = tanh(x)
  BiasReluFn bias_relu;
  Im2colFn im2col;
  Col2imFn col2im;
  ConvDirectFn conv_direct;
  MaxPoolFn maxpool;
  MaxPoolBackwardFn maxpool_backward;
  PoolFn avgpool, avgpool_backward;
  // conv2d's forward convolves directly (conv_direct) when the patch kh·kw·c
  // is at most this, else im2col + gemm. Measured (course CNN, batch 32, wasm):
  // the first layer's 3x3x1 patch is too short for GEMM packing to pay off
  // (direct: 0.47 ms vs 1.18 ms for im2col + GEMM + bias + ReLU), while the
  // second layer's 3x3x32 runs faster through GEMM (3.1 ms vs 3.4-3.6 ms
  // direct); natively AVX2 GEMM wins there by 2x.
  int direct_conv_max_patch;
  ActBackwardFn sigmoid_backward, tanh_backward;
  LstmGatesFn lstm_gates;
  LstmGatesBackwardFn lstm_gates_backward;
  LstmStateFn lstm_state;
  LstmStateBackwardFn lstm_state_backward;
  LstmOutputFn lstm_output;
  LstmOutputBackwardFn lstm_output_backward;
  SoftmaxFn softmax;
  SoftmaxBackwardFn softmax_backward;
  SparseXentFn sparse_xent;
  SparseXentBackwardFn sparse_xent_backward;
  ReduceSumFn reduce_sum;
  GruCellFn gru_cell;
  GruCellBackwardFn gru_cell_backward;
  LeakyReluFn leaky_relu;
  LeakyReluBackwardFn leaky_relu_backward;
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
void f32_bias_add__scalar(size_t rows, size_t cols, const float* bias, float* y);
void f32_sum_rows__scalar(size_t rows, size_t cols, const float* x, float* out);
void f32_relu__scalar(size_t n, const float* x, float* y);
void f32_relu_backward__scalar(size_t n, const float* x, const float* gy, float* gx);
void f32_adam__scalar(const AdamArgs& a);
void f32_sigmoid__scalar(size_t n, const float* x, float* y);
void f32_tanh__scalar(size_t n, const float* x, float* y);
void f32_bias_relu__scalar(size_t rows, size_t cols, const float* bias, float* y);
void f32_im2col_nhwc__scalar(const ConvGeom& g, const float* x, float* cols);
void f32_col2im_nhwc__scalar(const ConvGeom& g, const float* dcols, float* dx);
void f32_conv2d_direct_nhwc__scalar(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu, float* y);
void f32_sigmoid_backward__scalar(size_t n, const float* y, const float* gy, float* gx);
void f32_tanh_backward__scalar(size_t n, const float* y, const float* gy, float* gx);
void f32_lstm_gates__scalar(size_t rows, size_t h, const float* pre, float* act);
void f32_lstm_gates_backward__scalar(size_t rows, size_t h, const float* act, const float* dact, float* dpre);
void f32_lstm_state__scalar(size_t rows, size_t h, const float* act, const float* c_prev, float* c);
void f32_lstm_state_backward__scalar(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                     float* dact, float* dc_prev);
void f32_lstm_output__scalar(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out);
void f32_lstm_output_backward__scalar(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                      float* dact, float* dc);
void f32_gru_cell__scalar(size_t rows, size_t h, const float* xt, const float* hh, const float* h_prev, float* gates,
                          float* out);
void f32_gru_cell_backward__scalar(size_t rows, size_t h, const float* hh, const float* h_prev, const float* gates,
                                   const float* dh, float* dxt, float* dhh, float* dh_prev);
void f32_leaky_relu__scalar(size_t n, float slope, const float* x, float* y);
void f32_leaky_relu_backward__scalar(size_t n, float slope, const float* x, const float* gy, float* gx);
void f32_softmax__scalar(size_t rows, size_t n, const float* x, float* y, bool log);
void f32_softmax_backward__scalar(size_t rows, size_t n, const float* y, const float* gy, float* gx, bool log);
double f32_sparse_xent__scalar(size_t rows, size_t n, const float* logits, const int32_t* labels, float* prob);
void f32_sparse_xent_backward__scalar(size_t rows, size_t n, const float* prob, const int32_t* labels, float scale,
                                      float* gx);
void f32_reduce_sum__scalar(size_t outer, size_t n, size_t inner, const float* x, float scale, float* y);
// The same for output channels [o_begin, o_end) only (vector kernels' tails).
void f32_conv2d_direct_nhwc_channels__scalar(const ConvGeom& g, const float* x, const float* w, const float* bias,
                                             bool relu, int o_begin, int o_end, float* y);
void f32_maxpool_nhwc__scalar(const PoolGeom& g, const float* x, float* y, int32_t* argmax);
void f32_maxpool_nhwc_backward__scalar(const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx);
void f32_avgpool_nhwc__scalar(const PoolGeom& g, const float* x, float* y);
void f32_avgpool_nhwc_backward__scalar(const PoolGeom& g, const float* dy, float* dx);

// Portable 128-bit vector variants (GCC/Clang vector extensions: SSE natively,
// SIMD128 under Emscripten with -msimd128).
void f32_gemm__vec128_4x8(const GemmArgs& g);
void f32_add__vec128_x8(size_t n, const float* a, const float* b, float* y);
void f32_mul__vec128_x8(size_t n, const float* a, const float* b, float* y);
void f32_axpy__vec128_x8(size_t n, float alpha, const float* x, float* y);
void f32_bias_add__vec128_x8(size_t rows, size_t cols, const float* bias, float* y);
void f32_sum_rows__vec128_x8(size_t rows, size_t cols, const float* x, float* out);
void f32_relu__vec128_x8(size_t n, const float* x, float* y);
void f32_relu_backward__vec128_x8(size_t n, const float* x, const float* gy, float* gx);
void f32_adam__vec128_x4(const AdamArgs& a);
// exp by range reduction + a degree-5 polynomial (Cephes' expf): about 2 ulp.
void f32_sigmoid__vec128_x4(size_t n, const float* x, float* y);
void f32_tanh__vec128_x4(size_t n, const float* x, float* y);
void f32_bias_relu__vec128_x8(size_t rows, size_t cols, const float* bias, float* y);
// Layout kernels: NHWC keeps channels contiguous, so they move whole channel
// runs (kw·c floats per kernel row when the row is inside the image).
void f32_im2col_nhwc__vec128(const ConvGeom& g, const float* x, float* cols);
void f32_col2im_nhwc__vec128(const ConvGeom& g, const float* dcols, float* dx);
// Two output pixels x 16 output channels per register block (8 accumulators).
void f32_conv2d_direct_nhwc__vec128_2x16(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu, float* y);
// 4 channels at a time; ties keep the first maximum like the reference.
void f32_maxpool_nhwc__vec128_c4(const PoolGeom& g, const float* x, float* y, int32_t* argmax);
void f32_avgpool_nhwc__vec128_c4(const PoolGeom& g, const float* x, float* y);
void f32_avgpool_nhwc_backward__vec128_c4(const PoolGeom& g, const float* dy, float* dx);
void f32_sigmoid_backward__vec128_x4(size_t n, const float* y, const float* gy, float* gx);
void f32_tanh_backward__vec128_x4(size_t n, const float* y, const float* gy, float* gx);
void f32_lstm_gates__vec128_x4(size_t rows, size_t h, const float* pre, float* act);
void f32_lstm_gates_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* dact, float* dpre);
void f32_lstm_state__vec128_x4(size_t rows, size_t h, const float* act, const float* c_prev, float* c);
void f32_lstm_state_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                        float* dact, float* dc_prev);
void f32_lstm_output__vec128_x4(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out);
void f32_lstm_output_backward__vec128_x4(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                         float* dact, float* dc);
void f32_gru_cell__vec128_x4(size_t rows, size_t h, const float* xt, const float* hh, const float* h_prev, float* gates,
                             float* out);
void f32_gru_cell_backward__vec128_x4(size_t rows, size_t h, const float* hh, const float* h_prev, const float* gates,
                                      const float* dh, float* dxt, float* dhh, float* dh_prev);
void f32_leaky_relu__vec128_x4(size_t n, float slope, const float* x, float* y);
void f32_leaky_relu_backward__vec128_x4(size_t n, float slope, const float* x, const float* gy, float* gx);
void f32_softmax__vec128_x4(size_t rows, size_t n, const float* x, float* y, bool log);
void f32_softmax_backward__vec128_x4(size_t rows, size_t n, const float* y, const float* gy, float* gx, bool log);
double f32_sparse_xent__vec128_x4(size_t rows, size_t n, const float* logits, const int32_t* labels, float* prob);
void f32_sparse_xent_backward__vec128_x4(size_t rows, size_t n, const float* prob, const int32_t* labels, float scale,
                                         float* gx);
void f32_reduce_sum__vec128_x4(size_t outer, size_t n, size_t inner, const float* x, float scale, float* y);

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
