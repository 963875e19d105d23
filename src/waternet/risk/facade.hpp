// Water against the façade: how deep the water stands around each building.
//
// The stress-test "signal map" of buildings with water against the façade (Kennisportaal Klimaatadaptatie,
// bijsluiter stresstest, "Waterschade gebouwen en constructies"). In the flood engine a building is a wall:
// its cells hold no water (depth 0 or NaN), so a building's water depth is read in the ring of cells just
// outside its footprint:
//
//   ring(b) = cells with no building (id 0) within `ring_width_cells` of a cell of b in the 8-neighbourhood
//             sense, i.e. at Chebyshev distance 1..w from the footprint.
//
// Cells of another building are never part of b's ring, so two buildings wall to wall do not read each other's
// cells. The ring is a square dilation: it does not look around corners of other buildings.
//
// Buildings smaller than a cell (common at 2 m and coarser) burn no cell at all; terraced houses inside a block
// may have no free cell around them. For those the max depth in the 3×3 cells around the building's
// representative point is used, when the caller gives points (method kPoint); otherwise the depth is unknown
// (NaN, method kNone).
//
// Units: depth in metres (as in the depth grid); counts in cells. Work: one pass over the id grid for the box of
// each building's cells, then each building in its box widened by the ring (in parallel, any thread count gives
// the same result); a building whose cells lie far apart (a multipolygon) has a large box and costs that box.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/risk/types.hpp"

namespace wn::risk {

struct FacadeOptions {
    int ring_width_cells = 1;  // 1..kMaxRingWidthCells
    float wet_depth_m = 0.0f;  // a ring cell is wet when its depth is > this
};
inline constexpr int kMaxRingWidthCells = 16;

enum class FacadeMethod : std::uint8_t {
    kRing,   // the ring just outside the footprint
    kPoint,  // the 3×3 cells around the representative point (no footprint cell, or no ring cell with data)
    kNone,   // nothing to read: max_depth_m is NaN
};
const char* to_string(FacadeMethod method);

struct FacadeExposure {
    float max_depth_m = std::numeric_limits<float>::quiet_NaN();  // water against the façade (see method)
    FacadeMethod method = FacadeMethod::kNone;
    std::int32_t footprint_cells = 0;                                       // cells of the building in the id grid
    float footprint_max_depth_m = std::numeric_limits<float>::quiet_NaN();  // deepest cell inside (NaN: none with data)
    std::int32_t ring_cells = 0;         // ring cells with data (NaN cells are left out)
    std::int32_t ring_nodata_cells = 0;  // ring cells with NaN depth
    std::int32_t wet_ring_cells = 0;     // ring cells deeper than FacadeOptions::wet_depth_m
};

// depth_m: max depth (NaN = no data); building_ids: 0 = no building, k = building k-1 (as
// io/vector_io.hpp rasterize_feature_ids writes); both on the same grid. representative_points: empty, or
// one (row, col) per building, e.g. cell_of(transform, centroid) (may lie outside the grid: then it
// reads nothing).
// Result: one FacadeExposure per building, index = building index.
// InputError: grids of different shape, building_count < 0, an id outside [0, building_count] (the message
// names the cell), ring width outside 1..kMaxRingWidthCells, wet depth negative or NaN, a points list of the
// wrong length.
std::vector<FacadeExposure> facade_exposure(GridView<const float> depth_m, GridView<const std::int32_t> building_ids,
                                            std::int32_t building_count, const FacadeOptions& options = {},
                                            std::span<const GridCell> representative_points = {});

// counts[i] = number of exposures with max_depth_m > thresholds_m[i] (NaN depths count nowhere). Compared in
// float, the depth grid's precision, so a depth stored as 0.15f is not "over 0.15 m".
// InputError for a NaN threshold.
std::vector<std::int64_t> count_over_thresholds(std::span<const FacadeExposure> exposures,
                                                std::span<const double> thresholds_m);

}  // namespace wn::risk
