// The course's recurrent classifier (article §4): nn.LSTM(num_layers=2,
// batch_first=True) followed by nn.Linear(hidden, 10) on the last time step,
// trained with cross-entropy and Adam (lr 2e-3, cosine decay, batch 32).
//   --task mnist      MNIST digits read row by row: 28 steps of 28 pixels,
//                     seeded 8,000 / 2,000 split (default hidden 128).
//   --task synthetic  the course's exact shape (input 100, hidden 256) on a
//                     seeded sequence task: the class is which of 10 patterns
//                     is hidden, with noise, at a random step of a 28-step sequence.
// Usage: lstm_classifier [--task mnist|synthetic] [--epochs N] [--hidden N]
//                        [--seed N] [--limit N] [--data DIR] [--lr 0.002] [--save model.mlpg]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "kernels/kernels.h"
#include "models/course_models.h"

using namespace mlpg;

#ifndef MLPG_DATA_DIR
#define MLPG_DATA_DIR "data"
#endif

namespace {

// Synthetic sequences as a Dataset of uint8 "pixels": background noise in
// [0, 96], and at one random step one of 10 fixed binary patterns over the
// 100 features; the class is which pattern. The network must remember it
// until the last step, wherever it appeared.
Dataset synthetic(int count, uint32_t seed) {
  const int T = 28, F = 100;
  std::mt19937 rng(seed);
  std::mt19937 pattern_rng(12345);  // the 10 patterns are fixed across splits
  std::bernoulli_distribution on(0.5);
  std::vector<std::vector<uint8_t>> patterns(10, std::vector<uint8_t>(F));  // binary: 0 or 255
  for (auto& p : patterns)
    for (auto& v : p) v = on(pattern_rng) ? 255 : 0;
  Dataset d;
  d.name = "synthetic";
  d.item_shape = Shape{T, F};
  d.count = count;
  d.classes = 10;
  std::uniform_int_distribution<int> noise(0, 96), cls(0, 9), step(0, T - 1);
  for (int i = 0; i < count; ++i) {
    const int c = cls(rng), at = step(rng);
    for (int t = 0; t < T; ++t)
      for (int f = 0; f < F; ++f)
        d.items.push_back(t == at ? patterns[size_t(c)][size_t(f)] : uint8_t(noise(rng)));
    d.labels.push_back(uint8_t(c));
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  std::string task = "mnist", data_dir = MLPG_DATA_DIR;
  int epochs = -1, hidden = -1, limit = 0;
  std::string save_path;
  float lr = 2e-3f;
  uint32_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has = i + 1 < argc;
    if (a == "--task" && has) task = argv[++i];
    else if (a == "--epochs" && has) epochs = std::atoi(argv[++i]);
    else if (a == "--hidden" && has) hidden = std::atoi(argv[++i]);
    else if (a == "--seed" && has) seed = uint32_t(std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--limit" && has) limit = std::atoi(argv[++i]);
    else if (a == "--data" && has) data_dir = argv[++i];
    else if (a == "--lr" && has) lr = std::strtof(argv[++i], nullptr);
    else if (a == "--save" && has) save_path = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--task mnist|synthetic] [--epochs N] [--hidden N] [--seed N] [--limit N] [--data DIR] [--lr X] [--save model.mlpg]\n", argv[0]);
      return 2;
    }
  }
  const bool mnist = task == "mnist";
  if (!mnist && task != "synthetic") { std::fprintf(stderr, "--task is mnist or synthetic\n"); return 2; }
  if (epochs < 0) epochs = mnist ? 10 : 2;
  if (hidden < 0) hidden = mnist ? 128 : 256;
  if (epochs < 1 || hidden < 1 || limit < 0 || !(lr > 0.f && lr < 1.f)) { std::fprintf(stderr, "--epochs, --hidden must be >= 1, --lr in (0, 1)\n"); return 2; }
  try {
    Dataset train = mnist ? load_dataset(data_dir + "/mnist-digits-train.mlpg") : synthetic(4000, seed);
    const Dataset test = mnist ? load_dataset(data_dir + "/mnist-digits-test.mlpg") : synthetic(1000, seed + 1);
    if (limit > 0 && limit < train.count) train = train.head(limit);
    const int steps = 28, features = mnist ? 28 : 100;

    Model model = make_course_lstm(steps, features, hidden, seed);
    model.compile(adam(lr));
    std::printf("kernels %s; task %s: %d training, %d test sequences of %d x %d\n%s\n", kernels::active_kernels().name,
                task.c_str(), train.count, test.count, steps, features, model.summary().c_str());
    FitOptions fo;
    fo.epochs = epochs;
    fo.batch_size = 32;
    fo.seed = seed;
    fo.lr_schedule = [&](double done) {  // cosine over the whole run, per batch
      return lr * 0.5f * (1.f + std::cos(3.14159265f * float(done / epochs)));
    };
    fo.on_epoch = [&](const EpochStats& s) {
      const Evaluation ev = model.evaluate(test);
      std::printf("epoch %d  loss %.4f  acc %.4f  %.0f samples/s  (test acc %.4f)\n", s.epoch, s.loss, s.accuracy,
                  s.samples_per_sec, ev.accuracy);
      std::fflush(stdout);
    };
    model.fit(train, fo);
    const Evaluation ev = model.evaluate(test);
    std::printf("macro F1 %.4f\ntest accuracy: %.4f\n", ev.confusion.macro_f1(), ev.accuracy);
    if (!save_path.empty()) {
      save_model(model, save_path);
      std::printf("saved %s\n", save_path.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
