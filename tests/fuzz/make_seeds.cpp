// Writes the binary seed inputs of the fuzz corpora (tests/fuzz/corpus/):
// small model files (dense, convolutional, recurrent, a character model),
// dataset files, and training-job messages. Run once by hand when a format
// changes: `build-san/tests/fuzz/make_seeds tests/fuzz/corpus` (the text seeds
// are written by hand).
#include <cstdio>
#include <fstream>
#include <string>

#include "io/dataset.h"
#include "models/charlm.h"
#include "models/model.h"
#include "train_job.h"

using namespace mlpg;
using namespace mlpg::ui;

namespace {
void write(const std::string& path, const std::vector<uint8_t>& b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
  std::printf("%s: %zu bytes\n", path.c_str(), b.size());
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) { std::fprintf(stderr, "usage: make_seeds CORPUS_DIR\n"); return 2; }
  const std::string dir = argv[1];
  Model dense(Shape{4}, 1);
  dense.add<Linear>(5, Activation::Relu);
  dense.add<Dropout>(0.2f);
  dense.add<Linear>(3, Activation::Softmax);
  dense.compile(adam(0.01f));
  write(dir + "/model_file/dense.mlpg", serialize_model(dense));
  Model conv(Shape{6, 6, 1}, 2);
  conv.add<Conv2D>(2, 3, Activation::Relu);
  conv.add<MaxPool2D>(2);
  conv.add<Flatten>();
  conv.add<Linear>(3, Activation::Softmax);
  write(dir + "/model_file/conv.mlpg", serialize_model(conv));
  CharModelConfig cc;
  cc.embed = 3, cc.hidden = 4, cc.layers = 1;
  CharModel chars(Vocabulary::from_text(U"abc d"), cc);
  write(dir + "/model_file/chars.mlpg", chars.serialize());

  Dataset d;
  d.item_shape = Shape{4};
  d.classes = 3;
  d.count = 6;
  for (int i = 0; i < 24; ++i) d.items.push_back(uint8_t(i * 10));
  d.labels = {0, 1, 2, 0, 1, 2};
  write(dir + "/dataset/tiny.mlpg", serialize_dataset(d));
  Dataset img = d;
  img.item_shape = Shape{2, 2, 1};
  write(dir + "/dataset/images.mlpg", serialize_dataset(img));

  // A job for the worker: the dense model on the tiny dataset, then a stop; and a report back.
  EpochRunner run;
  run.batch = 2;
  TrainStart s;
  s.gen = 1;
  s.data_name = "tiny";
  const std::vector<uint8_t> data = serialize_dataset(d);
  s.data = &data;
  s.epochs = 1;
  write(dir + "/train_job/start.bin", start_message(s, dense, run));
  write(dir + "/train_job/stop.bin", stop_message(1));
  std::vector<uint8_t> report;
  TrainWorker w([&](std::vector<uint8_t> b) { report = std::move(b); });
  w.message(start_message(s, dense, run));
  w.run(0);
  w.message(stop_message(1));
  write(dir + "/train_job/report.bin", report);
  return 0;
}
