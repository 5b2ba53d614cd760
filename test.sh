#!/usr/bin/env bash
# ./test.sh  set up, build native and web, run every test (native unit tests,
# the same tests under ASan + UBSan with short fuzz runs, the same tests as
# wasm in Node, the desktop smoke test under Xvfb, and the browser
# end-to-end test in headless Chromium). Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/scripts/env.sh"  # (starts the clock of the progress lines)
MLPG_SDL2_LATER=1 "$here/scripts/setup.sh"
jobs=${MLPG_JOBS:-2}
mlpg_sdl2_start  # SDL2 for the web build, beside the native and sanitizer stages
mlpg_log test "native build"; "$here/scripts/build.sh" native
mlpg_log test "native tests"; ctest --test-dir "$here/build-native" -j "$jobs" --output-on-failure
# The unit tests (engine and app) under ASan + UBSan (clang,
# -D_GLIBCXX_ASSERTIONS), less the long runs in tests/sanitizer_skip.txt, and
# every fuzzer for a few seconds over its corpus.
san_targets="engine_tests app_tests fuzz_model_file fuzz_dataset fuzz_csv fuzz_train_job fuzz_hash fuzz_command"
san_tests='^(native_(engine|app)_tests_[0-9]+of[0-9]+|fuzz_(hash|command|model_file|dataset|csv|train_job))$'
mlpg_log test "sanitizer build (clang, ASan + UBSan, libFuzzer)"
MLPG_SAN_TARGETS="$san_targets" "$here/scripts/build.sh" san
mlpg_log test "sanitizer tests and short fuzz runs"
GTEST_FILTER="-$(grep -v '^#' "$here/tests/sanitizer_skip.txt" | paste -sd:)" \
  ctest --test-dir "$here/build-san" -j "$jobs" -R "$san_tests" --output-on-failure
mlpg_sdl2_wait
mlpg_log test "web build";    "$here/scripts/build.sh" web
mlpg_log test "wasm + browser tests"; ctest --test-dir "$here/build-web" -j "$jobs" --output-on-failure
mlpg_log test "all tests passed (screenshots: build-native/screenshots, build-web/screenshots)"
