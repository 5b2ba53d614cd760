#!/usr/bin/env bash
# Desktop smoke test: run the native app under Xvfb on each lesson (opened by
# its URL hash) for a few frames, write screenshots, and fail if one is
# missing or blank (one flat colour).
set -euo pipefail
app=$1 out=$2
dir=$(dirname "$out")
mkdir -p "$dir"
check() {  # $1 = name, $2 = hash, then extra app arguments (--command JSON)
  local png="$dir/desktop-$1.png" name=$1 hash=$2
  shift 2
  rm -f "$png"
  xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 45 --hash "$hash" --screenshot "$png" "$@" 2>/dev/null
  [ -s "$png" ] || { echo "no screenshot written for $name" >&2; exit 1; }
  local sd
  sd=$(convert "$png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  echo "screenshot $png: grey standard deviation $sd"
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "screenshot $name looks blank" >&2; exit 1; }
}
check home "#lesson=home"
check lambda "#lesson=lambda&lambda=0.01&degree=9"
check classifier "#lesson=classifier&lang=zh&dataset=spiral"
check cnn "#lesson=cnn"
check rnn "#lesson=rnn&part=fires&lang=zh"
check faq "#lesson=faq&q=2"
check concepts "#lesson=concepts&c=backprop&step=11&lang=zh"
check code "#lesson=classifier" --command '{"code":"show"}'
check code-zh "#lesson=cnn&lang=zh" --command '{"code":"show"}'
cp "$dir/desktop-home.png" "$out"
