#!/usr/bin/env bash
# Benchmark of the main job: the full default Twente stress test from scratch (--force), then a rerun with nothing
# changed (everything from the cache). Prints both wall times; the floor is 15 minutes for the first and seconds
# for the second on 2 cores (issue #4). Uses build/release (scripts/build.sh release).
#   scripts/bench-stresstest.sh [OUT]      (default out/bench-stresstest)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/bench-stresstest}"
waternet=build/release/apps/waternet/waternet
[ -x "$waternet" ] || scripts/build.sh release
start=$(date +%s.%N)
"$waternet" stresstest --out "$out" --force --quiet
mid=$(date +%s.%N)
"$waternet" stresstest --out "$out" --quiet > /dev/null
end=$(date +%s.%N)
echo
echo "cores: $(nproc)"
echo "full stress test (--force): $(awk "BEGIN{printf \"%.1f\", $mid - $start}") s"
echo "rerun, nothing changed:     $(awk "BEGIN{printf \"%.1f\", $end - $mid}") s"
