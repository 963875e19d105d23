// `waternet stresstest [REGION.toml]`: the regional stress test — every scenario of every area, the consequences
// per partner, and the reports (pipeline/stresstest.hpp).
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/pipeline/stresstest.hpp"
#include "waternet/report/text_format.hpp"

namespace wn::cli {

void add_stresstest_command(CLI::App& app) {
    CLI::App* cmd =
        app.add_subcommand("stresstest",
                           "The regional stress test: every scenario of every area (flood engine and blue spots), the "
                           "consequences for buildings, roads and vital objects, damage, and one report per partner. "
                           "Unchanged runs are taken from the previous run; a stopped run resumes.");
    struct Options {
        StressTestOptions options;
        std::string region, output = "out/stresstest";
        std::optional<std::string> language;
        int threads = 0;
        bool quiet = false;
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("region", o->region,
                    "Region file (TOML, see docs/region-config.md); default: the shipped Twente region");
    cmd->add_option("--out", o->output, "Output folder")->capture_default_str();
    cmd->add_option("--area", o->options.only_areas, "Run only these areas (repeatable)");
    cmd->add_flag("--force", o->options.force, "Recompute everything, ignoring the previous results");
    cmd->add_option("--threads", o->threads, "Threads (default: all cores)")->check(CLI::Range(0, kMaxThreadsOption));
    cmd->add_flag("--quiet", o->quiet, "No progress bars");
    cmd->add_option("--lang", o->language,
                    "Language of the reports: nl or en (default: the region file's `language`, else nl)");
    cmd->callback([o] {
        StressTestOptions options = o->options;
        options.region_file = o->region;
        options.output_dir = o->output;
        if (o->language) options.report_language = report::parse_language(*o->language, "--lang");
        // On a terminal only: in a log, a started and a done line per run would drown the summary.
        const CommandExecution execution(o->threads, !o->quiet && TerminalProgress::stderr_is_terminal());
        options.execution = execution.context();
        options.command_line = command_line();
        options.announce = [](const std::string& line) { print_data_choices("stresstest", {line}); };
        const StressTestReport report = run_stresstest(options);
        fmt::print("{}", format_stresstest_summary(report));
    });
}

}  // namespace wn::cli
