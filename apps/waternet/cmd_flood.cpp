// `waternet flood`: one 2D rain-on-grid simulation, from files to maps.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn::cli {

namespace {

double parse_number(const std::string& text, const std::string& what) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used != text.size() || !std::isfinite(v)) throw std::invalid_argument(text);
        return v;
    } catch (const std::exception&) {
        throw InputError(fmt::format("{}: '{}' is not a number", what, text));
    }
}

// "name:x,y" → a named RD coordinate.
PointSpec parse_point(const std::string& text, const std::string& what) {
    const auto colon = text.find(':');
    const auto comma = text.find(',', colon == std::string::npos ? 0 : colon);
    if (colon == std::string::npos || comma == std::string::npos)
        throw InputError(fmt::format("{} '{}' must look like NAME:X,Y (RD New metres)", what, text));
    return {text.substr(0, colon), parse_number(text.substr(colon + 1, comma - colon - 1), what),
            parse_number(text.substr(comma + 1), what)};
}

// A two-column CSV "time_s,<value>" (header and '#' lines skipped) as a time series; times must increase.
TimeSeries read_time_series_csv(const std::string& path, const std::string& what, bool non_negative) {
    std::ifstream in(path);
    if (!in) throw InputError(what + " file not found: " + path);
    TimeSeries series;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#' || line.starts_with("time")) continue;
        const std::string where = fmt::format("{}, line {}", path, line_no);
        const auto comma = line.find(',');
        if (comma == std::string::npos) throw InputError(where + ": expected time_s,value");
        const double t = parse_number(line.substr(0, comma), where);
        const double v = parse_number(line.substr(comma + 1), where);
        if (non_negative && v < 0.0) throw InputError(where + ": negative " + what);
        if (!series.points.empty() && t <= series.points.back().first) throw InputError(where + ": times must increase");
        series.points.emplace_back(t, v);
    }
    if (series.points.empty()) throw InputError(what + " file is empty: " + path);
    return series;
}

// "name:x,y:Q" (constant m³/s) or "name:x,y:hydrograph.csv" (time_s,discharge_m3_per_s).
InflowSpec parse_inflow(const std::string& text) {
    const auto last = text.rfind(':');
    if (last == std::string::npos || last == text.find(':'))
        throw InputError("inflow '" + text + "' must look like NAME:X,Y:DISCHARGE or NAME:X,Y:FILE.csv");
    InflowSpec inflow{parse_point(text.substr(0, last), "inflow"), {}};
    const std::string source = text.substr(last + 1);
    if (source.ends_with(".csv")) {
        inflow.discharge_m3_per_s = read_time_series_csv(source, "inflow discharge", true);
    } else {
        const double q = parse_number(source, "inflow discharge");
        if (q < 0.0 || q > 1e5) throw InputError("inflow discharge must be 0..100000 m3/s");
        inflow.discharge_m3_per_s.points = {{0.0, q}};
    }
    return inflow;
}

// "closed", "free", "level:METRES" or "level:FILE.csv" (time_s,level_m: a time-varying level).
EdgeCondition parse_edge(const std::string& text) {
    EdgeCondition e;
    if (text == "closed") return e;
    if (text == "free") {
        e.kind = EdgeKind::free_outflow;
        return e;
    }
    if (text.starts_with("level:")) {
        e.kind = EdgeKind::water_level;
        const std::string source = text.substr(6);
        if (source.ends_with(".csv")) e.water_level_m = read_time_series_csv(source, "edge water level", false);
        else e.water_level_m.points = {{0.0, parse_number(source, "edge water level")}};
        return e;
    }
    throw InputError("edge condition '" + text + "' must be closed, free, level:METRES or level:FILE.csv");
}

}  // namespace

void add_flood_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("flood", "Run a 2D rain-on-grid flood simulation and write its maps");
    struct Options {
        FloodJob job;
        std::string terrain, buildings, land_cover, measures, rain_csv, rain_rasters, output, holes = "fill", roofs = "sewer";
        std::string edges = "free", north, east, south, west;
        std::vector<std::string> gauges, inflows;
        double frames_every_s = 0.0;
        bool quiet = false;
    };
    auto o = std::make_shared<Options>();
    FloodJob& job = o->job;
    cmd->add_option("--terrain", o->terrain, "Terrain model (any GDAL raster, metres NAP)")->required();
    cmd->add_option("--resolution", job.resolution_m, "Model cell size in metres (default: the terrain's own)");
    cmd->add_option("--buildings", o->buildings, "Building footprints (polygons); water does not flow through them");
    cmd->add_option("--land-cover", o->land_cover, "Raster of land-cover class codes (see docs/flood-engine.md)");
    cmd->add_option("--measures", o->measures,
                    "What-if measures (polygons/lines with a 'measure' attribute: lower, raise, storage, infiltration, "
                    "green_roof, disconnect; see docs/region-config.md)");
    cmd->add_option("--cover", job.default_cover, "Land cover where none is given: mixed, paved, unpaved, grass, "
                                                  "trees, water, agriculture, impermeable")
        ->capture_default_str();
    cmd->add_option("--holes", o->holes, "No-data holes inside the terrain: fill, water or outside")->capture_default_str();
    auto* storm = cmd->add_option("--storm", job.storm, "A standard storm (see `waternet storms`), e.g. T100");
    auto* rate = cmd->add_option("--rain-mm-per-h", job.constant_rain_mm_per_h, "Constant rain intensity (mm/h)");
    cmd->add_option("--rain-duration-s", job.constant_rain_duration_s, "Duration of the constant rain (s)")->needs(rate);
    auto* csv = cmd->add_option("--rain-csv", o->rain_csv, "Rain time series CSV (see docs/flood-engine.md)");
    auto* rasters = cmd->add_option("--rain-rasters", o->rain_rasters, "CSV listing rain intensity rasters in time");
    storm->excludes(rate)->excludes(csv)->excludes(rasters);
    rate->excludes(csv)->excludes(rasters);
    csv->excludes(rasters);
    cmd->add_option("--after-rain-s", job.after_rain_s, "Simulated time after the rain stops (s)")->capture_default_str();
    cmd->add_option("--edges", o->edges, "All domain edges: closed, free (normal-depth outflow), level:METRES or level:FILE.csv (time_s,level_m)")
        ->capture_default_str();
    cmd->add_option("--edge-north", o->north, "North edge (overrides --edges)");
    cmd->add_option("--edge-east", o->east, "East edge");
    cmd->add_option("--edge-south", o->south, "South edge");
    cmd->add_option("--edge-west", o->west, "West edge");
    cmd->add_option("--roofs", o->roofs, "Roof rain goes to the sewer (up to its capacity) or to the ground beside")
        ->check(CLI::IsMember({"sewer", "ground"}))
        ->capture_default_str();
    cmd->add_option("--gauge", o->gauges, "Depth time series at NAME:X,Y (repeatable)");
    cmd->add_option("--inflow", o->inflows, "Point inflow NAME:X,Y:M3_PER_S or NAME:X,Y:HYDROGRAPH.csv (repeatable)");
    cmd->add_option("--thresholds", job.settings.duration_thresholds_m, "Depths (m) for the duration maps")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--arrival-threshold", job.settings.arrival_threshold_m, "Depth (m) for the arrival-time map")
        ->capture_default_str();
    cmd->add_option("--frames-every-s", o->frames_every_s, "Write a depth map every so many simulated seconds");
    cmd->add_option("--threads", job.settings.threads, "Threads (default: all cores)");
    cmd->add_option("--exchange-interval-s", job.settings.exchange_interval_s,
                    "How often rain, losses and sampled maxima are applied (s)")
        ->capture_default_str();
    cmd->add_option("--scenario", job.scenario, "A name for this run (default: the storm's name)");
    cmd->add_option("--out", o->output, "Output folder")->required();
    cmd->add_flag("--quiet", o->quiet, "No progress bar");
    cmd->callback([o] {
        FloodJob& j = o->job;
        j.terrain = o->terrain;
        if (!o->buildings.empty()) j.buildings = o->buildings;
        if (!o->land_cover.empty()) j.land_cover = o->land_cover;
        if (!o->measures.empty()) j.measures = o->measures;
        if (!o->rain_csv.empty()) j.rain_csv = o->rain_csv;
        if (!o->rain_rasters.empty()) j.rain_raster_list = o->rain_rasters;
        j.holes = parse_hole_policy(o->holes);
        j.output_dir = o->output;
        j.settings.roofs_to_sewer = o->roofs == "sewer";
        const EdgeCondition all = parse_edge(o->edges);
        j.settings.edges = {all, all, all, all};
        if (!o->north.empty()) j.settings.edges[kNorth] = parse_edge(o->north);
        if (!o->east.empty()) j.settings.edges[kEast] = parse_edge(o->east);
        if (!o->south.empty()) j.settings.edges[kSouth] = parse_edge(o->south);
        if (!o->west.empty()) j.settings.edges[kWest] = parse_edge(o->west);
        for (const auto& g : o->gauges) j.gauges.push_back(parse_point(g, "gauge"));
        for (const auto& f : o->inflows) j.inflows.push_back(parse_inflow(f));
        if (o->frames_every_s < 0.0) throw InputError("--frames-every-s must not be negative");
        j.settings.frame_interval_s = o->frames_every_s;
        j.write_frames = o->frames_every_s > 0.0;
        j.settings.show_progress = !o->quiet;
        if (j.scenario.empty()) j.scenario = !j.storm.empty() ? j.storm : "flood";
        j.command_line = command_line();
        const FloodJobReport report = write_published(o->output, [&](const std::filesystem::path& staging) {
            j.output_dir = staging;
            return run_flood_job(j);
        });
        j.output_dir = o->output;
        fmt::print("{}", format_summary(j, report));
    });
}

}  // namespace wn::cli
