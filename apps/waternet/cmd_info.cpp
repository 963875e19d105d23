// `waternet info FILE`: what a raster or vector file holds, as Waternet reads it.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "commands.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/nodata_fill.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn::cli {

namespace {

// info describes any header, however large the grid it declares, but reads the values of at most this many cells
// (256 MiB of floats): a header that declares 60000 × 60000 cells is described in a moment, not read for minutes.
constexpr double kMaxCellsScanned = 64.0 * 1024 * 1024;

// A file without a CRS is said to have none: the models refuse to guess (RD New is only the fallback of GridSpec).
std::string crs_text(const std::string& crs_wkt) {
    return crs_wkt.empty() ? "none: the file declares no coordinate reference system (give it one, e.g. gdal_edit.py "
                             "-a_srs EPSG:28992 FILE)"
                           : describe_crs(crs_wkt);
}

std::string degrees_warning(const std::string& crs_wkt, double min_x, double min_y, double max_x, double max_y) {
    if (crs_wkt.empty() || !looks_like_degrees(crs_wkt, min_x, min_y, max_x, max_y)) return {};
    return "  warning: these coordinates look like degrees (longitude, latitude), but the CRS is in metres or feet\n";
}

void print_values(const std::string& path, const GridSpec& s) {
    const double cells = static_cast<double>(s.rows) * static_cast<double>(s.cols);
    if (cells > kMaxCellsScanned) {
        fmt::print(
            "  values not read: {:.3g} cells are more than info reads ({:.3g}); the header above is what the "
            "file declares\n",
            cells, kMaxCellsScanned);
        return;
    }
    const Grid<float> values = read_raster(path);
    double lo = INFINITY, hi = -INFINITY;
    index_t infinite = 0;
    for (float v : values.values()) {
        if (std::isinf(v))
            ++infinite;
        else if (!std::isnan(v))
            lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
    }
    const Grid<std::uint8_t> nd = classify_nodata(values.view());
    index_t outside = 0, holes = 0;
    for (std::uint8_t k : nd.values()) (k == nodata_class::outside ? outside : holes) += (k != nodata_class::valid);
    if (lo <= hi)
        fmt::print("  values {:.3f} .. {:.3f}", lo, hi);
    else
        fmt::print("  no values");
    fmt::print("; no data: {} cells outside the footprint, {} cells in holes\n", outside, holes);
    if (infinite > 0)
        fmt::print("  warning: {} cell{} hold{} an infinite value, which no model accepts\n", infinite,
                   infinite == 1 ? "" : "s", infinite == 1 ? "s" : "");
}

void print_raster(const std::string& path) {
    const RasterInfo info = raster_info(path);
    const GridSpec& s = info.spec;
    fmt::print("{}: raster ({}, {}), {} x {} cells of {} m, {} band(s)\n", path, info.driver, info.data_type, s.cols,
               s.rows, s.transform.cell_size_m, info.band_count);
    fmt::print("  extent x {:.2f} .. {:.2f}, y {:.2f} .. {:.2f}\n  CRS {}\n", s.min_x(), s.max_x(), s.min_y(),
               s.max_y(), crs_text(s.crs_wkt));
    fmt::print("{}", degrees_warning(s.crs_wkt, s.min_x(), s.min_y(), s.max_x(), s.max_y()));
    std::fflush(stdout);
    print_values(path, s);
}

void print_vector(const std::string& path) {
    const VectorInfo info = vector_info(path);
    fmt::print("{}: vector layer '{}', {} {} features\n", path, info.layer_name, info.feature_count,
               info.geometry_type);
    fmt::print("  extent x {:.2f} .. {:.2f}, y {:.2f} .. {:.2f}\n  CRS {}\n  attributes: {}\n", info.min_x, info.max_x,
               info.min_y, info.max_y, crs_text(info.crs_wkt), fmt::join(info.attributes, ", "));
    fmt::print("{}", degrees_warning(info.crs_wkt, info.min_x, info.min_y, info.max_x, info.max_y));
}
}  // namespace

void add_info_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("info", "Describe a raster or vector file as Waternet reads it");
    auto path = std::make_shared<std::string>();
    cmd->add_option("file", *path, "A raster (GeoTIFF, ASCII grid, .hgt, VRT) or vector (GeoJSON, GeoPackage) file")
        ->required();
    cmd->callback([path] {
        if (!std::filesystem::exists(*path)) throw InputError("file not found: " + *path);
        const std::string ext = std::filesystem::path(*path).extension().string();
        if (ext == ".geojson" || ext == ".json" || ext == ".gpkg" || ext == ".shp") {
            print_vector(*path);
        } else if (std::filesystem::is_directory(*path)) {
            try {
                print_raster(
                    *path);  // a folder of tiles (io/raster_mosaic.hpp), or a format that is a folder (ArcInfo grid)
            } catch (const InputError& e) {
                throw InputError(*path + ": is a folder, not a raster or vector file, nor a folder of raster tiles (" +
                                 e.what() + ")");
            }
        } else {
            print_raster(*path);
        }
    });
}

}  // namespace wn::cli
