// Benchmarks of the heat kernels (heat/sky_view.hpp, heat/shade.hpp) on a 16-million-cell surface model made
// from real data: the Delft AHN3 0.5 m DSM (data/delft/delft_ahn3_dsm_050cm.tif, 527 × 456 cells) mirrored back
// and forth to 4000 × 4000 cells (mirroring keeps the surface continuous across the seams). No-data cells of the
// DSM stay NaN. Preparing the grid is not timed.
//   SkyViewFactor16/threads  SVF with 16 directions (issue floor: <= 5 s on 2 cores)
//   Shade/threads            shade for one sun position (altitude 35°, azimuth 200°)
//   PetHour/threads          the per-cell PET of one hour (heat/pet_map.hpp pet_hour: wet bulb, UHI, sun or shade
//                            regression) on the same 16 M cells, inputs prepared untimed
//   HeatJobDelft/threads     the whole PET map of the shipped Delft block (pipeline/heat_job.hpp: read DSM/DTM/BGT,
//                            surface objects, SVF, 6 hours of shade + wind + PET, indicators; no files written)
// Counter Mcells/s: grid cells per second of wall time.
//
// Run (from the build directory):  ./bench/bench_heat
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <utility>

#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/heat/pet_map.hpp"
#include "waternet/heat/shade.hpp"
#include "waternet/heat/sky_view.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/heat_job.hpp"

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
    state.counters["Mcells/s"] = benchmark::Counter(
        static_cast<double>(z.size()) * 1e-6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(SkyViewFactor16)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void Shade(benchmark::State& state) {
    const Grid<float>& z = surface();
    Grid<std::uint8_t> out(z.rows(), z.cols());
    for (auto _ : state) {
        heat::shade(z.view(), 0.5, 35.0, 200.0, out.view(), static_cast<int>(state.range(0)));
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["Mcells/s"] = benchmark::Counter(
        static_cast<double>(z.size()) * 1e-6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(Shade)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void PetHour(benchmark::State& state) {
    const Grid<float>& z = surface();
    const index_t n = z.rows();
    Grid<float> svf(n, n), uhi(n, n, 1.5f), wind(n, n), pet(n, n);
    Grid<std::uint8_t> veg(n, n), crown(n, n), excluded(n, n), shade(n, n);
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u01(0.0f, 1.0f);
    for (index_t i = 0; i < svf.size(); ++i) {
        svf.data()[i] = 0.2f + 0.8f * u01(rng);
        wind.data()[i] = 0.5f + 2.0f * u01(rng);
        veg.data()[i] = u01(rng) < 0.3f;
        crown.data()[i] = u01(rng) < 0.1f;
        excluded.data()[i] = u01(rng) < 0.3f;
        shade.data()[i] = u01(rng) < 0.5f ? heat::kShaded : heat::kSunlit;
    }
    const heat::PetCellInputs in{std::as_const(svf).view(), std::as_const(veg).view(), std::as_const(crown).view(),
                                 std::as_const(excluded).view(), std::as_const(uhi).view()};
    const heat::PetHourWeather w{35.0, 25.0, 800.0, 160.0, 55.0};
    const OpenMPThreadsScope threads({.threads = static_cast<int>(state.range(0))});  // pet_hour takes no count
    for (auto _ : state) {
        heat::pet_hour(w, in, std::as_const(shade).view(), std::as_const(wind).view(), 0.2, pet.view());
        benchmark::DoNotOptimize(pet.data());
    }
    state.counters["Mcells/s"] = benchmark::Counter(
        static_cast<double>(pet.size()) * 1e-6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(PetHour)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void HeatJobDelft(benchmark::State& state) {
    const std::string d = std::string(WATERNET_DATA_DIR) + "/delft/";
    HeatJob job;
    job.dsm = d + "delft_ahn3_dsm_050cm.tif";
    job.dtm = d + "delft_ahn3_dtm_050cm.tif";
    job.land_cover = d + "delft_bgt_landcover.geojson";
    job.buildings = d + "delft_bgt_panden.geojson";
    job.knmi = std::string(WATERNET_DATA_DIR) + "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv";
    job.day.kind = HeatDayChoice::Kind::hottest_day;  // the shipped record lacks the reference day 2015-07-01
    const ExecutionContext context{.threads = static_cast<int>(state.range(0))};
    index_t cells = 0;
    for (auto _ : state) {
        const HeatJobReport r = run_heat_job(job, context);
        cells = r.grid.cell_count();
        benchmark::DoNotOptimize(r.pet_mean_c);
    }
    state.counters["Mcells/s"] = benchmark::Counter(
        static_cast<double>(cells) * 1e-6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(HeatJobDelft)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
