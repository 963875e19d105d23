// How much two polygons overlap, exactly (OGR/GEOS on the geometries, not on a grid): a plan's surfaces must not
// claim the same ground twice, however thin the sliver (pipeline/plan.hpp).
#pragma once

#include <string>

namespace wn {

// The area (CRS units², m² in RD New) that two polygons (WKT, same CRS) share; 0 when they only touch.
// InputError for WKT OGR cannot read.
double overlap_area(const std::string& wkt_a, const std::string& wkt_b);

}  // namespace wn
