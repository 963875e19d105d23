#include "waternet/pipeline/consequences.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

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
        if (std::sscanf(name.c_str(), "duration_above_%dcm_s.tif", &cm) == 1 && name.ends_with("cm_s.tif") && cm < best_cm)
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
        if (std::abs(config.depth_thresholds_m[k] - 0.20) < std::abs(config.depth_thresholds_m[nearest] - 0.20)) nearest = k;
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
                         const risk::DamageTable& damage) {
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
            if (context.building_ids.data()[i] > 0) cover.data()[i] = kBuilding;  // no damage class: priced per building
        // Without BAG every building is taken as housing (the most common use, and the class the national damage
        // figures are quoted for); with BAG each building gets its own use (pipeline/bag_use.hpp).
        context.building_damage_code = risk::bag_use_code(damage, "woon");
        if (area.bag) {
            const BagUseMapping mapping = read_bag_use_mapping(area.bag_uses ? *area.bag_uses : default_bag_use_csv(), damage);
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

ScenarioConsequences compute_consequences(const RegionConfig& config, const RegionData& data, const AreaContext& area,
                                          const std::string& scenario, const std::filesystem::path& run_dir,
                                          const risk::DamageTable& damage) {
    const Grid<float> depth = read_raster((run_dir / "max_depth_m.tif").string());
    check_aligned(area.grid, depth.spec(), "the area's grid", "max_depth_m.tif");
    Grid<float> duration_h = read_raster(shallowest_duration_map(run_dir).string());
    float* const duration = duration_h.data();
#pragma omp parallel for schedule(static)  // cell by cell: the same for any thread count
    for (index_t i = 0; i < duration_h.size(); ++i) duration[i] = std::isnan(duration[i]) ? duration[i] : duration[i] / 3600.0f;
    const GridSpec& grid = area.grid;
    const auto& thresholds = config.depth_thresholds_m;
    const auto partner_count = static_cast<std::int32_t>(data.partners.size());
    const auto hood_count = static_cast<std::int32_t>(data.neighbourhoods.size());

    ScenarioConsequences out;
    out.area = area.area->id;
    out.scenario = scenario;
    out.partners.assign(data.partners.size(), empty_row(config, area));
    out.neighbourhoods.assign(data.neighbourhoods.size(), empty_row(config, area));
    out.total = empty_row(config, area);
    auto rows_of = [&](std::int32_t partner, std::int32_t hood, auto&& apply) {
        apply(out.total);
        if (partner >= 0) apply(out.partners[static_cast<std::size_t>(partner)]);
        if (hood >= 0) apply(out.neighbourhoods[static_cast<std::size_t>(hood)]);
    };

    // Water on the ground, per zone. Municipalities and water boards overlap, so each has its own zone grid; one
    // pass over the depth map fills all three.
    const risk::ZoneSet zone_sets[] = {{area.zones.municipality.view(), partner_count + 1},
                                       {area.zones.water_board.view(), partner_count + 1},
                                       {area.zones.neighbourhood.view(), hood_count + 1}};
    const auto by_zone = risk::depth_by_zone_sets(depth.view(), zone_sets, grid.cell_area_m2(), thresholds);
    const auto& by_municipality = by_zone[0];
    const auto& by_board = by_zone[1];
    const auto& by_hood = by_zone[2];
    copy_depth_sums(out.total, by_municipality.total);
    for (std::int32_t p = 0; p < partner_count; ++p) {
        const bool board = data.partners[static_cast<std::size_t>(p)].kind == PartnerKind::water_board;
        copy_depth_sums(out.partners[static_cast<std::size_t>(p)], (board ? by_board : by_municipality).zones[static_cast<std::size_t>(p + 1)]);
    }
    for (std::int32_t n = 0; n < hood_count; ++n)
        copy_depth_sums(out.neighbourhoods[static_cast<std::size_t>(n)], by_hood.zones[static_cast<std::size_t>(n + 1)]);

    // Damage to the land (not buildings), per zone; none in a regional area (the rows keep it empty).
    risk::DamageScenario damage_scenario;
    damage_scenario.month = config.damage_month;
    if (!is_regional(area)) {
        // Each cell's damage is computed once and added to its municipality, water board and neighbourhood.
        const auto land = risk::damage_over_zone_sets(
            damage, {depth.view(), duration_h.view(), area.damage_code.view(), {}}, grid.cell_area_m2(), damage_scenario,
            {{area.zones.municipality.view(), partner_count + 1},
             {area.zones.water_board.view(), partner_count + 1},
             {area.zones.neighbourhood.view(), hood_count + 1}});
        const auto& land_municipality = land[0];
        const auto& land_board = land[1];
        const auto& land_hood = land[2];
        out.total.damage_direct_eur = land_municipality.damage.direct_eur;
        out.total.damage_indirect_eur = land_municipality.damage.indirect_eur;
        for (std::int32_t p = 0; p < partner_count; ++p) {
            const bool board = data.partners[static_cast<std::size_t>(p)].kind == PartnerKind::water_board;
            const auto& zone = (board ? land_board : land_municipality).per_zone[static_cast<std::size_t>(p + 1)];
            out.partners[static_cast<std::size_t>(p)].damage_direct_eur = zone.damage.direct_eur;
            out.partners[static_cast<std::size_t>(p)].damage_indirect_eur = zone.damage.indirect_eur;
        }
        for (std::int32_t n = 0; n < hood_count; ++n) {
            out.neighbourhoods[static_cast<std::size_t>(n)].damage_direct_eur = land_hood.per_zone[static_cast<std::size_t>(n + 1)].damage.direct_eur;
            out.neighbourhoods[static_cast<std::size_t>(n)].damage_indirect_eur = land_hood.per_zone[static_cast<std::size_t>(n + 1)].damage.indirect_eur;
        }
    }

    // Partner of a point: its municipality (or demonstration area); the water board is added separately.
    auto partners_at = [&](const XY& point) {
        return std::pair{zone_at(area.zones.municipality, point) - 1, zone_at(area.zones.water_board, point) - 1};
    };
    auto apply_all = [&](const XY& point, auto&& apply) {
        const auto [municipality, board] = partners_at(point);
        const std::int32_t hood = zone_at(area.zones.neighbourhood, point) - 1;
        rows_of(municipality, hood, apply);
        if (board >= 0) apply(out.partners[static_cast<std::size_t>(board)]);
        return municipality;
    };

    // Buildings: water against the façade, and their damage.
    if (area.buildings) {
        const auto& features = *area.buildings;
        std::vector<risk::GridCell> points(features.size());
        for (std::size_t b = 0; b < features.size(); ++b)
            points[b] = {grid.transform.row_of(features[b].representative.y), grid.transform.col_of(features[b].representative.x)};
        const auto exposure = risk::facade_exposure(depth.view(), area.building_ids.view(),
                                                    static_cast<std::int32_t>(features.size()), {}, points);
        for (std::size_t b = 0; b < features.size(); ++b) {
            const VectorFeature& f = features[b];
            if (!touches(f, grid)) continue;
            const risk::GridCell cell = points[b];
            // A building belongs to the area whose domain holds its representative point (so a building on the
            // edge of two areas is counted once).
            if (exposure[b].method == risk::FacadeMethod::kNone || !grid.contains_cell(cell.row, cell.col) ||
                !area.inside(cell.row, cell.col))
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
                input.damage_code = area.building_damage_codes.empty() ? area.building_damage_code : area.building_damage_codes[b];
                input.water_depth_m = r.facade_depth_m;
                const float d = grid.contains_cell(cell.row, cell.col) ? duration_h(cell.row, cell.col) : NAN;
                input.duration_h = std::isnan(d) ? damage_scenario.duration_h : std::max(1.0f, d);
                r.damage_eur = risk::damage_of_building(damage, input, damage_scenario).total_eur();
            }
            r.neighbourhood = zone_at(area.zones.neighbourhood, f.representative) - 1;
            r.partner = apply_all(f.representative, [&](IndicatorRow& row) {
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
    const std::vector<double> road_threshold{config.road_impassable_m};
    for (std::size_t l = 0; area.has_roads && l < area.roads.size(); ++l) {
        const RoadLayer& layer = config.roads[l];
        for (const VectorFeature& f : area.roads[l].features) {
            RoadResult r;
            r.layer = l;
            r.feature = f.index;
            r.road_class = text_of(f, layer.class_field);
            if (std::find(layer.skip_classes.begin(), layer.skip_classes.end(), r.road_class) != layer.skip_classes.end())
                continue;
            r.name = text_of(f, layer.name_field);
            float max_depth = std::numeric_limits<float>::quiet_NaN();
            for (const auto& part : f.parts) {
                std::vector<risk::MapPoint> line(part.size());
                for (std::size_t k = 0; k < part.size(); ++k) line[k] = {part[k].x, part[k].y};
                const risk::RoadExposure e = risk::road_exposure(line, depth.view(), grid.transform, road_threshold);
                r.length_in_grid_m += e.length_in_grid_m - e.length_nodata_m;
                r.impassable_m += e.length_over_m[0];
                if (!std::isnan(e.max_depth_m) && !(e.max_depth_m <= max_depth)) max_depth = e.max_depth_m;
            }
            if (r.length_in_grid_m <= 0.0) continue;
            r.max_depth_m = max_depth;
            r.neighbourhood = zone_at(area.zones.neighbourhood, f.representative) - 1;
            r.partner = apply_all(f.representative, [&](IndicatorRow& row) {
                *row.roads_m += r.length_in_grid_m;
                *row.roads_impassable_m += r.impassable_m;
            });
            out.roads.push_back(std::move(r));
        }
    }

    // Vital and vulnerable objects: points read the deepest cell around them (a point object usually stands in a
    // building, whose cells hold no water), polygons the deepest cell in or just around them.
    constexpr double kPointRadiusCells = 1.5;
    for (std::size_t l = 0; l < area.vital.size(); ++l) {
        const VitalLayer& layer = config.vital[l];
        const auto& features = area.vital[l].features;
        if (features.empty()) continue;
        Grid<std::int32_t> ids;
        bool any_polygon = false;
        for (const VectorFeature& f : features) any_polygon |= f.kind == GeometryKind::polygon;
        if (any_polygon) ids = rasterize_feature_ids(layer.path.string(), grid);
        std::vector<float> polygon_depth;
        if (any_polygon) {
            const auto count = static_cast<std::int32_t>(read_features(layer.path.string()).size());
            std::vector<risk::GridCell> points(static_cast<std::size_t>(count), risk::GridCell{-1, -1});
            for (const VectorFeature& f : features)
                points[static_cast<std::size_t>(f.index)] = {grid.transform.row_of(f.representative.y),
                                                             grid.transform.col_of(f.representative.x)};
            polygon_depth = risk::polygon_exposure(depth.view(), ids.view(), count, 1, points);
        }
        for (const VectorFeature& f : features) {
            VitalResult r;
            r.layer = l;
            r.feature = f.index;
            r.category = risk::parse_vital_category(text_of(f, layer.category_field)).key();
            r.name = text_of(f, layer.name_field);
            r.depth_m = f.kind == GeometryKind::polygon
                            ? polygon_depth[static_cast<std::size_t>(f.index)]
                            : risk::point_exposure(depth.view(), grid.transform, {f.representative.x, f.representative.y},
                                                   kPointRadiusCells * grid.transform.cell_size_m).depth_m;
            if (std::isnan(r.depth_m)) continue;  // outside the modelled domain
            r.threshold_index = risk::highest_threshold_exceeded(r.depth_m, thresholds);
            r.partner = apply_all(f.representative, [&](IndicatorRow& row) {
                *row.vital_objects += 1;
                if (r.threshold_index >= 0) *row.vital_hit += 1;
            });
            out.vital.push_back(std::move(r));
        }
    }
    // A zone with none of the buildings, roads or objects the area has is a zone the data does not cover:
    // "not computed", not zero.
    auto unknown_when_empty = [](IndicatorRow& row) {
        if (row.buildings && *row.buildings == 0) row.buildings.reset(), row.buildings_over.clear();
        if (row.roads_m && *row.roads_m <= 0.0) row.roads_m.reset(), row.roads_impassable_m.reset();
        if (row.vital_objects && *row.vital_objects == 0) row.vital_objects.reset(), row.vital_hit.reset();
    };
    for (IndicatorRow& row : out.partners) unknown_when_empty(row);
    for (IndicatorRow& row : out.neighbourhoods) unknown_when_empty(row);
    return out;
}

}  // namespace wn
