#!/usr/bin/env bash
# ./run.sh          set up, build the web app, serve dist/ and print the URL
# ./run.sh desktop  set up, build and start the desktop app
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/scripts/setup.sh"
case "${1:-web}" in
  web)
    # Only what serving needs: the app, the worker and dist/ (not the wasm test binaries).
    MLPG_WEB_TARGETS=dist "$here/scripts/build.sh" web
    exec node "$here/web/serve.mjs" "$here/dist" "${PORT:-8080}" ;;
  desktop)
    "$here/scripts/build.sh" native
    exec "$here/build-native/ui/app" ;;
  *) echo "usage: ./run.sh [web|desktop]" >&2; exit 2 ;;
esac
