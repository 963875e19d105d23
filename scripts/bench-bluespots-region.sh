#!/usr/bin/env bash
# Benchmark of the out-of-core blue-spot screening (waternet bluespots --out-of-core) end to end: read through GDAL,
# tiled Priority-Flood with the spots labelled tile by tile, fill depth written as a tiled GeoTIFF, spots merged
# across the seams, spot ids written in a second pass, spot table (CSV; the GeoPackage of points is off by default
# out of core). The terrain is a virtual region: a VRT that lays N × N copies of the shipped 0.5 m AHN DTM of
# Zundert (1986 × 2124 cells, 1.05 km²) side by side. Each copy is a separate file name (hard links), so GDAL
# decodes every copy itself instead of serving it from its block cache.
# Prints cells/s, peak memory (VmHWM, also from /usr/bin/time) and bytes per cell; the summary JSON holds the
# split into the steps. On a shared machine the wall clock says little: the processor time (user + system)
# divided by the cores is the estimate for dedicated cores. Uses build/release (scripts/build.sh release).
#   scripts/bench-bluespots-region.sh [N] [OUT] [THREADS] [TILE]   (defaults: 8, out/bench-bluespots-region, 2, 4096)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-8}"
out="${2:-out/bench-bluespots-region}"
threads="${3:-2}"
tile="${4:-4096}"
waternet=build/release/apps/waternet/waternet
[ -x "$waternet" ] || scripts/build.sh release
src=data/zundert/zundert_ahn_dtm_050cm.tif
mkdir -p "$out/copies"
read -r cols rows < <(gdalinfo "$src" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p')
vrt="$out/region_${n}x${n}.vrt"
{
  echo "<VRTDataset rasterXSize=\"$((cols * n))\" rasterYSize=\"$((rows * n))\">"
  echo "  <SRS>EPSG:28992</SRS>"
  echo "  <GeoTransform>104474, 0.5, 0, 387608, 0, -0.5</GeoTransform>"
  echo "  <VRTRasterBand dataType=\"Float32\" band=\"1\" blockXSize=\"256\" blockYSize=\"256\">"
  echo "    <NoDataValue>-9999</NoDataValue>"
  for ((i = 0; i < n; i++)); do
    for ((j = 0; j < n; j++)); do
      copy="$out/copies/zundert_${i}_${j}.tif"
      [ -e "$copy" ] || ln "$src" "$copy" 2>/dev/null || cp "$src" "$copy"
      echo "    <SimpleSource><SourceFilename relativeToVRT=\"1\">copies/zundert_${i}_${j}.tif</SourceFilename>"
      echo "      <SourceBand>1</SourceBand><SrcRect xOff=\"0\" yOff=\"0\" xSize=\"$cols\" ySize=\"$rows\"/>"
      echo "      <DstRect xOff=\"$((j * cols))\" yOff=\"$((i * rows))\" xSize=\"$cols\" ySize=\"$rows\"/></SimpleSource>"
    done
  done
  echo "  </VRTRasterBand>"
  echo "</VRTDataset>"
} > "$vrt"
cells=$((cols * rows * n * n))
echo "region: ${n}x${n} copies, $((cols * n)) x $((rows * n)) = $cells cells ($(awk "BEGIN{printf \"%.1f\", $cells * 0.25e-6}") km²)"
/usr/bin/time -v "$waternet" bluespots --dem "$vrt" --out "$out/result" --out-of-core --holes outside \
  --threads "$threads" --tile-size "$tile" 2> "$out/time.txt"
grep -E "Maximum resident|Elapsed \(wall|User time|System time" "$out/time.txt"
python3 - "$out/result/bluespots_summary.json" "$cells" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1])); cells = int(sys.argv[2])
t = s["timing_s"]; peak = s["peak_memory_bytes"]
cpu = s["cpu_s"]; threads = s["threads"]
graph = s["spill_graph"]; frag = s["spot_fragments"]; spots = s["spots"]
print(f"processor time: {cpu:.1f} s = {cells / cpu / 1e6:.2f} M cells per processor-second ({threads} threads)")
print(f"cells/s (wall clock): {cells / t['total'] / 1e6:.1f} M  (label {t['label_tiles']:.1f} s, graph {t['spill_graph']:.1f} s, "
      f"fill + spot labels {t['fill_and_label_spot_tiles']:.1f} s, merge spots {t['merge_spots']:.2f} s, "
      f"spot ids {t['spot_ids']:.1f} s, GeoPackage {t['spot_geopackage']:.1f} s, CSV {t['spot_csv']:.1f} s, "
      f"all writing {t['write']:.1f} s, total {t['total']:.1f} s)")
print(f"peak memory: {peak / 1e6:.0f} MB = {peak / cells:.2f} bytes/cell; spill graph {graph['labels']} labels, "
      f"{graph['edges']} edges, {graph['bytes'] / 1e6:.1f} MB = {graph['bytes'] / cells:.3f} bytes/cell")
print(f"spots: {spots}, from {frag['fragments']} tile fragments; fragment records, rims and union-find "
      f"{frag['bytes'] / 1e6:.1f} MB = {frag['bytes'] / cells:.4f} bytes/cell")
six_g = 6.0e9
per_region_cell = (graph['bytes'] + frag['bytes']) / cells
print(f"extrapolated to 6 G cells (1,500 km²): {six_g / (cells / t['total']) / 60:.1f} min at this wall-clock rate, "
      f"{six_g / (cells / cpu) / 2 / 60:.1f} min on 2 dedicated cores (processor time / 2); "
      f"memory {(peak - per_region_cell * cells + per_region_cell * six_g) / 1e9:.2f} GB "
      f"(the measured peak with its region-sized part, {per_region_cell:.3f} bytes/cell, scaled)")
EOF
