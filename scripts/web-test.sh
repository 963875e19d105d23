#!/usr/bin/env bash
# The viewer's front-end tests: installs Debian's Chromium (no browser download) and the front end's npm
# packages, builds the front end (web/dist) and `waternet`, then runs the JavaScript unit tests and the
# end-to-end tests in headless Chromium (tests/web/). Non-interactive; uses sudo apt-get when not root.
#   SCREENSHOT_DIR=DIR scripts/web-test.sh     also saves screenshots of each step
set -euo pipefail
cd "$(dirname "$0")/.."

node_ok="$(node -e 'const [a, b] = process.versions.node.split(".").map(Number); console.log(a > 20 || (a === 20 && b >= 19) ? 1 : 0)' 2> /dev/null || echo 0)"
if [ "$node_ok" != 1 ]; then
  echo "web-test: Node.js 20.19 or newer is needed (vite 8); found $(node --version 2> /dev/null || echo none)" >&2
  exit 2
fi

missing=()
for p in chromium gdal-bin libcpp-httplib-dev libssl-dev; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  echo "web-test: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)

if [ -z "${WATERNET_BIN:-}" ]; then
  cmake --preset release > /dev/null
  cmake --build --preset release -j "$(nproc)" --target waternet
  export WATERNET_BIN="$PWD/build/release/apps/waternet/waternet"
fi

node --test tests/web/unit/
node --test --test-concurrency=1 tests/web/e2e/
