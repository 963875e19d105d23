// The subgrid solver (hydro/subgrid_solver.hpp) and its run from fine terrain (hydro/subgrid_run.hpp): against
// the regular engine at cell = pixel, conservation, a lake at rest, sub-cell channels and walls, losses.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "flood_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/hydro/flood_engine.hpp"
#include "waternet/hydro/subgrid_run.hpp"
#include "waternet/hydro/subgrid_solver.hpp"
#include "waternet/hydro/subgrid_tables.hpp"

namespace wn::subgrid {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

SubgridTables tables_of(const Grid<float>& terrain, int ratio, double pixel_m, float manning_n = 0.03f) {
    TableSettings s;
    s.ratio = ratio;
    s.levels = 10;
    s.pixel_size_m = pixel_m;
    s.uniform_manning_n = manning_n;
    return build_subgrid_tables({terrain.view(), {}}, s);
}

SolverSettings solver_settings(double duration_s) {
    SolverSettings s;
    s.duration_s = duration_s;
    return s;
}

RainSeries rain_mm_per_h(double mm_per_h, double until_s) {
    return RainSeries("test rain", {{0.0, until_s, mm_per_h * 1e-3 / 3600.0}});
}

// Volume of the coarse cells in columns [c0, c1).
double volume_of_columns(const SolverResult& r, index_t rows, index_t cols, index_t c0, index_t c1) {
    double v = 0.0;
    for (index_t row = 0; row < rows; ++row)
        for (index_t c = c0; c < c1; ++c) v += r.final_volume_m3[static_cast<std::size_t>(row * cols + c)];
    return v;
}

// Steady uniform flow: iterating the face update under a constant surface slope S converges to q = K √S,
// whatever the mean flow depth (the friction term's derivation in subgrid_solver.hpp).
TEST(SubgridSolver, FaceUpdateReachesTheConveyanceDischargeInUniformFlow) {
    const float dx = 8.0f, slope = 2e-3f;
    for (const auto& [depth, conveyance] : {std::pair{0.05f, 0.4f}, std::pair{0.5f, 0.9f}, std::pair{1.2f, 7.5f}}) {
        float q = 0.0f;
        for (int step = 0; step < 20000; ++step)
            q = face_discharge(depth, conveyance, q, -slope * dx, 0.5f, 1.0f / dx, 1e-4f);
        EXPECT_NEAR(q, conveyance * std::sqrt(slope), 1e-5 * conveyance) << "h̄ " << depth;
    }
    EXPECT_EQ(face_discharge(5e-5f, 1.0f, 0.3f, -0.1f, 1.0f, 0.1f, 1e-4f), 0.0f);  // dry face
}

// Cell = pixel: the tables are the regular grid (subgrid_tables.hpp) and the update is the regular engine's,
// term by term. They agree to float rounding, not bit for bit: the state is a volume in double (level = z + V/A),
// the regular engine's a float depth with a compensated carry, and the friction term is formed as h̄/K² instead of
// n²/h^(7/3) (K from a double cube root, not the float Newton iteration). Differences start at one float ulp of
// the level (~2e-7 m at 1–2 m) and stay there (measured: 2.6e-7 m): the bound below is about 50 ulp.
TEST(SubgridSolver, CellEqualToPixelMatchesTheRegularEngine) {
    const Grid<float> z = test::terrain(14, 12, [](index_t r, index_t c) {
        return 1.0f + 0.02f * static_cast<float>(c) + 0.01f * static_cast<float>(r) +
               0.05f * std::sin(1.3f * static_cast<float>(r)) * std::cos(0.7f * static_cast<float>(c));
    });
    const RainSeries rain = rain_mm_per_h(60.0, 600.0);
    const LandCoverTable table = test::frictional(0.03);
    FloodInputs regular_in;
    regular_in.terrain_m = z.view();
    regular_in.cell_size_m = 1.0;
    regular_in.classes = &table;
    regular_in.rain = &rain;
    FloodSettings regular_settings = test::quiet_settings(1200.0);
    regular_settings.duration_thresholds_m.clear();
    const FloodResult regular = run_flood(regular_in, regular_settings);

    const SubgridTables t = tables_of(z, 1, 1.0, 0.03f);
    SolverInputs in;
    in.tables = &t;
    in.rain = &rain;
    const SolverResult sub = run_subgrid_solver(in, solver_settings(1200.0));

    EXPECT_NEAR(sub.balance.rain_m3, regular.balance.rain_m3, 1e-8 * regular.balance.rain_m3);  // float rain per cell
    EXPECT_NEAR(sub.balance.final_storage_m3, regular.balance.final_storage_m3,
                1e-6 * regular.balance.final_storage_m3);
    EXPECT_NEAR(static_cast<double>(sub.steps), static_cast<double>(regular.steps), 2.0);
    double worst = 0.0, deepest = 0.0;
    for (index_t r = 0; r < z.rows(); ++r) {
        for (index_t c = 0; c < z.cols(); ++c) {
            const double depth = sub.max_level_m(r, c) - z(r, c);
            worst = std::max(worst, std::fabs(depth - regular.max_depth_m(r, c)));
            deepest = std::max(deepest, static_cast<double>(regular.max_depth_m(r, c)));
        }
    }
    EXPECT_GT(deepest, 0.05);  // the water gathered in the low corner: there is something to compare
    EXPECT_LT(worst, 1e-5) << "largest difference in maximum depth (m)";
}

// A closed basin keeps its volume while the water sloshes over rough subgrid terrain.
TEST(SubgridSolver, ClosedBasinKeepsItsVolume) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> bump(-0.2f, 0.2f);
    const Grid<float> z = test::terrain(48, 64, [&](index_t r, index_t c) {
        const float x = static_cast<float>(c) - 32.0f, y = static_cast<float>(r) - 24.0f;
        return 1e-3f * (x * x + y * y) + bump(rng);
    });
    const SubgridTables t = tables_of(z, 8, 1.0);
    Grid<float> level(t.rows(), t.cols(), kNaN);
    for (index_t c = 0; c < 3; ++c) level(0, c) = 2.5f;  // a mound of water in one corner
    SolverInputs in;
    in.tables = &t;
    in.initial_level_m = level.view();
    const SolverResult r = run_subgrid_solver(in, solver_settings(900.0));
    EXPECT_GT(r.balance.initial_storage_m3, 100.0);
    EXPECT_GT(r.max_abs_discharge_m2_s, 0.05);  // it did move
    EXPECT_NEAR(r.balance.final_storage_m3, r.balance.initial_storage_m3, 1e-6 * r.balance.initial_storage_m3);
    EXPECT_EQ(r.balance.boundary_out_m3, 0.0);
    EXPECT_GE(r.min_volume_m3, -1e-9);
}

// A lake at rest over rough subgrid terrain stays at rest: every wet cell has the same level, so no face sees a
// gradient, whether the pixels are all under water or some stick out.
TEST(SubgridSolver, LakeAtRestOverRoughTerrainStaysAtRest) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> bump(-0.3f, 0.3f);
    const Grid<float> z = test::terrain(64, 64, [&](index_t, index_t) { return 2.0f + bump(rng); });
    const SubgridTables t = tables_of(z, 8, 0.5);
    for (const float lake : {2.5f, 2.1f}) {
        Grid<float> level(t.rows(), t.cols(), lake);
        SolverInputs in;
        in.tables = &t;
        in.initial_level_m = level.view();
        const SolverResult r = run_subgrid_solver(in, solver_settings(600.0));
        EXPECT_GT(r.balance.initial_storage_m3, 10.0);
        EXPECT_LT(r.max_abs_discharge_m2_s, 1e-7) << "lake at " << lake << " m";
        for (index_t i = 0; i < r.final_level_m.size(); ++i)
            EXPECT_NEAR(r.final_level_m.data()[i], std::max(lake, t.cell_lowest_level_m(i / t.cols(), i % t.cols())),
                        1e-6);
    }
}

// A channel two pixels wide in cells sixteen pixels wide: a coarse run conveys what the fine run (cell = pixel)
// conveys. The channel drains towards a free east edge from uniform depth; the volume that left the upstream half
// over the run is the discharge through the middle, integrated.
TEST(SubgridSolver, ChannelNarrowerThanACellConveysAsTheFineRun) {
    const int ratio = 16;
    const index_t rows = 3 * ratio, cols = 16 * ratio;
    const double slope = 1e-3, depth0 = 0.4;
    const auto bed = [&](index_t c) { return static_cast<float>(2.0 - slope * (static_cast<double>(c) + 0.5)); };
    const auto in_channel = [&](index_t r) { return r == ratio + 7 || r == ratio + 8; };
    const Grid<float> z =
        test::terrain(rows, cols, [&](index_t r, index_t c) { return in_channel(r) ? bed(c) : bed(c) + 2.0f; });
    SolverSettings s = solver_settings(200.0);
    s.edges[kEast].kind = EdgeKind::free_outflow;
    double drained[2] = {0.0, 0.0};
    for (const int k : {1, ratio}) {
        const SubgridTables t = tables_of(z, k, 1.0);
        Grid<float> level(t.rows(), t.cols(), kNaN);
        for (index_t r = 0; r < t.rows(); ++r) {
            for (index_t c = 0; c < t.cols(); ++c) {
                double v = 0.0;  // the fine water (depth0 over the channel bed) in this cell
                for (index_t fr = r * k; fr < (r + 1) * k; ++fr)
                    for (index_t fc = c * k; fc < (c + 1) * k; ++fc) v += in_channel(fr) ? depth0 : 0.0;
                if (v > 0.0) level(r, c) = static_cast<float>(t.level_of_volume(r, c, v));
            }
        }
        SolverInputs in;
        in.tables = &t;
        in.initial_level_m = level.view();
        const SolverResult r = run_subgrid_solver(in, s);
        const index_t half = t.cols() / 2;
        const double start = 2.0 * depth0 * static_cast<double>(cols / 2);
        drained[k == 1 ? 0 : 1] = start - volume_of_columns(r, t.rows(), t.cols(), 0, half);
        EXPECT_LT(std::fabs(r.balance.relative_error()), 1e-9);
    }
    EXPECT_GT(drained[0], 20.0);  // the fine run moved a good share of the 102 m³ upstream
    EXPECT_NEAR(drained[1], drained[0], 0.10 * drained[0]) << "fine " << drained[0] << " m³, coarse " << drained[1];
}

// A wall one pixel thick inside a coarse cell holds the water back; with a gap in it, water passes.
TEST(SubgridSolver, WallThinnerThanACellHoldsWaterBack) {
    const int ratio = 8;
    const index_t wall_col = 4 * ratio + 5;
    for (const bool gap : {false, true}) {
        const Grid<float> z = test::terrain(2 * ratio, 8 * ratio, [&](index_t r, index_t c) {
            const bool opening = gap && (r == 7 || r == 8);
            return c == wall_col && !opening ? 3.0f : 1.0f;
        });
        const SubgridTables t = tables_of(z, ratio, 1.0);
        Grid<float> level(t.rows(), t.cols(), kNaN);
        for (index_t r = 0; r < t.rows(); ++r)
            for (index_t c = 0; c < 4; ++c) level(r, c) = 1.5f;
        SolverInputs in;
        in.tables = &t;
        in.initial_level_m = level.view();
        const SolverResult r = run_subgrid_solver(in, solver_settings(600.0));
        const double beyond = volume_of_columns(r, t.rows(), t.cols(), 5, t.cols());
        if (gap)
            EXPECT_GT(beyond, 20.0) << "the gap lets water through";
        else
            EXPECT_EQ(beyond, 0.0) << "the wall holds";
        EXPECT_NEAR(r.balance.final_storage_m3, r.balance.initial_storage_m3, 1e-9 * r.balance.initial_storage_m3);
    }
}

// Losses far above the rain never take more than a cell holds: no volume below zero, and the balance closes.
TEST(SubgridSolver, LossesNeverDriveAVolumeNegative) {
    std::mt19937 rng(9);
    std::uniform_real_distribution<float> bump(-0.2f, 0.2f);
    const Grid<float> z = test::terrain(
        32, 32, [&](index_t r, index_t c) { return 1.0f + 0.01f * static_cast<float>(r + c) + bump(rng); });
    const SubgridTables t = tables_of(z, 4, 1.0);
    Grid<float> level(t.rows(), t.cols(), kNaN);
    level(7, 7) = 1.6f;
    level(3, 4) = 1.3f;
    Grid<float> loss(t.rows(), t.cols(), static_cast<float>(500e-3 / 3600.0));  // 500 mm/h
    loss(0, 0) = 0.0f;
    const RainSeries rain = rain_mm_per_h(30.0, 1200.0);
    SolverInputs in;
    in.tables = &t;
    in.rain = &rain;
    in.loss_m_per_s = loss.view();
    in.initial_level_m = level.view();
    SolverSettings s = solver_settings(1800.0);
    s.edges[kSouth].kind = EdgeKind::free_outflow;
    const SolverResult r = run_subgrid_solver(in, s);
    const VolumeBalance& b = r.balance;
    EXPECT_GT(b.infiltration_m3, 0.5 * (b.rain_m3 + b.initial_storage_m3));  // the losses did take most water
    EXPECT_LE(b.infiltration_m3, b.rain_m3 + b.initial_storage_m3);
    EXPECT_GE(r.min_volume_m3, -1e-9);
    for (const double v : r.final_volume_m3) EXPECT_GE(v, -1e-9);
    EXPECT_LT(std::fabs(b.error_m3()), 1e-9 * (b.rain_m3 + b.initial_storage_m3));
}

TEST(SubgridSolver, ResultsDoNotDependOnTheThreadCount) {
    std::mt19937 rng(13);
    std::uniform_real_distribution<float> bump(-0.2f, 0.2f);
    const Grid<float> z =
        test::terrain(64, 48, [&](index_t r, index_t c) { return 0.005f * static_cast<float>(r + 2 * c) + bump(rng); });
    const SubgridTables t = tables_of(z, 4, 1.0);
    const RainSeries rain = rain_mm_per_h(80.0, 600.0);
    SolverInputs in;
    in.tables = &t;
    in.rain = &rain;
    SolverSettings s = solver_settings(900.0);
    s.edges[kWest].kind = s.edges[kNorth].kind = EdgeKind::free_outflow;
    const SolverResult one = run_subgrid_solver(in, s);
    const SolverResult three = run_subgrid_solver(in, s, {.threads = 3});
    EXPECT_GT(one.balance.boundary_out_m3, 1.0);
    EXPECT_EQ(one.steps, three.steps);
    EXPECT_EQ(one.balance.final_storage_m3, three.balance.final_storage_m3);
    EXPECT_EQ(one.balance.boundary_out_m3, three.balance.boundary_out_m3);
    for (index_t i = 0; i < one.max_level_m.size(); ++i)
        EXPECT_EQ(one.max_level_m.data()[i], three.max_level_m.data()[i]);
}

TEST(SubgridSolver, RefusesBadInput) {
    const Grid<float> z = test::terrain(8, 8, [](index_t, index_t) { return 1.0f; });
    const SubgridTables t = tables_of(z, 4, 1.0);
    SolverInputs in;
    EXPECT_THROW(run_subgrid_solver(in, solver_settings(10.0)), InputError);  // no tables
    in.tables = &t;
    SolverSettings s = solver_settings(10.0);
    s.edges[kWest].kind = EdgeKind::water_level;
    s.edges[kWest].water_level_m.points = {{0.0, 2.0}};
    EXPECT_THROW(run_subgrid_solver(in, s), InputError);
    const Grid<float> wrong(3, 2, 1.0f);
    in.initial_level_m = wrong.view();
    EXPECT_THROW(run_subgrid_solver(in, solver_settings(10.0)), InputError);
    in.initial_level_m = {};
    in.uniform_loss_m_per_s = -1.0;
    EXPECT_THROW(run_subgrid_solver(in, solver_settings(10.0)), InputError);
    in.uniform_loss_m_per_s = 0.0;
}

// A cancelled token (Ctrl-C in the CLI) stops a run with wn::Interrupted, as it stops the regular engine (on one
// thread and on several).
TEST(SubgridSolver, CtrlCStopsTheRun) {
    const Grid<float> z = test::terrain(16, 16, [](index_t r, index_t c) { return 0.01f * static_cast<float>(r + c); });
    const SubgridTables t = tables_of(z, 4, 1.0);
    const RainSeries rain = rain_mm_per_h(50.0, 600.0);
    SolverInputs in;
    in.tables = &t;
    in.rain = &rain;
    std::atomic<bool> ctrl_c{true};
    EXPECT_THROW(run_subgrid_solver(in, solver_settings(600.0), {.threads = 1, .cancel = CancelToken(&ctrl_c)}),
                 Interrupted);
    EXPECT_THROW(run_subgrid_solver(in, solver_settings(600.0), {.threads = 2, .cancel = CancelToken(&ctrl_c)}),
                 Interrupted);
    ctrl_c = false;
    EXPECT_NO_THROW(run_subgrid_solver(in, solver_settings(600.0), {.threads = 2, .cancel = CancelToken(&ctrl_c)}));
}

// Downscaling: each pixel gets its coarse cell's level minus its terrain where positive, 0 where dry, NaN where
// the terrain has no data; a last partial coarse cell covers the edge pixels.
TEST(SubgridDownscale, DepthIsTheCellLevelAboveEachPixel) {
    Grid<float> z(3, 3);
    const float values[9] = {0.5f, 1.2f, 0.0f, kNaN, 1.0f, 2.0f, 0.25f, 3.0f, 1.0f};
    std::copy(values, values + 9, z.data());
    Grid<float> level(2, 2);
    level(0, 0) = 1.0f;
    level(0, 1) = 1.5f;
    level(1, 0) = 0.75f;
    level(1, 1) = kNaN;
    const Grid<float> d = downscale_depth(level.view(), z.view(), 2, 2);
    EXPECT_FLOAT_EQ(d(0, 0), 0.5f);
    EXPECT_FLOAT_EQ(d(0, 1), 0.0f);
    EXPECT_FLOAT_EQ(d(0, 2), 1.5f);
    EXPECT_TRUE(std::isnan(d(1, 0)));
    EXPECT_FLOAT_EQ(d(1, 1), 0.0f);
    EXPECT_FLOAT_EQ(d(1, 2), 0.0f);
    EXPECT_FLOAT_EQ(d(2, 0), 0.5f);
    EXPECT_FLOAT_EQ(d(2, 1), 0.0f);
    EXPECT_TRUE(std::isnan(d(2, 2)));
    const Grid<float> wrong(3, 3, 1.0f);
    EXPECT_THROW(downscale_depth(wrong.view(), z.view(), 2, 1), InputError);
}

// The whole run from fine terrain: rain on a bowl with closed edges ends as a pond whose fine-grid depth holds
// the rain that fell (the downscaled volume equals the coarse storage where the cells are fully under water).
TEST(SubgridRun, RainOnABowlEndsAsAPondOnTheFineGrid) {
    const Grid<float> z = test::terrain(32, 32, [](index_t r, index_t c) {
        const float x = static_cast<float>(c) - 15.5f, y = static_cast<float>(r) - 15.5f;
        return 2e-3f * (x * x + y * y);
    });
    const RainSeries rain = rain_mm_per_h(100.0, 1800.0);
    SubgridRunInputs in;
    in.terrain_m = z.view();
    in.pixel_size_m = 1.0;
    in.ratio = 4;
    in.rain = &rain;
    const SubgridRunResult r = run_subgrid(in, solver_settings(3600.0), {.threads = 2});
    ASSERT_EQ(r.max_depth_m.rows(), 32);
    ASSERT_EQ(r.max_depth_m.cols(), 32);
    EXPECT_NEAR(r.solver.balance.rain_m3, 0.1 * 0.5 * 32 * 32, 1e-6);
    double fine_volume = 0.0;
    for (const float d : r.final_depth_m.values()) fine_volume += d;
    // Not exact: the cell tables interpolate the level linearly between N = 10 volume steps, and in the partly wet
    // rim cells the pixel volume at that level lies below the table's (the chord of a convex curve).
    EXPECT_NEAR(fine_volume, r.solver.balance.final_storage_m3, 0.03 * r.solver.balance.final_storage_m3);
    EXPECT_GT(r.max_depth_m(16, 16), 0.2f);  // the pond in the middle
    EXPECT_EQ(r.max_depth_m(0, 0), 0.0f);    // the rim drained
    EXPECT_GT(r.table_bytes_per_cell, 0.0);
}

}  // namespace
}  // namespace wn::subgrid
