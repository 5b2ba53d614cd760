#pragma once
// A whole number from untrusted JSON (a model file, a worker's message),
// refused unless it is one and fits T: converting a float, or an integer
// past T's range, would be undefined behaviour (fuzz_train_job found
// -3.8e255 where a count was expected).
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace mlpg {

template <class T>
T json_whole(const nlohmann::json& v, const std::string& name) {
  using Lim = std::numeric_limits<T>;
  bool ok = v.is_number_integer();
  if (ok && v.is_number_unsigned()) {
    ok = v.get<uint64_t>() <= uint64_t(Lim::max());
  } else if (ok) {
    const int64_t x = v.get<int64_t>();
    ok = Lim::is_signed ? x >= int64_t(Lim::min()) && x <= int64_t(Lim::max())
                        : x >= 0 && uint64_t(x) <= uint64_t(Lim::max());
  }
  if (!ok) throw std::invalid_argument(name + " is not a whole number in range: " + v.dump());
  return v.is_number_unsigned() ? T(v.get<uint64_t>()) : T(v.get<int64_t>());
}

// c[key] as a whole number, or `otherwise` when c has no such key.
template <class T>
T json_whole_or(const nlohmann::json& c, const char* key, T otherwise) {
  return c.contains(key) ? json_whole<T>(c.at(key), key) : otherwise;
}

}  // namespace mlpg
