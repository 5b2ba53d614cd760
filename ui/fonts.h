#pragma once
// The UI fonts, generated at build time by scripts/make_fonts.py from Debian
// font packages: DejaVu Sans (Latin, Greek, math) and a subset of WenQuanYi
// Micro Hei holding exactly the Chinese characters the string tables use,
// with its codepoints as ImGui glyph ranges. The corpora's other characters
// are a second subset fetched as an asset (kCorpusFontPath) by the lessons
// that show them; only its ranges are compiled in.
namespace mlpg::ui::fonts {

extern const unsigned char dejavu_sans[];
extern const unsigned int dejavu_sans_size;
extern const unsigned char cjk_subset[];
extern const unsigned int cjk_subset_size;
extern const unsigned short cjk_ranges[];  // first, last pairs, then 0
extern const unsigned short corpus_ranges[];
inline constexpr const char* kCorpusFontPath = "data/font-corpus.ttf";

}  // namespace mlpg::ui::fonts
