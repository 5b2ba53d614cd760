#pragma once
// The engine's version, shown by the app and returned by playground.version().
#define MLPG_VERSION "0.1.0"
namespace mlpg {
inline const char* engine_version() { return MLPG_VERSION; }
}  // namespace mlpg
