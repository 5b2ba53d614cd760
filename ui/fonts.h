#pragma once
// The UI fonts, generated at build time by scripts/make_fonts.py from Debian
// font packages: DejaVu Sans (Latin, Greek, math) and a subset of WenQuanYi
// Micro Hei holding exactly the Chinese characters the string tables and the
// corpora the app shows use, with its codepoints as ImGui glyph ranges.
namespace mlpg::ui::fonts {

extern const unsigned char dejavu_sans[];
extern const unsigned int dejavu_sans_size;
extern const unsigned char cjk_subset[];
extern const unsigned int cjk_subset_size;
extern const unsigned short cjk_ranges[];  // first, last pairs, then 0

}  // namespace mlpg::ui::fonts
