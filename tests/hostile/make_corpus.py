#!/usr/bin/env python3
"""Generates the hostile-input corpus of tests/hostile/ into tests/hostile/corpus/.

The corpus holds small inputs that a careless or hostile user could hand to Waternet: empty, truncated, binary and
garbage files, rasters with NaN/Inf/1e30 heights, impossible geotransforms, headers that declare huge grids, wrong
or missing CRSs, vector layers in the wrong units or outside the domain, partner ids that try to climb out of the
output folder, CSV/KNMI/TOML files with BOMs, control bytes and absurd numbers. cases.tsv says what each command
must do with them; tests/hostile/test_hostile_corpus.cpp runs every case. FIFOs, unwritable folders and device
files are made (or named) by the test at run time, never committed.

Needs Python 3 (standard library) and GDAL's gdal_translate. The output is deterministic: running the script
again gives the same files (random bytes come from a fixed seed), so `git status` shows no change unless the
script changed.

    python3 tests/hostile/make_corpus.py          # rewrite tests/hostile/corpus/
"""

import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"

# The small grid every valid raster uses: 16 x 16 cells of 5 m in RD New, near Enschede.
ROWS, COLS, CELL = 16, 16, 5.0
X0, Y0 = 258000.0, 471080.0  # north-west corner
RD = "EPSG:28992"
RD_CRS_MEMBER = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}

rng = random.Random(20240611)


def write(name, data):
    path = CORPUS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# ---- rasters ---------------------------------------------------------------------------------------------------

def bowl(r, c):
    """Terrain in metres NAP: a gentle bowl with a pit, so blue spots and floods have something to do."""
    z = 10.0 + 0.02 * ((r - 7.5) ** 2 + (c - 7.5) ** 2)
    if 5 <= r <= 6 and 9 <= c <= 10:
        z -= 0.4
    return z


def grid(fn=bowl, rows=ROWS, cols=COLS):
    return [[fn(r, c) for c in range(cols)] for r in range(rows)]


GDAL_TYPES = {"Float32": "f", "Float64": "d", "Int16": "h", "Byte": "B", "Int32": "i"}


def raster(name, values, cell=CELL, x0=X0, y0=Y0, srs=RD, dtype="Float32", nodata=None, geotransform=None,
           extra_options=()):
    """A GeoTIFF written by gdal_translate from a VRT over raw values: any value (NaN, Inf, 1e30) and any
    geotransform can be written this way."""
    rows, cols = len(values), len(values[0])
    fmt_char = GDAL_TYPES[dtype]
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "values.raw"
        raw.write_bytes(b"".join(struct.pack("<" + fmt_char * cols, *row) for row in values))
        gt = geotransform if geotransform is not None else (x0, cell, 0.0, y0, 0.0, -cell)
        vrt = Path(tmp) / "values.vrt"
        srs_xml = f"<SRS>{srs}</SRS>" if srs else ""
        nodata_xml = f"<NoDataValue>{nodata}</NoDataValue>" if nodata is not None else ""
        size = struct.calcsize(fmt_char)
        vrt.write_text(
            f'<VRTDataset rasterXSize="{cols}" rasterYSize="{rows}">{srs_xml}'
            f"<GeoTransform>{', '.join(repr(float(v)) for v in gt)}</GeoTransform>"
            f'<VRTRasterBand dataType="{dtype}" band="1" subClass="VRTRawRasterBand">{nodata_xml}'
            f'<SourceFilename relativeToVRT="1">values.raw</SourceFilename><ImageOffset>0</ImageOffset>'
            f"<PixelOffset>{size}</PixelOffset><LineOffset>{size * cols}</LineOffset><ByteOrder>LSB</ByteOrder>"
            f"</VRTRasterBand></VRTDataset>")
        target = CORPUS / name
        subprocess.run(["gdal_translate", "-q", "-of", "GTiff", "-co", "COMPRESS=DEFLATE", *extra_options,
                        "--config", "GDAL_PAM_ENABLED", "NO", str(vrt), str(target)], check=True)
    return target


def rasters():
    good = grid()
    raster("good.tif", good)
    raster("dem_south_up.tif", list(reversed(good)), geotransform=(X0, CELL, 0.0, Y0 - ROWS * CELL, 0.0, CELL))
    # Heat needs a surface (terrain + buildings) and a terrain model on the same grid.
    raster("dtm.tif", good)
    raster("dsm.tif", grid(lambda r, c: bowl(r, c) + (9.0 if 3 <= r <= 5 and 3 <= c <= 6 else 0.0)))
    raster("dsm_misaligned.tif", grid(), x0=X0 + 2.5)
    raster("landcover_codes.tif", grid(lambda r, c: 1 + (r + c) % 3), dtype="Byte", nodata=0)
    raster("landcover_bad_code.tif", grid(lambda r, c: 200), dtype="Byte")
    raster("dem_no_crs.tif", good, srs=None)
    raster("dem_wgs84.tif", good, x0=6.89, y0=52.22, cell=0.0001, srs="EPSG:4326")
    raster("dem_feet.tif", good, srs="EPSG:2229")  # California State Plane in US feet
    raster("dem_all_nan.tif", grid(lambda r, c: float("nan")))
    raster("dem_all_nodata.tif", grid(lambda r, c: -9999.0), nodata=-9999)
    raster("dem_holes.tif", grid(lambda r, c: float("nan") if (r, c) in ((8, 8), (8, 9)) else bowl(r, c)))
    raster("dem_inf.tif", grid(lambda r, c: float("inf") if (r, c) == (4, 4) else bowl(r, c)))
    raster("dem_neg_inf.tif", grid(lambda r, c: float("-inf") if (r, c) == (4, 4) else bowl(r, c)))
    raster("dem_1e30.tif", grid(lambda r, c: 1e30 if (r, c) == (4, 4) else bowl(r, c)))
    raster("dem_all_1e30.tif", grid(lambda r, c: 1e30))
    raster("dem_1e6.tif", grid(lambda r, c: 1e6 + bowl(r, c)))
    raster("dem_float64_1e300.tif", grid(lambda r, c: 1e300 if (r, c) == (2, 2) else bowl(r, c)), dtype="Float64")
    raster("dem_int16.tif", grid(lambda r, c: -32768 if (r, c) == (0, 0) else int(bowl(r, c) * 10)), dtype="Int16",
           nodata=-32768)
    raster("dem_tiny_cells.tif", good, cell=1e-9)
    raster("dem_huge_cells.tif", good, cell=1e6, x0=0.0, y0=1.6e7)
    raster("dem_one_cell.tif", [[10.0]])
    raster("dem_one_row.tif", grid(rows=1, cols=40))
    raster("dem_rotated.tif", good, geotransform=(X0, CELL, 0.5, Y0, 0.5, -CELL))
    raster("dem_not_square.tif", good, geotransform=(X0, CELL, 0.0, Y0, 0.0, -2 * CELL))
    raster("dem_mirrored.tif", good, geotransform=(X0, -CELL, 0.0, Y0, 0.0, -CELL))
    raster("dem_rd_degrees.tif", good, x0=6.89, y0=52.22, cell=0.0001)  # degrees, labelled RD New
    raster("rain_nan.tif", grid(lambda r, c: float("nan")))
    raster("rain_negative.tif", grid(lambda r, c: -5.0))
    raster("rain_1e30.tif", grid(lambda r, c: 1e30))
    raster("rain_outside.tif", grid(lambda r, c: 30.0), x0=100000.0, y0=400000.0)
    raster("rain_wgs84.tif", grid(lambda r, c: 30.0), x0=6.89, y0=52.22, cell=0.0001, srs="EPSG:4326")
    raster("rain_ok.tif", grid(lambda r, c: 30.0))

    data = (CORPUS / "good.tif").read_bytes()
    write("truncated.tif", data[:300])
    write("truncated_half.tif", data[: len(data) // 2])
    write("garbage.tif", bytes(rng.randrange(256) for _ in range(600)))
    write("escape.tif", b"\x1b[2J\x1b[31mYOU HAVE BEEN PWNED\x07\x00\x01\x02\r\n" * 4)
    write("empty.tif", b"")
    write("text.tif", "this is not a raster, just a note\n")
    write("tiff_magic_only.tif", b"II*\x00\x08\x00\x00\x00")
    write("big_endian_magic.tif", b"MM\x00*\x00\x00\x00\x08" + b"\xff" * 64)
    # ESRI ASCII grids: a header is all the driver needs to declare a grid's size.
    write("asc_huge.asc", "ncols 2000000000\nnrows 2000000000\nxllcorner 0\nyllcorner 0\ncellsize 1\n"
                          "NODATA_value -9999\n1 2 3\n")
    write("asc_negative_size.asc", "ncols -5\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n")
    write("asc_short.asc", "ncols 4\nnrows 4\nxllcorner 258000\nyllcorner 471000\ncellsize 5\n1 2 3\n")
    write("asc_nan_text.asc", "ncols 3\nnrows 2\nxllcorner 258000\nyllcorner 471000\ncellsize 5\n"
                              "nan inf -inf\n1e39 2 3\n")
    write("asc_bom.asc", "\ufeffncols 3\nnrows 2\nxllcorner 258000\nyllcorner 471000\ncellsize 5\n1 2 3\n4 5 6\n")


def vrts():
    """VRT text files: a header may declare anything."""
    band = ('<VRTRasterBand dataType="Float32" band="1"><SimpleSource><SourceFilename relativeToVRT="1">{src}'
            '</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand>')

    def vrt(name, cols, rows, gt, src="good.tif", srs=RD, body=None):
        srs_xml = f"<SRS>{srs}</SRS>" if srs else ""
        write(name, f'<VRTDataset rasterXSize="{cols}" rasterYSize="{rows}">{srs_xml}<GeoTransform>{gt}'
                    f"</GeoTransform>{body if body is not None else band.format(src=src)}</VRTDataset>\n")

    normal = f"{X0}, {CELL}, 0, {Y0}, 0, -{CELL}"
    vrt("huge.vrt", 2000000000, 2000000000, f"{X0}, 0.04, 0, {Y0}, 0, -0.04")  # 80000 km wide: within any CRS
    vrt("huge_60000.vrt", 60000, 60000, normal)
    vrt("nan_geotransform.vrt", 16, 16, f"nan, {CELL}, 0, nan, 0, -{CELL}")
    vrt("nan_cellsize.vrt", 16, 16, f"{X0}, nan, 0, {Y0}, 0, nan")
    vrt("inf_cellsize.vrt", 16, 16, f"{X0}, inf, 0, {Y0}, 0, -inf")
    vrt("huge_origin.vrt", 16, 16, f"1e300, {CELL}, 0, 1e300, 0, -{CELL}")
    vrt("missing_source.vrt", 16, 16, normal, src="does_not_exist.tif")
    vrt("self_reference.vrt", 16, 16, normal, src="self_reference.vrt")
    vrt("dev_zero_source.vrt", 16, 16, normal, src="/dev/zero")
    vrt("traversal_source.vrt", 16, 16, normal, src="../../../../../../etc/passwd")
    vrt("no_bands.vrt", 16, 16, normal, body="")
    write("broken.vrt", '<VRTDataset rasterXSize="16" rasterYSize="16"><GeoTransform>1,2,3')


# ---- vectors ---------------------------------------------------------------------------------------------------

def square(x, y, size):
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def polygon(x, y, size):
    return {"type": "Polygon", "coordinates": square(x, y, size)}


def collection(features, crs=RD_CRS_MEMBER):
    doc = {"type": "FeatureCollection"}
    if crs is not None:
        doc["crs"] = crs
    doc["features"] = features
    return json.dumps(doc)


# Places inside the 80 x 80 m grid (x 258000..258080, y 471000..471080).
IN_X, IN_Y = X0 + 20.0, Y0 - 60.0


def vectors():
    write("buildings.geojson", collection([feature(polygon(IN_X, IN_Y, 10.0), id=1),
                                           feature(polygon(IN_X + 30, IN_Y + 20, 8.0), id=2)]))
    write("buildings_bom.geojson", "\ufeff" + collection([feature(polygon(IN_X, IN_Y, 10.0), id=1)]))
    write("buildings_degrees_as_rd.geojson", collection([feature(polygon(6.8901, 52.2101, 0.0001), id=1),
                                                         feature(polygon(6.8905, 52.2105, 0.0001), id=2)]))
    write("buildings_rd_without_crs.geojson", collection([feature(polygon(IN_X, IN_Y, 10.0), id=1)], crs=None))
    write("buildings_outside.geojson", collection([feature(polygon(100000.0, 400000.0, 10.0), id=1)]))
    write("buildings_partial.geojson", collection([feature(polygon(IN_X, IN_Y, 10.0), id=1),
                                                   feature(polygon(IN_X + 30, IN_Y + 20, 8.0), id=2),
                                                   feature(polygon(100000.0, 400000.0, 10.0), id=3),
                                                   feature(polygon(100020.0, 400000.0, 10.0), id=4)]))
    write("buildings_absurd_coordinates.geojson", collection([feature(polygon(IN_X, IN_Y, 10.0), id=1),
                                                              feature(polygon(1e300, 1e300, 1e299), id=2)]))
    write("buildings_absurd_size.geojson", collection([feature(polygon(IN_X, IN_Y, 10.0), id=1),
                                                       feature(polygon(X0 - 5e4, Y0 - 5e4, 1e5), id=2)]))
    write("buildings_points.geojson", collection([feature({"type": "Point", "coordinates": [IN_X, IN_Y]}, id=1)]))
    write("buildings_no_geometry.geojson", collection([feature(None, id=1), feature(None, id=2)]))
    write("buildings_empty.geojson", collection([]))
    write("buildings_truncated.geojson", collection([feature(polygon(IN_X, IN_Y, 10.0), id=1)])[:70])
    write("buildings_garbage.geojson", bytes(rng.randrange(256) for _ in range(400)))
    write("buildings_escape.geojson", b'{"type": "FeatureCollection", "features": [\x1b[31m\x07\x00]}')
    write("buildings_bad_crs.geojson", collection([feature(polygon(IN_X, IN_Y, 10.0), id=1)],
                                                  crs={"type": "name", "properties": {"name": "EPSG:999999"}}))
    write("buildings.gpkg", b"SQLite format 3\x00" + bytes(200))  # a broken GeoPackage
    # Measures: attributes a typo or a hostile editor could put there.
    write("measures_ok.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0), measure="storage", volume_m3=50)]))
    write("measures_unknown.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0), measure="teleport")]))
    write("measures_nan_volume.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0), measure="storage",
                                                             volume_m3="nan")]))
    write("measures_huge_volume.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0), measure="storage",
                                                              volume_m3=1e30)]))
    write("measures_negative_depth.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0), measure="lower",
                                                                 depth_m=-3)]))
    write("measures_outside.geojson", collection([feature(polygon(100000.0, 400000.0, 20.0), measure="raise",
                                                          height_m=1)]))
    write("measures_partial.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0), measure="raise", height_m=1, name="in"),
                                                  feature(polygon(100000.0, 400000.0, 20.0), measure="raise", height_m=1,
                                                          name="far")]))
    write("measures_point.geojson", collection([feature({"type": "Point", "coordinates": [IN_X, IN_Y]},
                                                        measure="raise", height_m=1)]))
    write("measures_no_attribute.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0))]))
    write("measures_bad_cover.geojson", collection([feature(polygon(IN_X, IN_Y, 20.0), measure="infiltration",
                                                            cover="lava")]))
    write("zones.geojson", collection([feature(polygon(X0, Y0 - 80.0, 40.0), name="west"),
                                       feature(polygon(X0 + 40.0, Y0 - 80.0, 40.0), name="east")]))
    write("landcover_bgt.geojson", collection([feature(polygon(X0, Y0 - 80.0, 80.0), bgt_klasse="wegdeel",
                                                       functie="rijbaan lokale weg", fysiek_voorkomen="gesloten verharding")]))
    write("landcover_bgt_unknown.geojson", collection([feature(polygon(X0, Y0 - 80.0, 80.0), bgt_klasse="\x1b[31mlava",
                                                               functie="x", fysiek_voorkomen="y")]))
    # A street for `waternet waterlabel`: two houses with the yard (erf) between them, and bad measures on it.
    write("bgt_street.geojson", collection([
        feature(polygon(X0, Y0 - 10.0, 10.0), bgt_klasse="pand", bag_pand="A"),
        feature(polygon(X0 + 10.0, Y0 - 10.0, 10.0), bgt_klasse="onbegroeidterreindeel", fysiek_voorkomen="erf"),
        feature(polygon(X0 + 20.0, Y0 - 10.0, 10.0), bgt_klasse="pand", bag_pand="B")]))
    centre_a = {"type": "Point", "coordinates": [X0 + 5.0, Y0 - 5.0]}
    write("measures_escape_kind.geojson", collection([feature(centre_a, measure="\x1b[31mmoat", name="gracht")]))
    write("measures_barrel_no_volume.geojson", collection([feature(centre_a, measure="rain_barrel", name="ton")]))
    write("measures_barrel_negative.geojson", collection([feature(centre_a, measure="rain_barrel", volume_l=-200)]))


# ---- text inputs -----------------------------------------------------------------------------------------------

KNMI_HEADER = "# STN,YYYYMMDD,HH,DD,FH,FX,T,TD,SQ,Q,DR,RH,P,N,U\n"


def knmi_day(date="20220719", t_tenths=(180, 175, 170, 170, 165, 170, 190, 220, 250, 280, 300, 320, 340, 350, 355,
                                       350, 340, 320, 300, 270, 240, 220, 200, 190), value=None):
    """One hot day of KNMI hourly data (station 290); `value` replaces every T if given."""
    lines = []
    for hh in range(1, 25):
        t = t_tenths[hh - 1] if value is None else value
        q = max(0, int(300 * (1 - abs(hh - 13) / 8))) if 5 <= hh <= 21 else 0
        lines.append(f"290,{date},{hh:2d},  90,   30,   50,{t:5},  120,   10,{q:5},    0,    0,10150,    1,   55\n")
    return lines


def text_inputs():
    # KNMI hourly files.
    day = knmi_day()
    write("knmi_day.csv", KNMI_HEADER + "".join(day))
    write("knmi_bom.csv", "\ufeff" + KNMI_HEADER.lstrip("# ") + "".join(day))
    write("knmi_crlf.csv", (KNMI_HEADER + "".join(day)).replace("\n", "\r\n"))
    write("knmi_fill_values.csv", KNMI_HEADER + "".join(knmi_day(value=99999999)))
    write("knmi_shifted_columns.csv", KNMI_HEADER + "".join(line.replace("290,", "290,,", 1) for line in day))
    write("knmi_no_header.csv", "".join(day))
    write("knmi_header_only.csv", KNMI_HEADER)
    write("knmi_missing_column.csv", "# STN,YYYYMMDD,HH,DD,FH,FX,TD,SQ,Q,DR,RH,P,N,U\n" + "".join(day))
    write("knmi_bad_date.csv", KNMI_HEADER + "".join(knmi_day(date="20221345")))
    write("knmi_hour_25.csv", KNMI_HEADER + "".join(day[:-1]) + day[-1].replace(",24,", ",25,"))
    write("knmi_duplicate_hour.csv", KNMI_HEADER + "".join(day) + day[5])
    write("knmi_text_value.csv", KNMI_HEADER + "".join(day[:3]) + day[3].replace("  170,", "  abc,", 1) +
          "".join(day[4:]))
    write("knmi_escape_value.csv", KNMI_HEADER + "".join(day[:3]) + day[3].replace("  170,", "\x1b[31m\x07,", 1) +
          "".join(day[4:]))
    write("knmi_truncated.csv", (KNMI_HEADER + "".join(day))[:700])
    write("knmi_garbage.csv", bytes(rng.randrange(256) for _ in range(2000)))
    write("knmi_empty.csv", "")
    write("knmi_long_line.csv", KNMI_HEADER + "290," + "9" * 200000 + "\n")
    write("knmi_nan.csv", KNMI_HEADER + "".join(day[:3]) + day[3].replace("  170,", "  nan,", 1) + "".join(day[4:]))
    write("knmi_humidity_200.csv", KNMI_HEADER + "".join(line[: line.rfind(",")] + ",  200\n" for line in day))

    # Rain CSVs (waternet flood --rain-csv).
    write("rain_ok.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,30,40\n30,60,20\n")
    write("rain_bom.csv", "\ufefft_start_min,t_end_min,intensity_mm_per_h\n0,30,40\n30,60,20\n")
    write("rain_crlf.csv", "t_start_min,t_end_min,intensity_mm_per_h\r\n0,30,40\r\n30,60,20\r\n")
    write("rain_unknown_header.csv", "start,end,rain\n0,30,40\n")
    write("rain_nan.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,30,nan\n")
    write("rain_inf.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,30,inf\n")
    write("rain_1e30.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,30,1e30\n")
    write("rain_negative.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,30,-5\n")
    write("rain_time_backwards.csv", "t_start_min,t_end_min,intensity_mm_per_h\n30,60,40\n0,30,20\n")
    write("rain_huge_time.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,1e30,40\n")
    write("rain_header_only.csv", "t_start_min,t_end_min,intensity_mm_per_h\n")
    write("rain_empty.csv", "")
    write("rain_garbage.csv", bytes(rng.randrange(256) for _ in range(300)))
    write("rain_escape_header.csv", "\x1b[31mt_start_min\x07,t_end_min,intensity_mm_per_h\n0,30,40\n")
    write("rain_text_value.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,30,lots\n")
    write("rain_missing_value.csv", "t_start_min,t_end_min,intensity_mm_per_h\n0,30\n")
    # Raster rain lists (waternet flood --rain-rasters).
    write("rainlist_ok.csv", "t_start_min,t_end_min,raster\n0,30,rain_ok.tif\n")
    write("rainlist_missing.csv", "t_start_min,t_end_min,raster\n0,30,no_such_rain.tif\n")
    write("rainlist_nan.csv", "t_start_min,t_end_min,raster\n0,30,rain_nan.tif\n")
    write("rainlist_negative.csv", "t_start_min,t_end_min,raster\n0,30,rain_negative.tif\n")
    write("rainlist_1e30.csv", "t_start_min,t_end_min,raster\n0,30,rain_1e30.tif\n")
    write("rainlist_outside.csv", "t_start_min,t_end_min,raster\n0,30,rain_outside.tif\n")
    write("rainlist_wgs84.csv", "t_start_min,t_end_min,raster\n0,30,rain_wgs84.tif\n")
    write("rainlist_garbage_raster.csv", "t_start_min,t_end_min,raster\n0,30,garbage.tif\n")
    write("rainlist_dev_zero.csv", "t_start_min,t_end_min,raster\n0,30,/dev/zero\n")
    write("rainlist_overlap.csv", "t_start_min,t_end_min,raster\n0,30,rain_ok.tif\n20,40,rain_ok.tif\n")
    # Time series for edges and inflows (time_s,value).
    write("level_ok.csv", "time_s,level_m\n0,9\n3600,10\n")
    write("level_nan.csv", "time_s,level_m\n0,nan\n")
    write("level_1e30.csv", "time_s,level_m\n0,1e30\n")
    write("level_backwards.csv", "time_s,level_m\n100,9\n0,10\n")
    write("level_garbage.csv", bytes(rng.randrange(256) for _ in range(300)))
    write("inflow_negative.csv", "time_s,discharge_m3_per_s\n0,-1\n")
    write("inflow_1e30.csv", "time_s,discharge_m3_per_s\n0,1e30\n")
    # Damage tables (region [damage] table).
    damage = (HERE.parent.parent / "data" / "damage" / "wss_default.csv").read_text(encoding="utf-8")
    damage_lines = damage.splitlines(keepends=True)
    header_at = next(i for i, line in enumerate(damage_lines) if line.startswith("code,"))
    write("damage_bom.csv", "\ufeff" + "".join(damage_lines[header_at:]))
    def with_first_max_damage(value):  # the first class's max_direct_eur_per_m2 (third column) replaced
        fields = damage_lines[header_at + 1].split(",")
        fields[2] = value
        return "".join(damage_lines[: header_at + 1]) + ",".join(fields) + "".join(damage_lines[header_at + 2:])
    write("damage_nan.csv", with_first_max_damage("nan"))
    write("damage_1e30.csv", with_first_max_damage("1e30"))
    write("damage_garbage.csv", bytes(rng.randrange(256) for _ in range(500)))
    write("damage_header_only.csv", damage_lines[header_at])


# ---- region files ----------------------------------------------------------------------------------------------

def partners(ids, name="partners"):
    features = [feature(polygon(X0 + 10.0 * k, Y0 - 80.0, 10.0), code=i, naam=f"Partner {k}") for k, i in enumerate(ids)]
    return write(f"{name}.geojson", collection(features)).name


def region(name, partner_file="partners.geojson", area_extra="", top_extra="", region_extra="", areas=None,
           scenarios='["NL70_2h"]'):
    area = areas if areas is not None else (
        f'[[areas]]\nid = "tiny"\nname = "Tiny"\nterrain = "good.tif"\nscenarios = {scenarios}\n'
        f'bluespots = false\n{area_extra}')
    write(name, f'[region]\nid = "hostile"\nname = "Hostile region"\n{region_extra}\n'
                f'[[partners]]\npath = "{partner_file}"\nid_field = "code"\nname_field = "naam"\n\n'
                f"[model]\nafter_rain_s = 0\n\n{top_extra}\n{area}")


def regions():
    partners(["GM0001", "GM0002"])
    partners(["../../escaped", "/tmp/waternet-hostile-absolute"], name="partners_traversal")
    partners(["GM0001", "GM0001"], name="partners_duplicate")
    partners(["a/b", "a-b"], name="partners_collision")
    partners(["\x1b[31mred\x07", "x" * 5000], name="partners_control")
    partners([".."], name="partners_dots")
    region("region_ok.toml")
    region("region_traversal.toml", partner_file="partners_traversal.geojson")
    region("region_duplicate_ids.toml", partner_file="partners_duplicate.geojson")
    region("region_collision.toml", partner_file="partners_collision.geojson")
    region("region_dots.toml", partner_file="partners_dots.geojson")
    region("region_partner_control.toml", partner_file="partners_control.geojson")
    write("region_bom.toml", "\ufeff" + (CORPUS / "region_ok.toml").read_text(encoding="utf-8"))
    write("region_garbage.toml", bytes(rng.randrange(256) for _ in range(500)))
    write("region_escape.toml", '[region]\nid = "x"\nname = "\x1b[31mred\x07"\n')
    write("region_empty.toml", "")
    write("region_unknown_key.toml", '[region]\nid = "x"\nname = "y"\ncolour = "blue"\n')
    write("region_truncated.toml", (CORPUS / "region_ok.toml").read_text(encoding="utf-8")[:60])
    region("region_id_traversal.toml", areas='[[areas]]\nid = "../../up"\nname = "Up"\nterrain = "good.tif"\n'
                                             'scenarios = ["T100"]\n')
    region("region_resolution_nan.toml", area_extra="resolution_m = nan\n")
    region("region_resolution_tiny.toml", area_extra="resolution_m = 1e-9\n")
    region("region_resolution_negative.toml", area_extra="resolution_m = -5\n")
    write("region_after_rain_inf.toml",
          (CORPUS / "region_ok.toml").read_text(encoding="utf-8").replace("after_rain_s = 0", "after_rain_s = inf"))
    write("region_huge_integer.toml",
          (CORPUS / "region_ok.toml").read_text(encoding="utf-8").replace("after_rain_s = 0",
                                                                         "after_rain_s = 99999999999999999999"))
    write("region_frames_tiny.toml",
          (CORPUS / "region_ok.toml").read_text(encoding="utf-8").replace("after_rain_s = 0",
                                                                         "after_rain_s = 0\nframe_interval_s = 0.001"))
    region("region_terrain_dev_zero.toml", areas='[[areas]]\nid = "t"\nname = "T"\nterrain = "/dev/zero"\n'
                                                 'scenarios = ["T100"]\n')
    region("region_terrain_folder.toml", areas='[[areas]]\nid = "t"\nname = "T"\nterrain = "."\n'
                                               'scenarios = ["T100"]\n')
    region("region_terrain_garbage.toml", areas='[[areas]]\nid = "t"\nname = "T"\nterrain = "garbage.tif"\n'
                                                'scenarios = ["T100"]\n')
    region("region_terrain_missing.toml", areas='[[areas]]\nid = "t"\nname = "T"\nterrain = "../../no/such.tif"\n'
                                                 'scenarios = ["T100"]\n')
    region("region_terrain_no_crs.toml", areas='[[areas]]\nid = "t"\nname = "T"\nterrain = "dem_no_crs.tif"\n'
                                               'scenarios = ["NL70_2h"]\nbluespots = false\n')
    region("region_unknown_storm.toml", scenarios='["T99999"]')
    region("region_no_scenarios.toml", scenarios="[]")
    region("region_scenario_number.toml", scenarios="[100]")
    region("region_buildings_degrees.toml", area_extra='buildings = "buildings_degrees_as_rd.geojson"\n')
    region("region_buildings_outside.toml", area_extra='buildings = "buildings_outside.geojson"\n')
    region("region_weather_garbage.toml", region_extra='weather = "knmi_garbage.csv"')
    region("region_weather_fill.toml", region_extra='weather = "knmi_fill_values.csv"')
    region("region_damage_garbage.toml", top_extra='[damage]\ntable = "damage_garbage.csv"\n')
    region("region_damage_nan.toml", top_extra='[damage]\ntable = "damage_nan.csv"\n')
    region("region_damage_month_13.toml", top_extra='[damage]\nmonth = 13\n')
    region("region_thresholds_nan.toml", top_extra='[thresholds]\ndepth_m = [0.05, nan]\n')
    region("region_partners_garbage.toml", partner_file="buildings_garbage.geojson")
    region("region_partners_points.toml", partner_file="buildings_points.geojson")
    region("region_partners_missing_field.toml", partner_file="buildings.geojson")
    # Deeply nested arrays: a parser must not recurse without bound.
    write("region_deep_nesting.toml", "[region]\nid = " + "[" * 100000 + "]" * 100000 + "\n")
    write("region_long_key.toml", "[region]\n" + "k" * 100000 + " = 1\n")
    write("region_measures_nan.toml",
          (CORPUS / "region_ok.toml").read_text(encoding="utf-8") +
          '\n[[measures]]\nid = "m"\narea = "tiny"\npath = "measures_nan_volume.geojson"\nscenarios = ["NL70_2h"]\n')


def runs():
    """A folder that looks like a flood run but holds a broken map (waternet compare)."""
    write("run_garbage/max_depth_m.tif", bytes(rng.randrange(256) for _ in range(300)))
    write("run_garbage/provenance.json", "{not json")


def services():
    """Services files for `waternet data fetch` (docs/data-fetch.md): one whose only server cannot be reached (port 9 on
    loopback, the discard port: nothing listens there in the test), and broken ones."""
    source = ('[[source]]\nid = "ahn_dtm_05m"\nname = "AHN DTM"\nkind = "tiles"\nformat = "raster"\nresolution_m = 0.5\n'
              'index_url = "http://127.0.0.1:9/kaartbladindex.json"\nindex_file = "ahn/kaartbladindex.json"\n'
              'tile_field = "kaartbladNr"\nurl_field = "url"\nfile = "ahn/{tile}.tif"\ncrs = "EPSG:28992"\n'
              'join = "ahn/dtm.vrt"\nlicence = "CC0 1.0"\n')
    write("services_offline.toml", source)
    garbage = random.Random(20261202)  # its own seed: the files made after these stay as they were
    write("services_garbage.toml", bytes(garbage.randrange(256) for _ in range(400)))
    write("services_empty.toml", "")
    write("services_escape.toml", source.replace('name = "AHN DTM"', 'name = "\x1b[31mred\x07"'))
    write("services_unknown_kind.toml", source.replace('kind = "tiles"', 'kind = "torrent"'))
    write("services_file_traversal.toml", source.replace('file = "ahn/{tile}.tif"', 'file = "../../../{tile}.tif"'))
    write("services_join_absolute.toml", source.replace('join = "ahn/dtm.vrt"', 'join = "/tmp/waternet-hostile-join.vrt"'))
    write("services_file_url.toml", source.replace("http://127.0.0.1:9/", "file:///etc/"))


def main():
    if shutil.which("gdal_translate") is None:
        sys.exit("make_corpus.py needs gdal_translate (Debian: apt-get install gdal-bin)")
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    CORPUS.mkdir(parents=True)
    rasters()
    vrts()
    vectors()
    text_inputs()
    regions()
    services()
    runs()
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    print(f"{len(files)} files, {total / 1024:.0f} KiB in {CORPUS}")


if __name__ == "__main__":
    main()
