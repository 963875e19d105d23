// The water rules a municipality sets for building plans (the Omgevingswet "bouwsteen water"), as data: a TOML file
// of [[water_rules]] tables, one per municipality (municipality = "GM0879") and one regional default
// (municipality = "default"). A municipality's table overrides the default rule by rule; a rule it leaves out is the
// default's. docs/plancheck.md shows a file.
//
// Every rule is a table of its own with the article it comes from (`source`) and the version of the rules (`version`):
//   [water_rules.storage]     mm (per m² of new or changed roof and paving), from_m2 (the rule applies from this area)
//   [water_rules.floor_level] freeboard_m above the water level at the building at `storm`, and/or above_street_m
//                             above the highest ground beside the façade
//   [water_rules.facade]      max_depth_m of water against a new façade at `storm`
//   [water_rules.neighbours]  extra_depth_m and extra_volume_m3 the plan may add outside its plot, at `storms`
//   [water_rules.runoff]      max_l_per_s_per_ha: how fast a storage may drain to surface water, per hectare of plot
// InputError "file:line:column: key: problem" for a file that is not TOML, an unknown key, a missing or absurd
// value, a rule without its source, two tables for one municipality, or no default.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wn {

struct RuleSource {
    std::string text;     // "Omgevingsplan Zundert, art. 5.2.3"
    std::string version;  // "2026-01"
    std::string origin;   // "rules.toml:12" (where the rule was read)
};

struct StorageRule {
    double mm = 0.0;       // storage per m² of new or changed roof and paving
    double from_m2 = 0.0;  // the rule applies from this much new roof and paving on
    RuleSource source;
};
struct FloorLevelRule {
    std::optional<double> freeboard_m;  // above the water level at the building at `storm`
    std::string storm = "T100";
    std::optional<double> above_street_m;  // above the highest ground beside the façade
    RuleSource source;
};
struct FacadeRule {
    double max_depth_m = 0.0;
    std::string storm = "T100";
    RuleSource source;
};
struct NeighbourRule {
    double extra_depth_m = 0.0;
    double extra_volume_m3 = 0.0;
    std::vector<std::string> storms{"T100"};
    RuleSource source;
};
struct RunoffRule {
    double max_l_per_s_per_ha = 0.0;
    RuleSource source;
};

struct WaterRules {
    std::string municipality;  // the code asked for, or "default"
    std::optional<StorageRule> storage;
    std::optional<FloorLevelRule> floor_level;
    std::optional<FacadeRule> facade;
    std::optional<NeighbourRule> neighbours;
    std::optional<RunoffRule> runoff;

    // The storms any rule needs a run of (façade, floor level, neighbours), each once, in that order.
    std::vector<std::string> storms() const;
};

// The rules of `municipality` ("" or "default": the regional default), read from `path`.
WaterRules read_water_rules(const std::filesystem::path& path, const std::string& municipality = "default");
WaterRules parse_water_rules(std::string_view text, const std::string& source_name, const std::string& municipality);

}  // namespace wn
