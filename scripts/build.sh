#!/usr/bin/env bash
# Configures and builds one world: `native` (build-native/), `web` (build-web/,
# which also assembles dist/) or `san` (build-san/: clang with ASan + UBSan and
# the fuzz targets). Extra args go to CMake's configure step.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/env.sh"
world=${1:?usage: build.sh native|web|san [cmake args]}; shift
jobs=${MLPG_JOBS:-2}
# The shipped models first (trained natively once, cached by input hash).
"$here/scripts/make_models.sh"
mlpg_log build "$world${MLPG_WEB_TARGETS:+ ($MLPG_WEB_TARGETS)}"
case "$world" in
  native)
    cmake -S "$here" -B "$here/build-native" -G Ninja -DMLPG_CACHE="$MLPG_CACHE" "${MLPG_LAUNCHER[@]}" \
      -DMLPG_BUILD_APP=ON -DMLPG_BUILD_TESTS=ON "$@" >/dev/null
    cmake --build "$here/build-native" -j "$jobs" ;;
  san)  # clang, ASan + UBSan, the fuzz targets (tests/fuzz/)
    CC=clang CXX=clang++ cmake -S "$here" -B "$here/build-san" -G Ninja -DMLPG_CACHE="$MLPG_CACHE" "${MLPG_LAUNCHER[@]}" \
      -DMLPG_SANITIZE=ON -DMLPG_FUZZ=ON "$@" >/dev/null
    # MLPG_SAN_TARGETS: only these (the test run's quick set); default: everything.
    cmake --build "$here/build-san" -j "$jobs" ${MLPG_SAN_TARGETS:+--target $MLPG_SAN_TARGETS} ;;
  web)
    # MLPG_WEB_TESTS=OFF (./run.sh): no test targets at all, so no GoogleTest needed.
    emcmake cmake -S "$here" -B "$here/build-web" -G Ninja -DMLPG_CACHE="$MLPG_CACHE" "${MLPG_LAUNCHER[@]}" \
      -DMLPG_BUILD_TESTS="${MLPG_WEB_TESTS:-ON}" "$@" >/dev/null
    # MLPG_WEB_TARGETS: only these (./run.sh: dist, what serving needs); default: everything, the tests too.
    cmake --build "$here/build-web" -j "$jobs" ${MLPG_WEB_TARGETS:+--target $MLPG_WEB_TARGETS} ;;
  *) echo "unknown world '$world' (native or web)" >&2; exit 2 ;;
esac
