#!/usr/bin/env bash
# ./test.sh  set up, build native and web, run every test (native unit tests,
# the same tests under ASan + UBSan with short fuzz runs, the same tests as
# wasm in Node, the desktop smoke test under Xvfb, and the browser
# end-to-end test in headless Chromium). Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/scripts/setup.sh"
source "$here/scripts/env.sh"
start=$(date +%s)
echo "== native build"; "$here/scripts/build.sh" native
echo "== native tests"; ctest --test-dir "$here/build-native" --output-on-failure
# The engine's and the app's unit tests under ASan + UBSan (clang,
# -D_GLIBCXX_ASSERTIONS), less the long training runs and sweeps listed in
# tests/sanitizer_skip.txt (the whole app suite takes 13 minutes there), and
# every fuzzer for a few seconds over its corpus. scripts/fuzz.sh runs the
# campaigns.
echo "== sanitizer build (clang, ASan + UBSan, libFuzzer)"
MLPG_SAN_TARGETS="engine_tests app_tests fuzz_hash fuzz_command fuzz_model_file fuzz_dataset fuzz_csv fuzz_train_job" "$here/scripts/build.sh" san
echo "== sanitizer tests and short fuzz runs"
GTEST_FILTER="-$(grep -v '^#' "$here/tests/sanitizer_skip.txt" | paste -sd:)" \
  ctest --test-dir "$here/build-san" -R '^(native_(engine|app)_tests|fuzz_(hash|command|model_file|dataset|csv|train_job))$' --output-on-failure
echo "== web build";    "$here/scripts/build.sh" web
echo "== wasm + browser tests"; ctest --test-dir "$here/build-web" --output-on-failure
echo "== all tests passed in $(( $(date +%s) - start ))s (screenshots: build-native/screenshots, build-web/screenshots)"
