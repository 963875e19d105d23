// waternet: the climate stress test from the command line.
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <new>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/install_paths.hpp"
#include "waternet/core/text.hpp"
#include "waternet/core/version.hpp"
#include "waternet/fetch/fetch.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn::cli {
namespace {
std::string g_command_line;
}
const std::string& command_line() { return g_command_line; }

void print_data_choices(const std::string& label, const std::vector<std::string>& lines) {
    for (const std::string& line : lines) std::fprintf(stderr, "%s: %s\n", label.c_str(), printable(line).c_str());
    std::fflush(stderr);
}

namespace {

// Log lines quote what input files hold (a class name, a GDAL warning about a file); a file's bytes must not
// reach the terminal as control sequences, so every message is made printable before the console sink sees it.
class PrintableSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit PrintableSink(std::shared_ptr<spdlog::sinks::sink> console) : console_(std::move(console)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        const std::string text = printable(std::string_view(message.payload.data(), message.payload.size()));
        spdlog::details::log_msg copy = message;
        copy.payload = text;
        console_->log(copy);
    }
    void flush_() override { console_->flush(); }

private:
    std::shared_ptr<spdlog::sinks::sink> console_;
};

void install_printable_logger() {
    auto console = std::make_shared<spdlog::sinks::stdout_color_sink_mt>();
    console->set_pattern("%^%l%$: %v");
    auto logger = std::make_shared<spdlog::logger>("waternet", std::make_shared<PrintableSink>(console));
    spdlog::set_default_logger(logger);
}

int fail(const std::string& message) {
    std::fprintf(stderr, "waternet: error: %s\n", printable(message).c_str());
    return 2;
}

}  // namespace
}  // namespace wn::cli

int main(int argc, char** argv) {
    for (int i = 0; i < argc; ++i) wn::cli::g_command_line += (i ? " " : "") + std::string(argv[i]);
    wn::cli::install_printable_logger();
    CLI::App app{"Waternet: the Dutch climate stress test (pluvial flooding, blue spots, heat, drought) on open data"};
    // The version, and where this binary finds its shipped files (core/install_paths.hpp): an installed copy and a
    // build in the source tree answer differently, and a user who set WATERNET_DATA_DIR sees it taken.
    app.set_version_flag("--version", std::string("waternet ") + wn::kVersion + "\ndata: " +
                                          wn::shipped_data_dir().string() + "\nweb: " + wn::shipped_web_dir().string());
    app.require_subcommand(1);
    // Options of the whole program may follow the subcommand: `waternet flood ... --assume-crs EPSG:28992`.
    app.fallthrough();
    app.add_option_function<std::string>(
           "--assume-crs", [](const std::string& crs) { wn::set_assumed_crs(crs); },
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
    wn::cli::add_plancheck_command(app);
    wn::cli::add_serve_command(app);
    wn::cli::add_data_command(app);
    wn::cli::add_waterlabel_command(app);
    wn::cli::install_interrupt_handler();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        // A command line Waternet cannot use is bad input like any other: exit 2 (CLI11's own codes are 100-114).
        return wn::cli::fail(std::string(e.what()) + "\nRun with --help for more information.");
    } catch (const wn::InputError& e) {
        return wn::cli::fail(e.what());
    } catch (const wn::fetch::ServiceUnavailable& e) {
        // Not the user's input and not a bug: the data service (or the network) is not there. Exit 3, as documented
        // in docs/data-fetch.md; a rerun resumes.
        std::fprintf(stderr, "waternet: error: %s\n", wn::printable(e.what()).c_str());
        return 3;
    } catch (const wn::Interrupted&) {
        std::fprintf(
            stderr,
            "waternet: interrupted; nothing half-written was published (an earlier result in the output folder is unchanged; a stress test keeps its finished runs)\n");
        return 130;
    } catch (const std::bad_alloc&) {
        // Inputs are checked against the free memory before the large grids are made; what still runs out is an
        // input too large for this machine, not a bug.
        return wn::cli::fail(
            "not enough memory for these inputs on this machine; use coarser cells (--resolution) or a "
            "smaller area");
    } catch (const std::filesystem::filesystem_error& e) {
        // The file system refused (no permission, disk full, a file where a folder should be): say which path and why.
        std::string paths = e.path1().string();
        if (!e.path2().empty()) paths += ", " + e.path2().string();
        return wn::cli::fail("cannot read or write " + paths + ": " + e.code().message());
    } catch (const std::exception& e) {
        // A bug, not the input: exit 70 (EX_SOFTWARE of BSD's sysexits.h), apart from 3 (a data service unreachable).
        std::fprintf(stderr, "waternet: internal error: %s\n", wn::printable(e.what()).c_str());
        return 70;
    }
    return 0;
}
