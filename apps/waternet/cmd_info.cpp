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
void print_raster(const std::string& path) {
    const RasterInfo info = raster_info(path);
    const GridSpec& s = info.spec;
    fmt::print("{}: raster ({}, {}), {} x {} cells of {} m, {} band(s)\n", path, info.driver, info.data_type, s.cols,
               s.rows, s.transform.cell_size_m, info.band_count);
    fmt::print("  extent x {:.2f} .. {:.2f}, y {:.2f} .. {:.2f}\n  CRS {}\n", s.min_x(), s.max_x(), s.min_y(), s.max_y(),
               describe_crs(s.crs_wkt));
    const Grid<float> values = read_raster(path);
    double lo = INFINITY, hi = -INFINITY;
    for (float v : values.values())
        if (!std::isnan(v)) lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
    const Grid<std::uint8_t> nd = classify_nodata(values.view());
    index_t outside = 0, holes = 0;
    for (std::uint8_t k : nd.values()) (k == nodata_class::outside ? outside : holes) += (k != nodata_class::valid);
    fmt::print("  values {:.3f} .. {:.3f}; no data: {} cells outside the footprint, {} cells in holes\n", lo, hi, outside,
               holes);
}

void print_vector(const std::string& path) {
    const VectorInfo info = vector_info(path);
    fmt::print("{}: vector layer '{}', {} {} features\n", path, info.layer_name, info.feature_count, info.geometry_type);
    fmt::print("  extent x {:.2f} .. {:.2f}, y {:.2f} .. {:.2f}\n  CRS {}\n  attributes: {}\n", info.min_x, info.max_x,
               info.min_y, info.max_y, describe_crs(info.crs_wkt), fmt::join(info.attributes, ", "));
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
        if (ext == ".geojson" || ext == ".json" || ext == ".gpkg" || ext == ".shp") print_vector(*path);
        else print_raster(*path);
    });
}

}  // namespace wn::cli
