#pragma once
// Shared helpers of the 128-bit vector-extension kernels (vec128*.cpp):
// unaligned loads and stores through memcpy (one v128.load/store in wasm,
// movups natively) and a broadcast.
#include <cstring>

namespace mlpg::kernels {
namespace {

typedef float v4f __attribute__((vector_size(16), aligned(4)));
typedef int v4i __attribute__((vector_size(16), aligned(4)));

inline v4f load4(const float* p) { v4f v; std::memcpy(&v, p, 16); return v; }
inline void store4(float* p, v4f v) { std::memcpy(p, &v, 16); }
inline v4f splat(float x) { return v4f{x, x, x, x}; }
inline v4f relu4(v4f v) { const v4f z = splat(0.f); return v > z ? v : z; }

}  // namespace
}  // namespace mlpg::kernels
