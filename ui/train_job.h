#pragma once
// Training off the main thread (a Web Worker in the browser, a thread on the
// desktop), so a big model trains at full speed while the page stays fluid.
// The main thread and the worker share no memory: they exchange messages,
// CBOR-encoded bytes.
//   main -> worker  start {gen, model (a model file), checkpoint, optimizer,
//                          data_name, data (the dataset file, the first time
//                          that name is used), val_name, val (the same for
//                          a validation set, scored after every epoch),
//                          epochs (stop after; 0: never), report_seconds}
//                   stop {gen}
//   worker -> main  report {gen, stopped, diverged, error, checkpoint,
//                          step_loss, step_accuracy, epoch_loss (since the
//                          last report), eval_predicted (the validation
//                          set's answers after the last epoch), eval_loss,
//                          samples, seconds, threads (the kernels'
//                          thread count)}   (every report_seconds, and last
//                          when it stops)
// A checkpoint is everything training needs to go on, taken between steps:
// the parameters, the optimizer's buffers and step count, the random stream
// (dropout) and the EpochRunner. Training that moves to the worker and back
// gives the numbers training on one thread gives.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "epoch_runner.h"

namespace mlpg::ui {

// A checkpoint is a small header (counts, the random stream, the runner's
// numbers) and its bulk: every parameter, then every first and every second
// optimizer buffer (f32), then the epoch's order (i32), raw, so that reading
// one on the main thread is a few memcpys, not a parse.
struct Checkpoint {
  nlohmann::json head;
  std::vector<uint8_t> bulk;
};
// Throws std::logic_error in the middle of a batch (finish it first).
Checkpoint take_checkpoint(Model& m, const EpochRunner& r);
// Throws std::invalid_argument when the checkpoint does not fit the model
// (its parameters' sizes) or is malformed; the model is then unchanged.
void apply_checkpoint(const nlohmann::json& head, const uint8_t* bulk, size_t bulk_size, Model& m, EpochRunner& r);

// Every message: "MLPGJOB1", u32 header length, the header (CBOR), the bulk.
std::vector<uint8_t> frame_message(const nlohmann::json& head, const std::vector<uint8_t>& bulk);
// False for bytes that are not a message; else the header and where the bulk starts.
bool unframe_message(const std::vector<uint8_t>& bytes, nlohmann::json* head, size_t* bulk_at, std::string* why);

nlohmann::json optimizer_json(const OptimizerConfig& c);
OptimizerConfig optimizer_from_json(const nlohmann::json& j);

struct TrainStart {
  int gen = 0;  // names the job: replies carry it, a newer start replaces it
  std::string data_name, val_name;  // val_name "": no validation in the worker
  const std::vector<uint8_t>* data = nullptr;  // the dataset files, if the worker may not have them yet
  const std::vector<uint8_t>* val = nullptr;
  int epochs = 0;
  double report_seconds = 0.25;
};
// The model must be compiled (its optimizer's settings and state go along).
std::vector<uint8_t> start_message(const TrainStart& s, Model& m, const EpochRunner& r);
std::vector<uint8_t> stop_message(int gen);

struct TrainReport {
  int gen = 0;
  bool stopped = false, diverged = false;
  std::string error;        // why the worker could not train (a bad message, a missing dataset)
  nlohmann::json checkpoint;  // its header, null when there is none (an error before training)
  std::vector<uint8_t> message;  // the report's bytes: the checkpoint's bulk is message[bulk_at...]
  size_t bulk_at = 0;
  std::vector<float> step_loss, step_accuracy;
  std::vector<float> epoch_loss;
  std::vector<int> eval_predicted;  // after the report's last epoch (empty: none)
  double eval_loss = 0;             // its mean cross-entropy
  long samples = 0;
  double seconds = 0;
  int threads = 1;  // the worker's kernels run on this many threads
};
// False (and *why set) for bytes that are not a report.
bool decode_report(std::vector<uint8_t> bytes, TrainReport* out, std::string* why);
// Applies a report's checkpoint (throws as apply_checkpoint).
void apply_report(const TrainReport& r, Model& m, EpochRunner& run);

// The worker's side: takes messages, trains in runs of a given length, and
// sends reports. The same code runs in the Web Worker, the desktop's thread
// and the tests.
class TrainWorker {
 public:
  explicit TrainWorker(std::function<void(std::vector<uint8_t>)> send) : send_(std::move(send)) {}
  void message(const std::vector<uint8_t>& bytes);
  // Trains for about `seconds` (whole steps); true while the job goes on.
  bool run(double seconds);
  bool active() const { return bool(model_); }

 private:
  void report(bool stopped, bool diverged, const std::string& error = "");
  std::function<void(std::vector<uint8_t>)> send_;
  std::map<std::string, Dataset> data_;  // by name: sent once, kept for later jobs
  void evaluate();
  const Dataset* train_ = nullptr;
  const Dataset* val_ = nullptr;
  std::unique_ptr<Model> model_;
  EpochRunner runner_;
  int gen_ = 0, epochs_ = 0;
  double report_seconds_ = 0.25, since_report_ = 0;
  TrainReport pending_;  // steps and epochs since the last report
  std::vector<float> x_;
  std::vector<int> y_;
};

}  // namespace mlpg::ui
