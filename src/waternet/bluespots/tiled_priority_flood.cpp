// The tiled Priority-Flood (Barnes 2016); see tiled_priority_flood.hpp for what and why. Here is how.
#include "waternet/bluespots/tiled_priority_flood.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/tile_support.hpp"
#include "waternet/core/timing.hpp"

namespace wn::bluespots {
namespace {

using Clock = SteadyClock;

constexpr std::uint32_t kOcean = 0;  // the label of true outlets: grid edge, next to NaN
constexpr std::uint32_t kUnlabelled = std::numeric_limits<std::uint32_t>::max();
constexpr float kInfinity = std::numeric_limits<float>::infinity();

// Water passes between labels a and b at `level`.
struct SpillEdge {
    std::uint32_t a;
    std::uint32_t b;
    float level;
};

// What step 1 keeps of a tile: its rim (filled level = own elevation there, and label) and its spill edges, all
// with tile-local labels 1..labels (0 = ocean).
struct TileGraph {
    std::vector<float> rim_z;
    std::vector<std::uint32_t> rim_label;
    std::uint32_t labels = 0;
    std::vector<SpillEdge> edges;
    std::uint32_t first_label = 0;  // global label of local label 1
    std::uint32_t global(std::uint32_t local) const { return local == kOcean ? kOcean : first_label + local - 1; }
};

constexpr int kDr[8] = {0, 1, 1, 1, 0, -1, -1, -1};
constexpr int kDc[8] = {1, 1, 0, -1, -1, -1, 0, 1};

// The labels the fill starts from: true outlets (on the grid edge, or next to NaN) are ocean; every other rim cell
// takes the label of its lowest lower rim neighbour (order: elevation, then cell index, so flats are no cycle),
// and a rim cell with none gets a new label. Water at the lower cell reaches the higher one, so the rim cells of
// a label are joined to its lowest cell by a path no higher than themselves, as the fill's labels are.
std::uint32_t seed_labels(GridView<const float> z, GridView<std::uint32_t> label, const TileWindow& w,
                          const Tiling& tiling) {
    const index_t rows = z.rows(), cols = z.cols();
    std::fill_n(label.data(), label.size(), kUnlabelled);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            if (!std::isnan(z(r, c))) continue;
            for (int k = 0; k < 8; ++k)
                if (z.contains(r + kDr[k], c + kDc[k]) && !std::isnan(z(r + kDr[k], c + kDc[k])))
                    label(r + kDr[k], c + kDc[k]) = kOcean;
        }
    const RimLayout rim{rows, cols};
    rim.for_each([&](index_t r, index_t c) {
        const index_t gr = w.row0 + r, gc = w.col0 + c;
        if (gr == 0 || gc == 0 || gr == tiling.rows() - 1 || gc == tiling.cols() - 1) label(r, c) = kOcean;
    });
    auto lower_rim_neighbour = [&](index_t r, index_t c) -> std::pair<index_t, index_t> {
        std::pair<index_t, index_t> best{r, c};
        for (int k = 0; k < 8; ++k) {
            const index_t nr = r + kDr[k], nc = c + kDc[k];
            if (!z.contains(nr, nc) || !rim.is_rim(nr, nc) || std::isnan(z(nr, nc))) continue;
            const float zn = z(nr, nc), zb = z(best.first, best.second);
            if (zn < zb || (zn == zb && nr * cols + nc < best.first * cols + best.second)) best = {nr, nc};
        }
        return best;
    };
    std::uint32_t count = 0;
    std::vector<std::pair<index_t, index_t>> chain;
    rim.for_each([&](index_t r, index_t c) {
        if (std::isnan(z(r, c))) return;
        chain.clear();
        std::pair<index_t, index_t> q{r, c};
        std::uint32_t l = kUnlabelled;
        while ((l = label(q.first, q.second)) == kUnlabelled) {
            chain.push_back(q);
            const auto next = lower_rim_neighbour(q.first, q.second);
            if (next == q) {
                l = ++count;
                break;
            }
            q = next;
        }
        for (const auto& [cr, cc] : chain) label(cr, cc) = l;
    });
    return count;
}

// Step 1 on one tile: `z` (contiguous) is filled in place with the rim as outlets.
TileGraph label_tile(GridView<float> z, GridView<std::uint32_t> label, const TileWindow& w, const Tiling& tiling) {
    TileGraph tile;
    tile.labels = seed_labels(z, label, w, tiling);
    fill_depressions_labelled(z, label);
    // Every pair of touching cells with different labels is a way between them (forward neighbours: each pair once).
    const index_t rows = z.rows(), cols = z.cols();
    constexpr int kForwardDr[4] = {0, 1, 1, 1};
    constexpr int kForwardDc[4] = {1, -1, 0, 1};
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            const float za = z(r, c);
            if (std::isnan(za)) continue;
            const std::uint32_t la = label(r, c);
            for (int k = 0; k < 4; ++k) {
                const index_t nr = r + kForwardDr[k], nc = c + kForwardDc[k];
                if (!z.contains(nr, nc)) continue;
                const std::uint32_t lb = label(nr, nc);
                if (lb == la || std::isnan(z(nr, nc))) continue;
                tile.edges.push_back({std::min(la, lb), std::max(la, lb), std::max(za, z(nr, nc))});
            }
        }
    std::sort(tile.edges.begin(), tile.edges.end(), [](const SpillEdge& x, const SpillEdge& y) {
        return x.a != y.a ? x.a < y.a : x.b != y.b ? x.b < y.b : x.level < y.level;
    });
    tile.edges.erase(std::unique(tile.edges.begin(), tile.edges.end(),
                                 [](const SpillEdge& x, const SpillEdge& y) { return x.a == y.a && x.b == y.b; }),
                     tile.edges.end());
    tile.edges.shrink_to_fit();
    const RimLayout rim{rows, cols};
    tile.rim_z.resize(static_cast<std::size_t>(rim.size()));
    tile.rim_label.resize(static_cast<std::size_t>(rim.size()));
    rim.for_each([&](index_t r, index_t c) {
        const auto k = static_cast<std::size_t>(rim.index(r, c));
        tile.rim_z[k] = z(r, c);  // a rim cell is an outlet of the tile fill: its level is its elevation
        tile.rim_label[k] = label(r, c);
    });
    return tile;
}

// The rim cell (r, c) of the whole grid: elevation and global label.
struct RimCell {
    float z;
    std::uint32_t label;
};
RimCell rim_cell(const Tiling& tiling, const std::vector<TileGraph>& tiles, index_t r, index_t c) {
    const RimPosition at = rim_position(tiling, r, c);
    const TileGraph& tile = tiles[static_cast<std::size_t>(at.tile)];
    return {tile.rim_z[at.index], tile.global(tile.rim_label[at.index])};
}

// Step 2: the spill graph of all tiles, and its Priority-Flood from the ocean. Returns the level of every label.
std::vector<float> label_levels(const Tiling& tiling, std::vector<TileGraph>& tiles, TiledFillStats& stats) {
    std::uint32_t next = 1;
    for (TileGraph& tile : tiles) {
        tile.first_label = next;
        if (static_cast<std::uint64_t>(next) + tile.labels >= kUnlabelled)
            throw InputError("tiled fill: more than 4 billion spill-graph labels; use larger tiles");
        next += tile.labels;
    }
    const std::size_t nodes = next;
    std::vector<SpillEdge> edges;
    for (const TileGraph& tile : tiles)
        for (const SpillEdge& e : tile.edges) edges.push_back({tile.global(e.a), tile.global(e.b), e.level});
    // Touching rim cells of neighbouring tiles, across every cut; a pair at a tile corner may come twice (harmless).
    auto join = [&](index_t ra, index_t ca, index_t rb, index_t cb) {
        const RimCell a = rim_cell(tiling, tiles, ra, ca), b = rim_cell(tiling, tiles, rb, cb);
        const bool a_nan = std::isnan(a.z), b_nan = std::isnan(b.z);
        if (a_nan && b_nan) return;
        if (a_nan || b_nan) {  // a cell next to no data is an outlet
            const RimCell& valid = a_nan ? b : a;
            edges.push_back({valid.label, kOcean, valid.z});
        } else if (a.label != b.label) {
            edges.push_back({a.label, b.label, std::max(a.z, b.z)});
        }
    };
    for_each_seam_pair(tiling, join);
    stats.labels = static_cast<index_t>(nodes - 1);
    stats.spill_edges = static_cast<index_t>(edges.size());

    // Compressed adjacency lists.
    std::vector<std::size_t> first(nodes + 1, 0);
    for (const SpillEdge& e : edges) {
        ++first[e.a + 1];
        ++first[e.b + 1];
    }
    for (std::size_t k = 0; k < nodes; ++k) first[k + 1] += first[k];
    std::vector<std::pair<std::uint32_t, float>> adjacent(first[nodes]);
    {
        std::vector<std::size_t> fill(first.begin(), first.end() - 1);
        for (const SpillEdge& e : edges) {
            adjacent[fill[e.a]++] = {e.b, e.level};
            adjacent[fill[e.b]++] = {e.a, e.level};
        }
    }
    double rim_bytes = 0.0;
    for (const TileGraph& tile : tiles) rim_bytes += 8.0 * static_cast<double>(tile.rim_z.size());
    stats.graph_bytes = rim_bytes + 12.0 * static_cast<double>(edges.size()) +
                        8.0 * static_cast<double>(adjacent.size()) + 12.0 * static_cast<double>(nodes);
    std::vector<SpillEdge>().swap(edges);
    for (TileGraph& tile : tiles) std::vector<SpillEdge>().swap(tile.edges);

    // Priority-Flood on the graph (a minimax Dijkstra): a label's level is the lowest, over ways to the ocean, of
    // the highest edge on the way.
    std::vector<float> level(nodes, kInfinity);
    using Entry = std::pair<float, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
    level[kOcean] = -kInfinity;
    open.push({-kInfinity, kOcean});
    while (!open.empty()) {
        const auto [l, u] = open.top();
        open.pop();
        if (l > level[u]) continue;  // a stale entry
        for (std::size_t k = first[u]; k < first[u + 1]; ++k) {
            const auto [v, w] = adjacent[k];
            const float candidate = std::max(l, w);
            if (candidate < level[v]) {
                level[v] = candidate;
                open.push({candidate, v});
            }
        }
    }
    return level;
}

// The tile buffers of one worker, kept from tile to tile (allocating 100 MB per tile costs page faults).
struct WorkerBuffers {
    std::vector<float> terrain;
    std::vector<float> filled;
    std::vector<std::uint32_t> label;
    template <class T>
    static GridView<T> view(std::vector<T>& buffer, const TileWindow& w) {
        buffer.resize(static_cast<std::size_t>(w.rows * w.cols));
        return {buffer.data(), w.rows, w.cols};
    }
};

}  // namespace

void for_each_tile(index_t tiles, int workers, const CancelToken& cancel,
                   const std::function<void(index_t, int)>& body) {
    std::exception_ptr error;
    std::mutex error_mutex;
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
    for (index_t t = 0; t < tiles; ++t) {
        {
            std::lock_guard lock(error_mutex);
            if (error) continue;
        }
        try {
            cancel.throw_if_requested();
            body(t, omp_get_thread_num());
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
}

Tiling::Tiling(index_t rows, index_t cols, std::vector<index_t> row_starts, std::vector<index_t> col_starts)
    : rows_(rows), cols_(cols), row_starts_(std::move(row_starts)), col_starts_(std::move(col_starts)) {
    auto valid = [](const std::vector<index_t>& starts, index_t size) {
        if (size <= 0 || starts.empty() || starts.front() != 0 || starts.back() >= size) return false;
        return std::adjacent_find(starts.begin(), starts.end(), std::greater_equal<>()) == starts.end();
    };
    if (!valid(row_starts_, rows_) || !valid(col_starts_, cols_))
        throw std::invalid_argument("Tiling: tile starts must ascend from 0 and lie inside the grid");
}

Tiling Tiling::uniform(index_t rows, index_t cols, index_t tile_rows, index_t tile_cols) {
    if (tile_rows <= 0 || tile_cols <= 0) throw std::invalid_argument("Tiling::uniform: tile size must be positive");
    std::vector<index_t> row_starts, col_starts;
    for (index_t r = 0; r < rows; r += tile_rows) row_starts.push_back(r);
    for (index_t c = 0; c < cols; c += tile_cols) col_starts.push_back(c);
    return Tiling(rows, cols, std::move(row_starts), std::move(col_starts));
}

TileWindow Tiling::window(index_t tile) const {
    const auto i = static_cast<std::size_t>(tile / tile_cols());
    const auto j = static_cast<std::size_t>(tile % tile_cols());
    const index_t row_end = i + 1 < row_starts_.size() ? row_starts_[i + 1] : rows_;
    const index_t col_end = j + 1 < col_starts_.size() ? col_starts_[j + 1] : cols_;
    return {row_starts_[i], col_starts_[j], row_end - row_starts_[i], col_end - col_starts_[j]};
}

index_t Tiling::tile_of(index_t row, index_t col) const {
    const auto i = std::upper_bound(row_starts_.begin(), row_starts_.end(), row) - row_starts_.begin() - 1;
    const auto j = std::upper_bound(col_starts_.begin(), col_starts_.end(), col) - col_starts_.begin() - 1;
    return i * tile_cols() + j;
}

TiledFillStats fill_depressions_tiled(TileReader& reader, TileWriter& writer, const Tiling& tiling,
                                      const ExecutionContext& context) {
    TiledFillStats stats;
    stats.tiles = tiling.tile_count();
    std::mutex io;  // the reader and writer are called by one thread at a time
    std::vector<TileGraph> tiles(static_cast<std::size_t>(stats.tiles));

    const int workers = context.thread_count();
    std::vector<WorkerBuffers> buffers(static_cast<std::size_t>(workers));
    auto t0 = Clock::now();
    for_each_tile(stats.tiles, workers, context.cancel, [&](index_t t, int worker) {
        const TileWindow w = tiling.window(t);
        WorkerBuffers& buffer = buffers[static_cast<std::size_t>(worker)];
        const GridView<float> z = WorkerBuffers::view(buffer.filled, w);
        {
            std::lock_guard lock(io);
            reader.read(w, z);
        }
        tiles[static_cast<std::size_t>(t)] = label_tile(z, WorkerBuffers::view(buffer.label, w), w, tiling);
    });
    stats.label_s = seconds_since(t0);
    for (WorkerBuffers& buffer : buffers) std::vector<std::uint32_t>().swap(buffer.label);  // step 3 needs none

    t0 = Clock::now();
    const std::vector<float> level = label_levels(tiling, tiles, stats);
    stats.graph_s = seconds_since(t0);

    t0 = Clock::now();
    std::mutex count;
    for_each_tile(stats.tiles, workers, context.cancel, [&](index_t t, int worker) {
        const TileWindow w = tiling.window(t);
        const TileGraph& tile = tiles[static_cast<std::size_t>(t)];
        WorkerBuffers& buffer = buffers[static_cast<std::size_t>(worker)];
        const GridView<float> terrain = WorkerBuffers::view(buffer.terrain, w);
        const GridView<float> filled = WorkerBuffers::view(buffer.filled, w);
        {
            std::lock_guard lock(io);
            reader.read(w, terrain);
        }
        std::copy(buffer.terrain.begin(), buffer.terrain.end(), buffer.filled.begin());
        const RimLayout rim{w.rows, w.cols};
        rim.for_each([&](index_t r, index_t c) {  // the rim at its final level
            const auto k = static_cast<std::size_t>(rim.index(r, c));
            if (!std::isnan(filled(r, c))) filled(r, c) = std::max(filled(r, c), level[tile.global(tile.rim_label[k])]);
        });
        fill_depressions(filled);
        writer.prepare(t, w, terrain, filled, worker);
        index_t valid = 0, raised = 0;
        for (std::size_t i = 0; i < buffer.terrain.size(); ++i) {
            valid += !std::isnan(buffer.terrain[i]);
            raised += buffer.filled[i] > buffer.terrain[i];
        }
        {
            std::lock_guard lock(io);
            writer.write(w, terrain, filled);
        }
        std::lock_guard lock(count);
        stats.valid_cells += valid;
        stats.raised_cells += raised;
    });
    stats.fill_s = seconds_since(t0);
    return stats;
}

void GridTileReader::read(const TileWindow& w, GridView<float> out) {
    for (index_t r = 0; r < w.rows; ++r) std::copy_n(dem_.row(w.row0 + r) + w.col0, w.cols, out.row(r));
}

void GridTileWriter::write(const TileWindow& w, GridView<const float> /*terrain*/, GridView<const float> filled) {
    for (index_t r = 0; r < w.rows; ++r) std::copy_n(filled.row(r), w.cols, filled_.row(w.row0 + r) + w.col0);
}

}  // namespace wn::bluespots
