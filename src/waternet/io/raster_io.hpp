// Raster files in and out, and the grid arithmetic that decides which grid a run uses.
//
// Reading: any raster GDAL reads (GeoTIFF, ESRI ASCII .asc, SRTM .hgt, VRT, ...), or a folder of tiles (AHN as PDOK
// delivers it, io/raster_mosaic.hpp), becomes a Grid<float>
// in the in-memory convention: north-up, square cells, row 0 north, NaN = no data, band scale/offset
// applied. What cannot be represented (rotated, non-square, no georeferencing) is an InputError that
// says how to fix the file, rather than a silently wrong grid.
// Writing: Cloud-Optimized GeoTIFF only, so outputs stream into QGIS and web viewers as they are, and
// always atomically, so an interrupted run never leaves a truncated result.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"

namespace wn {

// What a raster file holds, without reading its pixels.
struct RasterInfo {
    GridSpec spec;                 // the grid read_raster would return (same checks)
    std::optional<double> nodata;  // band 1's nodata value in file units, if it has one
    std::string data_type;         // GDAL type name of band 1: "Float32", "Int16", "Byte", ...
    int band_count = 0;
    std::string driver;  // GDAL driver short name: "GTiff", "AAIGrid", "SRTMHGT", "VRT", ...
};

// Reads one band (1-based). South-up files (positive y pixel size) are flipped so row 0 is north.
// The CRS is kept as WKT in spec.crs_wkt ("" when the file has none).
// InputError: file not found, empty file, not a raster GDAL can read, band out of range, no
// georeferencing, georeferencing that is not a number or lies beyond any CRS's range (|coordinate| > 1e8),
// rotated/skewed geotransform, non-square cells, zero size.
Grid<float> read_raster(const std::string& path, int band = 1);

RasterInfo raster_info(const std::string& path);

// Reads a raster larger than memory window by window (terrain for the tiled blue-spot fill): same conventions and
// checks as read_raster (NaN = no data, scale/offset applied, south-up flipped), but only the window asked for is
// read. Windows aligned to the file's blocks (block_rows × block_cols) read each block once. One thread at a time.
class RasterWindowReader {
public:
    explicit RasterWindowReader(const std::string& path, int band = 1);
    ~RasterWindowReader();
    RasterWindowReader(const RasterWindowReader&) = delete;
    RasterWindowReader& operator=(const RasterWindowReader&) = delete;

    const RasterInfo& info() const;
    index_t block_rows() const;
    index_t block_cols() const;
    // Rows row0 .. row0 + out.rows() − 1, columns col0 .. of the grid (row 0 north) into `out`.
    // std::invalid_argument if the window leaves the grid (a bug); InputError naming the file if reading fails.
    void read(index_t row0, index_t col0, GridView<float> out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

enum class Resampling { nearest, bilinear, average, min, max };

// Warps one band of any raster (any CRS, cell size, extent; rotated and non-square are fine here)
// onto exactly `target` with GDAL's warper: resampling, cropping and reprojection in one step.
// A source without CRS is taken to be RD New; so is a target with an empty crs_wkt.
// Target cells the source does not cover, or covers only with nodata, are NaN.
// Typical use: SRTM .hgt tiles in EPSG:4326 (mosaicked in a VRT) onto a 100 m RD grid. A set `cancel` stops the
// warp (wn::Interrupted).
Grid<float> read_raster_onto(const std::string& path, const GridSpec& target, Resampling method, int band = 1,
                             const CancelToken& cancel = {});

// A grid over the same area with larger cells: same origin (north-west corner) and CRS, rows and
// columns rounded up so the whole source extent stays covered. InputError if cell_size_m is not
// finite or smaller than the source cell.
GridSpec coarsened_spec(const GridSpec& source, double cell_size_m);

// The part of `source` that covers the window, snapped outwards to whole source cells, so the result
// stays aligned with `source` (same cell size, origin on its lattice). The window is clipped to the
// source extent. InputError if the window is empty or does not overlap the source.
GridSpec cropped_spec(const GridSpec& source, double min_x, double min_y, double max_x, double max_y);

// Kernels need grids that match cell for cell. Throws InputError naming both inputs and every
// difference: CRS (compared with OGRSpatialReference::IsSame; empty = RD New), cell size (both values),
// origin shift (metres and cells), extent (both sizes), and a gdalwarp command line that fixes it.
// Tolerance: 1e-6 of the reference cell size.
void check_aligned(const GridSpec& reference, const GridSpec& other, std::string_view reference_name,
                   std::string_view other_name);

// Simulations work in metres: throws InputError when the grid's CRS is geographic (degrees, e.g. SRTM .hgt
// in EPSG:4326) or not in metres, naming the CRS and how to reproject (read_raster_onto an RD New grid).
void require_metric_crs(const GridSpec& spec, std::string_view name);
// Rasters that carry no CRS. Taking them silently as RD New would put a file in degrees or in UTM in the wrong
// place, so the inputs that define a run's grid (terrain, DSM, DTM) refuse them unless the user said which CRS they
// are in (`--assume-crs`); warps of other inputs without a CRS take the assumed CRS, or RD New when none is set.
// set_assumed_crs: "" = none; InputError for a definition PROJ does not know. Process-wide, set once by the CLI.
void set_assumed_crs(const std::string& definition);
const std::string& assumed_crs();  // as WKT; "" = none
// Gives `spec` the assumed CRS when it has none; InputError naming `name` and the fix when neither is there.
void require_known_crs(GridSpec& spec, std::string_view name);

// "Amersfoort / RD New (EPSG:28992)" for messages and reports; RD New when the WKT is empty.
std::string describe_crs(const std::string& crs_wkt);

// A raster without a CRS is not guessed to be RD New by a model: InputError naming it and the two ways out (give the
// file its CRS, or --assume-crs) when spec.crs_wkt is empty.
void require_declared_crs(const GridSpec& spec, std::string_view name);
// The WKT of a CRS a person names ("EPSG:28992", a PROJ string, WKT), e.g. for --assume-crs; InputError if GDAL/PROJ
// does not know it.
std::string crs_wkt_from_user(const std::string& definition);
// True when the CRS is projected (metres, feet) but the extent fits in longitude/latitude ranges: degrees labelled
// as a projected CRS, the classic mistake with GeoJSON and rasters exported without their CRS.
bool looks_like_degrees(const std::string& crs_wkt, double min_x, double min_y, double max_x, double max_y);

// The cell sizes the models work with: from 1 cm (finer is a unit mistake, or degrees labelled as metres, and would
// need billions of time steps) to 10 km (coarser holds no terrain worth modelling; region files allow the same).
inline constexpr double kMinModelCellSizeM = 0.01;
inline constexpr double kMaxModelCellSizeM = 10000.0;
// InputError naming `name` and the cell size when it lies outside that range, with a hint when the coordinates look
// like degrees labelled as metres.
void require_model_cell_size(const GridSpec& spec, std::string_view name);

// The nodata value written for NaN cells of float grids.
inline constexpr float kFloatNodata = -9999.0f;

struct WriteOptions {
    // GDAL metadata items in the default domain (provenance: program version, command, scenario).
    std::map<std::string, std::string> metadata;
    std::string band_description;  // e.g. "maximum water depth"; empty = none
    std::string unit;              // band unit: "m", "m/s", "s"; empty = none
    // Nodata value for integer grids (must fit the type); float grids always use kFloatNodata.
    std::optional<double> nodata;
    // Stops the COG writer (wn::Interrupted, nothing left behind) once set; a job passes its context's token.
    CancelToken cancel{};
};

// Writes a Cloud-Optimized GeoTIFF (DEFLATE + predictor, 256x256 tiles, overviews built with AVERAGE
// for float and NEAREST for integer grids) atomically: a temporary file beside `path`, renamed when
// complete. Float NaN is written as kFloatNodata (which a cell that really holds -9999 also becomes).
// CRS: spec.crs_wkt, or RD New when empty. values must have spec.rows x spec.cols cells
// (std::invalid_argument otherwise: a bug, not an input problem).
void write_cog(const std::string& path, GridView<const float> values, const GridSpec& spec,
               const WriteOptions& options = {});
void write_cog(const std::string& path, GridView<const std::uint8_t> values, const GridSpec& spec,
               const WriteOptions& options = {});
void write_cog(const std::string& path, GridView<const std::int32_t> values, const GridSpec& spec,
               const WriteOptions& options = {});

// Convenience: a grid with its own spec.
template <class T>
void write_cog(const std::string& path, const Grid<T>& grid, const WriteOptions& options = {}) {
    write_cog(path, grid.view(), grid.spec(), options);
}

// Writing a float grid larger than memory: one tiled (256 × 256) GeoTIFF (BigTIFF when it needs one), DEFLATE level 1
// without predictor (fast, and small for depth maps that are mostly zeros), compressed by GDAL's worker threads,
// written window by window and published atomically by commit() (a temporary file beside `path` until then, removed
// if commit() never runs). NaN is written as kFloatNodata. No overviews (build them with gdaladdo if needed).
// Windows need not be aligned, but aligned to 256 they compress each block once. One thread at a time.
// An Int32 file instead (integer_cells = true; ids, nodata from options.nodata) takes the int32 write().
class TiledRasterWriter {
public:
    TiledRasterWriter(const std::string& path, const GridSpec& spec, const WriteOptions& options = {},
                      bool integer_cells = false);
    ~TiledRasterWriter();
    TiledRasterWriter(const TiledRasterWriter&) = delete;
    TiledRasterWriter& operator=(const TiledRasterWriter&) = delete;

    void write(index_t row0, index_t col0, GridView<const float> values);
    void write(index_t row0, index_t col0, GridView<const std::int32_t> values);  // an Int32 file only
    void commit();  // flushes, closes and renames; InputError if the file cannot be completed (disk full)

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wn
