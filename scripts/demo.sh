#!/usr/bin/env bash
# Quick start (a): set up, build, and run the main job on the shipped real data: the regional stress test of
# Twents waternet (data/regions/twente.toml) — every scenario, the consequences per partner, fifteen partner
# reports (plus the Zundert demonstration area). A rerun takes unchanged results from the previous run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
build/release/apps/waternet/waternet stresstest --out out/stresstest "$@"
echo
echo "Reports:   out/stresstest/reports/<partner>.html (e.g. GM0153.html for Enschede)"
echo "Maps:      out/stresstest/flood/<area>/<storm>/max_depth_m.tif, waternet.gpkg (open in QGIS)"
echo "Viewer:    scripts/serve.sh   then open http://localhost:8080"
