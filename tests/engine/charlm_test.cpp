// Character model: UTF-8 handling, corpus cleaning, and a quick check that a
// small LSTM beats the unigram baseline on held-out text.
#include <gtest/gtest.h>

#include <random>

#include "models/charlm.h"

using namespace mlpg;

TEST(CharLm, Utf8RoundTripAndInvalidBytes) {
  const std::string s = "春眠不觉晓，a\n";
  const std::u32string u = utf8_decode(s);
  ASSERT_EQ(u.size(), 8u);
  EXPECT_EQ(u[0], U'春');
  std::string back;
  for (char32_t c : u) back += utf8_encode(c);
  EXPECT_EQ(back, s);
  EXPECT_EQ(utf8_decode(std::string("\xff" "a"))[0], char32_t(0xFFFD));
  EXPECT_EQ(utf8_decode(std::string("\xe6\x98")).size(), 2u);  // truncated sequence: two replacement chars
}

TEST(CharLm, CleansFortuneFiles) {
  const std::string raw =
      "\x1b[32m《静夜思》\x1b[m\n\x1b[33m作者：李白\x1b[m\n床前明月光，疑是地上霜。\n%\n\x1b[32m《t》\x1b[m\n举头望明月。\n";
  EXPECT_EQ(clean_fortunes(raw), "床前明月光，疑是地上霜。\n举头望明月。\n");
}

TEST(CharLm, SmallLstmBeatsUnigramBaseline) {
  // A corpus with structure a unigram model cannot see: fixed-length lines
  // of characters from a small alphabet, each line ending in punctuation.
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> pick(0, 5);
  const char32_t alphabet[] = U"春花秋月山水";
  std::u32string text;
  for (int line = 0; line < 300; ++line) {
    for (int k = 0; k < 5; ++k) text += alphabet[pick(rng)];
    text += (line % 2 == 0) ? U'，' : U'。';
    if (line % 2 == 1) text += U'\n';
  }
  const Vocabulary vocab = Vocabulary::from_text(text);
  std::vector<int> ids;
  for (char32_t c : text) ids.push_back(vocab.id(c));
  const std::vector<int> train(ids.begin(), ids.begin() + 1600), val(ids.begin() + 1600, ids.end());
  const double unigram = unigram_cross_entropy(train, val, vocab.size());
  CharModelConfig cfg;
  cfg.embed = 8;
  cfg.hidden = 32;
  cfg.layers = 1;
  CharModel model(vocab, cfg);
  std::mt19937 batches(1);
  for (int s = 0; s < 150; ++s) model.train_step(train, 16, 24, batches);
  const double v = model.evaluate(val);
  std::printf("validation %.3f nats/char vs unigram %.3f\n", v, unigram);
  EXPECT_LT(v, unigram - 0.15);
  const std::string sample = model.sample(U"春", 30, 0.5f, 3);
  EXPECT_GE(utf8_decode(sample).size(), 31u);
}
