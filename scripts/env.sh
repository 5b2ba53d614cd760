# Shared paths and environment for every script (sourced, not run).
export MLPG_CACHE="${MLPG_CACHE:-$HOME/.cache/wasm-ml-playground}"
# Debian's emscripten needs Debian's acorn, which Node 20 does not see by default.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
mlpg_src_dir() { ls -d "$MLPG_CACHE/src/"$1 2>/dev/null | sort | tail -1; }
