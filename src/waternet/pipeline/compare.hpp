// What-if: a scenario with measures against the same scenario without them. The risk dialogue's evaluation step
// asks what a measure buys: buildings no longer with water against the façade, damage avoided, water stored, and
// where the water is lower or higher (a difference map, variant − base).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/pipeline/consequences.hpp"
#include "waternet/pipeline/stresstest.hpp"

namespace wn {

struct StressTestResults;

struct Comparison {
    std::string area, base, variant;
    double facade_threshold_m = 0.0;
    std::int64_t buildings_affected_base = 0, buildings_affected_variant = 0;  // façade over the threshold
    std::int64_t buildings_no_longer_affected = 0, buildings_newly_affected = 0;
    bool has_buildings = false;
    bool has_damage = false;  // false in a regional area (too coarse)
    double damage_base_eur = 0.0, damage_variant_eur = 0.0;
    double volume_base_m3 = 0.0, volume_variant_m3 = 0.0;  // water on the ground at its maximum
    double area_over_threshold_base_m2 = 0.0, area_over_threshold_variant_m2 = 0.0;
    double area_lower_m2 = 0.0, area_higher_m2 = 0.0;  // max depth changed by more than 1 cm
    double storage_created_m3 = 0.0;                   // by storage measures (from the variant's provenance)
    std::vector<std::string> measures;                 // "name (kind, cells)"
    Grid<float> difference_m;                          // variant − base max depth; NaN outside both

    double damage_avoided_eur() const { return damage_base_eur - damage_variant_eur; }
};

// Both runs on the same grid (InputError otherwise). variant_dir: the variant run's folder (its provenance.json
// lists the measures applied).
Comparison compare_scenarios(const RegionConfig& config, const ScenarioConsequences& base,
                             const Grid<float>& base_depth, const ScenarioConsequences& variant,
                             const Grid<float>& variant_depth, const std::filesystem::path& variant_dir);

// Writes depth_difference_m.tif, comparison.csv (indicator, base, variant, difference) and comparison.json.
void write_comparison(const Comparison& comparison, const std::filesystem::path& dir,
                      std::vector<std::filesystem::path>& written);

// Every measure variant of a stress test against its base scenario, into compare/<area>/<variant>/.
void write_comparisons(const StressTestResults& results, std::vector<std::filesystem::path>& written);

// `waternet compare`: two flood run folders of one area of a region (e.g. a stress-test scenario and a
// `waternet flood --measures` run), their consequences computed the same way as in the stress test.
Comparison compare_run_folders(const std::filesystem::path& region_file, const std::string& area_id,
                               const std::filesystem::path& base_dir, const std::filesystem::path& variant_dir);

}  // namespace wn
