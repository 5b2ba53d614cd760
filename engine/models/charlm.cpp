#include "models/charlm.h"

#include "io/json_whole.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ops/ops.h"
#include "models/model.h"
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

Var CharModel::logits(Graph& g, const int* ids, int batch, int steps, const DetachedState* init, DetachedState* final,
                      RecurrentOutput* recorded) {
  Var x = embed_.lookup(g, ids, batch, steps);
  RecurrentState st;
  if (init && !init->empty()) st = attach(g, *init);
  rnn_.cfg.record_gates = recorded != nullptr;
  RecurrentOutput out = rnn_.run(g, x, init && !init->empty() ? &st : nullptr);
  rnn_.cfg.record_gates = false;
  if (final) *final = detach(out.final);
  Var z = head_.forward(g, reshape(out.output, Shape{batch * steps, cfg_.hidden}));
  if (recorded) *recorded = std::move(out);
  return z;
}

void CharModel::windows(const std::vector<int>& data, int n, int steps, std::mt19937& rng, std::vector<int>& in,
                        std::vector<int>& target) {
  if (steps < 1 || n < 1) throw std::invalid_argument("CharModel: windows and steps must be positive");
  if (int(data.size()) < steps + 2) throw std::invalid_argument("CharModel: text shorter than one window");
  std::uniform_int_distribution<size_t> start(0, data.size() - size_t(steps) - 1);
  in.resize(size_t(n * steps));
  target.resize(size_t(n * steps));
  for (int b = 0; b < n; ++b) {
    const size_t s = start(rng);
    for (int t = 0; t < steps; ++t) {
      in[size_t(b * steps + t)] = data[s + size_t(t)];
      target[size_t(b * steps + t)] = data[s + size_t(t) + 1];
    }
  }
}

float CharModel::train_part(const std::vector<int>& data, int n, int batch, int steps, std::mt19937& rng, bool first,
                            bool last) {
  std::vector<int> in, target;
  windows(data, n, steps, rng, in, target);
  Graph& g = graph_;
  g.clear();
  g.training = true;
  Var loss = sparse_cross_entropy(logits(g, in.data(), n, steps, nullptr, nullptr), target.data());
  const StepResult r = train_step_part(g, loss, opt_, float(n) / float(batch), first, last, parts_, /*clip_norm=*/5.f);
  if (last && !r.finite)
    throw std::runtime_error("CharModel: the loss or its gradient became NaN/inf (learning rate too high?); "
                             "parameters kept from the last good step");
  return r.loss;
}

CharTrace CharModel::trace(const std::vector<int>& ids) {
  CharTrace tr;
  if (ids.empty()) return tr;
  for (int id : ids)
    if (id < 0 || id >= vocab_.size()) throw std::invalid_argument("CharModel::trace: id out of the vocabulary");
  Graph& g = graph_;
  g.clear();
  g.training = false;
  NoGrad ng(g);
  RecurrentOutput rec;
  Var z = logits(g, ids.data(), 1, int(ids.size()), nullptr, nullptr, &rec);
  Var p = softmax(z);
  const int T = int(ids.size()), V = vocab_.size();
  tr.layers = cfg_.layers;
  tr.hidden = cfg_.hidden;
  tr.gates = rnn_.gate_count();
  auto values = [](const std::vector<Var>& per_step) {
    std::vector<std::vector<float>> v;
    for (const Var& x : per_step) v.emplace_back(x->value.data, x->value.data + x->value.numel());
    return v;
  };
  for (int l = 0; l < cfg_.layers; ++l) {
    tr.gate.push_back(values(rec.gates[size_t(l)]));
    tr.h.push_back(values(rec.hidden[size_t(l)]));
    if (!rec.cell.empty()) tr.c.push_back(values(rec.cell[size_t(l)]));
  }
  for (int t = 0; t < T; ++t) tr.next.emplace_back(p->value.data + int64_t(t) * V, p->value.data + int64_t(t + 1) * V);
  g.training = true;
  return tr;
}

int64_t CharModel::parameter_count() {
  int64_t n = 0;
  for (Parameter* p : parameters()) n += p->numel();
  return n;
}

namespace {
NamedParameters char_model_named(Embedding& e, Recurrent& r, Linear& head) {
  NamedParameters named{{"embed.weight", &e.weight}};
  for (Parameter* p : r.parameters()) named.emplace_back("rnn." + p->name, p);
  named.emplace_back("head.weight", &head.weight);
  named.emplace_back("head.bias", &head.bias);
  return named;
}
}  // namespace

std::vector<uint8_t> CharModel::serialize() {
  std::string chars;
  for (char32_t c : vocab_.chars) chars += utf8_encode(c);
  const nlohmann::json arch = {{"type", "CharModel"}, {"cell", cell_name(cfg_.cell)}, {"embed", cfg_.embed},
                               {"hidden", cfg_.hidden}, {"layers", cfg_.layers}, {"vocabulary", chars}};
  return serialize_parameters(arch, char_model_named(embed_, rnn_, head_));
}

std::unique_ptr<CharModel> CharModel::parse(const uint8_t* bytes, size_t size, const std::string& name) {
  std::unique_ptr<CharModel> m;
  parse_parameters(bytes, size, name, [&](const nlohmann::json& arch) {
    if (arch.value("type", std::string()) != "CharModel") throw std::invalid_argument("not a character model");
    CharModelConfig cfg;
    const std::string cell = arch.at("cell").get<std::string>();
    if (cell == "LSTM") cfg.cell = CellKind::LSTM;
    else if (cell == "GRU") cfg.cell = CellKind::GRU;
    else if (cell == "RNN") cfg.cell = CellKind::RNN;
    else throw std::invalid_argument("cell '" + cell + "'");
    cfg.embed = json_whole<int>(arch.at("embed"), "embed");
    cfg.hidden = json_whole<int>(arch.at("hidden"), "hidden");
    cfg.layers = json_whole<int>(arch.at("layers"), "layers");
    if (cfg.embed < 1 || cfg.embed > 4096 || cfg.hidden < 1 || cfg.hidden > 4096 || cfg.layers < 1 || cfg.layers > 8)
      throw std::invalid_argument("sizes out of range");
    Vocabulary v;
    for (char32_t c : utf8_decode(arch.at("vocabulary").get<std::string>())) v.chars.push_back(c);
    if (!std::is_sorted(v.chars.begin(), v.chars.end()) || std::adjacent_find(v.chars.begin(), v.chars.end()) != v.chars.end())
      throw std::invalid_argument("the vocabulary is not sorted and distinct");
    m = std::make_unique<CharModel>(v, cfg);
    return char_model_named(m->embed_, m->rnn_, m->head_);
  });
  return m;
}

float CharModel::train_step(const std::vector<int>& data, int batch, int steps, std::mt19937& rng) {
  std::vector<int> in, target;
  windows(data, batch, steps, rng, in, target);
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
  Evaluation e;
  while (!evaluate_some(data, e, 1 << 20, chunk)) {}
  return e.mean();
}

bool CharModel::evaluate_some(const std::vector<int>& data, Evaluation& e, int chunks, int chunk) {
  Graph& g = graph_;
  g.training = false;
  for (int k = 0; k < chunks && e.pos + 1 < data.size(); ++k) {
    const int steps = int(std::min<size_t>(size_t(chunk), data.size() - 1 - e.pos));
    g.clear();
    NoGrad ng(g);
    DetachedState next;
    Var z = logits(g, data.data() + e.pos, 1, steps, &e.state, &next);
    e.nll += double(sparse_cross_entropy(z, data.data() + e.pos + 1)->value.data[0]) * steps;
    e.n += steps;
    e.state = next;
    e.pos += size_t(chunk);
  }
  g.training = true;
  return e.pos + 1 >= data.size();
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
