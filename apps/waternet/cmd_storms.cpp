// `waternet storms`: the standard design storms and their totals.
#include <fmt/format.h>

#include "commands.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn::cli {

void add_storms_command(CLI::App& app) {
    CLI::App* cmd =
        app.add_subcommand("storms", "List the standard design storms (Delta Programme, RIONED, national map)");
    cmd->callback([] {
        fmt::print("{:<10} {:>9} {:>11} {:>14}\n", "storm", "total_mm", "duration_h", "peak_mm_per_h");
        for (const std::string& name : standard_storm_names()) {
            const RainSeries s = standard_storm(name, standard_storms_csv());
            fmt::print("{:<10} {:>9.1f} {:>11.2f} {:>14.1f}\n", name, s.total_depth_m() * 1e3, s.duration_s() / 3600.0,
                       s.peak_intensity_m_per_s() * 3.6e6);
        }
    });
}

}  // namespace wn::cli
