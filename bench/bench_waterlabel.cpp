// Benchmark of `waternet waterlabel` (pipeline/waterlabel_job.hpp) for 100,000 approximate plots: a synthetic town
// of 71 × 71 blocks, each two back-to-back rows of 10 terraced houses (8 × 10 m) with their gardens (one BGT erf
// polygon of 80 × 15 m per row, split between its 10 houses by the plot rule), blocks 6 m apart (streets with no
// BGT polygon). 100,820 panden, 10,082 erven, 0.5 m cells (the job's default). Writing the BGT file is not timed;
// the whole job is: reading BGT, the panden, the grids, the yard split, the scores, the GeoPackage, the tables.
// Issue 16 sets the floor: 100,000 plots in ≤ 30 s on 2 cores. docs/benchmarks.md has the figures.
// Counter plots/s: plots per second of wall time.
//
// Run (from the build directory):  ./bench/bench_waterlabel
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "waternet/pipeline/waterlabel_job.hpp"

namespace {

using namespace wn;

constexpr int kBlocks = 71, kHousesPerRow = 10;
constexpr double kHouseW = 8, kHouseD = 10, kYardD = 15, kStreet = 6;

std::string rect(double x0, double y0, double x1, double y1) {
    return fmt::format("[[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]]", x0, y0, x1, y1);
}

const std::filesystem::path& town_bgt() {
    static const std::filesystem::path path = [] {
        const auto p = std::filesystem::temp_directory_path() / "waternet_bench_waterlabel_bgt.geojson";
        std::ofstream out(p);
        out << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
        bool first = true;
        auto feature = [&](const std::string& props, const std::string& rings) {
            out << (first ? "" : ",") << R"({"type":"Feature","properties":{)" << props
                << R"(},"geometry":{"type":"Polygon","coordinates":)" << rings << "}}\n";
            first = false;
        };
        const double block_w = kHousesPerRow * kHouseW + kStreet, block_d = 2 * (kHouseD + kYardD) + kStreet;
        for (int by = 0; by < kBlocks; ++by)
            for (int bx = 0; bx < kBlocks; ++bx) {
                const double x0 = 100000 + bx * block_w, y0 = 400000 + by * block_d;
                // South row: houses facing south, gardens north of them; north row mirrored.
                const double y_yard_s = y0 + kHouseD, y_yard_n = y_yard_s + kYardD, y_house_n = y_yard_n + kYardD;
                feature(R"("bgt_klasse":"onbegroeidterreindeel","fysiek_voorkomen":"erf")",
                        rect(x0, y_yard_s, x0 + kHousesPerRow * kHouseW, y_yard_n));
                feature(R"("bgt_klasse":"onbegroeidterreindeel","fysiek_voorkomen":"erf")",
                        rect(x0, y_yard_n, x0 + kHousesPerRow * kHouseW, y_house_n));
                for (int h = 0; h < kHousesPerRow; ++h) {
                    const double hx = x0 + h * kHouseW;
                    feature(R"("bgt_klasse":"pand")", rect(hx, y0, hx + kHouseW, y_yard_s));
                    feature(R"("bgt_klasse":"pand")", rect(hx, y_house_n, hx + kHouseW, y_house_n + kHouseD));
                }
            }
        out << "]}\n";
        return p;
    }();
    return path;
}

void BM_Waterlabel100kPlots(benchmark::State& state) {
    const auto bgt = town_bgt();
    const auto out = std::filesystem::temp_directory_path() / "waternet_bench_waterlabel_out";
    WaterlabelJob job;
    job.bgt = bgt;
    job.output_dir = out;
    WaterlabelReport report;
    for (auto _ : state) {
        std::filesystem::remove_all(out);
        std::filesystem::create_directories(out);
        report = run_waterlabel_job(job);
    }
    state.counters["plots"] = static_cast<double>(report.plots);
    for (const auto& [stage, seconds] : report.stage_seconds)
        fmt::print(stderr, "  {:<36} {:6.2f} s\n", stage, seconds);
    state.counters["plots/s"] = benchmark::Counter(static_cast<double>(report.plots), benchmark::Counter::kIsRate);
    std::filesystem::remove_all(out);
}
BENCHMARK(BM_Waterlabel100kPlots)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
