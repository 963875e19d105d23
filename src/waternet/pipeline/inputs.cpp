#include "waternet/pipeline/inputs.hpp"

#include <fmt/format.h>

#include <cmath>

#include "waternet/core/error.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/bgt_land_cover.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn {

void require_plausible_heights(const Grid<float>& heights, std::string_view what) {
    const GridSpec& spec = heights.spec();
    for (index_t r = 0; r < heights.rows(); ++r)
        for (index_t c = 0; c < heights.cols(); ++c) {
            const float z = heights(r, c);
            if (std::isnan(z) || std::fabs(z) <= kMaxAbsTerrainHeightM) continue;
            throw InputError(
                fmt::format("{}: the height {:g} m at row {}, column {} (x {:.1f}, y {:.1f}) is not a "
                            "plausible height (beyond ±{:g} m); is it a fill value without a nodata tag?",
                            what, z, r, c, spec.transform.origin_x + (c + 0.5) * spec.transform.cell_size_m,
                            spec.transform.origin_y - (r + 0.5) * spec.transform.cell_size_m, kMaxAbsTerrainHeightM));
        }
}

namespace {

Grid<float> read_terrain(const std::filesystem::path& path, double resolution_m, std::string_view role) {
    if (!std::filesystem::exists(path)) throw InputError(fmt::format("{} file not found: {}", role, path.string()));
    RasterInfo info = raster_info(path.string());
    require_known_crs(info.spec, fmt::format("{} {}", role, path.string()));
    require_metric_crs(info.spec, fmt::format("{} {}", role, path.string()));
    require_model_cell_size(info.spec, fmt::format("{} {}", role, path.string()));
    if (resolution_m == 0.0) {
        Grid<float> dem = read_raster(path.string());
        dem.spec().crs_wkt = info.spec.crs_wkt;
        return dem;
    }
    if (!(resolution_m > 0.0) || resolution_m > 10000.0 || !std::isfinite(resolution_m))
        throw InputError(fmt::format("resolution must be between 0 and 10000 m (got {})", resolution_m));
    if (resolution_m < info.spec.transform.cell_size_m - 1e-9)
        throw InputError(
            fmt::format("resolution {} m is finer than the {}'s {} m cells; refining adds no information, "
                        "use {} m or coarser",
                        resolution_m, role, info.spec.transform.cell_size_m, info.spec.transform.cell_size_m));
    return read_raster_onto(path.string(), coarsened_spec(info.spec, resolution_m), Resampling::average);
}

}  // namespace

Grid<float> load_terrain(const std::filesystem::path& path, double resolution_m, std::string_view role) {
    Grid<float> terrain = read_terrain(path, resolution_m, role);
    require_plausible_heights(terrain, fmt::format("{} {}", role, path.string()));
    return terrain;
}

Grid<std::uint8_t> load_land_cover_classes(const std::filesystem::path& path, const GridSpec& grid,
                                           const LandCoverTable& table) {
    const Grid<float> values = read_raster_onto(path.string(), grid, Resampling::nearest);
    Grid<std::uint8_t> classes(grid, 0);
    for (index_t i = 0; i < values.size(); ++i) {
        const float v = values.data()[i];
        if (std::isnan(v)) continue;
        const auto code = static_cast<std::uint8_t>(v);
        if (v != static_cast<float>(code) || !table.defined(code))
            throw InputError(
                fmt::format("land-cover raster {} holds {}, which is not a class code of the table "
                            "(docs/flood-engine.md lists them)",
                            path.string(), v));
        classes.data()[i] = code;
    }
    return classes;
}

LandCoverInput load_land_cover(const std::filesystem::path& path, const GridSpec& grid, const LandCoverTable& table) {
    LandCoverInput input;
    input.kind = geo_file_kind(path, "land cover");
    if (input.kind == GeoFileKind::raster) {
        input.classes = load_land_cover_classes(path, grid, table);
        return input;
    }
    BgtLandCover bgt = load_bgt_land_cover(path, grid, UnknownClass::mixed);
    for (const std::uint8_t code : bgt.classes.values())
        if (code != 0 && !table.defined(code))
            throw InputError(
                fmt::format("land cover {}: the BGT mapping gives class code {}, which the land-cover table "
                            "does not define",
                            path.string(), code));
    input.classes = std::move(bgt.classes);
    input.public_space = std::move(bgt.public_space);
    input.unknown_bgt_classes = std::move(bgt.unknown_classes);
    return input;
}

std::string_view land_cover_kind_name(GeoFileKind kind) {
    return kind == GeoFileKind::raster ? "class raster" : "BGT polygons";
}

Grid<float> load_roughness(const std::filesystem::path& path, const GridSpec& grid) {
    if (!std::filesystem::exists(path)) throw InputError(fmt::format("roughness file not found: {}", path.string()));
    Grid<float> manning_n = read_raster_onto(path.string(), grid, Resampling::average);
    for (index_t i = 0; i < manning_n.size(); ++i) {
        const float n = manning_n.data()[i];
        if (std::isnan(n)) continue;  // no data: the cell keeps its class n
        if (const std::string problem = manning_n_problem(n); !problem.empty())
            throw InputError(fmt::format("roughness raster {}: Manning's n {} near ({:.1f}, {:.1f})", path.string(),
                                         problem, grid.transform.cell_center_x(i % grid.cols),
                                         grid.transform.cell_center_y(i / grid.cols)));
    }
    return manning_n;
}

Grid<std::uint8_t> land_cover_grid(const GridSpec& grid, const std::string& default_cover,
                                   const std::optional<std::filesystem::path>& land_cover, const LandCoverTable& table,
                                   std::map<std::string, std::int64_t>* unknown_bgt_classes) {
    Grid<std::uint8_t> cover(grid, cover_class_by_name(default_cover, table));
    if (land_cover) {
        const LandCoverInput input = load_land_cover(*land_cover, grid, table);
        if (unknown_bgt_classes) *unknown_bgt_classes = input.unknown_bgt_classes;
        const Grid<std::uint8_t>& classes = input.classes;
        for (index_t i = 0; i < classes.size(); ++i)
            if (classes.data()[i] != 0) cover.data()[i] = classes.data()[i];
    }
    return cover;
}

}  // namespace wn
