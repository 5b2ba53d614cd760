#!/usr/bin/env bash
# One command for every benchmark: builds ours (native and wasm), installs the
# peers (PyTorch and OpenBLAS, jemalloc and tcmalloc from Debian; TF.js and
# ONNX Runtime from npm), exports the course's models to ONNX, runs three
# rounds interleaved (the machine is shared: compare only inside one run), and
# prints the tables (also written to bench/results.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
source "$here/scripts/env.sh"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=""
for p in python3-torch libopenblas0-pthread libjemalloc2 libtcmalloc-minimal4; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
[ -z "$need" ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null
# ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's CPU build is in the npm
# package; its install script would otherwise fetch CUDA files from nuget.
if [ ! -f "$here/bench/node_modules/.mlpg-stamp" ] || [ "$here/bench/package.json" -nt "$here/bench/node_modules/.mlpg-stamp" ]; then
  (cd "$here/bench" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$here/bench/node_modules/.mlpg-stamp"
fi
"$here/scripts/build.sh" native >/dev/null
"$here/scripts/build.sh" web >/dev/null
onnx="$here/build-native/bench/onnx"
(cd "$here/bench" && /usr/bin/python3 export_onnx.py "$onnx")

out="$here/bench/results.jsonl"
: > "$out"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1  # one thread for every peer
lib=/usr/lib/x86_64-linux-gnu
# PyTorch as installed (the environment as this machine has it), then tuned:
# OpenBLAS on the core that measured fastest here (OPENBLAS_CORETYPE /
# OPENBLAS_L2_SIZE as some of our machines set them for old OpenBLAS builds
# are dropped for that process; on a CPU model OpenBLAS does not know, its own
# choice can be Prescott, SSE3 only), and one of three allocator settings
# that keep PyTorch's large buffers mapped between batches; the report takes
# the fastest per model.
torch_run() { (cd "$here/bench" && "$@"); }
core=$(torch_run /usr/bin/python3 openblas_core.py)
torch_tuned() {
  local variant=$1; shift
  torch_run env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${core:+OPENBLAS_CORETYPE=$core} "$@" \
    /usr/bin/python3 torch_bench.py "$variant"
}
rounds=${MLPG_BENCH_ROUNDS:-3}
for round in $(seq "$rounds"); do
  echo "[bench] round $round of $rounds" >&2
  "$here/build-native/bench/gemm_bench" >> "$out"
  node --no-experimental-fetch "$here/build-web/bench/gemm_bench.js" >> "$out"
  "$here/build-native/bench/model_bench" >> "$out"
  # On an AVX-512 machine, the AVX2 set too (the widest runs by default).
  if grep -qw avx512f /proc/cpuinfo; then MLPG_KERNEL_SET=native-avx2-fma "$here/build-native/bench/model_bench" >> "$out"; fi
  node --no-experimental-fetch "$here/build-web/bench/model_bench.js" >> "$out"
  torch_run /usr/bin/python3 torch_bench.py as-installed >> "$out"
  torch_tuned glibc-thresholds MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 >> "$out"
  torch_tuned jemalloc LD_PRELOAD="$lib/libjemalloc.so.2" >> "$out"
  torch_tuned tcmalloc LD_PRELOAD="$lib/libtcmalloc_minimal.so.4" >> "$out"
  # Thread scaling natively: ours and tuned PyTorch on every core (the same
  # pool in both runs of ours; PyTorch's intra-op threads and OpenBLAS's).
  cores=$(getconf _NPROCESSORS_ONLN)  # (not nproc: it obeys the OMP_NUM_THREADS=1 set above)
  MLPG_THREADS=$cores "$here/build-native/bench/model_bench" >> "$out"
  # And in wasm: the pthreads build the isolated page trains with (Node's worker_threads).
  MLPG_THREADS=$cores node --no-experimental-fetch "$here/build-web/bench/model_bench_mt.js" >> "$out"
  # PyTorch's threads either in its intra-op pool or in OpenBLAS, not both:
  # both at once put 4 threads on 2 cores here (LSTM training 78 samples/s).
  for v in glibc-thresholds jemalloc; do
    env=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824)
    [ $v = jemalloc ] && env=(LD_PRELOAD="$lib/libjemalloc.so.2")
    torch_tuned $v "${env[@]}" MLPG_BENCH_THREADS=$cores OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$cores >> "$out"
    torch_tuned $v "${env[@]}" MLPG_BENCH_THREADS=1 OPENBLAS_NUM_THREADS=$cores OMP_NUM_THREADS=1 >> "$out"
  done
  (cd "$here/bench" && node ort_bench.mjs node "$onnx" && node ort_bench.mjs web "$onnx") >> "$out"
  (cd "$here/bench" && node tfjs_bench.mjs 2>/dev/null) >> "$out"
done
# The CNN lab training in the page (headless Chromium), next to the headless figure of the same moment.
node "$here/bench/in_page.mjs" "$here/dist" "$here/build-web/bench/model_bench.js" >> "$out"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
node "$here/bench/report.mjs" "$out" "$cpu" | tee "$here/bench/results.md"
