// Edge inflows (a discharge entering through a stretch of the domain's edge) and per-cell Manning's n.
//
// The reference case is a wide sloping channel fed at its upstream edge with a constant discharge and draining
// freely at its downstream edge: after the channel has filled, the flow is uniform and its depth is Manning's
// normal depth h = (n q / √S)^(3/5) (analytic::normal_depth). The local inertial momentum equation has the same
// steady uniform solution (q = h^(5/3) √S / n where the friction term balances the water-surface slope), so the
// tolerance only has to cover what is not yet steady and the two ends of the channel.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "../io/io_test_support.hpp"  // input_error_of
#include "analytic_solutions.hpp"
#include "flood_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn {
namespace {

using test::frictional;
using test::input_error_of;
using test::quiet_settings;
using test::terrain;

// 4 rows × 200 cells of 5 m (1 km), bed slope 0.01, n = 0.1, 16 m³/s over the 4 rows: q = 0.8 m²/s per metre
// of edge, normal depth 0.875 m, velocity 0.91 m/s, Froude number 0.31. The free outflow at the downstream
// edge takes the normal depth with the water-surface slope, not the bed's, so the depth departs from the normal
// depth near it (measured: +5 % in the last 50 m); the departure decays upstream over about
// h (1 - Fr²) / (10/3 S) = 24 m, so the last 40 cells (200 m, 8 decay lengths) are left out of the comparison.
// (With S = 0.001 that length is 320 m and a 1 km channel never reaches normal depth.)
struct SlopingChannel {
    static constexpr index_t kRows = 4;
    static constexpr index_t kCols = 200;
    static constexpr double kDx = 5.0;
    static constexpr double kSlope = 0.01;
    static constexpr double kManning = 0.1;
    static constexpr double kDischarge = 16.0;  // m³/s
    static constexpr double kDuration = 2.0 * 3600.0;

    static double q() { return kDischarge / (kRows * kDx); }
    static double bed(double x) { return kSlope * (kCols * kDx - x); }
};

// The channel flowing in any of the four directions: `downstream` is the edge it drains over (free outflow), the
// inflow enters over the whole opposite edge. Rows grow southwards, so "flows east" is x = column.
FloodResult run_channel(Edge downstream, const LandCoverTable& table, GridView<const float> manning_n = {},
                        int threads = 1) {
    const bool along_x = downstream == kEast || downstream == kWest;
    const index_t rows = along_x ? SlopingChannel::kRows : SlopingChannel::kCols;
    const index_t cols = along_x ? SlopingChannel::kCols : SlopingChannel::kRows;
    const Grid<float> z = terrain(rows, cols, [&](index_t r, index_t c) {
        const index_t along = along_x ? c : r;
        const index_t from_upstream =
            (downstream == kEast || downstream == kSouth) ? along : SlopingChannel::kCols - 1 - along;
        return static_cast<float>(
            SlopingChannel::bed((static_cast<double>(from_upstream) + 0.5) * SlopingChannel::kDx));
    });
    const Edge upstream = static_cast<Edge>((downstream + 2) % 4);
    FloodInputs in;
    in.terrain_m = z.view();
    in.cell_size_m = SlopingChannel::kDx;
    in.classes = &table;
    in.manning_n = manning_n;
    in.edge_inflows.push_back(
        {"river", upstream, 0, SlopingChannel::kRows - 1, TimeSeries{{{0.0, SlopingChannel::kDischarge}}}});
    FloodSettings s = quiet_settings(SlopingChannel::kDuration);
    s.edges[downstream].kind = EdgeKind::free_outflow;
    s.edges[downstream].min_outflow_slope = 1e-5;  // the water-surface slope decides, not this floor
    return run_flood(in, s, {}, {.threads = threads});
}

// Largest |h / h_n - 1| over the channel upstream of the outlet's drawdown (cells 0..159 of the flow direction,
// every row).
double worst_normal_depth_error(const FloodResult& r, double normal_depth) {
    double worst = 0.0;
    for (index_t i = 0; i < r.final_depth_m.size(); ++i) {
        const index_t row = i / r.final_depth_m.cols(), col = i % r.final_depth_m.cols();
        const index_t along = r.final_depth_m.cols() == SlopingChannel::kCols ? col : row;
        if (along >= SlopingChannel::kCols - 40) continue;
        worst = std::max(worst, std::fabs(r.final_depth_m.data()[i] / normal_depth - 1.0));
    }
    return worst;
}

// After 2 h (the channel holds about 20 minutes of inflow) the depth is Manning's normal depth within 0.2 %
// upstream of the outlet (measured 0.04 %), the storage is that of the normal-depth channel within 1 %, and every
// cubic metre is accounted for. Two threads: the inflow faces lie in both blocks of rows.
TEST(FloodEdgeInflow, ConstantDischargeReachesManningNormalDepth) {
    const LandCoverTable table = frictional(SlopingChannel::kManning);
    const FloodResult r = run_channel(kEast, table, {}, 2);
    const double h_n = analytic::normal_depth(SlopingChannel::q(), SlopingChannel::kManning, SlopingChannel::kSlope);
    const double worst = worst_normal_depth_error(r, h_n);
    const VolumeBalance& b = r.balance;
    const double inflow = SlopingChannel::kDischarge * SlopingChannel::kDuration;
    std::printf(
        "[ analytic ] edge inflow: normal depth %.4f m, engine %.4f m at x = 400 m (worst %.3f %%); "
        "inflow %.1f m3 (exact %.1f); out %.1f m3; balance %.1e; %lld steps\n",
        h_n, r.final_depth_m(1, 80), 100 * worst, b.edge_inflow_m3, inflow, b.boundary_out_m3, b.relative_error(),
        static_cast<long long>(r.steps));
    EXPECT_LT(worst, 0.002);
    EXPECT_NEAR(b.edge_inflow_m3, inflow, 1e-6 * inflow);
    EXPECT_EQ(b.boundary_in_m3, 0.0);  // the inflow is booked as edge inflow, not as boundary inflow
    EXPECT_GT(b.boundary_out_m3, 0.5 * inflow);
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
    // The time step is Bates': α Δx / sqrt(g h_max), the flow speed (0.9 m/s) not added, so the shortest step
    // is that of the deepest water the run saw.
    double deepest = 0.0;
    for (float d : r.max_depth_m.values()) deepest = std::max(deepest, static_cast<double>(d));
    const double bates_dt = FloodSettings{}.cfl_alpha * SlopingChannel::kDx / std::sqrt(9.81 * deepest);
    EXPECT_NEAR(r.min_dt_s, bates_dt, 1e-4 * bates_dt);
    // Steady: the storage equals the normal-depth channel's within 1 %.
    const double channel_volume =
        h_n * SlopingChannel::kRows * SlopingChannel::kCols * SlopingChannel::kDx * SlopingChannel::kDx;
    EXPECT_NEAR(b.final_storage_m3, channel_volume, 0.01 * channel_volume);
}

// The same channel turned to flow west, south and north gives the same depths (the inflow's sign and faces on
// every edge), to float rounding.
TEST(FloodEdgeInflow, EveryEdgeFeedsTheSameChannel) {
    const LandCoverTable table = frictional(SlopingChannel::kManning);
    const FloodResult east = run_channel(kEast, table);
    const FloodResult west = run_channel(kWest, table);
    const FloodResult south = run_channel(kSouth, table);
    const FloodResult north = run_channel(kNorth, table);
    const index_t L = SlopingChannel::kCols;
    for (index_t k = 0; k < SlopingChannel::kRows; ++k) {
        for (index_t c = 0; c < L; ++c) {
            const float h = east.final_depth_m(k, c);
            ASSERT_FLOAT_EQ(west.final_depth_m(k, L - 1 - c), h) << k << "," << c;
            ASSERT_FLOAT_EQ(south.final_depth_m(c, k), h) << k << "," << c;
            ASSERT_FLOAT_EQ(north.final_depth_m(L - 1 - c, k), h) << k << "," << c;
        }
    }
    for (const FloodResult* r : {&west, &south, &north})
        EXPECT_NEAR(r->balance.edge_inflow_m3, east.balance.edge_inflow_m3, 1e-9 * east.balance.edge_inflow_m3);
}

// A per-cell n grid overrides the table: with the table's n far off (0.3) and the grid at the channel's 0.1 the
// maps are bit-identical to the run with the table at 0.1; with the grid at 0.2 the channel takes the normal
// depth of n = 0.2.
TEST(FloodEdgeInflow, PerCellManningOverridesTheTable) {
    const LandCoverTable right = frictional(SlopingChannel::kManning);
    const LandCoverTable wrong = frictional(0.3);
    const Grid<float> n_channel(SlopingChannel::kRows, SlopingChannel::kCols,
                                static_cast<float>(SlopingChannel::kManning));
    const Grid<float> n_rough(SlopingChannel::kRows, SlopingChannel::kCols, 0.2f);
    const FloodResult by_table = run_channel(kEast, right);
    const FloodResult by_grid = run_channel(kEast, wrong, n_channel.view());
    const FloodResult rough = run_channel(kEast, right, n_rough.view());
    for (index_t i = 0; i < by_table.final_depth_m.size(); ++i) {
        ASSERT_EQ(by_grid.max_depth_m.data()[i], by_table.max_depth_m.data()[i]) << i;
        ASSERT_EQ(by_grid.final_depth_m.data()[i], by_table.final_depth_m.data()[i]) << i;
        ASSERT_EQ(by_grid.max_velocity_m_per_s.data()[i], by_table.max_velocity_m_per_s.data()[i]) << i;
    }
    EXPECT_EQ(by_grid.steps, by_table.steps);
    const double h_rough = analytic::normal_depth(SlopingChannel::q(), 0.2, SlopingChannel::kSlope);
    EXPECT_LT(worst_normal_depth_error(rough, h_rough), 0.002);
}

// Per-cell n replaces only the roughness: on a basin with every land-cover class's losses (interception,
// infiltration, sewer, a roof), a grid holding each cell's class n gives bit-identical maps and balance.
TEST(FloodEdgeInflow, PerCellManningKeepsTheClassLosses) {
    const Grid<float> z = terrain(30, 40, [](index_t r, index_t c) {
        return static_cast<float>(0.3 * std::sin(0.3 * c) * std::cos(0.2 * r) +
                                  0.002 * ((c - 20) * (c - 20) + (r - 15) * (r - 15)));
    });
    Grid<std::uint8_t> cover(30, 40, kGrass);
    for (index_t r = 0; r < 30; ++r)
        for (index_t c = 0; c < 40; ++c) cover(r, c) = c < 12 ? kPaved : (c < 25 ? kGrass : kTrees);
    for (index_t r = 10; r < 14; ++r)
        for (index_t c = 15; c < 19; ++c) cover(r, c) = kBuilding;
    const LandCoverTable table = LandCoverTable::defaults();
    Grid<float> n(30, 40);
    for (index_t i = 0; i < n.size(); ++i) n.data()[i] = static_cast<float>(table[cover.data()[i]].manning_n);
    const RainSeries rain = constant_rain(100.0, 900.0);
    auto run = [&](GridView<const float> manning_n) {
        FloodInputs in;
        in.terrain_m = z.view();
        in.classes = &table;
        in.land_cover = cover.view();
        in.rain = &rain;
        in.manning_n = manning_n;
        return run_flood(in, quiet_settings(1200.0));
    };
    const FloodResult by_class = run({}), by_grid = run(n.view());
    for (index_t i = 0; i < z.size(); ++i) {
        const float a = by_class.max_depth_m.data()[i], b = by_grid.max_depth_m.data()[i];
        ASSERT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << i;
    }
    EXPECT_GT(by_class.balance.infiltration_m3, 0.0);
    EXPECT_GT(by_class.balance.interception_m3, 0.0);
    EXPECT_GT(by_class.balance.sewer_m3, 0.0);
    EXPECT_EQ(by_grid.balance.infiltration_m3, by_class.balance.infiltration_m3);
    EXPECT_EQ(by_grid.balance.interception_m3, by_class.balance.interception_m3);
    EXPECT_EQ(by_grid.balance.sewer_m3, by_class.balance.sewer_m3);
}

// The volume balance of a long inflow-driven run: a flat floodplain (500 m × 1000 m, 5 m cells, n = 0.05, all
// edges free) fed with 20 m³/s over 20 m in the middle of its west edge for 2 h, no rain. Most cells then sit
// near a steady state, where each step's depth change is below the float resolution of the depth: with the
// depth updated in plain float the balance drifted to -3.9e-6 (engine at a265b38; -1.5e-5 on the full 1 km ×
// 2 km EA test 4 plain over 5 h). The continuity kernel now carries each update's rounding error (Kahan).
TEST(FloodEdgeInflow, LongInflowRunBalancesToBetterThanOnePerMillion) {
    const index_t rows = 200, cols = 100;
    const Grid<float> z(rows, cols, 0.0f);
    const LandCoverTable table = frictional(0.05);
    FloodInputs in;
    in.terrain_m = z.view();
    in.cell_size_m = 5.0;
    in.classes = &table;
    in.edge_inflows.push_back({"breach", kWest, rows / 2 - 2, rows / 2 + 1, TimeSeries{{{0.0, 20.0}}}});
    FloodSettings s = quiet_settings(7200.0);
    for (EdgeCondition& e : s.edges) e.kind = EdgeKind::free_outflow;
    const FloodResult r = run_flood(in, s, {}, {.threads = 2});
    const VolumeBalance& b = r.balance;
    std::printf(
        "[ balance  ] floodplain inflow 2 h: in %.1f m3, out %.1f m3, stored %.1f m3, error %.2e m3 "
        "(relative %.1e)\n",
        b.edge_inflow_m3, b.boundary_out_m3, b.final_storage_m3, b.error_m3(), b.relative_error());
    EXPECT_NEAR(b.edge_inflow_m3, 20.0 * 7200.0, 1e-6 * 20.0 * 7200.0);
    EXPECT_GT(b.boundary_out_m3, 0.25 * b.edge_inflow_m3);  // the edges are reached: outflow is part of the balance
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
}

// ------------------------------------------------------------------------------------------------ bad input

struct SmallCase {
    Grid<float> z = terrain(6, 8, [](index_t, index_t) { return 0.0f; });
    Grid<std::uint8_t> cover = Grid<std::uint8_t>(6, 8, kPaved);
    LandCoverTable table = LandCoverTable::defaults();
    FloodSettings settings = quiet_settings(60.0);

    std::string error_with(const EdgeInflow& e) {
        FloodInputs in;
        in.terrain_m = z.view();
        in.land_cover = cover.view();
        in.classes = &table;
        in.edge_inflows.push_back(e);
        return input_error_of([&] { run_flood(in, settings); });
    }
};

TimeSeries steady(double q) { return TimeSeries{{{0.0, q}}}; }

TEST(FloodEdgeInflow, RejectsSegmentsOutsideTheGridOrReversed) {
    SmallCase c;
    EXPECT_NE(c.error_with({"a", kWest, 2, 6, steady(1.0)}).find("outside the grid"), std::string::npos);   // 6 rows
    EXPECT_NE(c.error_with({"b", kNorth, 0, 8, steady(1.0)}).find("outside the grid"), std::string::npos);  // 8 columns
    EXPECT_NE(c.error_with({"c", kSouth, -1, 2, steady(1.0)}).find("outside the grid"), std::string::npos);
    EXPECT_NE(c.error_with({"d", kEast, 3, 2, steady(1.0)}).find("after last"), std::string::npos);
}

TEST(FloodEdgeInflow, RejectsCellsOutsideTheDomainAndBuildings) {
    SmallCase c;
    c.z(3, 0) = std::numeric_limits<float>::quiet_NaN();
    const std::string outside = c.error_with({"west", kWest, 1, 4, steady(1.0)});
    EXPECT_NE(outside.find("row 3 of the west edge is outside the domain"), std::string::npos) << outside;
    c.cover(5, 6) = kBuilding;
    const std::string building = c.error_with({"south", kSouth, 6, 7, steady(1.0)});
    EXPECT_NE(building.find("column 6 of the south edge is a building"), std::string::npos) << building;
}

TEST(FloodEdgeInflow, RejectsNegativeDischargeOverlapsAndWaterLevelEdges) {
    SmallCase c;
    EXPECT_NE(c.error_with({"q", kWest, 0, 1, TimeSeries{{{0.0, 1.0}, {60.0, -0.5}}}}).find("not negative"),
              std::string::npos);
    EXPECT_NE(c.error_with({"none", kWest, 0, 1, TimeSeries{}}).find("no discharge"), std::string::npos);
    c.settings.edges[kEast].kind = EdgeKind::water_level;
    c.settings.edges[kEast].water_level_m.points = {{0.0, 0.5}};
    EXPECT_NE(c.error_with({"east", kEast, 0, 1, steady(1.0)}).find("water-level boundary"), std::string::npos);

    FloodInputs in;
    in.terrain_m = c.z.view();
    in.classes = &c.table;
    in.edge_inflows.push_back({"one", kNorth, 0, 3, steady(1.0)});
    in.edge_inflows.push_back({"two", kNorth, 3, 5, steady(1.0)});
    EXPECT_NE(input_error_of([&] { run_flood(in, quiet_settings(60.0)); }).find("overlap another edge inflow"),
              std::string::npos);
}

TEST(FloodEdgeInflow, RejectsManningGridsOfTheWrongSizeOrImplausibleValues) {
    SmallCase c;
    FloodInputs in;
    in.terrain_m = c.z.view();
    in.classes = &c.table;
    const Grid<float> small(5, 8, 0.03f);
    in.manning_n = small.view();
    EXPECT_NE(input_error_of([&] { run_flood(in, c.settings); }).find("terrain's size"), std::string::npos);
    Grid<float> n(6, 8, 0.03f);
    n(2, 3) = 0.0f;
    in.manning_n = n.view();
    const std::string zero = input_error_of([&] { run_flood(in, c.settings); });
    EXPECT_NE(zero.find("row 2, column 3"), std::string::npos) << zero;
    n(2, 3) = std::numeric_limits<float>::quiet_NaN();
    EXPECT_NE(input_error_of([&] { run_flood(in, c.settings); }).find("plausible range"), std::string::npos);
    // Outside the domain the grid is not read: NaN n under NaN terrain is fine.
    c.z(2, 3) = std::numeric_limits<float>::quiet_NaN();
    EXPECT_NO_THROW(run_flood(in, c.settings));
}

}  // namespace
}  // namespace wn
