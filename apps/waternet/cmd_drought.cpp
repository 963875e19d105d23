// `waternet drought`: the precipitation deficit (Makkink evaporation − rain, 1 April – 1 October) per year from
// KNMI hourly station data, against the 1-in-10-year references, with a 2050 estimate (the record transformed
// month by month with KNMI'14 WH 2050, drought/climate_change.hpp), and the station's heat days. The job
// itself is pipeline/drought_job.hpp.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.hpp"
#include "waternet/pipeline/drought_job.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn::cli {

void add_drought_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand(
        "drought",
        "Precipitation deficit (Makkink evaporation minus rain, 1 April - 1 October) per year from KNMI "
        "hourly data, against the 1-in-10-year references, with a 2050 estimate; and heat days");
    struct Options {
        DroughtJob job;
        std::string knmi = (data_dir() / "twente" / "knmi_uurgeg_290_twenthe_2021-2023.csv").string();
        std::string output;
        std::string climate_2050 = std::string(drought::kKnmi14WH2050.id);
    };
    auto o = std::make_shared<Options>();
    DroughtJob& job = o->job;
    cmd->add_option("--knmi", o->knmi, "KNMI hourly station file (uurgeg_*.txt or a subset with its header)")
        ->capture_default_str();
    cmd->add_option("--out", o->output, "Output folder for drought_daily.csv, drought_summary.json, provenance.json");
    cmd->add_option("--climate-2050", o->climate_2050,
                    "Monthly 2050 change applied to the record: knmi14-wh-2050 (KNMI'14 WH, see docs/heat.md) or none")
        ->capture_default_str();
    cmd->add_option("--trace-rain-mm", job.trace_rain_mm, "What KNMI's RH = -1 (< 0.05 mm) counts as, mm")
        ->capture_default_str();
    cmd->callback([o] {
        DroughtJob& j = o->job;
        j.knmi = o->knmi;
        j.climate_2050 = drought::climate_change_named(o->climate_2050);
        if (!o->output.empty()) j.output_dir = o->output;
        j.command_line = command_line();
        const DroughtJobReport report = run_drought_job(j);
        fmt::print("{}", format_drought_summary(j, report));
    });
}

}  // namespace wn::cli
