#!/usr/bin/env bash
# Desktop smoke test: run the native app under Xvfb for a few frames, write a
# screenshot, and fail if it is missing or blank (one flat colour).
set -euo pipefail
app=$1 out=$2
mkdir -p "$(dirname "$out")"
rm -f "$out"
xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 30 --screenshot "$out"
[ -s "$out" ] || { echo "no screenshot written" >&2; exit 1; }
sd=$(convert "$out" -colorspace Gray -format '%[fx:standard_deviation]' info:)
echo "screenshot $out: grey standard deviation $sd"
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "screenshot looks blank" >&2; exit 1; }
