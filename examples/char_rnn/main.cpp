// Character-level language model on Tang poems (Debian fortunes-zh, tang300)
// or English fortunes (Debian fortunes-min): trains an LSTM on the first 90%
// of the text, reports training and validation cross-entropy (nats/char) and
// perplexity next to a unigram baseline, then writes text with a temperature
// and an optional prefix.
//
// Usage: char_rnn [--corpus tang|english|PATH] [--steps N] [--hidden N]
//                 [--layers N] [--cell lstm|gru|rnn] [--temperature T]
//                 [--prefix TEXT] [--length N] [--seed N] [--save model.mlpg]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "models/charlm.h"
#include "kernels/kernels.h"

using namespace mlpg;

int main(int argc, char** argv) {
  std::string corpus = "tang", prefix, cell = "lstm", save_path;
  int steps = 600, hidden = 128, layers = 2, length = 200;
  float temperature = 0.8f;
  uint32_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has = i + 1 < argc;
    if (a == "--corpus" && has) corpus = argv[++i];
    else if (a == "--steps" && has) steps = std::atoi(argv[++i]);
    else if (a == "--hidden" && has) hidden = std::atoi(argv[++i]);
    else if (a == "--layers" && has) layers = std::atoi(argv[++i]);
    else if (a == "--cell" && has) cell = argv[++i];
    else if (a == "--temperature" && has) temperature = std::strtof(argv[++i], nullptr);
    else if (a == "--prefix" && has) prefix = argv[++i];
    else if (a == "--length" && has) length = std::atoi(argv[++i]);
    else if (a == "--seed" && has) seed = uint32_t(std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--save" && has) save_path = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--corpus tang|english|PATH] [--steps N] [--hidden N] [--layers N] "
                   "[--cell lstm|gru|rnn] [--temperature T] [--prefix TEXT] [--length N] [--seed N] [--save model.mlpg]\n", argv[0]);
      return 2;
    }
  }
  if (steps < 1 || hidden < 1 || layers < 1 || length < 0 || !(temperature > 0.f) || !std::isfinite(temperature)) {
    std::fprintf(stderr, "--steps, --hidden, --layers must be >= 1 and --temperature > 0\n");
    return 2;
  }
  if (cell != "lstm" && cell != "gru" && cell != "rnn") { std::fprintf(stderr, "--cell is lstm, gru or rnn\n"); return 2; }
  const std::string path = corpus == "tang" ? "/usr/share/games/fortunes/tang300"
                         : corpus == "english" ? "/usr/share/games/fortunes/fortunes" : corpus;
  std::ifstream f(path, std::ios::binary);
  if (!f) { std::fprintf(stderr, "error: cannot read %s (Debian packages fortunes-zh / fortunes-min)\n", path.c_str()); return 1; }
  std::stringstream raw;
  raw << f.rdbuf();
  const std::u32string text = utf8_decode(clean_fortunes(raw.str()));
  if (text.size() < 1000) { std::fprintf(stderr, "error: %s has too little text\n", path.c_str()); return 1; }

  const Vocabulary vocab = Vocabulary::from_text(text);
  std::vector<int> ids;
  for (char32_t c : text) ids.push_back(vocab.id(c));
  const size_t split = ids.size() * 9 / 10;
  const std::vector<int> train(ids.begin(), ids.begin() + long(split)), val(ids.begin() + long(split), ids.end());
  const double unigram = unigram_cross_entropy(train, val, vocab.size());
  std::printf("kernels %s; %s: %zu characters, vocabulary %d; train %zu, validation %zu\n",
              kernels::active_kernels().name, path.c_str(), text.size(), vocab.size(), train.size(), val.size());
  std::printf("unigram baseline on validation: %.3f nats/char (perplexity %.1f)\n\n", unigram, std::exp(unigram));

  CharModelConfig cfg;
  cfg.cell = cell == "lstm" ? CellKind::LSTM : cell == "gru" ? CellKind::GRU : CellKind::RNN;
  cfg.hidden = hidden;
  cfg.layers = layers;
  cfg.seed = seed;
  CharModel model(vocab, cfg);
  std::mt19937 rng(seed);
  double running = 0;
  int in_run = 0;
  const int report = steps >= 10 ? steps / 10 : 1;
  for (int s = 1; s <= steps; ++s) {
    running += model.train_step(train, 32, 64, rng);
    ++in_run;
    if (s % report == 0 || s == steps) {
      const double v = model.evaluate(val);
      std::printf("step %5d  train %.3f  validation %.3f nats/char  (perplexity %.1f; unigram %.1f)\n", s,
                  running / in_run, v, std::exp(v), std::exp(unigram));
      std::fflush(stdout);
      running = 0;
      in_run = 0;
    }
  }
  const double v = model.evaluate(val);
  std::printf("\nvalidation %.3f vs unigram %.3f nats/char: %.1f%% lower\n\n", v, unigram, 100.0 * (1.0 - v / unigram));
  if (!save_path.empty()) {
    const std::vector<uint8_t> bytes = model.serialize();
    std::ofstream out(save_path, std::ios::binary);
    if (!out || !out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()))) {
      std::fprintf(stderr, "error: cannot write %s\n", save_path.c_str());
      return 1;
    }
    std::printf("saved %s\n", save_path.c_str());
  }
  std::printf("--- sample (temperature %.2f%s%s) ---\n%s\n", temperature, prefix.empty() ? "" : ", prefix ",
              prefix.c_str(), model.sample(utf8_decode(prefix), length, temperature, seed).c_str());
  return 0;
}
