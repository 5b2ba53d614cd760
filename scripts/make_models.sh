#!/usr/bin/env bash
# The models lessons open with (DESIGN "Shipped models"): the project's own
# examples train them natively, seeded, and each file is cached by a hash of
# everything that goes into it ($MLPG_CACHE/models/), then copied to data/
# (the desktop reads it there; the web build copies it into dist/data/). A
# second run with the same inputs only copies. Also writes the RNN lab's
# corpora (data/corpus-*.txt) from Debian's fortunes packages.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/env.sh"
fortunes=/usr/share/games/fortunes
# Replaced only when they change: the font subset and the app are rebuilt from them.
put_corpus() {  # $1 = file in data/, the rest = source files
  local out="$here/data/$1"; shift
  cat "$@" > "$out.tmp"
  if cmp -s "$out.tmp" "$out"; then rm "$out.tmp"; else mv "$out.tmp" "$out"; fi
}
put_corpus corpus-tang.txt "$fortunes/tang300"
put_corpus corpus-english.txt "$fortunes/fortunes" "$fortunes/literature"

engine_hash=$( (cd "$here" && find engine CMakeLists.txt -type f | sort | xargs sha256sum) | sha256sum | cut -c1-16)
# cached NAME EXAMPLE INPUT_FILES... -- ARGS...: trains data/NAME.mlpg with
# build-native/EXAMPLE ARGS --save FILE unless the cache has it. Training runs
# in the background, MLPG_JOBS (2) models at a time (each trains on one core);
# the examples are built once, before the first.
built=0
cached() {
  local name=$1 example=$2; shift 2
  local inputs=()
  while [ "$1" != "--" ]; do inputs+=("$1"); shift; done
  shift
  local hash
  hash=$( (echo "$engine_hash"; cd "$here" && sha256sum "examples/$example/main.cpp" "${inputs[@]}"; echo "${*//$here/}") | sha256sum | cut -c1-16)
  local file="$MLPG_CACHE/models/$name-$hash.mlpg"
  if [ -f "$file" ]; then cp "$file" "$here/data/$name.mlpg"; return; fi
  if [ $built = 0 ]; then
    # The engine and examples only: no SDL2, GL or GoogleTest needed (./run.sh
    # installs none of them); scripts/build.sh native turns both back on.
    mlpg_log models "building the examples that train them"
    cmake -S "$here" -B "$here/build-native" -G Ninja -DMLPG_CACHE="$MLPG_CACHE" "${MLPG_LAUNCHER[@]}" \
      -DMLPG_BUILD_APP=OFF -DMLPG_BUILD_TESTS=OFF >/dev/null
    cmake --build "$here/build-native" --target cnn_mnist lstm_classifier char_rnn -j "${MLPG_JOBS:-2}" >/dev/null
    mkdir -p "$MLPG_CACHE/models"
    built=1
  fi
  while [ "$(jobs -rp | wc -l)" -ge "${MLPG_JOBS:-2}" ]; do wait -n || true; done
  mlpg_log models "training $name ($example ${*//$here\//}), once per input hash"
  ( "$here/build-native/$example" "$@" --save "$file.tmp" | grep -a -E 'test accuracy|nats/char:' | sed "s/^/[models] $name: /" >&2
    mlpg_log models "$name trained"
    mv "$file.tmp" "$file" && cp "$file" "$here/data/$name.mlpg" ) &
  pids+=($!)
}
pids=()
cached course-cnn cnn_mnist data/mnist-digits-train.mlpg data/mnist-digits-test.mlpg -- \
  --dataset mnist --epochs 3 --seed 1 --data "$here/data"
# The course's LSTM classifier reading digits row by row (97.7% on the 2,000 validation digits).
cached course-lstm lstm_classifier data/mnist-digits-train.mlpg data/mnist-digits-test.mlpg -- \
  --task mnist --epochs 12 --hidden 128 --seed 1 --data "$here/data"
# The character models the RNN lab opens with (2-layer LSTM, 128 units).
cached charlm-english char_rnn data/corpus-english.txt -- --corpus "$here/data/corpus-english.txt" --steps 600 --seed 1 --length 0
cached charlm-tang char_rnn data/corpus-tang.txt -- --corpus "$here/data/corpus-tang.txt" --steps 400 --seed 1 --length 0
# Every training job's own status (bash keeps it after `wait -n`): a failed
# one stops the script under set -e.
for pid in "${pids[@]}"; do wait "$pid"; done
