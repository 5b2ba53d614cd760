#include "train_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "io/dataset.h"
#include "io/json_whole.h"
#include "kernels/parallel.h"

namespace mlpg::ui {

using json = nlohmann::json;

namespace {

template <class T>
json bin(const T* p, size_t n) {
  std::vector<uint8_t> b(n * sizeof(T));
  if (n) std::memcpy(b.data(), p, b.size());
  return json::binary(std::move(b));
}

std::vector<float> floats_of(const json& j) {
  if (!j.is_binary() || j.get_binary().size() % sizeof(float)) throw std::invalid_argument("report: a float array is malformed");
  const auto& b = j.get_binary();
  std::vector<float> v(b.size() / sizeof(float));
  if (!v.empty()) std::memcpy(v.data(), b.data(), b.size());
  return v;
}

}  // namespace

namespace {

void append(std::vector<uint8_t>& out, const void* p, size_t bytes) {
  const auto* b = static_cast<const uint8_t*>(p);
  out.insert(out.end(), b, b + bytes);
}

}  // namespace

Checkpoint take_checkpoint(Model& m, const EpochRunner& r) {
  if (!r.batch_idx.empty()) throw std::logic_error("checkpoint: a batch is half done (finish it first)");
  const Optimizer* opt = m.optimizer();
  if (!opt) throw std::logic_error("checkpoint: the model is not compiled");
  Checkpoint c;
  json sizes = json::array();
  size_t floats = 0;
  const std::vector<Parameter*> ps = m.net.parameters();
  for (Parameter* p : ps) sizes.push_back(p->value.data.size()), floats += p->value.data.size();
  c.bulk.reserve(3 * floats * sizeof(float) + r.order.size() * sizeof(int));
  for (Parameter* p : ps) append(c.bulk, p->value.data.data(), p->value.data.size() * sizeof(float));
  for (const auto& b : opt->buf1) append(c.bulk, b.data(), b.size() * sizeof(float));
  for (const auto& b : opt->buf2) append(c.bulk, b.data(), b.size() * sizeof(float));
  append(c.bulk, r.order.data(), r.order.size() * sizeof(int));
  std::ostringstream rng;
  rng << m.training_rng();
  c.head = {{"sizes", sizes},
            {"opt_t", opt->t},
            {"rng", rng.str()},
            {"runner",
             {{"seed", r.seed},
              {"batch", r.batch},
              {"epoch", r.epoch},
              {"steps", r.steps},
              {"order", r.order.size()},
              {"cursor", r.cursor},
              {"epoch_loss_sum", r.epoch_loss_sum},
              {"epoch_loss_n", r.epoch_loss_n}}}};
  return c;
}

void apply_checkpoint(const json& c, const uint8_t* bulk, size_t bulk_size, Model& m, EpochRunner& r) {
  Optimizer* opt = m.optimizer();
  if (!opt) throw std::logic_error("checkpoint: the model is not compiled");
  const std::vector<Parameter*> ps = m.net.parameters();
  try {
    // Check everything before writing anything: a bad checkpoint changes nothing.
    const json &sizes = c.at("sizes"), &run = c.at("runner");
    if (!sizes.is_array() || sizes.size() != ps.size())
      throw std::invalid_argument("checkpoint: " + std::to_string(sizes.size()) + " parameters, the model has " +
                                  std::to_string(ps.size()));
    size_t floats = 0;
    for (size_t i = 0; i < ps.size(); ++i) {
      if (json_whole<size_t>(sizes[i], "a parameter size") != ps[i]->value.data.size())
        throw std::invalid_argument("checkpoint: parameter " + ps[i]->name + " holds " + std::to_string(json_whole<size_t>(sizes[i], "a parameter size")) +
                                    " values, the model's " + std::to_string(ps[i]->value.data.size()));
      floats += ps[i]->value.data.size();
    }
    EpochRunner next;
    next.seed = json_whole<uint32_t>(run.at("seed"), "seed");
    next.batch = json_whole<int>(run.at("batch"), "batch");
    next.epoch = json_whole<int>(run.at("epoch"), "epoch");
    next.steps = json_whole<long>(run.at("steps"), "steps");
    const size_t order = json_whole<size_t>(run.at("order"), "order");
    next.cursor = json_whole<size_t>(run.at("cursor"), "cursor");
    next.epoch_loss_sum = run.at("epoch_loss_sum").get<double>();
    next.epoch_loss_n = json_whole<long>(run.at("epoch_loss_n"), "epoch_loss_n");
    if (bulk_size != 3 * floats * sizeof(float) + order * sizeof(int))
      throw std::invalid_argument("checkpoint: " + std::to_string(bulk_size) + " bytes of values, the model needs " +
                                  std::to_string(3 * floats * sizeof(float) + order * sizeof(int)));
    if (next.batch < 1 || next.cursor > order) throw std::invalid_argument("checkpoint: batch or cursor out of range");
    std::mt19937 rng;
    std::istringstream in(c.at("rng").get<std::string>());
    in >> rng;
    if (!in) throw std::invalid_argument("checkpoint: the random stream's state is malformed");
    const int64_t t = json_whole<int64_t>(c.at("opt_t"), "opt_t");
    const uint8_t* at = bulk;
    for (Parameter* p : ps) std::memcpy(p->value.data.data(), at, p->value.data.size() * sizeof(float)), at += p->value.data.size() * sizeof(float);
    for (auto& b : opt->buf1) std::memcpy(b.data(), at, b.size() * sizeof(float)), at += b.size() * sizeof(float);
    for (auto& b : opt->buf2) std::memcpy(b.data(), at, b.size() * sizeof(float)), at += b.size() * sizeof(float);
    next.order.resize(order);
    if (order) std::memcpy(next.order.data(), at, order * sizeof(int));
    opt->t = t;
    m.training_rng() = rng;
    r = std::move(next);
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("checkpoint: ") + e.what());
  }
}

std::vector<uint8_t> frame_message(const json& head, const std::vector<uint8_t>& bulk) {
  const std::vector<uint8_t> h = json::to_cbor(head);
  std::vector<uint8_t> out;
  out.reserve(12 + h.size() + bulk.size());
  append(out, "MLPGJOB1", 8);
  const uint32_t n = uint32_t(h.size());
  append(out, &n, 4);
  out.insert(out.end(), h.begin(), h.end());
  out.insert(out.end(), bulk.begin(), bulk.end());
  return out;
}

bool unframe_message(const std::vector<uint8_t>& bytes, json* head, size_t* bulk_at, std::string* why) {
  uint32_t n = 0;
  if (bytes.size() < 12 || std::memcmp(bytes.data(), "MLPGJOB1", 8) != 0) {
    if (why) *why = "not a training-job message";
    return false;
  }
  std::memcpy(&n, bytes.data() + 8, 4);
  if (n > bytes.size() - 12) {
    if (why) *why = "a training-job message is cut short";
    return false;
  }
  try {
    *head = json::from_cbor(bytes.begin() + 12, bytes.begin() + 12 + n);
  } catch (const json::exception& e) {
    if (why) *why = std::string("a training-job message's header is malformed: ") + e.what();
    return false;
  }
  *bulk_at = 12 + size_t(n);
  return true;
}

json optimizer_json(const OptimizerConfig& c) {
  return {{"kind", int(c.kind)}, {"lr", c.lr},       {"momentum", c.momentum}, {"nesterov", c.nesterov},
          {"alpha", c.alpha},    {"beta1", c.beta1}, {"beta2", c.beta2},       {"eps", c.eps},
          {"weight_decay", c.weight_decay}};
}

OptimizerConfig optimizer_from_json(const json& j) {
  OptimizerConfig c;
  const int kind = json_whole<int>(j.at("kind"), "kind");
  if (kind < 0 || kind > int(OptimizerKind::AdamW)) throw std::invalid_argument("optimizer: unknown kind");
  c.kind = OptimizerKind(kind);
  c.lr = j.at("lr").get<float>();
  c.momentum = j.at("momentum").get<float>();
  c.nesterov = j.at("nesterov").get<bool>();
  c.alpha = j.at("alpha").get<float>();
  c.beta1 = j.at("beta1").get<float>();
  c.beta2 = j.at("beta2").get<float>();
  c.eps = j.at("eps").get<float>();
  c.weight_decay = j.at("weight_decay").get<float>();
  return c;
}

std::vector<uint8_t> start_message(const TrainStart& s, Model& m, const EpochRunner& r) {
  Checkpoint c = take_checkpoint(m, r);
  json j = {{"type", "start"},
            {"gen", s.gen},
            {"model", json::binary(serialize_model(m))},
            {"checkpoint", std::move(c.head)},
            {"optimizer", optimizer_json(m.optimizer()->cfg)},
            {"data_name", s.data_name},
            {"epochs", s.epochs},
            {"report_seconds", s.report_seconds}};
  if (s.data) j["data"] = json::binary(*s.data);
  if (!s.val_name.empty()) j["val_name"] = s.val_name;
  if (s.val) j["val"] = json::binary(*s.val);
  return frame_message(j, c.bulk);
}

std::vector<uint8_t> stop_message(int gen) { return frame_message(json{{"type", "stop"}, {"gen", gen}}, {}); }

bool decode_report(std::vector<uint8_t> bytes, TrainReport* out, std::string* why) {
  try {
    json j;
    size_t bulk_at = 0;
    std::string bad;
    if (!unframe_message(bytes, &j, &bulk_at, &bad)) throw std::invalid_argument(bad);
    if (j.value("type", "") != "report") throw std::invalid_argument("not a report");
    TrainReport r;
    r.gen = json_whole<int>(j.at("gen"), "gen");
    r.stopped = j.at("stopped").get<bool>();
    r.diverged = j.at("diverged").get<bool>();
    r.error = j.at("error").get<std::string>();
    r.checkpoint = j.at("checkpoint");
    r.step_loss = floats_of(j.at("step_loss"));
    r.step_accuracy = floats_of(j.at("step_accuracy"));
    r.epoch_loss = floats_of(j.at("epoch_loss"));
    const auto& ep = j.at("eval_predicted");
    if (!ep.is_binary() || ep.get_binary().size() % sizeof(int)) throw std::invalid_argument("eval_predicted is malformed");
    r.eval_predicted.resize(ep.get_binary().size() / sizeof(int));
    if (!r.eval_predicted.empty()) std::memcpy(r.eval_predicted.data(), ep.get_binary().data(), ep.get_binary().size());
    r.eval_loss = j.at("eval_loss").get<double>();
    if (r.step_loss.size() != r.step_accuracy.size()) throw std::invalid_argument("step losses and accuracies differ in number");
    r.samples = json_whole<long>(j.at("samples"), "samples");
    r.seconds = j.at("seconds").get<double>();
    r.threads = json_whole<int>(j.at("threads"), "threads");
    if (r.threads < 1) throw std::invalid_argument("threads is below one");
    r.message = std::move(bytes);
    r.bulk_at = bulk_at;
    *out = std::move(r);
    return true;
  } catch (const std::exception& e) {
    if (why) *why = std::string("a report from the training worker is malformed: ") + e.what();
    return false;
  }
}

void apply_report(const TrainReport& r, Model& m, EpochRunner& run) {
  if (r.checkpoint.is_null()) return;
  apply_checkpoint(r.checkpoint, r.message.data() + r.bulk_at, r.message.size() - r.bulk_at, m, run);
}

void TrainWorker::report(bool stopped, bool diverged, const std::string& error) {
  Checkpoint c;
  if (model_) c = take_checkpoint(*model_, runner_);
  json j = {{"type", "report"},
            {"gen", gen_},
            {"stopped", stopped},
            {"diverged", diverged},
            {"error", error},
            {"checkpoint", model_ ? std::move(c.head) : json()},
            {"step_loss", bin(pending_.step_loss.data(), pending_.step_loss.size())},
            {"step_accuracy", bin(pending_.step_accuracy.data(), pending_.step_accuracy.size())},
            {"epoch_loss", bin(pending_.epoch_loss.data(), pending_.epoch_loss.size())},
            {"eval_predicted", bin(pending_.eval_predicted.data(), pending_.eval_predicted.size())},
            {"eval_loss", pending_.eval_loss},
            {"samples", pending_.samples},
            {"seconds", pending_.seconds},
            {"threads", kernels::thread_count()}};
  pending_ = TrainReport{};
  since_report_ = 0;
  send_(frame_message(j, c.bulk));
}

void TrainWorker::message(const std::vector<uint8_t>& bytes) {
  json m;
  size_t bulk_at = 0;
  std::string why;
  if (!unframe_message(bytes, &m, &bulk_at, &why)) {
    report(true, false, "the training worker got a malformed message: " + why);
    return;
  }
  // (value("type", "") throws when "type" is there but not a string: found by fuzz_train_job)
  const std::string type = m.is_object() && m.contains("type") && m["type"].is_string() ? m["type"].get<std::string>() : "";
  const int gen = m.is_object() && m.contains("gen") && m["gen"].is_number_integer() ? m["gen"].get<int>() : 0;
  if (type == "stop") {
    if (model_ && gen == gen_) {
      report(true, false);
      model_.reset();
    }
    return;
  }
  if (type != "start") {
    report(true, false, "the training worker got a message of unknown type '" + type + "'");
    return;
  }
  model_.reset();
  gen_ = gen;
  pending_ = TrainReport{};
  try {
    const std::string name = m.at("data_name").get<std::string>();
    if (m.contains("data")) {
      const auto& d = m["data"].get_binary();
      data_[name] = parse_dataset(d.data(), d.size(), name);
    }
    const auto it = data_.find(name);
    if (it == data_.end()) throw std::invalid_argument("the training worker has no dataset '" + name + "'");
    val_ = nullptr;
    if (m.contains("val_name")) {
      const std::string vname = m["val_name"].get<std::string>();
      if (m.contains("val")) {
        const auto& d = m["val"].get_binary();
        data_[vname] = parse_dataset(d.data(), d.size(), vname);
      }
      const auto v = data_.find(vname);
      if (v == data_.end()) throw std::invalid_argument("the training worker has no dataset '" + vname + "'");
      val_ = &v->second;
    }
    const auto& mb = m.at("model").get_binary();
    auto model = std::make_unique<Model>(parse_model(mb.data(), mb.size(), "the model to train"));
    if (it->second.item_size() != model->input_shape().numel() || (val_ && val_->item_size() != model->input_shape().numel()))
      throw std::invalid_argument("dataset items " + it->second.item_shape.str() + " but the model takes " + model->input_shape().str());
    model->compile(optimizer_from_json(m.at("optimizer")));
    apply_checkpoint(m.at("checkpoint"), bytes.data() + bulk_at, bytes.size() - bulk_at, *model, runner_);
    train_ = &it->second;
    epochs_ = json_whole<int>(m.at("epochs"), "epochs");
    report_seconds_ = m.at("report_seconds").get<double>();
    since_report_ = 0;
    model_ = std::move(model);
  } catch (const std::exception& e) {
    report(true, false, std::string("the training worker could not start: ") + e.what());
  }
}

// The validation set's answers and mean cross-entropy, as the page's own
// evaluation computes them (cnn_evaluate_some), in batches of 256.
void TrainWorker::evaluate() {
  pending_.eval_predicted.assign(size_t(val_->count), -1);
  double loss = 0;
  std::vector<float> x;
  std::vector<int> y, idx;
  const int classes = int(model_->output_shape().numel());
  for (int start = 0; start < val_->count; start += 256) {
    idx.clear();
    for (int i = start; i < std::min(val_->count, start + 256); ++i) idx.push_back(i);
    val_->gather(idx, x, y);
    const std::vector<float> p = model_->predict(x.data(), int(idx.size()));
    const std::vector<int> pred = argmax_rows(p.data(), int(idx.size()), classes);
    for (size_t k = 0; k < idx.size(); ++k) {
      loss -= std::log(std::max(1e-12, double(p[k * size_t(classes) + size_t(y[k])])));
      pending_.eval_predicted[size_t(start) + k] = pred[k];
    }
  }
  pending_.eval_loss = loss / std::max(1, val_->count);
}

bool TrainWorker::run(double seconds) {
  if (!model_) return false;
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  double spent = 0;
  do {
    if (epochs_ > 0 && runner_.epoch >= epochs_) {
      report(true, false);
      model_.reset();
      return false;
    }
    // Whole steps: a report is always taken between steps.
    const PartResult r = run_part(runner_, *model_, *train_, runner_.batch, x_, y_);
    spent = std::chrono::duration<double>(clock::now() - t0).count();
    if (r.diverged || r.samples == 0) {
      pending_.seconds += spent;
      report(true, r.diverged, r.diverged ? "" : "nothing to train on");
      model_.reset();
      return false;
    }
    pending_.samples += r.samples;
    pending_.step_loss.push_back(r.step_loss);
    pending_.step_accuracy.push_back(r.step_accuracy);
    if (r.epoch_done) {
      pending_.epoch_loss.push_back(r.epoch_loss);
      if (val_) evaluate();
      spent = std::chrono::duration<double>(clock::now() - t0).count();
    }
  } while (spent < seconds);
  pending_.seconds += spent;
  since_report_ += spent;
  if (since_report_ >= report_seconds_) report(false, false);
  return true;
}

}  // namespace mlpg::ui
