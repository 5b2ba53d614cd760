#pragma once
// One Adam/AdamW step (optim.cpp's update, as f32_adam__scalar) on a vector
// of any width (GCC/Clang vector extensions): the 128-bit set at four lanes,
// the AVX2 and AVX-512 files at 8 and 16, each compiled with its own ISA
// flags (an unnamed namespace, as vec_math.h). Every parameter of a model
// passes through it once a step: 225 thousand for the course's CNN.
#include <utility>

#include "kernels/kernels.h"
#include "kernels/vec_math.h"

namespace mlpg::kernels {
namespace {

// √v lane by lane, spelled as one vector of lanes: with -fno-math-errno
// (CMakeLists.txt) the compilers make it one sqrtps / vsqrtps / f32x4.sqrt.
// (As a loop over the lanes, clang kept four scalar f32.sqrt in wasm: Adam
// took 1.7 ms a step for the course's CNN.)
template <class V, size_t... I>
inline V vsqrt_lanes(V v, std::index_sequence<I...>) {
  return V{__builtin_sqrtf(v[I])...};
}
template <class V>
inline V vsqrt(V v) {
  return vsqrt_lanes(v, std::make_index_sequence<lanes_of<V>()>{});
}

template <class V>
inline void adam_n(const AdamArgs& a) {
  constexpr size_t W = lanes_of<V>();
  const V b1 = vsplat<V>(a.beta1), b2 = vsplat<V>(a.beta2), one_b1 = vsplat<V>(1.f - a.beta1);
  const V one_b2 = vsplat<V>(1.f - a.beta2), eps = vsplat<V>(a.eps), inv_bc2 = vsplat<V>(1.f / a.bc2_sqrt);
  const V step = vsplat<V>(a.step_size), wd = vsplat<V>(a.weight_decay), shrink = vsplat<V>(1.f - a.lr * a.weight_decay);
  size_t i = 0;
  for (; i + W <= a.n; i += W) {
    V w = vload<V>(a.w + i), g = vload<V>(a.g + i);
    if (a.decoupled) w *= shrink;
    else g += wd * w;
    const V m = b1 * vload<V>(a.m + i) + one_b1 * g;
    const V v = b2 * vload<V>(a.v + i) + one_b2 * g * g;
    w -= step * m / (vsqrt(v) * inv_bc2 + eps);
    vstore(a.m + i, m);
    vstore(a.v + i, v);
    vstore(a.w + i, w);
  }
  if (i < a.n) {  // the remainder through the reference
    AdamArgs rest = a;
    rest.n = a.n - i;
    rest.w += i; rest.g += i; rest.m += i; rest.v += i;
    f32_adam__scalar(rest);
  }
}

}  // namespace
}  // namespace mlpg::kernels

// A wide set's Adam step at W lanes, in the file compiled for that ISA.
#define MLPG_DEFINE_WIDE_ADAM(isa, W) \
  void f32_adam__##isa##_x##W(const AdamArgs& a) { adam_n<v##W##f>(a); }
