#include "param_table.h"

#include <algorithm>
#include <cmath>

namespace mlpg::ui {

namespace {

template <class T> T& at(const ParamSpec& s, void* block) { return *static_cast<T*>(s.where(block)); }
template <class T> const T& at(const ParamSpec& s, const void* block) {
  return *static_cast<const T*>(s.where(const_cast<void*>(block)));
}

// A real value: [lo, hi], or with zero_key, 0 (off) or [lo, hi] (values
// between 0 and lo clamp up to lo, the slider's lowest non-zero value).
ParamResult set_real(const ParamSpec& s, double* out, std::string_view text) {
  double x = 0;
  const double floor = s.zero_key ? 0.0 : s.lo;
  ParamResult r = parse_number(text, floor, s.hi, &x);
  if (r == ParamResult::Invalid) return r;
  if (s.zero_key && x > 0 && x < s.lo) { x = s.lo; r = ParamResult::Clamped; }
  *out = x;
  return r;
}

ParamResult set_flags(const ParamSpec& s, bool* out, std::string_view text) {
  if (text.empty()) return ParamResult::Invalid;  // at least one member
  std::vector<bool> on(size_t(s.flag_count), false);
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    int idx = -1;
    parse_enum(text.substr(start, comma - start), s.names, &idx);
    if (idx < 0 || idx >= s.flag_count) return ParamResult::Invalid;
    on[size_t(idx)] = true;
    start = comma + 1;
  }
  for (int i = 0; i < s.flag_count; ++i) out[i] = on[size_t(i)];
  return ParamResult::Ok;
}

}  // namespace

const ParamSpec* find_param(const ParamTable& table, std::string_view key) {
  for (const ParamSpec& s : table)
    if (key == s.key) return &s;
  return nullptr;
}

ParamResult set_param_text(const ParamSpec& s, void* block, std::string_view text) {
  switch (s.kind) {
    case ParamKind::Float: return set_real(s, &at<double>(s, block), text);
    case ParamKind::Int: return parse_int(text, int(s.lo), int(s.hi), &at<int>(s, block));
    case ParamKind::Bool: return parse_bool(text, &at<bool>(s, block));
    case ParamKind::Enum: return parse_enum(text, s.names, &at<int>(s, block));
    case ParamKind::IntList:
      return parse_int_list(text, int(s.lo), int(s.hi), size_t(s.min_items), size_t(s.max_items),
                            &at<std::vector<int>>(s, block));
    case ParamKind::Flags: return set_flags(s, static_cast<bool*>(s.where(block)), text);
  }
  return ParamResult::Invalid;
}

std::string param_text(const ParamSpec& s, const void* block) {
  switch (s.kind) {
    case ParamKind::Float: return format_number(at<double>(s, block));
    case ParamKind::Int: return std::to_string(at<int>(s, block));
    case ParamKind::Bool: return at<bool>(s, block) ? "true" : "false";
    case ParamKind::Enum: {
      const int i = at<int>(s, block);
      return i >= 0 && size_t(i) < s.names.size() ? s.names[size_t(i)] : s.names.front();
    }
    case ParamKind::IntList: {
      std::string out;
      for (int v : at<std::vector<int>>(s, block)) out += (out.empty() ? "" : ",") + std::to_string(v);
      return out;
    }
    case ParamKind::Flags: {
      const bool* on = static_cast<const bool*>(s.where(const_cast<void*>(block)));
      std::string out;
      for (int i = 0; i < s.flag_count; ++i)
        if (on[i]) out += (out.empty() ? "" : ",") + std::string(s.names[size_t(i)]);
      return out;
    }
  }
  return "";
}

std::vector<std::pair<std::string, std::string>> params_kv(const ParamTable& table, const void* block) {
  std::vector<std::pair<std::string, std::string>> kv;
  for (const ParamSpec& s : table) kv.emplace_back(s.key, param_text(s, block));
  return kv;
}

nlohmann::json params_json(const ParamTable& table, const void* block) {
  nlohmann::json j = nlohmann::json::object();
  for (const ParamSpec& s : table) j[s.key] = param_text(s, block);
  return j;
}

void clamp_param(const ParamSpec& s, void* block) {
  switch (s.kind) {
    case ParamKind::Float: {
      double& v = at<double>(s, block);
      if (!std::isfinite(v)) v = s.zero_key ? 0.0 : s.lo;
      if (!(s.zero_key && v == 0.0)) v = std::clamp(v, s.lo, s.hi);
      break;
    }
    case ParamKind::Int: at<int>(s, block) = std::clamp(at<int>(s, block), int(s.lo), int(s.hi)); break;
    case ParamKind::Enum: {
      int& v = at<int>(s, block);
      if (v < 0 || size_t(v) >= s.names.size()) v = 0;
      break;
    }
    case ParamKind::IntList: {
      std::vector<int>& v = at<std::vector<int>>(s, block);
      if (int(v.size()) > s.max_items) v.resize(size_t(s.max_items));
      while (int(v.size()) < s.min_items) v.push_back(s.new_item);
      for (int& x : v) x = std::clamp(x, int(s.lo), int(s.hi));
      break;
    }
    case ParamKind::Bool:
    case ParamKind::Flags: break;
  }
}

}  // namespace mlpg::ui
