#!/usr/bin/env bash
# Quick start (b): set up, build, and run all tests: the C++ tests (CTest) and the viewer's browser tests
# (headless Chromium from Debian, front end from npm).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
OMP_WAIT_POLICY=PASSIVE ctest --preset release -j "$(nproc)"
WATERNET_BIN="$PWD/build/release/apps/waternet/waternet" scripts/web-test.sh
