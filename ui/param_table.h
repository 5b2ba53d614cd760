#pragma once
// One parameter table per lesson: every parameter's key, kind, range, scale,
// enum names, label and whether a change restarts training, in one place.
// The URL parser, the command validator, state().params, the permalink and
// the shared widget (param_widget.h) all read it, so a range cannot drift and
// a slider edit does what the same edit by command does.
//
// A spec says where its value lives with a member pointer into the lesson's
// params struct; the builders below check at compile time that the member's
// type fits the kind (an int for enums, a bool array for flags, ...).
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "params.h"

namespace mlpg::ui {

enum class ParamKind { Float, Int, Bool, Enum, IntList, Flags };
enum class Restart { No, Yes };  // does a change start a fresh run?

struct ParamSpec {
  const char* key = "";
  ParamKind kind = ParamKind::Float;
  const char* label_key = "";
  Restart restarts = Restart::Yes;
  double lo = 0, hi = 0;           // Float and Int values, IntList items
  bool log_scale = false;          // Float: logarithmic slider
  const char* zero_key = nullptr;  // Float: 0 means "off", else [lo, hi]; the widget's "= 0" checkbox label
  std::vector<const char*> names;  // Enum values, Flags members (URL names; labels are label_key.name)
  int min_items = 0, max_items = 0, new_item = 1;  // IntList length bounds and the value a new item gets
  const char* item_key = nullptr;  // IntList: each item's label ("neurons 1", ...)
  const char* format = nullptr;    // slider text, e.g. "%.2g"
  bool radio = false;              // Enum: radio buttons instead of a combo
  bool (*shown)(const void* block) = nullptr;  // drawn only when true (null: always)
  void* (*where)(void* block) = nullptr;       // the value inside the lesson's params struct
  int flag_count = 0;                          // Flags: length of the bool array

  // Optional traits, chained after a builder: real<&P::lr>(...).log().fmt("%.3g").
  ParamSpec& log() { log_scale = true; return *this; }
  ParamSpec& zero_is_off(const char* checkbox_key) { zero_key = checkbox_key; return *this; }
  ParamSpec& fmt(const char* f) { format = f; return *this; }
  ParamSpec& as_radio() { radio = true; return *this; }
  ParamSpec& when(bool (*pred)(const void*)) { shown = pred; return *this; }
  ParamSpec& items(const char* key, int value_of_new_item) { item_key = key; new_item = value_of_new_item; return *this; }
};
using ParamTable = std::vector<ParamSpec>;

namespace detail {
template <class M> struct member;
template <class C, class T> struct member<T C::*> { using owner = C; using type = T; };
template <auto M> void* field(void* block) {
  return &(static_cast<typename member<decltype(M)>::owner*>(block)->*M);
}
template <auto M> using field_t = typename member<decltype(M)>::type;

template <auto M>
ParamSpec spec_at(const char* key, ParamKind kind, const char* label_key, Restart r) {
  ParamSpec s;
  s.key = key, s.kind = kind, s.label_key = label_key, s.restarts = r, s.where = field<M>;
  return s;
}
}  // namespace detail

// Builders: a spec whose storage is the member M (a pointer to member).
template <auto M>
ParamSpec real(const char* key, double lo, double hi, const char* label_key, Restart r) {
  static_assert(std::is_same_v<detail::field_t<M>, double>, "a real parameter lives in a double");
  ParamSpec s = detail::spec_at<M>(key, ParamKind::Float, label_key, r);
  s.lo = lo, s.hi = hi;
  return s;
}
template <auto M>
ParamSpec integer(const char* key, int lo, int hi, const char* label_key, Restart r) {
  static_assert(std::is_same_v<detail::field_t<M>, int>, "an integer parameter lives in an int");
  ParamSpec s = detail::spec_at<M>(key, ParamKind::Int, label_key, r);
  s.lo = lo, s.hi = hi;
  return s;
}
template <auto M>
ParamSpec toggle(const char* key, const char* label_key, Restart r) {
  static_assert(std::is_same_v<detail::field_t<M>, bool>, "a toggle lives in a bool");
  return detail::spec_at<M>(key, ParamKind::Bool, label_key, r);
}
// An enum by name: the int member holds the index into names.
template <auto M>
ParamSpec choice(const char* key, std::vector<const char*> names, const char* label_key, Restart r) {
  static_assert(std::is_same_v<detail::field_t<M>, int>, "a choice lives in an int (the index of its name)");
  ParamSpec s = detail::spec_at<M>(key, ParamKind::Enum, label_key, r);
  s.names = std::move(names);
  return s;
}
template <auto M>
ParamSpec int_list(const char* key, int lo, int hi, int min_items, int max_items, const char* label_key, Restart r) {
  static_assert(std::is_same_v<detail::field_t<M>, std::vector<int>>, "an int list lives in a std::vector<int>");
  ParamSpec s = detail::spec_at<M>(key, ParamKind::IntList, label_key, r);
  s.lo = lo, s.hi = hi, s.min_items = min_items, s.max_items = max_items;
  return s;
}
// A set of named on/off members stored in a bool array (comma-joined names in URLs).
template <auto M>
ParamSpec flags(const char* key, std::vector<const char*> names, const char* label_key, Restart r) {
  using T = detail::field_t<M>;
  static_assert(std::is_array_v<T> && std::is_same_v<std::remove_extent_t<T>, bool>, "flags live in a bool array");
  ParamSpec s = detail::spec_at<M>(key, ParamKind::Flags, label_key, r);
  s.names = std::move(names);
  s.flag_count = int(std::extent_v<T>);
  return s;
}

const ParamSpec* find_param(const ParamTable& table, std::string_view key);
// Parses `text` (URL-style: numbers, names, comma lists), clamps it to the
// spec's range and stores it. Invalid leaves the value unchanged.
ParamResult set_param_text(const ParamSpec& spec, void* block, std::string_view text);
// The value as URL text (what set_param_text reads back to the same value).
std::string param_text(const ParamSpec& spec, const void* block);
// Every parameter as key/value text, in table order (permalink, state().params).
std::vector<std::pair<std::string, std::string>> params_kv(const ParamTable& table, const void* block);
nlohmann::json params_json(const ParamTable& table, const void* block);
// Keeps the widget's in-place edits inside the range (the same clamp as text).
void clamp_param(const ParamSpec& spec, void* block);

}  // namespace mlpg::ui
