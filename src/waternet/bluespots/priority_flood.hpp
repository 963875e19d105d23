// Depression filling: the level every cell of a DEM would hold water to if rain kept falling and water could
// only leave the model at its outlets. The difference with the terrain is the "blue spot": how deep water can
// stand there before it spills.
//
// Method: Priority-Flood,
//   R. Barnes, C. Lehman, D. Mulla (2014). Priority-Flood: An optimal depression-filling and watershed-labeling
//   algorithm for digital elevation models. Computers & Geosciences 62, 117–127. doi:10.1016/j.cageo.2013.04.024
// in its "improved" form (their Algorithm 3: cells raised to the spill level of a depression go through a plain
// queue, not the priority queue), plus the slope-tracing idea of
//   G. Zhou, Z. Sun, S. Fu (2016). An efficient variant of the Priority-Flood algorithm for filling depressions
//   in raster digital elevation models. Computers & Geosciences 90, 87–96. doi:10.1016/j.cageo.2016.02.021
// (cells climbing a slope away from the current spill level keep their own elevation, so they are final when
// first reached and are traced with a plain queue too). Only cells next to lower, not yet reached terrain enter
// the priority queue; on real terrain that is a small fraction of all cells.
//
// Outlets, where water leaves the model: the grid edge, and the NaN (no data) cells. A cell on the grid edge or
// next to a NaN cell is never filled above its own elevation; NaN cells stay NaN. So a pit that drains into a
// NaN area is not a blue spot. Holes inside the data (AHN gaps under buildings and on water) are outlets too
// unless they are given an elevation first (see core/nodata_fill.hpp: HolePolicy).
//
// The result is the unique minimal filled surface (the same as Planchon & Darboux 2001 with ε = 0): every
// value is a copy of some input elevation, no arithmetic, so the result does not depend on the visiting order.
// Flats are left flat (no ε gradient): flow_directions.hpp resolves them.
//
// Memory: the DEM is filled in place (4 bytes/cell), plus one byte of flags per cell and the queues.
#pragma once

#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::bluespots {

// What one fill did; handy for benchmarks and for judging a DEM.
struct FillStats {
    index_t valid_cells = 0;   // cells that are not NaN
    index_t raised_cells = 0;  // cells whose level was raised (inside a depression)
    index_t heap_pushes = 0;   // cells that went through the priority queue (the rest used plain queues)
};

// Fills all depressions of `dem` in place (see above). Any row stride is accepted; a strided view is worked on
// through a contiguous copy. InputError: an infinite elevation, or more than 2^32 − 1 cells.
FillStats fill_depressions(GridView<float> dem);

// The same fill, also telling for every cell which outlet its level comes from (for the tiled fill,
// tiled_priority_flood.hpp). On entry `labels` holds a label for every outlet cell (grid edge or next to NaN);
// the fill gives every other valid cell the label of the cell that reached it (the plain queues and the heap pass
// a level on from cell to cell, and the label goes with it), so each cell is joined to its outlet by a path of
// cells with its label that stays at or below its filled level. Labels of NaN cells are left as they are.
// Both grids contiguous and of one shape (std::invalid_argument otherwise: a bug).
FillStats fill_depressions_labelled(GridView<float> dem, GridView<std::uint32_t> labels);

// The filled copy of `dem` (same shape; the copy has no row padding).
Grid<float> filled_dem(GridView<const float> dem);

// Depth of water a filled DEM holds: filled − dem, 0 where nothing is stored, NaN where dem is NaN.
// std::invalid_argument if the shapes differ (a bug, not a user error).
Grid<float> fill_depth(GridView<const float> dem, GridView<const float> filled);
// Convenience: fills a copy of `dem` and returns the depth.
Grid<float> fill_depth(GridView<const float> dem);

}  // namespace wn::bluespots
