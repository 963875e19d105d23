#include "waternet/risk/plots.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "waternet/core/error.hpp"

namespace wn::risk {

namespace {

template <class A, class B>
void require_same_shape(const A& a, const B& b, const char* what) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw InputError(fmt::format("{}: grids of different shape ({}×{} and {}×{})", what, a.rows(), a.cols(),
                                     b.rows(), b.cols()));
}

constexpr int kStraight = 3, kDiagonal = 4;  // chamfer 3-4 (Borgefors 1986)

}  // namespace

YardAssignment assign_yards_to_buildings(GridView<std::int32_t> owner, GridView<const std::uint8_t> yard,
                                         double cell_size_m, double max_distance_m) {
    require_same_shape(owner, yard, "yard assignment");
    if (!(cell_size_m > 0.0)) throw InputError("yard assignment: the cell size must be more than 0");
    if (!(max_distance_m >= 0.0) || max_distance_m / cell_size_m > 20000.0)
        throw InputError(
            fmt::format("yard assignment: the yard distance {} m must be between 0 and 20,000 cells", max_distance_m));
    const index_t rows = owner.rows(), cols = owner.cols();
    const auto limit = static_cast<std::uint16_t>(std::floor(max_distance_m / cell_size_m * kStraight));
    YardAssignment out;
    std::vector<std::uint16_t> dist(static_cast<std::size_t>(rows * cols), std::numeric_limits<std::uint16_t>::max());
    std::vector<std::vector<index_t>> buckets(static_cast<std::size_t>(limit) + 1);
    auto is_yard = [&](index_t r, index_t c) { return yard(r, c) != 0 && owner(r, c) == 0; };
    // Seeds: building cells next to a yard cell, distance 0.
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            if (yard(r, c) != 0 && owner(r, c) == 0) ++out.yard_cells;
            if (owner(r, c) <= 0) continue;
            dist[static_cast<std::size_t>(r * cols + c)] = 0;  // a building cell: never taken by another
            bool next_to_yard = false;
            for (index_t dr = -1; dr <= 1 && !next_to_yard; ++dr)
                for (index_t dc = -1; dc <= 1; ++dc)
                    if (owner.contains(r + dr, c + dc) && is_yard(r + dr, c + dc)) {
                        next_to_yard = true;
                        break;
                    }
            if (next_to_yard) buckets[0].push_back(r * cols + c);
        }
    // Dijkstra with a bucket queue: integer distances 0..limit.
    for (std::size_t d = 0; d < buckets.size(); ++d) {
        for (std::size_t k = 0; k < buckets[d].size(); ++k) {
            const index_t cell = buckets[d][k];
            if (dist[static_cast<std::size_t>(cell)] != d) continue;  // reached again more cheaply
            const index_t r = cell / cols, c = cell % cols;
            const std::int32_t id = owner(r, c);
            for (index_t dr = -1; dr <= 1; ++dr)
                for (index_t dc = -1; dc <= 1; ++dc) {
                    if ((dr == 0 && dc == 0) || !owner.contains(r + dr, c + dc)) continue;
                    if (yard(r + dr, c + dc) == 0) continue;
                    const std::size_t next = static_cast<std::size_t>((r + dr) * cols + c + dc);
                    if (dist[next] == 0) continue;  // a building cell
                    const std::size_t nd = d + static_cast<std::size_t>(dr != 0 && dc != 0 ? kDiagonal : kStraight);
                    if (nd > limit || nd >= dist[next]) continue;
                    dist[next] = static_cast<std::uint16_t>(nd);
                    owner(r + dr, c + dc) = id;
                    buckets[nd].push_back(static_cast<index_t>(next));
                }
        }
        std::vector<index_t>().swap(buckets[d]);
    }
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c)
            if (yard(r, c) != 0 &&
                dist[static_cast<std::size_t>(r * cols + c)] != std::numeric_limits<std::uint16_t>::max() &&
                dist[static_cast<std::size_t>(r * cols + c)] > 0)
                ++out.assigned_cells;
    out.unreached_cells = out.yard_cells - out.assigned_cells;
    return out;
}

std::vector<PlotCells> tally_plot_cells(GridView<const std::int32_t> owner, GridView<const std::uint8_t> surface,
                                        GridView<const std::uint8_t> roof_measures, std::int32_t plot_count) {
    require_same_shape(owner, surface, "plot surfaces");
    const bool measures = !roof_measures.empty();
    if (measures) require_same_shape(owner, roof_measures, "plot roof measures");
    if (plot_count < 0) throw InputError("plot surfaces: a negative plot count");
    std::vector<PlotCells> cells(static_cast<std::size_t>(plot_count));
    for (index_t r = 0; r < owner.rows(); ++r)
        for (index_t c = 0; c < owner.cols(); ++c) {
            const std::int32_t id = owner(r, c);
            if (id == 0) continue;
            if (id < 0 || id > plot_count)
                throw InputError(
                    fmt::format("plot surfaces: cell ({}, {}) has plot id {} (plots: {})", r, c, id, plot_count));
            PlotCells& p = cells[static_cast<std::size_t>(id - 1)];
            switch (static_cast<PlotSurface>(surface(r, c))) {
                case PlotSurface::none:
                    ++p.no_data;
                    break;
                case PlotSurface::roof:
                    ++p.roof;
                    if (measures) {
                        p.green_roof += (roof_measures(r, c) & kGreenRoofBit) != 0;
                        p.disconnected_roof += (roof_measures(r, c) & kDisconnectedBit) != 0;
                    }
                    break;
                case PlotSurface::paved:
                    ++p.paved;
                    break;
                case PlotSurface::green:
                    ++p.green;
                    break;
                case PlotSurface::unknown:
                    ++p.unknown;
                    break;
                default:
                    throw InputError(
                        fmt::format("plot surfaces: cell ({}, {}) has surface code {}", r, c, surface(r, c)));
            }
        }
    return cells;
}

}  // namespace wn::risk
