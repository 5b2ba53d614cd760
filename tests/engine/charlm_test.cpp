// Character model: UTF-8 handling, corpus cleaning, and a quick check that a
// small LSTM beats the unigram baseline on held-out text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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

namespace {
// A small corpus and model for the tests below.
struct Small {
  std::u32string text = U"床前明月光，疑是地上霜。举头望明月，低头思故乡。\n";
  Vocabulary vocab;
  std::vector<int> ids;
  explicit Small(int repeat = 20) {
    std::u32string t;
    for (int i = 0; i < repeat; ++i) t += text;
    text = t;
    vocab = Vocabulary::from_text(text);
    for (char32_t c : text) ids.push_back(vocab.id(c));
  }
  CharModelConfig cfg(CellKind k) const {
    CharModelConfig c;
    c.cell = k;
    c.embed = 6;
    c.hidden = 10;
    c.layers = 2;
    c.seed = 4;
    return c;
  }
};
}  // namespace

TEST(CharLm, AModelFileRoundTripsAndBadFilesSayWhy) {
  Small s;
  for (CellKind k : {CellKind::LSTM, CellKind::GRU, CellKind::RNN}) {
    CharModel m(s.vocab, s.cfg(k));
    std::mt19937 rng(2);
    m.train_step(s.ids, 4, 12, rng);  // weights that differ from a fresh model
    const std::vector<uint8_t> bytes = m.serialize();
    std::unique_ptr<CharModel> back = CharModel::parse(bytes.data(), bytes.size(), "m.mlpg");
    EXPECT_EQ(back->vocab().chars, s.vocab.chars);
    EXPECT_EQ(back->config().cell, k);
    EXPECT_EQ(back->sample(U"床", 20, 0.7f, 9), m.sample(U"床", 20, 0.7f, 9)) << cell_name(k);
    EXPECT_EQ(back->serialize(), bytes);
  }
  CharModel m(s.vocab, s.cfg(CellKind::LSTM));
  std::vector<uint8_t> bytes = m.serialize();
  auto error_of = [](const std::vector<uint8_t>& b) -> std::string {
    try { CharModel::parse(b.data(), b.size(), "x.mlpg"); } catch (const std::exception& e) { return e.what(); }
    return "no error";
  };
  EXPECT_NE(error_of(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 100)).find("x.mlpg"), std::string::npos);
  std::vector<uint8_t> flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x40;
  EXPECT_NE(error_of(flipped).find("checksum"), std::string::npos);
  EXPECT_EQ(error_of(bytes), "no error");
}

TEST(CharLm, StepsInPartsAreTheWholeStep) {
  // Two parts of 2 windows give the same update as one step of 4 windows
  // drawn from the same random stream (gradient accumulation is exact up to
  // float rounding; the clip sees the accumulated gradient).
  Small s;
  CharModel whole(s.vocab, s.cfg(CellKind::LSTM)), parts(s.vocab, s.cfg(CellKind::LSTM));
  std::mt19937 r1(7), r2(7);
  for (int step = 0; step < 3; ++step) {
    whole.train_step(s.ids, 4, 10, r1);
    parts.train_part(s.ids, 2, 4, 10, r2, true, false);
    parts.train_part(s.ids, 2, 4, 10, r2, false, true);
  }
  const auto a = whole.parameters(), b = parts.parameters();
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < a[i]->value.data.size(); ++j)
      worst = std::max(worst, double(std::fabs(a[i]->value.data[j] - b[i]->value.data[j])));
  EXPECT_LT(worst, 1e-5);
}

TEST(CharLm, TheTraceIsTheEnginesOwnGatesAndStates) {
  // trace() reports, per character, the gates and states the recurrent layer
  // recorded; its last h and c equal the final state of an ordinary forward
  // pass, its next-character distribution sums to one and matches sample()'s
  // greedy choice, and an LSTM's c follows c_t = f c_{t-1} + i g.
  Small s(2);
  for (CellKind k : {CellKind::LSTM, CellKind::GRU, CellKind::RNN}) {
    CharModel m(s.vocab, s.cfg(k));
    std::vector<int> ids(s.ids.begin(), s.ids.begin() + 12);
    const CharTrace tr = m.trace(ids);
    ASSERT_EQ(tr.gate.size(), 2u);
    ASSERT_EQ(tr.h[1].size(), 12u);
    EXPECT_EQ(int(tr.gate[0][0].size()), tr.gates * tr.hidden);
    for (const auto& p : tr.next) {
      double sum = 0;
      for (float v : p) sum += v;
      EXPECT_NEAR(sum, 1.0, 1e-4);
    }
    // Greedy sampling (temperature near 0) after the 12 characters picks the argmax of next[11].
    std::u32string prefix(s.text.begin(), s.text.begin() + 12);
    const std::u32string out = utf8_decode(m.sample(prefix, 1, 1e-4f, 1));
    const auto& last = tr.next.back();
    const int argmax = int(std::max_element(last.begin(), last.end()) - last.begin());
    EXPECT_EQ(out.back(), s.vocab.chars[size_t(argmax)]) << cell_name(k);
    if (k == CellKind::LSTM) {
      ASSERT_EQ(tr.c.size(), 2u);
      const int H = tr.hidden;
      for (int l = 0; l < 2; ++l)
        for (int t = 0; t < 12; ++t)
          for (int u = 0; u < H; ++u) {
            const auto& gt = tr.gate[size_t(l)][size_t(t)];
            const float prev = t ? tr.c[size_t(l)][size_t(t - 1)][size_t(u)] : 0.f;
            const float expect = gt[size_t(H + u)] * prev + gt[size_t(u)] * gt[size_t(2 * H + u)];
            EXPECT_NEAR(tr.c[size_t(l)][size_t(t)][size_t(u)], expect, 1e-5f);
            if (l == 1 && t == 11) {  // h = o tanh(c)
              EXPECT_NEAR(tr.h[1][11][size_t(u)], gt[size_t(3 * H + u)] * std::tanh(expect), 1e-5f);
            }
          }
    }
  }
  CharModel m(s.vocab, s.cfg(CellKind::LSTM));
  EXPECT_THROW(m.trace({0, 999}), std::invalid_argument);
  EXPECT_TRUE(m.trace({}).next.empty());
}
