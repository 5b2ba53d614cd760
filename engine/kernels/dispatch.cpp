// The dispatch tables: which variant of each kernel family runs. Each set
// starts from the references and swaps in its variants by family name, from
// the variant lists in kernels.h (MLPG_VEC128_KERNELS, MLPG_AVX2_KERNELS,
// MLPG_AVX512_KERNELS).
#include <cstdio>
#include <cstdlib>
#include <cstring>

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

std::string KernelSet::variants() const {
  // "family=variant" with the variant named by what follows "__" in its function name.
  std::string out;
  auto add = [&out](const char* family, const char* fn) {
    const char* tile = std::strstr(fn, "__");
    out += (out.empty() ? "" : " ") + std::string(family) + "=" + (tile ? tile + 2 : fn);
  };
#define MLPG_DESCRIBE(field, Fn, ref) add(#field, field##_variant);
  MLPG_KERNEL_FAMILIES(MLPG_DESCRIBE)
#undef MLPG_DESCRIBE
  return out;
}

const KernelSet& reference_kernels() {
  static const KernelSet set;  // every field starts as its reference
  return set;
}

static const KernelSet& vec128_set() {
  static const KernelSet set = [] {
    KernelSet s;
    s.name = MLPG_VEC128_NAME;
#define MLPG_USE_VEC128(field, fn) MLPG_USE_KERNEL(s, field, fn);
    MLPG_VEC128_KERNELS(MLPG_USE_VEC128)
#undef MLPG_USE_VEC128
    return s;
  }();
  return set;
}

#if defined(MLPG_HAVE_AVX2_KERNELS)
// The 128-bit set with the families that have an AVX2 variant swapped in.
static const KernelSet& avx2_set() {
  static const KernelSet set = [] {
    KernelSet s = vec128_set();
    s.name = "native-avx2-fma";
#define MLPG_USE_AVX2(field, fn) MLPG_USE_KERNEL(s, field, fn);
    MLPG_AVX2_KERNELS(MLPG_USE_AVX2)
#undef MLPG_USE_AVX2
    return s;
  }();
  return set;
}
static bool cpu_has_avx2_fma() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
#endif

#if defined(MLPG_HAVE_AVX2_KERNELS) && defined(MLPG_HAVE_AVX512_KERNELS)
// The AVX2 set with the families that have an AVX-512 variant swapped in.
static const KernelSet& avx512_set() {
  static const KernelSet set = [] {
    KernelSet s = avx2_set();
    s.name = "native-avx512";
#define MLPG_USE_AVX512(field, fn) MLPG_USE_KERNEL(s, field, fn);
    MLPG_AVX512_KERNELS(MLPG_USE_AVX512)
#undef MLPG_USE_AVX512
    return s;
  }();
  return set;
}
static bool cpu_has_avx512f() { return cpu_has_avx2_fma() && __builtin_cpu_supports("avx512f"); }
#endif

const KernelSet* const* available_kernel_sets(int* count) {
  static const KernelSet* sets[4];
  static int n = [] {
    int k = 0;
    sets[k++] = &reference_kernels();
    sets[k++] = &vec128_set();
#if defined(MLPG_HAVE_AVX2_KERNELS)
    if (cpu_has_avx2_fma()) sets[k++] = &avx2_set();
#endif
#if defined(MLPG_HAVE_AVX2_KERNELS) && defined(MLPG_HAVE_AVX512_KERNELS)
    if (cpu_has_avx512f()) sets[k++] = &avx512_set();
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
  // The widest set this CPU runs (chosen once; the name says what runs), or
  // the one named by MLPG_KERNEL_SET (the bench compares sets this way).
  static const KernelSet& best = [] () -> const KernelSet& {
    int n = 0;
    const KernelSet* const* sets = available_kernel_sets(&n);
    if (const char* want = std::getenv("MLPG_KERNEL_SET"); want && *want) {
      for (int i = 0; i < n; ++i)
        if (std::strcmp(sets[i]->name, want) == 0) return *sets[i];
      std::fprintf(stderr, "MLPG_KERNEL_SET=%s: no such kernel set on this CPU; using %s\n", want, sets[n - 1]->name);
    }
    return *sets[n - 1];
  }();
  return best;
#endif
}

}  // namespace mlpg::kernels
