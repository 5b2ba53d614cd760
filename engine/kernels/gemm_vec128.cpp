// The 128-bit vector GEMM (gemm_vec128.h): A packed in 4-row tiles.
#include "kernels/gemm_vec128.h"

namespace mlpg::kernels {

void f32_gemm__vec128_4x8(const GemmArgs& g) { gemm_4x8(g, pack_a_block); }

}  // namespace mlpg::kernels
