// The 128-bit vector GEMM's blocked driver (gemm_vec128.cpp) with A's
// 4-row tiles packed by a callback: f32_gemm__vec128_4x8 packs a plain
// matrix, the implicit convolution (conv_gemm_vec128.cpp) packs windows of
// padded images. One copy of the driver for both, called through a pointer
// once a tile: inlined per caller, the copies took the page's code past its
// 1 MiB budget (tests/e2e/embed_test.mjs).
#pragma once

#include "kernels/kernels.h"

namespace mlpg::kernels {

constexpr int kVec128TileRows = 4;  // the micro-kernel's rows (MR): a packed A tile is kc columns of 4
// Packs op(A)[i0 : i0 + 4, k0 : k0 + kc] as kc columns of 4 floats into ap
// (rows past m may hold anything: they are never stored).
using PackATileFn = void(const void* ctx, const GemmArgs& g, int k0, int kc, int i0, float* ap);
// C = alpha·op(A)·op(B) + beta·C (+ bias), as f32_gemm__vec128_4x8, with
// A's tiles from pack_a(ctx, ...); then max(C, 0) when relu (with the last
// K-block, as C is stored: the implicit convolution's ReLU without a pass).
void gemm_vec128_4x8(const GemmArgs& g, PackATileFn* pack_a, const void* ctx, bool relu = false);

}  // namespace mlpg::kernels
