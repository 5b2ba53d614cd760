#pragma once
// A character-level language model: UTF-8 text split into code points, an
// Embedding → stacked recurrent cells → Linear over the vocabulary, trained
// on random windows with truncated BPTT, scored in nats per character against
// a unigram baseline, and sampled with a temperature and an optional prefix.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "training/optim.h"
#include "layers/rnn.h"

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

class CharModel {
 public:
  CharModel(const Vocabulary& vocab, const CharModelConfig& cfg);
  // One Adam step on `batch` random windows of `steps` + 1 ids from `data`;
  // returns the mean cross-entropy (nats/char). Gradients clipped to norm 5.
  float train_step(const std::vector<int>& data, int batch, int steps, std::mt19937& rng);
  // Mean cross-entropy over `data`, read in consecutive chunks with the state
  // carried from chunk to chunk (truncated BPTT order, no training).
  double evaluate(const std::vector<int>& data, int chunk = 64);
  // Continues `prefix` by n characters; temperature > 0 (lower is greedier).
  std::string sample(const std::u32string& prefix, int n, float temperature, uint32_t seed);
  std::vector<Parameter*> parameters();
  const Vocabulary& vocab() const { return vocab_; }
  Optimizer& optimizer() { return opt_; }

 private:
  Var logits(Graph& g, const int* ids, int batch, int steps, const DetachedState* init, DetachedState* final);
  Vocabulary vocab_;
  CharModelConfig cfg_;
  Rng init_rng_;  // initialises the output layer
  Embedding embed_;
  Recurrent rnn_;
  Linear head_;
  Optimizer opt_;
  Graph graph_;
};

}  // namespace mlpg
