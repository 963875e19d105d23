#include "waternet/pipeline/bluespot_job.hpp"

#include <fmt/format.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "waternet/bluespots/depression_hierarchy.hpp"
#include "waternet/bluespots/flow_directions.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/tile_support.hpp"
#include "waternet/bluespots/tiled_priority_flood.hpp"
#include "waternet/bluespots/tiled_spots.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/core/timing.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/inputs.hpp"

namespace wn {

namespace {

using Clock = SteadyClock;

struct Rain {
    std::string name;
    double depth_mm = 0.0;
    double duration_h = 0.0;
};

Rain make_rain(const BlueSpotJob& job) {
    if (job.storm.empty() == !job.rain_mm.has_value())
        throw InputError("give exactly one rain: a standard storm name (--storm) or a rain depth (--rain-mm)");
    if (!(job.loss_mm_per_h >= 0.0) || !std::isfinite(job.loss_mm_per_h) ||
        job.loss_mm_per_h > kMaxRainIntensityMmPerHour)
        throw InputError(
            fmt::format("losses must be 0..{} mm/h (got {})", kMaxRainIntensityMmPerHour, job.loss_mm_per_h));
    if (!job.storm.empty()) {
        const RainSeries storm = standard_storm(job.storm, standard_storms_csv());
        return {storm.name(), storm.total_depth_m() * 1e3, storm.duration_s() / 3600.0};
    }
    const double mm = *job.rain_mm;
    if (!(mm >= 0.0) || !std::isfinite(mm) || mm > 5000.0)
        throw InputError(fmt::format("the rain depth must be 0..5000 mm (got {})", mm));
    if (!(job.rain_duration_h > 0.0) || !std::isfinite(job.rain_duration_h) || job.rain_duration_h > 30 * 24.0)
        throw InputError(
            fmt::format("the rain duration must be more than 0 and at most 30 days (got {} h)", job.rain_duration_h));
    return {fmt::format("{:g} mm", mm), mm, job.rain_duration_h};
}

// ---------------------------------------------------------------------------------------------------------------
// GeoPackage output (GDAL/OGR directly: polygonize is a pipeline-level need of this job only).

using gdal::DatasetPtr;

OGRSpatialReference srs_of(const GridSpec& grid) {
    OGRSpatialReference srs;
    const OGRErr err =
        grid.crs_wkt.empty() ? srs.importFromEPSG(kDefaultEpsg) : srs.SetFromUserInput(grid.crs_wkt.c_str());
    if (err != OGRERR_NONE) throw InputError("the DEM's CRS cannot be used for the GeoPackage");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

void add_field(OGRLayer* layer, const char* name, OGRFieldType type) {
    OGRFieldDefn field(name, type);
    if (layer->CreateField(&field) != OGRERR_NONE)
        throw InputError(std::string("GeoPackage: cannot create field ") + name);
}

// One MultiPolygon per spot (index id − 1), from GDALPolygonize of the spot ids with 8-connectivity.
std::vector<std::unique_ptr<OGRMultiPolygon>> spot_polygons(const Grid<std::int32_t>& spot_id, const GridSpec& grid,
                                                            std::size_t count, OGRSpatialReference& srs) {
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
    if (mem == nullptr || memory == nullptr) throw std::runtime_error("GDAL MEM/Memory drivers are missing");
    DatasetPtr raster(mem->Create("", static_cast<int>(grid.cols), static_cast<int>(grid.rows), 1, GDT_Int32, nullptr));
    double gt[6] = {grid.transform.origin_x,    grid.transform.cell_size_m, 0.0, grid.transform.origin_y, 0.0,
                    -grid.transform.cell_size_m};
    raster->SetGeoTransform(gt);
    raster->SetSpatialRef(&srs);
    GDALRasterBand* band = raster->GetRasterBand(1);
    if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(grid.cols), static_cast<int>(grid.rows),
                       const_cast<std::int32_t*>(spot_id.data()), static_cast<int>(grid.cols),
                       static_cast<int>(grid.rows), GDT_Int32, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("writing spot ids to a MEM raster failed");
    DatasetPtr vectors(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = vectors->CreateLayer("polygons", &srs, wkbPolygon, nullptr);
    add_field(layer, "id", OFTInteger);
    char** options = CSLSetNameValue(nullptr, "8CONNECTED", "8");
    const CPLErr err = GDALPolygonize(band, band, OGRLayer::ToHandle(layer), 0, options, nullptr, nullptr);
    CSLDestroy(options);
    if (err != CE_None) throw InputError("polygonizing the blue spots failed: " + std::string(CPLGetLastErrorMsg()));
    std::vector<std::unique_ptr<OGRMultiPolygon>> polygons(count);
    layer->ResetReading();
    for (auto& feature : *layer) {
        const int id = feature->GetFieldAsInteger(0);
        if (id <= 0 || static_cast<std::size_t>(id) > count) continue;
        auto& multi = polygons[static_cast<std::size_t>(id - 1)];
        if (!multi) multi = std::make_unique<OGRMultiPolygon>();
        if (const OGRGeometry* g = feature->GetGeometryRef(); g != nullptr) {
            if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
                multi->addGeometry(g);
            else if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon)
                for (const OGRPolygon* p : *g->toMultiPolygon()) multi->addGeometry(p);
        }
    }
    return polygons;
}

// The spot table as a GeoPackage: layer `bluespots` (one feature per spot, geometry_of(k) its geometry of type
// `geometry`, null where none) and, from an in-core run, layer `flow_paths`. Out of core, the fields that need flow
// directions, the storm or buildings are null (not computed), and there are no flow paths.
void write_geopackage(const std::filesystem::path& path, const BlueSpotJobReport& report, OGRSpatialReference& srs,
                      OGRwkbGeometryType geometry, const std::function<const OGRGeometry*(std::size_t)>& geometry_of) {
    const GridSpec& grid = report.grid;
    const std::filesystem::path temp =
        path.parent_path() / fmt::format(".{}.tmp-{}.gpkg", path.stem().string(), static_cast<long>(getpid()));
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    struct Cleanup {
        std::filesystem::path p;
        bool keep = false;
        ~Cleanup() {
            if (keep) return;
            std::error_code e;
            std::filesystem::remove(p, e);
            std::filesystem::remove(p.string() + "-journal", e);
            std::filesystem::remove(p.string() + "-wal", e);
            std::filesystem::remove(p.string() + "-shm", e);
        }
    } cleanup{temp};
    {
        GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (gpkg == nullptr) throw std::runtime_error("GDAL has no GPKG driver");
        DatasetPtr ds(gpkg->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw InputError("cannot create " + temp.string() + ": " + CPLGetLastErrorMsg());
        auto transform = grid.transform;
        auto x_of = [&](index_t c) { return transform.cell_center_x(c); };
        auto y_of = [&](index_t r) { return transform.cell_center_y(r); };

        OGRLayer* spots = ds->CreateLayer("bluespots", &srs, geometry, nullptr);
        if (spots == nullptr) throw InputError("GeoPackage: cannot create layer bluespots");
        add_field(spots, "spot_id", OFTInteger);
        add_field(spots, "area_m2", OFTReal);
        add_field(spots, "max_depth_m", OFTReal);
        add_field(spots, "volume_m3", OFTReal);
        add_field(spots, "spill_level_m", OFTReal);
        add_field(spots, "pour_x", OFTReal);
        add_field(spots, "pour_y", OFTReal);
        add_field(spots, "spills_into", OFTInteger);
        add_field(spots, "catchment_m2", OFTReal);
        add_field(spots, "storm_fill_fraction", OFTReal);
        add_field(spots, "storm_stored_m3", OFTReal);
        add_field(spots, "storm_overflow_m3", OFTReal);
        add_field(spots, "buildings_touching", OFTInteger);
        if (ds->StartTransaction() != OGRERR_NONE) throw InputError("GeoPackage: cannot start a transaction");
        for (std::size_t k = 0; k < report.spots.size(); ++k) {
            const auto& s = report.spots[k];
            OGRFeature feature(spots->GetLayerDefn());
            feature.SetField("spot_id", s.id);
            feature.SetField("area_m2", s.area_m2);
            feature.SetField("max_depth_m", s.max_depth_m);
            feature.SetField("volume_m3", s.volume_m3);
            feature.SetField("spill_level_m", s.spill_level_m);
            if (!report.out_of_core) {  // out of core these stay null: not computed
                const auto& f = report.fill[k];
                feature.SetField("pour_x", x_of(s.pour_col));
                feature.SetField("pour_y", y_of(s.pour_row));
                feature.SetField("spills_into", s.spills_into);
                feature.SetField("catchment_m2", s.catchment_m2);
                feature.SetField("storm_fill_fraction", f.fill_fraction);
                feature.SetField("storm_stored_m3", f.stored_m3);
                feature.SetField("storm_overflow_m3", f.overflow_m3);
                feature.SetField("buildings_touching", report.buildings_touching[k]);
            }
            if (const OGRGeometry* g = geometry_of(k); g != nullptr) feature.SetGeometry(g);
            if (spots->CreateFeature(&feature) != OGRERR_NONE)
                throw InputError("GeoPackage: cannot write spot feature");
        }
        if (ds->CommitTransaction() != OGRERR_NONE) throw InputError("GeoPackage: cannot commit the spots");
        if (report.out_of_core) {
            ds.reset();  // closed: the file is complete
            std::filesystem::rename(temp, path);
            cleanup.keep = true;
            return;
        }

        OGRLayer* paths = ds->CreateLayer("flow_paths", &srs, wkbLineString, nullptr);
        if (paths == nullptr) throw InputError("GeoPackage: cannot create layer flow_paths");
        add_field(paths, "from_spot", OFTInteger);
        add_field(paths, "to_spot", OFTInteger);
        add_field(paths, "storm_overflow_m3", OFTReal);
        if (ds->StartTransaction() != OGRERR_NONE) throw InputError("GeoPackage: cannot start a transaction");
        for (std::size_t k = 0; k < report.spots.size(); ++k) {
            const auto& s = report.spots[k];
            OGRFeature feature(paths->GetLayerDefn());
            feature.SetField("from_spot", s.id);
            feature.SetField("to_spot", s.spills_into);
            feature.SetField("storm_overflow_m3", report.fill[k].overflow_m3);
            OGRLineString line;
            line.addPoint(x_of(s.deepest_col), y_of(s.deepest_row));
            line.addPoint(x_of(s.pour_col), y_of(s.pour_row));
            if (s.spills_into != 0) {
                const auto& d = report.spots[static_cast<std::size_t>(s.spills_into - 1)];
                line.addPoint(x_of(d.deepest_col), y_of(d.deepest_row));
            }
            feature.SetGeometry(&line);
            if (paths->CreateFeature(&feature) != OGRERR_NONE) throw InputError("GeoPackage: cannot write a flow path");
        }
        if (ds->CommitTransaction() != OGRERR_NONE) throw InputError("GeoPackage: cannot commit the flow paths");
    }  // closed: the file is complete
    std::filesystem::rename(temp, path);
    cleanup.keep = true;
}

// In core: one MultiPolygon per spot, polygonized from the spot ids.
void write_geopackage(const std::filesystem::path& path, const BlueSpotJobReport& report,
                      const Grid<std::int32_t>& spot_id) {
    OGRSpatialReference srs = srs_of(report.grid);
    const auto polygons = spot_polygons(spot_id, report.grid, report.spots.size(), srs);
    write_geopackage(path, report, srs, wkbMultiPolygon, [&](std::size_t k) { return polygons[k].get(); });
}

// Out of core: one point per spot, at its deepest cell (polygons of a region's spots would not fit in memory).
void write_point_geopackage(const std::filesystem::path& path, const BlueSpotJobReport& report) {
    OGRSpatialReference srs = srs_of(report.grid);
    OGRPoint point;
    const GeoTransform& t = report.grid.transform;
    write_geopackage(path, report, srs, wkbPoint, [&](std::size_t k) {
        point.setX(t.cell_center_x(report.spots[k].deepest_col));
        point.setY(t.cell_center_y(report.spots[k].deepest_row));
        return &point;
    });
}

// The spot table, streamed to the file (a region has millions of spots): spot_at(k) for k < count. Out of core,
// the columns that need flow directions, the storm or buildings are empty (not computed).
void write_spot_table_csv(const std::filesystem::path& path, const BlueSpotJobReport& report, std::size_t count,
                          const std::function<bluespots::BlueSpot(std::size_t)>& spot_at) {
    AtomicOutput output(path);
    std::ofstream out(output.temp_path());
    out << "spot_id,cells,area_m2,max_depth_m,volume_m3,spill_level_m,deepest_x,deepest_y,bbox_min_x,bbox_min_y,"
           "bbox_max_x,bbox_max_y,pour_x,pour_y,spills_into,catchment_m2,storm_inflow_m3,storm_stored_m3,"
           "storm_overflow_m3,storm_level_m,storm_fill_fraction,buildings_touching\n";
    const auto& t = report.grid.transform;
    const double cell = t.cell_size_m;
    for (std::size_t k = 0; k < count; ++k) {
        const bluespots::BlueSpot s = spot_at(k);
        // Bounding box: the outer edges of the spot's cells.
        out << fmt::format(
            "{},{},{:.6g},{:.4f},{:.6g},{:.4f},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},{:.2f},", s.id, s.cells, s.area_m2,
            s.max_depth_m, s.volume_m3, s.spill_level_m, t.cell_center_x(s.deepest_col), t.cell_center_y(s.deepest_row),
            t.origin_x + static_cast<double>(s.col_min) * cell, t.origin_y - static_cast<double>(s.row_max + 1) * cell,
            t.origin_x + static_cast<double>(s.col_max + 1) * cell, t.origin_y - static_cast<double>(s.row_min) * cell);
        if (report.out_of_core) {
            out << ",,,,,,,,,\n";
            continue;
        }
        const auto& f = report.fill[k];
        out << fmt::format("{:.2f},{:.2f},{},{:.6g},{:.6g},{:.6g},{:.6g},{},{:.6f},{}\n", t.cell_center_x(s.pour_col),
                           t.cell_center_y(s.pour_row), s.spills_into, s.catchment_m2, f.inflow_m3, f.stored_m3,
                           f.overflow_m3, std::isnan(f.level_m) ? std::string() : fmt::format("{:.4f}", f.level_m),
                           f.fill_fraction, report.buildings_touching[k]);
    }
    out.close();
    if (!out) throw InputError(path.string() + ": writing failed (check free disk space)");
    output.commit();
}

}  // namespace

namespace {
std::string bluespot_losses_text(const BlueSpotJob& job) {
    if (job.land_cover)
        return "per land-cover class over the storm (interception, infiltration, sewer; no class: none)";
    if (job.loss_mm_per_h == 0.0) return "none, 0 mm/h: every cell impermeable (the blue-spot assumption)";
    return fmt::format("{:g} mm/h over the storm's duration on every cell", job.loss_mm_per_h);
}

std::string bluespot_land_cover_text(const BlueSpotJob& job) {
    if (!job.land_cover) return "none given";
    return fmt::format("{} {}", land_cover_kind_name(geo_file_kind(*job.land_cover, "land cover")),
                       job.land_cover->string());
}

}  // namespace

std::vector<std::string> bluespot_data_choices(const BlueSpotJob& job) {
    return {"edges free (water that reaches the terrain's edge leaves it); losses: " + bluespot_losses_text(job),
            "land cover: " + bluespot_land_cover_text(job)};
}

namespace {
// Runoff per cell = rain − (interception + infiltration + sewer) of its land-cover class over the storm, the
// same class table as the flood engine (hydro/land_cover.hpp). Cells without a class are impermeable.
Grid<float> runoff_by_land_cover(const std::filesystem::path& path, const GridSpec& grid, const Rain& rain,
                                 BlueSpotJobReport& report) {
    const LandCoverTable table = LandCoverTable::defaults();
    const double duration_s = rain.duration_h * 3600.0, rain_m = rain.depth_mm * 1e-3;
    std::array<float, LandCoverTable::kMaxClasses> loss_m{};
    for (int k = 1; k < table.size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!table.defined(code)) continue;
        const LandCoverClass& c = table[code];
        const double sewer_m = std::min(c.sewer_inflow_mm_per_h * 1e-3 * rain.duration_h, c.sewer_storage_mm * 1e-3);
        loss_m[code] = static_cast<float>(
            std::min(rain_m, c.interception_mm * 1e-3 + c.infiltration.capacity_m(0.0, duration_s) + sewer_m));
    }
    const Grid<std::uint8_t> classes = load_land_cover(path, grid, table).classes;  // a class raster or BGT polygons
    Grid<float> runoff(grid, static_cast<float>(rain_m));
    double loss_sum = 0.0;
    index_t counted = 0;
    for (index_t i = 0; i < classes.size(); ++i) {
        const std::uint8_t code = classes.data()[i];
        if (code == 0) continue;  // no class: impermeable, the blue-spot assumption
        runoff.data()[i] = static_cast<float>(rain_m) - loss_m[code];
        loss_sum += loss_m[code];
        ++counted;
    }
    report.loss_mm = counted > 0 ? loss_sum / static_cast<double>(counted) * 1e3 : 0.0;
    report.runoff_mm = report.rain_mm - report.loss_mm;
    return runoff;
}
// What the screening keeps per cell at its peak: the DEM, the filled DEM, flow directions, nodata classes, spot ids,
// building ids, the storm's depth and runoff, and the depression hierarchy's labels and work lists.
constexpr double kBytesPerCell = 48.0;

// The DEM's grid, checked before it is read: a CRS (declared, or assumed when the user says so), cells the model can
// work with, and memory for the whole job. Returns the CRS the DEM is in (WKT).
std::string checked_dem_crs(const BlueSpotJob& job, bool in_core = true) {
    const std::string name = "DEM " + job.dem.string();
    if (!std::filesystem::exists(job.dem)) throw InputError("DEM file not found: " + job.dem.string());
    const RasterInfo info = raster_info(job.dem.string());
    GridSpec grid = info.spec;
    const bool assumed = grid.crs_wkt.empty();
    require_known_crs(grid, name);  // the file's CRS, or the one --assume-crs names (io/raster_io.hpp)
    require_metric_crs(grid, assumed ? name + " (--assume-crs)" : name);
    require_model_cell_size(grid, name);
    const bool resampled = job.resolution_m > grid.transform.cell_size_m && std::isfinite(job.resolution_m);
    const GridSpec model = resampled ? coarsened_spec(grid, job.resolution_m) : grid;
    if (in_core) {
        try {
            require_memory_for("blue spots on " + name, model.rows, model.cols, kBytesPerCell);
        } catch (const InputError& e) {
            throw InputError(std::string(e.what()) +
                             ". The fill depth alone works tile by tile in bounded memory: "
                             "--out-of-core --holes outside");
        }
    }
    return grid.crs_wkt;
}

// ---------------------------------------------------------------------------------------------------------------
// Out of core: the tiled fill from a raster file to a tiled GeoTIFF of fill depths.

// The peak resident set of this process so far (VmHWM in /proc/self/status), bytes; 0 where it cannot be read.
double peak_resident_bytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;
    return 0.0;
}

// Processor time of this process so far (user + system, all threads), seconds: on a shared machine a truer measure
// of the work than the wall clock.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

class RasterTileReader final : public bluespots::TileReader {
public:
    explicit RasterTileReader(RasterWindowReader& raster) : raster_(raster) {}
    void read(const bluespots::TileWindow& w, GridView<float> out) override { raster_.read(w.row0, w.col0, out); }

private:
    RasterWindowReader& raster_;
};

// Writes filled − terrain (NaN where the terrain is NaN) tile by tile.
class FillDepthTileWriter final : public bluespots::TileWriter {
public:
    explicit FillDepthTileWriter(TiledRasterWriter& raster) : raster_(raster) {}
    void write(const bluespots::TileWindow& w, GridView<const float> terrain, GridView<const float> filled) override {
        depth_.resize(static_cast<std::size_t>(terrain.size()));
        for (index_t r = 0; r < w.rows; ++r)
            for (index_t c = 0; c < w.cols; ++c)
                depth_[static_cast<std::size_t>(r * w.cols + c)] = filled(r, c) - terrain(r, c);
        raster_.write(w.row0, w.col0, GridView<const float>(depth_.data(), w.rows, w.cols));
    }

private:
    TiledRasterWriter& raster_;
    std::vector<float> depth_;
};

void require_out_of_core_options(const BlueSpotJob& job) {
    auto refuse = [](const std::string& what) {
        throw InputError("--out-of-core fills the terrain as it is, tile by tile; " + what +
                         " needs the whole grid in memory (leave it out, or run without --out-of-core)");
    };
    if (job.resolution_m > 0.0) refuse("--resolution");
    if (job.buildings) refuse("--buildings");
    if (job.land_cover) refuse("--land-cover");
    if (job.holes != HolePolicy::outside || job.holes_as_buildings)
        throw InputError(
            "--out-of-core treats no-data cells as outside the model (water leaves there); give "
            "--holes outside to confirm, or fill the holes first");
    // At most 2^32 − 1 cells a tile (the fill's cell index); 32768² is 1 G cells, 9 GB a worker already.
    if (job.tile_cells < 16 || job.tile_cells > 32768)
        throw InputError(fmt::format("the tile size must be 16..32768 cells (got {})", job.tile_cells));
}

// Writes spot ids tile by tile (Int32, 0 = no spot).
class SpotIdRasterWriter final : public bluespots::SpotIdTileWriter {
public:
    explicit SpotIdRasterWriter(TiledRasterWriter& raster) : raster_(raster) {}
    void write(const bluespots::TileWindow& w, GridView<const std::int32_t> ids) override {
        raster_.write(w.row0, w.col0, ids);
    }

private:
    TiledRasterWriter& raster_;
};

// The second pass over the fill depth just written: spot_id.tif, tile by tile.
std::filesystem::path write_spot_id_raster(const BlueSpotJob& job, const std::filesystem::path& depth_path,
                                           const GridSpec& grid, const bluespots::Tiling& tiling,
                                           const bluespots::TiledSpots& spots, const WriteOptions& base,
                                           const ExecutionContext& context) {
    RasterWindowReader depth(depth_path.string());
    RasterTileReader reader(depth);
    WriteOptions options = base;
    options.band_description = "blue spot id";
    options.unit.clear();
    options.nodata = 0.0;
    const auto path = job.output_dir / "spot_id.tif";
    TiledRasterWriter ids(path.string(), grid, options, true);
    SpotIdRasterWriter writer(ids);
    bluespots::write_spot_ids_tiled(reader, writer, tiling, spots, job.min_depth_m, context);
    ids.commit();
    return path;
}

// What the out-of-core run computes and what it leaves to an in-core run (provenance and summary).
nlohmann::json out_of_core_scope() {
    return {
        {"computed_out_of_core",
         {"fill depth: tiled Priority-Flood (Barnes 2016, doi:10.1016/j.cageo.2016.07.001)",
          "spot labelling: per-tile labels joined across tile seams by a union-find (two-pass connected-component "
          "labelling, Rosenfeld & Pfaltz 1966; Wu, Otoo & Suzuki 2009), ids as the in-core run gives them",
          "spot table: cells, area, volume, max depth, spill level, deepest point, bounding box",
          "spot ids raster (a second pass over the fill depth)"}},
        {"not_computed",
         {"flow directions, pour points, spills_into, catchments (empty in bluespots.csv, null in bluespots.gpkg)",
          "the storm: depression hierarchy and Fill-Spill-Merge (storm_* columns empty)",
          "buildings (buildings_touching empty), land cover, resampling, hole filling",
          "spot polygons: bluespots.gpkg (only with --spot-points) holds one point per spot, at its deepest cell",
          "flow_paths layer, overviews of the rasters"}},
    };
}

void write_out_of_core_summary(const BlueSpotJob& job, const BlueSpotJobReport& report, nlohmann::json& params,
                               const bluespots::TiledFillStats& stats, const bluespots::TiledSpots& spots,
                               const std::array<double, 3>& ids_gpkg_csv_s, int threads, Provenance& provenance) {
    const double cells = static_cast<double>(report.grid.cell_count());
    nlohmann::json summary = {
        {"scenario", job.scenario},
        {"out_of_core", true},
        {"spots", report.spot_count},
        {"total_storage_m3", report.total_volume_m3},
        {"min_depth_m", job.min_depth_m},
        {"grid", params["grid"]},
        {"valid_cells", report.valid_cells},
        {"raised_cells", report.raised_cells},
        {"tiles", stats.tiles},
        {"spill_graph", {{"labels", stats.labels}, {"edges", stats.spill_edges}, {"bytes", stats.graph_bytes}}},
        {"spot_fragments", {{"fragments", spots.fragments}, {"bytes", spots.bytes}}},
        {"peak_memory_bytes", report.peak_memory_bytes},
        {"peak_memory_bytes_per_cell", report.peak_memory_bytes / cells},
        {"timing_s",
         {{"label_tiles", stats.label_s},
          {"spill_graph", stats.graph_s},
          {"fill_and_label_spot_tiles", stats.fill_s},
          {"merge_spots", spots.merge_s},
          {"spot_ids", ids_gpkg_csv_s[0]},
          {"spot_geopackage", ids_gpkg_csv_s[1]},
          {"spot_csv", ids_gpkg_csv_s[2]},
          {"write", report.timing.write_s},
          {"total", report.timing.total_s}}},
        {"cells_per_s", cells / report.timing.total_s},
        {"cpu_s", cpu_seconds()},
        {"threads", threads},
        {"scope", out_of_core_scope()},
    };
    write_text_atomic(job.output_dir / "bluespots_summary.json", summary.dump(2) + "\n");
    params["peak_memory_bytes"] = report.peak_memory_bytes;
    params["spots"] = report.spot_count;
    params["scope"] = summary["scope"];
    provenance.parameters = params;
    write_provenance(job.output_dir / "provenance.json", provenance);
}

BlueSpotJobReport run_out_of_core(const BlueSpotJob& job, const ExecutionContext& context) {
    const auto start = Clock::now();
    require_out_of_core_options(job);
    BlueSpotJobReport report;
    report.out_of_core = true;
    const std::string dem_crs = checked_dem_crs(job, false);
    // GDAL's block cache defaults to 5 % of the machine's memory; the tiles are read and written once each, so a
    // small cache does (unless the user set GDAL_CACHEMAX).
    if (CPLGetConfigOption("GDAL_CACHEMAX", nullptr) == nullptr) GDALSetCacheMax64(std::int64_t{256} << 20);
    RasterWindowReader raster(job.dem.string());
    report.grid = raster.info().spec;
    report.grid.crs_wkt = dem_crs;
    const GridSpec& grid = report.grid;
    // Tiles of whole 256-cell blocks of the output (each compressed once), aligned to the input's blocks too
    // when they are 256 or a divisor of it (GeoTIFF and VRT defaults).
    const index_t side = (job.tile_cells + 255) / 256 * 256;
    const bluespots::Tiling tiling = bluespots::Tiling::uniform(grid.rows, grid.cols, side, side);

    Provenance provenance;
    provenance.command_line = job.command_line;
    provenance.scenario = job.scenario;
    provenance.add_input("dem", job.dem);
    nlohmann::json params = {
        {"method",
         "blue spots out of core: tiled Priority-Flood (Barnes 2016) and tiled spot labelling (two-pass "
         "connected components, union-find on tile seams); no flow directions, no storm"},
        {"grid",
         {{"rows", grid.rows},
          {"cols", grid.cols},
          {"cell_size_m", grid.transform.cell_size_m},
          {"origin_x", grid.transform.origin_x},
          {"origin_y", grid.transform.origin_y},
          {"crs", describe_crs(grid.crs_wkt)}}},
        {"holes", "outside"},
        {"min_depth_m", job.min_depth_m},
        {"tile_cells", side},
        {"tiles", tiling.tile_count()},
    };
    std::filesystem::create_directories(job.output_dir);
    WriteOptions options;
    options.metadata = provenance.to_metadata();
    options.band_description = "fill depth: filled terrain minus terrain (blue-spot depth when full)";
    options.unit = "m";
    const auto depth_path = job.output_dir / "fill_depth_m.tif";
    TiledRasterWriter depth_raster(depth_path.string(), grid, options);
    RasterTileReader reader(raster);
    FillDepthTileWriter writer(depth_raster);
    bluespots::TiledSpotLabeller labeller(tiling, {job.min_depth_m, grid.transform.cell_size_m},
                                          context.thread_count());
    bluespots::SpotLabellingWriter labelling(labeller, writer);
    const bluespots::TiledFillStats stats = bluespots::fill_depressions_tiled(reader, labelling, tiling, context);
    auto t = Clock::now();
    depth_raster.commit();
    report.written.push_back(depth_path);
    report.timing.write_s = seconds_since(t);
    bluespots::TiledSpots spots = labeller.finish();
    t = Clock::now();
    report.written.push_back(write_spot_id_raster(job, depth_path, grid, tiling, spots, options, context));
    const double spot_ids_s = seconds_since(t);
    std::vector<std::int32_t>().swap(spots.id_of_fragment);  // only the spot-id pass needs it
    report.spot_count = spots.count();
    for (const auto& s : spots.records) report.total_volume_m3 += s.volume_m3;
    t = Clock::now();
    if (job.spot_points) {  // the full records (about 150 bytes a spot) only for the GeoPackage
        report.spots.reserve(spots.count());
        for (std::size_t k = 0; k < spots.count(); ++k) report.spots.push_back(spots.spot(k));
        write_point_geopackage(job.output_dir / "bluespots.gpkg", report);
        report.written.push_back(job.output_dir / "bluespots.gpkg");
    }
    const double gpkg_s = seconds_since(t);
    write_spot_table_csv(job.output_dir / "bluespots.csv", report, spots.count(),
                         [&](std::size_t k) { return spots.spot(k); });
    report.written.push_back(job.output_dir / "bluespots.csv");
    const double table_s = seconds_since(t);
    report.timing.write_s += table_s;
    report.timing.fill_s = stats.label_s + stats.graph_s + stats.fill_s;
    report.timing.spots_s = spots.merge_s + spot_ids_s;
    report.valid_cells = stats.valid_cells;
    report.raised_cells = stats.raised_cells;
    report.tiles = stats.tiles;
    report.labels = stats.labels;
    report.spill_edges = stats.spill_edges;
    report.timing.total_s = seconds_since(start);
    report.peak_memory_bytes = peak_resident_bytes();
    write_out_of_core_summary(job, report, params, stats, spots, {spot_ids_s, gpkg_s, table_s - gpkg_s},
                              context.thread_count(), provenance);
    report.written.push_back(job.output_dir / "bluespots_summary.json");
    report.written.push_back(job.output_dir / "provenance.json");
    return report;
}

}  // namespace

BlueSpotJobReport run_bluespot_job(const BlueSpotJob& job, const ExecutionContext& context) {
    using namespace bluespots;
    const auto start = Clock::now();
    const PeakMemoryWatch memory;               // the run's peak, for its provenance
    const OpenMPThreadsScope threads(context);  // the kernels without a thread count of their own, GDAL's decoding
    BlueSpotJobReport report;
    if (job.output_dir.empty()) throw InputError("no output folder given");
    if (!(job.min_depth_m >= 0.0f) || !std::isfinite(job.min_depth_m) || job.min_depth_m > 100.0f)
        throw InputError(fmt::format("the minimum depth must be 0..100 m (got {})", job.min_depth_m));
    if (job.out_of_core) return run_out_of_core(job, context);
    if (!(job.building_height_m >= 0.0) || !std::isfinite(job.building_height_m) || job.building_height_m > 1000.0)
        throw InputError(fmt::format("the building height must be 0..1000 m (got {})", job.building_height_m));
    const Rain rain = make_rain(job);  // before the heavy work, so a wrong storm fails fast
    report.rain_name = rain.name;
    report.rain_mm = rain.depth_mm;
    report.loss_mm = std::min(rain.depth_mm, job.loss_mm_per_h * rain.duration_h);
    report.runoff_mm = rain.depth_mm - report.loss_mm;
    if (job.buildings && !std::filesystem::exists(*job.buildings))
        throw InputError("buildings file not found: " + job.buildings->string());

    // Terrain, holes, buildings.
    auto t = Clock::now();
    const std::string dem_crs = checked_dem_crs(job);
    Grid<float> dem = load_terrain(job.dem, job.resolution_m, "DEM");
    dem.spec().crs_wkt = dem_crs;  // the declared CRS, or the one the user assumed for a file without
    report.grid = dem.spec();
    const GridSpec& grid = report.grid;
    const Grid<std::uint8_t> classes = classify_nodata(dem.view());
    report.nodata = fill_holes(dem.view(), classes.view(), job.holes_as_buildings ? HolePolicy::fill : job.holes);
    if (job.holes_as_buildings) {  // AHN leaves gaps under roofs: treat every hole like a building
        for (index_t i = 0; i < dem.size(); ++i)
            if (classes.data()[i] == nodata_class::hole) {
                dem.data()[i] += static_cast<float>(job.building_height_m);
                ++report.building_cells;
            }
    }
    for (float v : dem.values()) report.valid_cells += !std::isnan(v);
    if (report.valid_cells == 0) throw InputError("DEM " + job.dem.string() + " has no cells with data");
    Grid<std::int32_t> building_id;
    if (job.buildings) {
        building_id = rasterize_feature_ids(job.buildings->string(), grid, false, kBuildingFootprints);
        for (index_t i = 0; i < dem.size(); ++i)
            if (building_id.data()[i] != 0 && !std::isnan(dem.data()[i])) {
                dem.data()[i] += static_cast<float>(job.building_height_m);
                ++report.building_cells;
            }
    }
    report.timing.read_s = seconds_since(t);
    context.throw_if_cancelled();

    // Kernels.
    t = Clock::now();
    const Grid<float> filled = filled_dem(dem.view());
    report.timing.fill_s = seconds_since(t);
    t = Clock::now();
    const Grid<std::uint8_t> dirs = flow_directions(filled.view());
    report.timing.directions_s = seconds_since(t);
    context.throw_if_cancelled();
    t = Clock::now();
    BlueSpotMap map = find_blue_spots(dem.view(), filled.view(), dirs.view(),
                                      SpotOptions{job.min_depth_m, grid.transform.cell_size_m});
    report.buildings_touching = job.buildings
                                    ? buildings_touching(map.spot_id.view(), building_id.view(), map.spots.size())
                                    : std::vector<std::int32_t>(map.spots.size(), 0);
    report.timing.spots_s = seconds_since(t);
    t = Clock::now();
    std::optional<Grid<float>> runoff;
    if (job.land_cover) runoff = runoff_by_land_cover(*job.land_cover, grid, rain, report);
    FillSpillResult fs = runoff ? fill_spill_merge(dem.view(), map, runoff->view())
                                : fill_spill_merge(dem.view(), map, report.runoff_mm * 1e-3);
    report.timing.fill_spill_s = seconds_since(t);
    context.throw_if_cancelled();
    report.spots = map.spots;
    report.spot_count = map.spots.size();
    report.fill = fs.spots;
    for (const auto& s : map.spots) report.total_volume_m3 += s.volume_m3;
    report.total_runoff_m3 = fs.total_runoff_m3;
    report.stored_m3 = fs.stored_m3;
    report.spilled_out_m3 = fs.spilled_out_m3();
    report.volume_error_m3 = fs.volume_error_m3();
    report.full_spots = fs.full_spots;

    // Outputs.
    t = Clock::now();
    Provenance provenance;
    provenance.command_line = job.command_line;
    provenance.scenario = job.scenario;
    provenance.add_input("dem", job.dem);
    if (job.buildings) provenance.add_input("buildings", *job.buildings);
    if (job.land_cover) provenance.add_input("land_cover", *job.land_cover);
    if (!job.storm.empty()) provenance.add_input("design_storms", standard_storms_csv());
    nlohmann::json params = {
        {"method",
         "blue spots: Priority-Flood fill, D8 (flats resolved), depression hierarchy and Fill-Spill-Merge (Barnes et al. 2020, 2021)"},
        {"grid",
         {{"rows", grid.rows},
          {"cols", grid.cols},
          {"cell_size_m", grid.transform.cell_size_m},
          {"origin_x", grid.transform.origin_x},
          {"origin_y", grid.transform.origin_y},
          {"crs", describe_crs(grid.crs_wkt)}}},
        {"resolution_m", job.resolution_m},
        {"assumed_crs", assumed_crs().empty() ? nlohmann::json(nullptr) : nlohmann::json(describe_crs(assumed_crs()))},
        {"holes", job.holes_as_buildings ? std::string("building") : std::string(to_string(job.holes))},
        {"land_cover", job.land_cover ? job.land_cover->string() : std::string("none (uniform losses)")},
        {"data_choices",
         {{"edges", "free (water that reaches the terrain's edge leaves it)"},
          {"losses", bluespot_losses_text(job)},
          {"land_cover", bluespot_land_cover_text(job)}}},
        {"nodata",
         {{"outside_cells", report.nodata.outside_cells},
          {"hole_cells", report.nodata.hole_cells},
          {"hole_count", report.nodata.hole_count},
          {"filled_cells", report.nodata.filled_cells}}},
        {"building_height_m", job.building_height_m},
        {"building_cells", report.building_cells},
        {"min_depth_m", job.min_depth_m},
        {"rain",
         {{"name", rain.name},
          {"depth_mm", rain.depth_mm},
          {"duration_h", rain.duration_h},
          {"loss_mm_per_h", job.loss_mm_per_h},
          {"loss_mm", report.loss_mm},
          {"runoff_mm", report.runoff_mm}}},
    };
    provenance.parameters = params;
    WriteOptions base;
    base.metadata = provenance.to_metadata();
    base.cancel = context.cancel;
    std::filesystem::create_directories(job.output_dir);
    auto write_float = [&](const std::string& file, const Grid<float>& values, const std::string& what) {
        WriteOptions options = base;
        options.band_description = what;
        options.unit = "m";
        const auto path = job.output_dir / file;
        write_cog(path.string(), values.view(), grid, options);
        report.written.push_back(path);
    };
    {
        Grid<float> capacity(grid.rows, grid.cols, 0.0f);
        for (index_t i = 0; i < capacity.size(); ++i) {
            if (std::isnan(dem.data()[i]))
                capacity.data()[i] = NAN;
            else if (map.spot_id.data()[i] != 0)
                capacity.data()[i] = filled.data()[i] - dem.data()[i];
        }
        write_float("filled_depth_m.tif", capacity, "blue-spot depth when full (fill depth of spot cells)");
    }
    write_float("storm_depth_m.tif", fs.depth_m, "blue-spot water depth after " + rain.name);
    {
        WriteOptions options = base;
        options.band_description = "blue spot id";
        options.nodata = 0.0;
        const auto path = job.output_dir / "spot_id.tif";
        write_cog(path.string(), map.spot_id.view(), grid, options);
        report.written.push_back(path);
    }
    const auto gpkg = job.output_dir / "bluespots.gpkg";
    write_geopackage(gpkg, report, map.spot_id);
    report.written.push_back(gpkg);
    write_spot_table_csv(job.output_dir / "bluespots.csv", report, report.spots.size(),
                         [&](std::size_t k) { return report.spots[k]; });
    report.written.push_back(job.output_dir / "bluespots.csv");
    report.timing.write_s = seconds_since(t);
    report.timing.total_s = seconds_since(start);

    nlohmann::json summary = {
        {"scenario", job.scenario},
        {"spots", map.spots.size()},
        {"full_spots", report.full_spots},
        {"total_storage_m3", report.total_volume_m3},
        {"rain", params["rain"]},
        {"volume_check",
         {{"total_runoff_m3", report.total_runoff_m3},
          {"stored_m3", report.stored_m3},
          {"spilled_out_m3", report.spilled_out_m3},
          {"runoff_outside_spot_catchments_m3", fs.runoff_outside_spots_m3},
          {"overflow_out_of_domain_m3", fs.overflow_out_m3},
          {"error_m3", report.volume_error_m3},
          {"relative_error", report.total_runoff_m3 > 0 ? report.volume_error_m3 / report.total_runoff_m3 : 0.0}}},
        {"grid", params["grid"]},
        {"valid_cells", report.valid_cells},
        {"timing_s",
         {{"read", report.timing.read_s},
          {"fill", report.timing.fill_s},
          {"directions", report.timing.directions_s},
          {"spots", report.timing.spots_s},
          {"fill_spill", report.timing.fill_spill_s},
          {"write", report.timing.write_s},
          {"total", report.timing.total_s}}},
    };
    write_text_atomic(job.output_dir / "bluespots_summary.json", summary.dump(2) + "\n");
    report.written.push_back(job.output_dir / "bluespots_summary.json");
    provenance.parameters["volume_check"] = summary["volume_check"];
    provenance.parameters["spots"] = map.spots.size();
    provenance.record_memory(memory, grid.rows * grid.cols);
    write_provenance(job.output_dir / "provenance.json", provenance);
    report.written.push_back(job.output_dir / "provenance.json");
    return report;
}

std::string format_bluespot_summary(const BlueSpotJob& job, const BlueSpotJobReport& r) {
    std::string out;
    const auto& g = r.grid;
    if (r.out_of_core) {
        out += fmt::format("Blue spots out of core: fill and spots of {} × {} cells of {:g} m in {} tiles\n", g.rows,
                           g.cols, g.transform.cell_size_m, r.tiles);
        out += fmt::format("  cells with data {}, raised by the fill {} ({:.2f} km²)\n", r.valid_cells, r.raised_cells,
                           static_cast<double>(r.raised_cells) * g.cell_area_m2() * 1e-6);
        out += fmt::format("  spill graph: {} labels, {} edges\n", r.labels, r.spill_edges);
        out += fmt::format(
            "  {} blue spots deeper than {:g} m, total storage when full {:.1f} m³ (no storm, no "
            "catchments out of core)\n",
            r.spot_count, job.min_depth_m, r.total_volume_m3);
        out += fmt::format("  time {:.1f} s ({:.1f} M cells/s), peak memory {:.0f} MB ({:.2f} bytes a cell)\n",
                           r.timing.total_s, static_cast<double>(g.cell_count()) / r.timing.total_s * 1e-6,
                           r.peak_memory_bytes / 1e6, r.peak_memory_bytes / static_cast<double>(g.cell_count()));
        out += "  outputs in " + job.output_dir.string() + "\n";
        return out;
    }
    out += fmt::format("Blue spots: {} on {} × {} cells of {:g} m ({:.2f} km², {} building cells raised {:g} m)\n",
                       r.spots.size(), g.rows, g.cols, g.transform.cell_size_m,
                       static_cast<double>(r.valid_cells) * g.cell_area_m2() * 1e-6, r.building_cells,
                       job.building_height_m);
    out += fmt::format("  total storage when full   {:.1f} m³\n", r.total_volume_m3);
    out += fmt::format("  rain {}: {:.1f} mm − losses {:.1f} mm = runoff {:.1f} mm = {:.1f} m³\n", r.rain_name,
                       r.rain_mm, r.loss_mm, r.runoff_mm, r.total_runoff_m3);
    out += fmt::format("  stored in spots           {:.1f} m³ ({} spots full)\n", r.stored_m3, r.full_spots);
    out += fmt::format("  spilled out of the domain {:.1f} m³\n", r.spilled_out_m3);
    out += fmt::format("  volume check error        {:.3g} m³\n", r.volume_error_m3);
    std::vector<std::size_t> largest(r.spots.size());
    for (std::size_t k = 0; k < largest.size(); ++k) largest[k] = k;
    std::sort(largest.begin(), largest.end(),
              [&](std::size_t a, std::size_t b) { return r.spots[a].volume_m3 > r.spots[b].volume_m3; });
    if (largest.size() > 5) largest.resize(5);
    if (!largest.empty()) out += "  largest spots (deepest point, RD):\n";
    for (std::size_t k : largest) {
        const auto& s = r.spots[k];
        out += fmt::format(
            "    #{:<6} {:>10.1f} m³ {:>9.0f} m² max {:.2f} m at ({:.1f}, {:.1f}); {:.0f}% filled; {} buildings touching\n",
            s.id, s.volume_m3, s.area_m2, s.max_depth_m, g.transform.cell_center_x(s.deepest_col),
            g.transform.cell_center_y(s.deepest_row), 100.0 * r.fill[k].fill_fraction, r.buildings_touching[k]);
    }
    out += fmt::format(
        "  time {:.2f} s (read {:.2f}, fill {:.2f}, directions {:.2f}, spots {:.2f}, fill-spill {:.2f}, write {:.2f})\n",
        r.timing.total_s, r.timing.read_s, r.timing.fill_s, r.timing.directions_s, r.timing.spots_s,
        r.timing.fill_spill_s, r.timing.write_s);
    out += "  outputs in " + job.output_dir.string() + "\n";
    return out;
}

}  // namespace wn
