// Benchmark of the subgrid table builder (hydro/subgrid_tables.hpp) on the shipped Zundert AHN (0.5 m,
// 1986 × 2124 pixels, no-data pixels left as they are: the builder skips them).
//
// BM_SubgridTablesZundert/ratio/threads builds the cell and face tables at 10 levels for coarse cells of
// ratio × 0.5 m. Counters: fine_px/s (terrain pixels per second of wall time, the figure of merit for the
// region-size case: 6 G pixels in 10 min needs 10 M/s), fine_px/cpu_s (per second of CPU, all threads: the
// figure to read on a shared machine, where cpu/wall falls below the thread count), coarse cells and bytes per
// coarse cell.
//
// Run (from the build directory):
//   OMP_WAIT_POLICY=PASSIVE ./bench/bench_subgrid_tables --benchmark_min_time=0.01
#include <benchmark/benchmark.h>

#include <chrono>
#include <exception>
#include <string>

#include "bench_support.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/hydro/subgrid_tables.hpp"

namespace {

using namespace wn;

void BM_SubgridTablesZundert(benchmark::State& state) {
    const Grid<float>* z = bench::zundert_terrain_or_skip(state);
    if (!z) return;
    subgrid::TableSettings settings;
    settings.ratio = static_cast<int>(state.range(0));
    settings.threads = static_cast<int>(state.range(1));
    settings.levels = 10;
    settings.pixel_size_m = z->spec().transform.cell_size_m;
    double bytes = 0.0, cells = 0.0;
    const double cpu0 = bench::process_cpu_s();
    const auto wall0 = std::chrono::steady_clock::now();
    for (auto _ : state) {
        const subgrid::SubgridTables t = subgrid::build_subgrid_tables({z->view(), {}}, settings);
        bytes = t.bytes_per_cell();
        cells = static_cast<double>(t.rows() * t.cols());
        benchmark::DoNotOptimize(bytes);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = bench::process_cpu_s() - cpu0;
    const double pixels = static_cast<double>(z->size()) * static_cast<double>(state.iterations());
    state.counters["fine_px/s"] = benchmark::Counter(wall > 0.0 ? pixels / wall : 0.0);
    state.counters["fine_px/cpu_s"] = benchmark::Counter(cpu > 0.0 ? pixels / cpu : 0.0);
    state.counters["coarse_cells"] = benchmark::Counter(cells);
    state.counters["B/cell"] = benchmark::Counter(bytes);
    state.counters["cpu/wall"] = benchmark::Counter(wall > 0.0 ? cpu / wall : 0.0);
}

BENCHMARK(BM_SubgridTablesZundert)
    ->Args({8, 1})
    ->Args({8, 2})
    ->Args({16, 1})
    ->Args({16, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
