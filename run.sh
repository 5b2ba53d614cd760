#!/usr/bin/env bash
# ./run.sh          set up, build the web app, serve dist/ and print the URL
# ./run.sh desktop  set up, build and start the desktop app
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-web}" in
  web)
    MLPG_SDL2_LATER=1 "$here/scripts/setup.sh"
    # SDL2's build for Emscripten (minutes, once) beside the shipped models' training.
    "$here/scripts/build_sdl2_wasm.sh" &
    sdl2=$!
    trap 'kill "$sdl2" 2>/dev/null || true' EXIT  # (a failed step stops it too)
    "$here/scripts/make_models.sh"
    wait "$sdl2" || { echo "SDL2's build for Emscripten failed" >&2; exit 1; }
    # Only what serving needs: the app, the worker and dist/ (not the wasm test binaries).
    MLPG_WEB_TARGETS=dist "$here/scripts/build.sh" web
    exec node "$here/web/serve.mjs" "$here/dist" "${PORT:-8080}" ;;
  desktop)
    "$here/scripts/setup.sh"
    "$here/scripts/build.sh" native
    exec "$here/build-native/ui/app" ;;
  *) echo "usage: ./run.sh [web|desktop]" >&2; exit 2 ;;
esac
