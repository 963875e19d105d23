// Blue spots: the depressions of a terrain model where rain water collects, how much each can hold, where it
// overflows, which spot its overflow reaches, and how far a given rain fills them (static fill–spill).
//
// Input: a DEM (NaN = no data), its Priority-Flood filled version (priority_flood.hpp) and the D8 directions of
// the filled DEM with flats resolved (flow_directions.hpp). Pure kernels on views, no I/O.
//
// Definitions
//   blue spot       8-connected cells whose fill depth (filled − dem) exceeds a minimum depth (default 0.02 m).
//                   Spot ids 1..n in row-major order of each spot's first cell; 0 = no spot.
//                   Every cell of a spot has the same filled elevation: its spill level (a raised cell of the
//                   minimal filled surface has no lower neighbour, so raised neighbours share one level).
//   exit cell       the spot's most downstream cell in the D8 graph (the last one in a topological order of the
//                   directions); its D8 path leaves the spot for good. Using the most downstream cell makes the
//                   spill graph acyclic by construction.
//   pour point      walking the D8 path from the exit cell, the last cell still at the spill level (filled
//                   elevation = spill level) before the path descends, reaches another spot, or ends at an
//                   outlet: the lowest rim cell through which the spot overflows (the saddle).
//   spills into     the first spot on the D8 path beyond the exit cell; 0 = the water leaves the domain
//                   (grid edge or no-data) without reaching another spot.
//   catchment       the cells whose D8 path reaches the spot before any other spot (a spot's own cells
//                   included). Cells whose path reaches no spot drain straight out of the domain (catchment 0).
//   volume          Σ fill depth × cell area over the spot's cells (cells at or below the minimum depth are not
//                   part of the spot and hold nothing in this model).
//
// Static fill–spill for one rain (runoff depth per cell = rain − losses), spots in upstream-to-downstream order
// (topological order of the spill graph):
//   inflow  = runoff volume of the own catchment + overflow of the spots spilling into it,
//   stored  = min(inflow, volume),   overflow = inflow − stored → the downstream spot, or out of the domain.
// A partly filled spot's water level follows from its stage–volume curve V(L) = Σ max(0, L − z) × cell area
// over its cells (piecewise linear in L, solved exactly), and the partial-fill depth is max(0, L − z) there.
// Volume is conserved exactly (up to rounding): Σ stored + spilled out of the domain = total runoff.
// The rain is taken to fall at once (no time, no routing delays, no infiltration during ponding): the
// screening assumption of the blue-spot method (Balstrøm & Crawford 2018; the Dutch Klimaateffectatlas maps).
//
// Method and its limitation
//   This is the fill–spill idea of
//     R. Barnes, K. L. Callaghan, A. D. Wickert (2020). Computing water flow through complex landscapes – Part 2:
//       Finding hierarchies in depressions and morphological segmentations. Earth Surface Dynamics 8, 431–445.
//       doi:10.5194/esurf-8-431-2020
//     R. Barnes, K. L. Callaghan, A. D. Wickert (2021). Computing water flow through complex landscapes – Part 3:
//       Fill–Spill–Merge: flow routing in depression hierarchies. Earth Surface Dynamics 9, 105–121.
//       doi:10.5194/esurf-9-105-2021
//   WITHOUT their depression hierarchy: spots are the outermost filled areas only, and a full spot passes all
//   further water on to the spot it spills into. Because the filled DEM holds every nested depression at its
//   outermost spill level, a spot here is the merged lake of its sub-pits, so storage volumes are right; what
//   fill_spill() misses is the order in which sub-pits fill (water first collects in the sub-pit whose
//   catchment it falls in; here it spreads over the spot's stage–volume curve at once).
//   fill_spill_merge() (depression_hierarchy.hpp) does it properly: the depression hierarchy (Barnes et al.
//   2020) and Fill–Spill–Merge (2021), reported per spot in the same FillSpillResult. The pipeline uses that.
#pragma once

#include <cstdint>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::bluespots {

struct SpotOptions {
    float min_depth_m = 0.02f;  // a cell belongs to a spot when its fill depth is strictly larger
    double cell_size_m = 1.0;   // square cells; areas are cell_size_m²
};

struct BlueSpot {
    std::int32_t id = 0;  // 1..n
    index_t cells = 0;
    double area_m2 = 0.0;
    double max_depth_m = 0.0;
    double volume_m3 = 0.0;                    // storage at the spill level
    double spill_level_m = 0.0;                // filled elevation of the spot
    index_t deepest_row = 0, deepest_col = 0;  // the cell with the maximum depth (lowest ground); among equally
                                               // deep cells the first in row-major order
    index_t row_min = 0, row_max = 0, col_min = 0, col_max = 0;  // bounding box of the spot's cells
    index_t exit_row = 0, exit_col = 0;                          // the spot's most downstream cell
    index_t pour_row = 0, pour_col = 0;                          // the pour point (see above)
    std::int32_t spills_into = 0;                                // downstream spot id; 0 = leaves the domain
    index_t catchment_cells = 0;  // cells draining first into this spot (its own cells included)
    double catchment_m2 = 0.0;
};

struct BlueSpotMap {
    Grid<std::int32_t> spot_id;       // 0 = no spot, else 1..n
    Grid<std::int32_t> catchment_id;  // first spot reached along D8; 0 = none (or no data)
    std::vector<BlueSpot> spots;      // spots[k].id == k + 1
    std::vector<std::int32_t> order;  // spot ids, upstream before downstream (topological order of spills_into)
    double cell_size_m = 1.0;
    double cell_area_m2() const { return cell_size_m * cell_size_m; }
};

// Labels the spots and computes everything above. `directions` are flow_directions(filled).
// std::invalid_argument if the shapes differ; InputError if `directions` holds a code above 8, points off the
// grid, or has a cycle, or if options are not positive and finite (min_depth_m may be 0).
BlueSpotMap find_blue_spots(GridView<const float> dem, GridView<const float> filled,
                            GridView<const std::uint8_t> directions, const SpotOptions& options = {});
// Convenience: computes the directions of `filled` first.
BlueSpotMap find_blue_spots(GridView<const float> dem, GridView<const float> filled, const SpotOptions& options = {});

// The stage–volume curve of one spot: V(L) = Σ max(0, L − z_i) × cell area over its ground elevations z_i.
class StageVolumeCurve {
public:
    StageVolumeCurve() = default;
    // `ground` need not be sorted; NaN values are not allowed (std::invalid_argument).
    StageVolumeCurve(std::vector<float> ground, double cell_area_m2);
    double volume_at(double level_m) const;
    // The level holding `volume_m3` exactly (the inverse of volume_at on the rising part); for volume ≤ 0 the
    // lowest ground elevation. Piecewise linear, so exact: L = (V/A + Σ_{i≤m} z_i) / m on the segment with m
    // cells under water.
    double level_for(double volume_m3) const;
    double lowest_m() const { return z_.empty() ? 0.0 : z_.front(); }
    std::size_t cells() const { return z_.size(); }

private:
    std::vector<double> z_;       // sorted ascending
    std::vector<double> prefix_;  // prefix_[m] = Σ_{i<m} z_i
    double area_ = 1.0;
};

// Ground elevations of every spot's cells, indexed by id − 1 (one pass over the grid).
std::vector<std::vector<float>> spot_ground_elevations(GridView<const float> dem, const BlueSpotMap& map);

struct SpotFill {
    double catchment_runoff_m3 = 0.0;  // runoff of the own catchment
    double upstream_inflow_m3 = 0.0;   // overflow of the spots spilling into this one
    double inflow_m3 = 0.0;            // the sum of both
    double stored_m3 = 0.0;            // min(inflow, volume)
    double overflow_m3 = 0.0;          // inflow − stored, passed on to spills_into
    double level_m = 0.0;              // water level (NaN when nothing is stored)
    double fill_fraction = 0.0;        // stored / volume
};

struct FillSpillResult {
    std::vector<SpotFill> spots;           // indexed by id − 1
    Grid<float> depth_m;                   // partial-fill depth: max(0, level − z) in spots, 0 elsewhere, NaN no data
    double total_runoff_m3 = 0.0;          // Σ runoff × cell area over all valid cells
    double stored_m3 = 0.0;                // Σ stored
    double runoff_outside_spots_m3 = 0.0;  // runoff of cells whose path reaches no spot (leaves directly)
    double overflow_out_m3 = 0.0;          // overflow of spots that spill out of the domain
    double spilled_out_m3() const { return runoff_outside_spots_m3 + overflow_out_m3; }
    // total − stored − spilled out; zero up to rounding.
    double volume_error_m3() const { return total_runoff_m3 - stored_m3 - spilled_out_m3(); }
    int full_spots = 0;  // spots with stored = volume
};

// Static fill–spill with a uniform runoff depth (m; negative is InputError) on every valid cell.
FillSpillResult fill_spill(GridView<const float> dem, const BlueSpotMap& map, double runoff_m);
// With a runoff depth per cell (m; NaN counts as 0, negative is InputError). std::invalid_argument on shape mismatch.
FillSpillResult fill_spill(GridView<const float> dem, const BlueSpotMap& map, GridView<const float> runoff_m);

// Per spot (indexed by id − 1), the number of distinct buildings touching it: distinct non-zero ids of
// `building_id` among the spot's cells and their 8-neighbours. std::invalid_argument on shape mismatch.
std::vector<std::int32_t> buildings_touching(GridView<const std::int32_t> spot_id,
                                             GridView<const std::int32_t> building_id, std::size_t spot_count);

}  // namespace wn::bluespots
