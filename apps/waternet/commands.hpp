// The waternet command line: one small file per subcommand, each registering itself on the app.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace wn::cli {

// The command line as typed, for provenance records.
const std::string& command_line();

void add_flood_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_storms_command(CLI::App& app);
void add_bluespots_command(CLI::App& app);
void add_drought_command(CLI::App& app);
void add_heat_command(CLI::App& app);
void add_stresstest_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_data_command(CLI::App& app);

}  // namespace wn::cli
