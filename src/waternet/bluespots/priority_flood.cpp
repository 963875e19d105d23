// Priority-Flood with a plain queue for depressions (Barnes et al. 2014, Algorithm 3) and slope tracing
// (Zhou, Sun & Fu 2016). See priority_flood.hpp for what and why; here is how.
//
// Every valid cell is "closed" once, when its final level is known, and then put in one of three work lists:
//   pit    cells raised to (or lying at) the current spill level L: their final level is L;
//   trace  cells above the level of the cell that reached them: their final level is their own elevation;
//   heap   closed cells that still border a lower open cell, processed in order of level.
// Why each is correct: the classic argument of Priority-Flood is that when the lowest closed-but-unprocessed cell c
// (level L) is taken, every path from an outlet to an open neighbour n crosses the closed boundary at a level
// >= L, so n's level is max(z(n), L). The pit cells all have exactly that level L while the heap holds nothing
// lower, so they may be processed at once, in any order (Barnes). A neighbour n with z(n) >= level(c) gets level
// z(n) through c, and no path can give it less than its own elevation, so it is final however late or early it
// is processed (Zhou et al.). Only a traced cell that borders a lower open cell must wait its turn in the heap:
// that cell's level depends on the lowest way in, which the heap finds.
// Both plain work lists are drained before the next heap pop, so the argument holds at every pop.
#include "waternet/bluespots/priority_flood.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace wn::bluespots {
namespace {

constexpr std::uint8_t kClosed = 1;  // the final level is known
constexpr std::uint8_t kBorder = 2;  // on the grid edge: neighbours need bounds checks

// The 8 neighbours, clockwise from east (row index grows southwards).
constexpr int kDr[8] = {0, 1, 1, 1, 0, -1, -1, -1};
constexpr int kDc[8] = {1, 1, 0, -1, -1, -1, 0, 1};

// A float elevation as an unsigned integer with the same order (IEEE 754: flip all bits of negatives, set the
// sign bit of positives), so that a heap entry is one 64-bit integer (level << 32 | cell) compared in one
// instruction, and ties are broken by cell index, deterministically.
// −0 and +0 are equal elevations and must get one key, or the queue would see a level below the last one taken.
inline std::uint64_t heap_key(float level, std::uint32_t cell) {
    if (level == 0.0f) level = 0.0f;
    const auto bits = std::bit_cast<std::uint32_t>(level);
    const std::uint32_t ordered = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
    return (static_cast<std::uint64_t>(ordered) << 32) | cell;
}

// A growable ring buffer of cell indices: a FIFO queue without std::deque's per-block bookkeeping. FIFO rather
// than a stack keeps the queue at the size of a wavefront, not of a whole flat.
class CellQueue {
public:
    bool empty() const { return count_ == 0; }
    void push(std::uint32_t cell) {
        if (count_ == buffer_.size()) grow();
        buffer_[(head_ + count_) & mask_] = cell;
        ++count_;
    }
    std::uint32_t pop() {
        const std::uint32_t cell = buffer_[head_];
        head_ = (head_ + 1) & mask_;
        --count_;
        return cell;
    }

private:
    void grow() {
        const std::size_t capacity = std::max<std::size_t>(1024, buffer_.size() * 2);
        std::vector<std::uint32_t> bigger(capacity);
        for (std::size_t k = 0; k < count_; ++k) bigger[k] = buffer_[(head_ + k) & mask_];
        buffer_ = std::move(bigger);
        head_ = 0;
        mask_ = capacity - 1;
    }
    std::vector<std::uint32_t> buffer_;
    std::size_t head_ = 0;
    std::size_t count_ = 0;
    std::size_t mask_ = 0;
};

// The priority queue: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990, "Faster algorithms for the shortest
// path problem", J. ACM 37). It needs monotone use, which Priority-Flood guarantees: levels come out in
// non-decreasing order and every cell goes in at or above the level last taken out (a traced cell is above the
// spill level that reached it). Entries sit in 33 buckets by the highest bit in which their key differs from
// the last key taken out; a pop that finds bucket 0 empty takes the lowest non-empty bucket, finds its minimum
// and spreads it over lower buckets. Push is O(1), pop amortised O(log range), and all work is sequential passes
// over plain vectors: several times faster than a binary heap of millions of entries, which misses the cache
// at almost every level.
class RadixHeap {
public:
    bool empty() const { return size_ == 0; }
    void push(std::uint64_t entry) {
        buckets_[bucket_of(key_of(entry))].push_back(entry);
        ++size_;
    }
    std::uint32_t pop_cell() {
        if (buckets_[0].empty()) {
            int b = 1;
            while (buckets_[b].empty()) ++b;
            std::vector<std::uint64_t>& from = buckets_[b];
            std::uint32_t lowest = key_of(from[0]);
            for (const std::uint64_t e : from) lowest = std::min(lowest, key_of(e));
            last_ = lowest;
            for (const std::uint64_t e : from) buckets_[bucket_of(key_of(e))].push_back(e);  // all land below b
            from.clear();
        }
        const auto cell = static_cast<std::uint32_t>(buckets_[0].back());
        buckets_[0].pop_back();
        --size_;
        return cell;
    }

private:
    static std::uint32_t key_of(std::uint64_t entry) { return static_cast<std::uint32_t>(entry >> 32); }
    int bucket_of(std::uint32_t key) const { return key == last_ ? 0 : 32 - std::countl_zero(key ^ last_); }

    std::vector<std::uint64_t> buckets_[33];
    std::uint32_t last_ = 0;
    std::size_t size_ = 0;
};

// What the fill does with outlet labels. The plain fill keeps none (the calls compile to nothing); the labelled fill
// (fill_depressions_labelled) gives each cell the label of the cell that closed it.
struct NoLabels {
    void inherit(std::uint32_t /*from*/, std::uint32_t /*to*/) const {}
};
struct OutletLabels {
    std::uint32_t* label;
    void inherit(std::uint32_t from, std::uint32_t to) const { label[to] = label[from]; }
};

// The fill on a contiguous rows × cols array (row stride = cols).
template <class Labels = NoLabels>
class PriorityFlood {
public:
    PriorityFlood(float* z, index_t rows, index_t cols, Labels labels = {})
        : z_(z), rows_(rows), cols_(cols), labels_(labels), flags_(static_cast<std::size_t>(rows * cols), 0) {
        const index_t w = cols;
        const index_t offsets[8] = {1, w + 1, w, w - 1, -1, -w - 1, -w, -w + 1};
        std::copy(std::begin(offsets), std::end(offsets), offset_);
    }

    FillStats run() {
        seed();
        drain_plain_queues();
        while (!heap_.empty()) {
            spill_from(heap_.pop_cell());
            drain_plain_queues();
        }
        return stats_;
    }

private:
    // Calls fn(n) for each neighbour n of cell i that is still open. Interior cells use fixed index offsets;
    // only the few cells on the grid edge pay for a division and bounds checks.
    template <class Fn>
    void for_each_open_neighbour(std::uint32_t i, Fn&& fn) {
        if (flags_[i] & kBorder) [[unlikely]] {
            const index_t r = i / cols_;
            const index_t c = i % cols_;
            for (int k = 0; k < 8; ++k) {
                const index_t rr = r + kDr[k];
                const index_t cc = c + kDc[k];
                if (rr < 0 || rr >= rows_ || cc < 0 || cc >= cols_) continue;
                const auto n = static_cast<std::uint32_t>(rr * cols_ + cc);
                if (!(flags_[n] & kClosed)) fn(n);
            }
        } else {
            for (int k = 0; k < 8; ++k) {
                const auto n = static_cast<std::uint32_t>(static_cast<index_t>(i) + offset_[k]);
                if (!(flags_[n] & kClosed)) fn(n);
            }
        }
    }

    // NaN cells are closed from the start (they are outside); valid cells on the edge or next to NaN are the
    // outlets: closed at their own elevation and traced upslope like any cell whose level is its elevation.
    void seed() {
        for (index_t r = 0; r < rows_; ++r) {
            const bool edge_row = r == 0 || r == rows_ - 1;
            for (index_t c = 0; c < cols_; ++c) {
                const index_t i = r * cols_ + c;
                const float zi = z_[i];
                if (std::isnan(zi)) {
                    flags_[i] = kClosed;
                    continue;
                }
                if (std::isinf(zi))
                    throw InputError("fill_depressions: the DEM has an infinite elevation at row " + std::to_string(r) +
                                     ", column " + std::to_string(c) + "; use NaN for no data");
                ++stats_.valid_cells;
                bool outlet = edge_row || c == 0 || c == cols_ - 1;
                if (outlet) {
                    flags_[i] = kBorder;
                } else {
                    for (int k = 0; k < 8 && !outlet; ++k) outlet = std::isnan(z_[i + offset_[k]]);
                }
                if (outlet) {
                    flags_[i] |= kClosed;
                    trace_.push(static_cast<std::uint32_t>(i));
                }
            }
        }
    }

    // Cell i is at the spill level L = z(i): open neighbours at or below L fill to L; higher ones keep their own.
    void spill_from(std::uint32_t i) {
        const float level = z_[i];
        for_each_open_neighbour(i, [&](std::uint32_t n) {
            flags_[n] |= kClosed;
            labels_.inherit(i, n);
            if (z_[n] <= level) {
                if (z_[n] < level) {
                    z_[n] = level;
                    ++stats_.raised_cells;
                }
                pit_.push(n);
            } else {
                trace_.push(n);
            }
        });
    }

    // Cell i is final at its own elevation: neighbours at or above it are final at theirs (close and trace
    // them); if a lower open neighbour remains, i waits in the heap until its level is the lowest.
    void climb_from(std::uint32_t i) {
        const float level = z_[i];
        bool borders_lower = false;
        for_each_open_neighbour(i, [&](std::uint32_t n) {
            if (z_[n] >= level) {
                flags_[n] |= kClosed;
                labels_.inherit(i, n);
                trace_.push(n);
            } else {
                borders_lower = true;
            }
        });
        if (borders_lower) {
            heap_.push(heap_key(level, i));
            ++stats_.heap_pushes;
        }
    }

    // climb_from() never adds to the pit queue, so one pass of each empties both.
    void drain_plain_queues() {
        while (!pit_.empty()) spill_from(pit_.pop());
        while (!trace_.empty()) climb_from(trace_.pop());
    }

    float* z_;
    index_t rows_;
    index_t cols_;
    index_t offset_[8]{};
    Labels labels_;
    std::vector<std::uint8_t> flags_;
    CellQueue pit_;
    CellQueue trace_;
    RadixHeap heap_;
    FillStats stats_;
};

}  // namespace

FillStats fill_depressions(GridView<float> dem) {
    if (dem.empty()) return {};
    if (dem.size() >= static_cast<index_t>(std::numeric_limits<std::uint32_t>::max()))
        throw InputError("fill_depressions: the DEM has " + std::to_string(dem.size()) +
                         " cells; at most 4,294,967,294 are supported, split it into tiles");
    if (dem.row_stride() == dem.cols()) return PriorityFlood<>(dem.data(), dem.rows(), dem.cols()).run();
    // A window of a larger grid: work on a contiguous copy so that neighbours are at fixed offsets.
    Grid<float> copy(dem.rows(), dem.cols());
    for (index_t r = 0; r < dem.rows(); ++r) std::copy_n(dem.row(r), dem.cols(), copy.data() + r * dem.cols());
    const FillStats stats = PriorityFlood<>(copy.data(), dem.rows(), dem.cols()).run();
    for (index_t r = 0; r < dem.rows(); ++r) std::copy_n(copy.data() + r * dem.cols(), dem.cols(), dem.row(r));
    return stats;
}

FillStats fill_depressions_labelled(GridView<float> dem, GridView<std::uint32_t> labels) {
    if (dem.rows() != labels.rows() || dem.cols() != labels.cols() || dem.row_stride() != dem.cols() ||
        labels.row_stride() != labels.cols())
        throw std::invalid_argument(
            "fill_depressions_labelled: the DEM and the labels must be contiguous grids of "
            "one shape");
    if (dem.empty()) return {};
    if (dem.size() >= static_cast<index_t>(std::numeric_limits<std::uint32_t>::max()))
        throw InputError("fill_depressions_labelled: a tile of " + std::to_string(dem.size()) +
                         " cells is too large; at most 4,294,967,294 are supported");
    return PriorityFlood<OutletLabels>(dem.data(), dem.rows(), dem.cols(), OutletLabels{labels.data()}).run();
}

Grid<float> filled_dem(GridView<const float> dem) {
    Grid<float> filled(dem.rows(), dem.cols());
    for (index_t r = 0; r < dem.rows(); ++r) std::copy_n(dem.row(r), dem.cols(), filled.data() + r * dem.cols());
    fill_depressions(filled.view());
    return filled;
}

Grid<float> fill_depth(GridView<const float> dem, GridView<const float> filled) {
    if (dem.rows() != filled.rows() || dem.cols() != filled.cols())
        throw std::invalid_argument("fill_depth: the DEM and the filled DEM differ in shape");
    Grid<float> depth(dem.rows(), dem.cols());
    for (index_t r = 0; r < dem.rows(); ++r) {
        const float* z = dem.row(r);
        const float* f = filled.row(r);
        float* d = depth.data() + r * dem.cols();
        // NaN propagates through the subtraction, so no data stays no data.
        for (index_t c = 0; c < dem.cols(); ++c) d[c] = f[c] - z[c];
    }
    return depth;
}

Grid<float> fill_depth(GridView<const float> dem) {
    const Grid<float> filled = filled_dem(dem);
    return fill_depth(dem, filled.view());
}

}  // namespace wn::bluespots
