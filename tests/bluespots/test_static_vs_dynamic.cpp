// The static blue-spot screening against the dynamic flood engine: after a long rain has settled, the 2D
// engine's water must lie where the static fill–spill puts it, at the same levels.
//
// The terrain: 40 × 40 cells of 1 m, four 20 × 20 quadrants, each a paraboloid bowl (its own bottom, steepness
// and centre) inside a ridge one cell wide at 5 m. Every bowl has one notch in the grid edge, at its own level:
// its spill point. The ridge and notch cells get no rain (a rain field), so every wet cell drains without doubt
// into one bowl: the static D8 catchments and the engine's 2D flow divide the rain the same way, and the test
// measures the storage and the levels, not where a ridge line splits its water.
//
// Two cases:
//   small rain, closed edges: no bowl reaches its notch; each bowl's stored volume and level must match the
//       static partial fill (stage–volume curve of the same cells);
//   big rain, free-outflow edges: every bowl fills and overflows through its notch; afterwards the engine's
//       depths where it ponds must match the filled depths (filled − ground).
//
// Tolerances and why (measured margins in brackets, 2 threads):
//   small rain, per bowl: volume within 1 % [0.0001 %], level within 2 mm [0.5 mm, the engine lower]. The
//       engine keeps a film on the slopes (a face shallower than dry_depth_m = 0.1 mm carries no flow, so up to
//       ~0.1 mm stays on each slope cell, ~300 per bowl: ~0.03 m³ of ~10 m³, 0.3 %) which is missing from the
//       pond; the quadrant's volume counts it, the level at the bottom does not.
//   big rain, per bowl: volume within 1.5 % [0.7 %], level within 1 cm [2.6–4.8 mm above the notch]: after the
//       rain the bowls drain over their notches as over a weir, and the head over a weir falls only as ~1/t²,
//       so four hours after the rain a few mm remain; per ponded cell (static fill depth > 5 cm) the engine's
//       depth is within 1 cm of the filled depth [4.8 mm].
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../hydro/flood_test_support.hpp"
#include "waternet/bluespots/depression_hierarchy.hpp"
#include "waternet/bluespots/flow_directions.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/spots.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn::bluespots {
namespace {

constexpr index_t kSide = 40;
constexpr float kRidge = 5.0f;

struct Bowl {
    float bottom, steepness;
    index_t centre_r, centre_c;  // within the quadrant
    index_t notch_r, notch_c;    // within the quadrant, on the grid edge
    float notch;
    Edge notch_edge;
};

// Quadrants: 0 north-west, 1 north-east, 2 south-west, 3 south-east.
constexpr std::array<Bowl, 4> kBowls{{
    {1.0f, 0.020f, 9, 9, 0, 10, 3.0f, kNorth},
    {2.0f, 0.030f, 9, 12, 10, 19, 3.6f, kEast},
    {1.5f, 0.025f, 10, 8, 11, 0, 3.3f, kWest},
    {2.5f, 0.015f, 10, 10, 19, 9, 3.7f, kSouth},
}};

int quadrant_of(index_t r, index_t c) { return (r >= 20 ? 2 : 0) + (c >= 20 ? 1 : 0); }

Grid<float> bowls_dem() {
    Grid<float> z(kSide, kSide);
    for (index_t r = 0; r < kSide; ++r)
        for (index_t c = 0; c < kSide; ++c) {
            const Bowl& b = kBowls[static_cast<std::size_t>(quadrant_of(r, c))];
            const index_t lr = r % 20, lc = c % 20;
            if (lr == 0 || lr == 19 || lc == 0 || lc == 19) {
                z(r, c) = (lr == b.notch_r && lc == b.notch_c) ? b.notch : kRidge;
                continue;
            }
            const auto dr = static_cast<float>(lr - b.centre_r), dc = static_cast<float>(lc - b.centre_c);
            z(r, c) = std::min(b.bottom + b.steepness * (dr * dr + dc * dc), 4.8f);
        }
    return z;
}

bool is_ridge(index_t r, index_t c) {
    const index_t lr = r % 20, lc = c % 20;
    return lr == 0 || lr == 19 || lc == 0 || lc == 19;
}

// Rain `total_m` on every bowl cell (none on ridges and notches), as a runoff raster for the static model.
Grid<float> rain_raster(double total_m) {
    Grid<float> g(kSide, kSide, 0.0f);
    for (index_t r = 0; r < kSide; ++r)
        for (index_t c = 0; c < kSide; ++c)
            if (!is_ridge(r, c)) g(r, c) = static_cast<float>(total_m);
    return g;
}

// The engine with `total_m` of rain in `rain_s` on the bowl cells, then `after_s` to settle.
FloodResult run_engine(const Grid<float>& dem, double total_m, double rain_s, double after_s, bool free_edges) {
    const LandCoverTable table = test::frictional(0.03);
    FloodInputs in;
    in.terrain_m = dem.view();
    in.cell_size_m = 1.0;
    in.classes = &table;
    in.rain_field = [total_m, rain_s](double t0, double t1, GridView<float> depth) {
        const double overlap = std::max(0.0, std::min(t1, rain_s) - std::max(t0, 0.0));
        const auto d = static_cast<float>(total_m * overlap / rain_s);
        for (index_t r = 0; r < depth.rows(); ++r)
            for (index_t c = 0; c < depth.cols(); ++c) depth(r, c) = is_ridge(r, c) ? 0.0f : d;
    };
    FloodSettings s = test::quiet_settings(rain_s + after_s);
    if (free_edges)
        for (auto& e : s.edges) e.kind = EdgeKind::free_outflow;
    return run_flood(in, s, {}, {.threads = 2});
}

struct Static {
    BlueSpotMap map;
    FillSpillResult fill;
    Grid<float> filled;
};

Static run_static(const Grid<float>& dem, double total_m, bool merge) {
    Static s;
    s.filled = filled_dem(dem.view());
    s.map = find_blue_spots(dem.view(), s.filled.view(), SpotOptions{0.02f, 1.0});
    const Grid<float> runoff = rain_raster(total_m);
    s.fill = merge ? fill_spill_merge(dem.view(), s.map, runoff.view()) : fill_spill(dem.view(), s.map, runoff.view());
    return s;
}

// Stored volume and level per quadrant from a depth grid (level at the bowl's lowest cell).
struct BowlWater {
    double volume = 0.0, level = 0.0;
};
std::array<BowlWater, 4> bowl_water(const Grid<float>& dem, const Grid<float>& depth) {
    std::array<BowlWater, 4> w{};
    for (index_t r = 0; r < kSide; ++r)
        for (index_t c = 0; c < kSide; ++c) w[static_cast<std::size_t>(quadrant_of(r, c))].volume += depth(r, c);
    for (std::size_t q = 0; q < 4; ++q) {
        const Bowl& b = kBowls[q];
        const index_t r = (q >= 2 ? 20 : 0) + b.centre_r, c = (q % 2 == 1 ? 20 : 0) + b.centre_c;
        w[q].level = static_cast<double>(dem(r, c)) + static_cast<double>(depth(r, c));
    }
    return w;
}

class BlueSpotVsEngine : public ::testing::TestWithParam<bool> {};  // param: fill_spill_merge (else fill_spill)

TEST_P(BlueSpotVsEngine, SmallRainInAClosedBasinSettlesAtThePartialFillLevels) {
    const Grid<float> dem = bowls_dem();
    constexpr double kRain = 0.030;  // 30 mm in 10 minutes: no bowl reaches its notch
    const Static st = run_static(dem, kRain, GetParam());
    ASSERT_EQ(st.map.spots.size(), 4u);
    EXPECT_EQ(st.fill.full_spots, 0);
    EXPECT_NEAR(st.fill.volume_error_m3(), 0.0, 1e-9);
    const FloodResult dyn = run_engine(dem, kRain, 600.0, 3.0 * 3600.0, false);
    EXPECT_LT(std::fabs(dyn.balance.relative_error()), 1e-6);
    EXPECT_EQ(dyn.balance.boundary_out_m3, 0.0);

    const auto engine = bowl_water(dem, dyn.final_depth_m);
    const auto screening = bowl_water(dem, st.fill.depth_m);
    for (std::size_t q = 0; q < 4; ++q) {
        const std::int32_t id =
            st.map.spot_id((q >= 2 ? 20 : 0) + kBowls[q].centre_r, (q % 2 == 1 ? 20 : 0) + kBowls[q].centre_c);
        ASSERT_GT(id, 0);
        const SpotFill& f = st.fill.spots[static_cast<std::size_t>(id - 1)];
        EXPECT_NEAR(f.stored_m3, 18.0 * 18.0 * kRain, 1e-6) << "bowl " << q;  // all its rain, nothing spilled
        EXPECT_NEAR(screening[q].volume, f.stored_m3, 1e-4) << "bowl " << q;
        EXPECT_NEAR(engine[q].volume, f.stored_m3, 0.01 * f.stored_m3) << "bowl " << q;
        EXPECT_NEAR(engine[q].level, f.level_m, 0.002) << "bowl " << q;
        EXPECT_NEAR(screening[q].level, f.level_m, 1e-5) << "bowl " << q;
        EXPECT_LT(f.level_m, kBowls[q].notch) << "bowl " << q;
    }
}

TEST_P(BlueSpotVsEngine, BigRainFillsEveryBowlToItsNotch) {
    const Grid<float> dem = bowls_dem();
    constexpr double kRain = 2.0;  // 2 m in an hour: far more than any bowl holds
    const Static st = run_static(dem, kRain, GetParam());
    ASSERT_EQ(st.map.spots.size(), 4u);
    EXPECT_EQ(st.fill.full_spots, 4);
    EXPECT_NEAR(st.fill.volume_error_m3(), 0.0, 1e-6);
    const FloodResult dyn = run_engine(dem, kRain, 3600.0, 4.0 * 3600.0, true);
    EXPECT_LT(std::fabs(dyn.balance.relative_error()), 1e-6);
    EXPECT_GT(dyn.balance.boundary_out_m3, 0.0);

    const auto engine = bowl_water(dem, dyn.final_depth_m);
    for (std::size_t q = 0; q < 4; ++q) {
        const std::int32_t id =
            st.map.spot_id((q >= 2 ? 20 : 0) + kBowls[q].centre_r, (q % 2 == 1 ? 20 : 0) + kBowls[q].centre_c);
        ASSERT_GT(id, 0);
        const BlueSpot& s = st.map.spots[static_cast<std::size_t>(id - 1)];
        const SpotFill& f = st.fill.spots[static_cast<std::size_t>(id - 1)];
        EXPECT_DOUBLE_EQ(s.spill_level_m, static_cast<double>(kBowls[q].notch)) << "bowl " << q;
        EXPECT_DOUBLE_EQ(f.level_m, s.spill_level_m) << "bowl " << q;
        EXPECT_NEAR(engine[q].volume, s.volume_m3, 0.015 * s.volume_m3) << "bowl " << q;
        EXPECT_NEAR(engine[q].level, s.spill_level_m, 0.01) << "bowl " << q;
    }
    // Cell by cell where the static fill ponds: the partial-fill depth is the filled depth, and the engine agrees.
    index_t ponded = 0;
    double worst = 0.0;
    for (index_t r = 0; r < kSide; ++r)
        for (index_t c = 0; c < kSide; ++c) {
            const float fill = st.filled(r, c) - dem(r, c);
            // Fill–spill puts water on spot cells only; Fill–Spill–Merge on every cell of a full depression.
            if (fill > 0.02f || GetParam()) {
                EXPECT_FLOAT_EQ(st.fill.depth_m(r, c), fill) << r << ", " << c;
            } else {
                EXPECT_EQ(st.fill.depth_m(r, c), 0.0f) << r << ", " << c;
            }
            if (fill <= 0.05f) continue;
            ++ponded;
            worst = std::max(worst, std::fabs(static_cast<double>(dyn.final_depth_m(r, c)) - fill));
        }
    EXPECT_GT(ponded, 400);
    EXPECT_LT(worst, 0.01);
}

INSTANTIATE_TEST_SUITE_P(Static, BlueSpotVsEngine, ::testing::Values(false, true),
                         [](const auto& info) { return std::string(info.param ? "FillSpillMerge" : "FillSpill"); });

}  // namespace
}  // namespace wn::bluespots
