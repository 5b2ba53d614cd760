#!/usr/bin/env bash
# Desktop smoke test: run the native app under Xvfb on each lesson (opened by
# its URL hash) for a few frames, write screenshots, and fail if one is
# missing or blank (one flat colour).
set -euo pipefail
app=$1 out=$2
dir=$(dirname "$out")
mkdir -p "$dir"
check() {  # $1 = name, $2 = hash
  local png="$dir/desktop-$1.png"
  rm -f "$png"
  xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 45 --hash "$2" --screenshot "$png" 2>/dev/null
  [ -s "$png" ] || { echo "no screenshot written for $1" >&2; exit 1; }
  local sd
  sd=$(convert "$png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  echo "screenshot $png: grey standard deviation $sd"
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "screenshot $1 looks blank" >&2; exit 1; }
}
check home "#lesson=home"
check lambda "#lesson=lambda&lambda=0.01&degree=9"
check classifier "#lesson=classifier&lang=zh&dataset=spiral"
check cnn "#lesson=cnn"
check rnn "#lesson=rnn&part=fires&lang=zh"
check faq "#lesson=faq&q=2"
cp "$dir/desktop-home.png" "$out"
