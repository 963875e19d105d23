#include "waternet/risk/roads.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "risk_test_support.hpp"

namespace wn::risk {
namespace {

using test::input_error_of;
using test::kNaN;

// 4 rows × 10 columns of 1 m, x 0..10, y 0..4; the west half (columns 0-4) under 30 cm of water.
struct HalfFlooded {
    Grid<float> depth{4, 10, 0.0f};
    GeoTransform transform{0.0, 4.0, 1.0};
    HalfFlooded() {
        for (index_t r = 0; r < 4; ++r)
            for (index_t c = 0; c < 5; ++c) depth(r, c) = 0.3f;
    }
};

TEST(Roads, HalfUnderWaterGivesHalfTheLength) {
    HalfFlooded g;
    const std::vector<MapPoint> road{{0.0, 1.5}, {10.0, 1.5}};
    const std::vector<double> thresholds{0.15};
    const RoadExposure e = road_exposure(road, g.depth.view(), g.transform, thresholds);
    EXPECT_NEAR(e.length_m, 10.0, 1e-9);
    EXPECT_NEAR(e.length_in_grid_m, 10.0, 1e-9);
    EXPECT_NEAR(e.length_over_m[0], 5.0, 1e-9);
    EXPECT_FLOAT_EQ(e.max_depth_m, 0.3f);
    EXPECT_EQ(e.length_nodata_m, 0.0);
}

TEST(Roads, PartsOutsideTheGridCountOnlyInTheTotalLength) {
    HalfFlooded g;
    // From 5 m west of the grid to 5 m east of it, bending once inside.
    const std::vector<MapPoint> road{{-5.0, 2.5}, {2.0, 2.5}, {15.0, 2.5}};
    const std::vector<double> thresholds{0.15, 0.30};
    const RoadExposure e = road_exposure(road, g.depth.view(), g.transform, thresholds);
    EXPECT_NEAR(e.length_m, 20.0, 1e-9);
    EXPECT_NEAR(e.length_in_grid_m, 10.0, 1e-9);
    EXPECT_NEAR(e.length_over_m[0], 5.0, 1e-9);
    EXPECT_NEAR(e.length_over_m[1], 0.0, 1e-9);  // 0.3 is not over 0.30
}

TEST(Roads, DiagonalRoadHandComputedPieces) {
    // 3×3 cells of 2 m, x 100..106, y 200..206. Road (100, 201) → (106, 205): dx 6, dy 4, L = √52.
    // It crosses x = 102, 104 at t = 1/3, 2/3 and y = 202, 204 at t = 1/4, 3/4, so the pieces are
    //   t 0–1/4 in (row 2, col 0), 1/4–1/3 in (1, 0), 1/3–2/3 in (1, 1), 2/3–3/4 in (1, 2), 3/4–1 in (0, 2).
    Grid<float> depth(3, 3, 0.0f);
    depth(1, 1) = 1.0f;  // the middle piece, L/3
    depth(2, 0) = 0.2f;  // first piece, L/4
    depth(0, 2) = 0.2f;  // last piece, L/4
    depth(0, 0) = 5.0f;  // not crossed: must not show
    const GeoTransform transform{100.0, 206.0, 2.0};
    const std::vector<MapPoint> road{{100.0, 201.0}, {106.0, 205.0}};
    const std::vector<double> thresholds{0.15, 0.5};
    const RoadExposure e = road_exposure(road, depth.view(), transform, thresholds);
    const double L = std::sqrt(52.0);
    EXPECT_NEAR(e.length_in_grid_m, L, 1e-9);
    EXPECT_NEAR(e.length_over_m[0], L / 3.0 + L / 4.0 + L / 4.0, 1e-9);
    EXPECT_NEAR(e.length_over_m[1], L / 3.0, 1e-9);
    EXPECT_FLOAT_EQ(e.max_depth_m, 1.0f);

    // The (1, 0) and (1, 2) pieces are L/12 each: flood only those.
    Grid<float> edges(3, 3, 0.0f);
    edges(1, 0) = 0.4f;
    edges(1, 2) = 0.4f;
    EXPECT_NEAR(road_exposure(road, edges.view(), transform, thresholds).length_over_m[0], L / 6.0, 1e-9);
}

TEST(Roads, ThroughCellCornersEachCellGetsItsDiagonal) {
    // (0, 4) → (4, 0) passes exactly through the corners of the diagonal cells (r, r), r = 0..3.
    Grid<float> depth(4, 4, 0.0f);
    for (index_t i = 0; i < 4; ++i) depth(i, i) = 0.5f;
    const GeoTransform transform{0.0, 4.0, 1.0};
    const std::vector<MapPoint> road{{0.0, 4.0}, {4.0, 0.0}};
    const std::vector<double> thresholds{0.15};
    const RoadExposure e = road_exposure(road, depth.view(), transform, thresholds);
    EXPECT_NEAR(e.length_in_grid_m, 4.0 * std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(e.length_over_m[0], 4.0 * std::sqrt(2.0), 1e-9);
}

TEST(Roads, AlongACellEdgeCountsInTheCellSouthOfIt) {
    // The road runs along y = 2, the edge between rows 1 and 2: documented to count in row 2.
    Grid<float> depth(4, 10, 0.0f);
    for (index_t c = 0; c < 10; ++c) depth(2, c) = 0.2f;
    const GeoTransform transform{0.0, 4.0, 1.0};
    const std::vector<double> thresholds{0.15};
    const std::vector<MapPoint> east{{1.0, 2.0}, {7.0, 2.0}};
    const std::vector<MapPoint> west{{7.0, 2.0}, {1.0, 2.0}};
    EXPECT_NEAR(road_exposure(east, depth.view(), transform, thresholds).length_over_m[0], 6.0, 1e-9);
    EXPECT_NEAR(road_exposure(west, depth.view(), transform, thresholds).length_over_m[0], 6.0, 1e-9);
}

TEST(Roads, NoDataCellsAreReportedApart) {
    HalfFlooded g;
    g.depth(1, 7) = kNaN;
    g.depth(1, 8) = kNaN;
    const std::vector<MapPoint> road{{0.0, 2.5}, {10.0, 2.5}};  // row 1
    const std::vector<double> thresholds{0.0};
    const RoadExposure e = road_exposure(road, g.depth.view(), g.transform, thresholds);
    EXPECT_NEAR(e.length_nodata_m, 2.0, 1e-9);
    EXPECT_NEAR(e.length_over_m[0], 5.0, 1e-9);
}

// Random segments: pieces add up to the clipped length, and the flooded length agrees with dense sampling.
TEST(Roads, RandomSegmentsAgreeWithSampling) {
    std::mt19937 rng(7);
    Grid<float> depth(20, 30);
    std::uniform_real_distribution<float> ud(0.0f, 0.4f);
    for (float& d : depth.values()) d = ud(rng);
    const GeoTransform transform{1000.0, 2000.0, 2.5};
    std::uniform_real_distribution<double> ux(1000.0, 1075.0), uy(1950.0, 2000.0);
    const std::vector<double> thresholds{0.2};
    for (int i = 0; i < 50; ++i) {
        const std::vector<MapPoint> road{{ux(rng), uy(rng)}, {ux(rng), uy(rng)}};
        const RoadExposure e = road_exposure(road, depth.view(), transform, thresholds);
        const double L = std::hypot(road[1].x - road[0].x, road[1].y - road[0].y);
        EXPECT_NEAR(e.length_in_grid_m, L, 1e-9 * (1.0 + L));
        const int samples = 200000;
        double over = 0.0;
        for (int k = 0; k < samples; ++k) {
            const double t = (k + 0.5) / samples;
            const double x = road[0].x + t * (road[1].x - road[0].x), y = road[0].y + t * (road[1].y - road[0].y);
            if (depth(transform.row_of(y), transform.col_of(x)) > 0.2f) over += L / samples;
        }
        EXPECT_NEAR(e.length_over_m[0], over, 1e-3 * (1.0 + L)) << "segment " << i;
    }
}

TEST(Roads, ClassTotalsAddPerClass) {
    HalfFlooded g;
    const std::vector<double> thresholds{0.15};
    RoadClassTotals totals(thresholds);
    const std::vector<MapPoint> a{{0.0, 1.5}, {10.0, 1.5}};  // 5 m flooded
    const std::vector<MapPoint> b{{6.0, 0.5}, {9.0, 0.5}};   // dry
    totals.add("residential", road_exposure(a, g.depth.view(), g.transform, thresholds));
    totals.add("residential", road_exposure(b, g.depth.view(), g.transform, thresholds));
    totals.add("primary", road_exposure(b, g.depth.view(), g.transform, thresholds));
    const auto& by = totals.by_class();
    ASSERT_EQ(by.size(), 2u);
    EXPECT_EQ(by.at("residential").roads, 2);
    EXPECT_NEAR(by.at("residential").length_m, 13.0, 1e-9);
    EXPECT_NEAR(by.at("residential").length_over_m[0], 5.0, 1e-9);
    EXPECT_FLOAT_EQ(by.at("residential").max_depth_m, 0.3f);
    EXPECT_FLOAT_EQ(by.at("primary").max_depth_m, 0.0f);

    const std::vector<double> two{0.1, 0.2};
    const RoadExposure other = road_exposure(a, g.depth.view(), g.transform, two);
    EXPECT_NE(input_error_of([&] { totals.add("primary", other); }).find("2 thresholds"), std::string::npos);
}

TEST(Roads, BadCoordinatesAreRejected) {
    HalfFlooded g;
    const std::vector<MapPoint> road{{0.0, 1.5}, {std::nan(""), 1.5}};
    const std::vector<double> thresholds{0.15};
    EXPECT_NE(input_error_of([&] { road_exposure(road, g.depth.view(), g.transform, thresholds); }).find("vertex 1"),
              std::string::npos);
}

}  // namespace
}  // namespace wn::risk
