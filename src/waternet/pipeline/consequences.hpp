// The consequence analysis of one flood run: from the maximum depth map to the stress test's signal maps and
// indicators — buildings with water against the façade, roads impassable, vital objects hit, damage (WSS), and
// the sums per partner and neighbourhood. The kernels are in risk/; this file gathers the area's data once
// (AreaContext) and applies it to each scenario.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bag_use.hpp"
#include "waternet/pipeline/region_config.hpp"
#include "waternet/pipeline/region_data.hpp"
#include "waternet/risk/damage_table.hpp"

namespace wn {

// One zone (a partner or a neighbourhood) in one area and scenario. nullopt = not computed because the area has
// no such data (e.g. no buildings in the regional SRTM area), never a made-up zero. A regional area
// (AreaDetail::regional, pipeline/area_detail.hpp) is too coarse for any building, road, vital-object, damage or
// people figure: its rows have `regional` set and all of those empty.
struct IndicatorRow {
    bool regional = false;
    double modelled_area_m2 = 0.0, wet_area_m2 = 0.0, volume_m3 = 0.0;
    std::vector<double> area_over_m2;          // per RegionConfig::depth_thresholds_m
    std::optional<std::int64_t> buildings;     // buildings in the zone (in the modelled area)
    std::vector<std::int64_t> buildings_over;  // façade depth over each threshold
    std::optional<double> roads_m, roads_impassable_m;
    std::optional<std::int64_t> vital_objects, vital_hit;          // hit: depth over the first threshold
    std::optional<double> damage_direct_eur, damage_indirect_eur;  // nullopt in regional areas
};

struct BuildingResult {
    std::int64_t feature = 0;                       // index in the buildings layer
    std::int32_t partner = -1, neighbourhood = -1;  // indexes into RegionData, −1 = none
    float facade_depth_m = 0.0f;                    // NaN = unknown
    std::string method;                             // "ring", "point" or "none" (risk/facade.hpp)
    double footprint_m2 = 0.0;
    double damage_eur = 0.0;
    std::string use;  // the BAG gebruiksdoel it was priced by; "" = housing, no BAG
};

struct RoadResult {
    std::size_t layer = 0;
    std::int64_t feature = 0;
    std::string road_class, name;
    std::int32_t partner = -1, neighbourhood = -1;
    double length_in_grid_m = 0.0, impassable_m = 0.0;
    float max_depth_m = 0.0f;
};

struct VitalResult {
    std::size_t layer = 0;
    std::int64_t feature = 0;
    std::string category, name;
    std::int32_t partner = -1;
    float depth_m = 0.0f;
    int threshold_index = -1;  // highest threshold exceeded, −1 = none
};

struct ScenarioConsequences {
    std::string area, scenario;
    std::vector<IndicatorRow> partners;        // index = RegionData::partners index
    std::vector<IndicatorRow> neighbourhoods;  // index = RegionData::neighbourhoods index
    IndicatorRow total;                        // the whole area
    std::vector<BuildingResult> buildings;
    std::vector<RoadResult> roads;
    std::vector<VitalResult> vital;
    double damage_buildings_eur = 0.0;  // part of the totals' damage that is buildings
};

// What an area contributes to every scenario, prepared once: zones, building ids, roads and vital objects on
// the grid, and the damage class of every cell.
struct AreaContext {
    const AreaConfig* area = nullptr;
    GridSpec grid;
    AreaZones zones;
    Grid<std::uint8_t> inside;  // 1 where the terrain has data: the modelled domain
    std::optional<std::vector<VectorFeature>> buildings;
    Grid<std::int32_t> building_ids;
    Grid<std::uint8_t> cover;                         // land-cover classes as the flood runs saw them (before measures)
    Grid<std::uint8_t> damage_code;                   // per cell, 0 on buildings (they are damaged per building)
    std::uint8_t building_damage_code = 0;            // use function assumed for buildings (no BAG use in the data)
    std::vector<std::uint8_t> building_damage_codes;  // with BAG: per building (index of `buildings`)
    std::vector<std::string> building_uses;           // with BAG: the gebruiksdoel behind each code
    struct Layer {
        std::vector<VectorFeature> features;  // those that touch the area
    };
    std::vector<Layer> roads, vital;
    bool has_roads = false, has_vital = false;
};

// Region-wide vector layers (roads, vital objects), read once.
struct RegionLayers {
    std::vector<std::vector<VectorFeature>> roads, vital;
};
RegionLayers read_region_layers(const RegionConfig& config);

// grid: the flood runs' grid (read from a run's max_depth_m.tif); valid: NaN outside the modelled domain.
// known_uses: the use of each building as prepare_partner_data found it (so BAG is read once); null = read the
// area's BAG here when it has one.
AreaContext prepare_area(const RegionConfig& config, const RegionData& data, const RegionLayers& layers,
                         const AreaConfig& area, const GridSpec& grid, GridView<const float> valid,
                         const risk::DamageTable& damage, const BuildingUses* known_uses = nullptr);

// The same area with a measure set applied to its land use (a wadi becomes grass, unpaved ground green), so
// that water a measure stores on purpose is not priced as damage to what was there before.
AreaContext with_measures(const AreaContext& base, const std::filesystem::path& measures, const Grid<float>& terrain_m,
                          const risk::DamageTable& damage);

// The index in RegionConfig::depth_thresholds_m of the façade threshold (the largest threshold not above it).
std::size_t facade_threshold_index(const RegionConfig& config);

// People living where water stands deeper than 20 cm (the threshold nearest to 20 cm): the zone's area over it
// times the partner's population density. An indicative figure that assumes people are spread evenly over the
// partner's area; the reports say so. nullopt for a regional row (too coarse) or an unknown density.
std::optional<double> people_estimate(const IndicatorRow& row, std::optional<double> density_per_km2,
                                      const RegionConfig& config);
// Direct plus indirect damage; nullopt where the row has none (a regional area).
std::optional<double> damage_eur(const IndicatorRow& row);

// The maps of one flood run its consequences are computed from, on the area's grid: the maximum depth, and how
// long water stands above the shallowest depth threshold in hours (the damage method's inundation time; 1 cm in the
// stress test, 5 cm in a plain `waternet flood` run).
struct FloodMaps {
    Grid<float> max_depth_m;
    Grid<float> duration_h;
};
// Reads them from a run folder (max_depth_m.tif and its duration_above_*cm_s.tif with the smallest threshold);
// a missing map or one on another grid is an InputError that names the folder.
FloodMaps read_flood_maps(const std::filesystem::path& run_dir, const GridSpec& area_grid);
Grid<float> read_duration_h(const std::filesystem::path& run_dir);

// The consequences of one scenario in stages (consequences.cpp): water on the ground per zone, land damage,
// buildings, roads, vital objects, then zones the data does not cover marked "not computed".
ScenarioConsequences compute_consequences(const RegionConfig& config, const RegionData& data, const AreaContext& area,
                                          const std::string& scenario, const FloodMaps& maps,
                                          const risk::DamageTable& damage);
// The same, reading the maps from a flood run's folder.
ScenarioConsequences compute_consequences(const RegionConfig& config, const RegionData& data, const AreaContext& area,
                                          const std::string& scenario, const std::filesystem::path& run_dir,
                                          const risk::DamageTable& damage);

}  // namespace wn
