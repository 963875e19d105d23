#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, preset `fuzz`: clang with AddressSanitizer and UBSan) and runs each for a
# bounded time, seeded with the hostile-input corpus and the shipped data. Prints, per target, the executions, the
# corpus it grew to, and whether it found a crash, a leak or a timeout (a hang). Exits 1 when any target found one.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   scripts/fuzz.sh 300 knmi        # one target (fuzz_knmi), 5 minutes
#
# Needs clang and libFuzzer (Debian: apt-get install clang libfuzzer-14-dev libomp-14-dev). Findings are kept in
# build/fuzz/findings/<target>/ (crash-*, timeout-*, leak-*); rerun one with build/fuzz/fuzz/<target> <file>.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
only="${2:-}"
targets=(rain_csv damage_table knmi region_toml raster_header)

for tool in clang++; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool is missing (apt-get install clang libfuzzer-14-dev libomp-14-dev)"; exit 2; }
done

cmake --preset fuzz >/dev/null
build_targets=()
for t in "${targets[@]}"; do
  [ -z "$only" ] || [ "$t" = "$only" ] && build_targets+=("fuzz_$t")
done
cmake --build build/fuzz -j"$(nproc)" --target "${build_targets[@]}"

# Seeds: inputs of each kind from the hostile corpus and the shipped data.
seed() {  # target, then files
  local dir="build/fuzz/seeds/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp -f "$f" "$dir/" || true; done
}
corpus=tests/hostile/corpus
seed rain_csv $corpus/rain_*.csv $corpus/rainlist_*.csv $corpus/level_*.csv
seed damage_table data/damage/wss_default.csv $corpus/damage_*.csv
seed knmi $corpus/knmi_*.csv
seed region_toml data/regions/twente.toml $corpus/region_*.toml
seed raster_header $corpus/*.tif $corpus/*.vrt $corpus/*.asc

status=0
printf '%-16s %12s %10s %8s %s\n' target executions exec/s corpus findings
for t in "${build_targets[@]}"; do
  name="${t#fuzz_}"
  work="build/fuzz/work/$name"; findings="build/fuzz/findings/$name"; log="build/fuzz/$name.log"
  mkdir -p "$work" "$findings"
  # -timeout: one input taking longer than 10 s is a hang; -rss_limit_mb bounds what a header may make us allocate.
  if build/fuzz/fuzz/"$t" "$work" "build/fuzz/seeds/$name" -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1; then
    result=none
  else
    result="FOUND ($(ls "$findings" | tr '\n' ' '))"; status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  units=$(ls "$work" | wc -l)
  printf '%-16s %12s %10s %8s %s\n' "$t" "$execs" "$rate" "$units" "$result"
done
exit $status
