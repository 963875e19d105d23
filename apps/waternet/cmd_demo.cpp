// `waternet demo`: the engine on the shipped real data — the Quick start's main job.
//
//   zundert      AHN 0.5 m of Zundert (Noord-Brabant) with its BGT buildings, resampled to 2 m, under T100
//                (70 mm in 1 h, then 1 h more), mixed urban losses, roofs to the sewer.
//   haaksbergen  the AHN 5 m strip south of Haaksbergen (Twente) under T100, rural losses.
//   twente       the whole Twente region on the SRTM 100 m grid under T100_48h, impermeable (worst case).
#include <fmt/format.h>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/flood_specs.hpp"

namespace wn::cli {

namespace {

FloodJob demo_job(const std::string& name, double zundert_resolution_m) {
    const auto data = data_dir();
    FloodJob job;
    job.after_rain_s = 3600.0;
    job.settings.edges = parse_edges(std::string(kDefaultEdgeSpec), "", "", "", "");  // the default of every command
    if (name == "zundert") {
        job.scenario = "zundert-T100";
        job.terrain = data / "zundert" / "zundert_ahn_dtm_050cm.tif";
        job.buildings = data / "zundert" / "zundert_bgt_panden.geojson";
        job.resolution_m = zundert_resolution_m;
        job.default_cover = "mixed";
        job.storm = "T100";
        // A gauge in the village centre for the depth time series.
        job.gauges = {{"centre", 105000.0, 386600.0}};
    } else if (name == "haaksbergen") {
        job.scenario = "haaksbergen-T100";
        job.terrain = data / "twente" / "haaksbergen_ahn_dtm_5m.tif";
        job.default_cover = "agriculture";
        job.storm = "T100";
    } else if (name == "twente") {
        job.scenario = "twente-T100_48h";
        job.terrain = data / "twente" / "twente_srtm3_rd100m.tif";
        job.default_cover = "impermeable";
        job.storm = "T100_48h";
        job.after_rain_s = 6.0 * 3600.0;
    } else {
        throw InputError("unknown demo case '" + name + "'; choose zundert, haaksbergen, twente or all");
    }
    return job;
}

}  // namespace

void add_demo_command(CLI::App& app) {
    CLI::App* cmd =
        app.add_subcommand("demo", "Run the flood engine on the shipped real data (Zundert, Haaksbergen, Twente)");
    struct Options {
        std::string which = "all";
        std::string output = "out/demo";
        double zundert_resolution_m = 2.0;
        int threads = 0;
        bool quiet = false;
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("case", o->which, "zundert, haaksbergen, twente or all")->capture_default_str();
    cmd->add_option("--out", o->output, "Output folder (one sub-folder per case)")->capture_default_str();
    cmd->add_option("--zundert-resolution", o->zundert_resolution_m, "Cell size for Zundert (m)")
        ->capture_default_str();
    cmd->add_option("--threads", o->threads, "Threads (default: all cores)")->check(CLI::Range(0, kMaxThreadsOption));
    cmd->add_flag("--quiet", o->quiet, "No progress bar");
    cmd->callback([o] {
        const std::vector<std::string> cases = o->which == "all"
                                                   ? std::vector<std::string>{"zundert", "haaksbergen", "twente"}
                                                   : std::vector<std::string>{o->which};
        const CommandExecution execution(o->threads, !o->quiet);
        for (const std::string& name : cases) {
            FloodJob job = demo_job(name, o->zundert_resolution_m);
            const std::filesystem::path out = std::filesystem::path(o->output) / name;
            job.command_line = command_line();
            fmt::print("== {} ==\n", job.scenario);
            std::fflush(stdout);
            print_data_choices("demo " + job.scenario, flood_data_choices(job, job_land_cover_table(job)).lines());
            const FloodJobReport report = write_published(out, [&](const std::filesystem::path& staging) {
                job.output_dir = staging;
                return run_flood_job(job, execution.context());
            });
            job.output_dir = out;
            fmt::print("{}\n", format_summary(job, report));
        }
        fmt::print(
            "Open the .tif maps in QGIS (depth in m, legend classes of 5 cm); volume_balance.json and "
            "provenance.json document each run.\n");
    });
}

}  // namespace wn::cli
