// Benchmarks of the blue-spot kernels (bluespots/priority_flood.hpp, bluespots/flow_directions.hpp) on a
// 16-million-cell DEM made from real data, single-threaded.
//
// The DEM: AHN 5 m terrain south of Haaksbergen (data/twente/haaksbergen_ahn_dtm_5m.tif, 2000 × 540 cells),
// mirrored back and forth until it covers 4000 × 4000 cells. Mirroring (not plain tiling) keeps the terrain
// continuous across the seams, so the seams add no artificial cliffs or pits. Two variants:
//   footprint  the survey footprint as shipped: about 42 % of the strip is NaN outside the data, an outlet for
//              the fill; holes inside the data get an elevation (HolePolicy::fill), as a real run would do;
//   full       every NaN given an elevation (onion-peeling fill), so all 16 M cells are valid: the harder case
//              and the one the floor (fill >= 20 M cells/s on 2 cores) is about.
// Preparing the DEMs (reading, hole filling, mirroring) is done once and not timed. Each fill iteration works on
// a fresh copy; only the fill itself is timed (manual time).
// Counters: Mcells/s over all 16 M cells; valid share; share of cells raised; share through the heap.
//
// Fill–Spill–Merge (bluespots/depression_hierarchy.hpp) for the T100 storm (70 mm in 1 h, impermeable: 70 mm of
// runoff on every cell) on the full 16 M-cell DEM:
//   FillSpillMerge     DEM → depression hierarchy → routed storm → depth grid (what the floor of
//                      <= 5 s and <= 300 MB is about);
//   ScreeningPipeline  the whole blue-spot screening of the job: Priority-Flood fill, D8, spots, and
//                      Fill–Spill–Merge reported per spot.
// Memory: the peak resident set (VmHWM) is reset before each iteration (/proc/self/clear_refs, 5) and read
// after; "peak_MB" is that peak minus the resident set before the iteration (the prepared DEMs the benchmark
// keeps), plus the 64 MB of the input DEM itself: the memory a run of the kernel on this grid needs.
//
// Run (from the build directory):  ./bench/bench_bluespots
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>

#include "waternet/bluespots/depression_hierarchy.hpp"
#include "waternet/bluespots/flow_directions.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/spots.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/core/nodata_fill.hpp"
#include "waternet/io/raster_io.hpp"

namespace {

using namespace wn;

const std::string kDtm = std::string(WATERNET_DATA_DIR) + "/twente/haaksbergen_ahn_dtm_5m.tif";
constexpr index_t kSide = 4000;

// Index into a source of n cells after mirroring: 0 1 .. n−1 n−1 .. 1 0 0 1 ..
index_t mirrored(index_t i, index_t n) {
    const index_t m = i % (2 * n);
    return m < n ? m : 2 * n - 1 - m;
}

Grid<float> mirror_tile(const Grid<float>& source, index_t rows, index_t cols) {
    Grid<float> out(rows, cols);
    for (index_t r = 0; r < rows; ++r) {
        const float* src = source.data() + mirrored(r, source.rows()) * source.cols();
        for (index_t c = 0; c < cols; ++c) out(r, c) = src[mirrored(c, source.cols())];
    }
    return out;
}

struct Dems {
    Grid<float> footprint;
    Grid<float> full;
    Grid<float> full_filled;
};

const Dems& dems() {
    static const Dems d = [] {
        Dems out;
        Grid<float> strip = read_raster(kDtm);
        Grid<std::uint8_t> classes = classify_nodata(strip.view());
        fill_holes(strip.view(), classes.view(), HolePolicy::fill);
        out.footprint = mirror_tile(strip, kSide, kSide);
        // Treat the outside as holes too: every cell gets an elevation.
        for (auto& v : classes.values())
            if (v == nodata_class::outside) v = nodata_class::hole;
        fill_holes(strip.view(), classes.view(), HolePolicy::fill);
        out.full = mirror_tile(strip, kSide, kSide);
        out.full_filled = bluespots::filled_dem(out.full.view());
        return out;
    }();
    return d;
}

void set_rate(benchmark::State& state, double cells, double seconds) {
    state.counters["Mcells/s"] = cells * static_cast<double>(state.iterations()) / seconds / 1e6;
}

void BM_Fill(benchmark::State& state, bool full) {
    const Grid<float>& dem = full ? dems().full : dems().footprint;
    Grid<float> work = dem;
    bluespots::FillStats stats;
    double total_s = 0.0;
    for (auto _ : state) {
        work.values() = dem.values();  // a fresh, unfilled copy (not timed)
        const auto t0 = std::chrono::steady_clock::now();
        stats = bluespots::fill_depressions(work.view());
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        state.SetIterationTime(dt.count());
        total_s += dt.count();
        benchmark::DoNotOptimize(work.data());
    }
    const auto n = static_cast<double>(dem.size());
    set_rate(state, n, total_s);
    state.counters["valid"] = static_cast<double>(stats.valid_cells) / n;
    state.counters["raised"] = static_cast<double>(stats.raised_cells) / n;
    state.counters["via_heap"] = static_cast<double>(stats.heap_pushes) / n;
}
BENCHMARK_CAPTURE(BM_Fill, footprint, false)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_CAPTURE(BM_Fill, full, true)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_FlowDirections(benchmark::State& state) {
    const Grid<float>& filled = dems().full_filled;
    double total_s = 0.0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        Grid<std::uint8_t> dir = bluespots::flow_directions(filled.view());
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        state.SetIterationTime(dt.count());
        total_s += dt.count();
        benchmark::DoNotOptimize(dir.data());
    }
    set_rate(state, static_cast<double>(filled.size()), total_s);
}
BENCHMARK(BM_FlowDirections)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_FlowAccumulation(benchmark::State& state) {
    const Grid<float>& filled = dems().full_filled;
    const Grid<std::uint8_t> dir = bluespots::flow_directions(filled.view());
    double total_s = 0.0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        Grid<std::uint32_t> acc = bluespots::flow_accumulation(dir.view(), filled.view());
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        state.SetIterationTime(dt.count());
        total_s += dt.count();
        benchmark::DoNotOptimize(acc.data());
    }
    set_rate(state, static_cast<double>(filled.size()), total_s);
}
BENCHMARK(BM_FlowAccumulation)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Resident set and its peak (kB) from /proc/self/status; the peak can be reset.
long status_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string key;
    long value = 0;
    while (in >> key) {
        if (key == field) {
            in >> value;
            return value;
        }
        std::getline(in, key);
    }
    return -1;
}
void reset_peak() { std::ofstream("/proc/self/clear_refs") << "5"; }

constexpr double kT100RunoffM = 0.070;  // T100: 70 mm in 1 h, no losses

void BM_FillSpillMerge(benchmark::State& state) {
    const Grid<float>& dem = dems().full;
    double total_s = 0.0, peak_mb = 0.0, hierarchy_s = 0.0;
    std::size_t depressions = 0;
    std::int32_t leaves = 0;
    double stored = 0.0, error = 0.0;
    for (auto _ : state) {
        const long before = status_kb("VmRSS:");
        reset_peak();
        const auto t0 = std::chrono::steady_clock::now();
        {
            const bluespots::DepressionHierarchy h = bluespots::depression_hierarchy(dem.view(), 5.0);
            const auto t1 = std::chrono::steady_clock::now();
            const bluespots::FsmResult r = bluespots::fill_spill_merge(dem.view(), h, kT100RunoffM);
            hierarchy_s += std::chrono::duration<double>(t1 - t0).count();
            depressions = h.depressions.size() - 1;
            leaves = h.leaf_count;
            stored = r.stored_m3 / r.total_runoff_m3;
            error = r.volume_error_m3() / r.total_runoff_m3;
            benchmark::DoNotOptimize(r.depth_m.data());
        }
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        const long peak = status_kb("VmHWM:");
        peak_mb = std::max(
            peak_mb, static_cast<double>(peak - before) / 1024.0 + static_cast<double>(dem.size()) * 4.0 / 1048576.0);
        state.SetIterationTime(dt.count());
        total_s += dt.count();
    }
    set_rate(state, static_cast<double>(dem.size()), total_s);
    state.counters["hierarchy_s"] = hierarchy_s / static_cast<double>(state.iterations());
    state.counters["peak_MB"] = peak_mb;
    state.counters["B/cell"] = peak_mb * 1048576.0 / static_cast<double>(dem.size());
    state.counters["leaves"] = leaves;
    state.counters["depressions"] = static_cast<double>(depressions);
    state.counters["stored_share"] = stored;
    state.counters["rel_error"] = error;
}
BENCHMARK(BM_FillSpillMerge)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ScreeningPipeline(benchmark::State& state) {
    const Grid<float>& dem = dems().full;
    double total_s = 0.0, peak_mb = 0.0;
    std::size_t spots = 0;
    for (auto _ : state) {
        const long before = status_kb("VmRSS:");
        reset_peak();
        const auto t0 = std::chrono::steady_clock::now();
        {
            bluespots::BlueSpotMap map;
            {
                const Grid<float> filled = bluespots::filled_dem(dem.view());
                const Grid<std::uint8_t> dirs = bluespots::flow_directions(filled.view());
                map = bluespots::find_blue_spots(dem.view(), filled.view(), dirs.view(), {0.02f, 5.0});
            }
            const bluespots::FillSpillResult r = bluespots::fill_spill_merge(dem.view(), map, kT100RunoffM);
            spots = map.spots.size();
            benchmark::DoNotOptimize(r.depth_m.data());
        }
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        const long peak = status_kb("VmHWM:");
        peak_mb = std::max(
            peak_mb, static_cast<double>(peak - before) / 1024.0 + static_cast<double>(dem.size()) * 4.0 / 1048576.0);
        state.SetIterationTime(dt.count());
        total_s += dt.count();
    }
    set_rate(state, static_cast<double>(dem.size()), total_s);
    state.counters["peak_MB"] = peak_mb;
    state.counters["B/cell"] = peak_mb * 1048576.0 / static_cast<double>(dem.size());
    state.counters["spots"] = static_cast<double>(spots);
}
BENCHMARK(BM_ScreeningPipeline)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
