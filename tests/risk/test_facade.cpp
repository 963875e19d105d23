#include "waternet/risk/facade.hpp"

#include <gtest/gtest.h>

#include <random>

#include "risk_test_support.hpp"

namespace wn::risk {
namespace {

using test::grid_of;
using test::input_error_of;
using test::kNaN;

// Building 1 (2×2, rows 2-3, cols 2-3) with a 25 cm pond along its east side (column 4, rows 1-4);
// building 2 (one cell at row 6, col 6) on dry land. Building cells hold 0 as in the flood engine.
struct PondCase {
    Grid<float> depth = grid_of<float>({
        {0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0.25f, 0, 0, 0},
        {0, 0, 0, 0, 0.25f, 0, 0, 0},
        {0, 0, 0, 0, 0.25f, 0, 0, 0},
        {0, 0, 0, 0, 0.25f, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0},
    });
    Grid<std::int32_t> ids = grid_of<std::int32_t>({
        {0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 1, 1, 0, 0, 0, 0},
        {0, 0, 1, 1, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 2, 0},
        {0, 0, 0, 0, 0, 0, 0, 0},
    });
};

TEST(Facade, BuildingBesideAPondReadsThePondDepth) {
    PondCase c;
    const auto e = facade_exposure(c.depth.view(), c.ids.view(), 2);
    ASSERT_EQ(e.size(), 2u);
    EXPECT_FLOAT_EQ(e[0].max_depth_m, 0.25f);
    EXPECT_EQ(e[0].method, FacadeMethod::kRing);
    EXPECT_EQ(e[0].footprint_cells, 4);
    EXPECT_EQ(e[0].ring_cells, 12);     // the 4×4 block around a 2×2 footprint, less the footprint
    EXPECT_EQ(e[0].wet_ring_cells, 4);  // the pond cells in column 4, rows 1-4
    EXPECT_FLOAT_EQ(e[0].footprint_max_depth_m, 0.0f);
}

TEST(Facade, BuildingOnDryLandReadsZero) {
    PondCase c;
    const auto e = facade_exposure(c.depth.view(), c.ids.view(), 2);
    EXPECT_EQ(e[1].max_depth_m, 0.0f);
    EXPECT_EQ(e[1].method, FacadeMethod::kRing);
    EXPECT_EQ(e[1].ring_cells, 8);
    EXPECT_EQ(e[1].wet_ring_cells, 0);
}

TEST(Facade, WetDepthThresholdDecidesWhichRingCellsAreWet) {
    PondCase c;
    c.depth(1, 1) = 0.04f;  // in building 1's ring, shallow
    FacadeOptions options;
    options.wet_depth_m = 0.05f;
    const auto e = facade_exposure(c.depth.view(), c.ids.view(), 2, options);
    EXPECT_EQ(e[0].wet_ring_cells, 4);
    options.wet_depth_m = 0.0f;
    EXPECT_EQ(facade_exposure(c.depth.view(), c.ids.view(), 2, options)[0].wet_ring_cells, 5);
}

TEST(Facade, AdjacentBuildingsDoNotCountEachOthersCells) {
    // A (id 1) and B (id 2) wall to wall. B's footprint is given an absurd 0.9 m: if A read B's cells it
    // would show. A's ring holds 0.1 m on its west side.
    const auto depth = grid_of<float>({
        {0, 0, 0, 0, 0, 0},
        {0.1f, 0, 0, 0, 0, 0},
        {0.1f, 0, 0, 0.9f, 0.9f, 0},
        {0.1f, 0, 0, 0.9f, 0.9f, 0},
        {0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0},
    });
    const auto ids = grid_of<std::int32_t>({
        {0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0},
        {0, 1, 1, 2, 2, 0},
        {0, 1, 1, 2, 2, 0},
        {0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0},
    });
    const auto e = facade_exposure(depth.view(), ids.view(), 2);
    EXPECT_FLOAT_EQ(e[0].max_depth_m, 0.1f);
    // A's dilation: rows 1-4 × cols 0-3 = 16 cells, less A's 4, less B's 2 in column 3.
    EXPECT_EQ(e[0].ring_cells, 10);
    EXPECT_EQ(e[0].wet_ring_cells, 3);
    EXPECT_FLOAT_EQ(e[1].max_depth_m, 0.0f);  // B's ring (cols 2-5 less A and B) is dry
    EXPECT_EQ(e[1].ring_cells, 10);
    EXPECT_FLOAT_EQ(e[1].footprint_max_depth_m, 0.9f);
}

TEST(Facade, RingWidthTwoReachesTheSecondCellButNotTheThird) {
    // One building cell in the middle; depth = 0.1 at Chebyshev distance 1, 0.3 at 2, 0.7 at 3.
    Grid<float> depth(7, 7, 0.0f);
    Grid<std::int32_t> ids(7, 7, 0);
    ids(3, 3) = 1;
    for (index_t r = 0; r < 7; ++r)
        for (index_t c = 0; c < 7; ++c) {
            const index_t d = std::max(std::abs(r - 3), std::abs(c - 3));
            depth(r, c) = d == 1 ? 0.1f : d == 2 ? 0.3f : d == 3 ? 0.7f : 0.0f;
        }
    FacadeOptions one, two;
    two.ring_width_cells = 2;
    const auto e1 = facade_exposure(depth.view(), ids.view(), 1, one);
    const auto e2 = facade_exposure(depth.view(), ids.view(), 1, two);
    EXPECT_FLOAT_EQ(e1[0].max_depth_m, 0.1f);
    EXPECT_EQ(e1[0].ring_cells, 8);
    EXPECT_FLOAT_EQ(e2[0].max_depth_m, 0.3f);
    EXPECT_EQ(e2[0].ring_cells, 24);
}

TEST(Facade, BuildingWithoutCellsFallsBackToItsPoint) {
    PondCase c;
    // Building 3 burned no cell (smaller than a cell); its point is at (1, 5), next to the pond in column 4.
    const std::vector<GridCell> points{{2, 2}, {6, 6}, {1, 5}, {20, 20}};
    const auto e = facade_exposure(c.depth.view(), c.ids.view(), 4, {}, points);
    EXPECT_EQ(e[2].method, FacadeMethod::kPoint);
    EXPECT_FLOAT_EQ(e[2].max_depth_m, 0.25f);
    EXPECT_EQ(e[2].footprint_cells, 0);
    EXPECT_EQ(e[3].method, FacadeMethod::kNone);  // its point lies outside the grid
    EXPECT_TRUE(std::isnan(e[3].max_depth_m));
    EXPECT_EQ(e[0].method, FacadeMethod::kRing);  // buildings with a ring keep it

    const auto no_points = facade_exposure(c.depth.view(), c.ids.view(), 4);
    EXPECT_EQ(no_points[2].method, FacadeMethod::kNone);
    EXPECT_TRUE(std::isnan(no_points[2].max_depth_m));
}

TEST(Facade, NoDataRingCellsAreCountedApartAndIgnored) {
    PondCase c;
    c.depth(1, 1) = kNaN;
    c.depth(1, 2) = kNaN;
    const auto e = facade_exposure(c.depth.view(), c.ids.view(), 2);
    EXPECT_EQ(e[0].ring_cells, 10);
    EXPECT_EQ(e[0].ring_nodata_cells, 2);
    EXPECT_FLOAT_EQ(e[0].max_depth_m, 0.25f);
}

TEST(Facade, BadInputIsRejectedWithTheCell) {
    PondCase c;
    c.ids(5, 3) = 7;
    const std::string message = input_error_of([&] { facade_exposure(c.depth.view(), c.ids.view(), 2); });
    EXPECT_NE(message.find("building id 7 at row 5, column 3"), std::string::npos) << message;

    PondCase d;
    Grid<float> small(3, 3, 0.0f);
    EXPECT_NE(input_error_of([&] { facade_exposure(small.view(), d.ids.view(), 2); }).find("not the same grid"),
              std::string::npos);
    FacadeOptions wide;
    wide.ring_width_cells = 0;
    EXPECT_NE(input_error_of([&] { facade_exposure(d.depth.view(), d.ids.view(), 2, wide); }).find("ring width 0"),
              std::string::npos);
    const std::vector<GridCell> one_point{{0, 0}};
    EXPECT_NE(input_error_of([&] {
                  facade_exposure(d.depth.view(), d.ids.view(), 2, {}, one_point);
              }).find("1 representative points for 2 buildings"),
              std::string::npos);
}

// The one-pass kernel against a per-building brute force on random blobs of buildings, at 1 and 2 threads.
TEST(Facade, MatchesBruteForceOnRandomBuildings) {
    std::mt19937 rng(42);
    const index_t rows = 60, cols = 45;
    const std::int32_t n = 40;
    Grid<float> depth(rows, cols);
    Grid<std::int32_t> ids(rows, cols, 0);
    std::uniform_real_distribution<float> u(0.0f, 0.5f);
    for (float& d : depth.values()) d = u(rng) < 0.02f ? kNaN : u(rng);
    std::uniform_int_distribution<index_t> rr(0, rows - 3), cc(0, cols - 3), size(1, 3);
    for (std::int32_t b = 1; b <= n; ++b) {
        const index_t r0 = rr(rng), c0 = cc(rng), h = size(rng), w = size(rng);
        for (index_t r = r0; r < std::min(rows, r0 + h); ++r)
            for (index_t c = c0; c < std::min(cols, c0 + w); ++c) ids(r, c) = b;  // later buildings overwrite
    }
    for (const int width : {1, 2}) {
        FacadeOptions options;
        options.ring_width_cells = width;
        options.wet_depth_m = 0.2f;
        const auto e1 = test::with_threads(1, [&] { return facade_exposure(depth.view(), ids.view(), n, options); });
        const auto e2 = test::with_threads(2, [&] { return facade_exposure(depth.view(), ids.view(), n, options); });
        for (std::int32_t b = 1; b <= n; ++b) {
            float best = kNaN;
            std::int32_t ring = 0, wet = 0, footprint = 0;
            for (index_t r = 0; r < rows; ++r)
                for (index_t c = 0; c < cols; ++c) {
                    if (ids(r, c) == b) ++footprint;
                    if (ids(r, c) != 0) continue;
                    bool near = false;
                    for (index_t r2 = r - width; r2 <= r + width; ++r2)
                        for (index_t c2 = c - width; c2 <= c + width; ++c2)
                            if (ids.view().contains(r2, c2) && ids(r2, c2) == b) near = true;
                    if (!near || std::isnan(depth(r, c))) continue;
                    ++ring;
                    if (depth(r, c) > 0.2f) ++wet;
                    best = std::isnan(best) ? depth(r, c) : std::max(best, depth(r, c));
                }
            const auto& got = e1[static_cast<std::size_t>(b - 1)];
            EXPECT_EQ(got.footprint_cells, footprint) << "building " << b;
            EXPECT_EQ(got.ring_cells, ring) << "building " << b;
            EXPECT_EQ(got.wet_ring_cells, wet) << "building " << b;
            if (ring > 0) {
                EXPECT_EQ(got.max_depth_m, best) << "building " << b;
            }
            const auto& other = e2[static_cast<std::size_t>(b - 1)];
            EXPECT_EQ(other.ring_cells, got.ring_cells);
            EXPECT_TRUE(other.max_depth_m == got.max_depth_m ||
                        (std::isnan(other.max_depth_m) && std::isnan(got.max_depth_m)));
        }
    }
}

// A building in two parts far apart (a multipolygon footprint) has the ring of both parts: part A at (1, 1), dry
// around it; part B at (3, 6), with 0.4 m north-east of it at (2, 7) and a NaN cell south of it at (4, 6).
// Ring: 8 cells around A + 8 around B, one of them NaN: 15 cells with data, 1 without, 1 wet; depth 0.4.
TEST(Facade, ABuildingInTwoPartsReadsTheRingOfBoth) {
    Grid<float> depth(6, 8, 0.0f);
    Grid<std::int32_t> ids(6, 8, 0);
    ids(1, 1) = 1;
    ids(3, 6) = 1;
    depth(2, 7) = 0.4f;
    depth(4, 6) = kNaN;
    depth(3, 6) = 0.9f;  // inside the footprint: not façade water
    const auto e = facade_exposure(depth.view(), ids.view(), 1);
    EXPECT_EQ(e[0].method, FacadeMethod::kRing);
    EXPECT_EQ(e[0].footprint_cells, 2);
    EXPECT_FLOAT_EQ(e[0].footprint_max_depth_m, 0.9f);
    EXPECT_EQ(e[0].ring_cells, 15);
    EXPECT_EQ(e[0].ring_nodata_cells, 1);
    EXPECT_EQ(e[0].wet_ring_cells, 1);
    EXPECT_FLOAT_EQ(e[0].max_depth_m, 0.4f);
}

// Buildings in the corners and along the edges: the ring stops at the grid's edge. Building 1 fills the north-west
// corner cell (3 ring cells), building 2 the south edge cells (5, 3) and (5, 4) (6 ring cells: 4 above, 2 beside).
TEST(Facade, RingsStopAtTheGridEdge) {
    Grid<float> depth(6, 6, 0.1f);
    Grid<std::int32_t> ids(6, 6, 0);
    ids(0, 0) = 1;
    ids(5, 3) = 2;
    ids(5, 4) = 2;
    const auto e = facade_exposure(depth.view(), ids.view(), 2);
    EXPECT_EQ(e[0].ring_cells, 3);
    EXPECT_EQ(e[1].ring_cells, 6);
    EXPECT_EQ(e[1].footprint_cells, 2);
}

// Every statistic against a brute force over the whole grid, on buildings with one or two parts (the second part
// anywhere, so boxes overlap other buildings), touching the edges, with NaN cells, for ring widths 1 to 3 and 1
// and 2 threads.
TEST(Facade, AllStatisticsMatchBruteForceOnSplitBuildingsAtTheEdges) {
    std::mt19937 rng(2026);
    const index_t rows = 41, cols = 37;
    const std::int32_t n = 60;
    Grid<float> depth(rows, cols);
    Grid<std::int32_t> ids(rows, cols, 0);
    std::uniform_real_distribution<float> u(0.0f, 0.5f);
    for (float& d : depth.values()) d = u(rng) < 0.05f ? kNaN : u(rng);
    std::uniform_int_distribution<index_t> rr(0, rows - 1), cc(0, cols - 1), size(1, 4), parts(1, 3);
    for (std::int32_t b = 1; b <= n; ++b) {
        const index_t n_parts = parts(rng);
        for (index_t part = 0; part < n_parts; ++part) {
            const index_t r0 = rr(rng), c0 = cc(rng), h = size(rng), w = size(rng);
            for (index_t r = r0; r < std::min(rows, r0 + h); ++r)
                for (index_t c = c0; c < std::min(cols, c0 + w); ++c) ids(r, c) = b;  // later ones overwrite
        }
    }
    auto same = [](float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    for (const int width : {1, 2, 3}) {
        FacadeOptions options;
        options.ring_width_cells = width;
        options.wet_depth_m = 0.25f;
        for (const int threads : {1, 2}) {
            const auto got_all =
                test::with_threads(threads, [&] { return facade_exposure(depth.view(), ids.view(), n, options); });
            for (std::int32_t b = 1; b <= n; ++b) {
                float ring_max = kNaN, inside_max = kNaN;
                std::int32_t ring = 0, nodata = 0, wet = 0, footprint = 0;
                for (index_t r = 0; r < rows; ++r)
                    for (index_t c = 0; c < cols; ++c) {
                        const float d = depth(r, c);
                        if (ids(r, c) == b) {
                            ++footprint;
                            if (!std::isnan(d)) inside_max = std::isnan(inside_max) ? d : std::max(inside_max, d);
                        }
                        if (ids(r, c) != 0) continue;
                        bool near = false;
                        for (index_t r2 = r - width; r2 <= r + width; ++r2)
                            for (index_t c2 = c - width; c2 <= c + width; ++c2)
                                if (ids.view().contains(r2, c2) && ids(r2, c2) == b) near = true;
                        if (!near) continue;
                        if (std::isnan(d)) {
                            ++nodata;
                            continue;
                        }
                        ++ring;
                        if (d > 0.25f) ++wet;
                        ring_max = std::isnan(ring_max) ? d : std::max(ring_max, d);
                    }
                const FacadeExposure& got = got_all[static_cast<std::size_t>(b - 1)];
                EXPECT_EQ(got.footprint_cells, footprint) << "building " << b << ", width " << width;
                EXPECT_EQ(got.ring_cells, ring) << "building " << b << ", width " << width;
                EXPECT_EQ(got.ring_nodata_cells, nodata) << "building " << b << ", width " << width;
                EXPECT_EQ(got.wet_ring_cells, wet) << "building " << b << ", width " << width;
                EXPECT_TRUE(same(got.footprint_max_depth_m, inside_max)) << "building " << b;
                EXPECT_TRUE(same(got.max_depth_m, ring > 0 ? ring_max : kNaN)) << "building " << b;
                EXPECT_EQ(got.method, ring > 0 ? FacadeMethod::kRing : FacadeMethod::kNone) << "building " << b;
            }
        }
    }
}

TEST(Facade, CountOverThresholdsIsStrictAndSkipsUnknown) {
    std::vector<FacadeExposure> e(5);
    e[0].max_depth_m = 0.05f;
    e[1].max_depth_m = 0.15f;  // exactly the threshold as stored in a float grid: not over it
    e[2].max_depth_m = 0.30f;
    e[3].max_depth_m = kNaN;
    e[4].max_depth_m = 0.16f;
    const std::vector<double> thresholds{0.0, 0.10, 0.15, 0.5};
    EXPECT_EQ(count_over_thresholds(e, thresholds), (std::vector<std::int64_t>{4, 3, 2, 0}));
}

}  // namespace
}  // namespace wn::risk
