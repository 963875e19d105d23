#!/usr/bin/env bash
# Quick start (a): set up, build, and run the main job on the shipped real data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
build/release/apps/waternet/waternet demo all --out out/demo "$@"
