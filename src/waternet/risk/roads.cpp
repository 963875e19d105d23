#include "waternet/risk/roads.hpp"

#include <algorithm>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::risk {

namespace {

inline float max_depth(float a, float b) { return std::isnan(a) ? b : (std::isnan(b) ? a : std::max(a, b)); }

// Liang & Barsky (1984) clipping of p0 + t·(dx, dy), t in [0, 1], to the box; false when it misses.
bool clip_to_box(double x0, double y0, double dx, double dy, double xmin, double xmax, double ymin, double ymax,
                 double& t_in, double& t_out) {
    t_in = 0.0;
    t_out = 1.0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x0 - xmin, xmax - x0, y0 - ymin, ymax - y0};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0) return false;  // parallel to this edge and outside it
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0.0)
            t_in = std::max(t_in, t);
        else
            t_out = std::min(t_out, t);
    }
    return t_in < t_out;
}

// The parameter of the first grid line after t_from that u(t) = u0 + t·du crosses (lines at integers u),
// and the index step; +inf when du == 0.
struct LineWalk {
    double next_t = std::numeric_limits<double>::infinity();
    double k = 0.0;     // the line's integer coordinate
    double step = 0.0;  // +1 or -1
    double u0 = 0.0, du = 0.0;

    LineWalk(double u_start, double du_per_t, double u_at_from) : u0(u_start), du(du_per_t) {
        if (du > 0.0) {
            k = std::floor(u_at_from) + 1.0;
            step = 1.0;
        } else if (du < 0.0) {
            k = std::ceil(u_at_from) - 1.0;
            step = -1.0;
        } else {
            return;
        }
        next_t = (k - u0) / du;
    }
    void advance() {
        k += step;
        next_t = (k - u0) / du;
    }
};

}  // namespace

RoadExposure road_exposure(std::span<const MapPoint> polyline, GridView<const float> depth_m,
                           const GeoTransform& transform, std::span<const double> thresholds_m) {
    if (!(transform.cell_size_m > 0.0) || !std::isfinite(transform.cell_size_m))
        throw InputError("road exposure: the depth grid has no valid cell size");
    std::vector<float> thresholds(thresholds_m.size());
    for (std::size_t i = 0; i < thresholds_m.size(); ++i) {
        if (!std::isfinite(thresholds_m[i]))
            throw InputError("road exposure: a depth threshold is not a finite number");
        thresholds[i] = static_cast<float>(thresholds_m[i]);
    }
    for (std::size_t i = 0; i < polyline.size(); ++i)
        if (!std::isfinite(polyline[i].x) || !std::isfinite(polyline[i].y))
            throw InputError("road exposure: vertex " + std::to_string(i) + " of the road is not a finite coordinate");

    RoadExposure out;
    out.length_over_m.assign(thresholds.size(), 0.0);
    const double cs = transform.cell_size_m;
    const index_t rows = depth_m.rows(), cols = depth_m.cols();
    const double xmin = transform.origin_x, xmax = transform.origin_x + static_cast<double>(cols) * cs;
    const double ymax = transform.origin_y, ymin = transform.origin_y - static_cast<double>(rows) * cs;

    for (std::size_t s = 1; s < polyline.size(); ++s) {
        const double x0 = polyline[s - 1].x, y0 = polyline[s - 1].y;
        const double dx = polyline[s].x - x0, dy = polyline[s].y - y0;
        const double length = std::hypot(dx, dy);
        if (length == 0.0) continue;
        out.length_m += length;
        if (rows == 0 || cols == 0) continue;
        double t_in = 0.0, t_out = 0.0;
        if (!clip_to_box(x0, y0, dx, dy, xmin, xmax, ymin, ymax, t_in, t_out)) continue;

        // Grid coordinates: u = column axis (east), v = row axis (south), both in cells.
        const double u0 = (x0 - transform.origin_x) / cs, du = dx / cs;
        const double v0 = (transform.origin_y - y0) / cs, dv = -dy / cs;
        LineWalk across_cols(u0, du, u0 + t_in * du);
        LineWalk across_rows(v0, dv, v0 + t_in * dv);

        double t = t_in;
        while (t < t_out) {
            const double t_next = std::min({across_cols.next_t, across_rows.next_t, t_out});
            if (t_next > t) {
                const double mid = 0.5 * (t + t_next);
                const index_t col = std::clamp(static_cast<index_t>(std::floor(u0 + mid * du)), index_t{0}, cols - 1);
                const index_t row = std::clamp(static_cast<index_t>(std::floor(v0 + mid * dv)), index_t{0}, rows - 1);
                const double piece = (t_next - t) * length;
                out.length_in_grid_m += piece;
                const float d = depth_m(row, col);
                if (std::isnan(d)) {
                    out.length_nodata_m += piece;
                } else {
                    out.max_depth_m = max_depth(out.max_depth_m, d);
                    for (std::size_t i = 0; i < thresholds.size(); ++i)
                        if (d > thresholds[i]) out.length_over_m[i] += piece;
                }
                t = t_next;
            }
            // Step past every line crossed at t (a corner crosses two at once).
            while (across_cols.next_t <= t) across_cols.advance();
            while (across_rows.next_t <= t) across_rows.advance();
            if (t_next >= t_out) break;
        }
    }
    return out;
}

void RoadClassTotals::add(std::string_view road_class, const RoadExposure& exposure) {
    if (exposure.length_over_m.size() != thresholds_m_.size())
        throw InputError("road totals: a road was measured against " + std::to_string(exposure.length_over_m.size()) +
                         " thresholds, the totals keep " + std::to_string(thresholds_m_.size()));
    auto it = by_class_.find(road_class);
    if (it == by_class_.end()) {
        it = by_class_.emplace(std::string(road_class), Totals{}).first;
        it->second.length_over_m.assign(thresholds_m_.size(), 0.0);
    }
    Totals& t = it->second;
    ++t.roads;
    t.length_m += exposure.length_m;
    t.length_in_grid_m += exposure.length_in_grid_m;
    t.length_nodata_m += exposure.length_nodata_m;
    for (std::size_t i = 0; i < thresholds_m_.size(); ++i) t.length_over_m[i] += exposure.length_over_m[i];
    t.max_depth_m = max_depth(t.max_depth_m, exposure.max_depth_m);
}

}  // namespace wn::risk
