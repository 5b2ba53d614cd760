// What fires: the character model's gates and states over a text, and the
// unit that best follows the ends of lines and sentences.
#include <cmath>

#include "rnn_lab.h"

namespace mlpg::ui {

namespace {
bool ends_something(char32_t c) {
  return c == U'\n' || c == U'。' || c == U'，' || c == U'.' || c == U'!' || c == U'?' || c == U'？' || c == U'！';
}

// Pearson correlation of two series (0 when either is constant).
float correlation(const std::vector<float>& a, const std::vector<float>& b) {
  const size_t n = std::min(a.size(), b.size());
  if (n < 2) return 0;
  double ma = 0, mb = 0;
  for (size_t i = 0; i < n; ++i) ma += a[i], mb += b[i];
  ma /= double(n), mb /= double(n);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? float(sab / std::sqrt(saa * sbb)) : 0.f;
}
}  // namespace

void fires_set_text(RnnLab& lab, const std::string& text) {
  lab.fires.text = text;
  lab.fires.dirty = true;
  lab.fires.position = -1;
}

int fires_quantities(const RnnLab& lab) {
  const CharTrace& t = lab.fires.trace;
  return 1 + (t.c.empty() ? 0 : 1) + (t.gates > 1 ? t.gates : 0);
}

const char* fires_quantity_name(const RnnLab& lab, int q) {
  const CharTrace& t = lab.fires.trace;
  if (q == 0) return "h";
  if (!t.c.empty() && q == 1) return "c";
  const int g = q - 1 - (t.c.empty() ? 0 : 1);
  static const char* const lstm[] = {"i", "f", "g", "o"}, *const gru[] = {"r", "z", "n"};
  if (t.gates == 4 && g >= 0 && g < 4) return lstm[g];
  if (t.gates == 3 && g >= 0 && g < 3) return gru[g];
  return "?";
}

std::vector<float> fires_series(const RnnLab& lab, int layer, int quantity, int unit) {
  const CharTrace& t = lab.fires.trace;
  std::vector<float> v;
  if (layer < 0 || layer >= t.layers || unit < 0 || unit >= t.hidden) return v;
  const size_t L = size_t(layer), u = size_t(unit);
  const size_t T = t.h.empty() ? 0 : t.h[L].size();
  for (size_t i = 0; i < T; ++i) {
    if (quantity == 0) v.push_back(t.h[L][i][u]);
    else if (!t.c.empty() && quantity == 1) v.push_back(t.c[L][i][u]);
    else {
      const int g = quantity - 1 - (t.c.empty() ? 0 : 1);
      v.push_back(t.gate[L][i][size_t(g * t.hidden) + u]);
    }
  }
  return v;
}

void fires_refresh(RnnLab& lab) {
  Fires& f = lab.fires;
  Poet& p = lab.poet;
  if (!f.dirty || !p.model || p.phase != RnnPhase::Ready) return;
  f.dirty = false;
  if (f.text.empty()) {  // the start of the validation text, something the model did not train on
    std::string s;
    for (size_t i = 0; i < std::min<size_t>(p.val.size(), lab.p.corpus == 0 ? 96 : 240); ++i)
      s += utf8_encode(p.vocab.chars[size_t(p.val[i])]);
    f.text = s;
  }
  std::vector<int> ids;
  f.chars.clear();
  for (char32_t c : utf8_decode(f.text)) {
    const int id = p.model->vocab().id(c);
    if (id < 0) continue;  // a character the model never saw: skipped
    ids.push_back(id);
    f.chars.push_back(c);
    if (ids.size() >= 400) break;
  }
  f.trace = p.model->trace(ids);
  // The unit of the chosen layer whose h follows "the next character ends a
  // line or sentence" best (by |correlation| over this text).
  std::vector<float> marker;
  for (size_t i = 0; i < f.chars.size(); ++i) marker.push_back(i + 1 < f.chars.size() && ends_something(f.chars[i + 1]) ? 1.f : 0.f);
  const int layer = f.layer < 0 ? f.trace.layers - 1 : std::min(f.layer, f.trace.layers - 1);
  f.marker_unit = -1;
  f.marker_corr = 0;
  for (int u = 0; u < f.trace.hidden; ++u) {
    const float r = correlation(fires_series(lab, layer, 0, u), marker);
    if (std::fabs(r) > std::fabs(f.marker_corr)) f.marker_corr = r, f.marker_unit = u;
  }
  if (!f.unit_chosen && f.marker_unit >= 0) f.unit = f.marker_unit;
}

}  // namespace mlpg::ui
