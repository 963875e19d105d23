// No-data in terrain models, told apart and filled.
//
// In an AHN terrain model (DTM) NaN means two different things:
//   outside  the grid runs past the surveyed area (tile edge, clipped polygon): NaN reaching the grid edge;
//   hole     a gap inside the data: under buildings (no ground returns) and on open water (no laser return).
// Outside is not part of the model domain. A hole is, and water must be able to flow over it, so it gets
// an elevation according to a HolePolicy:
//   fill     smooth interpolation from the rim, inward layer by layer ("onion peeling"): right for gaps
//            under buildings whose footprints are handled separately, and for small survey gaps;
//   water    a flat surface at the lowest rim elevation, the level at which the water body would spill:
//            right for ditches, ponds and canals;
//   outside  leave it NaN, i.e. take it out of the domain (a closed wall the engine does not flow into).
//
// Connectivity: a NaN cell is "outside" when a 4-connected path of NaN cells links it to the grid edge.
// Both functions run in O(cells) with explicit work lists (no recursion), for grids of many millions of cells.
#pragma once

#include <cstdint>
#include <string_view>

#include "waternet/core/grid.hpp"

namespace wn {

// Values in the grid classify_nodata() returns.
namespace nodata_class {
inline constexpr std::uint8_t valid = 0;
inline constexpr std::uint8_t outside = 1;  // NaN, 4-connected to the grid edge through NaN cells
inline constexpr std::uint8_t hole = 2;     // NaN, enclosed by data
}  // namespace nodata_class

enum class HolePolicy { fill, water, outside };

// "fill", "water" or "outside" (case-insensitive); InputError naming the valid choices otherwise.
HolePolicy parse_hole_policy(std::string_view text);
std::string_view to_string(HolePolicy policy);

struct NodataReport {
    index_t outside_cells = 0;
    index_t hole_cells = 0;
    index_t hole_count = 0;    // separate holes (4-connected groups of hole cells)
    index_t filled_cells = 0;  // hole cells that received an elevation
};

// Classifies every cell of `dem` as nodata_class::valid, ::outside or ::hole. The result has dem's shape;
// its GridSpec carries only rows and cols (copy the georeferencing from the terrain grid if needed).
Grid<std::uint8_t> classify_nodata(GridView<const float> dem);

// The highest and lowest terrain a model accepts, in metres: the Earth's surface lies within about ±11 km (Mariana
// Trench −10.9 km, Everest 8.8 km); a value beyond is a unit mistake or a no-data value the file does not declare
// (1e30, 3.4e38). The flood engine uses the same bound.
inline constexpr float kMaxAbsTerrainHeightM = 1.0e4f;

// Gives the hole cells of `dem` an elevation according to `policy`; `classes` is classify_nodata() of that
// same grid. Valid and outside cells are never changed; whatever hole cells held before is
// replaced. Rules per policy:
//   fill     layer by layer from the rim inward, each hole cell next to known cells gets the mean of its known
//            8-neighbours; a layer is computed from earlier layers only, so the result does not depend on
//            the order cells are visited;
//   water    every cell of a hole gets the minimum elevation of the valid cells 8-adjacent to that hole;
//   outside  hole cells are set to NaN.
// Throws InputError when the shapes differ, a cell classified valid is not a finite height within
// ±kMaxAbsTerrainHeightM (the message names the cell and its value, and how to declare a no-data value), or
// `classes` holds a value that is not a nodata_class.
NodataReport fill_holes(GridView<float> dem, GridView<const std::uint8_t> classes, HolePolicy policy);

}  // namespace wn
