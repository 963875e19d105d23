#!/usr/bin/env python3
"""UK Environment Agency 2D benchmark (Neelz & Pender 2013, SC120002): reference table and plots.

  scripts/ea-benchmark.py reference
      Rebuilds tests/hydro/ea_benchmark/reference_test4.csv (peak depth, time of peak, arrival of 5 and 10 cm)
      from the published depth series in lisflood_fp_test4_depth_series.csv.
  scripts/ea-benchmark.py plots SERIES_DIR
      Writes docs/img/ea_test4_depths.svg and docs/img/ea_test2_depths.svg from our gauge series, which the tests
      write to SERIES_DIR when run with WATERNET_EA_SERIES_DIR=SERIES_DIR:
        WATERNET_EA_SERIES_DIR=/tmp/ea build/release/tests/waternet_tests --gtest_filter='EaBenchmark.*'

Standard library only.
"""
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "hydro" / "ea_benchmark"
SERIES = DATA / "lisflood_fp_test4_depth_series.csv"
POINTS = [(1, 50, 1000), (2, 100, 1000), (3, 200, 1000), (4, 300, 1000), (5, 400, 1000), (6, 300, 1300)]
SOURCES = {
    "LISFLOOD-FP 8.0 ACC 1 m": "Shaw et al. 2021 GMD 14:3577; Zenodo 10.5281/zenodo.4066824 ea4-1m-acc.stage (CC-BY-4.0)",
    "LISFLOOD-FP 8.0 DG2 5 m": "Shaw et al. 2021 GMD 14:3577; Zenodo 10.5281/zenodo.4066824 ea4-5m-dg2.stage (CC-BY-4.0)",
}


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def reference_series():
    """{package: (times, {point: depths})} from the published series."""
    out = {}
    for row in read_csv(SERIES):
        times, depths = out.setdefault(row["package"], ([], {p: [] for p, _, _ in POINTS}))
        times.append(float(row["time_s"]))
        for p, _, _ in POINTS:
            depths[p].append(float(row[f"p{p}_m"]))
    return out


def arrival(times, depths, threshold):
    for i in range(1, len(depths)):
        if depths[i - 1] < threshold <= depths[i]:
            return times[i - 1] + (threshold - depths[i - 1]) / (depths[i] - depths[i - 1]) * (times[i] - times[i - 1])
    return None


def write_reference():
    lines = [
        "# UK Environment Agency 2D benchmark Test 4 (Neelz & Pender 2013, SC120002): reference results at the six",
        "# output points of Test4output.csv. Derived from the depth series published by Shaw et al. (2021) with the",
        "# LISFLOOD-FP 8.0 reproducibility package (see lisflood_fp_test4_depth_series.csv; scripts/ea-benchmark.py).",
        "# peak = largest tabulated depth; time_of_peak = first output time at that depth (a plateau: weakly defined);",
        "# arrival_* = time the depth first reaches 0.05 / 0.10 m, linear between output times.",
        "point,x_m,y_m,package,peak_depth_m,time_of_peak_s,arrival_0p05m_s,arrival_0p10m_s,source",
    ]
    for package, (times, depths) in reference_series().items():
        for p, x, y in POINTS:
            d = depths[p]
            peak = max(d)
            t_peak = times[d.index(peak)]
            lines.append(f"{p},{x},{y},{package},{peak:.4f},{t_peak:.0f},{arrival(times, d, 0.05):.0f},"
                         f"{arrival(times, d, 0.10):.0f},{SOURCES[package]}")
    (DATA / "reference_test4.csv").write_text("\n".join(lines) + "\n")


# --- a small SVG line chart --------------------------------------------------------------------------------------
COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999999"]


def panel(x0, y0, w, h, title, lines, t_max_h, d_max):
    """lines: [(label, colour, dash, times_s, depths_m)]"""
    out = [f'<g transform="translate({x0},{y0})">',
           f'<rect x="0" y="0" width="{w}" height="{h}" fill="none" stroke="#888"/>',
           f'<text x="4" y="14" font-size="12">{title}</text>']
    for k in range(0, int(t_max_h) + 1):
        if t_max_h > 12 and k % 6:
            continue
        x = k / t_max_h * w
        out.append(f'<text x="{x:.1f}" y="{h + 13}" font-size="10" text-anchor="middle">{k}</text>')
    steps = 4
    for k in range(steps + 1):
        v = d_max * k / steps
        y = h - v / d_max * h
        out.append(f'<text x="-3" y="{y + 3:.1f}" font-size="10" text-anchor="end">{v:.2f}</text>')
    for label, colour, dash, times, depths in lines:
        pts = " ".join(f"{t / 3600 / t_max_h * w:.1f},{h - min(d, d_max) / d_max * h:.1f}" for t, d in zip(times, depths))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.5"'
                   + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
    out.append("</g>")
    return out


def svg(width, height, body, legend):
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">',
           '<rect width="100%" height="100%" fill="white"/>']
    out += body
    for i, (label, colour, dash) in enumerate(legend):
        y = height - 12 - 16 * (len(legend) - 1 - i)
        out.append(f'<line x1="50" y1="{y - 4}" x2="80" y2="{y - 4}" stroke="{colour}" stroke-width="2"'
                   + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        out.append(f'<text x="86" y="{y}" font-size="12">{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def ours(series_dir, name, every_s):
    """Our gauge series, thinned to one value per `every_s` (the plots need no more)."""
    rows, last = [], None
    for r in read_csv(Path(series_dir) / f"{name}.csv"):
        if last is None or float(r["time_s"]) - last >= every_s - 1e-6:
            rows.append(r)
            last = float(r["time_s"])
    times = [float(r["time_s"]) for r in rows]
    cols = [c for c in rows[0] if c != "time_s"]
    return times, {c[:-2]: [float(r[c]) for r in rows] for c in cols}


def plot_test4(series_dir):
    times, depths = ours(series_dir, "test4_waternet", 60.0)
    refs = reference_series()
    styles = [("Waternet 5 m", COLOURS[0], ""), ("LISFLOOD-FP ACC 1 m", COLOURS[1], "6,3"),
              ("LISFLOOD-FP DG2 5 m", COLOURS[2], "2,2")]
    body = ['<text x="50" y="18" font-size="14">EA Test 4: depth (m) at the output points against time (h)</text>']
    for i, (p, x, y) in enumerate(POINTS):
        lines = [(styles[0][0], styles[0][1], styles[0][2], times, depths[str(p)])]
        for (label, colour, dash), (t_ref, d_ref) in zip(styles[1:], refs.values()):
            lines.append((label, colour, dash, t_ref, d_ref[p]))
        body += panel(50 + (i % 3) * 260, 30 + (i // 3) * 190, 220, 150, f"point {p} ({x}, {y})", lines, 5, 0.4)
    (ROOT / "docs" / "img" / "ea_test4_depths.svg").write_text(svg(840, 470, body, styles))


def plot_test2(series_dir):
    times, depths = ours(series_dir, "test2_waternet", 600.0)
    wet = [k for k in depths if max(depths[k]) > 0.05]
    lines = [(f"point {k}", COLOURS[i % len(COLOURS)], "" if i < len(COLOURS) else "4,2", times, depths[k])
             for i, k in enumerate(wet)]
    body = ['<text x="50" y="18" font-size="14">EA Test 2: depth (m) at the wet output points against time (h), Waternet 20 m</text>']
    body += panel(50, 30, 700, 260, "", lines, 48, 0.6)
    (ROOT / "docs" / "img" / "ea_test2_depths.svg").write_text(
        svg(800, 330 + 16 * len(wet), body, [(l[0], l[1], l[2]) for l in lines]))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "reference":
        write_reference()
    elif len(sys.argv) == 3 and sys.argv[1] == "plots":
        plot_test4(sys.argv[2])
        plot_test2(sys.argv[2])
    else:
        sys.exit(__doc__)
