// The water test for a plan (`waternet plancheck`, docs/plancheck.md): a plan (pipeline/plan.hpp) against a
// municipality's water rules (pipeline/water_rules.hpp).
//
// Rules that need no flood run come first: storage (required = rule mm × new roof and paving, when that area reaches
// the rule's from_m2; provided = the plan's storage volumes) and runoff (each storage's emptying rate, volume over
// emptying time, per hectare of plot). Then the named storms are run before and after the plan on a window around
// the plot (the plot's extent plus window_m on every side, at the terrain's own cells, the regular local-inertial
// engine), the plan built into the "after" terrain and land cover: buildings become roofs, paving and green set
// their class (and ground level when given), storage and infiltration go through the measures machinery
// (pipeline/measures.hpp). From those runs: floor level against the water level beside each new building (ground plus
// maximum depth in the ring of cells around it, over the cells wet more than 1 cm) plus the freeboard (and/or the highest ground beside the façade plus above_street_m), water against each new façade, and
// the extra depth and volume the plan sends outside its plot (only differences over 1 mm count, below the engine's
// noise), naming the worst spot.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "waternet/core/execution.hpp"
#include "waternet/hydro/flood_engine.hpp"
#include "waternet/pipeline/measures.hpp"
#include "waternet/pipeline/plan.hpp"
#include "waternet/pipeline/water_rules.hpp"

namespace wn {

struct PlanCheckOptions {
    std::filesystem::path plan, rules, terrain;
    std::optional<std::filesystem::path> land_cover;  // class raster or BGT polygons (pipeline/inputs.hpp)
    std::optional<std::filesystem::path>
        buildings;  // existing footprints around the plan (polygons), burned in as roofs
    std::string municipality = "default";
    std::string default_cover = "mixed";
    double window_m = 500.0;
    double after_rain_s = 3600.0;
    bool no_losses = false;  // interception, infiltration and sewer zero (tests; a worst case)
    std::array<EdgeCondition, 4> edges = free_edges();
    std::string command_line;

    static std::array<EdgeCondition, 4> free_edges();
};

enum class VerdictState { pass, fail, not_checked };
std::string_view verdict_state_name(VerdictState state);  // "pass", "fail", "not_checked"

struct RuleVerdict {
    std::string rule;     // storage, runoff, floor_level, facade, neighbours
    std::string subject;  // the building or storm it is about; "" for the plan
    VerdictState state = VerdictState::not_checked;
    std::string finding_nl, finding_en;  // the numbers behind the verdict, in words
    std::string remedy_nl, remedy_en;    // what would make a failing rule pass
    nlohmann::json figures = nlohmann::json::object();
    RuleSource source;
};

struct StormRun {
    std::string storm;
    double rain_mm = 0.0;
    Grid<float> before_depth_m, after_depth_m;
    VolumeBalance before_balance, after_balance;
};

struct PlanCheckResult {
    Plan plan;
    WaterRules rules;
    GridSpec window;  // where the storms ran; empty when no rule needed a run
    std::vector<StormRun> runs;
    MeasuresReport measures;  // the plan's storage and infiltration as measures
    std::vector<RuleVerdict> verdicts;

    bool any_fail() const;
    int exit_code() const { return any_fail() ? 1 : 0; }  // 2 (bad input) is an InputError before any verdict
};

// The rules that need no run.
RuleVerdict check_storage(const Plan& plan, const StorageRule& rule);
RuleVerdict check_runoff(const Plan& plan, const RunoffRule& rule);

// Everything: reads the plan, the rules and the terrain (InputError for bad input), runs and checks. The storm runs
// take the context's threads, cancel token (wn::Interrupted) and progress sink.
PlanCheckResult check_plan(const PlanCheckOptions& options, const ExecutionContext& context = {});

}  // namespace wn

namespace wn {

// The verdict for permit systems: every rule with its state, the numbers behind it, its source and version; the
// plan's figures; how it was computed (model, grid, storms, volume balances).
nlohmann::json plancheck_json(const PlanCheckResult& result, const PlanCheckOptions& options);

// The "watertoets / waterparagraaf" in Dutch: the plan, the rules, the verdicts with their figures and what would
// make a failing rule pass, how it was computed. Self-contained HTML (report/html_report.hpp), printable to PDF.
std::string watertoets_html(const PlanCheckResult& result, const PlanCheckOptions& options);

// Writes verdict.json, watertoets.html, provenance.json and, per storm run, depth_before_<storm>_m.tif,
// depth_after_<storm>_m.tif and depth_difference_<storm>_m.tif (after − before) into `out`, published whole
// (io/staged_folder.hpp). Returns the files written.
std::vector<std::filesystem::path> write_plancheck(const PlanCheckResult& result, const PlanCheckOptions& options,
                                                   const std::filesystem::path& out);

}  // namespace wn
