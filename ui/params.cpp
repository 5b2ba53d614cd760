#include "params.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mlpg::ui {

ParamResult parse_number(std::string_view text, double lo, double hi, double* out) {
  const std::string s(text);
  if (s.empty() || s.size() > 64) return ParamResult::Invalid;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return ParamResult::Invalid;
  if (v < lo) { *out = lo; return ParamResult::Clamped; }
  if (v > hi) { *out = hi; return ParamResult::Clamped; }
  *out = v;
  return ParamResult::Ok;
}

ParamResult parse_int(std::string_view text, int lo, int hi, int* out) {
  double v = 0;
  const ParamResult r = parse_number(text, -1e9, 1e9, &v);
  if (r != ParamResult::Ok || v != std::floor(v)) return ParamResult::Invalid;
  if (v < lo) { *out = lo; return ParamResult::Clamped; }
  if (v > hi) { *out = hi; return ParamResult::Clamped; }
  *out = int(v);
  return ParamResult::Ok;
}

ParamResult parse_enum(std::string_view text, const std::vector<const char*>& names, int* out) {
  for (size_t i = 0; i < names.size(); ++i)
    if (text == names[i]) { *out = int(i); return ParamResult::Ok; }
  return ParamResult::Invalid;
}

ParamResult parse_int_list(std::string_view text, int lo, int hi, size_t min_n, size_t max_n, std::vector<int>* out) {
  std::vector<int> v;
  ParamResult worst = ParamResult::Ok;
  if (!text.empty()) {
    size_t start = 0;
    while (true) {
      const size_t comma = text.find(',', start);
      int x = 0;
      const ParamResult r = parse_int(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start), lo, hi, &x);
      if (r == ParamResult::Invalid) return r;
      if (r == ParamResult::Clamped) worst = r;
      v.push_back(x);
      if (v.size() > max_n) return ParamResult::Invalid;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  if (v.size() < min_n) return ParamResult::Invalid;
  *out = v;
  return worst;
}

ParamResult parse_bool(std::string_view text, bool* out) {
  if (text == "1" || text == "true") { *out = true; return ParamResult::Ok; }
  if (text == "0" || text == "false") { *out = false; return ParamResult::Ok; }
  return ParamResult::Invalid;
}

namespace {
int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
std::string decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}
std::string encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ',' || c == '~') out += char(c);
    else { char buf[4]; std::snprintf(buf, sizeof buf, "%%%02X", c); out += buf; }
  }
  return out;
}
}  // namespace

std::vector<std::pair<std::string, std::string>> parse_hash(std::string_view hash) {
  if (!hash.empty() && hash[0] == '#') hash.remove_prefix(1);
  std::vector<std::pair<std::string, std::string>> kv;
  size_t start = 0;
  while (start <= hash.size() && kv.size() < 64) {
    size_t amp = hash.find('&', start);
    if (amp == std::string_view::npos) amp = hash.size();
    const std::string_view part = hash.substr(start, amp - start);
    const size_t eq = part.find('=');
    std::string key = decode(part.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : decode(part.substr(eq + 1));
    if (!key.empty() && key.size() <= 32 && value.size() <= 256) kv.emplace_back(std::move(key), std::move(value));
    start = amp + 1;
  }
  return kv;
}

std::string format_hash(const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string out = "#";
  for (size_t i = 0; i < kv.size(); ++i) out += (i ? "&" : "") + encode(kv[i].first) + "=" + encode(kv[i].second);
  return out;
}

std::string format_number(double v) {
  char buf[32];
  if (v == std::floor(v) && std::fabs(v) < 1e9) {  // whole numbers in full: 100, not 1e+02
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int prec = 1; prec <= 9; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (float(std::strtod(buf, nullptr)) == float(v)) break;
  }
  return buf;
}

bool json_to_param_text(const nlohmann::json& v, std::string* out) {
  if (v.is_string()) { *out = v.get<std::string>(); return true; }
  if (v.is_boolean()) { *out = v.get<bool>() ? "true" : "false"; return true; }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (!std::isfinite(d)) return false;
    *out = v.is_number_integer() ? std::to_string(v.get<long long>()) : format_number(d);
    return true;
  }
  if (v.is_array()) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number_integer()) return false;
      s += (i ? "," : "") + std::to_string(v[i].get<long long>());
    }
    *out = s;
    return true;
  }
  return false;
}

}  // namespace mlpg::ui
