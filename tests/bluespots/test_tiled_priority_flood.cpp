#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "dem_test_support.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/tiled_priority_flood.hpp"
#include "waternet/core/error.hpp"

namespace wn::bluespots {
namespace {

using testing::grid_of;
using testing::kNaN;
using testing::random_dem;

Grid<float> tiled_fill(const Grid<float>& dem, const Tiling& tiling, int threads = 1) {
    Grid<float> filled(dem.rows(), dem.cols(), -12345.0f);  // a value no cell may keep
    GridTileReader reader(dem.view());
    GridTileWriter writer(filled.view());
    fill_depressions_tiled(reader, writer, tiling, threads);
    return filled;
}

// The first cell where two grids differ in any bit (NaN included), or "" when they are identical.
std::string first_difference(const Grid<float>& actual, const Grid<float>& expected) {
    for (index_t r = 0; r < expected.rows(); ++r)
        for (index_t c = 0; c < expected.cols(); ++c)
            if (std::bit_cast<std::uint32_t>(actual(r, c)) != std::bit_cast<std::uint32_t>(expected(r, c)))
                return "row " + std::to_string(r) + ", col " + std::to_string(c) + ": " + std::to_string(actual(r, c)) +
                       " instead of " + std::to_string(expected(r, c));
    return "";
}

// Random cuts: bands of 1 .. max_band rows (columns), the last one whatever is left.
std::vector<index_t> random_starts(std::mt19937& rng, index_t size, index_t max_band) {
    std::uniform_int_distribution<index_t> band(1, max_band);
    std::vector<index_t> starts;
    for (index_t s = 0; s < size; s += band(rng)) starts.push_back(s);
    return starts;
}

TEST(TiledPriorityFlood, EqualsTheSingleGridFillBitForBitOnRandomDemsAndRandomTiles) {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        std::uniform_int_distribution<index_t> side(1, 48);
        const index_t rows = side(rng), cols = side(rng);
        const Grid<float> dem = random_dem(rng, rows, cols);
        const Grid<float> expected = filled_dem(dem.view());
        std::uniform_int_distribution<index_t> tile_side(1, 20);
        const std::vector<Tiling> tilings = {
            Tiling::uniform(rows, cols, tile_side(rng), tile_side(rng)),  // most do not divide the grid
            Tiling::uniform(rows, cols, 1, tile_side(rng)),                // tiles of one row
            Tiling::uniform(rows, cols, tile_side(rng), 1),                // tiles of one column
            Tiling(rows, cols, random_starts(rng, rows, 12), random_starts(rng, cols, 12)),
        };
        for (std::size_t k = 0; k < tilings.size(); ++k) {
            const int threads = 1 + static_cast<int>(k % 2);
            const std::string where = "seed " + std::to_string(seed) + ", " + std::to_string(rows) + " x " +
                                      std::to_string(cols) + ", tiling " + std::to_string(k) + " (" +
                                      std::to_string(tilings[k].tile_rows()) + " x " +
                                      std::to_string(tilings[k].tile_cols()) + " tiles)";
            EXPECT_EQ(first_difference(tiled_fill(dem, tilings[k], threads), expected), "") << where;
        }
    }
}

// A depression whose bottom lies in all four tiles of a 6 × 6 grid cut into 3 × 3 tiles. Its rim (5) has one low
// point, 4 at row 1, column 3 (in the north-east tile), beside the outlet 0 on the grid edge: the pit fills to 4.
TEST(TiledPriorityFlood, FillsADepressionSpanningFourTilesToItsPourPoint) {
    const Grid<float> dem = grid_of({
        {9, 9, 9, 0, 9, 9},
        {9, 5, 5, 4, 5, 9},
        {9, 5, 1, 2, 5, 9},
        {9, 5, 2, 1, 5, 9},
        {9, 5, 5, 5, 5, 9},
        {9, 9, 9, 9, 9, 9},
    });
    const Grid<float> expected = grid_of({
        {9, 9, 9, 0, 9, 9},
        {9, 5, 5, 4, 5, 9},
        {9, 5, 4, 4, 5, 9},
        {9, 5, 4, 4, 5, 9},
        {9, 5, 5, 5, 5, 9},
        {9, 9, 9, 9, 9, 9},
    });
    for (const Tiling& tiling : {Tiling::uniform(6, 6, 3, 3), Tiling::uniform(6, 6, 2, 2), Tiling::uniform(6, 6, 1, 6),
                                 Tiling(6, 6, {0, 3}, {0, 2, 3})})
        EXPECT_EQ(first_difference(tiled_fill(dem, tiling), expected), "")
            << tiling.tile_rows() << " x " << tiling.tile_cols() << " tiles";
    // Close the pour point and the pit fills to the next lowest rim cell, 5; a NaN outside the rim changes nothing.
    Grid<float> closed = dem;
    closed(1, 3) = 6.0f;
    closed(5, 0) = kNaN;
    Grid<float> expected_closed = expected;
    expected_closed(1, 3) = 6.0f;
    expected_closed(5, 0) = kNaN;
    for (index_t r = 2; r <= 3; ++r)
        for (index_t c = 2; c <= 3; ++c) expected_closed(r, c) = 5.0f;
    EXPECT_EQ(first_difference(tiled_fill(closed, Tiling::uniform(6, 6, 3, 3), 2), expected_closed), "");
    // A NaN in the rim (south-west tile) makes its neighbour of 2 at (3, 2) an outlet: the pit now drains at 2, and
    // its two bottom cells of 1 (north-west and south-east tiles) fill to 2 instead of 4.
    Grid<float> drained = dem;
    drained(4, 1) = kNaN;
    Grid<float> expected_drained = drained;
    expected_drained(2, 2) = 2.0f;
    expected_drained(3, 3) = 2.0f;
    for (const Tiling& tiling : {Tiling::uniform(6, 6, 3, 3), Tiling::uniform(6, 6, 4, 1)})
        EXPECT_EQ(first_difference(tiled_fill(drained, tiling), expected_drained), "");
}

TEST(TiledPriorityFlood, TilingRejectsCutsOutsideTheGridOrOutOfOrder) {
    EXPECT_THROW(Tiling(4, 4, {0, 4}, {0}), std::invalid_argument);
    EXPECT_THROW(Tiling(4, 4, {1}, {0}), std::invalid_argument);
    EXPECT_THROW(Tiling(4, 4, {0, 2, 2}, {0}), std::invalid_argument);
    EXPECT_THROW(Tiling::uniform(4, 4, 0, 2), std::invalid_argument);
    const Tiling tiling(5, 7, {0, 1, 4}, {0, 3});
    EXPECT_EQ(tiling.tile_count(), 6);
    EXPECT_EQ(tiling.tile_of(4, 6), 5);
    const TileWindow last = tiling.window(5);
    EXPECT_EQ(last.row0, 4);
    EXPECT_EQ(last.col0, 3);
    EXPECT_EQ(last.rows, 1);
    EXPECT_EQ(last.cols, 4);
}

TEST(TiledPriorityFlood, AnInfiniteElevationInAnyTileIsAnInputError) {
    Grid<float> dem(8, 8, 1.0f);
    dem(6, 5) = std::numeric_limits<float>::infinity();
    EXPECT_THROW(tiled_fill(dem, Tiling::uniform(8, 8, 3, 3), 2), InputError);
}

}  // namespace
}  // namespace wn::bluespots
