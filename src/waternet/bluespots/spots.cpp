#include "waternet/bluespots/spots.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "waternet/bluespots/flow_directions.hpp"
#include "waternet/core/error.hpp"

namespace wn::bluespots {

namespace {

template <class A, class B>
void require_same_shape(const GridView<A>& a, const GridView<B>& b, const char* what) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw std::invalid_argument(std::string("blue spots: shapes differ (") + what + ")");
}

constexpr std::int64_t kNone = -1;

// Linear index of the cell `code` points to from (r, c), kNone for code 0. InputError for a bad code.
inline std::int64_t downstream_of(GridView<const std::uint8_t> dirs, index_t r, index_t c) {
    const std::uint8_t code = dirs(r, c);
    if (code == d8::kNone) return kNone;
    if (code > 8) throw InputError("blue spots: flow direction code " + std::to_string(code) + " is not a D8 code");
    const index_t rr = r + d8::kRowOffset[code], cc = c + d8::kColOffset[code];
    if (!dirs.contains(rr, cc)) throw InputError("blue spots: a flow direction points off the grid");
    return static_cast<std::int64_t>(rr * dirs.cols() + cc);
}

}  // namespace

BlueSpotMap find_blue_spots(GridView<const float> dem, GridView<const float> filled, const SpotOptions& options) {
    const Grid<std::uint8_t> dirs = flow_directions(filled);
    return find_blue_spots(dem, filled, dirs.view(), options);
}

BlueSpotMap find_blue_spots(GridView<const float> dem, GridView<const float> filled,
                            GridView<const std::uint8_t> directions, const SpotOptions& options) {
    require_same_shape(dem, filled, "dem, filled");
    require_same_shape(dem, directions, "dem, directions");
    if (!(options.min_depth_m >= 0.0f) || !std::isfinite(options.min_depth_m))
        throw InputError("blue spots: the minimum depth must be a finite number >= 0");
    if (!(options.cell_size_m > 0.0) || !std::isfinite(options.cell_size_m))
        throw InputError("blue spots: the cell size must be a positive number");
    const index_t rows = dem.rows(), cols = dem.cols(), n = rows * cols;
    BlueSpotMap map;
    map.cell_size_m = options.cell_size_m;
    const double area = map.cell_area_m2();
    map.spot_id = Grid<std::int32_t>(rows, cols, 0);
    map.catchment_id = Grid<std::int32_t>(rows, cols, 0);
    std::int32_t* spot = map.spot_id.data();

    auto depth_at = [&](index_t r, index_t c) -> float {
        const float z = dem(r, c), f = filled(r, c);
        if (std::isnan(z) || std::isnan(f)) return 0.0f;
        return f - z;
    };

    // 1. Label: 8-connected cells deeper than the minimum, flood-filled with an explicit stack.
    std::vector<index_t> stack;
    for (index_t r = 0; r < rows; ++r) {
        for (index_t c = 0; c < cols; ++c) {
            if (spot[r * cols + c] != 0 || !(depth_at(r, c) > options.min_depth_m)) continue;
            if (map.spots.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
                throw InputError("blue spots: more than 2^31 - 1 spots");
            const auto id = static_cast<std::int32_t>(map.spots.size() + 1);
            BlueSpot s;
            s.id = id;
            s.spill_level_m = filled(r, c);
            s.deepest_row = r;
            s.deepest_col = c;
            s.row_min = s.row_max = r;
            s.col_min = s.col_max = c;
            spot[r * cols + c] = id;
            stack.push_back(r * cols + c);
            while (!stack.empty()) {
                const index_t i = stack.back();
                stack.pop_back();
                const index_t ir = i / cols, ic = i % cols;
                // In double, so that the volume is exactly the stage-volume curve at the spill level.
                const double d = static_cast<double>(filled(ir, ic)) - static_cast<double>(dem(ir, ic));
                ++s.cells;
                s.volume_m3 += d * area;
                // Ties go to the first cell in row-major order, as in the tiled labelling (tiled_spots.hpp).
                if (d > s.max_depth_m || (d == s.max_depth_m && i < s.deepest_row * cols + s.deepest_col)) {
                    s.max_depth_m = d;
                    s.deepest_row = ir;
                    s.deepest_col = ic;
                }
                s.row_min = std::min(s.row_min, ir);
                s.row_max = std::max(s.row_max, ir);
                s.col_min = std::min(s.col_min, ic);
                s.col_max = std::max(s.col_max, ic);
                for (int dr = -1; dr <= 1; ++dr)
                    for (int dc = -1; dc <= 1; ++dc) {
                        const index_t nr = ir + dr, nc = ic + dc;
                        if ((dr == 0 && dc == 0) || !dem.contains(nr, nc)) continue;
                        const index_t j = nr * cols + nc;
                        if (spot[j] != 0 || !(depth_at(nr, nc) > options.min_depth_m)) continue;
                        spot[j] = id;
                        stack.push_back(j);
                    }
            }
            s.area_m2 = static_cast<double>(s.cells) * area;
            map.spots.push_back(s);
        }
    }

    // 2. A topological order of the D8 graph (Kahn: in-degrees, cells released once all inflows are in).
    if (n > static_cast<index_t>(std::numeric_limits<std::uint32_t>::max()))
        throw InputError("blue spots: more than 2^32 - 1 cells");
    std::vector<std::int64_t> next(static_cast<std::size_t>(n), kNone);
    std::vector<std::uint8_t> indegree(static_cast<std::size_t>(n), 0);
    index_t valid = 0;
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            const index_t i = r * cols + c;
            if (std::isnan(dem(r, c)) || std::isnan(filled(r, c))) {
                if (directions(r, c) != d8::kNone) throw InputError("blue spots: a no-data cell has a flow direction");
                continue;
            }
            ++valid;
            const std::int64_t j = downstream_of(directions, r, c);
            next[static_cast<std::size_t>(i)] = j;
            if (j != kNone) ++indegree[static_cast<std::size_t>(j)];
        }
    std::vector<std::uint32_t> order;
    order.reserve(static_cast<std::size_t>(valid));
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c)
            if (!std::isnan(dem(r, c)) && !std::isnan(filled(r, c)) &&
                indegree[static_cast<std::size_t>(r * cols + c)] == 0)
                order.push_back(static_cast<std::uint32_t>(r * cols + c));
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::int64_t j = next[order[k]];
        if (j != kNone && --indegree[static_cast<std::size_t>(j)] == 0) order.push_back(static_cast<std::uint32_t>(j));
    }
    if (static_cast<index_t>(order.size()) != valid)
        throw InputError("blue spots: the flow directions have a cycle (or point into no-data)");
    indegree = {};

    // 3. Exit cell of each spot: its last cell in topological order; remember that position for the spill order.
    const std::size_t count = map.spots.size();
    std::vector<std::size_t> exit_position(count, 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::int32_t id = spot[order[k]];
        if (id == 0) continue;
        exit_position[static_cast<std::size_t>(id - 1)] = k;
    }

    // 4. Catchments: downstream first, each cell takes its own spot or that of the cell it drains to.
    std::int32_t* catchment = map.catchment_id.data();
    for (std::size_t k = order.size(); k-- > 0;) {
        const std::uint32_t i = order[k];
        if (spot[i] != 0)
            catchment[i] = spot[i];
        else
            catchment[i] = next[i] == kNone ? 0 : catchment[static_cast<std::size_t>(next[i])];
    }
    for (index_t i = 0; i < n; ++i)
        if (catchment[i] != 0) ++map.spots[static_cast<std::size_t>(catchment[i] - 1)].catchment_cells;

    // 5. Pour point and downstream spot of each spot.
    for (BlueSpot& s : map.spots) {
        const std::uint32_t exit = order[exit_position[static_cast<std::size_t>(s.id - 1)]];
        s.exit_row = exit / cols;
        s.exit_col = exit % cols;
        s.catchment_m2 = static_cast<double>(s.catchment_cells) * area;
        const std::int64_t after = next[exit];
        s.spills_into = after == kNone ? 0 : catchment[static_cast<std::size_t>(after)];
        const auto level = static_cast<float>(s.spill_level_m);
        std::int64_t pour = exit;
        for (std::int64_t j = after; j != kNone; j = next[static_cast<std::size_t>(j)]) {
            const auto sj = static_cast<std::size_t>(j);
            if (spot[sj] != 0) break;
            if (filled(static_cast<index_t>(j) / cols, static_cast<index_t>(j) % cols) < level) break;
            pour = j;
        }
        s.pour_row = static_cast<index_t>(pour) / cols;
        s.pour_col = static_cast<index_t>(pour) % cols;
    }

    // 6. Spill order: by exit position (a spot's exit is upstream of every spot it spills into).
    map.order.resize(count);
    for (std::size_t k = 0; k < count; ++k) map.order[k] = static_cast<std::int32_t>(k + 1);
    std::sort(map.order.begin(), map.order.end(), [&](std::int32_t a, std::int32_t b) {
        return exit_position[static_cast<std::size_t>(a - 1)] < exit_position[static_cast<std::size_t>(b - 1)];
    });
    return map;
}

StageVolumeCurve::StageVolumeCurve(std::vector<float> ground, double cell_area_m2) : area_(cell_area_m2) {
    z_.reserve(ground.size());
    for (float v : ground) {
        if (std::isnan(v)) throw std::invalid_argument("stage-volume curve: NaN ground elevation");
        z_.push_back(v);
    }
    std::sort(z_.begin(), z_.end());
    prefix_.assign(z_.size() + 1, 0.0);
    for (std::size_t i = 0; i < z_.size(); ++i) prefix_[i + 1] = prefix_[i] + z_[i];
}

double StageVolumeCurve::volume_at(double level_m) const {
    const auto m = static_cast<std::size_t>(std::upper_bound(z_.begin(), z_.end(), level_m) - z_.begin());
    return area_ * (static_cast<double>(m) * level_m - prefix_[m]);
}

double StageVolumeCurve::level_for(double volume_m3) const {
    if (z_.empty()) return 0.0;
    if (!(volume_m3 > 0.0)) return z_.front();
    const double v = volume_m3 / area_;
    // Find the segment: m cells under water, z_[m-1] <= L <= z_[m]. V is increasing in m at the breakpoints:
    // V(z_m) = m z_m − prefix_m. Binary search the largest m with V(z_{m-1}) <= v.
    std::size_t lo = 1, hi = z_.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi + 1) / 2;
        const double at_break = static_cast<double>(mid - 1) * z_[mid - 1] - prefix_[mid - 1];
        if (at_break <= v)
            lo = mid;
        else
            hi = mid - 1;
    }
    const std::size_t m = lo;
    double level = (v + prefix_[m]) / static_cast<double>(m);
    // Rounding guard: stay on the segment.
    level = std::max(level, z_[m - 1]);
    if (m < z_.size()) level = std::min(level, z_[m]);
    return level;
}

std::vector<std::vector<float>> spot_ground_elevations(GridView<const float> dem, const BlueSpotMap& map) {
    require_same_shape(dem, map.spot_id.view(), "dem, spot ids");
    std::vector<std::vector<float>> ground(map.spots.size());
    for (std::size_t k = 0; k < map.spots.size(); ++k) ground[k].reserve(static_cast<std::size_t>(map.spots[k].cells));
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            const std::int32_t id = map.spot_id(r, c);
            if (id != 0) ground[static_cast<std::size_t>(id - 1)].push_back(dem(r, c));
        }
    return ground;
}

namespace {

template <class RunoffAt>
FillSpillResult fill_spill_impl(GridView<const float> dem, const BlueSpotMap& map, RunoffAt runoff_at) {
    require_same_shape(dem, map.spot_id.view(), "dem, spot ids");
    const double area = map.cell_area_m2();
    const std::size_t count = map.spots.size();
    FillSpillResult result;
    result.spots.assign(count, SpotFill{});
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            if (std::isnan(dem(r, c))) continue;
            const double volume = runoff_at(r, c) * area;
            result.total_runoff_m3 += volume;
            const std::int32_t id = map.catchment_id(r, c);
            if (id == 0)
                result.runoff_outside_spots_m3 += volume;
            else
                result.spots[static_cast<std::size_t>(id - 1)].catchment_runoff_m3 += volume;
        }
    const auto ground = spot_ground_elevations(dem, map);
    std::vector<double> levels(count, std::numeric_limits<double>::quiet_NaN());
    for (std::int32_t id : map.order) {
        const auto k = static_cast<std::size_t>(id - 1);
        const BlueSpot& s = map.spots[k];
        SpotFill& f = result.spots[k];
        f.inflow_m3 = f.catchment_runoff_m3 + f.upstream_inflow_m3;
        f.stored_m3 = std::min(f.inflow_m3, s.volume_m3);
        f.overflow_m3 = f.inflow_m3 - f.stored_m3;
        f.fill_fraction = s.volume_m3 > 0.0 ? f.stored_m3 / s.volume_m3 : 0.0;
        if (f.stored_m3 >= s.volume_m3) {
            f.level_m = s.spill_level_m;
            ++result.full_spots;
        } else if (f.stored_m3 > 0.0) {
            f.level_m = std::min(StageVolumeCurve(ground[k], area).level_for(f.stored_m3), s.spill_level_m);
        } else {
            f.level_m = std::numeric_limits<double>::quiet_NaN();
        }
        levels[k] = f.level_m;
        result.stored_m3 += f.stored_m3;
        if (s.spills_into == 0)
            result.overflow_out_m3 += f.overflow_m3;
        else
            result.spots[static_cast<std::size_t>(s.spills_into - 1)].upstream_inflow_m3 += f.overflow_m3;
    }
    result.depth_m = Grid<float>(dem.rows(), dem.cols(), 0.0f);
    for (index_t r = 0; r < dem.rows(); ++r)
        for (index_t c = 0; c < dem.cols(); ++c) {
            const float z = dem(r, c);
            if (std::isnan(z)) {
                result.depth_m(r, c) = std::numeric_limits<float>::quiet_NaN();
                continue;
            }
            const std::int32_t id = map.spot_id(r, c);
            if (id == 0) continue;
            const double level = levels[static_cast<std::size_t>(id - 1)];
            if (!std::isnan(level) && level > z) result.depth_m(r, c) = static_cast<float>(level - z);
        }
    return result;
}

}  // namespace

FillSpillResult fill_spill(GridView<const float> dem, const BlueSpotMap& map, double runoff_m) {
    if (!(runoff_m >= 0.0) || !std::isfinite(runoff_m))
        throw InputError("fill-spill: the runoff depth must be a finite number >= 0 (got " + std::to_string(runoff_m) +
                         ")");
    return fill_spill_impl(dem, map, [runoff_m](index_t, index_t) { return runoff_m; });
}

FillSpillResult fill_spill(GridView<const float> dem, const BlueSpotMap& map, GridView<const float> runoff_m) {
    require_same_shape(dem, runoff_m, "dem, runoff");
    for (index_t r = 0; r < runoff_m.rows(); ++r)
        for (index_t c = 0; c < runoff_m.cols(); ++c) {
            const float v = runoff_m(r, c);
            if (v < 0.0f || std::isinf(v))
                throw InputError("fill-spill: runoff depths must be finite and >= 0 (cell " + std::to_string(r) + ", " +
                                 std::to_string(c) + ")");
        }
    return fill_spill_impl(dem, map, [runoff_m](index_t r, index_t c) {
        const float v = runoff_m(r, c);
        return std::isnan(v) ? 0.0 : static_cast<double>(v);
    });
}

std::vector<std::int32_t> buildings_touching(GridView<const std::int32_t> spot_id,
                                             GridView<const std::int32_t> building_id, std::size_t spot_count) {
    require_same_shape(spot_id, building_id, "spot ids, building ids");
    std::vector<std::pair<std::int32_t, std::int32_t>> pairs;  // (spot, building)
    for (index_t r = 0; r < spot_id.rows(); ++r)
        for (index_t c = 0; c < spot_id.cols(); ++c) {
            const std::int32_t s = spot_id(r, c);
            if (s <= 0) continue;
            if (static_cast<std::size_t>(s) > spot_count)
                throw std::invalid_argument("buildings_touching: spot id above spot_count");
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    if (!spot_id.contains(r + dr, c + dc)) continue;
                    const std::int32_t b = building_id(r + dr, c + dc);
                    if (b != 0) pairs.emplace_back(s, b);
                }
        }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    std::vector<std::int32_t> counts(spot_count, 0);
    for (const auto& [s, b] : pairs) ++counts[static_cast<std::size_t>(s - 1)];
    return counts;
}

}  // namespace wn::bluespots
