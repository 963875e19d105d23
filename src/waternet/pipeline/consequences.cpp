#include "waternet/pipeline/consequences.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "waternet/core/error.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/bag_use.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/inputs.hpp"
#include "waternet/pipeline/measures.hpp"
#include "waternet/risk/aggregate.hpp"
#include "waternet/risk/damage.hpp"
#include "waternet/risk/facade.hpp"
#include "waternet/risk/roads.hpp"
#include "waternet/risk/vital.hpp"

namespace wn {

namespace {

bool touches(const VectorFeature& f, const GridSpec& grid) {
    return f.kind != GeometryKind::none && f.max_x >= grid.min_x() && f.min_x <= grid.max_x() &&
           f.max_y >= grid.min_y() && f.min_y <= grid.max_y();
}

std::string text_of(const VectorFeature& f, const std::string& field) {
    const auto found = f.attributes.find(field);
    return found == f.attributes.end() ? std::string{} : found->second;
}

std::int32_t zone_at(const Grid<std::int32_t>& zones, const XY& point) {
    const GeoTransform& t = zones.spec().transform;
    const index_t r = t.row_of(point.y), c = t.col_of(point.x);
    return zones.spec().contains_cell(r, c) ? zones(r, c) : 0;
}

bool is_regional(const AreaContext& area) { return area.area->detail == AreaDetail::regional; }

IndicatorRow empty_row(const RegionConfig& config, const AreaContext& area) {
    IndicatorRow row;
    row.regional = is_regional(area);
    if (!row.regional) row.damage_direct_eur = 0.0, row.damage_indirect_eur = 0.0;
    row.area_over_m2.assign(config.depth_thresholds_m.size(), 0.0);
    if (area.buildings) {
        row.buildings = 0;
        row.buildings_over.assign(config.depth_thresholds_m.size(), 0);
    }
    if (area.has_roads) row.roads_m = 0.0, row.roads_impassable_m = 0.0;
    if (area.has_vital) row.vital_objects = 0, row.vital_hit = 0;
    return row;
}

void copy_depth_sums(IndicatorRow& row, const risk::ZoneRow& zone) {
    row.modelled_area_m2 = zone.area_m2;
    row.wet_area_m2 = zone.wet_area_m2;
    row.volume_m3 = zone.volume_m3;
    row.area_over_m2 = zone.area_over_m2;
}

// How long water stands, for the damage method: the run's duration map with the smallest threshold (the stress
// test writes 1 cm; a plain `waternet flood` run has 5 cm).
std::filesystem::path shallowest_duration_map(const std::filesystem::path& run_dir) {
    std::filesystem::path best;
    int best_cm = 1 << 30;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(run_dir, ec)) {
        const std::string name = entry.path().filename().string();
        int cm = 0;
        if (std::sscanf(name.c_str(), "duration_above_%dcm_s.tif", &cm) == 1 && name.ends_with("cm_s.tif") &&
            cm < best_cm)
            best_cm = cm, best = entry.path();
    }
    if (best.empty())
        throw InputError(run_dir.string() + ": has no duration_above_*cm_s.tif map; is it the folder of a flood run?");
    return best;
}

}  // namespace

std::size_t facade_threshold_index(const RegionConfig& config) {
    std::size_t best = 0;
    for (std::size_t k = 0; k < config.depth_thresholds_m.size(); ++k)
        if (config.depth_thresholds_m[k] <= config.facade_threshold_m + 1e-9) best = k;
    return best;
}

std::optional<double> people_estimate(const IndicatorRow& row, std::optional<double> density_per_km2,
                                      const RegionConfig& config) {
    if (row.regional || !density_per_km2) return std::nullopt;
    std::size_t nearest = 0;
    for (std::size_t k = 0; k < config.depth_thresholds_m.size(); ++k)
        if (std::abs(config.depth_thresholds_m[k] - 0.20) < std::abs(config.depth_thresholds_m[nearest] - 0.20))
            nearest = k;
    return row.area_over_m2.empty() ? 0.0 : row.area_over_m2[nearest] / 1e6 * *density_per_km2;
}

std::optional<double> damage_eur(const IndicatorRow& row) {
    if (!row.damage_direct_eur || !row.damage_indirect_eur) return std::nullopt;
    return *row.damage_direct_eur + *row.damage_indirect_eur;
}

RegionLayers read_region_layers(const RegionConfig& config) {
    RegionLayers layers;
    for (const RoadLayer& layer : config.roads) layers.roads.push_back(read_features(layer.path.string()));
    for (const VitalLayer& layer : config.vital) {
        auto features = read_features(layer.path.string());
        for (const VectorFeature& f : features) {
            const auto category = f.attributes.find(layer.category_field);
            if (category == f.attributes.end())
                throw InputError(fmt::format("{}: feature {} has no '{}' (its vital category)", layer.path.string(),
                                             f.index, layer.category_field));
            try {
                risk::parse_vital_category(category->second);
            } catch (const InputError& e) {
                throw InputError(fmt::format("{}: feature {}: {}", layer.path.string(), f.index, e.what()));
            }
        }
        layers.vital.push_back(std::move(features));
    }
    return layers;
}

AreaContext prepare_area(const RegionConfig& config, const RegionData& data, const RegionLayers& layers,
                         const AreaConfig& area, const GridSpec& grid, GridView<const float> valid,
                         const risk::DamageTable& damage, const BuildingUses* known_uses) {
    AreaContext context;
    context.area = &area;
    context.grid = grid;
    context.zones = area_zones(data, area.id, grid, valid);
    context.inside = Grid<std::uint8_t>(grid, 0);
#pragma omp parallel for schedule(static)  // cell by cell: the same for any thread count
    for (index_t i = 0; i < context.inside.size(); ++i) context.inside.data()[i] = !std::isnan(valid.data()[i]);

    // Land cover as the flood run saw it (before measures), mapped to damage classes.
    const LandCoverTable table = job_land_cover_table();
    Grid<std::uint8_t> cover = land_cover_grid(grid, area.default_cover, area.land_cover, table);
    // A regional area is too coarse to say anything about a building, a road or an object (area_detail.hpp).
    const bool regional = area.detail == AreaDetail::regional;
    if (area.buildings && !regional) {
        context.buildings = read_features(area.buildings->string());
        context.building_ids = rasterize_feature_ids(area.buildings->string(), grid);
#pragma omp parallel for schedule(static)
        for (index_t i = 0; i < cover.size(); ++i)
            if (context.building_ids.data()[i] > 0)
                cover.data()[i] = kBuilding;  // no damage class: priced per building
        // Without BAG every building is taken as housing (the most common use, and the class the national damage
        // figures are quoted for); with BAG each building gets its own use (pipeline/bag_use.hpp).
        context.building_damage_code = risk::bag_use_code(damage, "woon");
        if (known_uses && known_uses->damage_code.size() != context.buildings->size())
            throw std::logic_error("prepare_area: the building uses are of another buildings layer");
        if (known_uses) {
            context.building_damage_codes = known_uses->damage_code;
            context.building_uses = known_uses->use;
        } else if (area.bag) {
            const BagUseMapping mapping =
                read_bag_use_mapping(area.bag_uses ? *area.bag_uses : default_bag_use_csv(), damage);
            BuildingUses uses = building_uses(*area.bag, *context.buildings, mapping, context.building_damage_code);
            context.building_damage_codes = std::move(uses.damage_code);
            context.building_uses = std::move(uses.use);
        }
    } else {
        context.building_ids = Grid<std::int32_t>(grid, 0);  // no buildings (filled only here: a grid costs seconds)
    }
    context.damage_code = Grid<std::uint8_t>(grid, 0);
    risk::map_codes(cover.view(), risk::land_cover_to_damage_codes(damage), context.damage_code.view());
    context.cover = std::move(cover);

    context.has_roads = false;
    for (const auto& features : layers.roads) {
        AreaContext::Layer layer;
        for (const VectorFeature& f : features)
            if (f.kind == GeometryKind::line && touches(f, grid)) layer.features.push_back(f);
        context.has_roads |= !regional && !layer.features.empty();  // regional: kept for the place search only
        context.roads.push_back(std::move(layer));
    }
    for (const auto& features : layers.vital) {
        AreaContext::Layer layer;
        for (const VectorFeature& f : features)
            if (touches(f, grid) && !regional) layer.features.push_back(f);
        context.has_vital |= !layer.features.empty();
        context.vital.push_back(std::move(layer));
    }
    (void)config;
    return context;
}

AreaContext with_measures(const AreaContext& base, const std::filesystem::path& measures, const Grid<float>& terrain_m,
                          const risk::DamageTable& damage) {
    AreaContext variant = base;
    Grid<float> terrain = terrain_m;
    apply_measures(measures, terrain, variant.cover);
    risk::map_codes(variant.cover.view(), risk::land_cover_to_damage_codes(damage), variant.damage_code.view());
    return variant;
}

namespace {

// Routes a figure to the rows it counts in: the area's total, the zone's municipality (or demonstration area) and
// neighbourhood, and its water board.
class ZoneRows {
public:
    ZoneRows(ScenarioConsequences& out, const AreaContext& area) : out_(out), zones_(area.zones) {}

    // Applies `apply` to every row the point counts in; returns its municipality (−1 = none).
    template <class Apply>
    std::int32_t at(const XY& point, Apply&& apply) {
        const std::int32_t municipality = zone_at(zones_.municipality, point) - 1;
        const std::int32_t board = zone_at(zones_.water_board, point) - 1;
        const std::int32_t hood = zone_at(zones_.neighbourhood, point) - 1;
        apply(out_.total);
        if (municipality >= 0) apply(out_.partners[static_cast<std::size_t>(municipality)]);
        if (hood >= 0) apply(out_.neighbourhoods[static_cast<std::size_t>(hood)]);
        if (board >= 0) apply(out_.partners[static_cast<std::size_t>(board)]);
        return municipality;
    }
    std::int32_t neighbourhood_of(const XY& point) const { return zone_at(zones_.neighbourhood, point) - 1; }

private:
    ScenarioConsequences& out_;
    const AreaZones& zones_;
};

// The three zone sets every cell counts in: municipalities and water boards overlap, so each has its own grid.
std::array<risk::ZoneSet, 3> zone_sets(const RegionData& data, const AreaContext& area) {
    const auto partners = static_cast<std::int32_t>(data.partners.size());
    const auto hoods = static_cast<std::int32_t>(data.neighbourhoods.size());
    return {risk::ZoneSet{area.zones.municipality.view(), partners + 1},
            risk::ZoneSet{area.zones.water_board.view(), partners + 1},
            risk::ZoneSet{area.zones.neighbourhood.view(), hoods + 1}};
}

// A partner's own zone set: the water board's for a water board, the municipalities' for the others.
template <class PerSet>
const auto& partner_set(const RegionData& data, std::size_t partner, const PerSet& per_set) {
    return data.partners[partner].kind == PartnerKind::water_board ? per_set[1] : per_set[0];
}

// Water on the ground, per zone: one pass over the depth map fills all three zone sets.
void add_water_on_ground(const RegionConfig& config, const RegionData& data, const AreaContext& area,
                         GridView<const float> depth, ScenarioConsequences& out) {
    const auto sets = zone_sets(data, area);
    const auto by_zone = risk::depth_by_zone_sets(depth, sets, area.grid.cell_area_m2(), config.depth_thresholds_m);
    copy_depth_sums(out.total, by_zone[0].total);
    for (std::size_t p = 0; p < data.partners.size(); ++p)
        copy_depth_sums(out.partners[p], partner_set(data, p, by_zone).zones[p + 1]);
    for (std::size_t n = 0; n < data.neighbourhoods.size(); ++n)
        copy_depth_sums(out.neighbourhoods[n], by_zone[2].zones[n + 1]);
}

// Damage to the land (not buildings), per zone; each cell's damage is computed once and added to its
// municipality, water board and neighbourhood. None in a regional area (the rows keep it empty).
void add_land_damage(const RegionData& data, const AreaContext& area, const FloodMaps& maps,
                     const risk::DamageTable& damage, const risk::DamageScenario& scenario, ScenarioConsequences& out) {
    if (is_regional(area)) return;
    const auto sets = zone_sets(data, area);
    const auto land = risk::damage_over_zone_sets(
        damage, {maps.max_depth_m.view(), maps.duration_h.view(), area.damage_code.view(), {}},
        area.grid.cell_area_m2(), scenario, {sets[0], sets[1], sets[2]});
    auto copy = [](IndicatorRow& row, const risk::DamageAmount& d) {
        row.damage_direct_eur = d.direct_eur;
        row.damage_indirect_eur = d.indirect_eur;
    };
    copy(out.total, land[0].damage);
    for (std::size_t p = 0; p < data.partners.size(); ++p)
        copy(out.partners[p], partner_set(data, p, land).per_zone[p + 1].damage);
    for (std::size_t n = 0; n < data.neighbourhoods.size(); ++n)
        copy(out.neighbourhoods[n], land[2].per_zone[n + 1].damage);
}

// Buildings: water against the façade, and their damage. A building belongs to the area whose domain holds its
// representative point (so a building on the edge of two areas is counted once).
void add_buildings(const RegionConfig& config, const AreaContext& area, const FloodMaps& maps,
                   const risk::DamageTable& damage, const risk::DamageScenario& scenario, ScenarioConsequences& out) {
    if (!area.buildings) return;
    const GridSpec& grid = area.grid;
    const auto& features = *area.buildings;
    std::vector<risk::GridCell> points(features.size());
    for (std::size_t b = 0; b < features.size(); ++b)
        points[b] = {grid.transform.row_of(features[b].representative.y),
                     grid.transform.col_of(features[b].representative.x)};
    const auto exposure = risk::facade_exposure(maps.max_depth_m.view(), area.building_ids.view(),
                                                static_cast<std::int32_t>(features.size()), {}, points);
    ZoneRows rows(out, area);
    const auto& thresholds = config.depth_thresholds_m;
    for (std::size_t b = 0; b < features.size(); ++b) {
        const VectorFeature& f = features[b];
        const risk::GridCell cell = points[b];
        if (!touches(f, grid) || exposure[b].method == risk::FacadeMethod::kNone ||
            !grid.contains_cell(cell.row, cell.col) || !area.inside(cell.row, cell.col))
            continue;
        BuildingResult r;
        r.feature = f.index;
        r.facade_depth_m = exposure[b].max_depth_m;
        r.method = risk::to_string(exposure[b].method);
        r.footprint_m2 = f.area_m2;
        if (!area.building_uses.empty()) r.use = area.building_uses[b];
        if (!std::isnan(r.facade_depth_m)) {
            risk::BuildingDamageInput input;
            input.footprint_m2 = f.area_m2;
            input.damage_code =
                area.building_damage_codes.empty() ? area.building_damage_code : area.building_damage_codes[b];
            input.water_depth_m = r.facade_depth_m;
            const float d = maps.duration_h(cell.row, cell.col);
            input.duration_h = std::isnan(d) ? scenario.duration_h : std::max(1.0f, d);
            r.damage_eur = risk::damage_of_building(damage, input, scenario).total_eur();
        }
        r.neighbourhood = rows.neighbourhood_of(f.representative);
        r.partner = rows.at(f.representative, [&](IndicatorRow& row) {
            *row.buildings += 1;
            for (std::size_t k = 0; k < thresholds.size(); ++k)
                if (!std::isnan(r.facade_depth_m) && r.facade_depth_m > static_cast<float>(thresholds[k]))
                    row.buildings_over[k] += 1;
            *row.damage_direct_eur += r.damage_eur;  // building damage is direct + indirect, counted as direct
        });
        out.damage_buildings_eur += r.damage_eur;
        out.buildings.push_back(std::move(r));
    }
}

// Roads: length impassable (deeper than the road threshold).
void add_roads(const RegionConfig& config, const AreaContext& area, GridView<const float> depth,
               ScenarioConsequences& out) {
    const std::vector<double> road_threshold{config.road_impassable_m};
    ZoneRows rows(out, area);
    for (std::size_t l = 0; area.has_roads && l < area.roads.size(); ++l) {
        const RoadLayer& layer = config.roads[l];
        for (const VectorFeature& f : area.roads[l].features) {
            RoadResult r;
            r.layer = l;
            r.feature = f.index;
            r.road_class = text_of(f, layer.class_field);
            if (std::find(layer.skip_classes.begin(), layer.skip_classes.end(), r.road_class) !=
                layer.skip_classes.end())
                continue;
            r.name = text_of(f, layer.name_field);
            float max_depth = std::numeric_limits<float>::quiet_NaN();
            for (const auto& part : f.parts) {
                std::vector<risk::MapPoint> line(part.size());
                for (std::size_t k = 0; k < part.size(); ++k) line[k] = {part[k].x, part[k].y};
                const risk::RoadExposure e = risk::road_exposure(line, depth, area.grid.transform, road_threshold);
                r.length_in_grid_m += e.length_in_grid_m - e.length_nodata_m;
                r.impassable_m += e.length_over_m[0];
                if (!std::isnan(e.max_depth_m) && !(e.max_depth_m <= max_depth)) max_depth = e.max_depth_m;
            }
            if (r.length_in_grid_m <= 0.0) continue;
            r.max_depth_m = max_depth;
            r.neighbourhood = rows.neighbourhood_of(f.representative);
            r.partner = rows.at(f.representative, [&](IndicatorRow& row) {
                *row.roads_m += r.length_in_grid_m;
                *row.roads_impassable_m += r.impassable_m;
            });
            out.roads.push_back(std::move(r));
        }
    }
}

// The depth of each polygon of a vital layer: the deepest cell in or just around it (NaN-free only for polygons).
std::vector<float> polygon_depths(const VitalLayer& layer, const std::vector<VectorFeature>& features,
                                  const GridSpec& grid, GridView<const float> depth) {
    bool any_polygon = false;
    for (const VectorFeature& f : features) any_polygon |= f.kind == GeometryKind::polygon;
    if (!any_polygon) return {};
    const Grid<std::int32_t> ids = rasterize_feature_ids(layer.path.string(), grid);
    const auto count = static_cast<std::int32_t>(read_features(layer.path.string()).size());
    std::vector<risk::GridCell> points(static_cast<std::size_t>(count), risk::GridCell{-1, -1});
    for (const VectorFeature& f : features)
        points[static_cast<std::size_t>(f.index)] = {grid.transform.row_of(f.representative.y),
                                                     grid.transform.col_of(f.representative.x)};
    return risk::polygon_exposure(depth, ids.view(), count, 1, points);
}

// Vital and vulnerable objects: points read the deepest cell around them (a point object usually stands in a
// building, whose cells hold no water), polygons the deepest cell in or just around them.
void add_vital(const RegionConfig& config, const AreaContext& area, GridView<const float> depth,
               ScenarioConsequences& out) {
    constexpr double kPointRadiusCells = 1.5;
    ZoneRows rows(out, area);
    for (std::size_t l = 0; l < area.vital.size(); ++l) {
        const VitalLayer& layer = config.vital[l];
        const auto& features = area.vital[l].features;
        if (features.empty()) continue;
        const std::vector<float> polygon_depth = polygon_depths(layer, features, area.grid, depth);
        for (const VectorFeature& f : features) {
            VitalResult r;
            r.layer = l;
            r.feature = f.index;
            r.category = risk::parse_vital_category(text_of(f, layer.category_field)).key();
            r.name = text_of(f, layer.name_field);
            r.depth_m = f.kind == GeometryKind::polygon
                            ? polygon_depth[static_cast<std::size_t>(f.index)]
                            : risk::point_exposure(depth, area.grid.transform, {f.representative.x, f.representative.y},
                                                   kPointRadiusCells * area.grid.transform.cell_size_m)
                                  .depth_m;
            if (std::isnan(r.depth_m)) continue;  // outside the modelled domain
            r.threshold_index = risk::highest_threshold_exceeded(r.depth_m, config.depth_thresholds_m);
            r.partner = rows.at(f.representative, [&](IndicatorRow& row) {
                *row.vital_objects += 1;
                if (r.threshold_index >= 0) *row.vital_hit += 1;
            });
            out.vital.push_back(std::move(r));
        }
    }
}

// A zone with none of the buildings, roads or objects the area has is a zone the data does not cover: "not
// computed", not zero.
void mark_uncovered_zones(ScenarioConsequences& out) {
    auto unknown_when_empty = [](IndicatorRow& row) {
        if (row.buildings && *row.buildings == 0) row.buildings.reset(), row.buildings_over.clear();
        if (row.roads_m && *row.roads_m <= 0.0) row.roads_m.reset(), row.roads_impassable_m.reset();
        if (row.vital_objects && *row.vital_objects == 0) row.vital_objects.reset(), row.vital_hit.reset();
    };
    for (IndicatorRow& row : out.partners) unknown_when_empty(row);
    for (IndicatorRow& row : out.neighbourhoods) unknown_when_empty(row);
}

}  // namespace

FloodMaps read_flood_maps(const std::filesystem::path& run_dir, const GridSpec& area_grid) {
    FloodMaps maps{read_raster((run_dir / "max_depth_m.tif").string()), read_duration_h(run_dir)};
    check_aligned(area_grid, maps.max_depth_m.spec(), "the area's grid", "max_depth_m.tif");
    check_aligned(area_grid, maps.duration_h.spec(), "the area's grid", "its duration map");
    return maps;
}

Grid<float> read_duration_h(const std::filesystem::path& run_dir) {
    Grid<float> duration_h = read_raster(shallowest_duration_map(run_dir).string());
    float* const duration = duration_h.data();
#pragma omp parallel for schedule(static)  // cell by cell: the same for any thread count
    for (index_t i = 0; i < duration_h.size(); ++i)
        duration[i] = std::isnan(duration[i]) ? duration[i] : duration[i] / 3600.0f;
    return duration_h;
}

ScenarioConsequences compute_consequences(const RegionConfig& config, const RegionData& data, const AreaContext& area,
                                          const std::string& scenario, const FloodMaps& maps,
                                          const risk::DamageTable& damage) {
    check_aligned(area.grid, maps.max_depth_m.spec(), "the area's grid", "the maximum depth map");
    check_aligned(area.grid, maps.duration_h.spec(), "the area's grid", "the duration map");
    ScenarioConsequences out;
    out.area = area.area->id;
    out.scenario = scenario;
    out.partners.assign(data.partners.size(), empty_row(config, area));
    out.neighbourhoods.assign(data.neighbourhoods.size(), empty_row(config, area));
    out.total = empty_row(config, area);
    risk::DamageScenario damage_scenario;
    damage_scenario.month = config.damage_month;
    add_water_on_ground(config, data, area, maps.max_depth_m.view(), out);
    add_land_damage(data, area, maps, damage, damage_scenario, out);
    add_buildings(config, area, maps, damage, damage_scenario, out);
    add_roads(config, area, maps.max_depth_m.view(), out);
    add_vital(config, area, maps.max_depth_m.view(), out);
    mark_uncovered_zones(out);
    return out;
}

ScenarioConsequences compute_consequences(const RegionConfig& config, const RegionData& data, const AreaContext& area,
                                          const std::string& scenario, const std::filesystem::path& run_dir,
                                          const risk::DamageTable& damage) {
    return compute_consequences(config, data, area, scenario, read_flood_maps(run_dir, area.grid), damage);
}

}  // namespace wn
