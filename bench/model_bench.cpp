// The course's models, timed: the CNN (training with Adam and inference,
// batch 32, and one image's latency: the draw-a-digit case) and the 2-layer
// LSTM (input 100, hidden 256, 28 steps, batch 32, training with Adam and
// inference), on seeded random data. Prints JSON lines for
// bench/report.mjs. Built natively and with Emscripten (run in Node).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_common.h"
#include "kernels/kernels.h"
#include "kernels/parallel.h"
#include "models/charlm.h"
#include "models/course_models.h"

using namespace mlpg;

namespace {

using mlpg::bench::kWorld;
using mlpg::bench::now;

Dataset random_dataset(const Shape& item, int count, uint32_t seed) {
  Dataset d;
  d.name = "random";
  d.item_shape = item;
  d.count = count;
  d.classes = 10;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> px(0, 255), cls(0, 9);
  d.items.resize(size_t(count) * size_t(item.numel()));
  for (auto& v : d.items) v = uint8_t(px(rng));
  for (int i = 0; i < count; ++i) d.labels.push_back(uint8_t(cls(rng)));
  return d;
}

// Samples/s of fit() over `count` samples after a one-batch warm-up.
double train_rate(Model& m, const Dataset& d) {
  FitOptions fo;
  fo.batch_size = 32;
  m.fit(d.head(32), fo);
  const double t0 = now();
  m.fit(d, fo);
  return d.count / (now() - t0);
}

double infer_rate(Model& m, const Dataset& d) {
  std::vector<float> x;
  std::vector<int> y, idx(static_cast<size_t>(d.count));
  for (int i = 0; i < d.count; ++i) idx[size_t(i)] = i;
  d.gather(idx, x, y);
  m.predict(x.data(), 32, 32);
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const double t0 = now();
    m.predict(x.data(), d.count, 32);
    best = std::max(best, d.count / (now() - t0));
  }
  return best;
}

// Median and 95th percentile, in ms, of one image through the model (batch 1).
std::pair<double, double> latency_ms(Model& m, const Dataset& d, int runs = 1000) {
  std::vector<float> x;
  std::vector<int> y;
  d.gather({0}, x, y);
  for (int i = 0; i < 20; ++i) m.predict(x.data(), 1, 1);
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const double t0 = now();
    m.predict(x.data(), 1, 1);
    ms.push_back((now() - t0) * 1e3);
  }
  std::sort(ms.begin(), ms.end());
  return {ms[size_t(runs / 2)], ms[size_t(runs * 95 / 100)]};
}

// "ours", or "ours-<set>" when MLPG_KERNEL_SET chose a set other than the
// widest (the bench's AVX2 column on an AVX-512 machine).
// "-<n>threads" is added when MLPG_THREADS asked for more than one (the
// bench's thread-scaling rows).
std::string impl_name() {
  const char* forced = std::getenv("MLPG_KERNEL_SET");
  std::string name = forced && *forced ? std::string("ours-") + kernels::active_kernels().name : "ours";
  if (kernels::thread_count() > 1) name += "-" + std::to_string(kernels::thread_count()) + "threads";
  return name;
}

void emit(const char* model, const char* task, double rate) {
  std::printf("{\"bench\":\"model\",\"world\":\"%s\",\"impl\":\"%s\",\"isa\":\"%s\",\"model\":\"%s\",\"task\":\"%s\",\"samples_per_s\":%.1f,\"threads\":%d}\n",
              kWorld, impl_name().c_str(), kernels::active_kernels().name, model, task, rate, kernels::thread_count());
  std::fflush(stdout);
}

}  // namespace

// Characters/s of the RNN lab's default character model (2-layer LSTM of
// 128, embedding 48, 85 symbols as the English corpus), steps of 8 windows of
// 32 characters, on seeded random text.
double charlm_rate() {
  Vocabulary v;
  for (int c = 0; c < 85; ++c) v.chars.push_back(char32_t(32 + c));
  std::vector<int> text(20000);
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> pick(0, 84);
  for (int& id : text) id = pick(rng);
  CharModel m(v, CharModelConfig{});
  m.train_step(text, 8, 32, rng);
  const int steps = 30;
  const double t0 = now();
  for (int s = 0; s < steps; ++s) m.train_step(text, 8, 32, rng);
  return steps * 8 * 32 / (now() - t0);
}

int main(int argc, char** argv) {
  const std::string only = argc > 1 ? argv[1] : "";
  if (only == "charlm") {  // the browser test's headless figure for the RNN lab
    emit("charlm", "train", charlm_rate());
    return 0;
  }
  const bool cnn_only = only == "cnn";  // the browser test's headless figure for the CNN lab
  {
    Model cnn = make_course_cnn(1);
    cnn.compile(adam(1e-3f));
    const Dataset d = random_dataset(Shape{28, 28, 1}, 1024, 1);
    emit("cnn", "train", train_rate(cnn, d));
    emit("cnn", "infer", infer_rate(cnn, d));
    if (!cnn_only) {
      const auto [median, p95] = latency_ms(cnn, d);
      std::printf("{\"bench\":\"latency\",\"world\":\"%s\",\"impl\":\"%s\",\"isa\":\"%s\",\"model\":\"cnn\",\"task\":\"infer1\",\"median_ms\":%.4f,\"p95_ms\":%.4f}\n",
                  kWorld, impl_name().c_str(), kernels::active_kernels().name, median, p95);
      std::fflush(stdout);
    }
  }
  if (!cnn_only) {
    Model lstm = make_course_lstm(28, 100, 256, 1);
    lstm.compile(adam(1e-3f));
    const Dataset d = random_dataset(Shape{28, 100}, 256, 2);
    emit("lstm", "train", train_rate(lstm, d));
    emit("lstm", "infer", infer_rate(lstm, d));
  }
  return 0;
}
