// The URL hash: app_apply_hash takes anything (bad values become defaults
// and notices). Properties: the state has no NaN; the permalink it writes
// back, applied to a fresh app, gives the same permalink (a round trip).
#include <string>

#include "app.h"
#include "fuzz_check.h"

using namespace mlpg::ui;

namespace {
AppState& fresh(int which) {  // two apps kept across inputs: a lesson's first open (data, models) is slow
  static AppState apps[2];
  static bool ready = false;
  if (!ready) {
    app_init(apps[0]);
    app_init(apps[1]);
    ready = true;
  }
  return apps[which];
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string hash(reinterpret_cast<const char*>(data), size);
  AppState& app = fresh(0);
  app.notices.clear();
  app_apply_hash(app, hash);  // a URL opens a fresh run from its parameters (the rest at their defaults)
  FUZZ_CHECK(all_finite(app_state_json(app)), "a NaN in state() from a URL");
  const std::string h = app_hash(app);
  AppState& again = fresh(1);
  app_apply_hash(again, h);
  FUZZ_CHECK(app_hash(again) == h, "the permalink does not round-trip");
  return 0;
}
