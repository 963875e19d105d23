// The viewer's tiles without HTTP: a cold tile (rendered through the legend and PNG-encoded, no cache), a
// cached tile, and a base-map tile (hillshade), from a results folder with a 2000 × 2000 depth grid of 1 m and
// its terrain. The HTTP side (requests per second, errors) is scripts/loadtest.sh.
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "waternet/io/raster_io.hpp"
#include "waternet/server/catalogue.hpp"
#include "waternet/server/rd_tiling.hpp"
#include "waternet/server/tiles.hpp"

namespace {

namespace fs = std::filesystem;
using namespace wn;
using namespace wn::server;

constexpr double kWest = 255000, kNorth = 473000;
constexpr int kN = 2000;

// A results folder with a rippled terrain and puddles in every hollow, written once per process.
const Catalogue& catalogue() {
    static const Catalogue c = [] {
        const fs::path dir = fs::temp_directory_path() / "waternet_bench_serve";
        fs::remove_all(dir);
        fs::create_directories(dir);
        const GridSpec spec{kN, kN, GeoTransform{kWest, kNorth, 1.0}, ""};
        Grid<float> terrain(spec), depth(spec);
        for (int r = 0; r < kN; ++r)
            for (int c = 0; c < kN; ++c) {
                const double z = 0.8 * std::sin(r / 37.0) * std::cos(c / 23.0);
                terrain(r, c) = static_cast<float>(30.0 + z);
                depth(r, c) = static_cast<float>(std::max(0.0, -z - 0.2));
            }
        write_cog((dir / "terrain.tif").string(), terrain);
        write_cog((dir / "depth.tif").string(), depth);
        const nlohmann::json manifest = {
            {"region", {{"id", "bench"}, {"name", "bench"}}},
            {"layers",
             {{{"id", "t"}, {"theme", "terrain"}, {"legend", "hillshade"}, {"path", "terrain.tif"}},
              {{"id", "d"}, {"theme", "flood"}, {"scenario", "T100"}, {"legend", "depth_m"}, {"path", "depth.tif"}}}}};
        std::ofstream(dir / "stresstest.json") << manifest.dump();
        return Catalogue::load(dir);
    }();
    return c;
}

// The tiles at zoom z that cover the grid, in row order.
std::vector<TileId> tiles_over_grid(int z) {
    const TileId a = *tile_at(kWest, kNorth - 1e-3, z), b = *tile_at(kWest + kN - 1e-3, kNorth - kN, z);
    std::vector<TileId> out;
    for (int y = a.y; y <= b.y; ++y)
        for (int x = a.x; x <= b.x; ++x) out.push_back({z, x, y});
    return out;
}

void BM_ColdLayerTile(benchmark::State& state) {
    TileService tiles(catalogue(), 0);  // no cache: every tile is rendered
    const Layer& layer = *catalogue().find_layer("d");
    const auto ids = tiles_over_grid(static_cast<int>(state.range(0)));
    std::size_t i = 0, bytes = 0;
    for (auto _ : state) {
        const TileBytes png = tiles.layer_tile(layer, ids[i++ % ids.size()]);
        bytes += png->size();
    }
    state.counters["tiles/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["png_bytes"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ColdLayerTile)->Arg(11)->Arg(13)->Arg(15)->Unit(benchmark::kMillisecond);

void BM_ColdBaseTile(benchmark::State& state) {
    TileService tiles(catalogue(), 0);
    const auto ids = tiles_over_grid(static_cast<int>(state.range(0)));
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(tiles.base_tile(ids[i++ % ids.size()]));
    state.counters["tiles/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ColdBaseTile)->Arg(13)->Unit(benchmark::kMillisecond);

void BM_CachedLayerTile(benchmark::State& state) {
    TileService tiles(catalogue(), 256u << 20);
    const Layer& layer = *catalogue().find_layer("d");
    const auto ids = tiles_over_grid(13);
    for (const TileId& t : ids) tiles.layer_tile(layer, t);
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(tiles.layer_tile(layer, ids[i++ % ids.size()]));
    state.counters["tiles/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CachedLayerTile)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
