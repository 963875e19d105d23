// The waternet command line: one small file per subcommand, each registering itself on the app.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace wn::cli {

// The command line as typed, for provenance records.
const std::string& command_line();

// The data a run takes without being told (station, edges, losses, land cover), one "LABEL: line" each on stderr
// beside the progress messages, so that no default is silent (README, "Defaults").
void print_data_choices(const std::string& label, const std::vector<std::string>& lines);

void add_flood_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_storms_command(CLI::App& app);
void add_bluespots_command(CLI::App& app);
void add_drought_command(CLI::App& app);
void add_heat_command(CLI::App& app);
void add_stresstest_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_plancheck_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_data_command(CLI::App& app);
void add_waterlabel_command(CLI::App& app);

}  // namespace wn::cli
