#pragma once
// What the C++ benchmarks share: which world they run in, and a clock.
#include <chrono>

namespace mlpg::bench {

#if defined(__EMSCRIPTEN__)
inline const char* const kWorld = "wasm";
#else
inline const char* const kWorld = "native";
#endif

inline double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace mlpg::bench
