#!/usr/bin/env bash
# The models lessons open with (DESIGN "Shipped models"): the project's own
# example trains the course's CNN natively, seeded, and the file is cached by
# a hash of everything that goes into it ($MLPG_CACHE/models/), then copied to
# data/course-cnn.mlpg (the desktop reads it there; the web build copies it
# into dist/data/). A second run with the same inputs only copies.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/env.sh"
args=(--dataset mnist --epochs 3 --seed 1)
inputs=$( (cd "$here" && find engine examples/cnn_mnist CMakeLists.txt -type f | sort | xargs sha256sum;
           sha256sum data/mnist-digits-train.mlpg data/mnist-digits-test.mlpg; echo "${args[*]}") | sha256sum | cut -c1-16)
cached="$MLPG_CACHE/models/course-cnn-$inputs.mlpg"
if [ ! -f "$cached" ]; then
  echo "[models] training the course's CNN (${args[*]}), once per input hash" >&2
  cmake -S "$here" -B "$here/build-native" -G Ninja -DMLPG_CACHE="$MLPG_CACHE" >/dev/null
  cmake --build "$here/build-native" --target cnn_mnist -j "${MLPG_JOBS:-2}" >/dev/null
  mkdir -p "$MLPG_CACHE/models"
  "$here/build-native/cnn_mnist" "${args[@]}" --data "$here/data" --save "$cached.tmp" | grep -a 'test accuracy' >&2
  mv "$cached.tmp" "$cached"
fi
cp "$cached" "$here/data/course-cnn.mlpg"
