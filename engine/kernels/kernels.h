#pragma once
// Kernel families and the one dispatch table that picks a variant for each.
// Kernels work on plain float buffers and know nothing of tensors or autograd.
// Naming: f32_<op>__<isa>_<tile>, e.g. f32_gemm__vec128_4x8.
#include <cstddef>
#include <cstdint>
#include <string>

namespace mlpg::kernels {

class PackCache;  // kernels/pack_cache.h

// C[m,n] = alpha * op(A)[m,k] * op(B)[k,n] + beta * C, row-major with leading
// dimensions. op(X) is X or its transpose. beta == 0 never reads C (so C may
// hold garbage or NaN). b_packs: the caller's promise that B stays the same
// while that cache's entries live, so a kernel that packs B may keep its
// packed blocks there and skip packing on later calls (null: pack each call).
struct GemmArgs {
  bool trans_a = false, trans_b = false;
  int m = 0, n = 0, k = 0;
  float alpha = 1.f;
  const float* a = nullptr; int lda = 0;
  const float* b = nullptr; int ldb = 0;
  float beta = 0.f;
  float* c = nullptr; int ldc = 0;
  PackCache* b_packs = nullptr;
  // Added to every row of C last (may be null): C = alpha·op(A)·op(B) +
  // beta·C + bias, the bias of a Linear layer or an input projection added
  // as C is stored instead of by a pass of its own.
  const float* bias = nullptr;
};

using GemmFn = void(const GemmArgs&);
using BinaryFn = void(size_t n, const float* a, const float* b, float* y);
// y[i] += alpha * x[i]
using AxpyFn = void(size_t n, float alpha, const float* x, float* y);
// y[r, c] += bias[c] for a [rows, cols] row-major y (a Linear/conv bias).
using BiasAddFn = void(size_t rows, size_t cols, const float* bias, float* y);
// out[c] += Σ_r x[r, c] (the bias gradient: a column sum).
using SumRowsFn = void(size_t rows, size_t cols, const float* x, float* out);
// y = max(x, 0).
using UnaryFn = void(size_t n, const float* x, float* y);
// gx = x > 0 ? gy : 0 (derivative 0 at 0, as PyTorch): written, not added,
// so a fresh gradient needs no zeroing first (the rule adds when it must);
// gx may be gy.
using ReluBackwardFn = void(size_t n, const float* x, const float* gy, float* gx);

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
using AdamFn = void(const AdamArgs&);

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
using BiasReluFn = void(size_t rows, size_t cols, const float* bias, float* y);
// cols[rows, patch] from x (zero outside the image).
using Im2colFn = void(const ConvGeom& g, const float* x, float* cols);
// dx += scatter of dcols[rows, patch] (the adjoint of im2col).
using Col2imFn = void(const ConvGeom& g, const float* dcols, float* dx);
// The convolution as one GEMM over the patches, y[rows, oc] = patches(x) ·
// w[patch, oc] + bias (bias may be null), then ReLU if relu. The reference
// builds the im2col matrix; an implicit variant reads each tile's rows from
// a padded copy of the images instead (no im2col matrix written or read
// back). w_packs as GemmArgs::b_packs (may be null). A set without an
// implicit variant leaves its reference here, and conv2d runs im2col + its
// own GEMM (ops_conv.cpp: has_implicit_conv).
using ConvGemmFn = void(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu, float* y,
                        PackCache* w_packs);
// Its weight gradient: dw[patch, oc] = beta·dw + patches(x)ᵀ · dy[rows, oc].
using ConvGemmDwFn = void(const ConvGeom& g, const float* x, const float* dy, float beta, float* dw);
// Direct convolution y = conv(x, w) + bias (bias may be null), then ReLU if
// relu: no im2col matrix. For layers whose patch is too short for a GEMM to
// pay off (the first layer: 3x3x1 = 9).
using ConvDirectFn = void(const ConvGeom& g, const float* x, const float* w, const float* bias, bool relu, float* y);
// The direct convolution with bias, ReLU and a 2x2 max-pool (stride 2; a
// row or column past the last whole window dropped) for inference: y is
// [n, oh/2, ow/2, oc], the convolution's own output is never written.
using ConvDirectPool2Fn = void(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y);
// The direct convolution's weight gradient, for output channels [o_begin,
// o_end): dw[kh, kw, c, oc] += Σ over output pixels of x(window) · dy[pixel]
// (dy is [n, oh, ow, oc]). No im2col matrix; the channel range lets threads
// split the channels.
using ConvDirectDwFn = void(const ConvGeom& g, const float* x, const float* dy, int o_begin, int o_end, float* dw);
// y[n, oh, ow, c]; argmax (may be null: inference) gets each output's input
// element as an offset into its own image (so images split freely between
// threads and an offset never outgrows int32); ties keep the first maximum.
using MaxPoolFn = void(const PoolGeom& g, const float* x, float* y, int32_t* argmax);
// dx, written in full (not added): each output's dy at its image's
// argmax[o] (summed where overlapping windows share one), 0 elsewhere.
using MaxPoolBackwardFn = void(const PoolGeom& g, const float* dy, const int32_t* argmax, float* dx);
// Average pooling: y = window means; backward dx += dy / window size, spread.
using PoolFn = void(const PoolGeom& g, const float* in, float* out);

// Derivatives from the activation's output y: gx += gy·y(1−y) (sigmoid),
// gx += gy·(1−y²) (tanh).
using ActBackwardFn = void(size_t n, const float* y, const float* gy, float* gx);

// The LSTM cell's elementwise math in three steps, rows of PyTorch's gate
// order [i | f | g | o] (4·h floats each); the GEMMs around them stay GEMMs:
//   gates:  act = [σ(i) σ(f) tanh(g) σ(o)] of the pre-activations pre + pre2
//           (pre2 may be null: the step's x·W_ihᵀ + b and h·W_hhᵀ are summed
//           here, as they are read, instead of by a pass of their own)
//   state:  c = f ⊙ c_prev + i ⊙ g
//   output: tanh_c = tanh(c), h = o ⊙ tanh_c
// Backward kernels accumulate (+=) into whichever gradient pointers are not
// null, except the gates': dpre is written, not added, and may be dact (the
// rule hands it to both summands).
using LstmGatesFn = void(size_t rows, size_t h, const float* pre, const float* pre2, float* act);
using LstmGatesBackwardFn = void(size_t rows, size_t h, const float* act, const float* dact, float* dpre);
using LstmStateFn = void(size_t rows, size_t h, const float* act, const float* c_prev, float* c);
using LstmStateBackwardFn = void(size_t rows, size_t h, const float* act, const float* c_prev, const float* dc,
                                     float* dact, float* dc_prev);
using LstmOutputFn = void(size_t rows, size_t h, const float* act, const float* c, float* tanh_c, float* out);
using LstmOutputBackwardFn = void(size_t rows, size_t h, const float* act, const float* tanh_c, const float* dh,
                                      float* dact, float* dc);

// One step of the whole cell in one pass (lstm_sequence): gates, state and
// output as the three kernels above chained, from the pre-activations and
// c_prev; act may be pre (written in place).
using LstmCellFn = void(size_t rows, size_t h, const float* pre, const float* c_prev, float* act, float* c,
                        float* tanh_c, float* out);
// One step back through the whole cell in one pass (lstm_sequence's rule):
// from act [rows, 4h], c_prev, tanh_c = tanh(c), dh (the step's output
// gradient) and dc (the cell's gradient from later steps) [rows, h], writes
// dpre [rows, 4h], the gradient of the gates' pre-activations, and dc_prev;
// dc_prev may be dc. Written, not added: no gradient needs zeroing first.
using LstmCellBackwardFn = void(size_t rows, size_t h, const float* act, const float* c_prev, const float* tanh_c,
                                const float* dh, const float* dc, float* dpre, float* dc_prev);

// Softmax (log = false) or log-softmax (log = true) of each row of n.
using SoftmaxFn = void(size_t rows, size_t n, const float* x, float* y, bool log);
// gx += the gradient through softmax/log-softmax, from its output y.
using SoftmaxBackwardFn = void(size_t rows, size_t n, const float* y, const float* gy, float* gx, bool log);
// Softmax cross-entropy of logits [rows, n] against class indices (already
// validated in [0, n)): writes the probabilities, returns the summed loss.
using SparseXentFn = double(size_t rows, size_t n, const float* logits, const int32_t* labels, float* prob);
// gx += scale · (prob − onehot(labels))
using SparseXentBackwardFn = void(size_t rows, size_t n, const float* prob, const int32_t* labels, float scale,
                                      float* gx);
// y[o, i] = scale · Σ_j x[o, j, i] for x viewed as [outer, n, inner].
using ReduceSumFn = void(size_t outer, size_t n, size_t inner, const float* x, float scale, float* y);

// The GRU cell (PyTorch's equations, gate order r, z, n in rows of 3·h) from
// the two projections xt = x·W_ihᵀ + b_ih and hh = h·W_hhᵀ + b_hh:
//   r = σ(xt_r + hh_r), z = σ(xt_z + hh_z), n = tanh(xt_n + r ⊙ hh_n)
//   h' = (1 − z) ⊙ n + z ⊙ h_prev;   gates keeps [r | z | n] for backward.
using GruCellFn = void(size_t rows, size_t h, const float* xt, const float* hh, const float* h_prev, float* gates,
                           float* out);
using GruCellBackwardFn = void(size_t rows, size_t h, const float* hh, const float* h_prev, const float* gates,
                                   const float* dh, float* dxt, float* dhh, float* dh_prev);

// y = x > 0 ? x : slope·x;  gx += gy · (x > 0 ? 1 : slope)
using LeakyReluFn = void(size_t n, float slope, const float* x, float* y);
using LeakyReluBackwardFn = void(size_t n, float slope, const float* x, const float* gy, float* gx);

// Every kernel family once: X(field, signature, scalar reference), grouped as
// the files are (each group's reference and vector variant side by side). The list
// makes the KernelSet fields (each starts as its reference, so a set is
// complete by construction), declares the references, builds the `variants`
// string and the kernel tests' list (tests/engine/kernels_test.cpp).
#define MLPG_KERNEL_FAMILIES(X)                                                   \
  /* GEMM: gemm_reference.cpp, gemm_vec128.cpp */                                 \
  X(gemm, GemmFn, f32_gemm__scalar)                                               \
  /* elementwise and optimizer updates: elementwise_*.cpp */                      \
  X(add, BinaryFn, f32_add__scalar)                                               \
  X(mul, BinaryFn, f32_mul__scalar)                                               \
  X(axpy, AxpyFn, f32_axpy__scalar)                                               \
  X(bias_add, BiasAddFn, f32_bias_add__scalar)                                    \
  X(adam, AdamFn, f32_adam__scalar)                                               \
  /* activations and their derivatives: activation_*.cpp */                       \
  X(relu, UnaryFn, f32_relu__scalar)                                              \
  X(relu_backward, ReluBackwardFn, f32_relu_backward__scalar)                     \
  X(leaky_relu, LeakyReluFn, f32_leaky_relu__scalar)                              \
  X(leaky_relu_backward, LeakyReluBackwardFn, f32_leaky_relu_backward__scalar)    \
  X(sigmoid, UnaryFn, f32_sigmoid__scalar)                                        \
  X(tanh, UnaryFn, f32_tanh__scalar)                                              \
  X(sigmoid_backward, ActBackwardFn, f32_sigmoid_backward__scalar)                \
  X(tanh_backward, ActBackwardFn, f32_tanh_backward__scalar)                      \
  /* reductions: reduction_*.cpp */                                               \
  X(sum_rows, SumRowsFn, f32_sum_rows__scalar)                                    \
  X(reduce_sum, ReduceSumFn, f32_reduce_sum__scalar)                              \
  /* softmax and cross-entropy: softmax_*.cpp */                                  \
  X(softmax, SoftmaxFn, f32_softmax__scalar)                                      \
  X(softmax_backward, SoftmaxBackwardFn, f32_softmax_backward__scalar)            \
  X(sparse_xent, SparseXentFn, f32_sparse_xent__scalar)                           \
  X(sparse_xent_backward, SparseXentBackwardFn, f32_sparse_xent_backward__scalar) \
  /* convolution and pooling, NHWC, with the fused bias + ReLU: conv_pool_*.cpp */ \
  X(bias_relu, BiasReluFn, f32_bias_relu__scalar)                                 \
  X(im2col, Im2colFn, f32_im2col_nhwc__scalar)                                    \
  X(col2im, Col2imFn, f32_col2im_nhwc__scalar)                                    \
  X(conv_gemm, ConvGemmFn, f32_conv_gemm_nhwc__scalar)                            \
  X(conv_gemm_dw, ConvGemmDwFn, f32_conv_gemm_nhwc_dw__scalar)                    \
  X(conv_direct, ConvDirectFn, f32_conv2d_direct_nhwc__scalar)                    \
  X(conv_direct_dw, ConvDirectDwFn, f32_conv2d_direct_nhwc_dw__scalar)            \
  X(conv_direct_pool2, ConvDirectPool2Fn, f32_conv2d_direct_relu_maxpool2_nhwc__scalar) \
  X(maxpool, MaxPoolFn, f32_maxpool_nhwc__scalar)                                 \
  X(maxpool_backward, MaxPoolBackwardFn, f32_maxpool_nhwc_backward__scalar)       \
  X(avgpool, PoolFn, f32_avgpool_nhwc__scalar)                                    \
  X(avgpool_backward, PoolFn, f32_avgpool_nhwc_backward__scalar)                  \
  /* recurrent cells: rnn_*.cpp */                                                \
  X(lstm_gates, LstmGatesFn, f32_lstm_gates__scalar)                              \
  X(lstm_gates_backward, LstmGatesBackwardFn, f32_lstm_gates_backward__scalar)    \
  X(lstm_state, LstmStateFn, f32_lstm_state__scalar)                              \
  X(lstm_state_backward, LstmStateBackwardFn, f32_lstm_state_backward__scalar)    \
  X(lstm_output, LstmOutputFn, f32_lstm_output__scalar)                           \
  X(lstm_output_backward, LstmOutputBackwardFn, f32_lstm_output_backward__scalar) \
  X(lstm_cell, LstmCellFn, f32_lstm_cell__scalar)                                 \
  X(lstm_cell_backward, LstmCellBackwardFn, f32_lstm_cell_backward__scalar)       \
  X(gru_cell, GruCellFn, f32_gru_cell__scalar)                                    \
  X(gru_cell_backward, GruCellBackwardFn, f32_gru_cell_backward__scalar)

// The scalar references ("not designed to be fast"): the oracle for tests.
#define MLPG_DECLARE_REFERENCE(field, Fn, ref) Fn ref;
MLPG_KERNEL_FAMILIES(MLPG_DECLARE_REFERENCE)
#undef MLPG_DECLARE_REFERENCE

// Signatures by family name, so variant lists can declare by family.
namespace family {
#define MLPG_FAMILY_TYPE(field, Fn, ref) using field = Fn;
MLPG_KERNEL_FAMILIES(MLPG_FAMILY_TYPE)
#undef MLPG_FAMILY_TYPE
}  // namespace family

struct KernelSet {
  const char* name = "scalar";  // the set: "scalar", "wasm-simd128", "native-avx2-fma"...
  // conv2d's forward convolves directly (conv_direct) when the patch kh·kw·c
  // is at most this, else im2col + gemm. Measured (course CNN, batch 32, wasm):
  // the first layer's 3x3x1 patch is too short for GEMM packing to pay off
  // (direct: 0.47 ms vs 1.18 ms for im2col + GEMM + bias + ReLU), while the
  // second layer's 3x3x32 runs faster through GEMM (3.1 ms vs 3.4-3.6 ms
  // direct); natively AVX2 GEMM wins there by 2x.
  int direct_conv_max_patch = 15;
#define MLPG_KERNEL_FIELD(field, Fn, ref) \
  Fn* field = ref;                        \
  const char* field##_variant = #ref;  // the function that runs, by name
  MLPG_KERNEL_FAMILIES(MLPG_KERNEL_FIELD)
#undef MLPG_KERNEL_FIELD
  // What each family actually runs, e.g. "gemm=avx2_6x16 relu=vec128_x8 ...".
  std::string variants() const;
};

// Puts a variant into a set by family name, and records its name.
#define MLPG_USE_KERNEL(set, field, fn) ((set).field = fn, (set).field##_variant = #fn)

// The set chosen at build time (CMake option MLPG_KERNELS) and run time (CPU).
const KernelSet& active_kernels();
const KernelSet& reference_kernels();

// Not a family: the reference for output channels [o_begin, o_end) only
// (the vector direct convolution's tail).
void f32_conv2d_direct_nhwc_channels__scalar(const ConvGeom& g, const float* x, const float* w, const float* bias,
                                             bool relu, int o_begin, int o_end, float* y);

// Portable 128-bit vector variants (GCC/Clang vector extensions: SSE natively,
// SIMD128 under Emscripten with -msimd128), V(family, function). Families not
// listed run their reference (the variants string says so). Notes:
// - sigmoid/tanh: exp by range reduction + a degree-5 polynomial (Cephes' expf), about 2 ulp;
// - im2col/col2im move whole NHWC channel runs (kw·c floats per kernel row inside the image);
// - conv_direct: two output pixels x 16 output channels per register block (8 accumulators),
//   its weight gradient 9 taps x 4 channels (9 accumulators) over the whole batch (vec_conv.h);
// - maxpool: 4 channels at a time (8 and 16 in the wide sets, vec_pool.h), ties keep the first maximum like the reference;
//   its backward stores each tiling window's elements (dy at the argmax, 0 elsewhere), so it needs no zeroing pass.
#define MLPG_VEC128_KERNELS(V)                                 \
  V(gemm, f32_gemm__vec128_4x8)                                \
  V(add, f32_add__vec128_x8)                                   \
  V(mul, f32_mul__vec128_x8)                                   \
  V(axpy, f32_axpy__vec128_x8)                                 \
  V(bias_add, f32_bias_add__vec128_x8)                         \
  V(adam, f32_adam__vec128_x4)                                 \
  V(relu, f32_relu__vec128_x8)                                 \
  V(relu_backward, f32_relu_backward__vec128_x8)          \
  V(leaky_relu, f32_leaky_relu__vec128_x4)                     \
  V(leaky_relu_backward, f32_leaky_relu_backward__vec128_x4)   \
  V(sigmoid, f32_sigmoid__vec128_x4)                           \
  V(tanh, f32_tanh__vec128_x4)                                 \
  V(sigmoid_backward, f32_sigmoid_backward__vec128_x4)         \
  V(tanh_backward, f32_tanh_backward__vec128_x4)               \
  V(sum_rows, f32_sum_rows__vec128_x16)                         \
  V(reduce_sum, f32_reduce_sum__vec128_x4)                     \
  V(softmax, f32_softmax__vec128_x4)                           \
  V(softmax_backward, f32_softmax_backward__vec128_x4)         \
  V(sparse_xent, f32_sparse_xent__vec128_x4)                   \
  V(sparse_xent_backward, f32_sparse_xent_backward__vec128_x4) \
  V(bias_relu, f32_bias_relu__vec128_x8)                       \
  V(im2col, f32_im2col_nhwc__vec128)                           \
  V(col2im, f32_col2im_nhwc__vec128)                           \
  V(conv_gemm, f32_conv_gemm_nhwc__vec128_4x8)                 \
  V(conv_gemm_dw, f32_conv_gemm_nhwc_dw__vec128_4x8)           \
  V(conv_direct, f32_conv2d_direct_nhwc__vec128_2x16)          \
  V(conv_direct_dw, f32_conv2d_direct_nhwc_dw__vec128_9x4)     \
  V(conv_direct_pool2, f32_conv2d_direct_relu_maxpool2_nhwc__vec128_4x8) \
  V(maxpool, f32_maxpool_nhwc__vec128_c4)                      \
  V(maxpool_backward, f32_maxpool_nhwc_backward__vec128_c4)    \
  V(avgpool, f32_avgpool_nhwc__vec128_c4)                      \
  V(avgpool_backward, f32_avgpool_nhwc_backward__vec128_c4)    \
  V(lstm_gates, f32_lstm_gates__vec128_x4)                     \
  V(lstm_gates_backward, f32_lstm_gates_backward__vec128_x4)   \
  V(lstm_state, f32_lstm_state__vec128_x4)                \
  V(lstm_state_backward, f32_lstm_state_backward__vec128_x4)\
  V(lstm_output, f32_lstm_output__vec128_x4)                   \
  V(lstm_output_backward, f32_lstm_output_backward__vec128_x4)\
  V(lstm_cell, f32_lstm_cell__vec128_x4)            \
  V(lstm_cell_backward, f32_lstm_cell_backward__vec128_x4)     \
  V(gru_cell, f32_gru_cell__vec128_x4)                         \
  V(gru_cell_backward, f32_gru_cell_backward__vec128_x4)

// Native x86-64 AVX2 + FMA (256-bit) variants, used when the CPU has both, on
// top of the 128-bit set. Its convolutions take the reference conv_gemm back,
// so conv2d runs im2col + this set's GEMM (three times the 128-bit GEMM's
// speed) rather than the 128-bit implicit GEMM.
#define MLPG_AVX2_KERNELS(V)                  \
  V(gemm, f32_gemm__avx2_6x16)                \
  V(add, f32_add__avx2_x16)                   \
  V(mul, f32_mul__avx2_x16)                   \
  V(axpy, f32_axpy__avx2_x16)                 \
  V(adam, f32_adam__avx2_x8)                  \
  V(sum_rows, f32_sum_rows__avx2_x32)         \
  V(sigmoid, f32_sigmoid__avx2_x8)            \
  V(tanh, f32_tanh__avx2_x8)                  \
  V(lstm_gates, f32_lstm_gates__avx2_x8)      \
  V(lstm_output, f32_lstm_output__avx2_x8)    \
  V(lstm_state, f32_lstm_state__avx2_x8)                  \
  V(lstm_state_backward, f32_lstm_state_backward__avx2_x8)\
  V(lstm_output_backward, f32_lstm_output_backward__avx2_x8)\
  V(lstm_cell, f32_lstm_cell__avx2_x8)            \
  V(lstm_cell_backward, f32_lstm_cell_backward__avx2_x8)  \
  V(relu_backward, f32_relu_backward__avx2_x8)            \
  V(conv_direct, f32_conv2d_direct_nhwc__avx2_4x16)       \
  V(conv_direct_dw, f32_conv2d_direct_nhwc_dw__avx2_9x8)   \
  V(conv_direct_pool2, f32_conv2d_direct_relu_maxpool2_nhwc__avx2_4x16) \
  V(maxpool, f32_maxpool_nhwc__avx2_c8)                   \
  V(maxpool_backward, f32_maxpool_nhwc_backward__avx2_c8) \
  V(im2col, f32_im2col_nhwc__avx2_x8)                     \
  V(col2im, f32_col2im_nhwc__avx2_x8)                     \
  V(conv_gemm, f32_conv_gemm_nhwc__scalar)                \
  V(conv_gemm_dw, f32_conv_gemm_nhwc_dw__scalar)

// Native x86-64 AVX-512F (512-bit, with FMA) variants, used when the CPU has
// AVX-512F, on top of the AVX2 set.
#define MLPG_AVX512_KERNELS(V)                         \
  V(gemm, f32_gemm__avx512_12x32)                      \
  V(add, f32_add__avx512_x32)                          \
  V(mul, f32_mul__avx512_x32)                          \
  V(axpy, f32_axpy__avx512_x32)                        \
  V(adam, f32_adam__avx512_x16)                        \
  V(sum_rows, f32_sum_rows__avx512_x64)                \
  V(conv_direct, f32_conv2d_direct_nhwc__avx512_4x32)  \
  V(conv_direct_dw, f32_conv2d_direct_nhwc_dw__avx512_9x32)  \
  V(conv_direct_pool2, f32_conv2d_direct_relu_maxpool2_nhwc__avx512_4x32) \
  V(sigmoid, f32_sigmoid__avx512_x16)                  \
  V(tanh, f32_tanh__avx512_x16)                        \
  V(lstm_gates, f32_lstm_gates__avx512_x16)            \
  V(lstm_output, f32_lstm_output__avx512_x16)          \
  V(lstm_state, f32_lstm_state__avx512_x16)               \
  V(lstm_state_backward, f32_lstm_state_backward__avx512_x16)\
  V(lstm_output_backward, f32_lstm_output_backward__avx512_x16)\
  V(lstm_cell, f32_lstm_cell__avx512_x16)            \
  V(lstm_cell_backward, f32_lstm_cell_backward__avx512_x16)  \
  V(relu_backward, f32_relu_backward__avx512_x16)         \
  V(maxpool, f32_maxpool_nhwc__avx512_c16)                  \
  V(maxpool_backward, f32_maxpool_nhwc_backward__avx512_c16) \
  V(im2col, f32_im2col_nhwc__avx512_x16)                     \
  V(col2im, f32_col2im_nhwc__avx512_x16)                     \
  V(conv_gemm, f32_conv_gemm_nhwc__avx512_12x32)             \
  V(conv_gemm_dw, f32_conv_gemm_nhwc_dw__avx512_12x32)

#define MLPG_DECLARE_VARIANT(field, fn) family::field fn;
MLPG_VEC128_KERNELS(MLPG_DECLARE_VARIANT)
#if defined(MLPG_HAVE_AVX2_KERNELS)
MLPG_AVX2_KERNELS(MLPG_DECLARE_VARIANT)
#endif
#if defined(MLPG_HAVE_AVX512_KERNELS)
MLPG_AVX512_KERNELS(MLPG_DECLARE_VARIANT)
#endif
#undef MLPG_DECLARE_VARIANT

// Every kernel set this build has that can run on this CPU (tests check each
// against the reference; benchmarks compare them).
const KernelSet* const* available_kernel_sets(int* count);

}  // namespace mlpg::kernels
