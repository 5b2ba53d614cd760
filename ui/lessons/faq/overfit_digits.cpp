// Q2 on images: an MLP overfitting 300 digits, and the course's remedies (see overfit_digits.h).
#include "overfit_digits.h"

#include <algorithm>
#include <cmath>

#include "assets.h"
#include "training/data.h"
#include "training/loss.h"
#include "training/train_step.h"

namespace mlpg::ui {

namespace {

constexpr const char* kTrainDigits = "data/mnist-digits-train.mlpg";
constexpr const char* kValDigits = "data/mnist-digits-test.mlpg";

Sequential digits_network(double dropout, uint32_t seed) {
  Rng rng(seed + 307u);
  Sequential net;
  net.add<Flatten>();
  net.add<Linear>(784, 128, rng, Activation::Relu);
  net.add<ActivationLayer>(Activation::Relu);
  if (dropout > 0) net.add<Dropout>(float(dropout));
  net.add<Linear>(128, 128, rng, Activation::Relu);
  net.add<ActivationLayer>(Activation::Relu);
  if (dropout > 0) net.add<Dropout>(float(dropout));
  net.add<Linear>(128, 10, rng, Activation::Linear);
  return net;
}

// Mean cross-entropy and accuracy on a set, in evaluation mode (no dropout), in chunks.
void score(DigitsOverfit& d, const std::vector<float>& x, const std::vector<int>& y, float* loss, float* acc) {
  Graph& g = d.graph;
  g.training = false;
  const int n = int(y.size());
  double total = 0;
  int right = 0;
  for (int b = 0; b < n; b += 250) {
    const int len = std::min(250, n - b);
    g.clear();
    Var logits = d.net.forward(g, g.input(Shape{len, 28, 28, 1}, x.data() + size_t(b) * 784));
    Var l = sparse_cross_entropy(logits, y.data() + b);
    total += double(l->value.data[0]) * len;
    for (int i = 0; i < len; ++i) {
      const float* row = logits->value.data + size_t(i) * 10;
      right += int(std::max_element(row, row + 10) - row) == y[size_t(b + i)];
    }
  }
  g.training = true;
  *loss = float(total / n);
  *acc = float(right) / float(n);
}

void score_epoch(DigitsOverfit& d) {
  std::vector<int> idx(static_cast<size_t>(d.train.count));
  for (int i = 0; i < d.train.count; ++i) idx[size_t(i)] = i;
  std::vector<float> x;
  std::vector<int> y;
  d.train.gather(idx, x, y);
  float l = 0, a = 0;
  score(d, x, y, &l, &a);
  d.train_loss.push_back(l);
  d.train_acc.push_back(a);
  score(d, d.val_x, d.val_y, &l, &a);
  d.val_loss.push_back(l);
  d.val_acc.push_back(a);
}

}  // namespace

void shift_image(const float* in, float* out, int dx, int dy) {
  for (int r = 0; r < 28; ++r)
    for (int c = 0; c < 28; ++c) {
      const int sr = r - dy, sc = c - dx;
      out[r * 28 + c] = sr >= 0 && sr < 28 && sc >= 0 && sc < 28 ? in[sr * 28 + sc] : 0.f;
    }
}

DigitsRecord digits_record(const DigitsOverfit& d) {
  DigitsRecord r;
  r.remedies = d.remedies;
  r.epochs = d.epochs;
  if (d.val_loss.empty()) return r;
  r.best_epoch = int(std::min_element(d.val_loss.begin(), d.val_loss.end()) - d.val_loss.begin());
  r.best_val_loss = d.val_loss[size_t(r.best_epoch)];
  r.train_acc = d.train_acc.back();
  r.val_acc = d.val_acc.back();
  return r;
}

void digits_reset(DigitsOverfit& d, const DigitsRemedies& r, uint32_t seed) {
  if (d.epochs > 0) {  // keep what the last run showed, newest first; one row per set of remedies
    const DigitsRecord done = digits_record(d);
    d.records.erase(std::remove_if(d.records.begin(), d.records.end(), [&](const DigitsRecord& x) { return x.remedies == done.remedies; }),
                    d.records.end());
    d.records.insert(d.records.begin(), done);
    if (d.records.size() > 8) d.records.pop_back();
  }
  if (seed != d.seed) d.records.clear();  // another seed is another experiment
  d.remedies = r;
  d.seed = seed;
  d.epochs = 0;
  d.batch_in_epoch = 0;
  d.plan.clear();
  d.train_loss.clear(), d.val_loss.clear(), d.train_acc.clear(), d.val_acc.clear();
  if (d.loading) return;
  d.net = digits_network(r.dropout, seed);  // the same start for every set of remedies (dropout adds no weights)
  d.opt = std::make_unique<Optimizer>(adam(1e-3f), d.net.parameters());
  d.graph.seed(seed);
  d.rng.seed(seed + 1u);
  score_epoch(d);
}

void digits_poll(DigitsOverfit& d, const DigitsRemedies& r, uint32_t seed) {
  if (!d.loading || !d.error.empty()) return;
  const Asset& tr = want_asset(kTrainDigits);
  const Asset& va = want_asset(kValDigits);
  for (const Asset* a : {&tr, &va})
    if (a->status == AssetStatus::Failed) {
      d.error = a->error;
      return;
    }
  if (tr.status != AssetStatus::Ready || va.status != AssetStatus::Ready) return;
  try {
    d.train = parse_dataset(tr.bytes.data(), tr.bytes.size(), kTrainDigits);
    d.val = parse_dataset(va.bytes.data(), va.bytes.size(), kValDigits);
    if (d.train.item_shape.numel() != 784 || d.train.count < kDigitsTrain || d.val.count < kDigitsVal)
      throw DatasetError("expected at least 300 + 1,000 28x28 digits");
    d.train = d.train.head(kDigitsTrain);
    d.val = d.val.head(kDigitsVal);
    std::vector<int> idx(static_cast<size_t>(kDigitsVal));
    for (int i = 0; i < kDigitsVal; ++i) idx[size_t(i)] = i;
    d.val.gather(idx, d.val_x, d.val_y);
  } catch (const std::exception& e) {
    d.error = e.what();
    return;
  }
  d.loading = false;
  d.epochs = 0;
  digits_reset(d, r, seed);
}

int digits_train(DigitsOverfit& d, int steps) {
  int done = 0;
  std::vector<int> idx;
  std::vector<float> x, shifted(784);
  std::vector<int> y;
  while (done < steps && !d.loading && d.epochs < kDigitsEpochs) {
    if (d.batch_in_epoch >= int(d.plan.size())) {
      std::vector<int> all(static_cast<size_t>(kDigitsTrain));
      for (int i = 0; i < kDigitsTrain; ++i) all[size_t(i)] = i;
      d.plan = epoch_batches(all, kDigitsBatch, d.seed, d.epochs);
      d.batch_in_epoch = 0;
    }
    d.train.gather(d.plan[size_t(d.batch_in_epoch++)], x, y);
    const int n = int(y.size());
    if (d.remedies.augment) {  // a fresh shift of up to 2 pixels each time an image is seen
      std::uniform_int_distribution<int> s(-2, 2);
      for (int i = 0; i < n; ++i) {
        shift_image(&x[size_t(i) * 784], shifted.data(), s(d.rng), s(d.rng));
        std::copy(shifted.begin(), shifted.end(), x.begin() + long(i) * 784);
      }
    }
    Graph& g = d.graph;
    g.clear();
    Var loss = sparse_cross_entropy(d.net.forward(g, g.input(Shape{n, 28, 28, 1}, x.data())), y.data());
    if (d.remedies.l2 > 0) loss = add(loss, l2_penalty(g, d.net.parameters(), float(d.remedies.l2), n));
    if (d.remedies.l1 > 0) loss = add(loss, l1_penalty(g, d.net.parameters(), float(d.remedies.l1), n));
    train_step(g, loss, *d.opt);  // a non-finite step keeps the last good weights
    ++done;
    if (d.batch_in_epoch >= int(d.plan.size())) {
      ++d.epochs;
      score_epoch(d);
    }
  }
  return done;
}

}  // namespace mlpg::ui
