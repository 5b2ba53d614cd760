#!/usr/bin/env bash
# ./test.sh  set up, build native and web, run every test (native unit tests,
# the same tests as wasm in Node, the desktop smoke test under Xvfb, and the
# browser end-to-end test in headless Chromium). Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/scripts/setup.sh"
source "$here/scripts/env.sh"
start=$(date +%s)
echo "== native build"; "$here/scripts/build.sh" native
echo "== native tests"; ctest --test-dir "$here/build-native" --output-on-failure
echo "== web build";    "$here/scripts/build.sh" web
echo "== wasm + browser tests"; ctest --test-dir "$here/build-web" --output-on-failure
echo "== all tests passed in $(( $(date +%s) - start ))s (screenshots: build-native/screenshots, build-web/screenshots)"
