#include "waternet/core/nodata_fill.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace wn {

namespace {

struct Offset {
    int dr;
    int dc;
};
constexpr std::array<Offset, 4> kNeighbours4{{{-1, 0}, {0, -1}, {0, 1}, {1, 0}}};
constexpr std::array<Offset, 8> kNeighbours8{{{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}}};

// Work lists hold cells as one number, row * cols + col, to stay small on grids of millions of cells.
struct CellIndex {
    index_t cols;
    index_t id(index_t r, index_t c) const { return r * cols + c; }
    index_t row(index_t id) const { return id / cols; }
    index_t col(index_t id) const { return id % cols; }
};

// Calls f(nr, nc) for each neighbour of (r, c) in `offsets` that lies inside a rows × cols grid.
template <std::size_t N, class F>
void for_each_neighbour(index_t r, index_t c, index_t rows, index_t cols, const std::array<Offset, N>& offsets, F&& f) {
    for (const Offset& o : offsets) {
        const index_t nr = r + o.dr;
        const index_t nc = c + o.dc;
        if (nr >= 0 && nr < rows && nc >= 0 && nc < cols) f(nr, nc);
    }
}

// Calls visit(cells) once for each hole, with the ids of its cells (a 4-connected group of hole cells, the same
// connectivity classify_nodata uses). Returns the number of holes.
template <class Visit>
index_t for_each_hole(GridView<const std::uint8_t> classes, Visit&& visit) {
    const index_t rows = classes.rows(), cols = classes.cols();
    const CellIndex index{cols};
    std::vector<std::uint8_t> seen(static_cast<std::size_t>(rows * cols), 0);
    std::vector<index_t> members;
    index_t holes = 0;
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            if (classes(r, c) != nodata_class::hole || seen[static_cast<std::size_t>(index.id(r, c))]) continue;
            // Breadth-first over the hole, using `members` itself as the queue.
            members.clear();
            members.push_back(index.id(r, c));
            seen[static_cast<std::size_t>(index.id(r, c))] = 1;
            for (std::size_t next = 0; next < members.size(); ++next) {
                const index_t id = members[next];
                for_each_neighbour(index.row(id), index.col(id), rows, cols, kNeighbours4, [&](index_t nr, index_t nc) {
                    const auto nid = static_cast<std::size_t>(index.id(nr, nc));
                    if (classes(nr, nc) == nodata_class::hole && !seen[nid]) {
                        seen[nid] = 1;
                        members.push_back(index.id(nr, nc));
                    }
                });
            }
            ++holes;
            visit(static_cast<const std::vector<index_t>&>(members));
        }
    return holes;
}

// Onion peeling: the ring of hole cells touching known cells is filled first, then the next ring inward, and so
// on. Each ring is computed entirely from earlier rings and valid cells (values are written only after the whole
// ring is computed), so the result is independent of visiting order. Each hole cell enters a ring once: O(cells).
// Returns the number of cells filled.
index_t fill_by_onion_peeling(GridView<float> dem, GridView<const std::uint8_t> classes) {
    const index_t rows = dem.rows(), cols = dem.cols();
    const CellIndex index{cols};
    // Known = a valid cell or an already filled hole cell; hole cells were set to NaN before this runs.
    auto known = [&](index_t r, index_t c) { return classes(r, c) != nodata_class::outside && !std::isnan(dem(r, c)); };
    std::vector<std::uint8_t> queued(static_cast<std::size_t>(rows * cols), 0);

    std::vector<index_t> ring;
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            if (classes(r, c) != nodata_class::hole) continue;
            bool touches_known = false;
            for_each_neighbour(r, c, rows, cols, kNeighbours8,
                               [&](index_t nr, index_t nc) { touches_known |= known(nr, nc); });
            if (touches_known) {
                queued[static_cast<std::size_t>(index.id(r, c))] = 1;
                ring.push_back(index.id(r, c));
            }
        }

    index_t filled = 0;
    std::vector<float> values;
    std::vector<index_t> next_ring;
    while (!ring.empty()) {
        values.resize(ring.size());
        for (std::size_t i = 0; i < ring.size(); ++i) {
            double sum = 0.0;
            int count = 0;
            for_each_neighbour(index.row(ring[i]), index.col(ring[i]), rows, cols, kNeighbours8,
                               [&](index_t nr, index_t nc) {
                                   if (known(nr, nc)) {
                                       sum += dem(nr, nc);
                                       ++count;
                                   }
                               });
            values[i] = static_cast<float>(sum / count);  // count >= 1: every ring cell touches a known cell
        }
        for (std::size_t i = 0; i < ring.size(); ++i) dem(index.row(ring[i]), index.col(ring[i])) = values[i];
        filled += static_cast<index_t>(ring.size());

        // The next ring: hole cells touching the ring just filled that are not filled or queued yet.
        next_ring.clear();
        for (const index_t id : ring)
            for_each_neighbour(index.row(id), index.col(id), rows, cols, kNeighbours8, [&](index_t nr, index_t nc) {
                const auto nid = static_cast<std::size_t>(index.id(nr, nc));
                if (classes(nr, nc) == nodata_class::hole && !queued[nid]) {
                    queued[nid] = 1;
                    next_ring.push_back(index.id(nr, nc));
                }
            });
        ring.swap(next_ring);
    }
    return filled;
}

std::string cell_text(index_t r, index_t c) { return "row " + std::to_string(r) + ", column " + std::to_string(c); }

InputError implausible_height(index_t r, index_t c, float value) {
    std::ostringstream text;
    text
        << "the terrain holds " << value << " m at " << cell_text(r, c)
        << " (counted from 0 at the north-west corner), "
        << "which is no plausible height (heights lie within ±" << kMaxAbsTerrainHeightM << " m); if it marks "
        << "missing data, declare it as the file's no-data value (gdal_edit.py -a_nodata VALUE FILE), else fix the file";
    return InputError(text.str());
}

}  // namespace

HolePolicy parse_hole_policy(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    for (const HolePolicy policy : {HolePolicy::fill, HolePolicy::water, HolePolicy::outside})
        if (lower == to_string(policy)) return policy;
    throw InputError("unknown hole policy '" + std::string(text) + "'; valid choices are: fill, water, outside");
}

std::string_view to_string(HolePolicy policy) {
    switch (policy) {
        case HolePolicy::fill:
            return "fill";
        case HolePolicy::water:
            return "water";
        case HolePolicy::outside:
            return "outside";
    }
    return "?";
}

Grid<std::uint8_t> classify_nodata(GridView<const float> dem) {
    const index_t rows = dem.rows(), cols = dem.cols();
    Grid<std::uint8_t> classes(rows, cols, nodata_class::valid);
    if (dem.empty()) return classes;
    auto cls = classes.view();
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c)
            if (std::isnan(dem(r, c))) cls(r, c) = nodata_class::hole;

    // Every NaN cell is a hole until a flood from the grid edge through NaN cells reaches it and makes it outside.
    const CellIndex index{cols};
    std::vector<index_t> stack;
    auto mark_outside = [&](index_t r, index_t c) {
        if (cls(r, c) != nodata_class::hole) return;
        cls(r, c) = nodata_class::outside;
        stack.push_back(index.id(r, c));
    };
    for (index_t c = 0; c < cols; ++c) {
        mark_outside(0, c);
        mark_outside(rows - 1, c);
    }
    for (index_t r = 0; r < rows; ++r) {
        mark_outside(r, 0);
        mark_outside(r, cols - 1);
    }
    while (!stack.empty()) {
        const index_t id = stack.back();
        stack.pop_back();
        for_each_neighbour(index.row(id), index.col(id), rows, cols, kNeighbours4, mark_outside);
    }
    return classes;
}

NodataReport fill_holes(GridView<float> dem, GridView<const std::uint8_t> classes, HolePolicy policy) {
    if (dem.rows() != classes.rows() || dem.cols() != classes.cols())
        throw InputError("nodata classification is " + std::to_string(classes.rows()) + " x " +
                         std::to_string(classes.cols()) + " cells but the terrain model is " +
                         std::to_string(dem.rows()) + " x " + std::to_string(dem.cols()));
    const index_t rows = dem.rows(), cols = dem.cols();

    // Count, check that the classification fits this grid, and clear the holes so that only valid cells and
    // cells filled here count as known elevations.
    NodataReport report;
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            switch (classes(r, c)) {
                case nodata_class::valid:
                    if (!(std::fabs(dem(r, c)) <= kMaxAbsTerrainHeightM)) throw implausible_height(r, c, dem(r, c));
                    break;
                case nodata_class::outside:
                    ++report.outside_cells;
                    break;
                case nodata_class::hole:
                    ++report.hole_cells;
                    dem(r, c) = std::numeric_limits<float>::quiet_NaN();
                    break;
                default:
                    throw InputError("nodata classification at " + cell_text(r, c) + " holds " +
                                     std::to_string(classes(r, c)) +
                                     ", which is not 0 (valid), 1 (outside) or 2 (hole)");
            }
        }

    const CellIndex index{cols};
    switch (policy) {
        case HolePolicy::fill:
            report.hole_count = for_each_hole(classes, [](const std::vector<index_t>&) {});
            report.filled_cells = fill_by_onion_peeling(dem, classes);
            break;
        case HolePolicy::water:
            // The water surface stands at the lowest rim cell: higher, it would spill there.
            report.hole_count = for_each_hole(classes, [&](const std::vector<index_t>& cells) {
                float level = std::numeric_limits<float>::infinity();
                for (const index_t id : cells)
                    for_each_neighbour(index.row(id), index.col(id), rows, cols, kNeighbours8,
                                       [&](index_t nr, index_t nc) {
                                           if (classes(nr, nc) == nodata_class::valid)
                                               level = std::min(level, dem(nr, nc));
                                       });
                if (std::isinf(level)) return;  // no rim: only possible with a classification of another grid
                for (const index_t id : cells) dem(index.row(id), index.col(id)) = level;
                report.filled_cells += static_cast<index_t>(cells.size());
            });
            break;
        case HolePolicy::outside:
            report.hole_count = for_each_hole(classes, [](const std::vector<index_t>&) {});
            break;
    }
    return report;
}

}  // namespace wn
