#!/usr/bin/env bash
# Builds SDL2 (Debian source package) with Emscripten into the cache, once per
# version. Emscripten's own SDL2 "port" needs a download, which is not possible
# here. Output: $MLPG_CACHE/sdl2-wasm-<version>/{include,lib}.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/env.sh"
src=$(mlpg_src_dir 'libsdl2-2.*')
[ -n "$src" ] || { echo "SDL2 source missing: run scripts/setup.sh" >&2; exit 1; }
ver=$(basename "$src" | sed 's/^libsdl2-//')
# (No `head` in this pipe: closing it early can kill em++ with SIGPIPE, and
# under pipefail the failed substitution stopped setup without a word.)
emver=$( (em++ --version 2>/dev/null || true) | grep -o '[0-9]\+\.[0-9]\+\.[0-9]\+' | sed -n 1p)
out="$MLPG_CACHE/sdl2-wasm-$ver-em$emver"
if [ -f "$out/.done" ]; then exit 0; fi
echo "[setup] building SDL2 $ver for Emscripten $emver (a few minutes, once)" >&2
rm -rf "$out" "$out.build"
emcmake cmake -S "$src" -B "$out.build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$out" >/dev/null
cmake --build "$out.build" >/dev/null
cmake --install "$out.build" >/dev/null
rm -rf "$out.build"
touch "$out/.done"
echo "$out" >&2
