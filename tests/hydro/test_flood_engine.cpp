// Conservation, symmetry, determinism, losses and buildings of the flood engine on hand-made cases.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "flood_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/execution.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn {
namespace {

using test::frictional;
using test::quiet_settings;
using test::terrain;

// A bumpy closed basin: a sum of sines plus a bowl, so that water moves in every direction.
Grid<float> bumpy_basin(index_t rows, index_t cols) {
    return terrain(rows, cols, [&](index_t r, index_t c) {
        const double x = static_cast<double>(c) / static_cast<double>(cols);
        const double y = static_cast<double>(r) / static_cast<double>(rows);
        return static_cast<float>(0.5 * std::sin(9.0 * x) * std::cos(7.0 * y) +
                                  2.0 * ((x - 0.5) * (x - 0.5) + (y - 0.4) * (y - 0.4)));
    });
}

TEST(FloodEngine, LakeAtRestOverUnevenTerrainStaysAtRest) {
    const Grid<float> z = terrain(40, 50, [](index_t r, index_t c) {
        return static_cast<float>(0.3 * std::sin(0.7 * c) + 0.2 * std::cos(0.5 * r) + (r > 20 && c > 30 ? 1.5 : 0.0));
    });
    const float level = 0.8f;  // the raised block (up to 2 m) sticks out: wet and dry cells side by side
    Grid<float> depth(z.rows(), z.cols());
    for (index_t i = 0; i < z.size(); ++i) depth.data()[i] = std::max(0.0f, level - z.data()[i]);
    const LandCoverTable table = frictional(0.03);
    FloodInputs in;
    in.terrain_m = z.view();
    in.cell_size_m = 2.0;
    in.classes = &table;
    in.initial_depth_m = depth.view();
    const FloodResult result = run_flood(in, quiet_settings(600.0));
    double worst_change = 0.0, worst_speed = 0.0;
    for (index_t i = 0; i < z.size(); ++i) {
        worst_change =
            std::max(worst_change, static_cast<double>(std::fabs(result.final_depth_m.data()[i] - depth.data()[i])));
        worst_speed = std::max(worst_speed, static_cast<double>(result.max_velocity_m_per_s.data()[i]));
    }
    EXPECT_LT(worst_change, 1e-5);
    EXPECT_LT(worst_speed, 1e-4);
    EXPECT_GT(result.steps, 100);
}

TEST(FloodEngine, RainOnClosedBasinIsStoredMinusLosses) {
    const Grid<float> z = bumpy_basin(60, 80);
    // Every kind of loss at once: grass (interception + Horton), paved (sewer), a building (roof to sewer).
    Grid<std::uint8_t> cover(z.rows(), z.cols(), kGrass);
    for (index_t r = 0; r < z.rows(); ++r)
        for (index_t c = 0; c < 30; ++c) cover(r, c) = kPaved;
    for (index_t r = 20; r < 28; ++r)
        for (index_t c = 40; c < 50; ++c) cover(r, c) = kBuilding;
    const LandCoverTable table = LandCoverTable::defaults();
    const RainSeries rain = constant_rain(90.0, 1800.0);
    FloodInputs in;
    in.terrain_m = z.view();
    in.cell_size_m = 1.0;
    in.classes = &table;
    in.land_cover = cover.view();
    in.rain = &rain;
    const FloodResult result = run_flood(in, quiet_settings(2700.0));
    const VolumeBalance& b = result.balance;
    const double rain_volume = 0.090 / 2.0 * static_cast<double>(z.size());  // 90 mm/h for half an hour, all cells
    EXPECT_NEAR(b.rain_m3, rain_volume, 1e-7 * rain_volume);
    EXPECT_GT(b.interception_m3, 0.0);
    EXPECT_GT(b.infiltration_m3, 0.0);
    EXPECT_GT(b.sewer_m3, 0.0);
    EXPECT_EQ(b.boundary_out_m3, 0.0);
    EXPECT_LT(std::fabs(b.final_storage_m3 - (b.rain_m3 - b.interception_m3 - b.infiltration_m3 - b.sewer_m3)),
              1e-6 * b.rain_m3);
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
    EXPECT_EQ(result.building_count, 1);
}

TEST(FloodEngine, SewerTakesItsCapacityThenItsStorageIsFull) {
    // Flat paved basin, rain 60 mm/h for 1 h; sewer 20 mm/h with 15 mm storage: it takes exactly 15 mm.
    const Grid<float> z = terrain(10, 10, [](index_t, index_t) { return 1.0f; });
    LandCoverClass paved{"paved", 0.015, 0.0, Infiltration::constant(0.0), 20.0, 15.0, false, false};
    const LandCoverTable table = LandCoverTable::single(paved);
    const RainSeries rain = constant_rain(60.0, 3600.0);
    FloodInputs in;
    in.terrain_m = z.view();
    in.cell_size_m = 1.0;
    in.classes = &table;
    in.rain = &rain;
    const FloodResult result = run_flood(in, quiet_settings(3600.0));
    EXPECT_NEAR(result.balance.sewer_m3, 0.015 * 100.0, 1e-5);  // float stores: relative 1e-6
    EXPECT_NEAR(result.final_depth_m(5, 5), 0.045, 1e-5);
}

TEST(FloodEngine, HortonInfiltrationIntegratesExactlyWhileWaterIsPonded) {
    // Rain far above the infiltration capacity keeps the surface wet, so infiltration = ∫ f(t) dt.
    const Grid<float> z = terrain(8, 8, [](index_t, index_t) { return 0.0f; });
    LandCoverClass grass{"grass", 0.04, 0.0, Infiltration::horton(60.0, 10.0, 2.0), 0.0, 0.0, false, false};
    const LandCoverTable table = LandCoverTable::single(grass);
    const RainSeries rain = constant_rain(120.0, 3600.0);
    FloodInputs in;
    in.terrain_m = z.view();
    in.classes = &table;
    in.rain = &rain;
    const FloodResult result = run_flood(in, quiet_settings(3600.0));
    // ∫0^1h [10 + 50 e^{-2t}] dt = 10 + 25 (1 - e^{-2}) mm
    const double expected_mm = 10.0 + 25.0 * (1.0 - std::exp(-2.0));
    EXPECT_NEAR(result.balance.infiltration_m3 / 64.0 * 1e3, expected_mm, 0.05);
}

TEST(FloodEngine, MirroredTerrainGivesMirroredResults) {
    const index_t rows = 30, cols = 40;
    const Grid<float> z = bumpy_basin(rows, cols);
    const Grid<float> mirrored = terrain(rows, cols, [&](index_t r, index_t c) { return z(r, cols - 1 - c); });
    const Grid<float> transposed = terrain(cols, rows, [&](index_t r, index_t c) { return z(c, r); });
    const LandCoverTable table = frictional(0.03);
    const RainSeries rain = constant_rain(100.0, 600.0);
    auto run = [&](const Grid<float>& dem) {
        FloodInputs in;
        in.terrain_m = dem.view();
        in.classes = &table;
        in.rain = &rain;
        FloodSettings s = quiet_settings(900.0);
        for (auto& e : s.edges) e.kind = EdgeKind::free_outflow;
        return run_flood(in, s);
    };
    const FloodResult a = run(z), b = run(mirrored), c = run(transposed);
    for (index_t r = 0; r < rows; ++r) {
        for (index_t col = 0; col < cols; ++col) {
            ASSERT_FLOAT_EQ(a.max_depth_m(r, col), b.max_depth_m(r, cols - 1 - col)) << r << "," << col;
            ASSERT_FLOAT_EQ(a.max_depth_m(r, col), c.max_depth_m(col, r)) << r << "," << col;
        }
    }
    EXPECT_DOUBLE_EQ(a.balance.boundary_out_m3, b.balance.boundary_out_m3);
}

TEST(FloodEngine, OneAndTwoThreadsGiveIdenticalResults) {
    const Grid<float> z = bumpy_basin(57, 43);
    const LandCoverTable table = frictional(0.03);
    const RainSeries rain = constant_rain(80.0, 900.0);
    auto run = [&](int threads) {
        FloodInputs in;
        in.terrain_m = z.view();
        in.classes = &table;
        in.rain = &rain;
        FloodSettings s = quiet_settings(1200.0);
        s.edges[kEast].kind = EdgeKind::free_outflow;
        return run_flood(in, s, {}, {.threads = threads});
    };
    const FloodResult one = run(1), two = run(2), three = run(3);
    EXPECT_EQ(two.threads, 2);
    for (index_t i = 0; i < z.size(); ++i) {
        ASSERT_EQ(one.max_depth_m.data()[i], two.max_depth_m.data()[i]) << i;
        ASSERT_EQ(one.final_depth_m.data()[i], two.final_depth_m.data()[i]) << i;
        ASSERT_EQ(one.final_depth_m.data()[i], three.final_depth_m.data()[i]) << i;
        ASSERT_EQ(one.max_velocity_m_per_s.data()[i], two.max_velocity_m_per_s.data()[i]) << i;
    }
    EXPECT_EQ(one.steps, two.steps);
    EXPECT_EQ(one.balance.boundary_out_m3, two.balance.boundary_out_m3);
    EXPECT_GT(one.balance.boundary_out_m3, 0.0);
}

TEST(FloodEngine, BuildingsBlockFlowAndRoofRainSpillsBeside) {
    // A closed channel split by a building wall across it: water let in on the west never reaches the east.
    const Grid<float> z = terrain(12, 30, [](index_t, index_t) { return 0.0f; });
    Grid<std::uint8_t> cover(12, 30, kPaved);
    for (index_t r = 0; r < 12; ++r)
        for (index_t c = 14; c < 17; ++c) cover(r, c) = kBuilding;
    LandCoverTable table = LandCoverTable::defaults();
    table.at(kPaved).sewer_inflow_mm_per_h = 0.0;
    const RainSeries rain = constant_rain(36.0, 600.0);  // 6 mm
    FloodInputs in;
    in.terrain_m = z.view();
    in.classes = &table;
    in.land_cover = cover.view();
    in.rain = &rain;
    in.inflows.push_back({"pipe", 6, 2, TimeSeries{{{0.0, 0.01}, {600.0, 0.01}, {601.0, 0.0}}}});
    FloodSettings s = quiet_settings(900.0);
    s.roofs_to_sewer = false;
    const FloodResult result = run_flood(in, s);
    const VolumeBalance& b = result.balance;
    EXPECT_NEAR(b.inflow_m3, 6.005, 1e-4);  // 0.01 m³/s for 600 s, then a 1 s ramp down
    EXPECT_EQ(b.sewer_m3, 0.0);             // roofs spill, nothing to the sewer
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
    // East of the wall: the rain on it (6 mm) and half of the roof's 6 mm × 36 m², spread over the
    // 12 ground cells along its east side → 6 mm + 9 mm beside it, no inflow water.
    double east_volume = 0.0;
    for (index_t r = 0; r < 12; ++r)
        for (index_t c = 17; c < 30; ++c) east_volume += result.final_depth_m(r, c);
    EXPECT_NEAR(east_volume, 0.006 * 12 * 13 + 0.006 * 36 / 2, 1e-4);
    EXPECT_TRUE(std::isnan(result.max_depth_m(5, 15)));  // roof cells have no depth
}

TEST(FloodEngine, CellsWithoutTerrainAreOutsideTheDomain) {
    Grid<float> z = terrain(20, 20, [](index_t, index_t) { return 0.0f; });
    for (index_t r = 0; r < 20; ++r)
        for (index_t c = 0; c < 5; ++c) z(r, c) = std::numeric_limits<float>::quiet_NaN();
    const LandCoverTable table = frictional(0.03);
    const RainSeries rain = constant_rain(60.0, 600.0);
    FloodInputs in;
    in.terrain_m = z.view();
    in.classes = &table;
    in.rain = &rain;
    const FloodResult result = run_flood(in, quiet_settings(600.0));
    EXPECT_EQ(result.domain_cells, 300);
    EXPECT_NEAR(result.balance.rain_m3, 0.01 * 300, 1e-7 * 3);  // rain per interval is applied in float
    EXPECT_TRUE(std::isnan(result.final_depth_m(3, 2)));
    EXPECT_NEAR(result.final_depth_m(3, 12), 0.01, 1e-6);
}

TEST(FloodEngine, ACancelledTokenStopsTheRunWithInterrupted) {
    const Grid<float> z = bumpy_basin(40, 40);
    const LandCoverTable table = frictional(0.03);
    const RainSeries rain = constant_rain(60.0, 3600.0);
    FloodInputs in;
    in.terrain_m = z.view();
    in.classes = &table;
    in.rain = &rain;
    FloodSettings s = quiet_settings(3600.0);
    int frames = 0;
    s.frame_interval_s = 60.0;
    // The user presses Ctrl-C during the run (here: when the second frame arrives); the CLI's handler sets the flag
    // its token points at.
    std::atomic<bool> ctrl_c{false};
    const FrameCallback press_ctrl_c = [&](double, GridView<const float>) {
        if (++frames == 2) ctrl_c = true;
    };
    EXPECT_THROW(run_flood(in, s, press_ctrl_c, {.cancel = CancelToken(&ctrl_c)}), Interrupted);
    EXPECT_EQ(frames, 2);  // it stopped at once, not at the end of the hour
}

TEST(FloodEngine, RejectsAbsurdInput) {
    const Grid<float> z = terrain(5, 5, [](index_t, index_t) { return 0.0f; });
    const LandCoverTable table = frictional(0.03);
    FloodInputs in;
    in.terrain_m = z.view();
    in.classes = &table;
    FloodSettings s = quiet_settings(600.0);
    s.duration_s = -5.0;
    EXPECT_THROW(run_flood(in, s), InputError);
    s.duration_s = 600.0;
    in.cell_size_m = 0.0;
    EXPECT_THROW(run_flood(in, s), InputError);
    in.cell_size_m = 1.0;
    const Grid<float> holes = terrain(5, 5, [](index_t, index_t) { return std::numeric_limits<float>::quiet_NaN(); });
    in.terrain_m = holes.view();
    EXPECT_THROW(run_flood(in, s), InputError);
    in.terrain_m = z.view();
    in.gauges.push_back({"far away", 50, 2});
    EXPECT_THROW(run_flood(in, s), InputError);
}

}  // namespace
}  // namespace wn
