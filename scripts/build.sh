#!/usr/bin/env bash
# Configures and builds one world: `native` (build-native/) or `web` (build-web/,
# which also assembles dist/). Extra args go to CMake's configure step.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/env.sh"
world=${1:?usage: build.sh native|web [cmake args]}; shift
jobs=${MLPG_JOBS:-2}
# The shipped models first (trained natively once, cached by input hash).
"$here/scripts/make_models.sh"
case "$world" in
  native)
    cmake -S "$here" -B "$here/build-native" -G Ninja -DMLPG_CACHE="$MLPG_CACHE" "$@" >/dev/null
    cmake --build "$here/build-native" -j "$jobs" ;;
  web)
    emcmake cmake -S "$here" -B "$here/build-web" -G Ninja -DMLPG_CACHE="$MLPG_CACHE" "$@" >/dev/null
    cmake --build "$here/build-web" -j "$jobs" ;;
  *) echo "unknown world '$world' (native or web)" >&2; exit 2 ;;
esac
