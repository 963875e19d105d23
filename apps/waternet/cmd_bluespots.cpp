// `waternet bluespots`: blue-spot screening: depressions, their storage, spill paths and fill for one rain.
#include <fmt/format.h>

#include <memory>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/bluespot_job.hpp"

namespace wn::cli {

void add_bluespots_command(CLI::App& app) {
    CLI::App* cmd =
        app.add_subcommand("bluespots",
                           "Blue-spot screening: depressions where rain collects, their storage, where they spill, and "
                           "how far a rain fills them (Fill-Spill-Merge over the depression hierarchy)");
    struct Options {
        BlueSpotJob job;
        std::string dem, buildings, land_cover, output, holes = "fill";
        double rain_mm = 0.0;
        float min_depth_m = 0.02f;
        int threads = 0;
        bool quiet = false;
    };
    auto o = std::make_shared<Options>();
    BlueSpotJob& job = o->job;
    cmd->add_option("--dem", o->dem, "Terrain model (any GDAL raster, metres)")->required();
    cmd->add_option("--resolution", job.resolution_m,
                    "Cell size in metres (default: the DEM's own; resampled by average)");
    cmd->add_option("--buildings", o->buildings, "Building footprints (polygons): raised so water flows around them");
    cmd->add_option("--building-height", job.building_height_m, "How far footprints are raised (m)")
        ->capture_default_str();
    cmd->add_option(
           "--holes", o->holes,
           "No-data holes inside the DEM: fill, water, outside or building (filled, then raised like a building)")
        ->capture_default_str();
    auto* storm = cmd->add_option("--storm", job.storm, "A standard storm (see `waternet storms`): its total depth");
    auto* rain = cmd->add_option("--rain-mm", o->rain_mm, "A rain depth in mm");
    cmd->add_option("--rain-duration-h", job.rain_duration_h, "Duration of --rain-mm, for the losses (h)")
        ->needs(rain)
        ->capture_default_str();
    storm->excludes(rain);
    cmd->add_option("--loss-mm-per-h", job.loss_mm_per_h,
                    "Losses (infiltration) over the storm's duration, mm/h (0 = impermeable, the blue-spot "
                    "assumption; the national map uses 20)")
        ->capture_default_str();
    cmd->add_option("--land-cover", o->land_cover,
                    "Land cover: a raster of class codes or BGT polygons (told apart by the file's contents): losses "
                    "per class (interception, infiltration, sewer) over the storm, as in the flood engine; overrides "
                    "--loss-mm-per-h");
    cmd->add_option("--min-depth", o->min_depth_m, "Minimum fill depth of a blue-spot cell (m)")->capture_default_str();
    cmd->add_option("--scenario", job.scenario, "A name for this run (default: the rain's name)");
    cmd->add_option("--out", o->output, "Output folder")->required();
    auto* out_of_core =
        cmd->add_flag("--out-of-core", job.out_of_core,
                      "Terrain larger than memory (a region of AHN tiles in a VRT): fill depth, spot ids and the spot "
                      "table tile by tile, without flow directions, catchments or the storm (needs --holes outside; no "
                      "--resolution, --buildings or --land-cover)");
    cmd->add_flag("--spot-points", job.spot_points,
                  "With --out-of-core: also bluespots.gpkg, one point per spot at its deepest cell (slow for a "
                  "region: about 30,000 spots a second)")
        ->needs(out_of_core);
    cmd->add_option("--tile-size", job.tile_cells, "With --out-of-core: cells a side of a tile")->capture_default_str();
    cmd->add_option("--threads", o->threads, "Threads; with --out-of-core: tiles worked on at once (0 = one per core)")
        ->check(CLI::Range(0, kMaxThreadsOption))
        ->capture_default_str();
    cmd->add_flag("--quiet", o->quiet, "Print only the summary");
    cmd->callback([o, rain] {
        BlueSpotJob& j = o->job;
        j.dem = o->dem;
        if (!o->buildings.empty()) j.buildings = o->buildings;
        if (rain->count() > 0) j.rain_mm = o->rain_mm;
        j.holes_as_buildings = o->holes == "building";
        j.holes = j.holes_as_buildings ? HolePolicy::fill : parse_hole_policy(o->holes);
        if (!o->land_cover.empty()) j.land_cover = o->land_cover;
        j.min_depth_m = o->min_depth_m;
        j.output_dir = o->output;
        if (j.scenario.empty())
            j.scenario = !j.storm.empty()                      ? j.storm
                         : rain->count() > 0 || !j.out_of_core ? fmt::format("{:g}mm", o->rain_mm)
                                                               : "fill";
        j.command_line = command_line();
        print_data_choices("bluespots " + j.scenario, bluespot_data_choices(j));
        const CommandExecution execution(o->threads, !o->quiet);
        const BlueSpotJobReport report = write_published(o->output, [&](const std::filesystem::path& staging) {
            j.output_dir = staging;
            return run_bluespot_job(j, execution.context());
        });
        j.output_dir = o->output;
        fmt::print("{}", format_bluespot_summary(j, report));
    });
}

}  // namespace wn::cli
