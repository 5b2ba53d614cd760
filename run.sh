#!/usr/bin/env bash
# ./run.sh          set up, build the web app, serve dist/ and print the URL
# ./run.sh desktop  set up, build and start the desktop app
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-web}" in
  web)
    source "$here/scripts/env.sh"  # (starts the clock of the progress lines)
    MLPG_SETUP=serve MLPG_SDL2_LATER=1 "$here/scripts/setup.sh"
    mlpg_sdl2_start  # beside the shipped models' training
    "$here/scripts/make_models.sh"
    mlpg_sdl2_wait
    # Only what serving needs: the app, the worker and dist/ (not the wasm test binaries).
    MLPG_WEB_TARGETS=dist MLPG_WEB_TESTS=OFF "$here/scripts/build.sh" web
    mlpg_log run "built; serving"
    exec node "$here/web/serve.mjs" "$here/dist" "${PORT:-8080}" ;;
  desktop)
    "$here/scripts/setup.sh"
    "$here/scripts/build.sh" native
    exec "$here/build-native/ui/app" ;;
  *) echo "usage: ./run.sh [web|desktop]" >&2; exit 2 ;;
esac
