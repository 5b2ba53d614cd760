// Determinism (#17): for a seed, the λ lab and the classifier give exactly
// the same metrics on two runs of the same build. Natively and in wasm they
// do not agree within 1e-5 after 1,000 steps, and this test says why: the
// seeded generator (std::mt19937) gives the same numbers in both builds, but
// std::uniform_real_distribution and std::normal_distribution are the
// standard library's own (libstdc++ natively, libc++ in wasm), so the
// lessons' data and initial weights differ. Each build writes its numbers to
// determinism-native.json or determinism-wasm.json in the test's directory;
// the wasm run (test.sh runs it after the native one) compares them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <random>

#include "app.h"
#include "kernels/kernels.h"

using namespace mlpg::ui;
using nlohmann::json;

namespace {

const json kRuns = {
    {{"lesson", "lambda"}, {"params", {{"degree", 9}, {"lambda", 0.001}, {"lr", 0.2}, {"seed", 11}}}},
    {{"lesson", "lambda"}, {"params", {{"degree", 5}, {"lambda", 0.1}, {"mode", "minibatch"}, {"seed", 4}}}},
    {{"lesson", "classifier"}, {"params", {{"seed", 3}, {"opt", "adam"}}}},
    {{"lesson", "classifier"}, {"params", {{"seed", 8}, {"dataset", "xor"}, {"opt", "sgd"}, {"lr", 0.1}}}},
};

// The numbers a run ends with: every numeric metric after 1,000 steps.
json run(const json& open) {
  AppState app;
  app_init(app);
  json cmd = open;
  cmd["run"] = false;
  app_command(app, cmd);
  app_command(app, {{"train", 1000}});
  const json state = app_state_json(app);  // kept: items() refers into it
  json out = json::object();
  for (const auto& [k, v] : state["metrics"].items())
    if (v.is_number()) out[k] = v;
  out["step"] = state["step"];
  return out;
}

bool is_wasm(const std::string& kernels) { return kernels.rfind("wasm", 0) == 0; }

// The first numbers of the seeded generator and of the two distributions the lessons draw from.
json random_streams() {
  std::mt19937 a(7), b(7), c(7);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::normal_distribution<float> n(0.f, 1.f);
  json raw = json::array(), uni = json::array(), nor = json::array();
  for (int i = 0; i < 8; ++i) raw.push_back(a()), uni.push_back(u(b)), nor.push_back(n(c));
  return {{"mt19937", raw}, {"uniform_real", uni}, {"normal", nor}};
}

}  // namespace

TEST(Determinism, SameBuildSameNumbersAndNativeAgreesWithWasm) {
  json results = json::array();
  for (const json& r : kRuns) {
    const json a = run(r), b = run(r);
    EXPECT_EQ(a.dump(), b.dump()) << "two runs of " << r.dump() << " in the same build";
    EXPECT_GE(a["step"].get<long>(), 1000) << r.dump();
    EXPECT_GE(a.size(), 4u) << "the run's metrics: " << a.dump();
    results.push_back({{"run", r}, {"metrics", a}});
  }
  const std::string kernels = mlpg::kernels::active_kernels().name;
  std::ofstream(is_wasm(kernels) ? "determinism-wasm.json" : "determinism-native.json")
      << json{{"kernels", kernels}, {"runs", results}, {"random", random_streams()}}.dump(1) << "\n";
  if (!is_wasm(kernels)) return;  // the native build only writes its numbers
  // In wasm: the native build's file, as test.sh leaves it (build-native/tests/).
  std::ifstream native_file("../../build-native/tests/determinism-native.json");
  if (!native_file) GTEST_SKIP() << "no native numbers to compare with (run the native tests first)";
  std::stringstream text;
  text << native_file.rdbuf();
  const json native_doc = json::parse(text.str());
  const json& native = native_doc["runs"];
  ASSERT_EQ(native.size(), results.size());
  double worst = 0;
  std::string where;
  for (size_t i = 0; i < results.size(); ++i) {
    ASSERT_EQ(native[i]["run"], results[i]["run"]);
    for (const auto& [k, v] : results[i]["metrics"].items()) {
      const double w = v.get<double>(), n = native[i]["metrics"][k].get<double>();
      const double rel = std::fabs(w - n) / std::max(1e-12, std::fabs(n));
      if (rel > worst) worst = rel, where = results[i]["run"].dump() + " " + k;
    }
  }
  const json here = random_streams(), there = native_doc["random"];
  const bool same_distributions = here["uniform_real"] == there["uniform_real"] && here["normal"] == there["normal"];
  std::printf("native (%s) vs wasm (%s) after 1,000 steps: largest relative difference %.2e (%s); "
              "mt19937 %s, std::uniform_real_distribution %s, std::normal_distribution %s\n",
              native_doc["kernels"].get<std::string>().c_str(), kernels.c_str(), worst, where.c_str(),
              here["mt19937"] == there["mt19937"] ? "identical" : "DIFFERENT",
              here["uniform_real"] == there["uniform_real"] ? "identical" : "different",
              here["normal"] == there["normal"] ? "identical" : "different");
  EXPECT_EQ(here["mt19937"], there["mt19937"]) << "the seeded generator is the same in both builds";
  // Within 1e-5, or the difference is explained by the distributions.
  if (worst > 1e-5) {
    EXPECT_FALSE(same_distributions) << "a difference of " << worst << " that the distributions do not explain: " << where;
  }
}
