#pragma once
// Parsing and validating lesson parameters from URL text or JSON commands.
// URL values are lenient (bad -> default, out of range -> clamped, with a
// notice); commands are strict (the caller turns problems into errors).
// Nothing that comes in here can produce a NaN.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlpg::ui {

enum class ParamResult { Ok, Clamped, Invalid, UnknownKey };

// Parses a finite number and clamps it to [lo, hi].
ParamResult parse_number(std::string_view text, double lo, double hi, double* out);
ParamResult parse_int(std::string_view text, int lo, int hi, int* out);
// Index of `text` in names, or Invalid.
ParamResult parse_enum(std::string_view text, const std::vector<const char*>& names, int* out);
// Comma-joined whole numbers, each clamped to [lo, hi], count in [min_n, max_n].
ParamResult parse_int_list(std::string_view text, int lo, int hi, size_t min_n, size_t max_n, std::vector<int>* out);
ParamResult parse_bool(std::string_view text, bool* out);

// "#a=1&b=x%20y" -> ordered key/value pairs (percent-decoded; empty keys dropped).
std::vector<std::pair<std::string, std::string>> parse_hash(std::string_view hash);
std::string format_hash(const std::vector<std::pair<std::string, std::string>>& kv);
// A JSON command value as URL-style text: numbers, strings, bools, arrays of numbers.
bool json_to_param_text(const nlohmann::json& v, std::string* out);
std::string format_number(double v);  // shortest text that reads back the same float

}  // namespace mlpg::ui
