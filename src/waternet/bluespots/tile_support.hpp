// What the tiled kernels share (tiled_priority_flood.cpp, tiled_spots.cpp): the numbering of a tile's rim, the pairs
// of touching cells across the cuts of a tiling, and a loop over tiles on OpenMP workers.
#pragma once

#include <cstddef>
#include <functional>

#include "waternet/bluespots/tiled_priority_flood.hpp"

namespace wn::bluespots {

// The perimeter ("rim") cells of a rows × cols tile, numbered: top row, bottom row, then the left and right
// columns without their corners. A tile of one row or one column is all rim.
struct RimLayout {
    index_t rows;
    index_t cols;

    bool is_rim(index_t r, index_t c) const { return r == 0 || r == rows - 1 || c == 0 || c == cols - 1; }
    index_t size() const { return rows == 1 ? cols : cols == 1 ? rows : 2 * cols + 2 * (rows - 2); }
    index_t index(index_t r, index_t c) const {
        if (r == 0) return c;
        if (r == rows - 1) return cols + c;
        if (c == 0) return 2 * cols + (r - 1);
        return 2 * cols + (rows - 2) + (r - 1);  // c == cols − 1
    }
    template <class Fn>
    void for_each(Fn&& fn) const {  // fn(r, c) for every rim cell once
        for (index_t c = 0; c < cols; ++c) fn(0, c);
        if (rows > 1)
            for (index_t c = 0; c < cols; ++c) fn(rows - 1, c);
        for (index_t r = 1; r + 1 < rows; ++r) {
            fn(r, 0);
            if (cols > 1) fn(r, cols - 1);
        }
    }
};

// fn(ra, ca, rb, cb) for every pair of 8-neighbours (grid rows and columns) that lie in different tiles: every pair
// at least once (a pair at a tile corner may come twice).
template <class Fn>
void for_each_seam_pair(const Tiling& tiling, Fn&& fn) {
    for (std::size_t j = 1; j < tiling.col_starts().size(); ++j) {
        const index_t c = tiling.col_starts()[j];
        for (index_t r = 0; r < tiling.rows(); ++r)
            for (index_t dr = -1; dr <= 1; ++dr)
                if (r + dr >= 0 && r + dr < tiling.rows()) fn(r, c - 1, r + dr, c);
    }
    for (std::size_t i = 1; i < tiling.row_starts().size(); ++i) {
        const index_t r = tiling.row_starts()[i];
        for (index_t c = 0; c < tiling.cols(); ++c)
            for (index_t dc = -1; dc <= 1; ++dc)
                if (c + dc >= 0 && c + dc < tiling.cols()) fn(r - 1, c, r, c + dc);
    }
}

// The position of grid cell (r, c) in the rim of its tile: (tile, rim index). The cell must be on its tile's rim.
struct RimPosition {
    index_t tile;
    std::size_t index;
};
inline RimPosition rim_position(const Tiling& tiling, index_t r, index_t c) {
    const index_t t = tiling.tile_of(r, c);
    const TileWindow w = tiling.window(t);
    return {t, static_cast<std::size_t>(RimLayout{w.rows, w.cols}.index(r - w.row0, c - w.col0))};
}

// Runs body(tile, worker) for every tile on `workers` OpenMP threads (worker = 0 .. workers − 1); the first exception
// (or a cancellation of `cancel`, polled before each tile) stops the others and is rethrown.
void for_each_tile(index_t tiles, int workers, const CancelToken& cancel,
                   const std::function<void(index_t, int)>& body);

}  // namespace wn::bluespots
