#include "background.h"

#include <set>

namespace mlpg::ui {

namespace {

struct Background {
  std::function<void(std::vector<uint8_t>)> post;
  std::set<std::string> data_sent;  // dataset names the worker holds
  int last_gen = 0;                 // the newest job started (gens only grow)
  std::vector<std::vector<uint8_t>> inbox;
  std::string failure;
};

Background& bg() {
  static Background b;
  return b;
}

}  // namespace

void set_background_service(std::function<void(std::vector<uint8_t>)> post) {
  Background& b = bg();
  b.post = std::move(post);
  b.data_sent.clear();  // a new worker holds nothing yet
  b.inbox.clear();
  b.failure.clear();
}

bool background_available() { return bool(bg().post); }

int background_start(TrainStart s, const std::vector<uint8_t>& data, const std::vector<uint8_t>& val, Model& m,
                     const EpochRunner& r) {
  Background& b = bg();
  if (!b.post) return 0;
  s.gen = ++b.last_gen;
  s.data = b.data_sent.count(s.data_name) ? nullptr : &data;
  s.val = s.val_name.empty() || b.data_sent.count(s.val_name) ? nullptr : &val;
  b.post(start_message(s, m, r));
  b.data_sent.insert(s.data_name);
  if (!s.val_name.empty()) b.data_sent.insert(s.val_name);
  return s.gen;
}

void background_stop(int gen) {
  if (bg().post && gen > 0) bg().post(stop_message(gen));
}

bool background_current(int gen) { return bg().post && gen > 0 && gen == bg().last_gen; }

void background_arrived(std::vector<uint8_t> message) { bg().inbox.push_back(std::move(message)); }

void background_failed(const std::string& why) {
  Background& b = bg();
  b.post = nullptr;
  b.data_sent.clear();
  b.failure = why.empty() ? "the training worker stopped" : why;
}

const std::string& background_failure() { return bg().failure; }

std::vector<TrainReport> background_reports(int gen) {
  Background& b = bg();
  std::vector<TrainReport> out;
  for (auto& bytes : b.inbox) {
    TrainReport r;
    std::string why;
    if (!decode_report(std::move(bytes), &r, &why)) {
      r = TrainReport{};
      r.gen = gen;  // whose it was is unknown: the running job ends with the error
      r.stopped = true;
      r.error = why;
    }
    if (r.gen == gen) out.push_back(std::move(r));
  }
  b.inbox.clear();
  return out;
}

}  // namespace mlpg::ui
