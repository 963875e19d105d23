// `waternet flood`: one 2D rain-on-grid simulation, from files to maps.
#include <fmt/format.h>

#include <filesystem>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/flood_specs.hpp"

namespace wn::cli {

void add_flood_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("flood", "Run a 2D rain-on-grid flood simulation and write its maps");
    struct Options {
        FloodJob job;
        std::string terrain, buildings, land_cover, measures, rain_csv, rain_rasters, output, holes = "fill",
                                                                                              roofs = "sewer";
        std::string edges{kDefaultEdgeSpec}, north, east, south, west;
        std::string land_cover_table, roughness;
        std::vector<std::string> gauges, inflows, edge_inflows;
        double rain_mm_per_h = 0.0, manning_n = 0.0;
        double frames_every_s = 0.0;
        int threads = 0;
        bool quiet = false;
    };
    auto o = std::make_shared<Options>();
    FloodJob& job = o->job;
    cmd->add_option("--terrain", o->terrain, "Terrain model (any GDAL raster, metres NAP)")->required();
    cmd->add_option("--resolution", job.resolution_m, "Model cell size in metres (default: the terrain's own)");
    cmd->add_option("--cell", job.cell_m,
                    "Computational cell in metres: a whole multiple of the terrain's pixel runs the subgrid engine on "
                    "cells of that size, maps at the terrain's pixels (docs/flood-engine.md, \"Subgrid solver\")");
    cmd->add_option("--buildings", o->buildings, "Building footprints (polygons); water does not flow through them");
    cmd->add_option("--land-cover", o->land_cover,
                    "Land cover: a raster of class codes (docs/flood-engine.md) or BGT polygons (docs/bgt-bag.md), "
                    "told apart by the file's contents; elsewhere --cover");
    cmd->add_option("--measures", o->measures,
                    "What-if measures (polygons/lines with a 'measure' attribute: lower, raise, storage, infiltration, "
                    "green_roof, disconnect; see docs/region-config.md)");
    cmd->add_option("--cover", job.default_cover,
                    "Land cover where none is given: mixed, paved, unpaved, grass, "
                    "trees, water, agriculture, impermeable")
        ->capture_default_str();
    cmd->add_option("--holes", o->holes, "No-data holes inside the terrain: fill, water or outside")
        ->capture_default_str();
    auto* storm = cmd->add_option("--storm", job.storm, "A standard storm (see `waternet storms`), e.g. T100");
    auto* rate = cmd->add_option("--rain-mm-per-h", o->rain_mm_per_h, "Constant rain intensity (mm/h)");
    cmd->add_option("--rain-duration-s", job.constant_rain_duration_s, "Duration of the constant rain (s)")
        ->needs(rate);
    auto* csv = cmd->add_option("--rain-csv", o->rain_csv, "Rain time series CSV (see docs/flood-engine.md)");
    auto* rasters = cmd->add_option("--rain-rasters", o->rain_rasters, "CSV listing rain intensity rasters in time");
    storm->excludes(rate)->excludes(csv)->excludes(rasters);
    rate->excludes(csv)->excludes(rasters);
    csv->excludes(rasters);
    cmd->add_option("--after-rain-s", job.after_rain_s,
                    "Simulated time after the rain, the inflows and the edge levels end (s)")
        ->capture_default_str();
    cmd->add_option(
           "--edges", o->edges,
           "All domain edges: free (normal-depth outflow, the default of every command), closed, level:METRES or "
           "level:FILE.csv (time_s,level_m)")
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
    cmd->add_option("--edge-inflow", o->edge_inflows,
                    "Inflow over a stretch of an edge, EDGE:FROM-TO:HYDROGRAPH.csv or EDGE:FROM-TO:M3_PER_S, e.g. "
                    "west:463000-463020:river.csv (FROM-TO in RD metres along the edge; repeatable)");
    cmd->add_option("--land-cover-table", o->land_cover_table,
                    "CSV that changes or adds land-cover classes (code,name,manning_n,...; see docs/flood-engine.md)");
    auto* manning =
        cmd->add_option("--manning", o->manning_n, "One Manning's n (s/m^(1/3)) for every land-cover class");
    cmd->add_option("--roughness", o->roughness,
                    "Raster of Manning's n (any GDAL raster, averaged onto the model grid); no data: the class's n");
    cmd->add_flag("--no-losses", job.no_losses, "No interception, infiltration or sewer anywhere");
    cmd->add_option("--thresholds", job.settings.duration_thresholds_m, "Depths (m) for the duration maps")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--arrival-threshold", job.settings.arrival_threshold_m, "Depth (m) for the arrival-time map")
        ->capture_default_str();
    cmd->add_option("--frames-every-s", o->frames_every_s, "Write a depth map every so many simulated seconds");
    cmd->add_option("--threads", o->threads, "Threads (default: all cores)")->check(CLI::Range(0, kMaxThreadsOption));
    cmd->add_option("--exchange-interval-s", job.settings.exchange_interval_s,
                    "How often rain, losses and sampled maxima are applied (s)")
        ->capture_default_str();
    cmd->add_option("--scenario", job.scenario, "A name for this run (default: the storm's name)");
    cmd->add_option("--out", o->output, "Output folder")->required();
    cmd->add_flag("--quiet", o->quiet, "No progress bar");
    cmd->callback([o, rate, manning] {
        FloodJob& j = o->job;
        if (rate->count() > 0) j.constant_rain_mm_per_h = o->rain_mm_per_h;
        if (manning->count() > 0) j.manning_n = o->manning_n;
        if (!o->land_cover_table.empty()) j.land_cover_table = o->land_cover_table;
        if (!o->roughness.empty()) j.roughness = o->roughness;
        j.terrain = o->terrain;
        if (!o->buildings.empty()) j.buildings = o->buildings;
        if (!o->land_cover.empty()) j.land_cover = o->land_cover;
        if (!o->measures.empty()) j.measures = o->measures;
        if (!o->rain_csv.empty()) j.rain_csv = o->rain_csv;
        if (!o->rain_rasters.empty()) j.rain_raster_list = o->rain_rasters;
        j.holes = parse_hole_policy(o->holes);
        j.output_dir = o->output;
        j.settings.roofs_to_sewer = o->roofs == "sewer";
        j.settings.edges = parse_edges(o->edges, o->north, o->east, o->south, o->west);
        for (const auto& g : o->gauges) j.gauges.push_back(parse_point_spec(g, "gauge"));
        for (const auto& f : o->inflows) j.inflows.push_back(parse_inflow_spec(f));
        for (const auto& f : o->edge_inflows) j.edge_inflows.push_back(parse_edge_inflow_spec(f));
        if (o->frames_every_s < 0.0) throw InputError("--frames-every-s must not be negative");
        j.settings.frame_interval_s = o->frames_every_s;
        j.write_frames = o->frames_every_s > 0.0;
        if (j.scenario.empty()) j.scenario = !j.storm.empty() ? j.storm : "flood";
        j.command_line = command_line();
        print_data_choices("flood " + j.scenario, flood_data_choices(j, job_land_cover_table(j)).lines());
        const CommandExecution execution(o->threads, !o->quiet);
        const FloodJobReport report = write_published(o->output, [&](const std::filesystem::path& staging) {
            j.output_dir = staging;
            return run_flood_job(j, execution.context());
        });
        j.output_dir = o->output;
        fmt::print("{}", format_summary(j, report));
    });
}

}  // namespace wn::cli
