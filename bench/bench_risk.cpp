// Benchmarks of the consequence kernels (risk/facade.hpp, risk/damage.hpp, risk/aggregate.hpp) on a 16-million-
// cell town: 4000 × 4000 cells of 1 m, blocks of 10 × 8-cell buildings (about 95,000 of them) between 4-cell
// streets, gardens around them, 100 zones of 400 × 400 cells, and a smooth synthetic max-depth field (0 to
// about 0.6 m; building cells 0, as the flood engine leaves them). Preparing the grids is not timed.
//   Facade/threads         façade depth of every building (ring width 1)
//   DamageGrid/threads     WSS damage per cell with a duration grid, per class and per zone
//   DepthByZone/threads    area over 4 thresholds and volume per zone
// Counter Mcells/s: grid cells per second of wall time.
//
// Run (from the build directory):  ./bench/bench_risk
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cmath>
#include <string>

#include "waternet/core/grid.hpp"
#include "waternet/risk/aggregate.hpp"
#include "waternet/risk/damage.hpp"
#include "waternet/risk/facade.hpp"

namespace {

using namespace wn;

constexpr index_t kSide = 4000;
constexpr index_t kBlockRows = 12, kBlockCols = 14;  // a building of 8 × 10 cells plus streets/gardens

struct Town {
    Grid<float> depth{kSide, kSide};
    Grid<float> duration_h{kSide, kSide};
    Grid<std::int32_t> building{kSide, kSide, 0};
    Grid<std::uint8_t> damage_code{kSide, kSide, 0};
    Grid<std::int32_t> zone{kSide, kSide, 0};
    std::int32_t buildings = 0;
    risk::DamageTable table =
        risk::DamageTable::load_csv(std::string(WATERNET_DATA_DIR) + "/" + std::string(risk::kDefaultDamageTableFile));

    Town() {
        const std::int32_t per_row = static_cast<std::int32_t>(kSide / kBlockCols);
        const std::uint8_t paved = table.code_of("paved"), grass = table.code_of("grass");
        for (index_t r = 0; r < kSide; ++r)
            for (index_t c = 0; c < kSide; ++c) {
                const index_t br = r / kBlockRows, bc = c / kBlockCols, ir = r % kBlockRows, ic = c % kBlockCols;
                const bool in_building = ir >= 2 && ir < 10 && ic >= 2 && ic < 12 && bc < per_row;
                const double x = static_cast<double>(c), y = static_cast<double>(r);
                const double wave =
                    0.3 * std::sin(x / 157.0) * std::cos(y / 211.0) + 0.2 * std::sin((x + y) / 53.0) + 0.1;
                depth(r, c) = in_building ? 0.0f : static_cast<float>(std::max(0.0, wave));
                duration_h(r, c) = static_cast<float>(std::max(0.0, wave) * 40.0);
                building(r, c) = in_building ? static_cast<std::int32_t>(br * per_row + bc + 1) : 0;
                damage_code(r, c) = in_building ? 0 : (ir < 2 || ic < 2 ? paved : grass);
                zone(r, c) = static_cast<std::int32_t>((r / 400) * 10 + c / 400 + 1);
            }
        buildings = static_cast<std::int32_t>((kSide / kBlockRows + 1) * per_row);
    }
};

const Town& town() {
    static const Town t;
    return t;
}

void set_rate(benchmark::State& state) {
    state.counters["Mcells/s"] =
        benchmark::Counter(static_cast<double>(kSide * kSide) * 1e-6 * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}

void Facade(benchmark::State& state) {
    const Town& t = town();
    omp_set_num_threads(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto e = risk::facade_exposure(t.depth.view(), t.building.view(), t.buildings);
        benchmark::DoNotOptimize(e.data());
    }
    set_rate(state);
}
BENCHMARK(Facade)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void DamageGrid(benchmark::State& state) {
    const Town& t = town();
    omp_set_num_threads(static_cast<int>(state.range(0)));
    const risk::DamageGrids grids{t.depth.view(), t.duration_h.view(), t.damage_code.view(), t.zone.view()};
    for (auto _ : state) {
        auto d = risk::damage_over_grid(t.table, grids, 1.0, {}, 101);
        benchmark::DoNotOptimize(d.damage.direct_eur);
    }
    set_rate(state);
}
BENCHMARK(DamageGrid)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void DepthByZone(benchmark::State& state) {
    const Town& t = town();
    omp_set_num_threads(static_cast<int>(state.range(0)));
    const std::vector<double> thresholds{0.05, 0.10, 0.15, 0.30};
    for (auto _ : state) {
        auto z = risk::depth_by_zone(t.depth.view(), t.zone.view(), 101, 1.0, thresholds);
        benchmark::DoNotOptimize(z.total.volume_m3);
    }
    set_rate(state);
}
BENCHMARK(DepthByZone)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
