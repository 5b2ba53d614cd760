#include "model.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "data.h"
#include "ops.h"

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

Var Model::logits(Graph& g, Var x) {
  const size_t n = net.layers.size();
  for (size_t i = 0; i + 1 < n; ++i) x = net.layers[i]->forward(g, x);
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

float Model::step(const std::vector<float>& x, const std::vector<int>& y, int n, float* acc) {
  Graph& g = graph_;
  g.clear();
  g.training = true;
  Var z = logits(g, g.input(batch_shape(n, input_shape()), x.data()));
  Var loss = sparse_cross_entropy(z, y.data());
  const float l = loss->value.data[0];
  if (!std::isfinite(l))
    throw TrainingError("the loss became " + std::string(std::isnan(l) ? "NaN" : "infinite") +
                        ": the learning rate is probably too high (parameters kept from the last good step)");
  opt_->zero_grad();
  g.backward(loss);
  opt_->step();
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
      loss_sum += double(step(x, y, n, &acc)) * n;
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
  const int64_t in = input_shape().numel(), out = output_shape().numel();
  std::vector<float> result(size_t(n) * size_t(out));
  Graph& g = graph_;
  const bool was_training = g.training;
  g.training = false;
  for (int start = 0; start < n; start += batch_size) {
    const int b = std::min(batch_size, n - start);
    g.clear();
    NoGrad ng(g);
    Var y = net.forward(g, g.input(batch_shape(b, input_shape()), x + start * in));
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

// ---------------------------------------------------------------- model files

namespace {

constexpr char kModelMagic[8] = {'M', 'L', 'P', 'G', 'M', 'O', 'D', 'L'};
constexpr uint32_t kModelVersion = 1;

uint32_t crc32(const uint8_t* p, size_t n) {
  static uint32_t table[256];
  static bool init = false;
  if (!init) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    init = true;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}

struct ModelReader {
  const uint8_t* p;
  size_t left;
  const std::string& name;
  void need(size_t n, const char* what) {
    if (left < n) throw ModelFileError(name + ": truncated (while reading " + what + ")");
  }
  uint32_t u32(const char* what) {
    need(4, what);
    const uint32_t v = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    p += 4;
    left -= 4;
    return v;
  }
  std::string str(uint32_t n, const char* what) {
    need(n, what);
    std::string s(reinterpret_cast<const char*>(p), n);
    p += n;
    left -= n;
    return s;
  }
};

}  // namespace

std::vector<uint8_t> serialize_model(Model& m) {
  std::vector<uint8_t> out(kModelMagic, kModelMagic + 8);
  put_u32(out, kModelVersion);
  const std::string arch = m.architecture().dump();
  put_u32(out, uint32_t(arch.size()));
  out.insert(out.end(), arch.begin(), arch.end());
  const auto named = m.net.named_parameters();
  put_u32(out, uint32_t(named.size()));
  for (const auto& [name, p] : named) {
    put_u32(out, uint32_t(name.size()));
    out.insert(out.end(), name.begin(), name.end());
    put_u32(out, 0);  // dtype f32
    put_u32(out, uint32_t(p->value.shape.rank));
    for (int i = 0; i < p->value.shape.rank; ++i) put_u32(out, uint32_t(p->value.shape.dims[i]));
    const size_t at = out.size();
    out.resize(at + p->value.data.size() * 4);
    for (size_t i = 0; i < p->value.data.size(); ++i) {  // little-endian f32
      uint32_t bits;
      std::memcpy(&bits, &p->value.data[i], 4);
      for (int k = 0; k < 4; ++k) out[at + i * 4 + size_t(k)] = uint8_t(bits >> (8 * k));
    }
  }
  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

Model parse_model(const uint8_t* bytes, size_t size, const std::string& name) {
  if (size < 8 + 4 + 4 || std::memcmp(bytes, kModelMagic, 8) != 0)
    throw ModelFileError(name + ": not a model file (magic 'MLPGMODL' missing)");
  const size_t body = size - 4;
  const uint32_t stored = uint32_t(bytes[body]) | uint32_t(bytes[body + 1]) << 8 | uint32_t(bytes[body + 2]) << 16 |
                          uint32_t(bytes[body + 3]) << 24;
  ModelReader r{bytes + 8, body - 8, name};
  const uint32_t version = r.u32("version");
  if (version != kModelVersion)
    throw ModelFileError(name + ": format version " + std::to_string(version) + ", this build reads version 1");
  if (crc32(bytes, body) != stored) throw ModelFileError(name + ": checksum mismatch (the file is corrupt or truncated)");
  const uint32_t arch_len = r.u32("architecture length");
  if (arch_len > r.left) throw ModelFileError(name + ": truncated architecture");
  nlohmann::json arch;
  try {
    arch = nlohmann::json::parse(r.str(arch_len, "architecture"));
  } catch (const nlohmann::json::exception& e) {
    throw ModelFileError(name + ": architecture is not valid JSON (" + e.what() + ")");
  }
  std::unique_ptr<Model> m;
  try {
    const auto in = arch.at("input_shape").get<std::vector<int>>();
    for (int d : in)
      if (d < 1 || d > 65536) throw std::invalid_argument("input dimension out of range");
    m = std::make_unique<Model>(Shape::of(in));
    for (const auto& lc : arch.at("layers")) m->add_layer(layer_from_config(lc));
  } catch (const std::exception& e) {
    throw ModelFileError(name + ": bad architecture: " + e.what());
  }
  const auto named = m->net.named_parameters();
  const uint32_t count = r.u32("tensor count");
  if (count != named.size())
    throw ModelFileError(name + ": " + std::to_string(count) + " tensors for an architecture with " +
                         std::to_string(named.size()));
  for (const auto& [pname, p] : named) {
    const std::string tname = r.str(r.u32("tensor name length"), "tensor name");
    if (tname != pname) throw ModelFileError(name + ": expected tensor '" + pname + "', found '" + tname + "'");
    if (r.u32("dtype") != 0) throw ModelFileError(name + ": tensor '" + tname + "' is not float32");
    const uint32_t rank = r.u32("rank");
    Shape s;
    if (rank > uint32_t(kMaxDims)) throw ModelFileError(name + ": tensor '" + tname + "' has rank " + std::to_string(rank));
    for (uint32_t i = 0; i < rank; ++i) s.dims[s.rank++] = int(r.u32("dims"));
    if (!(s == p->value.shape))
      throw ModelFileError(name + ": tensor '" + tname + "' is " + s.str() + ", the architecture needs " + p->value.shape.str());
    r.need(p->value.data.size() * 4, "tensor data");
    for (size_t i = 0; i < p->value.data.size(); ++i) {
      const uint8_t* q = r.p + i * 4;
      const uint32_t bits = uint32_t(q[0]) | uint32_t(q[1]) << 8 | uint32_t(q[2]) << 16 | uint32_t(q[3]) << 24;
      std::memcpy(&p->value.data[i], &bits, 4);
    }
    r.p += p->value.data.size() * 4;
    r.left -= p->value.data.size() * 4;
  }
  if (r.left != 0) throw ModelFileError(name + ": " + std::to_string(r.left) + " unexpected bytes after the tensors");
  return std::move(*m);
}

void save_model(Model& m, const std::string& path) {
  const auto bytes = serialize_model(m);
  const std::string tmp = path + ".tmp";  // write then rename: a crash never leaves half a file
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f || !f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size())))
      throw ModelFileError(path + ": cannot write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw ModelFileError(path + ": cannot replace");
}

Model load_model(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) throw ModelFileError(path + ": cannot open");
  const std::streamsize size = f.tellg();
  std::vector<uint8_t> bytes(static_cast<size_t>(size < 0 ? 0 : size));
  f.seekg(0);
  if (size < 0 || !f.read(reinterpret_cast<char*>(bytes.data()), size)) throw ModelFileError(path + ": cannot read");
  return parse_model(bytes.data(), bytes.size(), path);
}

}  // namespace mlpg
