// `waternet plancheck PLAN`: the water test for a building plan against a municipality's water rules
// (pipeline/plancheck.hpp, docs/plancheck.md). Exit 0 when every rule passes, 1 when one fails, 2 for bad input.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/pipeline/flood_specs.hpp"
#include "waternet/pipeline/plancheck.hpp"

namespace wn::cli {

void add_plancheck_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand(
        "plancheck",
        "The water test for a plan: check a building plan against the municipality's water rules "
        "(storage, floor level, water against façades, neighbours, runoff) and write the water paragraph");
    struct Options {
        PlanCheckOptions check;
        std::string land_cover, buildings, out, edges{kDefaultEdgeSpec};
        int threads = 0;
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("plan", o->check.plan, "The plan: polygons with a `kind` (GeoPackage or GeoJSON)")->required();
    cmd->add_option("--rules", o->check.rules, "Water rules file ([[water_rules]] tables, docs/plancheck.md)")
        ->required();
    cmd->add_option("--municipality", o->check.municipality,
                    "Municipality code whose rules apply (default: the "
                    "regional default)")
        ->capture_default_str();
    cmd->add_option("--terrain", o->check.terrain, "Terrain model (any GDAL raster, metres NAP)")->required();
    cmd->add_option("--land-cover", o->land_cover, "Land cover around the plan: class raster or BGT polygons");
    cmd->add_option("--buildings", o->buildings, "Existing building footprints around the plan (polygons)");
    cmd->add_option("--cover", o->check.default_cover, "Land cover where none is given")->capture_default_str();
    cmd->add_option("--window-m", o->check.window_m, "Margin around the plot for the storm runs (m)")
        ->capture_default_str();
    cmd->add_option("--after-rain-s", o->check.after_rain_s, "Simulated time after the rain (s)")
        ->capture_default_str();
    cmd->add_option("--edges", o->edges, "Window edges: free (default), closed or level:METRES");
    cmd->add_flag("--no-losses", o->check.no_losses, "No interception, infiltration or sewer (a worst case)");
    cmd->add_option("--threads", o->threads, "Threads (0 = all cores)")->check(CLI::Range(0, kMaxThreadsOption));
    cmd->add_option("--out", o->out, "Output folder (verdict.json, watertoets.html, maps, provenance.json)")
        ->required();
    cmd->callback([o] {
        PlanCheckOptions& c = o->check;
        if (!o->land_cover.empty()) c.land_cover = o->land_cover;
        if (!o->buildings.empty()) c.buildings = o->buildings;
        c.edges = parse_edges(o->edges, "", "", "", "");
        c.command_line = command_line();
        const CommandExecution execution(o->threads, true);
        const PlanCheckResult result = check_plan(c, execution.context());
        write_plancheck(result, c, o->out);
        fmt::print("Water test of {} (rules: {}, {}):\n", c.plan.filename().string(), c.rules.filename().string(),
                   result.rules.municipality);
        for (const RuleVerdict& v : result.verdicts) {
            fmt::print("  {:<11} {:<12} {}{}: {}\n", verdict_state_name(v.state), v.rule,
                       v.subject.empty() ? "" : "[" + v.subject + "] ", v.source.text, v.finding_en);
            if (!v.remedy_en.empty()) fmt::print("              to pass: {}\n", v.remedy_en);
        }
        fmt::print("  {} — written to {}/\n", result.any_fail() ? "FAIL: a rule is not met" : "PASS: every rule is met",
                   o->out);
        std::fflush(stdout);
        // A failing rule is a verdict, not an error: exit 1 without the error path (which is 2, bad input).
        if (result.any_fail()) std::exit(1);
    });
}

}  // namespace wn::cli
