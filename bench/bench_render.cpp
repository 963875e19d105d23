// Benchmarks of the map renderer (render/render_window.hpp, render/png.hpp, render/hillshade.hpp) on a
// 4000 × 4000 grid of 1 m cells (16 M cells) holding a synthetic water-depth field: smooth sinusoidal ponds
// 0..1.5 m spread over every depth class, dry (0) between them and a NaN strip, like a flood result.
// Preparing the grid is not timed.
//   TileRender/span_m    one 256 × 256 tile covering span_m metres (4000: the whole grid, 16 cells per pixel;
//                        256: one cell per pixel; 64: 4 pixels per cell), at positions that move each tile
//                        (issue floor: well under 1 ms a tile)
//   TilePng/span_m/zlib  the same plus PNG encoding at zlib level 6 (default) or 1 (what a tile server does per
//                        request)
//   Hillshade            Horn hillshade of the 16 M cells
// Counter items_per_second = tiles (or cells for Hillshade) per second.
//
// Run (from the build directory):  ./bench/bench_render
#include <benchmark/benchmark.h>

#include <cmath>
#include <limits>

#include "waternet/core/grid.hpp"
#include "waternet/render/hillshade.hpp"
#include "waternet/render/legend.hpp"
#include "waternet/render/png.hpp"
#include "waternet/render/render_window.hpp"

namespace {

using namespace wn;
constexpr index_t kSide = 4000;
constexpr int kTile = 256;

const Grid<float>& depth() {
    static const Grid<float> g = [] {
        Grid<float> out(GridSpec{kSide, kSide, {200000.0, 480000.0, 1.0}, ""});
        for (index_t r = 0; r < kSide; ++r)
            for (index_t c = 0; c < kSide; ++c) {
                const double v = std::sin(r * 0.013) * std::cos(c * 0.017) + 0.4 * std::sin((r + 2 * c) * 0.05);
                out(r, c) = v > 0.2 ? static_cast<float>(v - 0.2) : 0.0f;
                if (r >= 1500 && r < 1520) out(r, c) = std::numeric_limits<float>::quiet_NaN();
            }
        return out;
    }();
    return g;
}

// The tile's south-west corner for iteration i, inside the grid, moving pseudo-randomly.
std::pair<double, double> tile_origin(std::int64_t i, double span) {
    const auto& t = depth().spec().transform;
    const double room = std::max(0.0, static_cast<double>(kSide) - span);
    const double fx = std::fmod(i * 0.6180339887, 1.0), fy = std::fmod(i * 0.7548776662, 1.0);
    return {t.origin_x + fx * room, t.origin_y - kSide + fy * room};
}

void TileRender(benchmark::State& state) {
    const Grid<float>& g = depth();
    const render::Legend& legend = render::legend("depth_m");
    const double span = static_cast<double>(state.range(0));
    std::int64_t i = 0;
    for (auto _ : state) {
        const auto [x, y] = tile_origin(i++, span);
        const render::RgbaImage img =
            render::render_window(g.view(), g.spec().transform, x, y, x + span, y + span, kTile, kTile, legend);
        benchmark::DoNotOptimize(img.rgba.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(TileRender)->Arg(4000)->Arg(1024)->Arg(256)->Arg(64)->Unit(benchmark::kMicrosecond);

void TilePng(benchmark::State& state) {
    const Grid<float>& g = depth();
    const render::Legend& legend = render::legend("depth_m");
    const double span = static_cast<double>(state.range(0));
    const int level = static_cast<int>(state.range(1));
    std::int64_t i = 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        const auto [x, y] = tile_origin(i++, span);
        const auto png = render::encode_png(
            render::render_window(g.view(), g.spec().transform, x, y, x + span, y + span, kTile, kTile, legend), level);
        bytes += png.size();
        benchmark::DoNotOptimize(png.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["png_bytes"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(TilePng)->Args({4000, 6})->Args({4000, 1})->Args({256, 6})->Args({256, 1})->Unit(benchmark::kMicrosecond);

void Hillshade(benchmark::State& state) {
    const Grid<float>& g = depth();
    for (auto _ : state) {
        const Grid<float> hs = render::hillshade(g.view(), 1.0);
        benchmark::DoNotOptimize(hs.data());
    }
    state.SetItemsProcessed(state.iterations() * g.size());
}
BENCHMARK(Hillshade)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
