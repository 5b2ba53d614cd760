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
# Known answers: SDL2's ~200 CMake checks each run Emscripten's compiler,
# 205 s of one core here, and their results are the same for the same SDL2
# and Emscripten. Our file of those results for this pair (written by
# `scripts/build_sdl2_wasm.sh --write-answers`, which runs every check and
# rebuilds) seeds the configure with -C; any other pair runs every check.
answers="$here/scripts/sdl2-wasm-answers/$ver-em$emver.cmake"
write=0
[ "${1:-}" = --write-answers ] && { write=1; rm -f "$out/.done"; }
if [ -f "$out/.done" ]; then exit 0; fi
seed=()
[ $write = 0 ] && [ -f "$answers" ] && seed=(-C "$answers")
mlpg_log sdl2 "building SDL2 $ver for Emscripten $emver (${seed:+check results known, }a few minutes, once)"
rm -rf "$out" "$out.build"
emcmake cmake "${seed[@]}" -S "$src" -B "$out.build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$out" >/dev/null
if [ $write = 1 ]; then  # every check's result: the INTERNAL cache entries that are not CMake's own
  mkdir -p "$(dirname "$answers")"
  { echo "# SDL2 $ver's CMake check results under Emscripten $emver (scripts/build_sdl2_wasm.sh --write-answers)."
    grep -E '^[A-Za-z0-9_]+:INTERNAL=' "$out.build/CMakeCache.txt" | grep -v -E '^(CMAKE_|FIND_PACKAGE_|_)' |
      sed -E 's/^([A-Za-z0-9_]+):INTERNAL=(.*)$/set(\1 "\2" CACHE INTERNAL "")/'
  } > "$answers"
  echo "[setup] wrote $answers" >&2
fi
cmake --build "$out.build" >/dev/null
cmake --install "$out.build" >/dev/null
rm -rf "$out.build"
touch "$out/.done"
mlpg_log sdl2 "built: $out"
