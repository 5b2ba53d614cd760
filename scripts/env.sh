# Shared paths and environment for every script (sourced, not run).
export MLPG_CACHE="${MLPG_CACHE:-$HOME/.cache/wasm-ml-playground}"
# Debian's emscripten needs Debian's acorn, which Node 20 does not see by default.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
# Every script's progress lines carry the seconds since the first script of
# this command started (./run.sh's time to URL, step by step).
export MLPG_T0="${MLPG_T0:-$(date +%s)}"
mlpg_log() { local tag=$1; shift; printf '[%s +%ss] %s\n' "$tag" "$(( $(date +%s) - MLPG_T0 ))" "$*" >&2; }
mlpg_src_dir() { ls -d "$MLPG_CACHE/src/"$1 2>/dev/null | sort | tail -1; }
MLPG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# CMake args for every configure: ccache keeps every world's object files in
# the cache (outside the tree, keyed by compiler, flags and preprocessed
# source), so a clean clone builds warm. BASEDIR and NOHASHDIR make a clone
# at another path hit the same entries (the sanitizer build's -g would
# otherwise hash the folder).
MLPG_LAUNCHER=()
if command -v ccache >/dev/null; then
  export CCACHE_DIR="${CCACHE_DIR:-$MLPG_CACHE/ccache}" CCACHE_BASEDIR="$MLPG_ROOT" CCACHE_NOHASHDIR=1
  export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-3G}"
  MLPG_LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# SDL2's Emscripten build beside other work (after `MLPG_SDL2_LATER=1
# scripts/setup.sh`): start it, then wait for it before the web build. Once
# per version; on a warm cache it returns at once.
mlpg_sdl2_start() {
  "$MLPG_ROOT/scripts/build_sdl2_wasm.sh" &
  MLPG_SDL2_PID=$!
  trap 'kill "$MLPG_SDL2_PID" 2>/dev/null || true' EXIT  # a failed step stops it too
}
mlpg_sdl2_wait() { wait "$MLPG_SDL2_PID" || { echo "SDL2's build for Emscripten failed" >&2; exit 1; }; }
