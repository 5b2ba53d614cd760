#include "cnn_lab.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "assets.h"
#include "background.h"
#include "layers/nn.h"
#include "ops/ops.h"

namespace mlpg::ui {

const char* cnn_train_data(int d) { return d == 1 ? "data/fashion-mnist-train-small.mlpg" : "data/mnist-digits-train.mlpg"; }
const char* cnn_val_data(int d) { return d == 1 ? "data/fashion-mnist-test-small.mlpg" : "data/mnist-digits-test.mlpg"; }
const char* const kCnnShippedModel = "data/course-cnn.mlpg";

namespace {

constexpr size_t kHistoryCap = 2000;

// The three model variants; dropout (if any) goes before the last layer.
std::unique_ptr<Model> build_model(const CnnParams& p) {
  auto m = std::make_unique<Model>(Shape{28, 28, 1}, uint32_t(p.seed));
  const float drop = float(p.dropout);
  if (p.model == 0) {  // the course's CNN: 225,034 parameters
    m->add<Conv2D>(32, 3, Activation::Relu);
    m->add<MaxPool2D>(2);
    m->add<Conv2D>(64, 3, Activation::Relu);
    m->add<MaxPool2D>(2);
    m->add<Flatten>();
    m->add<Linear>(128, Activation::Relu);
  } else if (p.model == 1) {  // a small CNN: 14,410 parameters
    m->add<Conv2D>(8, 3, Activation::Relu);
    m->add<MaxPool2D>(2);
    m->add<Conv2D>(16, 3, Activation::Relu);
    m->add<MaxPool2D>(2);
    m->add<Flatten>();
    m->add<Linear>(32, Activation::Relu);
  } else {  // an MLP with the course CNN's parameter budget: 224,995 parameters
    m->add<Flatten>();
    m->add<Linear>(283, Activation::Relu);
  }
  if (drop > 0.f) m->add<Dropout>(drop);
  m->add<Linear>(10, Activation::Softmax);
  return m;
}

void compile(CnnLab& lab) {
  const CnnParams& p = lab.p;
  OptimizerConfig cfg = p.opt == 0 ? sgd(float(p.lr)) : p.opt == 1 ? sgd(float(p.lr), 0.9f) : adam(float(p.lr));
  // The course's λ/(2m) Σ θ² adds (λ/m)·θ to the gradient of a batch of m.
  // (Here on every parameter, biases included: the optimizer's weight decay.)
  cfg.weight_decay = float(p.lambda / p.batch);
  lab.model->compile(cfg);
}

void push_capped(std::vector<float>& v, float x) {
  if (v.size() >= kHistoryCap) {  // keep every other point: a long run stays readable
    for (size_t i = 0; i < kHistoryCap / 2; ++i) v[i] = v[2 * i];
    v.resize(kHistoryCap / 2);
  }
  v.push_back(x);
}

float sample(const float* img, int size, float x, float y) {  // bilinear, zero outside
  const int x0 = int(std::floor(x)), y0 = int(std::floor(y));
  const float fx = x - float(x0), fy = y - float(y0);
  auto at = [&](int xx, int yy) { return xx < 0 || yy < 0 || xx >= size || yy >= size ? 0.f : img[yy * size + xx]; };
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

}  // namespace

void mnist_preprocess(const float* img, int size, float* out) {
  std::fill(out, out + 784, 0.f);
  int x0 = size, y0 = size, x1 = -1, y1 = -1;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      if (img[y * size + x] > 0.05f) x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  if (x1 < 0) return;
  // The ink's box, scaled (aspect kept) so its longer side is 20 pixels.
  const float bw = float(x1 - x0 + 1), bh = float(y1 - y0 + 1), scale = 20.f / std::max(bw, bh);
  const int tw = std::max(1, int(std::lround(bw * scale))), th = std::max(1, int(std::lround(bh * scale)));
  std::vector<float> box(size_t(tw * th));
  constexpr int kSub = 4;  // 4x4 samples per target pixel: an area average, anti-aliased
  for (int ty = 0; ty < th; ++ty)
    for (int tx = 0; tx < tw; ++tx) {
      float s = 0;
      for (int sy = 0; sy < kSub; ++sy)
        for (int sx = 0; sx < kSub; ++sx)
          s += sample(img, size, float(x0) + (float(tx) + (float(sx) + 0.5f) / kSub) / scale - 0.5f,
                      float(y0) + (float(ty) + (float(sy) + 0.5f) / kSub) / scale - 0.5f);
      box[size_t(ty * tw + tx)] = std::min(1.f, s / (kSub * kSub));
    }
  // Centre of mass at the centre of the 28x28 image.
  double m = 0, mx = 0, my = 0;
  for (int y = 0; y < th; ++y)
    for (int x = 0; x < tw; ++x) {
      const double v = box[size_t(y * tw + x)];
      m += v, mx += v * (x + 0.5), my += v * (y + 0.5);
    }
  const int ox = int(std::lround(14.0 - (m > 0 ? mx / m : tw / 2.0)));
  const int oy = int(std::lround(14.0 - (m > 0 ? my / m : th / 2.0)));
  for (int y = 0; y < th; ++y)
    for (int x = 0; x < tw; ++x) {
      const int X = x + ox, Y = y + oy;
      if (X >= 0 && Y >= 0 && X < 28 && Y < 28) out[Y * 28 + X] = box[size_t(y * tw + x)];
    }
}

void cnn_reset(CnnLab& lab) {
  cnn_remote_cancel(lab);
  lab.run = EpochRunner{};
  lab.run.seed = uint32_t(lab.p.seed);
  lab.run.batch = lab.p.batch;
  lab.remote_error.clear();
  lab.history_loss.clear();
  lab.history_acc.clear();
  lab.history_val_acc.clear();
  lab.history_val_loss.clear();
  lab.history_epoch_loss.clear();
  lab.samples_per_s = 0;
  lab.train_seconds = 0;
  lab.train_samples = 0;
  lab.val_accuracy = 0;
  lab.confusion = ConfusionMatrix(10);
  lab.model_note.clear();
  lab.shipped = false;
  if (lab.phase == CnnLab::Phase::Ready && lab.loaded_dataset != lab.p.dataset) {
    lab.phase = CnnLab::Phase::Loading;  // another dataset: fetched on demand
    lab.model.reset();
    lab.eval_next = -1;
    cnn_poll_assets(lab);  // (at once where the files are on disk; it resets again when they are in)
    return;
  }
  if (lab.phase != CnnLab::Phase::Ready) return;  // cnn_poll_assets resets again when the data is in
  lab.model = build_model(lab.p);
  if (lab.p.start == 0) {  // the shipped model, when it fits the chosen variant
    const Asset& a = asset(kCnnShippedModel);
    if (lab.p.dataset != 0) {
      lab.model_note = "cnn.note.shipped_digits_only";
    } else if (lab.p.model != 0 || lab.p.dropout > 0) {
      lab.model_note = "cnn.note.shipped_course_only";
    } else if (a.status != AssetStatus::Ready) {
      lab.model_note = "cnn.note.no_shipped";
    } else {
      try {
        auto shipped = std::make_unique<Model>(parse_model(a.bytes.data(), a.bytes.size(), kCnnShippedModel));
        if (shipped->architecture() != lab.model->architecture()) throw ModelFileError("a different architecture");
        lab.model = std::move(shipped);
        lab.shipped = true;
      } catch (const std::exception& e) {
        lab.model_note = "cnn.note.bad_shipped";
      }
    }
  }
  compile(lab);
  lab.input_dirty = true;
  lab.why_dirty = true;
  cnn_start_evaluation(lab);
}

void cnn_poll_assets(CnnLab& lab) {
  if (lab.phase != CnnLab::Phase::Loading) return;
  // Ask once; a failure stays a failure until cnn_retry (no retry loop).
  const char* train_path = cnn_train_data(lab.p.dataset);
  const char* val_path = cnn_val_data(lab.p.dataset);
  const Asset& tr = want_asset(train_path);
  const Asset& va = want_asset(val_path);
  const Asset& mo = want_asset(kCnnShippedModel);
  for (const Asset* a : {&tr, &va}) {
    if (a->status == AssetStatus::Failed) {
      lab.phase = CnnLab::Phase::Failed;
      lab.error = a->error;
      return;
    }
  }
  if (tr.status != AssetStatus::Ready || va.status != AssetStatus::Ready) return;
  if (mo.status == AssetStatus::Loading) return;  // the model is small: wait for it (a failure is fine)
  try {
    lab.train = parse_dataset(tr.bytes.data(), tr.bytes.size(), train_path);
    lab.val = parse_dataset(va.bytes.data(), va.bytes.size(), val_path);
    if (!(lab.train.item_shape == Shape{28, 28, 1}) || !(lab.val.item_shape == Shape{28, 28, 1}) ||
        lab.train.classes != 10 || lab.val.classes != 10)
      throw DatasetError("expected 28x28x1 images of 10 classes");
  } catch (const std::exception& e) {
    lab.phase = CnnLab::Phase::Failed;
    lab.error = e.what();
    discard_asset(train_path);  // a retry downloads them again
    discard_asset(val_path);
    return;
  }
  // The bytes stay in the asset store: a later instance (a second embed, a
  // test) parses them without fetching again.
  lab.phase = CnnLab::Phase::Ready;
  lab.loaded_dataset = lab.p.dataset;
  lab.val_predicted.clear();
  lab.gallery_truth = lab.gallery_pred = -1;
  if (lab.val.count > 0 && (!lab.model || lab.input_index >= 0)) cnn_pick(lab, 0);  // an image of this dataset
  cnn_reset(lab);
}

void cnn_retry(CnnLab& lab) {
  if (lab.phase != CnnLab::Phase::Failed) return;
  for (const char* p : {cnn_train_data(lab.p.dataset), cnn_val_data(lab.p.dataset), kCnnShippedModel})
    if (asset(p).status == AssetStatus::Failed) release_asset(p);
  lab.phase = CnnLab::Phase::Loading;
  lab.error.clear();
  cnn_poll_assets(lab);
}

void cnn_start_evaluation(CnnLab& lab) {
  lab.eval_next = 0;
  lab.eval_confusion = ConfusionMatrix(10);
  lab.eval_loss_sum = 0;
}

bool cnn_evaluate_some(CnnLab& lab, int n) {
  if (lab.eval_next < 0 || !lab.model) return true;
  const int end = std::min(lab.val.count, lab.eval_next + n);
  std::vector<int> idx;
  for (int i = lab.eval_next; i < end; ++i) idx.push_back(i);
  std::vector<float> x;
  std::vector<int> y;
  lab.val.gather(idx, x, y);
  if (!idx.empty()) {
    const std::vector<float> probs = lab.model->predict(x.data(), int(idx.size()));
    const std::vector<int> pred = argmax_rows(probs.data(), int(idx.size()), 10);
    for (size_t k = 0; k < idx.size(); ++k)  // cross-entropy of the true class
      lab.eval_loss_sum -= std::log(std::max(1e-12, double(probs[k * 10 + size_t(y[k])])));
    lab.eval_confusion.add(y, pred);
    lab.val_predicted.resize(size_t(lab.val.count), -1);
    std::copy(pred.begin(), pred.end(), lab.val_predicted.begin() + lab.eval_next);
  }
  lab.eval_next = end;
  if (end < lab.val.count) return false;
  finish_evaluation(lab, lab.eval_loss_sum / std::max(1, lab.val.count));
  return true;
}

void finish_evaluation(CnnLab& lab, double mean_loss) {
  lab.confusion = lab.eval_confusion;
  lab.val_accuracy = lab.confusion.accuracy();
  lab.history_val_acc.push_back(lab.val_accuracy);
  lab.history_val_loss.push_back(float(mean_loss));
  lab.eval_next = -1;
  lab.why_dirty = true;  // the model moved on: its reasons too (not every step: they cost ~145 forward passes)
}

bool cnn_stopped(const CnnLab& lab) { return lab.p.epochs > 0 && lab.run.epoch >= lab.p.epochs; }

namespace {

// What a finished step and epoch mean to the lab, wherever they were trained.
void record_step(CnnLab& lab, float loss, float accuracy) {
  push_capped(lab.history_loss, loss);
  push_capped(lab.history_acc, accuracy);
  lab.input_dirty = true;
}
void record_epoch(CnnLab& lab, float loss, bool evaluate) {
  lab.history_epoch_loss.push_back(loss);
  if (evaluate) cnn_start_evaluation(lab);  // per epoch, in slices (per_frame); a worker sends its own
}
void update_speed(CnnLab& lab) {
  if (lab.train_seconds > 0) lab.samples_per_s = double(lab.train_samples) / lab.train_seconds;
}

}  // namespace

TrainResult cnn_train_parts(CnnLab& lab, int parts, int micro) {
  if (lab.phase != CnnLab::Phase::Ready || !lab.model || cnn_stopped(lab)) return {};
  const auto t0 = std::chrono::steady_clock::now();
  int done = 0;
  bool diverged = false;
  for (; done < parts; ++done) {
    const PartResult r = run_part(lab.run, *lab.model, lab.train, micro, lab.batch_x, lab.batch_y);
    if (r.diverged) { diverged = true; break; }  // the step is dropped; parameters kept from the last good step
    if (r.samples == 0) break;
    lab.train_samples += r.samples;
    if (r.step_done) record_step(lab, r.step_loss, r.step_accuracy);
    if (r.epoch_done) {
      record_epoch(lab, r.epoch_loss, true);
      if (cnn_stopped(lab)) { ++done; break; }
    }
  }
  lab.train_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  update_speed(lab);
  return {done, diverged};
}

TrainResult cnn_train(CnnLab& lab, int steps) {
  cnn_remote_cancel(lab);  // training here: the state of the last report goes on
  int done = 0;
  for (; done < steps; ++done) {
    // A step the frame loop left half done is finished first (one part).
    const int micro = lab.run.batch_idx.empty() ? lab.p.batch : int(lab.run.batch_idx.size() - lab.run.batch_done);
    const TrainResult r = cnn_train_parts(lab, 1, micro);
    if (r.diverged) return {done, true};
    if (r.steps == 0) break;  // no data yet, or the chosen epochs are done
  }
  return {done, false};
}

TrainResult cnn_train_remote(CnnLab& lab) {
  if (lab.phase != CnnLab::Phase::Ready || !lab.model) return {};
  if (lab.remote_gen == 0 && !cnn_stopped(lab)) {
    if (!lab.run.batch_idx.empty()) {  // a step left half done here is finished here
      const TrainResult r = cnn_train_parts(lab, 1, int(lab.run.batch_idx.size() - lab.run.batch_done));
      if (r.diverged) return r;
    }
    TrainStart s;
    s.data_name = cnn_train_data(lab.p.dataset);
    s.val_name = cnn_val_data(lab.p.dataset);  // the epochs' validation passes run there too
    s.epochs = lab.p.epochs;
    lab.remote_gen = background_start(s, asset(s.data_name.c_str()).bytes, asset(s.val_name.c_str()).bytes, *lab.model, lab.run);
    lab.remote_heard = std::chrono::steady_clock::now();
  }
  const TrainResult r{lab.remote_steps, lab.remote_diverged};
  lab.remote_steps = 0;
  lab.remote_diverged = false;
  return r;
}

void cnn_remote_poll(CnnLab& lab) {
  if (lab.remote_gen == 0) return;
  const int gen = lab.remote_gen;
  std::vector<TrainReport> reports = background_reports(gen);
  if (!background_current(gen) && reports.empty()) {  // replaced, or the worker is gone: train here
    lab.remote_gen = 0;
    lab.remote_stopping = false;
    if (!background_failure().empty()) lab.remote_error = background_failure();
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (!reports.empty()) lab.remote_heard = now;
  else if (now - lab.remote_heard > std::chrono::seconds(15)) {  // a worker that hangs: train here, from the last state it sent
    background_failed("no report from the training worker in 15 s: training runs in the page");
    cnn_remote_poll(lab);
    return;
  }
  for (size_t i = 0; i < reports.size(); ++i) {
    TrainReport& r = reports[i];
    lab.train_samples += r.samples;
    lab.train_seconds += r.seconds;
    lab.remote_threads = r.threads;
    for (size_t k = 0; k < r.step_loss.size(); ++k) record_step(lab, r.step_loss[k], r.step_accuracy[k]);
    lab.remote_steps += int(r.step_loss.size());
    for (float e : r.epoch_loss) record_epoch(lab, e, false);
    if (!r.eval_predicted.empty()) {
      if (r.eval_predicted.size() == size_t(lab.val.count)) {
        lab.eval_next = -1;  // the worker's pass replaces one running here
        lab.eval_confusion = ConfusionMatrix(10);
        std::vector<int> truth(size_t(lab.val.count));
        for (int i = 0; i < lab.val.count; ++i) truth[size_t(i)] = lab.val.labels[size_t(i)];
        lab.eval_confusion.add(truth, r.eval_predicted);
        lab.val_predicted = r.eval_predicted;
        finish_evaluation(lab, r.eval_loss);
      } else {
        r.error = "the training worker scored " + std::to_string(r.eval_predicted.size()) + " validation images, not " +
                  std::to_string(lab.val.count);
      }
    }
    // Only the newest state matters: earlier checkpoints in this frame are skipped.
    const bool newest = i + 1 == reports.size() || reports[i + 1].checkpoint.is_null();
    if (newest && !r.checkpoint.is_null()) {
      try {
        apply_report(r, *lab.model, lab.run);
      } catch (const std::exception& e) {
        r.error = e.what();
        r.stopped = true;
      }
    }
    if (r.diverged) lab.remote_diverged = true;
    if (!r.error.empty()) lab.remote_error = r.error;
    if (r.stopped) {
      lab.remote_gen = 0;
      lab.remote_stopping = false;
      if (!r.error.empty()) background_failed(r.error);  // a worker that cannot train this: train here from now on
      break;
    }
  }
  update_speed(lab);
}

void cnn_remote_stop(CnnLab& lab) {
  if (lab.remote_gen == 0 || lab.remote_stopping) return;
  background_stop(lab.remote_gen);
  lab.remote_stopping = true;
}

void cnn_remote_cancel(CnnLab& lab) {
  if (lab.remote_gen == 0) return;
  background_stop(lab.remote_gen);
  (void)background_reports(lab.remote_gen);  // what it sent is of a run that ends here
  lab.remote_gen = 0;
  lab.remote_stopping = false;
}

void cnn_refresh_prediction(CnnLab& lab) {
  if (!lab.input_dirty || !lab.model) return;
  lab.input_dirty = false;
  Graph g;
  NoGrad ng(g);
  g.training = false;
  Var h = g.input(Shape{1, 28, 28, 1}, lab.input.data());
  lab.maps.clear();
  for (auto& layer : lab.model->net.layers) {
    h = layer->forward(g, h);
    FeatureMap m;
    m.name = layer->name();
    const Shape& s = h->value.shape;
    if (s.rank == 4) m.h = s[1], m.w = s[2], m.c = s[3];
    else m.c = s[s.rank - 1];
    m.values.assign(h->value.data, h->value.data + h->value.numel());
    lab.maps.push_back(std::move(m));
  }
  lab.probs = lab.maps.back().values;
}

std::vector<float> cnn_saliency(CnnLab& lab, int c) {
  Parameter x("input", Shape{1, 28, 28, 1}, false);  // the input as a leaf that takes a gradient
  x.value.data = lab.input;
  Graph g;
  g.training = false;
  Var h = g.param(x);
  for (auto& layer : lab.model->net.layers) h = layer->forward(g, h);
  g.backward(sum(slice(h, 1, c, c + 1)));
  // (The model's parameter gradients took a share too: the next training
  // step zeroes them before its own backward.)
  return x.grad;
}

std::vector<float> cnn_occlusion(CnnLab& lab, int c) {
  constexpr int K = CnnLab::kOcc, P = CnnLab::kOccPatch, S = CnnLab::kOccStride;
  std::vector<float> batch(size_t(K * K + 1) * 784);
  for (int k = 0; k <= K * K; ++k) {
    float* img = batch.data() + size_t(k) * 784;
    std::copy(lab.input.begin(), lab.input.end(), img);
    if (k == K * K) break;  // the last one is the input itself
    const int y0 = (k / K) * S, x0 = (k % K) * S;
    for (int y = y0; y < y0 + P && y < 28; ++y)
      for (int x = x0; x < x0 + P && x < 28; ++x) img[y * 28 + x] = 0.f;
  }
  const std::vector<float> p = lab.model->predict(batch.data(), K * K + 1);
  const float base = p[size_t(K * K) * 10 + size_t(c)];
  std::vector<float> drop(size_t(K * K));
  for (int k = 0; k < K * K; ++k) drop[size_t(k)] = p[size_t(k) * 10 + size_t(c)] - base;
  return drop;
}

void cnn_refresh_why(CnnLab& lab) {
  if (!lab.why_dirty || !lab.model || lab.input_dirty) return;
  lab.why_dirty = false;
  lab.why_class = int(std::max_element(lab.probs.begin(), lab.probs.end()) - lab.probs.begin());
  lab.saliency = cnn_saliency(lab, lab.why_class);
  for (float& v : lab.saliency) v = std::fabs(v);
  lab.occlusion = cnn_occlusion(lab, lab.why_class);
}

std::string cnn_load_model(CnnLab& lab, const std::string& name, const std::vector<uint8_t>& bytes) {
  if (lab.phase != CnnLab::Phase::Ready) return "'" + name + "': the data is not loaded yet";
  std::unique_ptr<Model> m;
  try {
    m = std::make_unique<Model>(parse_model(bytes.data(), bytes.size(), name));
  } catch (const std::exception& e) {
    return e.what();  // the loaders name the file and the problem
  }
  CnnParams p = lab.p;
  p.dropout = 0;
  for (int variant = 0; variant < 3; ++variant) {
    p.model = variant;
    if (build_model(p)->architecture() != m->architecture()) continue;
    lab.p = p;
    cnn_reset(lab);  // counters, curves and evaluation start over...
    lab.model = std::move(m);  // ...with the learner's model
    lab.shipped = false;
    lab.model_note = "cnn.note.loaded";
    compile(lab);
    lab.input_dirty = lab.why_dirty = true;
    cnn_start_evaluation(lab);
    return "";
  }
  return "'" + name + "' is a model of another architecture (" + std::to_string(m->parameter_count()) +
         " parameters): not one of this lesson's three; the current model stays";
}

std::vector<uint8_t> cnn_model_file(CnnLab& lab) { return lab.model ? serialize_model(*lab.model) : std::vector<uint8_t>{}; }

void cnn_pick(CnnLab& lab, int i) {
  if (i < 0 || i >= lab.val.count) return;
  std::vector<float> x;
  std::vector<int> y;
  lab.val.gather({i}, x, y);
  lab.input = x;
  lab.input_index = i;
  lab.input_dirty = true;
  lab.why_dirty = true;
}

bool cnn_filter_of(const CnnLab& lab, int layer, int channel, FilterView* out) {
  if (!lab.model || layer < 0 || layer >= int(lab.model->net.layers.size())) return false;
  for (int i = layer; i >= 0; --i) {
    const Layer* l = lab.model->net.layers[size_t(i)].get();
    if (const auto* conv = dynamic_cast<const Conv2D*>(l)) {
      const Shape& s = conv->weight.value.shape;  // [k, k, in, out]
      if (channel < 0 || channel >= s[3]) return false;
      out->conv = conv->name();
      out->conv_layer = i;
      out->k = s[0];
      out->in_channels = s[2];
      out->weights.resize(size_t(s[0] * s[1] * s[2]));
      for (size_t j = 0; j < out->weights.size(); ++j) out->weights[j] = conv->weight.value.data[j * size_t(s[3]) + size_t(channel)];
      out->bias = conv->bias.value.data[size_t(channel)];
      return true;
    }
    // A pooling layer keeps its input's channels; anything else (a dense
    // layer, a flatten) ends the search.
    if (!dynamic_cast<const MaxPool2D*>(l) && !dynamic_cast<const AvgPool2D*>(l)) return false;
  }
  return false;
}

void cnn_set_input(CnnLab& lab, const std::vector<float>& pixels) {
  lab.input = pixels;
  lab.input_index = -1;
  lab.input_dirty = true;
  lab.why_dirty = true;
}

void cnn_pad_stroke(CnnLab& lab, float x0, float y0, float x1, float y1) {
  constexpr float r = 5.5f;  // a pen about as wide, relative to the digit, as MNIST's
  const int n = CnnLab::kPad;
  const int bx0 = std::max(0, int(std::min(x0, x1) - r - 1)), bx1 = std::min(n - 1, int(std::max(x0, x1) + r + 1));
  const int by0 = std::max(0, int(std::min(y0, y1) - r - 1)), by1 = std::min(n - 1, int(std::max(y0, y1) + r + 1));
  const float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  for (int y = by0; y <= by1; ++y)
    for (int x = bx0; x <= bx1; ++x) {
      const float px = float(x) + 0.5f, py = float(y) + 0.5f;
      const float t = len2 > 0 ? std::clamp(((px - x0) * dx + (py - y0) * dy) / len2, 0.f, 1.f) : 0.f;
      const float d = std::hypot(px - (x0 + t * dx), py - (y0 + t * dy));
      const float v = std::clamp(r - d + 0.5f, 0.f, 1.f);  // a one-pixel soft edge
      float& p = lab.pad[size_t(y * n + x)];
      p = std::max(p, v);
    }
  std::vector<float> in(784);
  mnist_preprocess(lab.pad.data(), n, in.data());
  cnn_set_input(lab, in);
}

void cnn_pad_clear(CnnLab& lab) {
  std::fill(lab.pad.begin(), lab.pad.end(), 0.f);
  cnn_set_input(lab, std::vector<float>(784, 0.f));
}

Symptom cnn_symptom(const CnnLab& lab) {
  const auto& v = lab.history_val_loss;
  const auto& e = lab.history_epoch_loss;
  if (v.size() >= 3 && e.size() >= 2 && v[v.size() - 1] > v[v.size() - 2] && v[v.size() - 2] > v[v.size() - 3] &&
      e[e.size() - 1] < e[e.size() - 2])
    return Symptom::Overfitting;
  const auto& b = lab.history_loss;
  if (lab.run.steps >= 300 && b.size() >= 100) {
    double first = 0, last = 0;
    for (size_t i = 0; i < 50; ++i) first += b[i], last += b[b.size() - 1 - i];
    if (last / 50 > 1.5 && last > 0.95 * first) return Symptom::Stalled;  // ln 10 = 2.3 is guessing
  }
  return Symptom::None;
}

}  // namespace mlpg::ui
