#include "waternet/risk/facade.hpp"

#include <algorithm>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::risk {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// NaN-ignoring max: NaN only when both are NaN.
inline float max_depth(float a, float b) { return std::isnan(a) ? b : (std::isnan(b) ? a : std::max(a, b)); }

// What one thread has seen of each building; merged by max and integer sums, so the merge order is irrelevant.
struct BuildingTally {
    std::vector<float> ring_max;
    std::vector<float> inside_max;
    std::vector<std::int32_t> footprint, ring, ring_nodata, wet;

    explicit BuildingTally(std::size_t n)
        : ring_max(n, kNaN), inside_max(n, kNaN), footprint(n, 0), ring(n, 0), ring_nodata(n, 0), wet(n, 0) {}
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
    if (!(options.wet_depth_m >= 0.0f))
        throw InputError("façade depth: the wet depth must be a number >= 0 m");
    if (!points.empty() && points.size() != static_cast<std::size_t>(building_count))
        throw InputError("façade depth: " + std::to_string(points.size()) + " representative points for " +
                         std::to_string(building_count) + " buildings (give one per building, or none)");
    for (index_t r = 0; r < ids.rows(); ++r) {
        const std::int32_t* row = ids.row(r);
        for (index_t c = 0; c < ids.cols(); ++c)
            if (row[c] < 0 || row[c] > building_count)
                throw InputError("façade depth: building id " + std::to_string(row[c]) + " at row " + std::to_string(r) +
                                 ", column " + std::to_string(c) + " is outside 0.." + std::to_string(building_count) +
                                 " (0 = no building, k = building k-1)");
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

}  // namespace

const char* to_string(FacadeMethod method) {
    switch (method) {
        case FacadeMethod::kRing: return "ring";
        case FacadeMethod::kPoint: return "point";
        case FacadeMethod::kNone: return "none";
    }
    return "?";
}

std::vector<FacadeExposure> facade_exposure(GridView<const float> depth_m, GridView<const std::int32_t> ids,
                                            std::int32_t building_count, const FacadeOptions& options,
                                            std::span<const GridCell> points) {
    check_inputs(depth_m, ids, building_count, options, points);
    const auto n = static_cast<std::size_t>(building_count);
    const index_t rows = ids.rows();
    const index_t cols = ids.cols();
    const index_t w = options.ring_width_cells;
    const float wet_depth = options.wet_depth_m;

    // Rows with no building within w rows have no ring cell: skipping them makes open country nearly free.
    std::vector<std::uint8_t> row_has_building(static_cast<std::size_t>(rows), 0);
    for (index_t r = 0; r < rows; ++r) {
        const std::int32_t* row = ids.row(r);
        row_has_building[static_cast<std::size_t>(r)] = std::any_of(row, row + cols, [](std::int32_t v) { return v != 0; });
    }
    std::vector<std::uint8_t> near_building(static_cast<std::size_t>(rows), 0);
    for (index_t r = 0; r < rows; ++r)
        for (index_t rr = std::max<index_t>(0, r - w); rr <= std::min(rows - 1, r + w); ++rr)
            if (row_has_building[static_cast<std::size_t>(rr)]) {
                near_building[static_cast<std::size_t>(r)] = 1;
                break;
            }

    BuildingTally total(n);
#pragma omp parallel
    {
        BuildingTally mine(n);
        std::vector<std::int32_t> seen;  // distinct buildings around one cell
        seen.reserve(static_cast<std::size_t>((2 * w + 1) * (2 * w + 1)));
#pragma omp for schedule(dynamic, 16)
        for (index_t r = 0; r < rows; ++r) {
            if (!near_building[static_cast<std::size_t>(r)]) continue;
            const std::int32_t* id_row = ids.row(r);
            const float* depth_row = depth_m.row(r);
            const index_t r0 = std::max<index_t>(0, r - w), r1 = std::min(rows - 1, r + w);
            for (index_t c = 0; c < cols; ++c) {
                const float d = depth_row[c];
                if (id_row[c] != 0) {
                    const auto b = static_cast<std::size_t>(id_row[c] - 1);
                    ++mine.footprint[b];
                    mine.inside_max[b] = max_depth(mine.inside_max[b], d);
                    continue;
                }
                const index_t c0 = std::max<index_t>(0, c - w), c1 = std::min(cols - 1, c + w);
                seen.clear();
                for (index_t rr = r0; rr <= r1; ++rr) {
                    const std::int32_t* window = ids.row(rr);
                    for (index_t cc = c0; cc <= c1; ++cc) {
                        const std::int32_t id = window[cc];
                        if (id != 0 && std::find(seen.begin(), seen.end(), id) == seen.end()) seen.push_back(id);
                    }
                }
                for (const std::int32_t id : seen) {
                    const auto b = static_cast<std::size_t>(id - 1);
                    if (std::isnan(d)) {
                        ++mine.ring_nodata[b];
                        continue;
                    }
                    ++mine.ring[b];
                    if (d > wet_depth) ++mine.wet[b];
                    mine.ring_max[b] = max_depth(mine.ring_max[b], d);
                }
            }
        }
#pragma omp critical(wn_risk_facade_merge)
        for (std::size_t b = 0; b < n; ++b) {
            total.ring_max[b] = max_depth(total.ring_max[b], mine.ring_max[b]);
            total.inside_max[b] = max_depth(total.inside_max[b], mine.inside_max[b]);
            total.footprint[b] += mine.footprint[b];
            total.ring[b] += mine.ring[b];
            total.ring_nodata[b] += mine.ring_nodata[b];
            total.wet[b] += mine.wet[b];
        }
    }

    std::vector<FacadeExposure> out(n);
    for (std::size_t b = 0; b < n; ++b) {
        FacadeExposure& e = out[b];
        e.footprint_cells = total.footprint[b];
        e.footprint_max_depth_m = total.inside_max[b];
        e.ring_cells = total.ring[b];
        e.ring_nodata_cells = total.ring_nodata[b];
        e.wet_ring_cells = total.wet[b];
        if (e.ring_cells > 0) {
            e.max_depth_m = total.ring_max[b];
            e.method = FacadeMethod::kRing;
        } else if (!points.empty()) {
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
