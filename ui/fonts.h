#pragma once
// The UI fonts, generated at build time by scripts/make_fonts.py from Debian
// font packages: DejaVu Sans (Latin, Greek, math) and a subset of WenQuanYi
// Micro Hei holding exactly the Chinese characters the string tables use.
namespace mlpg::ui::fonts {

extern const unsigned char dejavu_sans[];
extern const unsigned int dejavu_sans_size;
extern const unsigned char cjk_subset[];
extern const unsigned int cjk_subset_size;

}  // namespace mlpg::ui::fonts
