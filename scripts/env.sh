# Shared paths and environment for every script (sourced, not run).
export MLPG_CACHE="${MLPG_CACHE:-$HOME/.cache/wasm-ml-playground}"
# Debian's emscripten needs Debian's acorn, which Node 20 does not see by default.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
mlpg_src_dir() { ls -d "$MLPG_CACHE/src/"$1 2>/dev/null | sort | tail -1; }
# CMake args for every configure: ccache keeps every world's object files in
# the cache (outside the tree, keyed by compiler, flags and preprocessed
# source), so a clean clone builds warm. BASEDIR and NOHASHDIR make a clone at another path hit the same
# entries (the sanitizer build's -g would otherwise hash the folder).
MLPG_LAUNCHER=()
if command -v ccache >/dev/null; then
  export CCACHE_DIR="${CCACHE_DIR:-$MLPG_CACHE/ccache}" CCACHE_BASEDIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" CCACHE_NOHASHDIR=1
  export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-3G}"
  MLPG_LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
