#!/usr/bin/env bash
# One command for every benchmark: builds ours (native and wasm), installs the
# peers (PyTorch and OpenBLAS from Debian, TF.js from npm), runs two rounds
# interleaved (the machine is shared: compare only inside one run), and prints
# the tables (also written to bench/results.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
source "$here/scripts/env.sh"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=""
for p in python3-torch libopenblas0-pthread; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
[ -z "$need" ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null
(cd "$here/bench" && [ -d node_modules/@tensorflow/tfjs ] || npm install --no-audit --no-fund --loglevel=error >/dev/null)
"$here/scripts/build.sh" native >/dev/null
"$here/scripts/build.sh" web >/dev/null

out="$here/bench/results.jsonl"
: > "$out"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1  # one thread for every peer
for round in 1 2; do
  echo "[bench] round $round" >&2
  "$here/build-native/bench/gemm_bench" >> "$out"
  node --no-experimental-fetch "$here/build-web/bench/gemm_bench.js" >> "$out"
  "$here/build-native/bench/model_bench" >> "$out"
  node --no-experimental-fetch "$here/build-web/bench/model_bench.js" >> "$out"
  /usr/bin/python3 "$here/bench/torch_bench.py" >> "$out"
  (cd "$here/bench" && node tfjs_bench.mjs 2>/dev/null) >> "$out"
done
# The CNN lab training in the page (headless Chromium), next to the headless figure of the same moment.
node "$here/bench/in_page.mjs" "$here/dist" "$here/build-web/bench/model_bench.js" >> "$out"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
node "$here/bench/report.mjs" "$out" "$cpu" | tee "$here/bench/results.md"
