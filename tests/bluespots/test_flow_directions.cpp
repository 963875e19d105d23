#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "dem_test_support.hpp"
#include "waternet/bluespots/flow_directions.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/core/error.hpp"

namespace wn::bluespots {
namespace {

using testing::grid_of;
using testing::is_outlet_cell;
using testing::kNaN;
using testing::random_dem;

Grid<std::uint8_t> codes_of(const std::vector<std::vector<int>>& rows) {
    Grid<std::uint8_t> g(static_cast<index_t>(rows.size()), static_cast<index_t>(rows[0].size()));
    for (index_t r = 0; r < g.rows(); ++r)
        for (index_t c = 0; c < g.cols(); ++c)
            g(r, c) = static_cast<std::uint8_t>(rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]);
    return g;
}

// Follows the directions from every valid cell and checks that the walk never goes uphill, never leaves the
// grid or enters no data, never cycles (it must end within `cells` steps), and ends in a cell with direction 0
// that is a real outlet (on the edge or next to NaN). Returns false after reporting the first failure.
bool every_cell_reaches_an_outlet(const Grid<float>& filled, const Grid<std::uint8_t>& dir, const std::string& what) {
    const index_t cells = filled.size();
    for (index_t r0 = 0; r0 < filled.rows(); ++r0) {
        for (index_t c0 = 0; c0 < filled.cols(); ++c0) {
            if (std::isnan(filled(r0, c0))) {
                EXPECT_EQ(dir(r0, c0), 0) << what << ": no-data cell with a direction";
                continue;
            }
            index_t r = r0, c = c0, steps = 0;
            while (dir(r, c) != d8::kNone) {
                const int k = dir(r, c);
                if (k > 8) return ADD_FAILURE() << what << ": code " << k, false;
                const index_t rr = r + d8::kRowOffset[k], cc = c + d8::kColOffset[k];
                if (!filled.spec().contains_cell(rr, cc) || std::isnan(filled(rr, cc)))
                    return ADD_FAILURE() << what << ": (" << r << ", " << c << ") points off the grid or into NaN",
                           false;
                if (filled(rr, cc) > filled(r, c))
                    return ADD_FAILURE() << what << ": (" << r << ", " << c << ") flows uphill", false;
                r = rr;
                c = cc;
                if (++steps > cells)
                    return ADD_FAILURE() << what << ": cycle through (" << r0 << ", " << c0 << ")", false;
            }
            if (!is_outlet_cell(filled.view(), r, c))
                return ADD_FAILURE() << what << ": the path from (" << r0 << ", " << c0 << ") ends at (" << r << ", "
                                     << c << "), which is not an outlet",
                       false;
        }
    }
    return true;
}

TEST(FlowDirections, SteepestDescentWeighsDiagonalsByTheirLength) {
    // Falling 1 per column: east (drop 1) beats south-east (drop 1 over √2). The last column cannot go lower
    // and lies on the edge: outlets.
    const Grid<float> east = grid_of({{10, 9, 8, 7}, {10, 9, 8, 7}, {10, 9, 8, 7}});
    const Grid<std::uint8_t> to_east = flow_directions(east.view());
    for (index_t r = 0; r < 3; ++r) {
        for (index_t c = 0; c < 3; ++c) EXPECT_EQ(to_east(r, c), 1) << r << ", " << c;
        EXPECT_EQ(to_east(r, 3), 0);
    }
    // Falling 1 per row and per column: the diagonal drops 2 over √2 and wins.
    const Grid<float> south_east = grid_of({{0, -1, -2}, {-1, -2, -3}, {-2, -3, -4}});
    EXPECT_EQ(flow_directions(south_east.view())(0, 0), 2);
    EXPECT_EQ(flow_directions(south_east.view())(1, 1), 2);
}

TEST(FlowDirections, CodesAndTheirReverse) {
    for (std::uint8_t k = 1; k <= 8; ++k) {
        const std::uint8_t back = d8::reverse(k);
        EXPECT_EQ(d8::kRowOffset[back], -d8::kRowOffset[k]);
        EXPECT_EQ(d8::kColOffset[back], -d8::kColOffset[k]);
    }
    EXPECT_EQ(d8::kRowOffset[7], -1);  // 7 = north: towards row 0
    EXPECT_EQ(d8::kColOffset[1], 1);   // 1 = east
}

TEST(FlowDirections, FilledPitDrainsAcrossItsFlatToThePourPoint) {
    // Six pit cells walled by 6s fill to the pour point 4 at (2, 5): a flat with no lower cell inside. Every
    // flat cell must get a direction and find its way to the pour point and on to the edge.
    const Grid<float> dem = grid_of({{9, 9, 9, 9, 9, 9, 9},
                                     {9, 6, 6, 6, 6, 6, 9},
                                     {9, 6, 1, 0, 1, 4, 2},
                                     {9, 6, 0, 1, 0, 6, 9},
                                     {9, 6, 6, 6, 6, 6, 9},
                                     {9, 9, 9, 9, 9, 9, 9}});
    const Grid<float> filled = filled_dem(dem.view());
    ASSERT_EQ(filled(3, 3), 4.0f);
    const Grid<std::uint8_t> dir = flow_directions(filled.view());
    for (index_t r = 2; r <= 3; ++r)
        for (index_t c = 2; c <= 4; ++c) EXPECT_NE(dir(r, c), 0) << "flat cell " << r << ", " << c;
    EXPECT_TRUE(every_cell_reaches_an_outlet(filled, dir, "filled pit"));
}

TEST(FlowDirections, WideFlatDrainsAwayFromHigherTerrain) {
    // A 5-row flat at 5 between walls, its only way out the cell (2,7) at the east edge. With the gradient
    // towards lower terrain alone, all cells would race to the outlet; with the gradient away from the walls
    // (Barnes et al. 2014) the middle row collects the flow: cells next to the walls do not flow along them.
    const index_t rows = 7, cols = 8;
    Grid<float> dem(rows, cols, 5.0f);
    for (index_t c = 0; c < cols; ++c) dem(0, c) = dem(rows - 1, c) = 9.0f;
    for (index_t r = 0; r < rows; ++r) dem(r, 0) = 9.0f;
    for (index_t r = 0; r < rows; ++r) dem(r, cols - 1) = 9.0f;
    dem(3, cols - 1) = 4.0f;  // the outlet, on the east edge in the middle row
    const Grid<std::uint8_t> dir = flow_directions(dem.view());
    EXPECT_TRUE(every_cell_reaches_an_outlet(dem, dir, "wide flat"));
    EXPECT_EQ(dir(3, cols - 1), 0);
    for (index_t c = 1; c < cols - 2; ++c) {
        EXPECT_EQ(dir(3, c), 1) << "middle row flows east, column " << c;
        // Cells along the walls head for the middle (south-east or north-east), not along the wall (east).
        EXPECT_NE(dir(1, c), 1) << "column " << c;
        EXPECT_NE(dir(5, c), 1) << "column " << c;
    }
}

TEST(FlowDirections, EveryCellOfRandomFilledDemsReachesAnOutlet) {
    std::mt19937 rng(2014);
    for (int trial = 0; trial < 200; ++trial) {
        const Grid<float> dem = random_dem(rng, 20, 20);
        const Grid<float> filled = filled_dem(dem.view());
        const Grid<std::uint8_t> dir = flow_directions(filled.view());
        if (!every_cell_reaches_an_outlet(filled, dir, "random DEM " + std::to_string(trial))) return;
    }
}

TEST(FlowDirections, PitOfAnUnfilledDemHasNoDirection) {
    const Grid<float> dem = grid_of({{9, 9, 9}, {9, 1, 9}, {9, 9, 9}});
    EXPECT_EQ(flow_directions(dem.view())(1, 1), 0);
}

TEST(FlowAccumulation, HandComputedCountsOnAPlane) {
    // z = −(row + column): interior cells flow south-east, the last row east and the last column south, all
    // into the south-east corner. Counts by hand: a cell on the diagonal chain (r, c) < 3 gathers min(r, c) + 1;
    // the edges gather their own chain plus the diagonal chains ending on them.
    const Grid<float> dem = grid_of({{0, -1, -2, -3}, {-1, -2, -3, -4}, {-2, -3, -4, -5}, {-3, -4, -5, -6}});
    const Grid<std::uint8_t> dir = flow_directions(dem.view());
    const Grid<std::uint8_t> expected_dir = codes_of({{2, 2, 2, 3}, {2, 2, 2, 3}, {2, 2, 2, 3}, {1, 1, 1, 0}});
    EXPECT_EQ(dir.values(), expected_dir.values());
    const Grid<std::uint32_t> acc = flow_accumulation(dir.view(), dem.view());
    const std::vector<std::uint32_t> expected = {1, 1, 1, 1,  //
                                                 1, 2, 2, 3,  //
                                                 1, 2, 3, 6,  //
                                                 1, 3, 6, 16};
    EXPECT_EQ(acc.values(), expected);
}

TEST(FlowAccumulation, OutletsCollectEveryValidCell) {
    std::mt19937 rng(62);
    for (int trial = 0; trial < 100; ++trial) {
        const Grid<float> filled = filled_dem(random_dem(rng, 20, 20).view());
        const Grid<std::uint8_t> dir = flow_directions(filled.view());
        const Grid<std::uint32_t> acc = flow_accumulation(dir.view(), filled.view());
        std::uint64_t valid = 0, at_outlets = 0;
        for (index_t r = 0; r < filled.rows(); ++r) {
            for (index_t c = 0; c < filled.cols(); ++c) {
                if (std::isnan(filled(r, c))) {
                    EXPECT_EQ(acc(r, c), 0u);
                    continue;
                }
                ++valid;
                if (dir(r, c) == d8::kNone) at_outlets += acc(r, c);
            }
        }
        ASSERT_EQ(at_outlets, valid) << "random DEM " << trial;
    }
}

TEST(FlowAccumulation, WeightsAreSummedDownstream) {
    const Grid<float> dem = grid_of({{3, 2, 1}, {3, 2, 1}});
    const Grid<std::uint8_t> dir = flow_directions(dem.view());  // east, east, outlet on both rows
    const Grid<float> weights = grid_of({{0.5f, kNaN, 2.0f}, {1.0f, 1.0f, 1.0f}});
    const Grid<double> acc = weighted_flow_accumulation(dir.view(), weights.view());
    EXPECT_DOUBLE_EQ(acc(0, 0), 0.5);
    EXPECT_DOUBLE_EQ(acc(0, 1), 0.5);  // a NaN weight adds nothing but passes on what it receives
    EXPECT_DOUBLE_EQ(acc(0, 2), 2.5);
    EXPECT_DOUBLE_EQ(acc(1, 2), 3.0);
}

TEST(FlowAccumulation, BadDirectionsAreInputErrors) {
    const Grid<float> dem(2, 2, 1.0f);
    EXPECT_THROW(flow_accumulation(codes_of({{1, 5}, {0, 0}}).view(), dem.view()), InputError);  // a cycle
    EXPECT_THROW(flow_accumulation(codes_of({{9, 0}, {0, 0}}).view(), dem.view()), InputError);  // no such code
    EXPECT_THROW(flow_accumulation(codes_of({{7, 0}, {0, 0}}).view(), dem.view()), InputError);  // off the grid
    const Grid<float> wrong_shape(3, 2, 1.0f);
    EXPECT_THROW(flow_accumulation(codes_of({{0, 0}, {0, 0}}).view(), wrong_shape.view()), std::invalid_argument);
}

}  // namespace
}  // namespace wn::bluespots
