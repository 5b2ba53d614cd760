#include "models/charlm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ops/ops.h"
#include "training/train_step.h"

namespace mlpg {

std::u32string utf8_decode(const std::string& s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = len > 0 && i + size_t(len) <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      const unsigned char cb = static_cast<unsigned char>(s[i + size_t(k)]);
      ok = (cb >> 6) == 2;
      c = (c << 6) | (cb & 0x3F);
    }
    if (!ok) { out.push_back(0xFFFD); ++i; continue; }
    out.push_back(c);
    i += size_t(len);
  }
  return out;
}

std::string utf8_encode(char32_t c) {
  std::string s;
  if (c < 0x80) s += char(c);
  else if (c < 0x800) { s += char(0xC0 | (c >> 6)); s += char(0x80 | (c & 0x3F)); }
  else if (c < 0x10000) { s += char(0xE0 | (c >> 12)); s += char(0x80 | ((c >> 6) & 0x3F)); s += char(0x80 | (c & 0x3F)); }
  else { s += char(0xF0 | (c >> 18)); s += char(0x80 | ((c >> 12) & 0x3F)); s += char(0x80 | ((c >> 6) & 0x3F)); s += char(0x80 | (c & 0x3F)); }
  return s;
}

int Vocabulary::id(char32_t c) const {
  const auto it = std::lower_bound(chars.begin(), chars.end(), c);
  return it != chars.end() && *it == c ? int(it - chars.begin()) : -1;
}

Vocabulary Vocabulary::from_text(const std::u32string& text) {
  Vocabulary v;
  v.chars.assign(text.begin(), text.end());
  std::sort(v.chars.begin(), v.chars.end());
  v.chars.erase(std::unique(v.chars.begin(), v.chars.end()), v.chars.end());
  return v;
}

double unigram_cross_entropy(const std::vector<int>& train, const std::vector<int>& eval, int vocab) {
  std::vector<double> count(size_t(vocab), 1.0);  // add-one smoothing
  for (int id : train) count[size_t(id)] += 1.0;
  const double total = double(train.size()) + vocab;
  double nll = 0;
  for (int id : eval) nll -= std::log(count[size_t(id)] / total);
  return eval.empty() ? 0.0 : nll / double(eval.size());
}

std::string clean_fortunes(const std::string& raw) {
  std::string out, line;
  size_t start = 0;
  while (start < raw.size()) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    line = raw.substr(start, end - start);
    start = end + 1;
    if (line == "%" || line.find('\x1b') != std::string::npos) continue;  // separators, titles, authors
    const bool blank_run = out.empty() || (out.size() >= 2 && out.compare(out.size() - 2, 2, "\n\n") == 0);
    if (line.empty() && blank_run) continue;  // at most one blank line in a row
    out += line;
    out += '\n';
    if (end == raw.size()) break;
  }
  return out;
}

CharModel::CharModel(const Vocabulary& vocab, const CharModelConfig& cfg)
    : vocab_(vocab), cfg_(cfg), init_rng_(cfg.seed + 2), embed_(vocab.size(), cfg.embed, cfg.seed),
      rnn_(RecurrentConfig{cfg.cell, cfg.embed, cfg.hidden, cfg.layers, cfg.dropout, false}, cfg.seed + 1),
      head_(cfg.hidden, vocab.size(), init_rng_, Activation::Linear),
      opt_(adam(2e-3f), parameters()) {  // members above are built by now
  if (vocab.size() < 2) throw std::invalid_argument("CharModel: the text needs at least two distinct characters");
  graph_.seed(cfg.seed);
}

std::vector<Parameter*> CharModel::parameters() {
  std::vector<Parameter*> ps{&embed_.weight};
  for (Parameter* p : rnn_.parameters()) ps.push_back(p);
  ps.push_back(&head_.weight);
  ps.push_back(&head_.bias);
  return ps;
}

Var CharModel::logits(Graph& g, const int* ids, int batch, int steps, const DetachedState* init, DetachedState* final) {
  Var x = embed_.lookup(g, ids, batch, steps);
  RecurrentState st;
  if (init && !init->empty()) st = attach(g, *init);
  RecurrentOutput out = rnn_.run(g, x, init && !init->empty() ? &st : nullptr);
  if (final) *final = detach(out.final);
  return head_.forward(g, reshape(out.output, Shape{batch * steps, cfg_.hidden}));
}

float CharModel::train_step(const std::vector<int>& data, int batch, int steps, std::mt19937& rng) {
  if (int(data.size()) < steps + 2) throw std::invalid_argument("CharModel: text shorter than one window");
  std::uniform_int_distribution<size_t> start(0, data.size() - size_t(steps) - 1);
  std::vector<int> in(size_t(batch * steps)), target(size_t(batch * steps));
  for (int b = 0; b < batch; ++b) {
    const size_t s = start(rng);
    for (int t = 0; t < steps; ++t) {
      in[size_t(b * steps + t)] = data[s + size_t(t)];
      target[size_t(b * steps + t)] = data[s + size_t(t) + 1];
    }
  }
  Graph& g = graph_;
  g.clear();
  g.training = true;
  Var loss = sparse_cross_entropy(logits(g, in.data(), batch, steps, nullptr, nullptr), target.data());
  const StepResult r = mlpg::train_step(g, loss, opt_, /*clip_norm=*/5.f);
  if (!r.finite)
    throw std::runtime_error("CharModel: the loss or its gradient became NaN/inf (learning rate too high?); "
                             "parameters kept from the last good step");
  return r.loss;
}

double CharModel::evaluate(const std::vector<int>& data, int chunk) {
  Graph& g = graph_;
  g.training = false;
  DetachedState state;
  double nll = 0;
  int64_t n = 0;
  for (size_t s = 0; s + 1 < data.size(); s += size_t(chunk)) {
    const int steps = int(std::min<size_t>(size_t(chunk), data.size() - 1 - s));
    g.clear();
    NoGrad ng(g);
    DetachedState next;
    Var z = logits(g, data.data() + s, 1, steps, &state, &next);
    nll += double(sparse_cross_entropy(z, data.data() + s + 1)->value.data[0]) * steps;
    n += steps;
    state = next;
  }
  g.training = true;
  return n ? nll / double(n) : 0.0;
}

std::string CharModel::sample(const std::u32string& prefix, int n, float temperature, uint32_t seed) {
  if (!(temperature > 0.f)) throw std::invalid_argument("sample: temperature must be > 0");
  std::mt19937 rng(seed);
  Graph& g = graph_;
  g.training = false;
  std::vector<int> ids;
  for (char32_t c : prefix) {
    const int id = vocab_.id(c);
    if (id >= 0) ids.push_back(id);
  }
  std::string out;
  for (char32_t c : prefix) out += utf8_encode(c);
  if (ids.empty()) ids.push_back(vocab_.id(U'\n') >= 0 ? vocab_.id(U'\n') : 0);
  DetachedState state;
  std::vector<double> p(size_t(vocab_.size()));
  for (int k = 0; k < n; ++k) {
    g.clear();
    NoGrad ng(g);
    DetachedState next;
    // First call reads the whole prefix; then one character at a time.
    Var z = logits(g, ids.data(), 1, int(ids.size()), &state, &next);
    state = next;
    const float* last = z->value.data + int64_t(ids.size() - 1) * vocab_.size();
    double mx = last[0], total = 0;
    for (int j = 1; j < vocab_.size(); ++j) mx = std::max(mx, double(last[j]));
    for (int j = 0; j < vocab_.size(); ++j) total += p[size_t(j)] = std::exp((last[j] - mx) / temperature);
    std::uniform_real_distribution<double> u(0.0, total);
    double r = u(rng);
    int pick = 0;
    while (pick + 1 < vocab_.size() && (r -= p[size_t(pick)]) > 0) ++pick;
    out += utf8_encode(vocab_.chars[size_t(pick)]);
    ids.assign(1, pick);
  }
  g.training = true;
  return out;
}

}  // namespace mlpg
