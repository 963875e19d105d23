// Benchmarks of the heat kernels (heat/sky_view.hpp, heat/shade.hpp) on a 16-million-cell surface model made
// from real data: the Delft AHN3 0.5 m DSM (data/delft/delft_ahn3_dsm_050cm.tif, 527 × 456 cells) mirrored back
// and forth to 4000 × 4000 cells (mirroring keeps the surface continuous across the seams). No-data cells of the
// DSM stay NaN. Preparing the grid is not timed.
//   SkyViewFactor16/threads  SVF with 16 directions (issue floor: <= 5 s on 2 cores)
//   Shade/threads            shade for one sun position (altitude 35°, azimuth 200°)
// Counter Mcells/s: grid cells per second of wall time.
//
// Run (from the build directory):  ./bench/bench_heat
#include <benchmark/benchmark.h>

#include <string>

#include "waternet/core/grid.hpp"
#include "waternet/heat/shade.hpp"
#include "waternet/heat/sky_view.hpp"
#include "waternet/io/raster_io.hpp"

namespace {

using namespace wn;

const std::string kDsm = std::string(WATERNET_DATA_DIR) + "/delft/delft_ahn3_dsm_050cm.tif";
constexpr index_t kSide = 4000;

index_t mirrored(index_t i, index_t n) {
    const index_t m = i % (2 * n);
    return m < n ? m : 2 * n - 1 - m;
}

const Grid<float>& surface() {
    static const Grid<float> g = [] {
        const Grid<float> src = read_raster(kDsm);
        Grid<float> out(kSide, kSide);
        for (index_t r = 0; r < kSide; ++r) {
            const float* row = src.data() + mirrored(r, src.rows()) * src.cols();
            for (index_t c = 0; c < kSide; ++c) out(r, c) = row[mirrored(c, src.cols())];
        }
        return out;
    }();
    return g;
}

void SkyViewFactor16(benchmark::State& state) {
    const Grid<float>& z = surface();
    Grid<float> svf(z.rows(), z.cols());
    const heat::SkyViewOptions options{16, static_cast<int>(state.range(0))};
    for (auto _ : state) {
        heat::sky_view_factor(z.view(), 0.5, svf.view(), options);
        benchmark::DoNotOptimize(svf.data());
    }
    state.counters["Mcells/s"] = benchmark::Counter(static_cast<double>(z.size()) * 1e-6 * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(SkyViewFactor16)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void Shade(benchmark::State& state) {
    const Grid<float>& z = surface();
    Grid<std::uint8_t> out(z.rows(), z.cols());
    for (auto _ : state) {
        heat::shade(z.view(), 0.5, 35.0, 200.0, out.view(), static_cast<int>(state.range(0)));
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["Mcells/s"] = benchmark::Counter(static_cast<double>(z.size()) * 1e-6 * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(Shade)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
