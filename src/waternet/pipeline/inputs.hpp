// Inputs shared by the jobs: the terrain (optionally resampled) and land-cover class rasters, read and checked
// the same way for the flood engine and the blue-spot screening.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "waternet/core/grid.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/geo_file_kind.hpp"

namespace wn {

// InputError naming `what`, the cell (row, column and RD coordinates) and the value for the first height that is
// infinite or beyond ±kMaxAbsTerrainHeightM (core/nodata_fill.hpp); NaN is no data and passes. For surface models
// too (the heat job's DSM and DTM), which never pass through fill_holes.
void require_plausible_heights(const Grid<float>& heights, std::string_view what);

// The terrain in metres on a metric CRS; resolution_m = 0 keeps its own cells, else it is averaged onto a
// coarser grid with the same origin. `role` names it in messages ("terrain", "DEM"). Heights are checked
// (require_plausible_heights).
Grid<float> load_terrain(const std::filesystem::path& path, double resolution_m, std::string_view role);

// Land-cover class codes resampled (nearest) onto `grid`; 0 where the raster has no data. InputError for a
// value that is not a class code of `table`.
Grid<std::uint8_t> load_land_cover_classes(const std::filesystem::path& path, const GridSpec& grid,
                                           const LandCoverTable& table);

// A land-cover input as every command takes it (`--land-cover`, a region's land_cover): a raster of class codes or
// polygons with BGT attributes (pipeline/bgt_land_cover.hpp, mapped to the same codes by data/bgt/bgt_classes.csv),
// told apart by what the file holds (io/geo_file_kind.hpp).
struct LandCoverInput {
    GeoFileKind kind = GeoFileKind::raster;
    Grid<std::uint8_t> classes;                               // codes of `table`; 0 where the input gives no class
    std::optional<Grid<std::uint8_t>> public_space;           // BGT only: 1 where people can stay in public open space
    std::map<std::string, std::int64_t> unknown_bgt_classes;  // BGT features no mapping row matched (taken as mixed)
};
// InputError for a file that is neither, a class code `table` does not define, or what the two readers refuse.
LandCoverInput load_land_cover(const std::filesystem::path& path, const GridSpec& grid, const LandCoverTable& table);
// "class raster" or "BGT polygons", for messages and provenance.
std::string_view land_cover_kind_name(GeoFileKind kind);

// A raster of Manning's n (s/m^(1/3)) averaged onto `grid` the way a coarser terrain is; NaN where it has no data.
// InputError naming the file and the place for a value that is not a plausible n (not > 0, or above 1).
Grid<float> load_roughness(const std::filesystem::path& path, const GridSpec& grid);

// The land cover a flood run uses: `default_cover` (a class name of `table`, see cover_class_by_name) everywhere, replaced by
// the land-cover input (load_land_cover) where it gives a class. Buildings are burned in by the caller. BGT features no
// mapping row matched are counted in `unknown_bgt_classes` when given.
Grid<std::uint8_t> land_cover_grid(const GridSpec& grid, const std::string& default_cover,
                                   const std::optional<std::filesystem::path>& land_cover, const LandCoverTable& table,
                                   std::map<std::string, std::int64_t>* unknown_bgt_classes = nullptr);

}  // namespace wn
