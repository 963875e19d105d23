// Blue spots of a terrain larger than memory: the spots of spots.hpp (8-connected cells whose fill depth exceeds
// the minimum depth) labelled tile by tile, with the same ids and the same per-spot figures as find_blue_spots,
// in bounded memory: one tile of buffers per worker, the rim labels of every tile, one record per tile fragment.
//
// Method: two-pass connected-component labelling of a tiled image.
//   A. Rosenfeld, J. L. Pfaltz (1966). Sequential operations in digital picture processing. J. ACM 13(4), 471–494.
//      (label, then resolve label equivalences in a second pass)
//   K. Wu, E. Otoo, K. Suzuki (2009). Optimizing two-pass connected-component labeling algorithms. Pattern
//      Analysis and Applications 12, 117–135. doi:10.1007/s10044-008-0109-y (equivalences in a union-find)
// Here the first pass labels each tile on its own (a flood fill inside the tile: "fragments", numbered in the
// tile's row-major order of their first cell) and keeps, per fragment, what the spot table sums, and the labels of
// the tile's rim. The equivalences are only those between fragments of neighbouring tiles that touch across a
// seam (8-neighbours): a union-find over the fragments joins them. Each spot's figures are the merge of its
// fragments' records; its id is its rank in the row-major order of its first cell, which is how find_blue_spots
// numbers them, so ids depend neither on the tile size nor on the number of threads.
//
// The tiles come from the tiled Priority-Flood (tiled_priority_flood.hpp, Barnes 2016), whose step 3 holds the
// terrain and the filled level of each tile: SpotLabellingWriter labels each tile there (TileWriter::prepare).
// The spot-id raster needs the final ids, known only after every tile: a second pass over the fill depth
// (write_spot_ids_tiled) labels each tile again the same way and maps fragment labels to spot ids.
//
// What is computed from the fill alone (BlueSpot fields): id, cells, area_m2, max_depth_m, volume_m3,
// spill_level_m, deepest_row/col, the bounding box. Not computed (left 0; they need flow directions or the whole
// grid): exit and pour points, spills_into, catchments, the spill order.
//
// Memory: per worker 4 bytes a tile cell (labels) plus the flood fill's stack; per tile its rim labels (4 bytes a
// rim cell); per fragment a record (SpotFragment, 80 bytes), a union-find entry and its spot id (4 + 4 bytes);
// after the merge one record per spot (TiledSpots::records; spot(k) makes the BlueSpot on demand).
#pragma once

#include <cstdint>
#include <vector>

#include "waternet/bluespots/spots.hpp"
#include "waternet/bluespots/tiled_priority_flood.hpp"

namespace wn::bluespots {

// The fragments of one tile: 8-connected cells with depth > min_depth_m (NaN is not), labelled 1..k in the
// row-major order of their first cell into `labels` (0 = no spot). Returns k. `depth` is filled − terrain in float,
// as the fill-depth raster holds it. std::invalid_argument if the shapes differ.
std::uint32_t label_tile_spots(GridView<const float> depth, float min_depth_m, GridView<std::uint32_t> labels);

// What one fragment adds to its spot. Cells are global row-major indices (row × grid columns + column).
struct SpotFragment {
    index_t cells = 0;
    double volume_m3 = 0.0;
    double max_depth_m = 0.0;
    index_t deepest = 0;         // the deepest cell; among equally deep ones the first in row-major order
    index_t first = 0;           // the first cell in row-major order
    double spill_level_m = 0.0;  // the filled level of `first`
    index_t row_min = 0, row_max = 0, col_min = 0, col_max = 0;
    void merge(const SpotFragment& other);  // the union of two fragments of one spot
};

struct TiledSpots {
    // Spot k + 1 (its merged fragments). Kept compact (80 bytes a spot): a region at 0.5 m has tens of millions.
    std::vector<SpotFragment> records;
    index_t grid_cols = 0;
    double cell_area_m2 = 1.0;
    std::size_t count() const { return records.size(); }
    BlueSpot spot(std::size_t k) const;        // id k + 1; the fields computed from the fill (see above)
    std::vector<std::int32_t> id_of_fragment;  // fragment (first_fragment[tile] + local label − 1) → spot id
    std::vector<index_t> first_fragment;       // per tile
    index_t fragments = 0;
    double bytes = 0.0;  // memory of the rims, records and union-find at their peak
    double merge_s = 0.0;
};

// Collects the fragments of every tile (add_tile, thread-safe for different tiles) and merges them (finish).
class TiledSpotLabeller {
public:
    // workers: the most tiles labelled at once (each gets its own buffers); threads as for fill_depressions_tiled.
    TiledSpotLabeller(const Tiling& tiling, const SpotOptions& options, int workers);
    // Labels tile `tile` (the window of tiling.window(tile)) from its terrain and filled level (NaN = no data).
    void add_tile(index_t tile, GridView<const float> terrain, GridView<const float> filled, int worker);
    // After every tile was added once: spots, ids, and the map from fragments to ids. InputError beyond 2^31 − 1
    // spots or 2^32 − 1 fragments.
    TiledSpots finish();

private:
    struct Tile {
        std::vector<SpotFragment> fragments;  // local label − 1
        std::vector<std::uint32_t> rim;       // local labels of the rim cells (RimLayout order)
        bool added = false;
    };
    const Tiling& tiling_;
    SpotOptions options_;
    std::vector<Tile> tiles_;
    std::vector<std::vector<std::uint32_t>> buffers_;  // per worker: the labels of its tile
};

// A TileWriter that labels every filled tile (in prepare(), beside the other workers) and passes it on to `next`.
class SpotLabellingWriter final : public TileWriter {
public:
    SpotLabellingWriter(TiledSpotLabeller& labeller, TileWriter& next) : labeller_(labeller), next_(next) {}
    void prepare(index_t tile, const TileWindow& window, GridView<const float> terrain, GridView<const float> filled,
                 int worker) override;
    void write(const TileWindow& window, GridView<const float> terrain, GridView<const float> filled) override;

private:
    TiledSpotLabeller& labeller_;
    TileWriter& next_;
};

// Where spot-id tiles go (0 = no spot).
class SpotIdTileWriter {
public:
    virtual ~SpotIdTileWriter() = default;
    virtual void write(const TileWindow& window, GridView<const std::int32_t> spot_id) = 0;
};

// The second pass: reads each tile of the fill depth (filled − terrain as float, NaN = no data: the values the
// first pass labelled), labels it again and writes the spot ids of `spots` (from the same tiling and min depth).
// Reads and writes are never called from two threads at once. The context's threads label tiles at once; its
// cancel token is polled before each tile.
void write_spot_ids_tiled(TileReader& depth, SpotIdTileWriter& writer, const Tiling& tiling, const TiledSpots& spots,
                          float min_depth_m, const ExecutionContext& context = {});

}  // namespace wn::bluespots
