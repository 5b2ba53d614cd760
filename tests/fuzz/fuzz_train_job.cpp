// The training worker's messages (ui/train_job.h), both ways: whatever
// bytes the worker gets, it answers with a report (an error if need be) and
// never crashes; whatever bytes the page gets, decode_report either refuses
// them or gives a report whose checkpoint either applies or is refused.
#include "fuzz_check.h"
#include "train_job.h"

using namespace mlpg;
using namespace mlpg::ui;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  int replies = 0;
  TrainWorker w([&](std::vector<uint8_t> b) {
    ++replies;
    TrainReport r;
    std::string why;
    FUZZ_CHECK(decode_report(std::move(b), &r, &why), "the worker sent a report the page cannot read");
  });
  w.message(bytes);
  if (w.active()) w.run(0);  // one step at most
  TrainReport r;
  std::string why;
  if (decode_report(bytes, &r, &why) && !r.checkpoint.is_null()) {
    static Model m = [] {
      Model x(Shape{4}, 1);
      x.add<Linear>(3, Activation::Softmax);
      x.compile(sgd(0.1f));
      return x;
    }();
    EpochRunner run;
    try {
      apply_report(r, m, run);
    } catch (const std::invalid_argument&) {
    }
  }
  return 0;
}
