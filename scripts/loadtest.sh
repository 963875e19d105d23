#!/usr/bin/env bash
# Load test of `waternet serve` on loopback, kept as a benchmark: cold tiles (first request of each tile, time
# per request) and cached tiles per second with wrk, and the errors.
#
#   scripts/loadtest.sh [RESULTS_DIR]      (default: the browser tests' fixture, written to a temp folder)
#
# Environment: WATERNET_BIN (default build/release/apps/waternet/waternet), DURATION_S (10), CONNECTIONS (32),
# WRK_THREADS (1), CORES (CPU list the server is pinned to, default "0,1": the floor is stated for 2 cores).
# Traffic goes to 127.0.0.1 only; wrk stops by itself after DURATION_S.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${WATERNET_BIN:-build/release/apps/waternet/waternet}"
DURATION_S="${DURATION_S:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
WRK_THREADS="${WRK_THREADS:-1}"
CORES="${CORES:-0,1}"
command -v wrk > /dev/null || { echo "loadtest: wrk missing (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "loadtest: $BIN not built (scripts/build.sh)" >&2; exit 2; }

work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null; wait 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT

results="${1:-}"
if [ -z "$results" ]; then
  results="$work/results"
  node tests/web/e2e/fixture.mjs "$results" > /dev/null
fi

# No rate limit for the benchmark client; everything else as shipped.
printf '[server]\nrequests_per_s = 0\nthreads = %s\n' "$((CONNECTIONS + 8))" > "$work/serve.toml"
taskset -c "$CORES" "$BIN" serve "$results" --config "$work/serve.toml" --port 0 --no-web > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q "at http://" "$work/serve.log" && break; sleep 0.1; done
url="$(grep -o 'http://[^/]*' "$work/serve.log" | head -1)"
[ -n "$url" ] || { cat "$work/serve.log"; exit 1; }

# Every tile of every public layer (and the base map) over each layer's extent, zoom 10 to 15.
curl -s "$url/api/layers" > "$work/layers.json"
node -e '
  const layers = JSON.parse(require("fs").readFileSync(process.argv[1])).layers.filter((l) => l.access === "public");
  const ox = -285401.92, oy = 903401.92;
  const out = new Set();
  for (const l of layers) {
    for (let z = 10; z <= 15; z++) {
      const m = 3440.640 / 2 ** z * 256;
      const [x0, y0, x1, y1] = l.bounds;
      for (let x = Math.floor((x0 - ox) / m); x <= Math.floor((x1 - ox) / m); x++)
        for (let y = Math.floor((oy - y1) / m); y <= Math.floor((oy - y0) / m); y++) {
          out.add(`/tiles/${l.id}/${z}/${x}/${y}.png`);
          out.add(`/tiles/base/${z}/${x}/${y}.png`);
        }
    }
  }
  console.log([...out].join("\n"));' "$work/layers.json" > "$work/tiles.txt"
n_tiles="$(wc -l < "$work/tiles.txt")"

# Cold: the first request of each tile renders it (time per request, milliseconds, over loopback).
while read -r path; do curl -s -o /dev/null -w '%{time_total} %{http_code}\n' "$url$path"; done < "$work/tiles.txt" > "$work/cold.txt"
sort -n "$work/cold.txt" | awk -v n="$n_tiles" '
  { t[NR] = $1 * 1000; if ($2 != 200) bad++ }
  END { printf "cold tiles: %d, median %.1f ms, p95 %.1f ms, max %.1f ms, non-200: %d\n",
        n, t[int(NR * 0.5) + 1], t[int(NR * 0.95) + 1], t[NR], bad + 0 }'

# Cached: wrk cycles through the same tiles (all in the cache now).
cat > "$work/tiles.lua" << 'LUA'
local paths = {}
for line in io.lines(os.getenv("TILE_LIST")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("cached tiles: %.0f requests/s over %.1f s, latency p50 %.2f ms p99 %.2f ms, " ..
    "errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    summary.requests / (summary.duration / 1e6), summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
LUA
TILE_LIST="$work/tiles.txt" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION_S}s" -s "$work/tiles.lua" "$url" \
  > "$work/wrk.txt"
grep "cached tiles" "$work/wrk.txt"
curl -s "$url/api/stats"; echo
