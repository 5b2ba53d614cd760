#include "models/model.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "training/data.h"
#include "ops/ops.h"
#include "training/train_step.h"

namespace mlpg {

Model::Model(const Shape& input_shape, uint32_t seed) : rng_(seed) {
  if (input_shape.rank < 1) throw std::invalid_argument("Model: input shape needs at least one dimension");
  shapes_.push_back(input_shape);
  graph_.seed(seed);
}

void Model::add_layer(std::unique_ptr<Layer> layer) {
  shapes_.push_back(layer->build(shapes_.back(), rng_));
  net.layers.push_back(std::move(layer));
}

void Model::compile(OptimizerConfig optimizer, LossKind) {
  if (net.layers.empty()) throw std::invalid_argument("compile: the model has no layers");
  opt_ = std::make_unique<Optimizer>(optimizer, net.parameters());
}

Var Model::hidden(Graph& g, Var x) {
  const size_t n = net.layers.size();
  for (size_t i = 0; i + 1 < n; ++i) {
    // A convolution with its ReLU, then a max-pool (its windows tile the
    // convolution's output: both of the course CNN's): one node where the
    // shapes allow (ops.h, conv2d_relu_maxpool).
    auto* conv = dynamic_cast<Conv2D*>(net.layers[i].get());
    auto* pool = i + 2 < n ? dynamic_cast<MaxPool2D*>(net.layers[i + 1].get()) : nullptr;
    if (conv && pool && conv->act == Activation::Relu) {
      x = conv->forward_relu_maxpool(g, x, pool->pool);
      ++i;
      continue;
    }
    x = net.layers[i]->forward(g, x);
  }
  return x;
}

Var Model::logits(Graph& g, Var x) {
  x = hidden(g, x);
  Layer& last = *net.layers.back();
  // Softmax + cross-entropy is computed fused from logits (stable, exact grads).
  if (auto* dense = dynamic_cast<Linear*>(&last); dense && dense->act == Activation::Softmax)
    return dense->forward_logits(g, x);
  if (auto* act = dynamic_cast<ActivationLayer*>(&last); act && act->act == Activation::Softmax) return x;
  return last.forward(g, x);
}

namespace {
Shape batch_shape(int n, const Shape& item) {
  Shape s;
  s.dims[s.rank++] = n;
  for (int i = 0; i < item.rank; ++i) s.dims[s.rank++] = item.dims[i];
  return s;
}
double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

float Model::train_batch(const std::vector<float>& x, const std::vector<int>& y, int n, float* acc) {
  return train_batch_part(x, y, n, n, true, true, acc);
}

float Model::train_batch_part(const std::vector<float>& x, const std::vector<int>& y, int n, int batch, bool first,
                              bool last, float* acc) {
  if (!opt_) throw std::logic_error("train_batch: call compile() first");
  Graph& g = graph_;
  g.clear();
  g.training = true;
  Var z = logits(g, g.input(batch_shape(n, input_shape()), x.data()));
  const StepResult r = train_step_part(g, sparse_cross_entropy(z, y.data()), *opt_, float(n) / float(batch), first,
                                       last, parts_);
  const float l = r.loss;
  if (!r.finite)
    throw TrainingError("the loss or its gradient became NaN or infinite: the learning rate is probably too high "
                        "(parameters kept from the last good step)");
  const int classes = z->value.shape[1];
  int right = 0;
  const auto pred = argmax_rows(z->value.data, n, classes);
  for (int i = 0; i < n; ++i) right += pred[size_t(i)] == y[size_t(i)];
  *acc = float(right) / float(n);
  return l;
}

std::vector<EpochStats> Model::fit(const Dataset& train, const FitOptions& o) {
  if (!opt_) throw std::logic_error("fit: call compile() first");
  // Items are viewed in the model's input shape (e.g. [28, 28, 1] images as
  // 28 steps of 28 features for a recurrent model): sizes must agree.
  if (train.item_size() != input_shape().numel())
    throw std::invalid_argument("fit: dataset items " + train.item_shape.str() + " but the model takes " + input_shape().str());
  if (o.epochs < 1 || o.batch_size < 1) throw std::invalid_argument("fit: epochs and batch_size must be >= 1");
  graph_.seed(o.seed);
  std::vector<int> all(static_cast<size_t>(train.count));
  for (int i = 0; i < train.count; ++i) all[size_t(i)] = i;
  std::vector<EpochStats> history;
  std::vector<float> x;
  std::vector<int> y;
  for (int e = 0; e < o.epochs; ++e) {
    const auto batches = epoch_batches(all, o.batch_size, o.seed, e);

    EpochStats st;
    st.epoch = e + 1;
    const double t0 = now_seconds();
    double loss_sum = 0, acc_sum = 0;
    int64_t seen = 0;
    for (size_t b = 0; b < batches.size(); ++b) {
      if (o.lr_schedule) {
        const float lr = o.lr_schedule(e + double(b) / double(batches.size()));
        if (!(lr > 0.f) || !std::isfinite(lr)) throw std::invalid_argument("fit: the schedule gave a bad learning rate");
        opt_->cfg.lr = lr;
      }
      train.gather(batches[b], x, y);
      float acc = 0;
      const int n = int(batches[b].size());
      loss_sum += double(train_batch(x, y, n, &acc)) * n;
      acc_sum += double(acc) * n;
      seen += n;
      if (o.on_batch)
        o.on_batch({e + 1, int(b) + 1, int(batches.size()), float(loss_sum / double(seen)),
                    float(acc_sum / double(seen)), double(seen) / (now_seconds() - t0)});
    }
    st.seconds = now_seconds() - t0;
    st.loss = float(loss_sum / double(seen));
    st.accuracy = float(acc_sum / double(seen));
    st.samples_per_sec = double(seen) / st.seconds;
    if (o.validation) {
      const Evaluation ev = evaluate(*o.validation);
      st.val_loss = ev.loss;
      st.val_accuracy = ev.accuracy;
    }
    history.push_back(st);
    if (o.on_epoch) o.on_epoch(st);
  }
  return history;
}

Evaluation Model::evaluate(const Dataset& data, int batch_size) {
  if (batch_size < 1) throw std::invalid_argument("evaluate: batch_size must be >= 1");
  if (data.item_size() != input_shape().numel())
    throw std::invalid_argument("evaluate: dataset items " + data.item_shape.str() + " but the model takes " + input_shape().str());
  const int classes = output_shape()[0];
  Evaluation ev;
  ev.confusion = ConfusionMatrix(classes);
  std::vector<float> x;
  std::vector<int> y, idx;
  double loss_sum = 0;
  Graph& g = graph_;
  const bool was_training = g.training;
  g.training = false;
  FrozenWeights frozen(g, (data.count + batch_size - 1) / batch_size);  // weights packed once for all the batches
  for (int start = 0; start < data.count; start += batch_size) {
    const int n = std::min(batch_size, data.count - start);
    idx.resize(size_t(n));
    for (int i = 0; i < n; ++i) idx[size_t(i)] = start + i;
    data.gather(idx, x, y);
    g.clear();
    NoGrad ng(g);
    Var z = logits(g, g.input(batch_shape(n, input_shape()), x.data()));
    loss_sum += double(sparse_cross_entropy(z, y.data())->value.data[0]) * n;
    ev.confusion.add(y, argmax_rows(z->value.data, n, classes));
  }
  g.training = was_training;
  ev.loss = data.count ? float(loss_sum / data.count) : 0.f;
  ev.accuracy = ev.confusion.accuracy();
  return ev;
}

std::vector<float> Model::predict(const float* x, int n, int batch_size) {
  if (batch_size < 1 || n < 0) throw std::invalid_argument("predict: batch_size must be >= 1 and n >= 0");
  const int64_t in = input_shape().numel(), out = output_shape().numel();
  std::vector<float> result(size_t(n) * size_t(out));
  Graph& g = graph_;
  const bool was_training = g.training;
  g.training = false;
  FrozenWeights frozen(g, (n + batch_size - 1) / batch_size);  // weights packed once for all the batches
  for (int start = 0; start < n; start += batch_size) {
    const int b = std::min(batch_size, n - start);
    g.clear();
    NoGrad ng(g);
    Var y = net.layers.back()->forward(g, hidden(g, g.input(batch_shape(b, input_shape()), x + start * in)));
    std::memcpy(result.data() + start * out, y->value.data, size_t(b * out) * sizeof(float));
  }
  g.training = was_training;
  return result;
}

std::string Model::summary() {
  auto shape_str = [](const Shape& s) {
    std::string r = "(None";
    for (int i = 0; i < s.rank; ++i) r += ", " + std::to_string(s.dims[i]);
    return r + ")";
  };
  char line[160];
  std::string out;
  std::snprintf(line, sizeof line, "%-34s %-22s %10s\n", "Layer (type)", "Output Shape", "Param #");
  out += line;
  out += std::string(68, '=') + "\n";
  for (size_t i = 0; i < net.layers.size(); ++i) {
    int64_t params = 0;
    for (Parameter* p : net.layers[i]->parameters()) params += p->numel();
    std::snprintf(line, sizeof line, "%-34s %-22s %10lld\n", net.layers[i]->name().c_str(),
                  shape_str(shapes_[i + 1]).c_str(), static_cast<long long>(params));
    out += line;
  }
  out += std::string(68, '=') + "\n";
  out += "Total params: " + std::to_string(parameter_count()) + "\n";
  out += "Trainable params: " + std::to_string(parameter_count()) + "\n";
  return out;
}

nlohmann::json Model::architecture() const {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : net.layers) layers.push_back(l->config());
  return {{"format", "mlpg-model"}, {"input_shape", input_shape().vec()}, {"layers", layers}};
}

}  // namespace mlpg
