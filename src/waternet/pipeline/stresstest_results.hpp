// Everything a finished stress test knows, in memory, for the tables, the GeoPackage and the partner reports.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "waternet/core/grid.hpp"
#include "waternet/pipeline/consequences.hpp"
#include "waternet/pipeline/drought_job.hpp"
#include "waternet/pipeline/region_config.hpp"
#include "waternet/pipeline/region_data.hpp"
#include "waternet/pipeline/stresstest.hpp"

namespace wn {

struct ScenarioResult {
    const RunRecord* run = nullptr;
    Grid<float> max_depth_m;
    ScenarioConsequences consequences;
};

struct BlueSpotRow {  // one row of an area's bluespots.csv, with the partner it lies in
    std::int64_t id = 0;
    double x = 0.0, y = 0.0;  // deepest point
    double area_m2 = 0.0, max_depth_m = 0.0, volume_m3 = 0.0, fill_fraction = 0.0;
    std::int64_t buildings_touching = 0;
    std::int32_t partner = -1;  // municipality / demonstration area
    std::int32_t water_board = -1;
};

struct AreaResults {
    const AreaConfig* area = nullptr;
    AreaContext context;
    Grid<float> terrain_m;                  // the terrain at the model's cells
    Grid<float> hillshade;                  // 0..255 on the model grid, for the report maps
    std::vector<ScenarioResult> scenarios;  // base scenarios first (config order), then measure variants
    std::vector<BlueSpotRow> bluespots;     // empty when the area has no screening
    std::filesystem::path bluespots_dir;    // relative to the output folder; empty = none
};

struct HeatResult {
    const HeatAreaConfig* area = nullptr;
    const RunRecord* run = nullptr;  // storm = the day
    Grid<float> pet_mean_c;          // mean PET 12-18 h
    Grid<float> terrain_m, hillshade;
    nlohmann::json summary;  // heat_summary.json of the run
};

struct StressTestResults {
    const RegionConfig* config = nullptr;
    const RegionData* data = nullptr;
    const StressTestReport* report = nullptr;
    std::filesystem::path output_dir;
    std::vector<AreaResults> areas;
    std::vector<HeatResult> heat;
    std::optional<DroughtJobReport> drought;  // the station record: deficit, warm nights, tropical days
    std::string created_utc;
};

}  // namespace wn
