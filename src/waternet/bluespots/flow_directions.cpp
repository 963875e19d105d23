// D8 directions with Barnes, Lehman & Mulla (2014) flat resolution, and in-degree flow accumulation.
// See flow_directions.hpp for the conventions.
#include "waternet/bluespots/flow_directions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace wn::bluespots {
namespace {

// Temporary code for "no lower neighbour and not an outlet": a flat cell waiting for its direction.
constexpr std::uint8_t kFlat = 255;
// Resolving flats visits cardinal neighbours first, so that on equal mask values water takes the shorter step
// (as RichDEM does); steepest descent uses code order.
constexpr std::uint8_t kCardinalFirst[8] = {1, 3, 5, 7, 2, 4, 6, 8};

void check_size(index_t cells, const char* what) {
    if (cells >= static_cast<index_t>(std::numeric_limits<std::uint32_t>::max()))
        throw InputError(std::string(what) + ": the grid has " + std::to_string(cells) +
                         " cells; at most 4,294,967,294 are supported, split it into tiles");
}

// Steepest descent for every cell; kFlat for cells with no lower neighbour that are not outlets.
// Returns the number of flat cells.
index_t steepest_descent(GridView<const float> z, GridView<std::uint8_t> dir) {
    const float inv_sqrt2 = static_cast<float>(1.0 / std::sqrt(2.0));
    index_t flats = 0;
    for (index_t r = 0; r < z.rows(); ++r) {
        // Rows north, here and south (row offset −1, 0, +1); only edge cells need bounds checks.
        const float* rows[3] = {r > 0 ? z.row(r - 1) : nullptr, z.row(r), r + 1 < z.rows() ? z.row(r + 1) : nullptr};
        const bool edge_row = rows[0] == nullptr || rows[2] == nullptr;
        for (index_t c = 0; c < z.cols(); ++c) {
            const float zc = rows[1][c];
            if (std::isnan(zc)) {
                dir(r, c) = d8::kNone;
                continue;
            }
            const bool edge = edge_row || c == 0 || c == z.cols() - 1;
            bool outlet = edge;
            float best_slope = 0.0f;
            std::uint8_t best = d8::kNone;
            for (std::uint8_t k = 1; k <= 8; ++k) {
                const index_t rr = r + d8::kRowOffset[k];
                const index_t cc = c + d8::kColOffset[k];
                if (edge && !z.contains(rr, cc)) continue;
                const float zn = rows[1 + d8::kRowOffset[k]][cc];
                if (std::isnan(zn)) {
                    outlet = true;
                    continue;
                }
                const float drop = zc - zn;
                if (drop <= 0.0f) continue;
                const float slope = (k % 2 == 0) ? drop * inv_sqrt2 : drop;
                if (slope > best_slope) {
                    best_slope = slope;
                    best = k;
                }
            }
            if (best == d8::kNone && !outlet) {
                best = kFlat;
                ++flats;
            }
            dir(r, c) = best;
        }
    }
    return flats;
}

// Barnes, Lehman & Mulla (2014), "An efficient assignment of drainage direction over flat surfaces":
//   1. high edges: flat cells next to higher terrain; low edges: cells of a flat's elevation that drain (have a
//      direction or are outlets) next to a flat cell;
//   2. label each flat (with its low edges) by flooding equal elevations from the low edges; flats no low edge
//      reaches cannot drain and keep 0;
//   3. gradient away from higher terrain: breadth-first distance from the high edges, per label its maximum;
//   4. gradient towards lower terrain: breadth-first distance from the low edges, doubled and added to
//      (maximum − away distance), so that it dominates: every flat cell has a neighbour with a smaller mask;
//   5. each flat cell flows to its same-label neighbour with the smallest mask.
// The breadth-first searches go level by level (two lists swapped), so a distance is the level count.
// Works on contiguous arrays (row stride = cols), so that a neighbour is a fixed index offset away.
class FlatResolver {
public:
    FlatResolver(const float* z, std::uint8_t* dir, index_t rows, index_t cols)
        : z_(z), dir_(dir), rows_(rows), cols_(cols) {
        for (int j = 0; j < 8; ++j) {
            const std::uint8_t k = kCardinalFirst[j];
            offset_[j] = d8::kRowOffset[k] * cols + d8::kColOffset[k];
        }
    }

    void run() {
        find_edges();
        if (low_edges_.empty()) {
            clear_flats();
            return;
        }
        labels_.assign(static_cast<std::size_t>(rows_ * cols_), 0);
        mask_.assign(static_cast<std::size_t>(rows_ * cols_), 0);
        label_flats();
        away_from_higher();
        towards_lower();
        assign_directions();
    }

private:
    std::uint8_t& dir_at(std::uint32_t i) { return dir_[i]; }
    float z_at(std::uint32_t i) const { return z_[i]; }

    // fn(n, k) for each neighbour n (cell index) of cell i inside the grid, with its direction code k.
    // Interior cells use the fixed offsets; cells on the grid edge check bounds.
    template <class Fn>
    void for_each_neighbour(std::uint32_t i, Fn&& fn) const {
        const index_t r = i / cols_;
        const index_t c = i - r * cols_;
        if (r > 0 && r < rows_ - 1 && c > 0 && c < cols_ - 1) [[likely]] {
            for (int j = 0; j < 8; ++j) fn(static_cast<std::uint32_t>(i + offset_[j]), kCardinalFirst[j]);
            return;
        }
        for (std::uint8_t k : kCardinalFirst) {
            const index_t rr = r + d8::kRowOffset[k];
            const index_t cc = c + d8::kColOffset[k];
            if (rr < 0 || rr >= rows_ || cc < 0 || cc >= cols_) continue;
            fn(static_cast<std::uint32_t>(rr * cols_ + cc), k);
        }
    }

    void find_edges() {
        for (index_t r = 0; r < rows_; ++r) {
            for (index_t c = 0; c < cols_; ++c) {
                const auto i = static_cast<std::uint32_t>(r * cols_ + c);
                if (dir_[i] != kFlat) continue;
                const float zc = z_[i];
                bool next_to_higher = false;
                // A flat cell has no lower neighbour, so each valid neighbour is higher or level.
                for_each_neighbour(i, [&](std::uint32_t n, std::uint8_t) {
                    const float zn = z_at(n);
                    if (zn > zc)
                        next_to_higher = true;
                    else if (zn == zc && dir_at(n) != kFlat)
                        low_edges_.push_back(n);
                });
                if (next_to_higher) high_edges_.push_back(i);
            }
        }
    }

    void label_flats() {
        std::vector<std::uint32_t> stack;
        for (const std::uint32_t start : low_edges_) {
            if (labels_[start] != 0) continue;
            const std::uint32_t label = next_label_++;
            const float level = z_at(start);
            labels_[start] = label;
            stack.push_back(start);
            while (!stack.empty()) {
                const std::uint32_t i = stack.back();
                stack.pop_back();
                for_each_neighbour(i, [&](std::uint32_t n, std::uint8_t) {
                    if (labels_[n] == 0 && z_at(n) == level) {  // NaN never equals level
                        labels_[n] = label;
                        stack.push_back(n);
                    }
                });
            }
        }
        flat_height_.assign(next_label_, 0);
    }

    bool is_flat(std::uint32_t i) { return dir_at(i) == kFlat; }

    // Both searches mark a cell when it is queued, not when it is taken, so each cell is queued once.
    void away_from_higher() {
        std::vector<std::uint32_t> level, next;
        for (const std::uint32_t i : high_edges_) {
            if (labels_[i] != 0 && mask_[i] == 0) {
                mask_[i] = 1;
                level.push_back(i);
            }
        }
        for (std::int32_t distance = 1; !level.empty(); ++distance) {
            for (const std::uint32_t i : level) {
                flat_height_[labels_[i]] = distance;  // levels grow, so the last is the maximum
                for_each_neighbour(i, [&](std::uint32_t n, std::uint8_t) {
                    if (mask_[n] == 0 && labels_[n] == labels_[i] && is_flat(n)) {
                        mask_[n] = distance + 1;
                        next.push_back(n);
                    }
                });
            }
            level.swap(next);
            next.clear();
        }
    }

    void towards_lower() {
        // From here on: negative = away distance not yet combined; 0 = not reached by away; positive = final.
        for (std::int32_t& m : mask_) m = -m;
        auto combine = [&](std::uint32_t i, std::int32_t distance) {
            mask_[i] = (mask_[i] < 0 ? flat_height_[labels_[i]] + mask_[i] : 0) + 2 * distance;
        };
        std::vector<std::uint32_t> level, next;
        for (const std::uint32_t i : low_edges_) {
            if (mask_[i] == 0) {  // low edges are not flat cells, so away never reached them
                combine(i, 1);
                level.push_back(i);
            }
        }
        for (std::int32_t distance = 1; !level.empty(); ++distance) {
            for (const std::uint32_t i : level) {
                for_each_neighbour(i, [&](std::uint32_t n, std::uint8_t) {
                    if (mask_[n] <= 0 && labels_[n] == labels_[i] && is_flat(n)) {
                        combine(n, distance + 1);
                        next.push_back(n);
                    }
                });
            }
            level.swap(next);
            next.clear();
        }
    }

    void assign_directions() {
        for (index_t r = 0; r < rows_; ++r) {
            for (index_t c = 0; c < cols_; ++c) {
                const auto i = static_cast<std::uint32_t>(r * cols_ + c);
                if (dir_[i] != kFlat) continue;
                std::uint8_t best = d8::kNone;
                if (labels_[i] != 0) {
                    std::int32_t lowest = mask_[i];
                    for_each_neighbour(i, [&](std::uint32_t n, std::uint8_t k) {
                        if (labels_[n] == labels_[i] && mask_[n] < lowest) {
                            lowest = mask_[n];
                            best = k;
                        }
                    });
                }
                dir_[i] = best;  // stays 0 on a flat that cannot drain
            }
        }
    }

    void clear_flats() {
        for (index_t i = 0; i < rows_ * cols_; ++i)
            if (dir_[i] == kFlat) dir_[i] = d8::kNone;
    }

    const float* z_;
    std::uint8_t* dir_;
    index_t rows_;
    index_t cols_;
    index_t offset_[8]{};  // neighbour index offsets in kCardinalFirst order
    std::vector<std::uint32_t> low_edges_;
    std::vector<std::uint32_t> high_edges_;
    std::vector<std::uint32_t> labels_;  // 0 = not on a drainable flat
    std::vector<std::int32_t> mask_;
    std::vector<std::int32_t> flat_height_;  // per label: the largest away-from-higher distance
    std::uint32_t next_label_ = 1;
};

// Accumulates weight_of(r, c) downstream. Each cell is passed on once all cells flowing into it have been:
// count the inflows (in-degree), start at every cell with none and follow the directions for as long as the
// next cell has no inflows left. No queue is needed, and each cell is visited once.
template <class T, class WeightOf>
Grid<T> accumulate(GridView<const std::uint8_t> dir, WeightOf weight_of, const char* what) {
    const index_t rows = dir.rows();
    const index_t cols = dir.cols();
    check_size(dir.size(), what);
    Grid<T> acc(rows, cols);
    constexpr std::uint8_t kDone = 0xFF;  // in-degree is at most 8
    std::vector<std::uint8_t> inflows(static_cast<std::size_t>(rows * cols), 0);
    for (index_t r = 0; r < rows; ++r) {
        for (index_t c = 0; c < cols; ++c) {
            acc(r, c) = weight_of(r, c);
            const std::uint8_t k = dir(r, c);
            if (k == d8::kNone) continue;
            if (k > 8)
                throw InputError(std::string(what) + ": invalid D8 code " + std::to_string(k) + " at row " +
                                 std::to_string(r) + ", column " + std::to_string(c) + " (valid: 0 to 8)");
            const index_t rr = r + d8::kRowOffset[k];
            const index_t cc = c + d8::kColOffset[k];
            if (!dir.contains(rr, cc))
                throw InputError(std::string(what) + ": the direction at row " + std::to_string(r) + ", column " +
                                 std::to_string(c) + " points off the grid");
            ++inflows[static_cast<std::size_t>(rr * cols + cc)];
        }
    }
    index_t offset[9];
    for (int k = 0; k < 9; ++k) offset[k] = d8::kRowOffset[k] * cols + d8::kColOffset[k];
    const bool contiguous = dir.row_stride() == cols;
    auto code_at = [&](index_t i) { return contiguous ? dir.data()[i] : dir(i / cols, i % cols); };

    T* a = acc.data();
    index_t visited = 0;
    for (index_t start = 0; start < rows * cols; ++start) {
        if (inflows[start] != 0) continue;  // waiting for inflows, or already done
        index_t i = start;
        for (;;) {
            inflows[i] = kDone;
            ++visited;
            const std::uint8_t k = code_at(i);
            if (k == d8::kNone) break;
            const index_t down = i + offset[k];
            a[down] += a[i];
            if (--inflows[down] != 0) break;
            i = down;
        }
    }
    if (visited != rows * cols)
        throw InputError(std::string(what) + ": the flow directions contain a cycle (" +
                         std::to_string(rows * cols - visited) + " cells never drain)");
    return acc;
}

void check_same_shape(GridView<const std::uint8_t> dir, index_t rows, index_t cols, const char* what) {
    if (dir.rows() != rows || dir.cols() != cols)
        throw std::invalid_argument(std::string(what) + ": the direction grid and the other grid differ in shape");
}

}  // namespace

Grid<std::uint8_t> flow_directions(GridView<const float> filled) {
    check_size(filled.size(), "flow_directions");
    Grid<std::uint8_t> dir(filled.rows(), filled.cols(), d8::kNone);
    if (steepest_descent(filled, dir.view()) == 0) return dir;
    if (filled.row_stride() == filled.cols()) {
        FlatResolver(filled.data(), dir.data(), filled.rows(), filled.cols()).run();
    } else {  // a window of a larger grid: resolve on a contiguous copy
        Grid<float> copy(filled.rows(), filled.cols());
        for (index_t r = 0; r < filled.rows(); ++r)
            std::copy_n(filled.row(r), filled.cols(), copy.data() + r * filled.cols());
        FlatResolver(copy.data(), dir.data(), filled.rows(), filled.cols()).run();
    }
    return dir;
}

Grid<std::uint32_t> flow_accumulation(GridView<const std::uint8_t> directions, GridView<const float> dem) {
    check_same_shape(directions, dem.rows(), dem.cols(), "flow_accumulation");
    return accumulate<std::uint32_t>(
        directions, [&](index_t r, index_t c) { return std::isnan(dem(r, c)) ? 0u : 1u; }, "flow_accumulation");
}

Grid<double> weighted_flow_accumulation(GridView<const std::uint8_t> directions, GridView<const float> weights) {
    check_same_shape(directions, weights.rows(), weights.cols(), "weighted_flow_accumulation");
    return accumulate<double>(
        directions,
        [&](index_t r, index_t c) {
            const float w = weights(r, c);
            return std::isnan(w) ? 0.0 : static_cast<double>(w);
        },
        "weighted_flow_accumulation");
}

}  // namespace wn::bluespots
