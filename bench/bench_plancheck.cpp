// The water test for a plot-sized plan (issue 16: "plancheck for a plot-sized plan with its 500 m window at 0.5 m
// under T100 and T1000, before and after, in ≤ 60 s on 2 cores").
//
// The shipped sample (data/plancheck/zundert_plan.geojson, a house on a 40 × 40 m plot) on the shipped Zundert
// terrain (AHN, 0.5 m), with the sample rules plus a neighbour rule at T100 and T1000, so that both storms run
// before and after: four runs on the window. The argument is the window's margin in metres (the terrain, about
// 1 × 1 km, clips a 500 m margin). Counters: cells of the window, runs, seconds per run. Set OMP_NUM_THREADS=2 for
// the 2 cores.
//
// Run (from the build directory):  OMP_NUM_THREADS=2 ./bench/bench_plancheck --benchmark_filter=/500
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/plancheck.hpp"

namespace {

namespace fs = std::filesystem;

fs::path rules_with_both_storms() {
    const fs::path path = fs::temp_directory_path() / "waternet-bench-plancheck-rules.toml";
    std::ifstream in(fs::path(WATERNET_DATA_DIR) / "plancheck" / "water_rules.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "storms = [\"T100\"]";
    text.replace(text.find(from), from.size(), "storms = [\"T100\", \"T1000\"]");
    std::ofstream(path) << text;
    return path;
}

void BM_PlanCheck(benchmark::State& state) {
    wn::PlanCheckOptions o;
    o.plan = fs::path(WATERNET_DATA_DIR) / "plancheck" / "zundert_plan.geojson";
    o.rules = rules_with_both_storms();
    o.terrain = fs::path(WATERNET_DATA_DIR) / "zundert" / "zundert_ahn_dtm_050cm.tif";
    o.municipality = "GM0879";
    o.window_m = static_cast<double>(state.range(0));
    wn::PlanCheckResult result;
    for (auto _ : state) {
        result = wn::check_plan(o, {.threads = wn::resolve_thread_option(0)});  // every core, or OMP_NUM_THREADS
        benchmark::DoNotOptimize(result.verdicts.data());
    }
    state.counters["cells"] = static_cast<double>(result.window.cell_count());
    state.counters["runs"] = 2.0 * static_cast<double>(result.runs.size());
    state.SetLabel(result.any_fail() ? "a rule fails" : "every rule passes");
}

BENCHMARK(BM_PlanCheck)->Arg(50)->Arg(500)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
