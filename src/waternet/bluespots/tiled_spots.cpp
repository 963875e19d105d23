// Tiled blue-spot labelling (two-pass CCL with a union-find over tile fragments); see tiled_spots.hpp.
#include "waternet/bluespots/tiled_spots.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "waternet/bluespots/tile_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/timing.hpp"

namespace wn::bluespots {
namespace {

template <class T>
GridView<T> view_of(std::vector<T>& buffer, const TileWindow& w) {
    buffer.resize(static_cast<std::size_t>(w.rows * w.cols));
    return {buffer.data(), w.rows, w.cols};
}

// Disjoint sets over fragments (path halving; the lower index becomes the root, so roots do not depend on the
// order of the unions).
class UnionFind {
public:
    explicit UnionFind(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), 0u); }
    std::uint32_t find(std::uint32_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<std::uint32_t> parent_;
};

// Flood fill of the cells where is_spot(r, c), 8-connected, labels 1..k in row-major order of first cells.
template <class IsSpot>
std::uint32_t label_fragments(IsSpot&& is_spot, GridView<std::uint32_t> labels) {
    const index_t rows = labels.rows(), cols = labels.cols();
    std::fill_n(labels.data(), labels.size(), 0u);
    std::uint32_t count = 0;
    std::vector<index_t> stack;
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            if (labels(r, c) != 0 || !is_spot(r, c)) continue;
            labels(r, c) = ++count;
            stack.push_back(r * cols + c);
            while (!stack.empty()) {
                const index_t i = stack.back(), ir = i / cols, ic = i % cols;
                stack.pop_back();
                for (index_t nr = std::max<index_t>(ir - 1, 0); nr <= std::min(ir + 1, rows - 1); ++nr)
                    for (index_t nc = std::max<index_t>(ic - 1, 0); nc <= std::min(ic + 1, cols - 1); ++nc) {
                        if (labels(nr, nc) != 0 || !is_spot(nr, nc)) continue;
                        labels(nr, nc) = count;
                        stack.push_back(nr * cols + nc);
                    }
            }
        }
    return count;
}

}  // namespace

std::uint32_t label_tile_spots(GridView<const float> depth, float min_depth_m, GridView<std::uint32_t> labels) {
    if (depth.rows() != labels.rows() || depth.cols() != labels.cols())
        throw std::invalid_argument("label_tile_spots: shapes differ");
    return label_fragments([&](index_t r, index_t c) { return depth(r, c) > min_depth_m; }, labels);  // NaN: no
}

BlueSpot TiledSpots::spot(std::size_t k) const {
    const SpotFragment& f = records.at(k);
    BlueSpot s;
    s.id = static_cast<std::int32_t>(k + 1);
    s.cells = f.cells;
    s.area_m2 = static_cast<double>(f.cells) * cell_area_m2;
    s.max_depth_m = f.max_depth_m;
    s.volume_m3 = f.volume_m3;
    s.spill_level_m = f.spill_level_m;
    s.deepest_row = f.deepest / grid_cols;
    s.deepest_col = f.deepest % grid_cols;
    s.row_min = f.row_min;
    s.row_max = f.row_max;
    s.col_min = f.col_min;
    s.col_max = f.col_max;
    return s;
}

void SpotFragment::merge(const SpotFragment& o) {
    cells += o.cells;
    volume_m3 += o.volume_m3;
    if (o.max_depth_m > max_depth_m || (o.max_depth_m == max_depth_m && o.deepest < deepest)) {
        max_depth_m = o.max_depth_m;
        deepest = o.deepest;
    }
    if (o.first < first) {
        first = o.first;
        spill_level_m = o.spill_level_m;
    }
    row_min = std::min(row_min, o.row_min);
    row_max = std::max(row_max, o.row_max);
    col_min = std::min(col_min, o.col_min);
    col_max = std::max(col_max, o.col_max);
}

TiledSpotLabeller::TiledSpotLabeller(const Tiling& tiling, const SpotOptions& options, int workers)
    : tiling_(tiling),
      options_(options),
      tiles_(static_cast<std::size_t>(tiling.tile_count())),
      buffers_(static_cast<std::size_t>(std::max(workers, 1))) {
    if (!(options.min_depth_m >= 0.0f) || !std::isfinite(options.min_depth_m))
        throw InputError("blue spots: the minimum depth must be a finite number >= 0");
    if (!(options.cell_size_m > 0.0) || !std::isfinite(options.cell_size_m))
        throw InputError("blue spots: the cell size must be a positive number");
}

void TiledSpotLabeller::add_tile(index_t tile, GridView<const float> terrain, GridView<const float> filled,
                                 int worker) {
    const TileWindow w = tiling_.window(tile);
    if (terrain.rows() != w.rows || terrain.cols() != w.cols || filled.rows() != w.rows || filled.cols() != w.cols)
        throw std::invalid_argument("TiledSpotLabeller::add_tile: the tile's shape differs from its window");
    const GridView<std::uint32_t> labels = view_of(buffers_.at(static_cast<std::size_t>(worker)), w);
    // The depth as the fill-depth raster holds it (filled − terrain in float; NaN is no spot), as find_blue_spots
    // tests it.
    const float min_depth = options_.min_depth_m;
    const auto count =
        label_fragments([&](index_t r, index_t c) { return filled(r, c) - terrain(r, c) > min_depth; }, labels);
    Tile& out = tiles_[static_cast<std::size_t>(tile)];
    out.fragments.assign(count, SpotFragment{});
    const double area = options_.cell_size_m * options_.cell_size_m;
    for (index_t r = 0; r < w.rows; ++r)
        for (index_t c = 0; c < w.cols; ++c) {
            const std::uint32_t l = labels(r, c);
            if (l == 0) continue;
            SpotFragment& f = out.fragments[l - 1];
            const index_t gr = w.row0 + r, gc = w.col0 + c, cell = gr * tiling_.cols() + gc;
            // In double, as find_blue_spots, so that the volume is the stage–volume curve at the spill level.
            const double d = static_cast<double>(filled(r, c)) - static_cast<double>(terrain(r, c));
            if (f.cells == 0) {  // row-major: the fragment's first cell
                f = {0, 0.0, d, cell, cell, filled(r, c), gr, gr, gc, gc};
            } else if (d > f.max_depth_m) {  // strictly deeper: ties keep the first cell
                f.max_depth_m = d;
                f.deepest = cell;
            }
            ++f.cells;
            f.volume_m3 += d * area;
            f.row_max = gr;
            f.col_min = std::min(f.col_min, gc);
            f.col_max = std::max(f.col_max, gc);
        }
    const RimLayout rim{w.rows, w.cols};
    out.rim.resize(static_cast<std::size_t>(rim.size()));
    rim.for_each([&](index_t r, index_t c) { out.rim[static_cast<std::size_t>(rim.index(r, c))] = labels(r, c); });
    out.added = true;
}

TiledSpots TiledSpotLabeller::finish() {
    const auto start = SteadyClock::now();
    TiledSpots result;
    result.first_fragment.resize(tiles_.size());
    std::uint64_t total = 0;
    double rim_bytes = 0.0;
    for (std::size_t t = 0; t < tiles_.size(); ++t) {
        if (!tiles_[t].added) throw std::logic_error("TiledSpotLabeller::finish: a tile was never added");
        result.first_fragment[t] = static_cast<index_t>(total);
        total += tiles_[t].fragments.size();
        rim_bytes += 4.0 * static_cast<double>(tiles_[t].rim.size());
    }
    if (total >= std::numeric_limits<std::uint32_t>::max())
        throw InputError("blue spots out of core: more than 2^32 − 1 spot fragments; use larger tiles");
    result.fragments = static_cast<index_t>(total);

    // Equivalences: fragments that touch across a seam.
    UnionFind sets(total);
    auto fragment_at = [&](index_t r, index_t c) -> std::int64_t {
        const RimPosition at = rim_position(tiling_, r, c);
        const std::uint32_t local = tiles_[static_cast<std::size_t>(at.tile)].rim[at.index];
        return local == 0 ? -1 : result.first_fragment[static_cast<std::size_t>(at.tile)] + local - 1;
    };
    for_each_seam_pair(tiling_, [&](index_t ra, index_t ca, index_t rb, index_t cb) {
        const std::int64_t a = fragment_at(ra, ca), b = fragment_at(rb, cb);
        if (a >= 0 && b >= 0) sets.unite(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
    });

    // Merge every fragment into its root (roots are the lowest fragment of their set, so they come first).
    std::vector<SpotFragment> merged;
    merged.reserve(total);
    for (Tile& tile : tiles_) {
        merged.insert(merged.end(), tile.fragments.begin(), tile.fragments.end());
        std::vector<SpotFragment>().swap(tile.fragments);
        std::vector<std::uint32_t>().swap(tile.rim);
    }
    result.bytes = rim_bytes + static_cast<double>(total) * (sizeof(SpotFragment) + 4.0 + 4.0);
    std::vector<std::uint32_t> roots;
    for (std::uint32_t g = 0; g < total; ++g) {
        const std::uint32_t root = sets.find(g);
        if (root == g)
            roots.push_back(g);
        else
            merged[root].merge(merged[g]);
    }
    if (roots.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        throw InputError("blue spots: more than 2^31 - 1 spots");

    // Ids as find_blue_spots gives them: in the row-major order of each spot's first cell.
    std::sort(roots.begin(), roots.end(),
              [&](std::uint32_t a, std::uint32_t b) { return merged[a].first < merged[b].first; });
    result.id_of_fragment.assign(total, 0);
    for (std::size_t k = 0; k < roots.size(); ++k) result.id_of_fragment[roots[k]] = static_cast<std::int32_t>(k + 1);
    for (std::uint32_t g = 0; g < total; ++g) result.id_of_fragment[g] = result.id_of_fragment[sets.find(g)];
    // Only the roots' records stay, in id order (compacted in place: roots ascend, so none is overwritten early; no
    // shrink_to_fit, whose copy would double the peak).
    std::sort(roots.begin(), roots.end());
    for (std::size_t k = 0; k < roots.size(); ++k) merged[k] = merged[roots[k]];
    merged.resize(roots.size());
    std::sort(merged.begin(), merged.end(),
              [](const SpotFragment& a, const SpotFragment& b) { return a.first < b.first; });
    result.records = std::move(merged);
    result.grid_cols = tiling_.cols();
    result.cell_area_m2 = options_.cell_size_m * options_.cell_size_m;
    result.merge_s = seconds_since(start);
    return result;
}

void SpotLabellingWriter::prepare(index_t tile, const TileWindow& window, GridView<const float> terrain,
                                  GridView<const float> filled, int worker) {
    labeller_.add_tile(tile, terrain, filled, worker);
    next_.prepare(tile, window, terrain, filled, worker);
}

void SpotLabellingWriter::write(const TileWindow& window, GridView<const float> terrain, GridView<const float> filled) {
    next_.write(window, terrain, filled);
}

void write_spot_ids_tiled(TileReader& depth_reader, SpotIdTileWriter& writer, const Tiling& tiling,
                          const TiledSpots& spots, float min_depth_m, const ExecutionContext& context) {
    if (spots.first_fragment.size() != static_cast<std::size_t>(tiling.tile_count()))
        throw std::invalid_argument("write_spot_ids_tiled: the spots come from another tiling");
    struct Buffers {
        std::vector<float> depth;
        std::vector<std::uint32_t> labels;
        std::vector<std::int32_t> ids;
    };
    const int workers = context.thread_count();
    std::vector<Buffers> buffers(static_cast<std::size_t>(workers));
    std::mutex io;
    for_each_tile(tiling.tile_count(), workers, context.cancel, [&](index_t t, int worker) {
        const TileWindow w = tiling.window(t);
        Buffers& buffer = buffers[static_cast<std::size_t>(worker)];
        const GridView<float> depth = view_of(buffer.depth, w);
        {
            std::lock_guard lock(io);
            depth_reader.read(w, depth);
        }
        const GridView<std::uint32_t> labels = view_of(buffer.labels, w);
        label_tile_spots(depth, min_depth_m, labels);
        const GridView<std::int32_t> ids = view_of(buffer.ids, w);
        const index_t first = spots.first_fragment[static_cast<std::size_t>(t)];
        for (index_t i = 0; i < labels.size(); ++i) {
            const std::uint32_t l = labels.data()[i];
            ids.data()[i] = l == 0 ? 0 : spots.id_of_fragment.at(static_cast<std::size_t>(first + l - 1));
        }
        std::lock_guard lock(io);
        writer.write(w, ids);
    });
}

}  // namespace wn::bluespots
