// JSON commands (the JS API, and the embed protocol's embed, get_state, set_state, snippet, visible): malformed JSON
// or a bad command must give std::invalid_argument (or nlohmann's parse
// error), nothing else; the state after it has no NaN. Training commands are
// capped at a few steps so a run stays fast (their values are still parsed).
#include <stdexcept>
#include <string>

#include "app.h"
#include "fuzz_check.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {
// Keeps a fuzz run short: at most 3 steps of training, no sweeps or full evaluations.
void cap(json& j) {
  if (!j.is_object()) return;
  if (j.contains("train") && j["train"].is_number() && j["train"].get<double>() > 3) j["train"] = 3;
  j.erase("sweep");
  j.erase("evaluate");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static AppState app = [] {
    AppState a;
    app_init(a);
    return a;
  }();
  json cmd;
  try {
    cmd = json::parse(data, data + size);
  } catch (const json::exception&) {
    return 0;  // the platform answers {"ok": false, "error": "malformed command JSON: ..."}
  }
  cap(cmd);
  try {
    app_command(app, cmd);
  } catch (const std::invalid_argument&) {
    // the one error a command may give
  }
  FUZZ_CHECK(all_finite(app_state_json(app)), "a NaN in state() after a command");
  return 0;
}
