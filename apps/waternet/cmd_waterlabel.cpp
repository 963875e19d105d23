// `waternet waterlabel`: the waterlabel (STOWA/RIONED 2019, labels G … A++) of every plot from BGT, with BRK parcels,
// known measures and a flood depth map when given; a table per neighbourhood and municipality.
#include <fmt/format.h>

#include <memory>

#include "commands.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/waterlabel_job.hpp"

namespace wn::cli {

void add_waterlabel_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand(
        "waterlabel",
        "The waterlabel of every plot: mm of a one-hour peak storm the plot stores (STOWA/RIONED 2019), "
        "label G … A++; plots from BRK parcels, or approximated per building from BGT");
    struct Options {
        WaterlabelJob job;
        std::string bgt, parcels, measures, depth, neighbourhoods, municipalities, scoring, output;
        bool quiet = false;
    };
    auto o = std::make_shared<Options>();
    WaterlabelJob& job = o->job;
    cmd->add_option("--bgt", o->bgt, "BGT: a flat polygon file, PDOK's GML/GeoPackage, or a folder of them")
        ->required();
    cmd->add_option("--parcels", o->parcels,
                    "BRK cadastral parcels (polygons); without them a plot is a BGT building plus its nearest yard "
                    "(marked approximate)");
    cmd->add_option("--parcels-layer", job.parcels_layer, "The parcels' layer in a GeoPackage (default: the first)");
    cmd->add_option("--measures", o->measures,
                    "Known measures: features with `measure` = green_roof, disconnect, rain_barrel or underground "
                    "(`volume_l`)");
    cmd->add_option("--depth", o->depth,
                    "Maximum water depth raster (m), e.g. T100 of `waternet flood`: the depth at "
                    "each plot's façade");
    cmd->add_option("--depth-storm", job.depth_storm, "What --depth is (for the records)")->capture_default_str();
    cmd->add_option("--neighbourhoods", o->neighbourhoods,
                    "Neighbourhood polygons (a name attribute): a table of "
                    "labels per neighbourhood");
    cmd->add_option("--municipalities", o->municipalities, "Municipality polygons: a table per municipality");
    cmd->add_option("--scoring", o->scoring, "Scoring file (default data/waterlabel/scoring.toml)");
    cmd->add_option("--cell-size", job.cell_size_m, "Grid cell for the plots' surfaces (m)")->capture_default_str();
    cmd->add_option("--yard-distance", job.max_yard_distance_m,
                    "Approximate plots: yard farther than this from every building belongs to no plot (m)")
        ->capture_default_str();
    cmd->add_option("--out", o->output, "Output folder")->required();
    cmd->add_flag("--quiet", o->quiet, "Print nothing on success");
    cmd->callback([o] {
        WaterlabelJob& j = o->job;
        j.bgt = o->bgt;
        if (!o->parcels.empty()) j.parcels = o->parcels;
        if (!o->measures.empty()) j.measures = o->measures;
        if (!o->depth.empty()) j.depth = o->depth;
        if (!o->neighbourhoods.empty()) j.neighbourhoods = o->neighbourhoods;
        if (!o->municipalities.empty()) j.municipalities = o->municipalities;
        if (!o->scoring.empty()) j.scoring = o->scoring;
        j.command_line = command_line();
        const WaterlabelReport report = write_published(o->output, [&](const std::filesystem::path& staging) {
            j.output_dir = staging;
            return run_waterlabel_job(j);
        });
        j.output_dir = o->output;
        if (!o->quiet) fmt::print("{}", format_waterlabel_summary(j, report));
    });
}

}  // namespace wn::cli
