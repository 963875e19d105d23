// Plots on a grid for the waterlabel: approximate plots from buildings and their yards, and each plot's surfaces.
//
// Where no cadastral parcels are given, a plot is approximated per building: the building's cells plus the yard
// cells nearest to it. "Nearest" is measured walking through the yard (8-neighbour steps weighted 3 and 4, the
// chamfer 3-4 distance of Borgefors 1986, "Distance transformations in digital images", CVGIP 34, 344–371, within
// 8 % of the Euclidean distance), so a back garden goes to the house it lies behind, not to the house across a
// fence-less neighbour's roof; a yard shared by a row of houses is split where the distances to two houses are equal
// (a Voronoi split inside the yard). Yard cells farther than the limit from every building, or cut off from every
// building, belong to no plot (counted). Ties go to the building reached first (buildings seeded in row-major order),
// so the result is deterministic. A kernel: grids in, grids out.
#pragma once

#include <cstdint>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::risk {

// What a cell of a plot is, for the waterlabel (web/src/waterlabel.js's parts).
enum class PlotSurface : std::uint8_t {
    none = 0,     // no data: no source polygon covers the cell
    roof = 1,     // a building
    paved = 2,    // paving and other sealed ground
    green = 3,    // garden: grass, plants, trees, open ground
    unknown = 4,  // private yard of unknown make-up (BGT "erf"), water, unclassified
};

struct YardAssignment {
    std::int64_t yard_cells = 0;       // cells of the yard mask
    std::int64_t assigned_cells = 0;   // given to a building
    std::int64_t unreached_cells = 0;  // farther than the limit or cut off: in no plot
};

// owner: in, 0 or k = building k-1 (io/vector_io.hpp rasterize_feature_ids); out, every yard cell within
// `max_distance_m` of a building (walking through yard cells from a cell next to the building) holds that building's
// id. `yard`: 1 where a cell is yard (cells with an owner are never yard). Same shape; InputError otherwise, for a
// cell size ≤ 0, a negative limit or one longer than 20,000 cells.
YardAssignment assign_yards_to_buildings(GridView<std::int32_t> owner, GridView<const std::uint8_t> yard,
                                         double cell_size_m, double max_distance_m);

// Roof measures a cell may carry (bits), for the plot's green roof and disconnected downpipes.
inline constexpr std::uint8_t kGreenRoofBit = 1, kDisconnectedBit = 2;

struct PlotCells {
    std::int64_t roof = 0, paved = 0, green = 0, unknown = 0;
    std::int64_t no_data = 0;            // PlotSurface::none
    std::int64_t green_roof = 0;         // roof cells with kGreenRoofBit
    std::int64_t disconnected_roof = 0;  // roof cells with kDisconnectedBit
    std::int64_t total() const { return roof + paved + green + unknown + no_data; }
};

// cells[k] = the cells of plot k (owner k+1) by surface. `roof_measures` empty or the same shape (bits above, read on
// roof cells only). InputError: shapes differ, an owner outside 0..plot_count, a surface code above 4.
std::vector<PlotCells> tally_plot_cells(GridView<const std::int32_t> owner, GridView<const std::uint8_t> surface,
                                        GridView<const std::uint8_t> roof_measures, std::int32_t plot_count);

}  // namespace wn::risk
