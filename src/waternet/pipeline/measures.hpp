// Measures for the what-if step of the risk dialogue: a vector file of polygons and lines, each feature one
// measure, applied to a flood run's terrain and land cover before the simulation.
//
// Attributes (docs/region-config.md has examples):
//   measure   (required) one of
//     lower         lower the terrain inside the polygon (or along the line) by `depth_m`   (e.g. a lowered street);
//                   like storage, it never digs a building cell or a cell beside one
//     raise         raise the terrain by `height_m` (a kerb, a bund, a raised threshold along a line)
//     storage       a water square or wadi: the terrain inside the polygon is lowered evenly so that it holds
//                   `volume_m3` (depth = volume / polygon area on the grid), the cells become grass (wadi) or stay
//                   paved (`cover` = "paved" for a water square)
//     infiltration  unpave: cells inside become `cover` (default "grass"), so they infiltrate
//     green_roof    every roof cell inside becomes a green roof (retains 25 mm, hydro/land_cover.hpp)
//     disconnect    every roof cell inside is disconnected from the sewer (roof rain to the garden beside)
//   name      (optional) shown in tables
//   depth_m / height_m / volume_m3 / cover   as above
// Lines burn every cell they touch; polygons the cells whose centre lies inside. Each measure is applied on its own
// mask in file order, so overlapping measures all apply (a wadi inside a district of green roofs).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {

struct AppliedMeasure {
    std::string name, kind;
    std::int64_t cells = 0;          // cells changed
    double terrain_change_m3 = 0.0;  // volume of terrain removed (> 0) or added (< 0)
    double storage_m3 = 0.0;         // storage created (storage measures)
    std::int64_t roof_cells = 0;     // roof cells changed (green roof, disconnect)
};

struct MeasuresReport {
    std::vector<AppliedMeasure> measures;
    double storage_m3 = 0.0;
    double terrain_removed_m3 = 0.0;
};

// Applies every measure of the file to the terrain (m) and the land-cover classes (hydro/land_cover.hpp codes)
// on the same grid. InputError for an unknown measure, a missing or absurd value (naming the feature), or a file
// with nothing inside the grid.
MeasuresReport apply_measures(const std::filesystem::path& path, Grid<float>& terrain_m, Grid<std::uint8_t>& cover);
// The same for features already read (in the grid's CRS), e.g. a plan's translated into measures
// (pipeline/plancheck.hpp); `source` names them in messages.
MeasuresReport apply_measure_features(const std::string& source, const std::vector<VectorFeature>& features,
                                      Grid<float>& terrain_m, Grid<std::uint8_t>& cover);

}  // namespace wn
