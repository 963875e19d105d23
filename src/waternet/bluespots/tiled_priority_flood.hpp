// Depression filling of a DEM larger than memory, one tile at a time, with the same result as the single-grid fill
// (priority_flood.hpp) bit for bit.
//
// Method: the tiled Priority-Flood of
//   R. Barnes (2016). Parallel priority-flood depression filling for trillion cell digital elevation models on
//   desktops or clusters. Computers & Geosciences 96, 56–68. doi:10.1016/j.cageo.2016.07.001
// in three steps:
//   1. Each tile is filled on its own, its whole perimeter taken as outlets (fill_depressions_labelled). Every cell
//      gets the label of the perimeter cell (or of the true outlet: grid edge, next to NaN) its level came from.
//      Where two labels touch, water can pass from one to the other at max(level a, level b): an edge of the
//      "spill graph". Only the tile's perimeter (elevations and labels) and these edges are kept.
//   2. Neighbouring perimeter cells of two tiles add edges at max(elevation a, elevation b); a perimeter cell next
//      to NaN in the other tile, or on the grid edge, is an outlet. A Priority-Flood over this small graph from the
//      outlets ("the ocean") gives every label the level at which its water leaves the model.
//   3. Each tile is read again, its perimeter cells raised to max(own elevation, level of their label) (their
//      final water level), and filled once more with the single-grid fill: with the perimeter at its final level
//      the fill inside the tile is the global one. The result goes to the writer.
// Why step 3 is exact: the filled level of a cell is the lowest possible highest point on a path from it to an
// outlet; every path out of the tile leaves through a perimeter cell p and costs at least p's final level from
// there on, which is what the raised perimeter holds. Why step 2 gives the final levels: a label's path to the
// outlet (through touching labels, each crossing at the level of the edge) is a path of cells no higher than the
// graph level, and any path of cells crosses labels only at edges no higher than its own highest point.
// Labels are few: a perimeter cell next to a lower perimeter cell takes that cell's label (water at the lower cell
// reaches it), so only the local minima along each tile's rim get labels of their own.
//
// NaN = no data = outlet, exactly as in the single-grid fill (a cell next to NaN is never filled above itself).
//
// Memory: per worker one tile (pass 1: 9 bytes a cell plus queues; pass 2: 9 bytes a cell), plus the perimeters of
// all tiles (8 bytes a perimeter cell) and the spill graph (about 30 bytes an edge). Reads and writes go through a
// small interface and are never called from two threads at once, so a GDAL dataset needs no locking.
#pragma once

#include <cstdint>
#include <vector>

#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"

namespace wn::bluespots {

// Rows row0 .. row0 + rows − 1 and columns col0 .. col0 + cols − 1 of the whole grid.
struct TileWindow {
    index_t row0 = 0;
    index_t col0 = 0;
    index_t rows = 0;
    index_t cols = 0;
};

// A grid cut into tiles by horizontal and vertical cuts (tiles of one row or column allowed).
class Tiling {
public:
    // row_starts/col_starts: the first row (column) of each band of tiles, ascending, starting at 0, each < the
    // grid size. std::invalid_argument otherwise.
    Tiling(index_t rows, index_t cols, std::vector<index_t> row_starts, std::vector<index_t> col_starts);
    // Tiles of tile_rows × tile_cols cells; the last row/column of tiles takes what is left.
    static Tiling uniform(index_t rows, index_t cols, index_t tile_rows, index_t tile_cols);

    index_t rows() const { return rows_; }
    index_t cols() const { return cols_; }
    index_t tile_rows() const { return static_cast<index_t>(row_starts_.size()); }  // bands of tiles
    index_t tile_cols() const { return static_cast<index_t>(col_starts_.size()); }
    index_t tile_count() const { return tile_rows() * tile_cols(); }
    TileWindow window(index_t tile) const;            // tile = tile_row * tile_cols() + tile_col
    index_t tile_of(index_t row, index_t col) const;  // the tile holding a cell
    const std::vector<index_t>& row_starts() const { return row_starts_; }
    const std::vector<index_t>& col_starts() const { return col_starts_; }

private:
    index_t rows_;
    index_t cols_;
    std::vector<index_t> row_starts_;
    std::vector<index_t> col_starts_;
};

// Where tiles of terrain come from: fills `out` (the window's shape, contiguous) with elevations, NaN = no data.
class TileReader {
public:
    virtual ~TileReader() = default;
    virtual void read(const TileWindow& window, GridView<float> out) = 0;
};

// Where filled tiles go: the terrain of the window and its filled level (same shape, NaN where terrain is NaN).
class TileWriter {
public:
    virtual ~TileWriter() = default;
    virtual void write(const TileWindow& window, GridView<const float> terrain, GridView<const float> filled) = 0;
    // Work on a filled tile before write(), on the worker that filled it (worker 0 .. threads − 1) and with no lock
    // held: called for different tiles at once, so it must only touch that tile's and that worker's state. Default:
    // nothing. (Blue-spot labelling, tiled_spots.hpp, runs here, beside the fill of other tiles.)
    virtual void prepare(index_t /*tile*/, const TileWindow& /*window*/, GridView<const float> /*terrain*/,
                         GridView<const float> /*filled*/, int /*worker*/) {}
};

struct TiledFillStats {
    index_t tiles = 0;
    index_t valid_cells = 0;
    index_t raised_cells = 0;
    index_t labels = 0;        // nodes of the spill graph (outlet "ocean" not counted)
    index_t spill_edges = 0;   // edges of the spill graph, after keeping the lowest per pair of labels
    double graph_bytes = 0.0;  // memory of the perimeters and the spill graph at their peak
    double label_s = 0.0;      // step 1 (reading included)
    double graph_s = 0.0;      // step 2
    double fill_s = 0.0;       // step 3 (reading and writing included)
};

// Fills the DEM `reader` provides, tile by tile (see above), and hands each filled tile to `writer` once.
// The context's threads are the OpenMP workers; each holds one tile at a time, and polls the cancel token before each
// tile (wn::Interrupted). Tiles are written in no particular order. Errors from the reader or writer (and
// InputError for an infinite elevation) are passed on.
TiledFillStats fill_depressions_tiled(TileReader& reader, TileWriter& writer, const Tiling& tiling,
                                      const ExecutionContext& context = {});

// Tiles of a grid in memory (tests, and runs whose grid fits).
class GridTileReader final : public TileReader {
public:
    explicit GridTileReader(GridView<const float> dem) : dem_(dem) {}
    void read(const TileWindow& window, GridView<float> out) override;

private:
    GridView<const float> dem_;
};

// Collects the filled level into a grid in memory.
class GridTileWriter final : public TileWriter {
public:
    explicit GridTileWriter(GridView<float> filled) : filled_(filled) {}
    void write(const TileWindow& window, GridView<const float> terrain, GridView<const float> filled) override;

private:
    GridView<float> filled_;
};

}  // namespace wn::bluespots
