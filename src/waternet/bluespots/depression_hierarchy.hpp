// The depression hierarchy of a DEM and Fill–Spill–Merge: where a rain's runoff ends up when it fills pits,
// spills from one into the next, and pits that are full on both sides of a saddle merge into one lake that keeps
// rising to the next saddle.
//
// Method:
//   R. Barnes, K. L. Callaghan, A. D. Wickert (2020). Computing water flow through complex landscapes – Part 2:
//     Finding hierarchies in depressions and morphological segmentations. Earth Surface Dynamics 8, 431–445.
//     doi:10.5194/esurf-8-431-2020
//   R. Barnes, K. L. Callaghan, A. D. Wickert (2021). Computing water flow through complex landscapes – Part 3:
//     Fill–Spill–Merge: flow routing in depression hierarchies. Earth Surface Dynamics 9, 105–121.
//     doi:10.5194/esurf-9-105-2021
//
// The hierarchy (depression_hierarchy()):
//   leaves       the pits: an interior cell (not on the grid edge, not next to no data) with no lower neighbour,
//                or a connected flat of such cells at one elevation that has no way down. Leaf ids 1..leaf_count.
//   labels       every valid cell follows its steepest descent (drop / distance, as flow_directions.hpp) to a pit
//                or to an outlet cell; flats that can drain are walked to their draining edge (breadth first).
//                label = the pit reached, 0 = the "ocean": the cell drains out of the model (the grid edge or no
//                data, exactly as in priority_flood.hpp). Each cell so has a non-ascending path to its pit inside
//                its own label, which is what makes the lake volumes below right.
//   outlets      for two neighbouring labels a, b the lowest saddle: min over neighbouring cells p ∈ a, q ∈ b of
//                max(z_p, z_q); an outlet cell (grid edge or next to no data) of label a is a saddle to the ocean
//                at its own elevation.
//   merging      outlets in rising order (Kruskal, union–find): when the outlet joins two depressions neither of
//                which drains to the ocean yet, both get that outlet as their spill level and become the children
//                of a new depression (ids after the leaves; a parent's id is above its children's); when one side
//                already drains to the ocean, the other becomes a top-level depression that overflows across
//                this outlet into the leaf on the other side ("geolink"), or out of the model.
//   volumes      each depression's storage at its spill level, over all cells of its subtree below that level:
//                V = Σ (outlet − z) × cell area. A parent's volume includes its children's.
//   The top-level depressions hold exactly the Priority-Flood filled surface: filled = max(z, spill level of the
//   cell's top-level depression) (tested against fill_depressions()).
//
// Fill–Spill–Merge (fill_spill_merge()), the rain taken to fall at once (the blue-spot screening assumption):
//   1. every cell's runoff goes to its leaf (its label), or straight out of the model (label 0);
//   2. the top-level trees are done upstream first (a tree's overflow enters a tree that reached the ocean
//      earlier, through its geolink leaf); inside a tree, children before parents:
//        a leaf keeps what fits, the rest overflows at its spill level;
//        the overflow of a full child goes across the saddle into its sibling (entering at the geolink leaf, so
//        it fills the sibling's sub-pits in the order water would reach them) until the sibling is full too;
//        when both children are full, the rest of their water fills the parent's own part: one lake over both,
//        rising from their common saddle to the parent's spill level ("merge");
//        the overflow of a full top-level depression goes to its geolink leaf, or out of the model.
//   3. levels: a full depression stands at its spill level over all its subtree; a partly filled one has one
//      level L with V(L) = its water, solved exactly on its stage–volume curve (StageVolumeCurve, spots.hpp);
//      a cell's depth is max(0, L − z) for the highest wet depression above its leaf.
//   Volume is conserved exactly (up to rounding): Σ stored + spilled out of the model = Σ runoff.
//
// Memory: the hierarchy keeps one int32 label per cell (4 bytes/cell) and a few dozen bytes per depression;
// building it needs one more byte per cell (descent codes, freed on return) and a hash table of the label pairs.
// fill_spill_merge adds its float depth grid (4 bytes/cell) and the ground elevations of partly filled lakes.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "waternet/bluespots/spots.hpp"
#include "waternet/core/grid.hpp"

namespace wn::bluespots {

inline constexpr std::int32_t kOcean = 0;
inline constexpr std::int32_t kNoDepression = -1;

struct Depression {
    std::int32_t parent = kNoDepression;  // kNoDepression: top level (or the ocean)
    std::int32_t left = kNoDepression;    // children; both kNoDepression for a leaf (a pit)
    std::int32_t right = kNoDepression;
    std::int32_t geolink = kOcean;  // the leaf across the spill outlet (kOcean: out of the model)
    float spill_m = std::numeric_limits<float>::infinity();  // elevation of the spill outlet (the saddle)
    float pit_m = 0.0f;                                      // lowest ground in the subtree
    std::uint32_t pit_cell = 0;                              // row-major index of a lowest cell
    std::uint32_t outlet_cell = 0;  // the saddle cell (the higher of the two cells of the outlet)
    index_t cells = 0;              // cells of the subtree below the spill level
    double volume_m3 = 0.0;         // storage at the spill level (subtree)
    bool is_leaf() const { return left == kNoDepression; }
};

struct DepressionHierarchy {
    Grid<std::int32_t> label;             // leaf of each cell; kOcean = drains out of the model, or no data
    std::vector<Depression> depressions;  // [0] the ocean, [1..leaf_count] leaves, then merged depressions
    std::int32_t leaf_count = 0;
    std::vector<std::int32_t> top_order;  // top-level depressions in the order they reached the ocean
    double cell_size_m = 1.0;
    double cell_area_m2() const { return cell_size_m * cell_size_m; }
    // The sibling of a child depression (kNoDepression for a top-level one).
    std::int32_t sibling(std::int32_t d) const {
        const std::int32_t p = depressions[static_cast<std::size_t>(d)].parent;
        if (p == kNoDepression) return kNoDepression;
        const Depression& pd = depressions[static_cast<std::size_t>(p)];
        return pd.left == d ? pd.right : pd.left;
    }
    // The top-level depression containing `d`.
    std::int32_t top_of(std::int32_t d) const {
        while (d != kOcean && depressions[static_cast<std::size_t>(d)].parent != kNoDepression)
            d = depressions[static_cast<std::size_t>(d)].parent;
        return d;
    }
};

// Builds the hierarchy of `dem` (NaN = no data; see above). InputError: an infinite elevation, a cell size that
// is not positive, more than 2^32 − 1 cells or 2^30 pits.
DepressionHierarchy depression_hierarchy(GridView<const float> dem, double cell_size_m = 1.0);

// The Priority-Flood filled surface as the hierarchy sees it: max(z, spill level of the top-level depression).
Grid<float> hierarchy_filled(GridView<const float> dem, const DepressionHierarchy& h);

struct FsmResult {
    // Per depression (indexed like DepressionHierarchy::depressions; [0] unused):
    std::vector<double> runoff_m3;     // runoff of the leaf's own cells (leaves only)
    std::vector<double> inflow_m3;     // overflow received from other top-level trees (at a geolink leaf)
    std::vector<double> water_m3;      // water held in the depression's own part (a leaf: all of it; a merged
                                       // depression: what lies above its full children)
    std::vector<double> overflow_m3;   // what spilled over its outlet (to the sibling, or onward for top level)
    std::vector<std::uint8_t> full;    // 1 = holds its volume (stands at its spill level)
    std::vector<double> level_m;       // the water level of the depression's lake; NaN = not its own lake
    std::vector<double> leaf_level_m;  // per leaf (index = leaf id, [0] unused): the level over its cells; NaN = dry
    Grid<float> depth_m;               // water depth per cell; NaN = no data
    double total_runoff_m3 = 0.0;
    double stored_m3 = 0.0;             // Σ water_m3
    double runoff_to_outlets_m3 = 0.0;  // runoff of cells that drain out directly (label 0)
    double overflow_out_m3 = 0.0;       // overflow of top-level depressions out of the model
    double spilled_out_m3() const { return runoff_to_outlets_m3 + overflow_out_m3; }
    double volume_error_m3() const { return total_runoff_m3 - stored_m3 - spilled_out_m3(); }
};

// Fill–Spill–Merge with a uniform runoff depth (m; negative or not finite is InputError).
FsmResult fill_spill_merge(GridView<const float> dem, const DepressionHierarchy& h, double runoff_m);
// With a runoff depth per cell (m; NaN counts as 0; negative or infinite is InputError).
// std::invalid_argument if shapes differ.
FsmResult fill_spill_merge(GridView<const float> dem, const DepressionHierarchy& h, GridView<const float> runoff_m);

// Fill–Spill–Merge reported per blue spot, like fill_spill() (spots.hpp): the pipeline's entry point. Builds the
// hierarchy of `dem` (cell size from `map`), routes the runoff, and maps the result onto the spots:
//   depth_m            the Fill–Spill–Merge depth of every cell (shallow cells outside spots included);
//   per spot           each top-level depression belongs to the spot that holds its lowest cell; a spot's
//                      catchment_runoff_m3, upstream_inflow_m3, stored_m3 and overflow_m3 are the sums over its
//                      depressions (runoff of their leaves' cells, overflow received from other depressions, water
//                      held, overflow passed on), so inflow = stored + overflow for every spot; a spot that holds no
//                      depression's lowest cell (split off by the minimum depth) reports the water on its own
//                      cells as stored; level_m is the highest water level on the spot's cells (NaN when dry);
//   totals             stored = Σ water held in all depressions, spilled out = runoff of cells draining out
//                      directly + overflow of top-level depressions out of the model: exact conservation.
FillSpillResult fill_spill_merge(GridView<const float> dem, const BlueSpotMap& map, double runoff_m);
FillSpillResult fill_spill_merge(GridView<const float> dem, const BlueSpotMap& map, GridView<const float> runoff_m);
// The same from a hierarchy already built (and its result), e.g. to keep both.
FillSpillResult spot_fill_from_fsm(GridView<const float> dem, const BlueSpotMap& map, const DepressionHierarchy& h,
                                   FsmResult&& fsm);

}  // namespace wn::bluespots
