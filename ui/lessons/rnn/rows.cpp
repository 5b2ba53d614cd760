// The course's LSTM classifier (article §4: nn.LSTM(28, 128, 2) → Linear(10))
// reading an MNIST digit one row of 28 pixels per step: the shipped model,
// the class probabilities after each row, evaluation and live training.
#include <algorithm>

#include "assets.h"
#include "layers/nn.h"
#include "layers/rnn.h"
#include "models/course_models.h"
#include "ops/ops.h"
#include "rnn_lab.h"

namespace mlpg::ui {

const char* const kRnnRowsModel = "data/course-lstm.mlpg";

namespace {
constexpr const char* kDigitsTrain = "data/mnist-digits-train.mlpg";
constexpr const char* kDigitsVal = "data/mnist-digits-test.mlpg";
}  // namespace

void rows_poll(RnnLab& lab) {
  Rows& r = lab.rows;
  if (r.phase == RnnPhase::Idle) r.phase = RnnPhase::Loading;
  if (r.phase != RnnPhase::Loading) return;
  const Asset& tr = want_asset(kDigitsTrain);
  const Asset& va = want_asset(kDigitsVal);
  const Asset& mo = want_asset(kRnnRowsModel);
  for (const Asset* a : {&tr, &va})
    if (a->status == AssetStatus::Failed) {
      r.phase = RnnPhase::Failed;
      r.error = a->error;
      return;
    }
  if (tr.status != AssetStatus::Ready || va.status != AssetStatus::Ready || mo.status == AssetStatus::Loading) return;
  try {
    r.train = parse_dataset(tr.bytes.data(), tr.bytes.size(), kDigitsTrain);
    r.val = parse_dataset(va.bytes.data(), va.bytes.size(), kDigitsVal);
    if (r.train.item_shape.numel() != 784 || r.val.item_shape.numel() != 784 || r.val.classes != 10)
      throw DatasetError("expected 28x28 images of 10 classes");
  } catch (const std::exception& e) {
    r.phase = RnnPhase::Failed;
    r.error = e.what();
    discard_asset(kDigitsTrain);
    discard_asset(kDigitsVal);
    return;
  }
  r.phase = RnnPhase::Ready;
  rows_reset(lab);
}

void rows_retry(RnnLab& lab) {
  Rows& r = lab.rows;
  if (r.phase != RnnPhase::Failed) return;
  for (const char* path : {kDigitsTrain, kDigitsVal, kRnnRowsModel})
    if (asset(path).status == AssetStatus::Failed) release_asset(path);
  r.phase = RnnPhase::Loading;
  r.error.clear();
  rows_poll(lab);
}

void rows_reset(RnnLab& lab) {
  Rows& r = lab.rows;
  if (r.phase != RnnPhase::Ready) return;
  r.model.reset();
  r.shipped = false;
  r.note.clear();
  if (lab.p.start == 0) {
    const Asset& a = asset(kRnnRowsModel);
    try {
      if (a.status != AssetStatus::Ready) throw ModelFileError("not available");
      r.model = std::make_unique<Model>(parse_model(a.bytes.data(), a.bytes.size(), kRnnRowsModel));
      if (!(r.model->input_shape() == Shape{28, 28})) throw ModelFileError("another input shape");
      r.shipped = true;
    } catch (const std::exception&) {
      r.model.reset();
      r.note = "rnn.note.no_shipped";
    }
  }
  if (!r.model) r.model = std::make_unique<Model>(make_course_lstm(28, 28, 128, uint32_t(lab.p.seed)));
  r.model->compile(adam(float(lab.p.lr)));
  r.rng.seed(uint32_t(lab.p.seed) + 5);
  r.steps = 0;
  r.part = 0;
  r.step_loss = 0;
  r.order.clear();
  r.cursor = 0;
  r.history_loss.clear();
  r.val_accuracy = -1;
  rows_pick(lab, r.index);
}

std::vector<float> rows_probabilities(Model& m, const float* image784) {
  auto* rnn = dynamic_cast<Recurrent*>(m.net.layers[0].get());
  auto* head = dynamic_cast<Linear*>(m.net.layers.back().get());
  if (!rnn || !head) return {};
  Graph g;
  NoGrad ng(g);
  g.training = false;
  Var out = rnn->run(g, g.input(Shape{1, 28, 28}, image784)).output;  // [1, 28, H]
  const int H = out->value.shape[2];
  // The head applied to every step's h at once: [28, H] → [28, 10].
  Var p = head->forward(g, reshape(out, Shape{28, H}));
  return std::vector<float>(p->value.data, p->value.data + p->value.numel());
}

void rows_pick(RnnLab& lab, int index) {
  Rows& r = lab.rows;
  if (r.phase != RnnPhase::Ready || !r.model) return;
  r.index = std::clamp(index, 0, r.val.count - 1);
  std::vector<float> x;
  std::vector<int> y;
  r.val.gather({r.index}, x, y);
  r.probs_by_row = rows_probabilities(*r.model, x.data());
}

float rows_evaluate(RnnLab& lab) {
  Rows& r = lab.rows;
  if (r.phase != RnnPhase::Ready || !r.model) return 0;
  r.val_accuracy = r.model->evaluate(r.val).accuracy;
  return r.val_accuracy;
}

TrainResult rows_train_parts(RnnLab& lab, int parts) {
  Rows& r = lab.rows;
  TrainResult res;
  if (r.phase != RnnPhase::Ready || !r.model) return res;
  std::vector<int> idx;
  std::vector<float> x;
  std::vector<int> y;
  for (int k = 0; k < parts; ++k) {
    if (r.cursor + kRowsMicro > r.order.size()) {  // a new epoch, reshuffled
      r.order.resize(size_t(r.train.count));
      for (int i = 0; i < r.train.count; ++i) r.order[size_t(i)] = i;
      std::shuffle(r.order.begin(), r.order.end(), r.rng);
      r.cursor = 0;
    }
    idx.assign(r.order.begin() + long(r.cursor), r.order.begin() + long(r.cursor + kRowsMicro));
    r.cursor += kRowsMicro;
    r.train.gather(idx, x, y);
    constexpr int kParts = kRowsBatch / kRowsMicro;
    float acc = 0;
    float loss = 0;
    try {
      loss = r.model->train_batch_part(x, y, kRowsMicro, kRowsBatch, r.part == 0, r.part + 1 == kParts, &acc);
    } catch (const TrainingError&) {
      r.part = 0;
      r.step_loss = 0;
      res.diverged = true;
      break;
    }
    ++res.steps;
    r.step_loss += loss / kParts;
    if (++r.part == kParts) {
      r.part = 0;
      ++r.steps;
      r.history_loss.push_back(float(r.step_loss));
      r.step_loss = 0;
    }
  }
  if (res.steps) rows_pick(lab, r.index);
  return res;
}

}  // namespace mlpg::ui
