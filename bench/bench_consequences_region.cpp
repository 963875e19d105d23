// The consequences for buildings at region scale (issue 12: "consequences for 500,000 buildings in ≤ 2 min").
//
// A virtual region: the 3,844 Zundert BGT footprints (data/zundert/zundert_bgt_panden.geojson) repeated on a
// lattice every 2,100 m until there are at least N buildings, written as a GeoPackage (the format partners get BGT
// and BAG in), over a 2 m grid that covers the lattice: 12 × 11 copies and 145 million cells for N = 500,000.
// The region has 12 municipalities (rectangles of the lattice), one water board over everything and one
// neighbourhood per copy. A flood run's folder holds a smooth synthetic max-depth map (0 to about 0.6 m, dry on
// about half the cells) and its duration map, as COGs written by the project's writer.
//
// Timed, once: what the stress test does for an area after its flood runs (pipeline/stresstest_outputs.cpp),
// calling the same library functions in the same order:
//   read_raster(max_depth)            the domain mask (the stress test reads the terrain; same size and type)
//   load_region_data                  partners, water board, neighbourhoods
//   prepare_area                      zone rasters, footprints read (read_features) and rasterised
//                                     (rasterize_feature_ids), land cover, damage classes
//   compute_consequences              depth and duration maps read, water per zone, land damage, façade depth and
//                                     damage of every building, sums per partner and neighbourhood
// Counters: buildings, buildings/s, seconds per stage (wall), CPU seconds of all threads, peak resident memory
// (MiB) of the timed part and per building and per cell, and per stage its own peak (<stage>_peak_MiB) and what
// is still resident after it (<stage>_held_MiB). The label is a checksum of the results (façade depths, methods,
// damage, the partner and neighbourhood rows): an optimisation must leave it unchanged.
//
// Building the region is not timed. It is kept in $TMPDIR/waternet-bench-region-<N> and reused by the next run
// (delete the folder to rebuild it).
//
// The third variant adds a road layer (see write_roads) and so times the road lengths too (compute_consequences'
// road part); its checksum also covers the buildings only, so it equals the second's.
//
// Run (from the build directory):  ./bench/bench_consequences_region [--benchmark_filter=/500000/0/]
#include <benchmark/benchmark.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/consequences.hpp"
#include "waternet/pipeline/region_config.hpp"
#include "waternet/pipeline/region_data.hpp"
#include "waternet/risk/damage_table.hpp"

namespace {

using namespace wn;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kSpacingM = 2100.0;   // lattice step: the Zundert block is 2,050 × 2,026 m
constexpr double kOriginX = 103900.0;  // south-west corner of copy (0, 0), a multiple of the cell size
constexpr double kOriginY = 385900.0;
constexpr double kCellM = 2.0;
constexpr int kMunicipalityColumns = 4, kMunicipalityRows = 3;

const std::string kZundert = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_bgt_panden.geojson";

struct Lattice {
    int copies = 0, columns = 0, rows = 0;
};

Lattice lattice_for(std::int64_t buildings, std::int64_t per_copy) {
    Lattice l;
    l.copies = static_cast<int>((buildings + per_copy - 1) / per_copy);
    l.columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(l.copies))));
    l.rows = (l.copies + l.columns - 1) / l.columns;
    return l;
}

GridSpec grid_of(const Lattice& l) {
    GridSpec grid;
    grid.cols = static_cast<index_t>(l.columns * kSpacingM / kCellM);
    grid.rows = static_cast<index_t>(l.rows * kSpacingM / kCellM);
    grid.transform = {kOriginX, kOriginY + l.rows * kSpacingM, kCellM};
    return grid;
}

void shift(OGRGeometry& geometry, double dx, double dy) {
    if (auto* collection = dynamic_cast<OGRGeometryCollection*>(&geometry)) {
        for (OGRGeometry* member : *collection) shift(*member, dx, dy);
    } else if (auto* polygon = dynamic_cast<OGRCurvePolygon*>(&geometry)) {
        for (OGRCurve* ring : *polygon) shift(*ring, dx, dy);
    } else if (auto* curve = dynamic_cast<OGRSimpleCurve*>(&geometry)) {
        for (int i = 0; i < curve->getNumPoints(); ++i) curve->setPoint(i, curve->getX(i) + dx, curve->getY(i) + dy);
    }
}

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset create_gpkg(const fs::path& path) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    Dataset out(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!out) throw std::runtime_error("cannot create " + path.string());
    return out;
}

OGRSpatialReference rd_new() {
    OGRSpatialReference srs;
    srs.importFromEPSG(28992);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

// The footprints, copy after copy (copy k at column k % columns, row k / columns), with their BGT attributes.
std::int64_t write_buildings(const fs::path& path, const Lattice& l) {
    Dataset in(static_cast<GDALDataset*>(GDALOpenEx(kZundert.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    OGRLayer* source = in->GetLayer(0);
    Dataset out = create_gpkg(path);
    OGRSpatialReference srs = rd_new();
    OGRLayer* layer = out->CreateLayer("panden", &srs, wkbPolygon, nullptr);
    OGRFeatureDefn* definition = source->GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i) layer->CreateField(definition->GetFieldDefn(i));
    std::int64_t written = 0;
    out->StartTransaction();
    for (int k = 0; k < l.copies; ++k) {
        const double dx = (k % l.columns) * kSpacingM, dy = (k / l.columns) * kSpacingM;
        source->ResetReading();
        for (auto& feature : *source) {
            OGRFeature copy(layer->GetLayerDefn());
            copy.SetFrom(feature.get());
            if (OGRGeometry* g = copy.GetGeometryRef()) shift(*g, dx, dy);
            if (layer->CreateFeature(&copy) != OGRERR_NONE) throw std::runtime_error("writing a footprint failed");
            ++written;
        }
    }
    out->CommitTransaction();
    return written;
}

void add_rectangle(OGRLayer& layer, double x0, double y0, double x1, double y1,
                   const std::vector<std::pair<const char*, std::string>>& fields) {
    OGRFeature f(layer.GetLayerDefn());
    for (const auto& [name, value] : fields) f.SetField(name, value.c_str());
    OGRLinearRing ring;
    ring.addPoint(x0, y0), ring.addPoint(x1, y0), ring.addPoint(x1, y1), ring.addPoint(x0, y1), ring.addPoint(x0, y0);
    OGRPolygon polygon;
    polygon.addRing(&ring);
    f.SetGeometry(&polygon);
    if (layer.CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("writing a zone failed");
}

OGRLayer* create_layer(GDALDataset& out, const char* name, const std::vector<const char*>& fields) {
    OGRSpatialReference srs = rd_new();
    OGRLayer* layer = out.CreateLayer(name, &srs, wkbPolygon, nullptr);
    for (const char* field : fields) {
        OGRFieldDefn definition(field, OFTString);
        layer->CreateField(&definition);
    }
    return layer;
}

void write_zones(const fs::path& dir, const GridSpec& grid, const Lattice& l) {
    {
        Dataset out = create_gpkg(dir / "gemeenten.gpkg");
        OGRLayer* layer = create_layer(*out, "gemeenten", {"gm_code", "gm_naam"});
        const double w = (grid.max_x() - grid.min_x()) / kMunicipalityColumns;
        const double h = (grid.max_y() - grid.min_y()) / kMunicipalityRows;
        for (int r = 0; r < kMunicipalityRows; ++r)
            for (int c = 0; c < kMunicipalityColumns; ++c) {
                const int n = r * kMunicipalityColumns + c + 1;
                add_rectangle(
                    *layer, grid.min_x() + c * w, grid.min_y() + r * h, grid.min_x() + (c + 1) * w,
                    grid.min_y() + (r + 1) * h,
                    {{"gm_code", "GM" + std::to_string(9000 + n)}, {"gm_naam", "Gemeente " + std::to_string(n)}});
            }
    }
    {
        Dataset out = create_gpkg(dir / "waterschap.gpkg");
        OGRLayer* layer = create_layer(*out, "waterschap", {});
        add_rectangle(*layer, grid.min_x() - 10.0, grid.min_y() - 10.0, grid.max_x() + 10.0, grid.max_y() + 10.0, {});
    }
    {
        Dataset out = create_gpkg(dir / "buurten.gpkg");
        OGRLayer* layer = create_layer(*out, "buurten", {"name"});
        for (int k = 0; k < l.copies; ++k) {
            const double x0 = kOriginX + (k % l.columns) * kSpacingM, y0 = kOriginY + (k / l.columns) * kSpacingM;
            add_rectangle(*layer, x0, y0, x0 + kSpacingM, y0 + kSpacingM, {{"name", "Buurt " + std::to_string(k + 1)}});
        }
    }
}

// A smooth depth field, dry on about half the cells, and how long the water stands (about 40 h per metre).
void write_flood_run(const fs::path& run_dir, const GridSpec& grid) {
    fs::create_directories(run_dir);
    Grid<float> values(grid);
    auto depth_at = [](index_t r, index_t c) {
        const double x = static_cast<double>(c), y = static_cast<double>(r);
        return std::max(0.0, 0.3 * std::sin(x / 157.0) * std::cos(y / 211.0) + 0.2 * std::sin((x + y) / 53.0) + 0.1);
    };
    for (index_t r = 0; r < grid.rows; ++r)
        for (index_t c = 0; c < grid.cols; ++c) values(r, c) = static_cast<float>(depth_at(r, c));
    write_cog((run_dir / "max_depth_m.tif").string(), values);
    for (index_t r = 0; r < grid.rows; ++r)
        for (index_t c = 0; c < grid.cols; ++c) values(r, c) = static_cast<float>(depth_at(r, c) * 40.0 * 3600.0);
    write_cog((run_dir / "duration_above_1cm_s.tif").string(), values);
}

// Roads (the second variant): the Enschede OSM highways (data/twente, EPSG:4326) in RD New, repeated every
// 7,300 × 6,300 m (their extent is 7.2 × 6.2 km) as far as the grid allows: 3 × 3 copies, 73,152 roads, on the
// 500,000-building grid.
const std::string kEnschedeRoads = std::string(WATERNET_DATA_DIR) + "/twente/enschede_osm_highways_2023.geojson";

std::int64_t write_roads(const fs::path& path, const GridSpec& grid) {
    constexpr double kStepX = 7300.0, kStepY = 6300.0, kMargin = 50.0;
    Dataset in(
        static_cast<GDALDataset*>(GDALOpenEx(kEnschedeRoads.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    OGRLayer* source = in->GetLayer(0);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const OGRSpatialReference rd = rd_new();
    std::unique_ptr<OGRCoordinateTransformation> to_rd(OGRCreateCoordinateTransformation(&wgs84, &rd));
    std::vector<std::unique_ptr<OGRFeature>> roads;  // in RD New
    OGREnvelope extent;
    for (auto& feature : *source) {
        std::unique_ptr<OGRFeature> f(feature->Clone());
        if (OGRGeometry* g = f->GetGeometryRef()) {
            g->transform(to_rd.get());
            OGREnvelope e;
            g->getEnvelope(&e);
            extent.Merge(e);
        }
        roads.push_back(std::move(f));
    }
    Dataset out = create_gpkg(path);
    OGRLayer* layer = out->CreateLayer("wegen", const_cast<OGRSpatialReference*>(&rd), wkbUnknown, nullptr);
    OGRFeatureDefn* definition = source->GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i) layer->CreateField(definition->GetFieldDefn(i));
    const int columns = static_cast<int>((grid.max_x() - grid.min_x() - 2 * kMargin) / kStepX);
    const int rows = static_cast<int>((grid.max_y() - grid.min_y() - 2 * kMargin) / kStepY);
    std::int64_t written = 0;
    out->StartTransaction();
    for (int k = 0; k < columns * rows; ++k) {
        const double dx = grid.min_x() + kMargin + (k % columns) * kStepX - extent.MinX;
        const double dy = grid.min_y() + kMargin + (k / columns) * kStepY - extent.MinY;
        for (const auto& road : roads) {
            OGRFeature copy(layer->GetLayerDefn());
            copy.SetFrom(road.get());
            if (OGRGeometry* g = copy.GetGeometryRef()) shift(*g, dx, dy);
            if (layer->CreateFeature(&copy) != OGRERR_NONE) throw std::runtime_error("writing a road failed");
            ++written;
        }
    }
    out->CommitTransaction();
    return written;
}

struct Region {
    fs::path dir;
    Lattice lattice;
    GridSpec grid;
    std::int64_t buildings = 0;
    double build_s = 0.0;  // 0 when taken from an earlier run
};

Region region_with(std::int64_t buildings) {
    GDALAllRegister();
    Region region;
    const std::int64_t per_copy = [] {
        Dataset in(static_cast<GDALDataset*>(GDALOpenEx(kZundert.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
        return in->GetLayer(0)->GetFeatureCount();
    }();
    region.lattice = lattice_for(buildings, per_copy);
    region.grid = grid_of(region.lattice);
    region.buildings = per_copy * region.lattice.copies;
    region.dir = fs::temp_directory_path() / ("waternet-bench-region-" + std::to_string(buildings));
    if (fs::exists(region.dir / "complete")) return region;
    const auto start = Clock::now();
    fs::remove_all(region.dir);
    fs::create_directories(region.dir);
    write_buildings(region.dir / "panden.gpkg", region.lattice);
    write_zones(region.dir, region.grid, region.lattice);
    write_flood_run(region.dir / "run", region.grid);
    std::ofstream(region.dir / "complete") << "done\n";
    region.build_s = std::chrono::duration<double>(Clock::now() - start).count();
    return region;
}

void add_roads(Region& region) {
    if (fs::exists(region.dir / "roads-complete")) return;
    const auto start = Clock::now();
    write_roads(region.dir / "wegen.gpkg", region.grid);
    std::ofstream(region.dir / "roads-complete") << "done\n";
    region.build_s += std::chrono::duration<double>(Clock::now() - start).count();
}

RegionConfig config_for(const Region& region, bool with_roads) {
    RegionConfig config;
    config.file = region.dir / "region.toml";  // named in messages only; the configuration is built here
    config.id = "bench";
    config.name = "Virtuele regio";
    config.partner_layers.push_back(
        {region.dir / "gemeenten.gpkg", "gm_code", "gm_naam", "", "", PartnerKind::municipality});
    config.partner_layers.push_back(
        {region.dir / "waterschap.gpkg", "", "", "WS9999", "Waterschap", PartnerKind::water_board});
    NeighbourhoodLayer hoods;
    hoods.path = region.dir / "buurten.gpkg";
    hoods.partner = "GM9001";
    config.neighbourhoods.push_back(hoods);
    if (with_roads) {
        RoadLayer roads;
        roads.path = region.dir / "wegen.gpkg";
        config.roads.push_back(roads);
    }
    AreaConfig area;
    area.id = "regio";
    area.name = "Virtuele regio (2 m)";
    area.terrain = region.dir / "run" / "max_depth_m.tif";
    area.resolution_m = kCellM;
    area.buildings = region.dir / "panden.gpkg";
    area.default_cover = "mixed";
    area.scenarios = {"T100"};
    config.areas.push_back(area);
    return config;
}

// FNV-1a over the bytes of the results that must not change.
struct Checksum {
    std::uint64_t hash = 1469598103934665603ull;
    template <class T>
    void add(const T& value) {
        unsigned char bytes[sizeof(T)];
        std::memcpy(bytes, &value, sizeof(T));
        for (unsigned char b : bytes) hash = (hash ^ b) * 1099511628211ull;
    }
    void add_row(const IndicatorRow& row) {
        add(row.modelled_area_m2), add(row.wet_area_m2), add(row.volume_m3);
        for (double a : row.area_over_m2) add(a);
        add(row.buildings.value_or(-1));
        for (std::int64_t n : row.buildings_over) add(n);
        add(row.damage_direct_eur), add(row.damage_indirect_eur);
    }
};

std::string checksum_of(const ScenarioConsequences& c) {
    Checksum sum;
    for (const BuildingResult& b : c.buildings) {
        sum.add(b.feature), sum.add(b.partner), sum.add(b.neighbourhood), sum.add(b.facade_depth_m);
        sum.add(b.footprint_m2), sum.add(b.damage_eur);
        for (char ch : b.method) sum.add(ch);
    }
    for (const IndicatorRow& row : c.partners) sum.add_row(row);
    for (const IndicatorRow& row : c.neighbourhoods) sum.add_row(row);
    sum.add_row(c.total);
    sum.add(c.damage_buildings_eur);
    char text[32];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(sum.hash));
    return text;
}

// CPU seconds of the whole process (all threads, user + system): on a shared machine the wall time depends on
// the other work; this does not.
double process_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void ConsequencesRegion(benchmark::State& state) {
    Region region = region_with(state.range(0));
    const bool with_roads = state.range(1) != 0;
    if (with_roads) add_roads(region);
    const RegionConfig config = config_for(region, with_roads);
    const AreaConfig& area = config.areas.front();
    const risk::DamageTable damage =
        risk::DamageTable::load_csv(std::string(WATERNET_DATA_DIR) + "/" + std::string(risk::kDefaultDamageTableFile));
    for (auto _ : state) {
        const PeakMemoryWatch memory;
        const double cpu0 = process_cpu_s();
        const auto t0 = Clock::now();
        auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
        // Per stage: its peak resident memory and what it leaves resident (MiB), for the memory per cell of each.
        std::optional<PeakMemoryWatch> stage(std::in_place);
        auto end_stage = [&](const char* name) {
            state.counters[std::string(name) + "_peak_MiB"] = static_cast<double>(stage->peak_bytes()) / 1048576.0;
            state.counters[std::string(name) + "_held_MiB"] = static_cast<double>(resident_bytes()) / 1048576.0;
            stage.reset();
            stage.emplace();
        };
        const Grid<float> valid = read_raster(area.terrain.string());
        const double read_s = since(t0);
        end_stage("read_mask");
        auto t = Clock::now();
        const RegionData data = load_region_data(config, {{area.id, valid.spec()}});
        const RegionLayers layers = read_region_layers(config);
        const double zones_data_s = since(t);
        end_stage("region_data");
        t = Clock::now();
        const AreaContext context = prepare_area(config, data, layers, area, valid.spec(), valid.view(), damage);
        const double prepare_s = since(t);
        end_stage("prepare_area");
        t = Clock::now();
        const ScenarioConsequences result =
            compute_consequences(config, data, context, "T100", region.dir / "run", damage);
        const double compute_s = since(t);
        end_stage("consequences");
        const double total_s = since(t0);
        state.counters["process_cpu_s"] = process_cpu_s() - cpu0;
        const double peak_mib = static_cast<double>(memory.peak_bytes()) / 1048576.0;
        const double buildings = static_cast<double>(region.buildings);
        state.counters["buildings"] = buildings;
        state.counters["assessed"] = static_cast<double>(result.buildings.size());
        state.counters["buildings/s"] = buildings / total_s;
        state.counters["total_s"] = total_s;
        state.counters["read_mask_s"] = read_s;
        state.counters["region_data_s"] = zones_data_s;
        state.counters["prepare_area_s"] = prepare_s;
        state.counters["consequences_s"] = compute_s;
        state.counters["peak_MiB"] = peak_mib;
        state.counters["KiB/building"] = peak_mib * 1024.0 / buildings;
        state.counters["B/cell"] = peak_mib * 1048576.0 / static_cast<double>(valid.spec().cell_count());
        state.counters["Mcells"] = static_cast<double>(valid.spec().cell_count()) * 1e-6;
        state.counters["setup_s"] = region.build_s;
        if (with_roads) {
            double length_m = 0.0;
            for (const RoadResult& r : result.roads) length_m += r.length_in_grid_m;
            state.counters["roads"] = static_cast<double>(result.roads.size());
            state.counters["roads_km"] = length_m * 1e-3;
        }
        state.SetLabel("checksum " + checksum_of(result));
    }
}
// Arguments: buildings wanted, and 1 to add the roads.
BENCHMARK(ConsequencesRegion)
    ->Args({50'000, 0})
    ->Args({500'000, 0})
    ->Args({500'000, 1})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
