#!/usr/bin/env bash
# Re-bless the golden regression references (tests/golden/reference/*.json) after an INTENDED change of results.
# Builds the tests, reruns the golden cases with WATERNET_BLESS=1 (which rewrites the references and prints every
# figure that moved: name, old, new, difference), then shows the diff of the reference files. Commit the new
# references together with the change that caused them, and say in the message why the figures moved.
#   scripts/bless-golden.sh            all golden cases
#   scripts/bless-golden.sh Zundert    only the cases whose test name contains "Zundert"
set -euo pipefail
cd "$(dirname "$0")/.."
filter="Golden*${1:-}*"
cmake --build --preset release --target waternet_tests waternet
WATERNET_BLESS=1 OMP_WAIT_POLICY=PASSIVE build/release/tests/waternet_tests --gtest_filter="$filter"
git --no-pager diff --stat -- tests/golden/reference
