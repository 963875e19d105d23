// D8 flow directions on a depression-filled DEM, with flats resolved, and flow accumulation.
//
// Direction codes, one byte per cell (row index grows southwards, north-up grids):
//
//      6 NW   7 N   8 NE
//      5 W    ·     1 E
//      4 SW   3 S   2 SE
//
//   0 = no direction: an outlet (water leaves the model there), a NaN cell, or a cell that cannot drain
//       (a pit in a DEM that was not filled).
//   Code k corresponds to ESRI/ArcGIS D8 value 2^(k−1) (1 E, 2 SE, 4 S, ..., 128 NE); odd codes are cardinal.
//
// Rules, consistent with fill_depressions() (priority_flood.hpp):
//   - A cell with a lower valid neighbour flows to the steepest one (drop / distance, √2 for diagonals; ties go
//     to the first in code order). This holds on the grid edge and next to NaN too: water runs downhill into
//     the model rather than out of it when it can.
//   - A cell with no lower neighbour that is on the grid edge or next to NaN is an outlet (0).
//   - Any other cell with no lower neighbour is on a flat. Flats are resolved by
//       R. Barnes, C. Lehman, D. Mulla (2014). An efficient assignment of drainage direction over flat surfaces
//       in raster digital elevation models. Computers & Geosciences 62, 128–135. doi:10.1016/j.cageo.2013.01.009
//     which combines a gradient away from higher terrain with a stronger gradient towards lower terrain, on an
//     integer mask, without changing the DEM. Water on a flat drains to the flat's outlets ("low edges": cells
//     of the flat's elevation that already drain, outlets included) along paths that also stay away from the
//     flat's higher rim, so parallel flow lines do not hug the edges. Flats with no low edge stay 0.
// On a filled DEM (fill_depressions) every valid cell then has a D8 path to an outlet, without cycles.
//
// Flow accumulation visits cells in a topological order found by counting each cell's inflowing neighbours
// (in-degree): a cell is passed downstream once all its inflows are in. O(cells), one extra byte per cell.
#pragma once

#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::bluespots {

namespace d8 {
inline constexpr std::uint8_t kNone = 0;
// Row and column offset of the neighbour a code points to; index 0 (no direction) is (0, 0).
inline constexpr int kRowOffset[9] = {0, 0, 1, 1, 1, 0, -1, -1, -1};
inline constexpr int kColOffset[9] = {0, 1, 1, 0, -1, -1, -1, 0, 1};
// The code pointing back (from the neighbour to the cell): 1 E ↔ 5 W, 2 SE ↔ 6 NW, ...
inline constexpr std::uint8_t reverse(std::uint8_t code) {
    return code == 0 ? 0 : static_cast<std::uint8_t>((code + 3) % 8 + 1);
}
}  // namespace d8

// D8 directions of `filled` (NaN = no data) with flats resolved (see above). Memory beyond the result: 8 bytes
// per cell (flat labels and gradient mask), allocated only when the DEM has flats.
// InputError: more than 2^32 − 1 cells.
Grid<std::uint8_t> flow_directions(GridView<const float> filled);

// Number of cells draining through each cell, itself included; 0 where `dem` is NaN (no data counts nothing).
// InputError if `directions` holds a code above 8, points off the grid, or has a cycle;
// std::invalid_argument if the shapes differ.
Grid<std::uint32_t> flow_accumulation(GridView<const std::uint8_t> directions, GridView<const float> dem);

// Sum of `weights` (e.g. runoff depth or volume per cell) of all cells draining through each cell, itself
// included; a NaN weight counts as 0. Sums in double. Errors as above.
Grid<double> weighted_flow_accumulation(GridView<const std::uint8_t> directions, GridView<const float> weights);

}  // namespace wn::bluespots
