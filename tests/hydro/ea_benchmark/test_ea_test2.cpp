// UK Environment Agency 2D benchmark, Test 2: filling of floodplain depressions (Néelz & Pender 2013, EA report
// SC120002; dataset "Test2 dataset 2010").
//
// Setup:
// - 2000 m × 2000 m, a 4 × 4 matrix of identical ~0.5 m deep depressions with smooth transitions, "obtained by
//   multiplying sinusoids" on a plane falling to the south and east (specification). The dataset gives the DEM
//   as a 2 m raster (test2DEM.asc, 1201 × 1201 nodes from −200 to 2200 m); we build it from the closed form
//   below, which we fitted to five rows of that raster (y = 248, 1000, 1002, 1720, 1722 m; read from the copy in
//   github.com/u11d-com/deceris_inundation, benchmark_assets/Test2 dataset 2010): it reproduces their nodes to
//   0.2 mm (the raster holds 0.1 mm; test Test2TerrainMatchesThePublishedDem).
//   The raster's 200 m apron outside the modelled area is not used.
// - Manning's n = 0.03 everywhere, all boundaries closed, dry start (specification);
// - inflow along the 100 m of the west edge running south from the north-west corner, y 1900–2000 m
//   (Test2BC_polyline), hydrograph Test2_BC.csv: 0 m³/s to 5 min, 20 m³/s from 10 to 86 min, 0 at 91 min
//   (97 200 m³ in all);
// - 20 m cells (specification: 20 m, ~10 000 nodes), 48 h simulated "to allow the inundation to settle";
// - output points 1–16 at the centres of the depressions (Test2output.csv).
//
// The packages' results for this test could not be sourced as numbers (docs/benchmarks.md), so the test asserts
// what holds for any correct model at the end of the 48 h: every cubic metre stored, the ponds level and at
// rest, no pond above its sill unless merged with a neighbour, and the inflow depression full to its sill.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <queue>
#include <utility>
#include <vector>

#include "../flood_test_support.hpp"
#include "ea_benchmark_support.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn {
namespace {

using test::frictional;
using test::quiet_settings;
namespace ea = test::ea;

// Elevation (m) of the Test 2 floodplain at (x, y), x east and y north of the south-west corner:
//   z = z0 − x/2000 + y/1500 − a·sx − a·sy − b·sx·sy,   sx = sin²(πx/500), sy = sin²(πy/500),
// z0 = 8.79173 m, a = 0.125 m, b = 0.375 m. The underlying plane falls 1:1500 to the south (specification) and
// 1:2000 to the east (the raster; the specification's text says 1:3000). The depressions are 0.625 m deep below
// the plane at their centres (250 + 500 i, 250 + 500 j); the ridges between them carry saddles 0.125 m deep.
double test2_elevation_m(double x_m, double y_m) {
    const double sx = std::pow(std::sin(std::numbers::pi * x_m / 500.0), 2);
    const double sy = std::pow(std::sin(std::numbers::pi * y_m / 500.0), 2);
    return 8.79173 - x_m / 2000.0 + y_m / 1500.0 - 0.125 * sx - 0.125 * sy - 0.375 * sx * sy;
}

// Cell means of 2 m samples, as block-averaging the published 2 m raster to the model grid would give.
Grid<float> test2_terrain(const ea::Domain& domain) {
    const int samples = static_cast<int>(std::lround(domain.cell_m / 2.0));
    return test::terrain(domain.rows(), domain.cols(), [&](index_t r, index_t c) {
        double sum = 0.0;
        for (int i = 0; i < samples; ++i)
            for (int j = 0; j < samples; ++j)
                sum += test2_elevation_m(c * domain.cell_m + (i + 0.5) * 2.0,
                                         domain.height_m - r * domain.cell_m - (j + 0.5) * 2.0);
        return static_cast<float>(sum / (samples * samples));
    });
}

// The level at which a pond in the depression around (row, col) spills into lower ground: flood the terrain from
// the depression's lowest cell in order of elevation over the four neighbours (the engine's faces), as the pond
// would rise; the first cell reached that lies below the level reached so far is beyond the sill.
double spill_level_m(const Grid<float>& z, index_t row, index_t col) {
    const auto lower_neighbour = [&](index_t r, index_t c) {
        std::pair<index_t, index_t> best{r, c};
        for (const auto& [dr, dc] : {std::pair{-1, 0}, {1, 0}, {0, -1}, {0, 1}}) {
            const index_t rr = r + dr, cc = c + dc;
            if (rr >= 0 && rr < z.rows() && cc >= 0 && cc < z.cols() && z(rr, cc) < z(best.first, best.second))
                best = {rr, cc};
        }
        return best;
    };
    for (auto next = lower_neighbour(row, col); next != std::pair{row, col}; next = lower_neighbour(row, col))
        std::tie(row, col) = next;
    using Entry = std::pair<float, index_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> front;
    std::vector<bool> reached(static_cast<std::size_t>(z.size()), false);
    const auto reach = [&](index_t r, index_t c) {
        const index_t i = r * z.cols() + c;
        if (r < 0 || r >= z.rows() || c < 0 || c >= z.cols() || reached[static_cast<std::size_t>(i)]) return;
        reached[static_cast<std::size_t>(i)] = true;
        front.emplace(z(r, c), i);
    };
    float level = z(row, col);
    reach(row, col);
    while (!front.empty()) {
        const auto [elevation, i] = front.top();
        front.pop();
        if (elevation < level) return level;
        level = elevation;
        const index_t r = i / z.cols(), c = i % z.cols();
        reach(r - 1, c), reach(r + 1, c), reach(r, c - 1), reach(r, c + 1);
    }
    return level;  // the whole closed domain is one basin
}

// "Settled" after 48 h: within 2 cm of rest. A pond still draining over a saddle one cell (B = 20 m) wide keeps
// about 1 cm of head after 40 h: a broad-crested weir, Q = 1.7 B H^1.5, emptying a pond of A ≈ 2·10⁵ m² gives
// H(t) ≈ (0.85 B t / A)^-2 = 0.7 cm at t = 40 h, and less over a wider saddle; friction in the thin film over the
// saddle only slows it further. So 2 cm separates "at rest" from "not finished".
constexpr double kSettledM = 0.02;

// Test2_BC.csv (minutes, m³/s).
TimeSeries inflow_hydrograph() {
    return TimeSeries{{{0.0, 0.0}, {300.0, 0.0}, {600.0, 20.0}, {5160.0, 20.0}, {5460.0, 0.0}}};
}

TEST(EaBenchmark, Test2TerrainMatchesThePublishedDem) {
    // Nodes of test2DEM.asc (x, y, z in m; the raster's node at column i, row j is x = −200 + 2i, y = 2200 − 2j).
    struct Node {
        double x, y, z;
    };
    const Node published[] = {{0, 1000, 9.4584}, {100, 1000, 9.3652}, {250, 1000, 9.2084}, {262, 1000, 9.2031},
                              {0, 1002, 9.4597}, {100, 1002, 9.3665}, {250, 1002, 9.2097}, {400, 1002, 9.2165},
                              {0, 1722, 9.8185}, {100, 1722, 9.5997}, {262, 1722, 9.2018}, {400, 1722, 9.4497},
                              {0, 248, 8.8323},  {100, 248, 8.6095},  {262, 248, 8.2042},  {400, 248, 8.4595}};
    for (const Node& n : published) EXPECT_NEAR(test2_elevation_m(n.x, n.y), n.z, 3e-4) << n.x << ", " << n.y;
}

TEST(EaBenchmark, Test2DepressionsFillAndSettle) {
    const ea::Domain domain{2000.0, 2000.0, 20.0};
    const Grid<float> z = test2_terrain(domain);
    const LandCoverTable surface = frictional(0.03);
    FloodInputs in;
    in.terrain_m = z.view();
    in.cell_size_m = domain.cell_m;
    in.classes = &surface;
    const auto [first, last] = domain.rows_between(1900.0, 2000.0);
    in.edge_inflows.push_back(EdgeInflow{"inflow", kWest, first, last, inflow_hydrograph()});
    // Test2output.csv: point k (1..16) at column (k−1)/4 and row (k−1)%4 of depressions, from the south-west.
    for (int k = 1; k <= 16; ++k)
        in.gauges.push_back(
            domain.gauge(std::to_string(k), 250.0 + 500.0 * ((k - 1) / 4), 250.0 + 500.0 * ((k - 1) % 4)));
    FloodSettings settings = quiet_settings(48.0 * 3600.0);
    settings.gauge_interval_s = 300.0;
    // One thread (the default context): 10 000 cells, a second thread costs more in waiting than it saves.
    const FloodResult r = run_flood(in, settings);
    ea::dump_series("test2_waternet", r.gauges);

    std::printf("EA Test 2 at 20 m: %lld steps, %.2f s wall, %d threads, balance error %.2e\n",
                static_cast<long long>(r.steps), r.wall_time_s, r.threads, r.balance.relative_error());
    // Volume: the 97 200 m³ of Test2_BC.csv entered and all of it is still in the closed domain.
    const double hydrograph_m3 = inflow_hydrograph().integral(0.0, settings.duration_s);
    EXPECT_NEAR(hydrograph_m3, 97200.0, 1e-6);
    EXPECT_NEAR(r.balance.edge_inflow_m3, hydrograph_m3, 1e-4 * hydrograph_m3);
    EXPECT_NEAR(r.balance.final_storage_m3, hydrograph_m3, 1e-4 * hydrograph_m3);
    // The state is float: rounding leaves 1e-7–1e-5 of the volume unaccounted (docs/flood-engine.md); a leak through
    // a closed edge or a lost inflow would show as 1e-3 or more.
    EXPECT_LT(std::abs(r.balance.relative_error()), 1e-4);

    // Per depression (its 500 m × 500 m block): final level, how level the pond is, how much it still moved in the
    // last 6 hours at the output point, and the level at which it would spill.
    struct Pond {
        bool wet = false;
        double level_m = 0.0, spill_m = 0.0;
    };
    std::vector<Pond> ponds(16);
    std::printf("point | final depth m | level m | spill level m | level spread m | change last 6 h m\n");
    double stored_in_ponds_m3 = 0.0;
    for (int k = 1; k <= 16; ++k) {
        const Gauge& g = in.gauges[static_cast<std::size_t>(k - 1)];
        const GaugeSeries& s = r.gauges[static_cast<std::size_t>(k - 1)];
        const index_t r0 = (g.row / 25) * 25, c0 = (g.col / 25) * 25;
        float lowest = 1e9f, highest = -1e9f;
        for (index_t row = r0; row < r0 + 25; ++row)
            for (index_t col = c0; col < c0 + 25; ++col) {
                const float h = r.final_depth_m(row, col);
                if (h < 0.01f) continue;  // film and dry cells have no level
                lowest = std::min(lowest, z(row, col) + h);
                highest = std::max(highest, z(row, col) + h);
                stored_in_ponds_m3 += static_cast<double>(h) * domain.cell_m * domain.cell_m;
            }
        Pond& pond = ponds[static_cast<std::size_t>(k - 1)];
        const double depth = s.depth_m.back();
        pond.wet = depth > 0.05;
        pond.level_m = z(g.row, g.col) + depth;
        pond.spill_m = spill_level_m(z, g.row, g.col);
        const std::size_t six_hours_back =
            s.depth_m.size() - 1 - static_cast<std::size_t>(6.0 * 3600.0 / settings.gauge_interval_s);
        const double change = std::fabs(depth - s.depth_m[six_hours_back]);
        std::printf("%2d | %.3f | %.3f | %.3f | %.4f | %.4f\n", k, depth, pond.level_m, pond.spill_m,
                    pond.wet ? highest - lowest : 0.0, change);
        if (!pond.wet) continue;
        EXPECT_LT(highest - lowest, 0.01) << "pond " << k << " is not level after 48 h";
        EXPECT_LT(change, kSettledM) << "pond " << k << " still moving after 48 h";
    }
    // At rest, a pond stands no higher than its sill, unless it has merged with a neighbouring pond over the sill
    // between them (then both stand at one level).
    for (int k = 0; k < 16; ++k) {
        const Pond& p = ponds[static_cast<std::size_t>(k)];
        if (!p.wet || p.level_m <= p.spill_m + kSettledM) continue;
        bool merged = false;
        for (const int n : {k - 1, k + 1, k - 4, k + 4}) {
            if (n < 0 || n >= 16 || (std::abs(n - k) == 1 && n / 4 != k / 4)) continue;
            const Pond& q = ponds[static_cast<std::size_t>(n)];
            merged = merged || (q.wet && std::fabs(q.level_m - p.level_m) < 0.01);
        }
        EXPECT_TRUE(merged) << "pond " << k + 1 << " stands " << p.level_m - p.spill_m << " m above its sill";
    }
    // The water came to rest in the depressions, not on the slopes between them.
    EXPECT_GT(stored_in_ponds_m3, 0.95 * hydrograph_m3);
    // The inflow depression (point 4, north-west) received far more than it holds, so it ends full: at its sill.
    EXPECT_NEAR(ponds[3].level_m, ponds[3].spill_m, kSettledM);
}

}  // namespace
}  // namespace wn
