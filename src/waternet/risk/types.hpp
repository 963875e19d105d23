// Small plain types the risk kernels share: a cell index and a map point.
#pragma once

#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::risk {

struct GridCell {
    index_t row = 0;
    index_t col = 0;
};

struct MapPoint {
    double x = 0.0;  // east, in the grid's CRS (RD New: metres)
    double y = 0.0;  // north
};

// A zone grid and its zone count (ids 0..zone_count-1, 0 = outside every zone): one kind of zone (municipalities,
// water boards, neighbourhoods) for the kernels that sum several kinds in one pass over the grid.
struct ZoneSet {
    GridView<const std::int32_t> zone_id;
    std::int32_t zone_count = 0;
};

// The cell containing a map point (may lie outside the grid; then GridView::contains says no).
inline GridCell cell_of(const GeoTransform& transform, MapPoint p) {
    return {transform.row_of(p.y), transform.col_of(p.x)};
}

}  // namespace wn::risk
