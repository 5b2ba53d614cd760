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

static const KernelSet kVec128{MLPG_VEC128_NAME, f32_gemm__vec128_4x8,
                               f32_add__vec128_x8, f32_mul__vec128_x8,
                               f32_axpy__vec128_x8};

const KernelSet& active_kernels() {
#if defined(MLPG_KERNELS_SCALAR)
  return reference_kernels();
#else
  return kVec128;
#endif
}

}  // namespace mlpg::kernels
