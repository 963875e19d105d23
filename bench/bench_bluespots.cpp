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
// Run (from the build directory):  ./bench/bench_bluespots
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>

#include "waternet/bluespots/flow_directions.hpp"
#include "waternet/bluespots/priority_flood.hpp"
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

}  // namespace

BENCHMARK_MAIN();
