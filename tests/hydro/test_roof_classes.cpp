// Roofs changed by measures: a green roof keeps its substrate's worth of rain, a disconnected roof sends all of
// it to the ground beside, and every cubic metre stays in the balance.
#include <gtest/gtest.h>

#include <cmath>

#include "flood_test_support.hpp"
#include "waternet/hydro/land_cover.hpp"

namespace wn {
namespace {

using test::quiet_settings;
using test::terrain;

struct RoofRun {
    FloodResult result;
    double ground_water_m3 = 0.0;
};

// A closed, flat, impermeable 12 × 12 yard of 1 m cells with one 4 × 4 roof of `roof_class` in the middle.
RoofRun run_with_roof(std::uint8_t roof_class, double rain_mm) {
    const Grid<float> z = terrain(12, 12, [](index_t, index_t) { return 0.0f; });
    Grid<std::uint8_t> cover(12, 12, kImpermeable);
    for (index_t r = 4; r < 8; ++r)
        for (index_t c = 4; c < 8; ++c) cover(r, c) = roof_class;
    const LandCoverTable table = LandCoverTable::defaults();
    const RainSeries rain = constant_rain(rain_mm, 3600.0);
    FloodInputs in;
    in.terrain_m = z.view();
    in.classes = &table;
    in.land_cover = cover.view();
    in.rain = &rain;
    FloodSettings s = quiet_settings(4000.0);
    RoofRun run{run_flood(in, s), 0.0};
    for (float d : run.result.final_depth_m.values())
        if (!std::isnan(d)) run.ground_water_m3 += d;
    return run;
}

TEST(RoofClasses, GreenRoofRetainsItsSubstrateThenDrains) {
    const double roof_m2 = 16.0, ground_m2 = 144.0 - 16.0;
    // 20 mm: all of it stays on the green roof (it holds 25 mm).
    const RoofRun small = run_with_roof(kGreenRoof, 20.0);
    EXPECT_NEAR(small.result.balance.interception_m3, roof_m2 * 0.020, 1e-6);
    EXPECT_NEAR(small.result.balance.sewer_m3, 0.0, 1e-9);
    EXPECT_NEAR(small.ground_water_m3, ground_m2 * 0.020, 1e-4);
    // 60 mm in an hour: the substrate fills in the first 25 minutes (25 mm); in the remaining 35 minutes 35 mm
    // falls, of which the sewer takes 20 mm/h × 35/60 h = 11.67 mm and 23.33 mm spills beside the roof.
    // Roofs are handled every exchange (5 s), so the split is exact to one exchange's rain on the roof.
    const RoofRun large = run_with_roof(kGreenRoof, 60.0);
    const double one_exchange_m3 = roof_m2 * 0.060 * 5.0 / 3600.0;
    EXPECT_NEAR(large.result.balance.interception_m3, roof_m2 * 0.025, 1e-6);
    EXPECT_NEAR(large.result.balance.sewer_m3, roof_m2 * 0.035 * 20.0 / 60.0, one_exchange_m3);
    EXPECT_NEAR(large.ground_water_m3, ground_m2 * 0.060 + roof_m2 * (0.035 - 0.035 * 20.0 / 60.0), one_exchange_m3);
    EXPECT_LT(std::fabs(large.result.balance.relative_error()), 1e-6);
}

TEST(RoofClasses, DisconnectedRoofSendsEverythingToTheGround) {
    const RoofRun connected = run_with_roof(kBuilding, 20.0);
    const RoofRun disconnected = run_with_roof(kDisconnectedRoof, 20.0);
    EXPECT_NEAR(connected.result.balance.sewer_m3, 16.0 * 0.020, 1e-4);  // 20 mm/h is within the roof sewer's rate
    EXPECT_EQ(disconnected.result.balance.sewer_m3, 0.0);
    EXPECT_NEAR(disconnected.ground_water_m3 - connected.ground_water_m3, 16.0 * 0.020, 1e-4);
    EXPECT_LT(std::fabs(disconnected.result.balance.relative_error()), 1e-6);
}

}  // namespace
}  // namespace wn
