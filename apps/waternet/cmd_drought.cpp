// `waternet drought`: the precipitation deficit (Makkink evaporation − rain, 1 April – 1 October) per year from
// KNMI hourly station data, against the 1-in-10-year references, with an indicative 2050 transformation, and
// the station's heat days. The job itself is pipeline/drought_job.hpp.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.hpp"
#include "waternet/pipeline/drought_job.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn::cli {

void add_drought_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand(
        "drought", "Precipitation deficit (Makkink evaporation minus rain, 1 April - 1 October) per year from KNMI "
                   "hourly data, against the 1-in-10-year references, with a 2050 estimate; and heat days");
    struct Options {
        DroughtJob job;
        std::string knmi = (data_dir() / "twente" / "knmi_uurgeg_290_twenthe_2021-2023.csv").string();
        std::string output;
    };
    auto o = std::make_shared<Options>();
    DroughtJob& job = o->job;
    cmd->add_option("--knmi", o->knmi, "KNMI hourly station file (uurgeg_*.txt or a subset with its header)")
        ->capture_default_str();
    cmd->add_option("--out", o->output, "Output folder for drought_daily.csv, drought_summary.json, provenance.json");
    cmd->add_option("--evaporation-factor-2050", job.factors_2050.evaporation,
                    "2050 factor on Makkink evaporation (indicative dry-summer scenario, see docs/heat.md)")
        ->capture_default_str();
    cmd->add_option("--rain-factor-2050", job.factors_2050.rain,
                    "2050 factor on April-September rain (indicative dry-summer scenario, see docs/heat.md)")
        ->capture_default_str();
    cmd->add_option("--trace-rain-mm", job.trace_rain_mm, "What KNMI's RH = -1 (< 0.05 mm) counts as, mm")
        ->capture_default_str();
    cmd->callback([o] {
        DroughtJob& j = o->job;
        j.knmi = o->knmi;
        if (!o->output.empty()) j.output_dir = o->output;
        j.command_line = command_line();
        const DroughtJobReport report = run_drought_job(j);
        fmt::print("{}", format_drought_summary(j, report));
    });
}

}  // namespace wn::cli
