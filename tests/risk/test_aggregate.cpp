#include "waternet/risk/aggregate.hpp"

#include <gtest/gtest.h>

#include <random>

#include "risk_test_support.hpp"

namespace wn::risk {
namespace {

using test::input_error_of;
using test::kNaN;

// 2×3 cells of 2 m (4 m² each):
//   depth  0.0  0.1  0.3      zones  1 1 2
//          NaN  0.2  0.05            0 2 0
TEST(Aggregate, SmallGridByHand) {
    const auto depth = test::grid_of<float>({{0.0f, 0.1f, 0.3f}, {kNaN, 0.2f, 0.05f}});
    const auto zones = test::grid_of<std::int32_t>({{1, 1, 2}, {0, 2, 0}});
    const std::vector<double> thresholds{0.1, 0.2};
    const ZoneTotals t = depth_by_zone(depth.view(), zones.view(), 3, 4.0, thresholds);
    ASSERT_EQ(t.zones.size(), 3u);
    // Zone 0: the NaN cell (no area) and 0.05 m.
    EXPECT_DOUBLE_EQ(t.zones[0].area_m2, 4.0);
    EXPECT_DOUBLE_EQ(t.zones[0].wet_area_m2, 4.0);
    EXPECT_NEAR(t.zones[0].volume_m3, 0.2, 1e-6);
    EXPECT_EQ(t.zones[0].area_over_m2, (std::vector<double>{0.0, 0.0}));
    // Zone 1: 0.0 and 0.1 m; 0.1 is not over 0.1.
    EXPECT_DOUBLE_EQ(t.zones[1].area_m2, 8.0);
    EXPECT_DOUBLE_EQ(t.zones[1].wet_area_m2, 4.0);
    EXPECT_NEAR(t.zones[1].volume_m3, 0.4, 1e-6);
    EXPECT_EQ(t.zones[1].area_over_m2, (std::vector<double>{0.0, 0.0}));
    // Zone 2: 0.3 and 0.2 m.
    EXPECT_NEAR(t.zones[2].volume_m3, 2.0, 1e-6);
    EXPECT_EQ(t.zones[2].area_over_m2, (std::vector<double>{8.0, 4.0}));
    // Whole grid.
    EXPECT_DOUBLE_EQ(t.total.area_m2, 20.0);
    EXPECT_DOUBLE_EQ(t.total.wet_area_m2, 16.0);
    EXPECT_NEAR(t.total.volume_m3, 2.6, 1e-6);
    EXPECT_EQ(t.total.area_over_m2, (std::vector<double>{8.0, 4.0}));
}

TEST(Aggregate, ZoneSumsEqualTotalsOnARandomGridForAnyThreadCount) {
    std::mt19937 rng(99);
    const index_t rows = 257, cols = 131;
    const std::int32_t zone_count = 37;
    Grid<float> depth(rows, cols);
    Grid<std::int32_t> zones(rows, cols);
    std::uniform_real_distribution<float> ud(-0.2f, 1.5f);
    std::uniform_int_distribution<std::int32_t> uz(0, zone_count - 1);
    for (index_t i = 0; i < rows * cols; ++i) {
        depth.values()[i] = ud(rng) > 1.45f ? kNaN : ud(rng);
        zones.values()[i] = uz(rng);
    }
    const std::vector<double> thresholds{0.05, 0.1, 0.2, 0.3};
    const ZoneTotals one =
        test::with_threads(1, [&] { return depth_by_zone(depth.view(), zones.view(), zone_count, 0.25, thresholds); });
    const ZoneTotals two =
        test::with_threads(2, [&] { return depth_by_zone(depth.view(), zones.view(), zone_count, 0.25, thresholds); });

    ZoneRow sum;
    sum.area_over_m2.assign(thresholds.size(), 0.0);
    for (std::size_t z = 0; z < one.zones.size(); ++z) {
        const ZoneRow& row = one.zones[z];
        sum.area_m2 += row.area_m2;
        sum.wet_area_m2 += row.wet_area_m2;
        sum.volume_m3 += row.volume_m3;
        for (std::size_t i = 0; i < thresholds.size(); ++i) sum.area_over_m2[i] += row.area_over_m2[i];
        EXPECT_EQ(row.volume_m3, two.zones[z].volume_m3) << "zone " << z;  // bit for bit
        EXPECT_EQ(row.area_over_m2, two.zones[z].area_over_m2) << "zone " << z;
    }
    EXPECT_EQ(one.total.volume_m3, two.total.volume_m3);
    // Areas are multiples of 0.25 m²: exact. Volumes: the same sum in another order.
    EXPECT_EQ(sum.area_m2, one.total.area_m2);
    EXPECT_EQ(sum.wet_area_m2, one.total.wet_area_m2);
    EXPECT_EQ(sum.area_over_m2, one.total.area_over_m2);
    EXPECT_NEAR(sum.volume_m3, one.total.volume_m3, 1e-12 * one.total.volume_m3);

    // And the total against a plain serial loop.
    double volume = 0.0, over_02 = 0.0;
    for (const float d : depth.values()) {
        if (d > 0.0f) volume += static_cast<double>(d) * 0.25;
        if (d > 0.2f) over_02 += 0.25;
    }
    EXPECT_NEAR(one.total.volume_m3, volume, 1e-12 * volume);
    EXPECT_EQ(one.total.area_over_m2[2], over_02);
}

// Two zone kinds over the SmallGridByHand depths (4 m² cells):
//   depth  0.0  0.1  0.3      set A  1 1 2      set B  0 1 1
//          NaN  0.2  0.05            0 2 0             1 1 0
// A1: 0.0, 0.1 → area 8, wet 4, volume 0.4; A2: 0.3, 0.2 → area 8, wet 8, volume 2.0; A0: 0.05 (NaN left out).
// B1: 0.1, 0.3, 0.2 (NaN left out) → area 12, wet 12, volume 2.4; B0: 0.0, 0.05 → area 8, wet 4, volume 0.2.
TEST(Aggregate, ZoneSetsByHand) {
    const auto depth = test::grid_of<float>({{0.0f, 0.1f, 0.3f}, {kNaN, 0.2f, 0.05f}});
    const auto a = test::grid_of<std::int32_t>({{1, 1, 2}, {0, 2, 0}});
    const auto b = test::grid_of<std::int32_t>({{0, 1, 1}, {1, 1, 0}});
    const std::vector<double> thresholds{0.1};
    const ZoneSet sets[] = {{a.view(), 3}, {b.view(), 2}};
    const std::vector<ZoneTotals> t = depth_by_zone_sets(depth.view(), sets, 4.0, thresholds);
    ASSERT_EQ(t.size(), 2u);
    ASSERT_EQ(t[0].zones.size(), 3u);
    ASSERT_EQ(t[1].zones.size(), 2u);
    EXPECT_EQ(t[0].zones[1].area_m2, 8.0);
    EXPECT_EQ(t[0].zones[1].wet_area_m2, 4.0);
    EXPECT_NEAR(t[0].zones[1].volume_m3, 0.4, 1e-6);
    EXPECT_EQ(t[0].zones[1].area_over_m2, (std::vector<double>{0.0}));  // 0.1f is not over 0.1
    EXPECT_NEAR(t[0].zones[2].volume_m3, 2.0, 1e-6);
    EXPECT_EQ(t[0].zones[2].area_over_m2, (std::vector<double>{8.0}));
    EXPECT_EQ(t[0].zones[0].area_m2, 4.0);
    EXPECT_EQ(t[1].zones[1].area_m2, 12.0);
    EXPECT_EQ(t[1].zones[1].wet_area_m2, 12.0);
    EXPECT_NEAR(t[1].zones[1].volume_m3, 2.4, 1e-6);
    EXPECT_EQ(t[1].zones[1].area_over_m2, (std::vector<double>{8.0}));
    EXPECT_EQ(t[1].zones[0].area_m2, 8.0);
    EXPECT_EQ(t[1].zones[0].wet_area_m2, 4.0);
    EXPECT_NEAR(t[1].zones[0].volume_m3, 0.2, 1e-6);
    for (const ZoneTotals& set : t) {  // the whole grid is the same for every set
        EXPECT_EQ(set.total.area_m2, 20.0);
        EXPECT_NEAR(set.total.volume_m3, 2.6, 1e-6);
    }
}

// One pass for three zone kinds gives every kind, bit for bit, what a pass of its own gives, at 1 and 2 threads.
TEST(Aggregate, ZoneSetsInOnePassEqualOnePassPerSetBitForBit) {
    std::mt19937 rng(7);
    const index_t rows = 203, cols = 117;
    Grid<float> depth(rows, cols);
    std::uniform_real_distribution<float> ud(-0.2f, 1.5f);
    for (float& d : depth.values()) d = ud(rng) > 1.4f ? kNaN : ud(rng);
    const std::int32_t counts[] = {13, 2, 131};
    std::vector<Grid<std::int32_t>> zones;
    for (const std::int32_t count : counts) {
        Grid<std::int32_t>& z = zones.emplace_back(rows, cols);
        std::uniform_int_distribution<std::int32_t> uz(0, count - 1);
        for (std::int32_t& v : z.values()) v = uz(rng);
    }
    const std::vector<double> thresholds{0.05, 0.2, 0.3};
    const ZoneSet sets[] = {{zones[0].view(), counts[0]}, {zones[1].view(), counts[1]}, {zones[2].view(), counts[2]}};
    for (const int threads : {1, 2}) {
        const auto together =
            test::with_threads(threads, [&] { return depth_by_zone_sets(depth.view(), sets, 0.25, thresholds); });
        ASSERT_EQ(together.size(), 3u);
        for (std::size_t s = 0; s < 3; ++s) {
            const ZoneTotals alone = test::with_threads(
                threads, [&] { return depth_by_zone(depth.view(), zones[s].view(), counts[s], 0.25, thresholds); });
            ASSERT_EQ(together[s].zones.size(), alone.zones.size());
            for (std::size_t z = 0; z < alone.zones.size(); ++z) {
                EXPECT_EQ(together[s].zones[z].area_m2, alone.zones[z].area_m2) << "set " << s << " zone " << z;
                EXPECT_EQ(together[s].zones[z].wet_area_m2, alone.zones[z].wet_area_m2);
                EXPECT_EQ(together[s].zones[z].volume_m3, alone.zones[z].volume_m3) << "set " << s << " zone " << z;
                EXPECT_EQ(together[s].zones[z].area_over_m2, alone.zones[z].area_over_m2);
            }
            EXPECT_EQ(together[s].total.volume_m3, alone.total.volume_m3);
        }
        // And against a plain serial loop: the volume of zone 5 of the third set (the same cells, added in
        // another order, so equal to rounding), its area over 0.2 m exactly.
        double volume = 0.0, over = 0.0;
        for (index_t i = 0; i < rows * cols; ++i) {
            if (zones[2].values()[static_cast<std::size_t>(i)] != 5) continue;
            const float d = depth.values()[static_cast<std::size_t>(i)];
            if (d > 0.0f) volume += static_cast<double>(d) * 0.25;
            if (d > 0.2f) over += 0.25;
        }
        EXPECT_NEAR(together[2].zones[5].volume_m3, volume, 1e-12 * volume);
        EXPECT_EQ(together[2].zones[5].area_over_m2[1], over);
    }
}

TEST(Aggregate, ZoneSetsNameTheBadCellOfTheSetThatHasIt) {
    const auto depth = test::grid_of<float>({{0.0f, 0.1f}, {0.2f, 0.3f}});
    const auto good = test::grid_of<std::int32_t>({{0, 1}, {1, 1}});
    const auto bad = test::grid_of<std::int32_t>({{0, 1}, {1, 7}});
    const std::vector<double> thresholds{0.1};
    const ZoneSet sets[] = {{good.view(), 2}, {bad.view(), 2}};
    const std::string m = input_error_of([&] { depth_by_zone_sets(depth.view(), sets, 1.0, thresholds); });
    EXPECT_NE(m.find("zone id 7 at row 1, column 1 is outside 0..1"), std::string::npos) << m;
}

TEST(Aggregate, BadZoneIdNamesTheCell) {
    const auto depth = test::grid_of<float>({{0.0f, 0.1f}, {0.2f, 0.3f}});
    const auto zones = test::grid_of<std::int32_t>({{0, 1}, {-1, 1}});
    const std::vector<double> thresholds{0.1};
    const std::string m = input_error_of([&] { depth_by_zone(depth.view(), zones.view(), 2, 1.0, thresholds); });
    EXPECT_NE(m.find("zone id -1 at row 1, column 0"), std::string::npos) << m;
}

TEST(Aggregate, FeaturesGoToTheZoneOfTheirPoint) {
    const auto zones = test::grid_of<std::int32_t>({{1, 1, 2}, {0, 2, 2}});
    const GeoTransform transform{100.0, 50.0, 10.0};  // x 100..130, y 30..50
    const std::vector<MapPoint> points{{105.0, 45.0}, {125.0, 35.0}, {105.0, 35.0}, {95.0, 45.0}, {131.0, 40.0}};
    const std::vector<std::int32_t> z = zones_of_points(points, zones.view(), transform);
    EXPECT_EQ(z, (std::vector<std::int32_t>{1, 2, 0, 0, 0}));

    const std::vector<double> ones(points.size(), 1.0);
    EXPECT_EQ(sum_by_zone(z, ones, 3), (std::vector<double>{3.0, 1.0, 1.0}));
    const std::vector<double> damage{10.0, 20.0, 30.0, 40.0, 50.0};
    EXPECT_EQ(sum_by_zone(z, damage, 3), (std::vector<double>{120.0, 10.0, 20.0}));
    EXPECT_NE(input_error_of([&] { sum_by_zone(z, damage, 2); }).find("feature 1 has zone 2"), std::string::npos);
}

}  // namespace
}  // namespace wn::risk
