// The one dispatch table: which variant of each kernel family runs.
#include "kernels/kernels.h"

namespace mlpg::kernels {

#if defined(__wasm_simd128__)
#define MLPG_VEC128_NAME "wasm-simd128"
#elif defined(__AVX__)
#define MLPG_VEC128_NAME "native-vec128-avx"
#elif defined(__SSE2__)
#define MLPG_VEC128_NAME "native-vec128-sse2"
#elif defined(__wasm__)
// Without -msimd128 the vector extensions lower to scalar code: say so.
#define MLPG_VEC128_NAME "wasm-vec128-emulated"
#else
#define MLPG_VEC128_NAME "native-vec128-generic"
#endif

static const KernelSet kVec128{MLPG_VEC128_NAME,
                               "gemm=vec128_4x8 add/mul/axpy/bias_add/bias_relu/sum_rows/relu=vec128_x8 adam/sigmoid/tanh=vec128_x4 "
                               "im2col/col2im=vec128 conv_direct=vec128_2x16(patch<=15) maxpool/avgpool=vec128_c4 "
                               "maxpool_backward=scalar(scatter) sigmoid_backward/tanh_backward/lstm_gates/state/output/gru_cell/leaky_relu/softmax/sparse_xent/reduce_sum=vec128_x4",
                               f32_gemm__vec128_4x8, f32_add__vec128_x8, f32_mul__vec128_x8, f32_axpy__vec128_x8,
                               f32_bias_add__vec128_x8, f32_sum_rows__vec128_x8, f32_relu__vec128_x8,
                               f32_relu_backward__vec128_x8, f32_adam__vec128_x4, f32_sigmoid__vec128_x4,
                               f32_tanh__vec128_x4, f32_bias_relu__vec128_x8, f32_im2col_nhwc__vec128,
                               f32_col2im_nhwc__vec128, f32_conv2d_direct_nhwc__vec128_2x16, f32_maxpool_nhwc__vec128_c4,
                               f32_maxpool_nhwc_backward__scalar, f32_avgpool_nhwc__vec128_c4,
                               f32_avgpool_nhwc_backward__vec128_c4, /*direct_conv_max_patch=*/15,
                               f32_sigmoid_backward__vec128_x4, f32_tanh_backward__vec128_x4, f32_lstm_gates__vec128_x4,
                               f32_lstm_gates_backward__vec128_x4, f32_lstm_state__vec128_x4,
                               f32_lstm_state_backward__vec128_x4, f32_lstm_output__vec128_x4,
                               f32_lstm_output_backward__vec128_x4, f32_softmax__vec128_x4, f32_softmax_backward__vec128_x4,
                               f32_sparse_xent__vec128_x4, f32_sparse_xent_backward__vec128_x4, f32_reduce_sum__vec128_x4,
                               f32_gru_cell__vec128_x4, f32_gru_cell_backward__vec128_x4, f32_leaky_relu__vec128_x4,
                               f32_leaky_relu_backward__vec128_x4};

#if defined(MLPG_HAVE_AVX2_KERNELS)
// The 128-bit set with the families that have an AVX2 variant swapped in;
// every other family runs the 128-bit code, and the variants string says so.
// Built on first use (a function-local static): no static-init-order question.
static const KernelSet& avx2_set() {
  static const KernelSet set = [] {
    KernelSet s = kVec128;
    s.name = "native-avx2-fma";
    s.variants = "gemm=avx2_6x16 add/mul/axpy=avx2_x16, every other family as " MLPG_VEC128_NAME;
    s.gemm = f32_gemm__avx2_6x16;
    s.add = f32_add__avx2_x16;
    s.mul = f32_mul__avx2_x16;
    s.axpy = f32_axpy__avx2_x16;
    return s;
  }();
  return set;
}
static bool cpu_has_avx2_fma() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
#endif

const KernelSet* const* available_kernel_sets(int* count) {
  static const KernelSet* sets[3];
  static int n = [] {
    int k = 0;
    sets[k++] = &reference_kernels();
    sets[k++] = &kVec128;
#if defined(MLPG_HAVE_AVX2_KERNELS)
    if (cpu_has_avx2_fma()) sets[k++] = &avx2_set();
#endif
    return k;
  }();
  *count = n;
  return sets;
}

const KernelSet& active_kernels() {
#if defined(MLPG_KERNELS_SCALAR)
  return reference_kernels();
#else
  // The widest set this CPU runs (chosen once; the name says what runs).
  static const KernelSet& best = [] () -> const KernelSet& {
    int n = 0;
    const KernelSet* const* sets = available_kernel_sets(&n);
    return *sets[n - 1];
  }();
  return best;
#endif
}

}  // namespace mlpg::kernels
