// Roads under water: how much of a road lies in cells deeper than each threshold.
//
// The stress test maps roads that are impassable (commonly > 15 cm, the depth at which ordinary cars and
// emergency services stop) or hindered (> 10 cm). A road is a polyline in the grid's CRS; each segment is
// clipped exactly against the cell grid with the Amanatides & Woo (1987) voxel traversal ("A fast voxel
// traversal algorithm for ray tracing", Eurographics '87): the parameters t at which the segment crosses the
// vertical and horizontal cell edges are visited in order, and each piece between two crossings lies in one
// cell (found from the piece's midpoint, so that a piece never lands in a cell it only touches). A piece's
// length is (t1 - t0) · segment length: exact up to rounding, with no sampling step.
//
// A piece that runs exactly along a cell edge is counted in the cell south (for a horizontal edge) or east
// (for a vertical edge) of it. Lengths in metres of the grid CRS (RD New: metres); depths in metres.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/risk/types.hpp"

namespace wn::risk {

struct RoadExposure {
    double length_m = 0.0;              // the whole polyline
    double length_in_grid_m = 0.0;      // inside the grid's extent
    double length_nodata_m = 0.0;       // inside the grid, on cells with NaN depth
    std::vector<double> length_over_m;  // per threshold: length on cells with depth > threshold (compared in float)
    float max_depth_m = std::numeric_limits<float>::quiet_NaN();  // deepest cell the road crosses (NaN: none with data)
};

// thresholds_m: any order, e.g. {0.10, 0.15, 0.30}. A polyline of fewer than two points has length 0.
// InputError: a coordinate or threshold that is not finite, or a depth grid with no georeferencing
// (cell size <= 0).
RoadExposure road_exposure(std::span<const MapPoint> polyline, GridView<const float> depth_m,
                           const GeoTransform& transform, std::span<const double> thresholds_m);

// Sums of RoadExposure per road class ("motorway", "residential", ...), in name order.
class RoadClassTotals {
public:
    struct Totals {
        std::int64_t roads = 0;
        double length_m = 0.0;
        double length_in_grid_m = 0.0;
        double length_nodata_m = 0.0;
        std::vector<double> length_over_m;
        float max_depth_m = std::numeric_limits<float>::quiet_NaN();
    };

    explicit RoadClassTotals(std::vector<double> thresholds_m) : thresholds_m_(std::move(thresholds_m)) {}

    // InputError when the exposure was computed for a different number of thresholds.
    void add(std::string_view road_class, const RoadExposure& exposure);

    const std::vector<double>& thresholds_m() const { return thresholds_m_; }
    const std::map<std::string, Totals, std::less<>>& by_class() const { return by_class_; }

private:
    std::vector<double> thresholds_m_;
    std::map<std::string, Totals, std::less<>> by_class_;
};

}  // namespace wn::risk
