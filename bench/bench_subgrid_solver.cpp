// Benchmark of the subgrid solver (hydro/subgrid_solver.hpp) on the shipped Zundert AHN (0.5 m, 1986 × 2124
// pixels): tables built once per case (outside the timing), then T100-like rain (100 mm/h) for a fixed simulated
// time with free edges, so that the water is spread and the faces read their tables at many levels.
//
// BM_SubgridSolverZundert/ratio/threads: coarse cells of ratio × 0.5 m. Counters: cell_updates/s (coarse cells ×
// steps per second of wall time), cell_updates/cpu_s (per CPU second, all threads: the figure to read on a shared
// machine), steps, coarse cells, and fine_px_equiv/s (fine pixels covered per second: cell-updates × ratio²,
// the rate a regular run at the fine resolution would need to keep up per step; it takes ratio times more steps).
//
// Run (from the build directory):
//   OMP_WAIT_POLICY=PASSIVE ./bench/bench_subgrid_solver --benchmark_min_time=0.01
#include <benchmark/benchmark.h>

#include <chrono>
#include <exception>
#include <string>

#include "bench_support.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/hydro/subgrid_solver.hpp"
#include "waternet/hydro/subgrid_tables.hpp"

namespace {

using namespace wn;

void BM_SubgridSolverZundert(benchmark::State& state) {
    const Grid<float>* z = bench::zundert_terrain_or_skip(state);
    if (!z) return;
    const int ratio = static_cast<int>(state.range(0));
    subgrid::TableSettings table_settings;
    table_settings.ratio = ratio;
    table_settings.levels = 10;
    table_settings.threads = 2;
    table_settings.pixel_size_m = z->spec().transform.cell_size_m;
    const subgrid::SubgridTables tables = subgrid::build_subgrid_tables({z->view(), {}}, table_settings);
    const RainSeries rain("100 mm/h", {{0.0, 3600.0, 100e-3 / 3600.0}});
    subgrid::SolverInputs inputs;
    inputs.tables = &tables;
    inputs.rain = &rain;
    subgrid::SolverSettings settings;
    settings.duration_s = 900.0;
    for (EdgeCondition& e : settings.edges) e.kind = EdgeKind::free_outflow;
    double updates = 0.0, steps = 0.0;
    const double cpu0 = bench::process_cpu_s();
    const auto wall0 = std::chrono::steady_clock::now();
    for (auto _ : state) {
        const subgrid::SolverResult r =
            subgrid::run_subgrid_solver(inputs, settings, {.threads = static_cast<int>(state.range(1))});
        updates += r.cell_updates;
        steps = static_cast<double>(r.steps);
        benchmark::DoNotOptimize(r.balance.final_storage_m3);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = bench::process_cpu_s() - cpu0;
    state.counters["cell_updates/s"] = benchmark::Counter(wall > 0.0 ? updates / wall : 0.0);
    state.counters["cell_updates/cpu_s"] = benchmark::Counter(cpu > 0.0 ? updates / cpu : 0.0);
    state.counters["fine_px_equiv/s"] = benchmark::Counter(wall > 0.0 ? updates * ratio * ratio / wall : 0.0);
    state.counters["steps"] = benchmark::Counter(steps);
    state.counters["coarse_cells"] = benchmark::Counter(static_cast<double>(tables.rows() * tables.cols()));
    state.counters["cpu/wall"] = benchmark::Counter(wall > 0.0 ? cpu / wall : 0.0);
}

BENCHMARK(BM_SubgridSolverZundert)
    ->Args({8, 1})
    ->Args({8, 2})
    ->Args({16, 1})
    ->Args({16, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
