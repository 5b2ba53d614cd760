#pragma once
// The main thread's side of training off the main thread (train_job.h): the
// platform says how to reach a worker (a Web Worker in the browser, a thread
// on the desktop); without one (the unit tests, a page where workers cannot
// start) lessons train in time slices on the main thread as before.
// One job at a time: a newer start replaces the older one.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "train_job.h"

namespace mlpg::ui {

// `post` hands bytes to the worker; null: there is none.
void set_background_service(std::function<void(std::vector<uint8_t>)> post);
bool background_available();
// Starts a job (s.gen is chosen here and returned); a dataset's bytes go
// along only the first time its name is used (val: none when s.val_name is "").
int background_start(TrainStart s, const std::vector<uint8_t>& data, const std::vector<uint8_t>& val, Model& m,
                     const EpochRunner& r);
void background_stop(int gen);
// True while `gen` is the job the worker has (not replaced, the worker alive).
bool background_current(int gen);
// From the platform, on the main thread: a message from the worker, or the
// worker is gone (failed to start, crashed): lessons train locally again.
void background_arrived(std::vector<uint8_t> message);
void background_failed(const std::string& why);
const std::string& background_failure();  // "" unless it failed
// The reports of job `gen` that arrived since the last call, oldest first
// (a malformed one becomes a report with its error set and stopped).
std::vector<TrainReport> background_reports(int gen);

}  // namespace mlpg::ui
