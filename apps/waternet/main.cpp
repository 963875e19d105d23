// waternet: the climate stress test from the command line.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/progress.hpp"
#include "waternet/core/version.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn::cli {
namespace {
std::string g_command_line;
}
const std::string& command_line() { return g_command_line; }
}  // namespace wn::cli

int main(int argc, char** argv) {
    for (int i = 0; i < argc; ++i) wn::cli::g_command_line += (i ? " " : "") + std::string(argv[i]);
    spdlog::set_pattern("%^%l%$: %v");
    CLI::App app{"Waternet: the Dutch climate stress test (pluvial flooding, blue spots, heat, drought) on open data"};
    app.set_version_flag("--version", std::string("waternet ") + wn::kVersion);
    app.require_subcommand(1);
    // Options of the whole program may follow the subcommand: `waternet flood ... --assume-crs EPSG:28992`.
    app.fallthrough();
    app.add_option_function<std::string>("--assume-crs", [](const std::string& crs) { wn::set_assumed_crs(crs); },
                                         "CRS of rasters that carry none (e.g. EPSG:28992); without it they are refused")
        ->trigger_on_parse();
    wn::cli::add_flood_command(app);
    wn::cli::add_demo_command(app);
    wn::cli::add_info_command(app);
    wn::cli::add_storms_command(app);
    wn::cli::add_bluespots_command(app);
    wn::cli::add_drought_command(app);
    wn::cli::add_heat_command(app);
    wn::cli::add_stresstest_command(app);
    wn::cli::add_compare_command(app);
    wn::cli::add_serve_command(app);
    wn::install_interrupt_handler();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const wn::InputError& e) {
        std::fprintf(stderr, "waternet: error: %s\n", e.what());
        return 2;
    } catch (const wn::Interrupted&) {
        std::fprintf(stderr, "waternet: interrupted; nothing half-written was published (an earlier result in the output folder is unchanged; a stress test keeps its finished runs)\n");
        return 130;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "waternet: internal error: %s\n", e.what());
        return 3;
    }
    return 0;
}
