#!/usr/bin/env bash
# Copies the assets the page fetches into dist/data/, gzipped (the page
# inflates them with DecompressionStream): the MNIST digits, the seeded
# Fashion-MNIST subset (fetched only when a learner picks it) and the shipped
# models (CNN, the course's LSTM, the character models), the RNN lab's
# corpora and the font of their characters (ui/fonts.h). Only files that changed are compressed again.
set -euo pipefail
src=$1 dst=$2
mkdir -p "$dst"
for f in mnist-digits-train.mlpg mnist-digits-test.mlpg fashion-mnist-train-small.mlpg fashion-mnist-test-small.mlpg \
         course-cnn.mlpg course-lstm.mlpg charlm-tang.mlpg charlm-english.mlpg corpus-tang.txt corpus-english.txt \
         font-corpus.ttf; do
  [ -f "$src/$f" ] || { echo "dist_data: $src/$f is missing (scripts/setup.sh, scripts/make_models.sh)" >&2; exit 1; }
  if [ ! -f "$dst/$f.gz" ] || [ "$src/$f" -nt "$dst/$f.gz" ]; then gzip -9 -n -c "$src/$f" > "$dst/$f.gz"; fi
done
# The page keys its Cache API copies by these hashes: a rebuilt file is fetched again.
( cd "$dst" && printf '{' && first=1 && for f in *.gz; do
    [ $first = 1 ] || printf ','; first=0
    printf '"data/%s":"%s"' "$f" "$(sha256sum "$f" | cut -c1-16)"
  done && printf '}\n' ) > "$dst/manifest.json.tmp"
mv "$dst/manifest.json.tmp" "$dst/manifest.json"
