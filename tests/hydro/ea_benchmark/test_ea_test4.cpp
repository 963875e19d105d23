// UK Environment Agency 2D benchmark, Test 4: speed of flood propagation over an extended floodplain
// (Néelz & Pender 2013, EA report SC120002, §4.5; dataset "Test4 dataset 2010").
//
// Setup, every number from the benchmark's own files:
// - a horizontal floodplain at 0 m, 1000 m (west–east) × 2000 m (south–north): Test4 specification (the dataset
//   ships no DEM: "the floodplain surface is horizontal, at elevation 0 m"), and the LISFLOOD-FP input ea4.bci
//   of Shaw et al. (2021), whose N and S edges span x 0–1000 m and the E edge y 0–2000 m;
// - Manning's n = 0.05 everywhere (specification; ea4.par fpfric 0.05);
// - inflow through a 20 m stretch in the middle of the west edge, y 990–1010 m (ea4.bci "W 990 1010 QVAR"),
//   hydrograph 0 m³/s until 300 s, rising linearly to 20 m³/s at 3600 s, held to 14 400 s, back to 0 at
//   18 000 s (ea4.bdy, whose per-metre values × 20 m give the specification's 20 m³/s peak; 285 000 m³ in all);
// - every other boundary closed, dry start (specification; LISFLOOD-FP used free edges there, which the flood
//   never reaches in 5 h);
// - 5 m cells (specification: 5 m, ~80 000 nodes), 5 h simulated (ea4.par sim_time 18 000 s);
// - output points 1–6 at (50,1000), (100,1000), (200,1000), (300,1000), (400,1000), (300,1300) (Test4output.csv).
//
// Reference: the depth series of LISFLOOD-FP 8.0 at these points (Shaw et al. 2021, Geosci. Model Dev. 14,
// 3577–3602, data on Zenodo 10.5281/zenodo.4066824): its ACC solver (local inertial, the scheme this engine
// uses) at 1 m and its DG2 solver (second-order discontinuous Galerkin, full shallow-water equations) at 5 m.
// LISFLOOD-FP is one of the packages of the EA benchmark. Summary in reference_test4.csv.
//
// Margin: the peak depth and the arrival times must lie within the references' range widened by 10 % on both
// sides. 10 % is the agreement Neal et al. (2012, Hydrological Processes 26, 2264–2282, abstract) found between
// the diffusive, inertial and shallow-water models and "a range of industry models" on these EA tests for flows
// that vary gradually in time, as this one does.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "../flood_test_support.hpp"
#include "ea_benchmark_support.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn {
namespace {

using test::frictional;
using test::quiet_settings;
namespace ea = test::ea;

constexpr double kRelativeMargin = 0.10;  // Neal et al. (2012), see the header

struct OutputPoint {
    const char* id;
    double x_m, y_m;
};
// Test4output.csv of the EA dataset.
constexpr OutputPoint kPoints[] = {{"1", 50, 1000},  {"2", 100, 1000}, {"3", 200, 1000},
                                   {"4", 300, 1000}, {"5", 400, 1000}, {"6", 300, 1300}};

// ea4.bdy × 20 m (see the header).
TimeSeries breach_hydrograph() {
    return TimeSeries{{{0.0, 0.0}, {300.0, 0.0}, {3600.0, 20.0}, {14400.0, 20.0}, {18000.0, 0.0}}};
}

struct Test4Run {
    FloodResult result;
    std::vector<std::string> names;
};

Test4Run run_test4(double cell_m) {
    const ea::Domain domain{1000.0, 2000.0, cell_m};
    const Grid<float> floodplain(domain.rows(), domain.cols(), 0.0f);
    const LandCoverTable surface = frictional(0.05);
    FloodInputs in;
    in.terrain_m = floodplain.view();
    in.cell_size_m = cell_m;
    in.classes = &surface;
    const auto [first, last] = domain.rows_between(990.0, 1010.0);
    in.edge_inflows.push_back(EdgeInflow{"breach", kWest, first, last, breach_hydrograph()});
    Test4Run run;
    for (const OutputPoint& p : kPoints) {
        in.gauges.push_back(domain.gauge(p.id, p.x_m, p.y_m));
        run.names.emplace_back(p.id);
    }
    FloodSettings settings = quiet_settings(18000.0);  // all edges closed by default
    settings.gauge_interval_s = 20.0;                  // the references are tabulated every 60–100 s
    run.result = run_flood(in, settings, {}, {.threads = resolve_thread_option(0)});  // every core
    return run;
}

TEST(EaBenchmark, Test4FloodPropagationLiesWithinThePublishedPackages) {
    const Test4Run run = run_test4(5.0);
    const FloodResult& r = run.result;
    ea::dump_series("test4_waternet", r.gauges);
    const ea::Table reference = ea::read_table("reference_test4.csv");

    std::printf("EA Test 4 at 5 m: %lld steps, %.2f s wall, %d threads, balance error %.2e\n",
                static_cast<long long>(r.steps), r.wall_time_s, r.threads, r.balance.relative_error());
    std::printf(
        "point | peak m (ref range) | t peak s (ref range) | arrival 0.05 m s (ref) | arrival 0.10 m s (ref)\n");
    ASSERT_EQ(r.gauges.size(), std::size(kPoints));
    for (std::size_t i = 0; i < r.gauges.size(); ++i) {
        const std::string& id = run.names[i];
        const ea::SeriesSummary ours = ea::summarise(r.gauges[i]);
        const auto arrival_5 = ea::arrival_time(r.gauges[i], 0.05);
        const auto arrival_10 = ea::arrival_time(r.gauges[i], 0.10);
        const ea::Spread peak = ea::spread_of(reference, id, "peak_depth_m");
        const ea::Spread time_of_peak = ea::spread_of(reference, id, "time_of_peak_s");
        const ea::Spread ref_5 = ea::spread_of(reference, id, "arrival_0p05m_s");
        const ea::Spread ref_10 = ea::spread_of(reference, id, "arrival_0p10m_s");
        std::printf("%s | %.3f (%.3f–%.3f) | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f)\n", id.c_str(),
                    ours.peak_depth_m, peak.low, peak.high, ours.time_of_peak_s, time_of_peak.low, time_of_peak.high,
                    arrival_5.value_or(-1), ref_5.low, ref_5.high, arrival_10.value_or(-1), ref_10.low, ref_10.high);
        ASSERT_EQ(peak.packages, 2) << "point " << id;
        EXPECT_TRUE(peak.holds(ours.peak_depth_m, kRelativeMargin)) << "point " << id << " peak " << ours.peak_depth_m;
        ASSERT_TRUE(arrival_5 && arrival_10) << "point " << id << " never reached 5/10 cm";
        EXPECT_TRUE(ref_5.holds(*arrival_5, kRelativeMargin)) << "point " << id << " arrival 5 cm " << *arrival_5;
        EXPECT_TRUE(ref_10.holds(*arrival_10, kRelativeMargin)) << "point " << id << " arrival 10 cm " << *arrival_10;
    }

    // Every cubic metre of the 285 000 m³ hydrograph (ea4.bdy) entered and is still on the closed floodplain.
    const double hydrograph_m3 = breach_hydrograph().integral(0.0, 18000.0);
    EXPECT_NEAR(hydrograph_m3, 285000.0, 1e-6);
    EXPECT_NEAR(r.balance.edge_inflow_m3, hydrograph_m3, 1e-4 * hydrograph_m3);
    EXPECT_NEAR(r.balance.final_storage_m3, r.balance.edge_inflow_m3, 1e-4 * hydrograph_m3);
    EXPECT_EQ(r.balance.boundary_out_m3, 0.0);
    // The goal for every run: a volume error below 1e-6 of what came in (compensated depth updates,
    // docs/flood-engine.md); a leak through a closed edge or a lost inflow would show as 1e-3 or more.
    EXPECT_LT(std::abs(r.balance.relative_error()), 1e-6);
}

}  // namespace
}  // namespace wn
