#pragma once
// Every UI string in English and 简体中文, keyed by id (see i18n.cpp).
// The build collects the Chinese characters used here and subsets the CJK
// font to them (scripts/make_fonts.py).
#include <string>
#include <string_view>
#include <vector>

namespace mlpg::ui {

enum class Lang { En, Zh };
const char* lang_code(Lang l);                  // "en" / "zh"
bool lang_from_code(std::string_view code, Lang* out);

// The text for `key` in `lang`; an unknown key returns the key itself (and
// tests check that every key used exists in both languages).
const char* tr(Lang lang, std::string_view key);
bool has_string(std::string_view key);
// Every key, in table order (tests check they are unique and that both
// languages take the same printf arguments).
std::vector<std::string_view> string_keys();
// All Chinese text of the table (for the font's glyph ranges).
std::string all_chinese_text();

}  // namespace mlpg::ui
