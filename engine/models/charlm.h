#pragma once
// A character-level language model: UTF-8 text split into code points, an
// Embedding → stacked recurrent cells → Linear over the vocabulary, trained
// on random windows with truncated BPTT, scored in nats per character against
// a unigram baseline, and sampled with a temperature and an optional prefix.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <memory>

#include "layers/rnn.h"
#include "training/optim.h"
#include "training/train_step.h"

namespace mlpg {

// Splits UTF-8 into code points (invalid bytes become U+FFFD).
std::u32string utf8_decode(const std::string& s);
std::string utf8_encode(char32_t c);

struct Vocabulary {
  std::vector<char32_t> chars;  // id -> character, sorted by code point
  int id(char32_t c) const;     // -1 when unknown
  int size() const { return int(chars.size()); }
  static Vocabulary from_text(const std::u32string& text);
};

// Unigram baseline: cross-entropy (nats/char) of `eval` under character
// frequencies counted in `train` (add-one smoothed over the vocabulary).
double unigram_cross_entropy(const std::vector<int>& train, const std::vector<int>& eval, int vocab);

// Cleans a fortune file (Debian fortunes / fortunes-zh): drops '%' separator
// lines and lines carrying ANSI colour codes (titles and authors in tang300),
// strips any remaining escape sequences.
std::string clean_fortunes(const std::string& raw);

struct CharModelConfig {
  CellKind cell = CellKind::LSTM;
  int embed = 48, hidden = 128, layers = 2;
  float dropout = 0.f;
  uint32_t seed = 1;
};

// What the model computed at each character of a text (CharModel::trace).
struct CharTrace {
  int layers = 0, hidden = 0, gates = 0;  // gates per unit: LSTM 4 (i f g o), GRU 3 (r z n), RNN 1 (h)
  // [layer][t]: gate activations [gates * hidden] in PyTorch's order (gate-major),
  // h_t [hidden], and c_t [hidden] (LSTM only).
  std::vector<std::vector<std::vector<float>>> gate, h, c;
  std::vector<std::vector<float>> next;  // [t]: probabilities of the character after t
};

class CharModel {
 public:
  CharModel(const Vocabulary& vocab, const CharModelConfig& cfg);
  // One Adam step on `batch` random windows of `steps` + 1 ids from `data`;
  // returns the mean cross-entropy (nats/char). Gradients clipped to norm 5.
  float train_step(const std::vector<int>& data, int batch, int steps, std::mt19937& rng);
  // The same step in parts (gradient accumulation, for a lesson's frames):
  // `windows` of the step's `batch`; the first part zeroes the gradients, the
  // last updates (clipped to norm 5). Returns this part's mean cross-entropy;
  // throws as train_step when the step was not finite.
  float train_part(const std::vector<int>& data, int windows, int batch, int steps, std::mt19937& rng, bool first,
                   bool last);
  // The gates, states and next-character probabilities over `ids` (no training).
  CharTrace trace(const std::vector<int>& ids);
  const CharModelConfig& config() const { return cfg_; }
  int64_t parameter_count();
  // Model files: the same container as Model's (serialize_parameters), with
  // the vocabulary and configuration as its architecture.
  std::vector<uint8_t> serialize();
  static std::unique_ptr<CharModel> parse(const uint8_t* bytes, size_t size, const std::string& name);
  // Mean cross-entropy over `data`, read in consecutive chunks with the state
  // carried from chunk to chunk (truncated BPTT order, no training).
  double evaluate(const std::vector<int>& data, int chunk = 64);
  // The same evaluation a few chunks at a time (a lesson's frames): continues
  // `e` by up to `chunks` chunks; true when `data` is done (e.mean() is then
  // what evaluate() returns).
  struct Evaluation {
    size_t pos = 0;
    DetachedState state;
    double nll = 0;
    int64_t n = 0;
    double mean() const { return n ? nll / double(n) : 0.0; }
  };
  bool evaluate_some(const std::vector<int>& data, Evaluation& e, int chunks, int chunk = 64);
  // Continues `prefix` by n characters; temperature > 0 (lower is greedier).
  std::string sample(const std::u32string& prefix, int n, float temperature, uint32_t seed);
  std::vector<Parameter*> parameters();
  const Vocabulary& vocab() const { return vocab_; }
  Optimizer& optimizer() { return opt_; }
  const Optimizer& optimizer() const { return opt_; }

 private:
  Var logits(Graph& g, const int* ids, int batch, int steps, const DetachedState* init, DetachedState* final,
             RecurrentOutput* recorded = nullptr);
  void windows(const std::vector<int>& data, int n, int steps, std::mt19937& rng, std::vector<int>& in,
               std::vector<int>& target);
  Vocabulary vocab_;
  CharModelConfig cfg_;
  Rng init_rng_;  // initialises the output layer
  Embedding embed_;
  Recurrent rnn_;
  Linear head_;
  Optimizer opt_;
  StepParts parts_;
  Graph graph_;
};

}  // namespace mlpg
