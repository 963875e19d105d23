#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "dem_test_support.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/core/error.hpp"

namespace wn::bluespots {
namespace {

using testing::grid_of;
using testing::is_outlet_cell;
using testing::kNaN;
using testing::random_dem;

// The slow, obviously correct reference: Planchon & Darboux (2001), "A fast, simple and versatile algorithm to
// fill the depressions of digital elevation models", Catena 46, with ε = 0 and plain repeated sweeps.
// Start with water at +∞ everywhere except at the outlets (edge and next to NaN, where water leaves at the
// ground); then, until nothing changes, lower the water W at each cell to its ground Z if a neighbour's water is
// at or below Z (the cell drains), else to the lowest neighbouring water level above Z.
Grid<float> planchon_darboux(const Grid<float>& z) {
    const float inf = std::numeric_limits<float>::infinity();
    Grid<float> w(z.rows(), z.cols());
    for (index_t r = 0; r < z.rows(); ++r)
        for (index_t c = 0; c < z.cols(); ++c)
            w(r, c) = std::isnan(z(r, c)) ? kNaN : is_outlet_cell(z.view(), r, c) ? z(r, c) : inf;
    for (bool changed = true; changed;) {
        changed = false;
        for (index_t r = 0; r < z.rows(); ++r) {
            for (index_t c = 0; c < z.cols(); ++c) {
                if (std::isnan(z(r, c)) || !(w(r, c) > z(r, c))) continue;
                for (int dr = -1; dr <= 1; ++dr) {
                    for (int dc = -1; dc <= 1; ++dc) {
                        if ((dr == 0 && dc == 0) || !z.spec().contains_cell(r + dr, c + dc)) continue;
                        const float w_n = w(r + dr, c + dc);
                        if (std::isnan(w_n) || !(w(r, c) > z(r, c))) continue;
                        if (z(r, c) >= w_n) {
                            w(r, c) = z(r, c);
                            changed = true;
                        } else if (w(r, c) > w_n) {
                            w(r, c) = w_n;
                            changed = true;
                        }
                    }
                }
            }
        }
    }
    return w;
}

// Bit-for-bit equality, NaN included: the fill only copies input values, so nothing less is acceptable.
void expect_bit_identical(const Grid<float>& actual, const Grid<float>& expected, const std::string& what) {
    ASSERT_EQ(actual.rows(), expected.rows());
    ASSERT_EQ(actual.cols(), expected.cols());
    int mismatches = 0;
    for (index_t r = 0; r < actual.rows(); ++r)
        for (index_t c = 0; c < actual.cols(); ++c)
            if (std::bit_cast<std::uint32_t>(actual(r, c)) != std::bit_cast<std::uint32_t>(expected(r, c)) &&
                !(std::isnan(actual(r, c)) && std::isnan(expected(r, c))) && ++mismatches <= 3)
                ADD_FAILURE() << what << ": cell (" << r << ", " << c << ") filled to " << actual(r, c)
                              << ", reference " << expected(r, c);
    EXPECT_EQ(mismatches, 0) << what;
}

TEST(BlueSpotFill, SinglePitFillsToItsSpillLevel) {
    // The pit (1) is walled by 6s except for a 4 that leads to the edge cell 2: it fills to 4, nothing else moves.
    const Grid<float> dem =
        grid_of({{9, 9, 9, 9, 9}, {9, 6, 6, 6, 9}, {9, 6, 1, 4, 2}, {9, 6, 6, 6, 9}, {9, 9, 9, 9, 9}});
    Grid<float> filled = dem;
    const FillStats stats = fill_depressions(filled.view());
    Grid<float> expected = dem;
    expected(2, 2) = 4.0f;
    expect_bit_identical(filled, expected, "single pit");
    EXPECT_EQ(stats.valid_cells, 25);
    EXPECT_EQ(stats.raised_cells, 1);

    const Grid<float> depth = fill_depth(dem.view());
    EXPECT_FLOAT_EQ(depth(2, 2), 3.0f);
    EXPECT_FLOAT_EQ(depth(2, 3), 0.0f);
    EXPECT_FLOAT_EQ(depth(0, 0), 0.0f);
}

TEST(BlueSpotFill, NestedPitsMergeIntoOneLevel) {
    // Two pits (1 and 0) split by a divide at 3 sit in one basin that spills at 6 towards the outlet 4 on the
    // east edge: once full they are one spot at level 6, the divide under water too.
    const Grid<float> dem = grid_of({{9, 9, 9, 9, 9, 9, 9, 9, 9},
                                     {9, 8, 8, 8, 8, 8, 8, 8, 9},
                                     {9, 8, 1, 3, 0, 2, 6, 5, 4},
                                     {9, 8, 8, 8, 8, 8, 8, 8, 9},
                                     {9, 9, 9, 9, 9, 9, 9, 9, 9}});
    const Grid<float> filled = filled_dem(dem.view());
    Grid<float> expected = dem;
    for (index_t c = 2; c <= 5; ++c) expected(2, c) = 6.0f;
    expect_bit_identical(filled, expected, "nested pits");
    const Grid<float> depth = fill_depth(dem.view(), filled.view());
    EXPECT_FLOAT_EQ(depth(2, 2), 5.0f);
    EXPECT_FLOAT_EQ(depth(2, 3), 3.0f);  // the divide between the pits
    EXPECT_FLOAT_EQ(depth(2, 4), 6.0f);
    EXPECT_FLOAT_EQ(depth(2, 6), 0.0f);  // the pour point itself holds nothing
}

TEST(BlueSpotFill, PitDrainingIntoNoDataOutsideIsNotFilled) {
    // The pit touches a NaN strip that runs to the grid edge (outside the survey): water leaves there.
    Grid<float> dem =
        grid_of({{9, 9, 9, 9, 9}, {9, 6, 6, 6, 9}, {9, 6, 1, kNaN, kNaN}, {9, 6, 6, 6, 9}, {9, 9, 9, 9, 9}});
    const Grid<float> filled = filled_dem(dem.view());
    expect_bit_identical(filled, dem, "pit next to no data");
    const Grid<float> depth = fill_depth(dem.view(), filled.view());
    EXPECT_FLOAT_EQ(depth(2, 2), 0.0f);
    EXPECT_TRUE(std::isnan(depth(2, 3)));
    EXPECT_TRUE(std::isnan(filled(2, 4)));

    // With terrain at 6 where the NaN strip was, the same pit is a blue spot filled to its rim (6), which
    // drains over the edge cell (2, 4).
    dem(2, 3) = 6.0f;
    dem(2, 4) = 6.0f;
    Grid<float> expected = dem;
    expected(2, 2) = 6.0f;
    expect_bit_identical(filled_dem(dem.view()), expected, "pit walled in by terrain");
}

TEST(BlueSpotFill, HoleInsideTheDataIsAnOutletToo) {
    // An enclosed NaN hole is not told apart from outside here: the caller gives holes an elevation first
    // (core/nodata_fill.hpp) when they should hold water. Documented in priority_flood.hpp.
    const Grid<float> dem = grid_of(
        {{9, 9, 9, 9, 9, 9}, {9, 5, 5, 5, 5, 9}, {9, 5, kNaN, 2, 5, 9}, {9, 5, 5, 5, 5, 9}, {9, 9, 9, 9, 9, 9}});
    expect_bit_identical(filled_dem(dem.view()), dem, "enclosed hole");
}

TEST(BlueSpotFill, IdenticalToPlanchonDarbouxOnRandomDems) {
    std::mt19937 rng(20140101);  // fixed seed: the same 200 DEMs on every run
    std::uniform_int_distribution<int> size(1, 24);
    for (int trial = 0; trial < 200; ++trial) {
        // Mostly 20 × 20, sometimes any shape down to a single row or column.
        const index_t rows = trial % 4 == 3 ? size(rng) : 20;
        const index_t cols = trial % 4 == 3 ? size(rng) : 20;
        const Grid<float> dem = random_dem(rng, rows, cols);
        const Grid<float> filled = filled_dem(dem.view());
        const std::string what =
            "random DEM " + std::to_string(trial) + " (" + std::to_string(rows) + " x " + std::to_string(cols) + ")";
        expect_bit_identical(filled, planchon_darboux(dem), what);
        for (index_t r = 0; r < rows; ++r)
            for (index_t c = 0; c < cols; ++c)
                if (!std::isnan(dem(r, c))) {
                    ASSERT_GE(filled(r, c), dem(r, c)) << what;
                }
        if (::testing::Test::HasFailure()) return;
    }
}

TEST(BlueSpotFill, SignedZerosAreOneLevel) {
    // −0 and +0 compare equal; the queue must not take them for different levels (a polder at exactly 0 m NAP).
    std::mt19937 rng(0);
    const float values[] = {-0.0f, 0.0f, -1.0f, 1.0f};
    for (int trial = 0; trial < 50; ++trial) {
        Grid<float> dem(12, 12);
        for (float& v : dem.values()) v = values[rng() % 4];
        const Grid<float> filled = filled_dem(dem.view());
        const Grid<float> reference = planchon_darboux(dem);
        for (index_t i = 0; i < dem.size(); ++i) ASSERT_EQ(filled.values()[i], reference.values()[i]) << trial;
    }
}

TEST(BlueSpotFill, WindowOfALargerGridIsFilledInPlace) {
    // A strided view (a window of a bigger grid) gives the same as a contiguous copy, and the cells around
    // the window are left alone.
    std::mt19937 rng(7);
    Grid<float> big = random_dem(rng, 30, 40);
    const Grid<float> before = big;
    const index_t r0 = 5, c0 = 7, rows = 18, cols = 25;
    Grid<float> window(rows, cols);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) window(r, c) = big(r0 + r, c0 + c);
    fill_depressions(big.view().subview(r0, c0, rows, cols));
    const Grid<float> expected = filled_dem(window.view());
    for (index_t r = 0; r < big.rows(); ++r) {
        for (index_t c = 0; c < big.cols(); ++c) {
            const bool inside = r >= r0 && r < r0 + rows && c >= c0 && c < c0 + cols;
            const float want = inside ? expected(r - r0, c - c0) : before(r, c);
            if (std::isnan(want))
                EXPECT_TRUE(std::isnan(big(r, c)));
            else
                EXPECT_EQ(big(r, c), want) << r << ", " << c;
        }
    }
}

TEST(BlueSpotFill, SlopesAvoidThePriorityQueue) {
    // A tilted plane with a few pits, like real terrain at a coarse scale: the whole point of the Zhou et al.
    // variant is that cells on slopes are final when first reached and skip the heap.
    const index_t n = 100;
    Grid<float> dem(n, n);
    for (index_t r = 0; r < n; ++r)
        for (index_t c = 0; c < n; ++c) dem(r, c) = 0.1f * static_cast<float>(r) + 0.05f * static_cast<float>(c);
    dem(40, 40) -= 5.0f;
    dem(70, 20) -= 5.0f;
    const FillStats stats = fill_depressions(dem.view());
    EXPECT_EQ(stats.valid_cells, n * n);
    EXPECT_GT(stats.raised_cells, 0);
    EXPECT_LT(stats.heap_pushes, stats.valid_cells / 10) << "most cells should go through the plain queues";
}

TEST(BlueSpotFill, DegenerateGrids) {
    Grid<float> empty(0, 0);
    EXPECT_EQ(fill_depressions(empty.view()).valid_cells, 0);
    Grid<float> all_nan(3, 4, kNaN);
    EXPECT_EQ(fill_depressions(all_nan.view()).valid_cells, 0);
    for (float v : all_nan.values()) EXPECT_TRUE(std::isnan(v));
    Grid<float> one_row = grid_of({{3, 1, 4, 1, 5}});  // every cell is on the edge: nothing to fill
    const Grid<float> copy = one_row;
    fill_depressions(one_row.view());
    expect_bit_identical(one_row, copy, "one row");
}

TEST(BlueSpotFill, InfiniteElevationIsAnInputError) {
    Grid<float> dem(4, 4, 1.0f);
    dem(1, 2) = std::numeric_limits<float>::infinity();
    EXPECT_THROW(fill_depressions(dem.view()), InputError);
}

}  // namespace
}  // namespace wn::bluespots
