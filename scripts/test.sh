#!/usr/bin/env bash
# Quick start (b): set up, build, and run all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
OMP_WAIT_POLICY=PASSIVE ctest --preset release -j "$(nproc)"
