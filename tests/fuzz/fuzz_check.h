#pragma once
// What every fuzz target asserts besides "no crash": a failed check aborts
// (libFuzzer saves the input as a crash), with what failed.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#define FUZZ_CHECK(cond, what)                                               \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what, __FILE__, __LINE__); \
      std::abort();                                                          \
    }                                                                        \
  } while (0)

// No number in a state() may be NaN or infinite (JSON has neither: they
// would reach a host page as null).
inline bool all_finite(const nlohmann::json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_array() || j.is_object())
    for (const auto& v : j)
      if (!all_finite(v)) return false;
  return true;
}
