// Benchmarks of the 2D flood engine (hydro/flood_engine.hpp) and of its kernels (hydro/local_inertial.hpp).
//
// 1. BM_FloodZundert: the full engine on real data. Zundert AHN terrain (0.5 m, and average-resampled to 2 m),
//    holes filled, building footprints rasterized as kBuilding (roof routing to the sewer), the western half of
//    the grid kPaved (sewer inlets) and the rest kGrass (interception + Horton infiltration), so every loss
//    process is active. T100 design storm (70 mm/h), free outflow on all four edges, default FloodSettings
//    otherwise (θ = 0.9, α = 0.7, the default exchange interval, all trackers). Each variant runs a fixed simulated
//    duration, from a dry start (the shallow first minutes of the storm, large time steps) and from a wet start
//    (a uniform initial depth, the regime that dominates a real event: small steps, most faces wet).
//    Time is the engine's own wall time (UseManualTime with FloodResult::wall_time_s), so reading the GeoTIFF,
//    resampling, rasterizing and filling holes (done once, statically) are not measured.
//    Counters: cell_upd/s (the figure of merit), cell_upd/cpu_s and cpu/wall (to read runs on a shared machine:
//    cpu/wall well below `threads` means the threads were starved or waiting at barriers), steps, mean time
//    step, bytes per cell (state / loss / tracker) and the volume balance's relative error.
//
// 2. BM_Kernel*: the row kernels alone, on one row of faces/cells that stays in L1/L2 (and, for the /1048576
//    variants, a run that does not), with items/s: the per-kernel ceiling the engine could reach if it were
//    compute-bound and had no overheads. Momentum, outflow scale, effective flux and continuity run every step;
//    track_maxima and track_duration every exchange.
//    BM_KernelStepChain runs the kernel sequence of one engine step (x and y momentum, outflow scale, effective
//    fluxes, continuity) over one row: an upper bound for cell-updates/s per core.
//
// Run (from the build directory):
//   OMP_WAIT_POLICY=PASSIVE ./bench/bench_flood --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//   ./bench/bench_flood --benchmark_filter=Kernel
// The simulated durations (s) can be overridden for longer or shorter runs:
//   WN_BENCH_2M_DRY_S=300 WN_BENCH_2M_WET_S=120 WN_BENCH_05M_DRY_S=30 WN_BENCH_05M_WET_S=8 ./bench/bench_flood
// The kernels run in their AVX2 variant where the processor has it; WN_BENCH_KERNELS=baseline forces the x86-64
// baseline variant (same results, local_inertial.hpp), to measure what the vector width buys.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/core/nodata_fill.hpp"
#include "waternet/hydro/flood_engine.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/hydro/local_inertial.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"

namespace {

using namespace wn;

const std::string kDataDir = WATERNET_DATA_DIR;
const std::string kDtm = kDataDir + "/zundert/zundert_ahn_dtm_050cm.tif";
const std::string kBuildings = kDataDir + "/zundert/zundert_bgt_panden.geojson";
const std::string kStorms = kDataDir + "/rain/design_storms_rioned_bui01-10_deltaprogramma.csv";

// ------------------------------------------------------------------------------------------ the scenario

struct Scenario {
    double cell_size_m = 0.0;
    Grid<float> terrain;            // holes filled, NaN outside
    Grid<std::uint8_t> land_cover;  // kBuilding / kPaved (west half) / kGrass
    LandCoverTable classes = LandCoverTable::defaults();
    RainSeries rain;
};

std::unique_ptr<Scenario> build_scenario(double cell_size_m) {
    auto s = std::make_unique<Scenario>();
    s->cell_size_m = cell_size_m;
    const RasterInfo info = raster_info(kDtm);
    if (std::fabs(cell_size_m - info.spec.transform.cell_size_m) < 1e-9) {
        s->terrain = read_raster(kDtm);
    } else {
        s->terrain = read_raster_onto(kDtm, coarsened_spec(info.spec, cell_size_m), Resampling::average);
    }
    const Grid<std::uint8_t> nodata = classify_nodata(s->terrain.view());
    fill_holes(s->terrain.view(), nodata.view(), HolePolicy::fill);

    const Grid<std::uint8_t> buildings = rasterize_mask(kBuildings, s->terrain.spec());
    s->land_cover = Grid<std::uint8_t>(s->terrain.spec(), kGrass);
    const index_t rows = s->terrain.rows(), cols = s->terrain.cols();
    for (index_t r = 0; r < rows; ++r) {
        for (index_t c = 0; c < cols; ++c) {
            const std::uint8_t ground = c < cols / 2 ? kPaved : kGrass;  // deterministic: the western half is paved
            s->land_cover(r, c) = buildings(r, c) != 0 ? std::uint8_t{kBuilding} : ground;
        }
    }
    s->rain = standard_storm("T100", kStorms);
    return s;
}

// Loaded once per cell size, on first use (so that --benchmark_filter=Kernel reads no data at all).
const Scenario& zundert(double cell_size_m) {
    static std::map<double, std::unique_ptr<Scenario>> cache;
    auto it = cache.find(cell_size_m);
    if (it == cache.end()) it = cache.emplace(cell_size_m, build_scenario(cell_size_m)).first;
    return *it->second;
}

// A uniform initial depth on every domain cell (the engine ignores it on roofs and outside cells).
const Grid<float>& wet_start(const Scenario& s, float depth_m) {
    static std::map<std::pair<double, float>, std::unique_ptr<Grid<float>>> cache;
    const auto key = std::make_pair(s.cell_size_m, depth_m);
    auto it = cache.find(key);
    if (it == cache.end()) {
        auto grid = std::make_unique<Grid<float>>(s.terrain.spec(), depth_m);
        it = cache.emplace(key, std::move(grid)).first;
    }
    return *it->second;
}

// CPU time of the whole process (all threads), to tell a starved run (other load on the machine) from a slow one.
double process_cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double env_or(const char* name, double fallback) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return fallback;
    char* end = nullptr;
    const double d = std::strtod(v, &end);
    return (end != v && d > 0.0) ? d : fallback;
}

// ------------------------------------------------------------------------------------------ full engine

// Arguments: cell size (m), simulated duration (s), initial depth (m, 0 = dry); range(0) = threads.
void BM_FloodZundert(benchmark::State& state, double cell_size_m, double duration_s, double initial_depth_m) {
    const Scenario* scenario = nullptr;
    try {
        scenario = &zundert(cell_size_m);
    } catch (const std::exception& e) {
        state.SkipWithError((std::string("could not load the Zundert data: ") + e.what()).c_str());
        for (auto _ : state) {}
        return;
    }
    const Scenario& s = *scenario;

    FloodInputs in;
    in.terrain_m = s.terrain.view();
    in.cell_size_m = s.cell_size_m;
    in.land_cover = s.land_cover.view();
    in.classes = &s.classes;
    in.rain = &s.rain;
    if (initial_depth_m > 0.0) in.initial_depth_m = wet_start(s, static_cast<float>(initial_depth_m)).view();

    FloodSettings set;  // full physics: losses, sewer, roofs, all trackers as by default
    set.duration_s = duration_s;
    for (EdgeCondition& e : set.edges) e.kind = EdgeKind::free_outflow;

    double updates = 0.0, wall = 0.0, steps = 0.0, rel_err = 0.0, cpu = 0.0;
    FloodResult last;
    for (auto _ : state) {
        const double cpu0 = process_cpu_s();
        FloodResult r = run_flood(in, set, {}, {.threads = static_cast<int>(state.range(0))});
        cpu += process_cpu_s() - cpu0;
        state.SetIterationTime(r.wall_time_s);
        updates += r.cell_updates;
        wall += r.wall_time_s;
        steps += static_cast<double>(r.steps);
        rel_err = std::max(rel_err, std::fabs(r.balance.relative_error()));
        last = std::move(r);
    }
    const double iterations = static_cast<double>(state.iterations());
    state.counters["cell_upd/s"] = benchmark::Counter(wall > 0.0 ? updates / wall : 0.0);
    // Per CPU-second of all threads: what the cores deliver when they run, robust to other load on the machine.
    // (The CPU time includes run_flood's setup, which wall_time_s does not: short runs read a little high.)
    state.counters["cell_upd/cpu_s"] = benchmark::Counter(cpu > 0.0 ? updates / cpu : 0.0);
    // Threads' CPU time over wall time: about `threads` when the cores were ours, less when starved or waiting.
    state.counters["cpu/wall"] = benchmark::Counter(wall > 0.0 ? cpu / wall : 0.0);
    state.counters["steps"] = benchmark::Counter(steps / iterations);
    state.counters["dt_mean_s"] = benchmark::Counter(steps > 0.0 ? duration_s * iterations / steps : 0.0);
    state.counters["cells"] = benchmark::Counter(static_cast<double>(s.terrain.size()));
    state.counters["state_B"] = benchmark::Counter(static_cast<double>(last.state_bytes_per_cell));
    state.counters["loss_B"] = benchmark::Counter(static_cast<double>(last.loss_bytes_per_cell));
    state.counters["track_B"] = benchmark::Counter(static_cast<double>(last.tracker_bytes_per_cell));
    state.counters["bal_rel_err"] = benchmark::Counter(rel_err);
    state.counters["threads"] = benchmark::Counter(static_cast<double>(last.threads));
    state.SetLabel("T100, " + std::to_string(s.terrain.rows()) + "x" + std::to_string(s.terrain.cols()) + ", " +
                   std::to_string(last.building_count) + " buildings, " + std::to_string(static_cast<int>(duration_s)) +
                   " s simulated");
}

void register_flood_benchmarks() {
    const double wet = 0.03;  // 3 cm everywhere: the wet phase of the storm, CFL-limited steps from the start
    struct Variant {
        const char* name;
        double cell, duration, depth;
    };
    // Simulated durations: a few seconds of wall time per iteration, and several exchange intervals (the
    // speed-aware time step and the losses only act from the first exchange on).
    const Variant variants[] = {
        {"BM_FloodZundert/2m_dry", 2.0, env_or("WN_BENCH_2M_DRY_S", 300.0), 0.0},
        {"BM_FloodZundert/2m_wet3cm", 2.0, env_or("WN_BENCH_2M_WET_S", 120.0), wet},
        {"BM_FloodZundert/05m_dry", 0.5, env_or("WN_BENCH_05M_DRY_S", 30.0), 0.0},
        {"BM_FloodZundert/05m_wet3cm", 0.5, env_or("WN_BENCH_05M_WET_S", 8.0), wet},
    };
    for (const Variant& v : variants) {
        benchmark::RegisterBenchmark(v.name, BM_FloodZundert, v.cell, v.duration, v.depth)
            ->ArgName("threads")
            ->Arg(1)
            ->Arg(2)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond)
            ->MinTime(0.5);
    }
}

// ------------------------------------------------------------------------------------------ kernels alone

// Plausible values of a wet urban street: terrain 8-9 m, depth 0-20 cm with a quarter of the
// cells dry (the kernels are branch-free, so the mix changes nothing but realism), discharges ±0.05 m²/s.
struct KernelData {
    std::vector<float> z, h, n, q;  // count + 2 entries each, so that shifted views stay in bounds
    explicit KernelData(index_t count) {
        std::mt19937 rng(42);
        std::uniform_real_distribution<float> terrain(8.0f, 9.0f), depth(0.0f, 0.2f), flux(-0.05f, 0.05f),
            unit(0.0f, 1.0f);
        const auto size = static_cast<std::size_t>(count + 2);
        z.resize(size);
        h.resize(size);
        n.resize(size);
        q.resize(size);
        for (std::size_t i = 0; i < size; ++i) {
            z[i] = terrain(rng);
            h[i] = unit(rng) < 0.25f ? 0.0f : depth(rng);
            n[i] = unit(rng) < 0.5f ? 0.015f : 0.04f;
            q[i] = flux(rng);
        }
    }
};

constexpr inertial::StepParams kParams{0.2f, 2.0f, 0.5f, 0.9f, 1e-4f};

void BM_KernelMomentum(benchmark::State& state) {
    const index_t count = state.range(0);
    const KernelData d(count);
    std::vector<float> q_new(static_cast<std::size_t>(count + 2));
    const inertial::FaceRun run{d.z.data(),     d.h.data(),     d.n.data(), d.z.data() + 1,
                                d.h.data() + 1, d.n.data() + 1, d.q.data(), d.q.data() + 1,
                                d.q.data() + 2, q_new.data(),   count};
    for (auto _ : state) {
        inertial::momentum(run, kParams);
        benchmark::DoNotOptimize(q_new.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * count);
    state.SetBytesProcessed(state.iterations() * count * static_cast<std::int64_t>(sizeof(float)) * 10);
}

void BM_KernelOutflowScale(benchmark::State& state) {
    const index_t count = state.range(0);
    const KernelData d(count);
    std::vector<float> s(static_cast<std::size_t>(count));
    std::vector<float> qy(d.q.rbegin(), d.q.rend());  // another set of fluxes for the y faces
    const float dt_over_dx = kParams.dt_s / kParams.dx_m;
    for (auto _ : state) {
        inertial::outflow_scale(d.h.data(), d.q.data(), d.q.data() + 1, qy.data(), qy.data() + 1, s.data(), count,
                                dt_over_dx);
        benchmark::DoNotOptimize(s.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * count);
    state.SetBytesProcessed(state.iterations() * count * static_cast<std::int64_t>(sizeof(float)) * 6);
}

void BM_KernelEffectiveFlux(benchmark::State& state) {
    const index_t count = state.range(0);
    const KernelData d(count);
    std::vector<float> s_a(d.h), s_b(d.h), out(static_cast<std::size_t>(count));
    for (float& v : s_a) v = std::min(1.0f, 5.0f * v);
    for (float& v : s_b) v = std::min(1.0f, 4.0f * v);
    for (auto _ : state) {
        inertial::effective_flux(d.q.data(), s_a.data(), s_b.data() + 1, out.data(), count);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * count);
    state.SetBytesProcessed(state.iterations() * count * static_cast<std::int64_t>(sizeof(float)) * 4);
}

void BM_KernelContinuity(benchmark::State& state) {
    const index_t count = state.range(0);
    const KernelData d(count);
    std::vector<float> h(d.h), h_max(d.h), carry(d.h.size(), 0.0f);
    std::vector<float> qx(d.q), qn(d.q), qs(d.q);
    for (float& v : qx) v *= 1e-3f;  // tiny fluxes, so that h stays put over millions of calls
    for (float& v : qn) v *= 1e-3f;
    for (std::size_t i = 0; i < qs.size(); ++i) qs[i] = qn[(i + 1) % qn.size()];
    float sink = 0.0f;
    for (auto _ : state) {
        sink += inertial::continuity(h.data(), carry.data(), qx.data(), qx.data() + 1, qn.data(), qs.data(),
                                     h_max.data(), count, 1e-3f);
        benchmark::DoNotOptimize(h.data());
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(sink);
    state.SetItemsProcessed(state.iterations() * count);
    state.SetBytesProcessed(state.iterations() * count * static_cast<std::int64_t>(sizeof(float)) * 10);
}

// The sampled trackers of one row (every exchange): maxima of depth, speed and hazard, arrival time.
void BM_KernelTrackMaxima(benchmark::State& state) {
    const index_t count = state.range(0);
    const KernelData d(count);
    std::vector<float> v_max(d.h.size()), hazard_max(d.h.size()), h_max(d.h.size());
    std::vector<float> arrival(d.h.size(), std::numeric_limits<float>::max());
    const inertial::TrackedRow row{d.h.data(),   d.q.data(),        d.q.data() + 1, d.q.data() + 2, d.q.data() + 1,
                                   v_max.data(), hazard_max.data(), h_max.data(),   arrival.data(), count};
    float now = 0.0f;
    for (auto _ : state) {
        now += 1.0f;
        benchmark::DoNotOptimize(inertial::track_maxima(row, 0.01f, 0.1f, now));
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * count);
    state.SetBytesProcessed(state.iterations() * count * static_cast<std::int64_t>(sizeof(float)) * 13);
}

void BM_KernelTrackDuration(benchmark::State& state) {
    const index_t count = state.range(0);
    const KernelData d(count);
    std::vector<float> duration(d.h.size());
    for (auto _ : state) {
        inertial::track_duration(d.h.data(), duration.data(), count, 0.1f, 1.0f);
        benchmark::DoNotOptimize(duration.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * count);
    state.SetBytesProcessed(state.iterations() * count * static_cast<std::int64_t>(sizeof(float)) * 3);
}

// One engine step's kernel work for one row of `count` cells, all in cache: x momentum (count-1 faces), y momentum
// (count faces), outflow scale, effective fluxes (x and y), continuity. items = cells.
void BM_KernelStepChain(benchmark::State& state) {
    const index_t count = state.range(0);
    const KernelData row0(count), row1(count + 7);  // two neighbouring rows with different values
    std::vector<float> qx(row0.q), qy(row0.q), qy_above(row1.q), qx_new(qx.size()), qy_new(qy.size());
    std::vector<float> s(static_cast<std::size_t>(count + 2), 1.0f), s_below(s);
    std::vector<float> eff_x(qx.size()), eff_s(qy.size()), eff_n(qy.size());
    std::vector<float> h(row0.h), h_max(row0.h), carry(row0.h.size(), 0.0f);
    const float dt_over_dx = kParams.dt_s / kParams.dx_m;
    for (auto _ : state) {
        inertial::momentum({row0.z.data(), row0.h.data(), row0.n.data(), row0.z.data() + 1, row0.h.data() + 1,
                            row0.n.data() + 1, qx.data(), qx.data() + 1, qx.data() + 2, qx_new.data() + 1, count - 1},
                           kParams);
        inertial::momentum({row0.z.data(), row0.h.data(), row0.n.data(), row1.z.data(), row1.h.data(), row1.n.data(),
                            qy_above.data(), qy.data(), qy_above.data() + 1, qy_new.data(), count},
                           kParams);
        inertial::outflow_scale(h.data(), qx_new.data(), qx_new.data() + 1, qy_above.data(), qy_new.data(), s.data(),
                                count, dt_over_dx);
        inertial::effective_flux(qx_new.data(), s.data(), s.data() + 1, eff_x.data(), count + 1);
        inertial::effective_flux(qy_new.data(), s.data(), s_below.data(), eff_s.data(), count);
        // the north face row is the previous row's south row in the engine: already effective, so no extra call
        inertial::continuity(h.data(), carry.data(), eff_x.data(), eff_x.data() + 1, qy_above.data(), eff_s.data(),
                             h_max.data(), count, dt_over_dx * 1e-3f);
        benchmark::DoNotOptimize(h.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * count);
}

BENCHMARK(BM_KernelMomentum)->Arg(2048)->Arg(1 << 20);
BENCHMARK(BM_KernelOutflowScale)->Arg(2048)->Arg(1 << 20);
BENCHMARK(BM_KernelEffectiveFlux)->Arg(2048)->Arg(1 << 20);
BENCHMARK(BM_KernelContinuity)->Arg(2048)->Arg(1 << 20);
BENCHMARK(BM_KernelTrackMaxima)->Arg(2048);
BENCHMARK(BM_KernelTrackDuration)->Arg(2048);
BENCHMARK(BM_KernelStepChain)->Arg(2048);

}  // namespace

int main(int argc, char** argv) {
    const char* kernels = std::getenv("WN_BENCH_KERNELS");
    if (kernels != nullptr && std::string(kernels) == "baseline")
        inertial::use_kernel_variant(inertial::KernelVariant::baseline);
    benchmark::AddCustomContext("kernels",
                                inertial::kernel_variant() == inertial::KernelVariant::avx2 ? "avx2" : "baseline");
    register_flood_benchmarks();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
