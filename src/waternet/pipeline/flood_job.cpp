#include "waternet/pipeline/flood_job.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/inputs.hpp"

namespace wn {

std::filesystem::path data_dir() {
    if (const char* env = std::getenv("WATERNET_DATA_DIR"); env != nullptr && *env != '\0') return env;
    return WATERNET_SOURCE_DATA_DIR;
}

std::filesystem::path standard_storms_csv() { return data_dir() / "rain" / "design_storms_rioned_bui01-10_deltaprogramma.csv"; }

LandCoverTable job_land_cover_table() { return LandCoverTable::defaults(); }

std::uint8_t cover_class_by_name(const std::string& name) {
    const LandCoverTable table = job_land_cover_table();
    std::string names;
    for (int k = 1; k < table.size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!table.defined(code) || table[code].is_building) continue;
        if (table[code].name == name) return code;
        names += (names.empty() ? "" : ", ") + table[code].name;
    }
    throw InputError("unknown land cover '" + name + "'; choose one of: " + names);
}

namespace {

RainSeries make_rain(const FloodJob& job) {
    int given = (!job.storm.empty()) + (job.constant_rain_mm_per_h > 0.0) + job.rain_csv.has_value() +
                job.rain_raster_list.has_value();
    if (given != 1)
        throw InputError("give exactly one rain source: a storm name, a constant intensity, a rain CSV or a "
                         "raster rain list (got " + std::to_string(given) + ")");
    if (!job.storm.empty()) return standard_storm(job.storm, standard_storms_csv());
    if (job.constant_rain_mm_per_h > 0.0) return constant_rain(job.constant_rain_mm_per_h, job.constant_rain_duration_s);
    if (job.rain_csv) return read_rain_csv(*job.rain_csv);
    // Raster rain: depths come from the rasters (RasterRain); the series only names it.
    return RainSeries("raster rain " + job.rain_raster_list->filename().string(), {});
}

// Spatially varying rain from a list of intensity rasters (mm/h), each resampled onto the model grid once.
class RasterRain {
public:
    RasterRain(const std::filesystem::path& list, const GridSpec& grid) {
        for (const RainRasterFrame& frame : read_rain_raster_list(list)) {
            Grid<float> intensity = read_raster_onto(frame.raster.string(), grid, Resampling::bilinear);
            for (float& v : intensity.values()) {
                if (std::isnan(v)) v = 0.0f;  // no radar coverage: no rain there
                if (v < 0.0f || v > kMaxRainIntensityMmPerHour)
                    throw InputError(fmt::format("rain raster {} holds {} mm/h; intensities must be 0..{}",
                                                 frame.raster.string(), v, kMaxRainIntensityMmPerHour));
            }
            frames_.push_back({frame.t_start_s, frame.t_end_s, std::move(intensity)});
        }
    }
    void operator()(double t0, double t1, GridView<float> depth) const {
        for (index_t i = 0; i < depth.size(); ++i) depth.data()[i] = 0.0f;
        for (const Frame& f : frames_) {
            const double overlap = std::min(t1, f.t_end) - std::max(t0, f.t_start);
            if (overlap <= 0.0) continue;
            const double m_per_mm_h = overlap * 1e-3 / 3600.0;
            for (index_t i = 0; i < depth.size(); ++i)
                depth.data()[i] += static_cast<float>(f.intensity_mm_per_h.data()[i] * m_per_mm_h);
        }
    }

private:
    struct Frame {
        double t_start, t_end;
        Grid<float> intensity_mm_per_h;
    };
    std::vector<Frame> frames_;
};

struct Cell {
    index_t row, col;
};
Cell cell_of(const GridSpec& grid, const PointSpec& p, const std::string& what) {
    const index_t r = grid.transform.row_of(p.y), c = grid.transform.col_of(p.x);
    if (!grid.contains_cell(r, c))
        throw InputError(fmt::format("{} '{}' at ({:.1f}, {:.1f}) lies outside the model grid ({:.0f}..{:.0f}, "
                                     "{:.0f}..{:.0f})",
                                     what, p.name, p.x, p.y, grid.min_x(), grid.max_x(), grid.min_y(), grid.max_y()));
    return {r, c};
}

std::vector<FloodJobReport::Spot> deepest_spots(const Grid<float>& depth, const GridSpec& grid, std::size_t count,
                                                double min_separation_m) {
    std::vector<index_t> order;
    for (index_t i = 0; i < depth.size(); ++i)
        if (depth.data()[i] > 0.0f) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](index_t a, index_t b) { return depth.data()[a] > depth.data()[b]; });
    std::vector<FloodJobReport::Spot> spots;
    for (index_t i : order) {
        const double x = grid.transform.cell_center_x(i % grid.cols), y = grid.transform.cell_center_y(i / grid.cols);
        const bool far = std::all_of(spots.begin(), spots.end(),
                                     [&](const auto& s) { return std::hypot(s.x - x, s.y - y) >= min_separation_m; });
        if (!far) continue;
        spots.push_back({x, y, depth.data()[i]});
        if (spots.size() == count) break;
    }
    return spots;
}

std::string balance_csv(const VolumeBalance& b) {
    std::ostringstream out;
    out.precision(12);
    out << "term,volume_m3\n"
        << "rain," << b.rain_m3 << "\ninterception," << b.interception_m3 << "\ninfiltration," << b.infiltration_m3
        << "\nsewer," << b.sewer_m3 << "\ninflow," << b.inflow_m3 << "\nboundary_in," << b.boundary_in_m3
        << "\nboundary_out," << b.boundary_out_m3 << "\ninitial_storage," << b.initial_storage_m3
        << "\nfinal_storage," << b.final_storage_m3 << "\nerror," << b.error_m3() << "\n";
    return out.str();
}

nlohmann::json balance_json(const VolumeBalance& b) {
    return {{"rain_m3", b.rain_m3},
            {"interception_m3", b.interception_m3},
            {"infiltration_m3", b.infiltration_m3},
            {"sewer_m3", b.sewer_m3},
            {"inflow_m3", b.inflow_m3},
            {"boundary_in_m3", b.boundary_in_m3},
            {"boundary_out_m3", b.boundary_out_m3},
            {"initial_storage_m3", b.initial_storage_m3},
            {"final_storage_m3", b.final_storage_m3},
            {"error_m3", b.error_m3()},
            {"relative_error", b.relative_error()},
            {"definition", "error = (final - initial storage) - (rain + inflow + boundary_in - interception - "
                           "infiltration - sewer - boundary_out)"}};
}

std::string edge_name(EdgeKind kind) {
    switch (kind) {
        case EdgeKind::closed: return "closed";
        case EdgeKind::free_outflow: return "free_outflow";
        case EdgeKind::water_level: return "water_level";
    }
    return "?";
}

nlohmann::json settings_json(const FloodJob& job, const FloodSettings& s, const GridSpec& grid, const NodataReport& nd) {
    nlohmann::json edges = nlohmann::json::object();
    const char* names[4] = {"north", "east", "south", "west"};
    for (int e = 0; e < 4; ++e) edges[names[e]] = edge_name(s.edges[e].kind);
    const LandCoverTable table = job_land_cover_table();
    nlohmann::json classes = nlohmann::json::array();
    for (int k = 1; k < table.size(); ++k) {
        const auto code = static_cast<std::uint8_t>(k);
        if (!table.defined(code)) continue;
        const LandCoverClass& c = table[code];
        classes.push_back({{"code", k}, {"name", c.name}, {"manning_n", c.manning_n}, {"interception_mm", c.interception_mm},
                           {"infiltration_f0_mm_per_h", c.infiltration.initial_mm_per_h},
                           {"infiltration_fc_mm_per_h", c.infiltration.final_mm_per_h},
                           {"infiltration_decay_per_h", c.infiltration.decay_per_h},
                           {"sewer_inflow_mm_per_h", c.sewer_inflow_mm_per_h}, {"sewer_storage_mm", c.sewer_storage_mm}});
    }
    return {{"resolution_m", grid.transform.cell_size_m},
            {"grid", {{"rows", grid.rows}, {"cols", grid.cols}, {"origin_x", grid.transform.origin_x},
                      {"origin_y", grid.transform.origin_y}, {"crs", describe_crs(grid.crs_wkt)}}},
            {"duration_s", s.duration_s},
            {"after_rain_s", job.after_rain_s},
            {"cfl_alpha", s.cfl_alpha},
            {"theta", s.theta},
            {"dry_depth_m", s.dry_depth_m},
            {"max_dt_s", s.max_dt_s},
            {"exchange_interval_s", s.exchange_interval_s},
            {"edges", edges},
            {"roofs_to_sewer", s.roofs_to_sewer},
            {"default_cover", job.default_cover},
            {"land_cover_classes", classes},
            {"duration_thresholds_m", s.duration_thresholds_m},
            {"arrival_threshold_m", s.arrival_threshold_m},
            {"velocity_min_depth_m", s.velocity_min_depth_m},
            {"nodata", {{"hole_policy", std::string(to_string(job.holes))}, {"outside_cells", nd.outside_cells},
                        {"hole_cells", nd.hole_cells}, {"holes", nd.hole_count}, {"filled_cells", nd.filled_cells}}}};
}

// AHN leaves holes on water and under buildings. Holes where the land cover says water become a flat water
// surface at their rim's lowest level whatever the policy; the other holes follow the job's policy.
NodataReport fill_terrain_holes(Grid<float>& dem, const Grid<std::uint8_t>& cover, HolePolicy policy) {
    Grid<std::uint8_t> classes = classify_nodata(dem.view());
    Grid<std::uint8_t> water_holes = classes;
    bool any_water = false;
    for (index_t i = 0; i < classes.size(); ++i) {
        if (classes.data()[i] != nodata_class::hole) continue;
        const bool water = cover.data()[i] == kWater;
        any_water |= water;
        if (!water) water_holes.data()[i] = nodata_class::outside;  // left for the second pass
    }
    NodataReport report;
    if (any_water) {
        report = fill_holes(dem.view(), water_holes.view(), HolePolicy::water);
        classes = classify_nodata(dem.view());
    }
    const NodataReport rest = fill_holes(dem.view(), classes.view(), policy);
    report.outside_cells = rest.outside_cells;
    report.hole_cells += rest.hole_cells;
    report.hole_count += rest.hole_count;
    report.filled_cells += rest.filled_cells;
    return report;
}

std::string threshold_label(double metres) { return fmt::format("{:.0f}cm", metres * 100.0); }

}  // namespace

FloodJobReport run_flood_job(const FloodJob& job) {
    FloodJobReport report;
    if (job.output_dir.empty()) throw InputError("no output folder given");

    // Terrain, its holes, and the domain.
    Grid<float> dem = load_terrain(job.terrain, job.resolution_m, "terrain");
    report.grid = dem.spec();
    const GridSpec& grid = report.grid;
    // Land cover: a class raster if given, else the default class; buildings burned in on top.
    const LandCoverTable table = job_land_cover_table();
    Grid<std::uint8_t> cover = land_cover_grid(grid, job.default_cover, job.land_cover, table);
    if (job.buildings) {
        const Grid<std::uint8_t> roofs = rasterize_mask(job.buildings->string(), grid);
        for (index_t i = 0; i < roofs.size(); ++i)
            if (roofs.data()[i] != 0) cover.data()[i] = kBuilding;
    }
    report.nodata = fill_terrain_holes(dem, cover, job.holes);
    if (job.measures) report.measures = apply_measures(*job.measures, dem, cover);

    // Rain and timing.
    const RainSeries rain = make_rain(job);
    report.rain_name = rain.name();
    report.rain_total_mm = rain.total_depth_m() * 1e3;
    if (!(job.after_rain_s >= 0.0) || job.after_rain_s > 30.0 * 86400.0)
        throw InputError(fmt::format("time after the rain must be 0..30 days (got {} s)", job.after_rain_s));
    FloodSettings settings = job.settings;
    // The forcing ends with the last rain (uniform or raster) or the last inflow; the run goes on after that.
    double forcing_end_s = rain.duration_s();
    if (job.rain_raster_list)
        for (const RainRasterFrame& f : read_rain_raster_list(*job.rain_raster_list))
            forcing_end_s = std::max(forcing_end_s, f.t_end_s);
    for (const InflowSpec& f : job.inflows)
        if (!f.discharge_m3_per_s.points.empty()) forcing_end_s = std::max(forcing_end_s, f.discharge_m3_per_s.points.back().first);
    settings.duration_s = forcing_end_s + job.after_rain_s;
    report.duration_s = settings.duration_s;
    std::optional<RasterRain> raster_rain;
    if (job.rain_raster_list) raster_rain.emplace(*job.rain_raster_list, grid);

    FloodInputs inputs;
    inputs.terrain_m = dem.view();
    inputs.cell_size_m = grid.transform.cell_size_m;
    inputs.land_cover = cover.view();
    inputs.classes = &table;
    inputs.rain = &rain;
    if (raster_rain) inputs.rain_field = [&](double t0, double t1, GridView<float> d) { (*raster_rain)(t0, t1, d); };
    for (const PointSpec& g : job.gauges) {
        const Cell c = cell_of(grid, g, "gauge");
        inputs.gauges.push_back({g.name, c.row, c.col});
    }
    for (const InflowSpec& f : job.inflows) {
        const Cell c = cell_of(grid, f.where, "inflow");
        inputs.inflows.push_back({f.where.name, c.row, c.col, f.discharge_m3_per_s});
    }

    // Provenance, shared by every output of the run.
    Provenance provenance;
    provenance.command_line = job.command_line;
    provenance.scenario = job.scenario;
    provenance.add_input("terrain", job.terrain);
    if (job.buildings) provenance.add_input("buildings", *job.buildings);
    if (job.land_cover) provenance.add_input("land_cover", *job.land_cover);
    if (job.measures) provenance.add_input("measures", *job.measures);
    if (!job.storm.empty()) provenance.add_input("design_storms", standard_storms_csv());
    if (job.rain_csv) provenance.add_input("rain", *job.rain_csv);
    if (job.rain_raster_list) provenance.add_input("rain_rasters", *job.rain_raster_list);
    provenance.parameters = settings_json(job, settings, grid, report.nodata);
    if (job.measures) {
        nlohmann::json applied = nlohmann::json::array();
        for (const AppliedMeasure& m : report.measures.measures)
            applied.push_back({{"name", m.name}, {"measure", m.kind}, {"cells", m.cells}, {"storage_m3", m.storage_m3},
                               {"terrain_change_m3", m.terrain_change_m3}, {"roof_cells", m.roof_cells}});
        provenance.parameters["measures"] = applied;
    }
    provenance.parameters["rain"] = {{"name", rain.name()}, {"total_mm", report.rain_total_mm},
                                     {"duration_s", rain.duration_s()}};
    WriteOptions base;
    base.metadata = provenance.to_metadata();

    std::filesystem::create_directories(job.output_dir);
    auto write_map = [&](const std::string& file, const Grid<float>& values, const std::string& what,
                         const std::string& unit) {
        WriteOptions options = base;
        options.band_description = what;
        options.unit = unit;
        const auto path = job.output_dir / file;
        write_cog(path.string(), values.view(), grid, options);
        report.written.push_back(path);
    };
    FrameCallback on_frame;
    if (job.write_frames && settings.frame_interval_s > 0.0) {
        on_frame = [&](double t, GridView<const float> depth) {
            WriteOptions options = base;
            options.band_description = fmt::format("water depth at t = {:.0f} s", t);
            options.unit = "m";
            const auto path = job.output_dir / fmt::format("frames/depth_{:07.0f}s.tif", t);
            write_cog(path.string(), depth, grid, options);
        };
    }

    report.result = run_flood(inputs, settings, on_frame);
    const FloodResult& r = report.result;

    write_map("max_depth_m.tif", r.max_depth_m, "maximum water depth", "m");
    write_map("max_velocity_m_per_s.tif", r.max_velocity_m_per_s, "maximum flow velocity", "m/s");
    write_map("max_hazard.tif", r.max_hazard, "maximum hazard rating d(v+0.5)+DF", "");
    write_map(fmt::format("arrival_time_{}_s.tif", threshold_label(settings.arrival_threshold_m)), r.arrival_time_s,
              fmt::format("time at which depth first reaches {} m", settings.arrival_threshold_m), "s");
    for (std::size_t k = 0; k < settings.duration_thresholds_m.size(); ++k)
        write_map(fmt::format("duration_above_{}_s.tif", threshold_label(settings.duration_thresholds_m[k])),
                  r.duration_above_s[k], fmt::format("time deeper than {} m", settings.duration_thresholds_m[k]), "s");
    write_map("final_depth_m.tif", r.final_depth_m, "water depth at the end of the run", "m");

    if (!r.gauges.empty()) {
        std::ostringstream csv;
        csv << "gauge,x,y,time_s,depth_m\n";
        for (std::size_t g = 0; g < r.gauges.size(); ++g)
            for (std::size_t i = 0; i < r.gauges[g].time_s.size(); ++i)
                csv << r.gauges[g].name << ',' << job.gauges[g].x << ',' << job.gauges[g].y << ','
                    << r.gauges[g].time_s[i] << ',' << std::max(0.0f, r.gauges[g].depth_m[i]) << '\n';
        write_text_atomic(job.output_dir / "gauges.csv", csv.str());
        report.written.push_back(job.output_dir / "gauges.csv");
    }
    write_text_atomic(job.output_dir / "volume_balance.csv", balance_csv(r.balance));
    write_text_atomic(job.output_dir / "volume_balance.json", balance_json(r.balance).dump(2) + "\n");
    report.written.push_back(job.output_dir / "volume_balance.csv");
    report.written.push_back(job.output_dir / "volume_balance.json");

    // Summary figures.
    const double cell_area = grid.cell_area_m2();
    for (float d : r.max_depth_m.values()) {
        if (!std::isnan(d)) report.domain_area_m2 += cell_area;
        if (d > 0.10f) report.area_deeper_than_10cm_m2 += cell_area;
    }
    report.deepest = deepest_spots(r.max_depth_m, grid, 5, 25.0);
    if (job.rain_raster_list && report.domain_area_m2 > 0.0)  // mean depth of the raster rain
        report.rain_total_mm = r.balance.rain_m3 / report.domain_area_m2 * 1e3;

    provenance.parameters["performance"] = {{"steps", r.steps}, {"wall_time_s", r.wall_time_s},
                                            {"cell_updates", r.cell_updates}, {"threads", r.threads},
                                            {"min_dt_s", r.min_dt_s}};
    provenance.parameters["volume_balance"] = balance_json(r.balance);
    write_provenance(job.output_dir / "provenance.json", provenance);
    report.written.push_back(job.output_dir / "provenance.json");
    return report;
}

std::string format_summary(const FloodJob& job, const FloodJobReport& rep) {
    const VolumeBalance& b = rep.result.balance;
    std::ostringstream out;
    out << fmt::format("Scenario {}: {} ({:.1f} mm), {} x {} cells of {} m, {:.0f} s simulated\n", job.scenario,
                       rep.rain_name, rep.rain_total_mm, rep.grid.cols, rep.grid.rows, rep.grid.transform.cell_size_m,
                       rep.duration_s);
    out << fmt::format("  no data: {} cells outside the data, {} holes ({} cells) handled as '{}'\n",
                       rep.nodata.outside_cells, rep.nodata.hole_count, rep.nodata.hole_cells, to_string(job.holes));
    out << "  Volume balance (m3):\n";
    out << fmt::format("    rain {:>14.1f}   interception {:>12.1f}   infiltration {:>12.1f}\n", b.rain_m3,
                       b.interception_m3, b.infiltration_m3);
    out << fmt::format("    sewer {:>13.1f}   inflow {:>18.1f}   outflow over edge {:>7.1f}\n", b.sewer_m3,
                       b.inflow_m3 + b.boundary_in_m3, b.boundary_out_m3);
    out << fmt::format("    storage {:>11.1f}   error {:>19.3g}   relative error {:>10.2e}\n", b.final_storage_m3,
                       b.error_m3(), b.relative_error());
    out << fmt::format("  Area deeper than 10 cm: {:.2f} ha of {:.2f} ha ({:.1f} %)\n", rep.area_deeper_than_10cm_m2 / 1e4,
                       rep.domain_area_m2 / 1e4,
                       rep.domain_area_m2 > 0 ? 100.0 * rep.area_deeper_than_10cm_m2 / rep.domain_area_m2 : 0.0);
    out << "  Deepest spots (RD x, y, max depth):\n";
    for (const auto& s : rep.deepest) out << fmt::format("    {:>10.1f} {:>10.1f}   {:.2f} m\n", s.x, s.y, s.depth_m);
    out << fmt::format("  {} steps in {:.1f} s on {} threads ({:.0f} million cell-updates/s)\n", rep.result.steps,
                       rep.result.wall_time_s, rep.result.threads,
                       rep.result.cell_updates / std::max(rep.result.wall_time_s, 1e-9) / 1e6);
    out << "  Maps and tables: " << job.output_dir.string() << "/\n";
    return out.str();
}

}  // namespace wn
