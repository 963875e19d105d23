// Sums per zone (neighbourhood, district, municipality, catchment): the area deeper than each threshold and the
// volume of water, and features (buildings, objects) assigned to zones by their representative point.
//
// Zones come as an id grid on the depth grid (io/vector_io.hpp rasterize_feature_ids of CBS buurten, for
// example): 0 = outside every zone, k = zone k (rasterize_feature_ids' ids are feature index + 1, so zone k is
// feature k-1). A cell belongs to one zone, so the per-zone rows add up to the whole-grid row; the whole-grid
// row is summed on its own (not as the sum of the zones), so that equality is a check, not a definition.
// Areas in m², volumes in m³ (depth × cell area over cells with depth > 0), sums in double, bit-identical for
// any thread count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/risk/types.hpp"

namespace wn::risk {

struct ZoneRow {
    double area_m2 = 0.0;              // cells with a depth value (not NaN)
    double wet_area_m2 = 0.0;          // depth > 0
    double volume_m3 = 0.0;            // Σ depth · cell area over depth > 0
    std::vector<double> area_over_m2;  // per threshold: depth > threshold (compared in float)
};

struct ZoneTotals {
    std::vector<double> thresholds_m;
    std::vector<ZoneRow> zones;  // index = zone id, 0 = outside every zone
    ZoneRow total;               // the whole grid, summed independently of `zones`
};

// InputError: grids of different shape, cell area <= 0, zone_count < 1, an id outside 0..zone_count-1 (the
// message names the first such cell), a non-finite threshold.
ZoneTotals depth_by_zone(GridView<const float> depth_m, GridView<const std::int32_t> zone_id, std::int32_t zone_count,
                         double cell_area_m2, std::span<const double> thresholds_m);

// The same sums for several zone grids at once (municipalities, water boards, neighbourhoods): each cell is read
// and classified once and added to the whole grid and to its zone in every set. Element s equals, bit for bit,
// depth_by_zone(depth_m, sets[s].zone_id, sets[s].zone_count, ...): every sum gets the same cells in the same
// order as it would in a pass of its own. Same InputErrors (for the first bad cell in row-major order, the first
// set that has it).
std::vector<ZoneTotals> depth_by_zone_sets(GridView<const float> depth_m, std::span<const ZoneSet> sets,
                                           double cell_area_m2, std::span<const double> thresholds_m);

// The zone each point lies in: zone_id at the point's cell, 0 when the point is outside the grid. InputError
// for a non-finite coordinate or no valid cell size.
std::vector<std::int32_t> zones_of_points(std::span<const MapPoint> points, GridView<const std::int32_t> zone_id,
                                          const GeoTransform& transform);

// sums[z] = Σ value[i] over features with zone_of_feature[i] == z, added in feature order (deterministic).
// Pass a value of 1 per feature to count. InputError: spans of different length, a zone outside 0..zone_count-1.
std::vector<double> sum_by_zone(std::span<const std::int32_t> zone_of_feature, std::span<const double> value,
                                std::int32_t zone_count);

}  // namespace wn::risk
