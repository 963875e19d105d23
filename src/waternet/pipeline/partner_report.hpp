// One partner's stress-test report (HTML, printable to PDF on A4 portrait): what the stress test found for this
// municipality or water board — maps, key figures, tables per scenario, hotspots, neighbourhoods, measures — and
// the assumptions the standard requires to be documented (storms, losses, resolution, data sources, software
// version). Dutch by default, the language of the risk dialogue; every sentence also exists in English, and a
// report is in one language only. docs/reports.md describes the rules: figures rounded to what the model supports
// (report/precision.hpp), table introductions made from the tables' own columns, and each figure with its source
// and coverage.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "waternet/report/columns.hpp"
#include "waternet/report/text_format.hpp"

namespace wn {

struct StressTestResults;
struct RegionConfig;
struct IndicatorRow;
struct BlueSpotRow;

std::string partner_report_html(const StressTestResults& results, std::size_t partner_index,
                                report::Language language = report::Language::nl);

// The parts below are the report's rules, exposed for their tests.

// The columns of a partner's per-storm table in one area: storm, rain, the area over the first, the façade and the
// last depth threshold, the water volume, then only the figures the row has (`probe`: buildings, roads, vital
// objects, damage) and the people estimate when `people`. Each column carries the phrase the caption uses.
std::vector<report::Column> scenario_columns(const RegionConfig& config, const IndicatorRow& probe, bool people,
                                             report::Language language);

// A municipality and whether the road layer has roads in it (within the area).
struct RoadCoverage {
    std::string municipality;
    bool has_roads = false;
};
// The note that goes with a road figure: empty when every municipality of the zone has roads in the input;
// otherwise which ones have them ("wegen: alleen Enschede in de meegeleverde data") or, when none has, that the
// zone has no road figure. `road_layer`: whether the input has any roads in the area at all.
std::string road_coverage_note(const std::string& zone_name, const std::vector<RoadCoverage>& municipalities,
                               bool road_layer, report::Language language);

// The order of a blue-spot table: by the buildings touching a spot (then volume) when any spot touches one, else by
// volume, since a column of zeros says nothing. Sorts `spots` and says which order it used.
enum class BlueSpotOrder { buildings, volume };
BlueSpotOrder sort_bluespots(std::vector<const BlueSpotRow*>& spots);

}  // namespace wn
