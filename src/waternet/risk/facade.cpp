#include "waternet/risk/facade.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::risk {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// NaN-ignoring max: NaN only when both are NaN.
inline float max_depth(float a, float b) { return std::isnan(a) ? b : (std::isnan(b) ? a : std::max(a, b)); }

// The cells a building covers lie in its box; its ring lies in the box widened by the ring width.
struct CellBox {
    index_t row0 = std::numeric_limits<index_t>::max(), col0 = std::numeric_limits<index_t>::max();
    index_t row1 = -1, col1 = -1;  // inclusive; row1 < row0: no cell

    bool empty() const { return row1 < row0; }
    void add(index_t r, index_t c) {
        row0 = std::min(row0, r), row1 = std::max(row1, r);
        col0 = std::min(col0, c), col1 = std::max(col1, c);
    }
    void merge(const CellBox& o) {
        if (o.empty()) return;
        add(o.row0, o.col0);
        add(o.row1, o.col1);
    }
};

void check_inputs(GridView<const float> depth_m, GridView<const std::int32_t> ids, std::int32_t building_count,
                  const FacadeOptions& options, std::span<const GridCell> points) {
    if (depth_m.rows() != ids.rows() || depth_m.cols() != ids.cols())
        throw InputError("façade depth: the depth grid (" + std::to_string(depth_m.rows()) + " x " +
                         std::to_string(depth_m.cols()) + ") and the building id grid (" + std::to_string(ids.rows()) +
                         " x " + std::to_string(ids.cols()) + ") are not the same grid");
    if (building_count < 0) throw InputError("façade depth: negative building count " + std::to_string(building_count));
    if (options.ring_width_cells < 1 || options.ring_width_cells > kMaxRingWidthCells)
        throw InputError("façade depth: ring width " + std::to_string(options.ring_width_cells) +
                         " cells is outside 1.." + std::to_string(kMaxRingWidthCells));
    if (!(options.wet_depth_m >= 0.0f)) throw InputError("façade depth: the wet depth must be a number >= 0 m");
    if (!points.empty() && points.size() != static_cast<std::size_t>(building_count))
        throw InputError("façade depth: " + std::to_string(points.size()) + " representative points for " +
                         std::to_string(building_count) + " buildings (give one per building, or none)");
    for (index_t r = 0; r < ids.rows(); ++r) {
        const std::int32_t* row = ids.row(r);
        for (index_t c = 0; c < ids.cols(); ++c)
            if (row[c] < 0 || row[c] > building_count)
                throw InputError("façade depth: building id " + std::to_string(row[c]) + " at row " +
                                 std::to_string(r) + ", column " + std::to_string(c) + " is outside 0.." +
                                 std::to_string(building_count) + " (0 = no building, k = building k-1)");
    }
}

// Max depth over the 3×3 cells around (row, col) that lie in the grid; NaN when none has data.
float depth_around(GridView<const float> depth_m, GridCell p) {
    float best = kNaN;
    for (index_t r = p.row - 1; r <= p.row + 1; ++r)
        for (index_t c = p.col - 1; c <= p.col + 1; ++c)
            if (depth_m.contains(r, c)) best = max_depth(best, depth_m(r, c));
    return best;
}

// The box of every building's cells (ids k → box k-1), in one pass over the id grid; boxes are merged by min
// and max, so the thread count does not matter.
std::vector<CellBox> building_boxes(GridView<const std::int32_t> ids, std::size_t n) {
    std::vector<CellBox> boxes(n);
#pragma omp parallel
    {
        std::vector<CellBox> mine(n);
#pragma omp for schedule(static)
        for (index_t r = 0; r < ids.rows(); ++r) {
            const std::int32_t* row = ids.row(r);
            for (index_t c = 0; c < ids.cols(); ++c)
                if (row[c] != 0) mine[static_cast<std::size_t>(row[c] - 1)].add(r, c);
        }
#pragma omp critical(wn_risk_facade_boxes)
        for (std::size_t b = 0; b < n; ++b) boxes[b].merge(mine[b]);
    }
    return boxes;
}

// One building's footprint and ring (the header's definition), read in its box widened by w: a cell with no
// building is in the ring when a cell of this building lies within w of it (such a cell can only be in the box).
// Maxima and counts over the building's own cells: the result does not depend on the order buildings are done in.
FacadeExposure footprint_and_ring(GridView<const float> depth_m, GridView<const std::int32_t> ids, std::int32_t id,
                                  const CellBox& box, index_t w, float wet_depth) {
    FacadeExposure e;
    if (box.empty()) return e;
    const index_t r0 = std::max<index_t>(0, box.row0 - w), r1 = std::min(ids.rows() - 1, box.row1 + w);
    const index_t c0 = std::max<index_t>(0, box.col0 - w), c1 = std::min(ids.cols() - 1, box.col1 + w);
    float ring_max = kNaN, inside_max = kNaN;
    for (index_t r = r0; r <= r1; ++r) {
        const std::int32_t* id_row = ids.row(r);
        const float* depth_row = depth_m.row(r);
        const index_t near_r0 = std::max(r - w, box.row0), near_r1 = std::min(r + w, box.row1);
        for (index_t c = c0; c <= c1; ++c) {
            const float d = depth_row[c];
            if (id_row[c] == id) {
                ++e.footprint_cells;
                inside_max = max_depth(inside_max, d);
                continue;
            }
            if (id_row[c] != 0) continue;
            const index_t near_c0 = std::max(c - w, box.col0), near_c1 = std::min(c + w, box.col1);
            bool near = false;
            for (index_t rr = near_r0; rr <= near_r1 && !near; ++rr) {
                const std::int32_t* window = ids.row(rr);
                for (index_t cc = near_c0; cc <= near_c1; ++cc)
                    if (window[cc] == id) {
                        near = true;
                        break;
                    }
            }
            if (!near) continue;
            if (std::isnan(d)) {
                ++e.ring_nodata_cells;
                continue;
            }
            ++e.ring_cells;
            if (d > wet_depth) ++e.wet_ring_cells;
            ring_max = max_depth(ring_max, d);
        }
    }
    e.footprint_max_depth_m = inside_max;
    if (e.ring_cells > 0) {
        e.max_depth_m = ring_max;
        e.method = FacadeMethod::kRing;
    }
    return e;
}

}  // namespace

const char* to_string(FacadeMethod method) {
    switch (method) {
        case FacadeMethod::kRing:
            return "ring";
        case FacadeMethod::kPoint:
            return "point";
        case FacadeMethod::kNone:
            return "none";
    }
    return "?";
}

std::vector<FacadeExposure> facade_exposure(GridView<const float> depth_m, GridView<const std::int32_t> ids,
                                            std::int32_t building_count, const FacadeOptions& options,
                                            std::span<const GridCell> points) {
    check_inputs(depth_m, ids, building_count, options, points);
    const auto n = static_cast<std::size_t>(building_count);
    const index_t w = options.ring_width_cells;
    // Building by building in its own box instead of every cell of the grid against its neighbourhood: the boxes
    // widened by the ring hold a few times the footprints' cells, a fraction of a region's grid.
    const std::vector<CellBox> boxes = building_boxes(ids, n);
    std::vector<FacadeExposure> out(n);
#pragma omp parallel for schedule(dynamic, 256)
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
        const auto b = static_cast<std::size_t>(i);
        FacadeExposure& e = out[b];
        e = footprint_and_ring(depth_m, ids, static_cast<std::int32_t>(i + 1), boxes[b], w, options.wet_depth_m);
        if (e.ring_cells == 0 && !points.empty()) {
            e.max_depth_m = depth_around(depth_m, points[b]);
            e.method = std::isnan(e.max_depth_m) ? FacadeMethod::kNone : FacadeMethod::kPoint;
        }
    }
    return out;
}

std::vector<std::int64_t> count_over_thresholds(std::span<const FacadeExposure> exposures,
                                                std::span<const double> thresholds_m) {
    for (const double t : thresholds_m)
        if (std::isnan(t)) throw InputError("façade depth: a threshold is not a number");
    std::vector<std::int64_t> counts(thresholds_m.size(), 0);
    for (const FacadeExposure& e : exposures) {
        if (std::isnan(e.max_depth_m)) continue;
        for (std::size_t i = 0; i < thresholds_m.size(); ++i)
            if (e.max_depth_m > static_cast<float>(thresholds_m[i])) ++counts[i];
    }
    return counts;
}

}  // namespace wn::risk
