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
#include <sys/resource.h>

#include <chrono>
#include <exception>
#include <memory>
#include <string>

#include "waternet/core/grid.hpp"
#include "waternet/hydro/subgrid_tables.hpp"
#include "waternet/io/raster_io.hpp"

namespace {

using namespace wn;

const std::string kDtm = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_ahn_dtm_050cm.tif";

const Grid<float>& terrain() {
    static const auto grid = std::make_unique<Grid<float>>(read_raster(kDtm));
    return *grid;
}

double process_cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

void BM_SubgridTablesZundert(benchmark::State& state) {
    const Grid<float>* z = nullptr;
    try {
        z = &terrain();
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    subgrid::TableSettings settings;
    settings.ratio = static_cast<int>(state.range(0));
    settings.threads = static_cast<int>(state.range(1));
    settings.levels = 10;
    settings.pixel_size_m = z->spec().transform.cell_size_m;
    double bytes = 0.0, cells = 0.0;
    const double cpu0 = process_cpu_s();
    const auto wall0 = std::chrono::steady_clock::now();
    for (auto _ : state) {
        const subgrid::SubgridTables t = subgrid::build_subgrid_tables({z->view(), {}}, settings);
        bytes = t.bytes_per_cell();
        cells = static_cast<double>(t.rows() * t.cols());
        benchmark::DoNotOptimize(bytes);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = process_cpu_s() - cpu0;
    const double pixels = static_cast<double>(z->size()) * static_cast<double>(state.iterations());
    state.counters["fine_px/s"] = benchmark::Counter(wall > 0.0 ? pixels / wall : 0.0);
    state.counters["fine_px/cpu_s"] = benchmark::Counter(cpu > 0.0 ? pixels / cpu : 0.0);
    state.counters["coarse_cells"] = benchmark::Counter(cells);
    state.counters["B/cell"] = benchmark::Counter(bytes);
    state.counters["cpu/wall"] = benchmark::Counter(wall > 0.0 ? cpu / wall : 0.0);
}

BENCHMARK(BM_SubgridTablesZundert)->Args({8, 1})->Args({8, 2})->Args({16, 1})->Args({16, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
