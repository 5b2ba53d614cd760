#include "choose_model.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "assets.h"
#include "layers/nn.h"
#include "models/course_models.h"

namespace mlpg::ui {

namespace {
constexpr const char* kTrainDigits = "data/mnist-digits-train.mlpg";
constexpr const char* kValDigits = "data/mnist-digits-test.mlpg";
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

std::unique_ptr<Model> make(int i, uint32_t seed) {
  std::unique_ptr<Model> m;
  if (i == 3) {
    m = std::make_unique<Model>(make_course_lstm(28, 28, 64, seed));  // a digit as 28 rows of 28 pixels
  } else if (i == 2) {
    m = std::make_unique<Model>(make_course_cnn(seed));
  } else {
    m = std::make_unique<Model>(Shape{28, 28, 1}, seed);
    m->add<Flatten>();
    if (i == 1) m->add<Linear>(128, Activation::Relu);
    m->add<Linear>(10, Activation::Softmax);
  }
  m->compile(adam(i == 3 ? 2e-3f : 1e-3f));
  return m;
}
}  // namespace

const char* contender_name(int i) {
  static const char* const names[kContenders] = {"logistic", "mlp", "cnn", "lstm"};
  return i >= 0 && i < kContenders ? names[i] : "?";
}

void choose_reset(ChooseRun& r, uint32_t seed) {
  r.current = 0;
  if (r.loading) return;
  r.order.resize(size_t(r.train.count));
  std::iota(r.order.begin(), r.order.end(), 0);
  std::mt19937 rng(seed);
  std::shuffle(r.order.begin(), r.order.end(), rng);
  for (int i = 0; i < kContenders; ++i) {
    Contender& c = r.c[i];
    c.model = make(i, seed);
    c.parameters = c.model->parameter_count();
    c.seen = 0;
    c.seconds = 0;
    c.accuracy = -1;
  }
}

void choose_poll(ChooseRun& r, uint32_t seed) {
  if (!r.loading || !r.error.empty()) return;
  const Asset& tr = want_asset(kTrainDigits);
  const Asset& va = want_asset(kValDigits);
  for (const Asset* a : {&tr, &va})
    if (a->status == AssetStatus::Failed) {
      r.error = a->error;
      return;
    }
  if (tr.status != AssetStatus::Ready || va.status != AssetStatus::Ready) return;
  try {
    r.train = parse_dataset(tr.bytes.data(), tr.bytes.size(), kTrainDigits);
    r.val = parse_dataset(va.bytes.data(), va.bytes.size(), kValDigits);
    if (r.train.item_shape.numel() != 784 || r.train.count < kChooseTrain) throw DatasetError("expected 28x28 digits");
    r.train = r.train.head(kChooseTrain);
    r.val = r.val.head(std::min(r.val.count, kChooseVal));  // scoring a model is one frame's work
  } catch (const std::exception& e) {
    r.error = e.what();
    return;
  }
  r.loading = false;
  choose_reset(r, seed);
}

int choose_train(ChooseRun& r, int parts) {
  int done = 0;
  std::vector<int> idx;
  std::vector<float> x;
  std::vector<int> y;
  while (done < parts && !r.loading && r.current < kContenders) {
    Contender& c = r.c[r.current];
    if (c.seen >= kChooseTrain) {  // this one's epoch is over: score it, then the next
      c.accuracy = c.model->evaluate(r.val).accuracy;
      ++r.current;
      continue;
    }
    // A batch of 32 in micro-batches of 8 (gradient accumulation), so one
    // unit of the frame loop stays short even for the CNN.
    const int batch = std::min(kChooseBatch, kChooseTrain - (c.seen - c.seen % kChooseBatch));
    const int in_batch = c.seen % kChooseBatch;
    const int n = std::min(kChooseMicro, batch - in_batch);
    idx.assign(r.order.begin() + c.seen, r.order.begin() + c.seen + n);
    r.train.gather(idx, x, y);
    const double t0 = now();
    float acc = 0;
    c.model->train_batch_part(x, y, n, batch, in_batch == 0, in_batch + n == batch, &acc);
    c.seconds += now() - t0;
    c.seen += n;
    ++done;
  }
  return done;
}

}  // namespace mlpg::ui
