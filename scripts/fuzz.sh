#!/usr/bin/env bash
# A fuzz campaign: builds the sanitized world (clang, ASan + UBSan, libFuzzer)
# and runs every target for a given time, two at a time (two cores), each
# from its corpus in tests/fuzz/corpus/ (new inputs go to build-san/fuzz-campaign/,
# crashes to build-san/fuzz-campaign/crashes/). Prints per target: executions,
# executions per second, coverage (edges) and features, new corpus size,
# crashes. Usage: scripts/fuzz.sh [seconds per target, default 600] [targets...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
seconds=${1:-600}; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hash command model_file dataset csv train_job)
"$here/scripts/build.sh" san >/dev/null
out="$here/build-san/fuzz-campaign"
mkdir -p "$out/crashes"
run() {
  local t=$1 dict=""
  [ -f "$here/tests/fuzz/$t.dict" ] && dict="-dict=$here/tests/fuzz/$t.dict"
  mkdir -p "$out/$t"
  "$here/build-san/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$t-" $dict "$out/$t" "$here/tests/fuzz/corpus/$t" > "$out/$t.log" 2>&1 || true
  local execs cov ft crashes
  execs=$(grep -m1 'stat::number_of_executed_units' "$out/$t.log" | awk '{print $2}')
  cov=$(grep -o 'cov: [0-9]*' "$out/$t.log" | tail -1 | awk '{print $2}')
  ft=$(grep -o 'ft: [0-9]*' "$out/$t.log" | tail -1 | awk '{print $2}')
  crashes=$(ls "$out/crashes" | grep -c "^$t-" || true)
  printf '| %s | %s s | %s | %s/s | %s | %s | %s | %s |\n' "$t" "$seconds" "${execs:-?}" "$(( ${execs:-0} / seconds ))" \
    "${cov:-?}" "${ft:-?}" "$(ls "$out/$t" | wc -l)" "$crashes"
}
echo "| target | time | executions | per second | coverage (edges) | features | corpus | crashes |"
echo "|---|---|---|---|---|---|---|---|"
i=0
for t in "${targets[@]}"; do
  run "$t" &
  i=$((i + 1))
  if [ $((i % 2)) = 0 ]; then wait; fi
done
wait
