#!/usr/bin/env bash
# One command to browse the shipped Twente results: set up, build, run the stress test if it has not run yet,
# build the web front end, and serve it on http://localhost:8080 (Ctrl-C stops it).
#   scripts/serve.sh [--port N] [--config serve.toml]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
waternet=build/release/apps/waternet/waternet
if [ ! -f out/stresstest/stresstest.json ]; then
  "$waternet" stresstest --out out/stresstest
fi
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
exec "$waternet" serve out/stresstest --web web/dist "$@"
