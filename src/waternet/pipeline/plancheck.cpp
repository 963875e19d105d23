#include "waternet/pipeline/plancheck.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "waternet/core/error.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/inputs.hpp"
#include "waternet/report/text_format.hpp"
#include "waternet/risk/facade.hpp"

namespace wn {

namespace {

using report::format_number;
using report::Language;

std::string nl(double value, int decimals) { return format_number(value, decimals, Language::nl); }
std::string en(double value, int decimals) { return format_number(value, decimals, Language::en); }

// A change of the maximum depth below this is the engine's noise, not water the plan sends to a neighbour.
constexpr double kNeighbourNoiseM = 0.001;

std::vector<index_t> cells_of(const std::string& wkt, const GridSpec& grid) {
    const Grid<std::uint8_t> mask = rasterize_wkt(wkt, grid);
    std::vector<index_t> cells;
    for (index_t i = 0; i < mask.size(); ++i)
        if (mask.data()[i]) cells.push_back(i);
    return cells;
}

// The plan's storage, infiltration and surfaces as measures (pipeline/measures.hpp), so that they are built in the
// way `waternet flood --measures` builds them.
std::vector<VectorFeature> plan_as_measures(const Plan& plan) {
    std::vector<VectorFeature> out;
    for (const PlanFeature& f : plan.features) {
        VectorFeature m = f.geometry;
        m.attributes = {{"name", f.name}};
        switch (f.kind) {
            case PlanKind::paving:
                m.attributes.insert({{"measure", "infiltration"}, {"cover", "paved"}});
                break;
            case PlanKind::green:
                m.attributes.insert({{"measure", "infiltration"}, {"cover", "grass"}});
                break;
            case PlanKind::water:
                m.attributes.insert({{"measure", "infiltration"}, {"cover", "water"}});
                break;
            case PlanKind::infiltration:
                m.attributes.insert({{"measure", "infiltration"}, {"cover", f.cover.empty() ? "grass" : f.cover}});
                break;
            case PlanKind::storage:
                m.attributes.insert({{"measure", "storage"},
                                     {"volume_m3", fmt::format("{}", f.volume_m3)},
                                     {"cover", f.cover.empty() ? "grass" : f.cover}});
                break;
            default:
                continue;
        }
        out.push_back(std::move(m));
    }
    // Surfaces first, then what lies in them (storage, infiltration), so that a crate under paving keeps its volume.
    std::stable_sort(out.begin(), out.end(), [](const VectorFeature& a, const VectorFeature& b) {
        return (a.attributes.at("measure") == "storage") < (b.attributes.at("measure") == "storage");
    });
    return out;
}

struct Window {
    GridSpec grid;
    Grid<float> terrain_before, terrain_after;
    Grid<std::uint8_t> cover_before, cover_after;
    Grid<std::int32_t> building_ids;  // 1 + the index among the plan's buildings
    std::vector<const PlanFeature*> buildings;
    std::vector<std::uint8_t> in_plot;
};

Window build_window(const PlanCheckOptions& o, PlanCheckResult& result, const LandCoverTable& table) {
    const RasterInfo info = raster_info(o.terrain.string());
    const VectorFeature& plot = result.plan.plot().geometry;
    Window w;
    w.grid = cropped_spec(info.spec, plot.min_x - o.window_m, plot.min_y - o.window_m, plot.max_x + o.window_m,
                          plot.max_y + o.window_m);
    w.terrain_before = read_raster_onto(o.terrain.string(), w.grid, Resampling::nearest);
    require_plausible_heights(w.terrain_before, "terrain");
    w.in_plot.assign(static_cast<std::size_t>(w.grid.cell_count()), 0);
    for (index_t i : cells_of(plot.wkt, w.grid)) {
        if (std::isnan(w.terrain_before.data()[i]))
            throw InputError(
                fmt::format("{}: {} (the plot) lies partly where the terrain has no data ({}); a plot "
                            "must lie on the terrain",
                            result.plan.file, result.plan.plot().label(), o.terrain.filename().string()));
        w.in_plot[static_cast<std::size_t>(i)] = 1;
    }
    w.cover_before = land_cover_grid(w.grid, o.default_cover, o.land_cover, table);
    if (o.buildings) {  // the neighbours' houses: water flows around them, before and after alike
        // The file usually covers far more than the window: it must touch the terrain (a CRS mistake is refused),
        // and the footprints beyond the window are left out without a word.
        require_layer_overlaps(o.buildings->string(), info.spec, "buildings");
        const LayerChecks checks{OffGrid::ignore, true, kMaxBuildingFootprintM2};
        const Grid<std::uint8_t> existing = rasterize_mask(o.buildings->string(), w.grid, false, checks);
        for (index_t i = 0; i < existing.size(); ++i)
            if (existing.data()[i]) w.cover_before.data()[i] = kBuilding;
    }
    w.terrain_after = w.terrain_before;
    w.cover_after = w.cover_before;
    w.building_ids = Grid<std::int32_t>(w.grid, 0);
    for (const PlanFeature& f : result.plan.features) {
        if ((f.kind == PlanKind::paving || f.kind == PlanKind::green) && f.ground_level_m)
            for (index_t i : cells_of(f.geometry.wkt, w.grid))
                if (!std::isnan(w.terrain_after.data()[i]))
                    w.terrain_after.data()[i] = static_cast<float>(*f.ground_level_m);
        if (f.kind != PlanKind::building) continue;
        w.buildings.push_back(&f);
        for (index_t i : cells_of(f.geometry.wkt, w.grid)) {
            w.cover_after.data()[i] = kBuilding;
            w.building_ids.data()[i] = static_cast<std::int32_t>(w.buildings.size());
        }
    }
    const std::vector<VectorFeature> measures = plan_as_measures(result.plan);
    if (!measures.empty())
        result.measures = apply_measure_features(result.plan.file, measures, w.terrain_after, w.cover_after);
    return w;
}

StormRun run_storm(const PlanCheckOptions& o, const Window& w, const LandCoverTable& table, const std::string& storm,
                   const ExecutionContext& context) {
    const RainSeries rain = standard_storm(storm, standard_storms_csv());
    FloodSettings settings;
    settings.edges = o.edges;
    settings.duration_s = rain.duration_s() + o.after_rain_s;
    settings.validate();
    auto run = [&](const Grid<float>& terrain, const Grid<std::uint8_t>& cover) {
        FloodInputs inputs;
        inputs.terrain_m = terrain.view();
        inputs.cell_size_m = w.grid.transform.cell_size_m;
        inputs.land_cover = cover.view();
        inputs.classes = &table;
        inputs.rain = &rain;
        return run_flood(inputs, settings, {}, context);
    };
    StormRun out;
    out.storm = storm;
    out.rain_mm = rain.total_depth_m() * 1000.0;
    FloodResult before = run(w.terrain_before, w.cover_before);
    FloodResult after = run(w.terrain_after, w.cover_after);
    out.before_depth_m = std::move(before.max_depth_m);
    out.after_depth_m = std::move(after.max_depth_m);
    out.before_depth_m.spec() = w.grid;
    out.after_depth_m.spec() = w.grid;
    out.before_balance = before.balance;
    out.after_balance = after.balance;
    return out;
}

const StormRun& run_of(const PlanCheckResult& r, const std::string& storm) {
    for (const StormRun& run : r.runs)
        if (run.storm == storm) return run;
    throw InputError("no run of storm " + storm);  // check_plan runs every storm a rule names; a bug if reached
}

// A ring cell counts as wet, for the water level beside a building, from this depth on: shallower water on sloping
// ground would make the highest ground the "water level".
constexpr double kWetForLevelM = 0.01;

// The highest water level (ground + maximum depth, over the cells wet more than kWetForLevelM; the highest ground
// when none is) and the highest ground in the ring of cells just outside a building's footprint, after the plan.
struct Ring {
    double water_level_m = -std::numeric_limits<double>::infinity();
    double ground_m = -std::numeric_limits<double>::infinity();
    int cells = 0;
};
Ring ring_of(const Window& w, const Grid<float>* depth, std::int32_t id) {
    Ring ring;
    const GridSpec& g = w.grid;
    for (index_t r = 0; r < g.rows; ++r)
        for (index_t c = 0; c < g.cols; ++c) {
            if (w.building_ids(r, c) == id || w.cover_after(r, c) == kBuilding) continue;
            bool beside = false;
            for (index_t dr = -1; dr <= 1 && !beside; ++dr)
                for (index_t dc = -1; dc <= 1; ++dc)
                    if (g.contains_cell(r + dr, c + dc) && w.building_ids(r + dr, c + dc) == id) beside = true;
            const float z = w.terrain_after(r, c);
            if (!beside || std::isnan(z)) continue;
            const float d = depth ? (*depth)(r, c) : 0.0f;
            ring.ground_m = std::max(ring.ground_m, static_cast<double>(z));
            if (!std::isnan(d) && d > kWetForLevelM)
                ring.water_level_m = std::max(ring.water_level_m, static_cast<double>(z) + d);
            ++ring.cells;
        }
    if (!std::isfinite(ring.water_level_m)) ring.water_level_m = ring.ground_m;  // dry beside the building
    return ring;
}

RuleVerdict check_floor_level(const PlanCheckResult& r, const Window& w, const FloorLevelRule& rule, std::size_t b) {
    const PlanFeature& building = *w.buildings[b];
    RuleVerdict v{.rule = "floor_level", .subject = building.name, .source = rule.source};
    const Ring ring =
        ring_of(w, rule.freeboard_m ? &run_of(r, rule.storm).after_depth_m : nullptr, static_cast<std::int32_t>(b + 1));
    if (ring.cells == 0) {
        v.finding_nl = "geen maaiveld naast het gebouw op het rekenrooster";
        v.finding_en = "no ground beside the building on the model grid";
        return v;
    }
    double required = -std::numeric_limits<double>::infinity();
    std::vector<std::string> why_nl, why_en;
    if (rule.freeboard_m) {
        required = std::max(required, ring.water_level_m + *rule.freeboard_m);
        v.figures["water_level_m"] = ring.water_level_m;
        v.figures["storm"] = rule.storm;
        v.figures["freeboard_m"] = *rule.freeboard_m;
        why_nl.push_back(fmt::format("waterstand naast het gebouw bij {} {} m NAP + waakhoogte {} m", rule.storm,
                                     nl(ring.water_level_m, 2), nl(*rule.freeboard_m, 2)));
        why_en.push_back(fmt::format("water level beside the building at {} {} m NAP + freeboard {} m", rule.storm,
                                     en(ring.water_level_m, 2), en(*rule.freeboard_m, 2)));
    }
    if (rule.above_street_m) {
        required = std::max(required, ring.ground_m + *rule.above_street_m);
        v.figures["highest_ground_beside_m"] = ring.ground_m;
        v.figures["above_street_m"] = *rule.above_street_m;
        why_nl.push_back(fmt::format("hoogste maaiveld naast de gevel {} m NAP + {} m", nl(ring.ground_m, 2),
                                     nl(*rule.above_street_m, 2)));
        why_en.push_back(fmt::format("highest ground beside the façade {} m NAP + {} m", en(ring.ground_m, 2),
                                     en(*rule.above_street_m, 2)));
    }
    const double floor = *building.floor_level_m;
    v.figures["floor_level_m"] = floor;
    v.figures["required_floor_level_m"] = required;
    v.state = floor + 1e-9 >= required ? VerdictState::pass : VerdictState::fail;
    v.finding_nl = fmt::format("vloerpeil {} m NAP; vereist ten minste {} m NAP ({})", nl(floor, 2), nl(required, 2),
                               fmt::join(why_nl, "; "));
    v.finding_en = fmt::format("floor level {} m NAP; required at least {} m NAP ({})", en(floor, 2), en(required, 2),
                               fmt::join(why_en, "; "));
    if (v.state == VerdictState::fail) {
        v.remedy_nl = fmt::format("verhoog het vloerpeil met {} m tot ten minste {} m NAP", nl(required - floor, 2),
                                  nl(required, 2));
        v.remedy_en =
            fmt::format("raise the floor by {} m to at least {} m NAP", en(required - floor, 2), en(required, 2));
    }
    return v;
}

std::vector<RuleVerdict> check_facades(const PlanCheckResult& r, const Window& w, const FacadeRule& rule) {
    const Grid<float>& depth = run_of(r, rule.storm).after_depth_m;
    const auto exposures =
        risk::facade_exposure(depth.view(), w.building_ids.view(), static_cast<std::int32_t>(w.buildings.size()));
    std::vector<RuleVerdict> out;
    for (std::size_t b = 0; b < w.buildings.size(); ++b) {
        RuleVerdict v{.rule = "facade", .subject = w.buildings[b]->name, .source = rule.source};
        const double d = exposures[b].max_depth_m;
        if (std::isnan(d)) {
            v.finding_nl = "geen waterdiepte naast de gevel op het rekenrooster";
            v.finding_en = "no water depth beside the façade on the model grid";
            out.push_back(std::move(v));
            continue;
        }
        v.figures = {{"storm", rule.storm}, {"facade_depth_m", d}, {"max_depth_m", rule.max_depth_m}};
        v.state = d <= rule.max_depth_m + 1e-9 ? VerdictState::pass : VerdictState::fail;
        v.finding_nl = fmt::format("water tegen de gevel bij {}: {} m (ten hoogste {} m)", rule.storm, nl(d, 2),
                                   nl(rule.max_depth_m, 2));
        v.finding_en = fmt::format("water against the façade at {}: {} m (at most {} m)", rule.storm, en(d, 2),
                                   en(rule.max_depth_m, 2));
        if (v.state == VerdictState::fail) {
            v.remedy_nl = fmt::format(
                "verlaag het water bij de gevel met {} m: leg het maaiveld aflopend van de gevel "
                "of voeg berging toe",
                nl(d - rule.max_depth_m, 2));
            v.remedy_en = fmt::format(
                "lower the water at the façade by {} m: slope the ground away from the façade or "
                "add storage",
                en(d - rule.max_depth_m, 2));
        }
        out.push_back(std::move(v));
    }
    return out;
}

RuleVerdict check_neighbours(const PlanCheckResult& r, const Window& w, const NeighbourRule& rule,
                             const std::string& storm) {
    const StormRun& run = run_of(r, storm);
    RuleVerdict v{.rule = "neighbours", .subject = storm, .source = rule.source};
    double worst = 0.0, volume = 0.0;
    index_t worst_cell = -1;
    const double cell_area = w.grid.cell_area_m2();
    for (index_t i = 0; i < w.grid.cell_count(); ++i) {
        if (w.in_plot[static_cast<std::size_t>(i)]) continue;
        const float before = run.before_depth_m.data()[i], after = run.after_depth_m.data()[i];
        if (std::isnan(before) || std::isnan(after)) continue;
        const double extra = static_cast<double>(after) - before;
        if (extra <= kNeighbourNoiseM) continue;
        volume += extra * cell_area;
        if (extra > worst) {
            worst = extra;
            worst_cell = i;
        }
    }
    v.figures = {{"storm", storm},
                 {"extra_depth_m", worst},
                 {"extra_volume_m3", volume},
                 {"tolerance_depth_m", rule.extra_depth_m},
                 {"tolerance_volume_m3", rule.extra_volume_m3},
                 {"noise_threshold_m", kNeighbourNoiseM}};
    std::string where_nl, where_en;
    if (worst_cell >= 0) {
        const double x = w.grid.transform.cell_center_x(worst_cell % w.grid.cols);
        const double y = w.grid.transform.cell_center_y(worst_cell / w.grid.cols);
        v.figures["worst_x"] = x;
        v.figures["worst_y"] = y;
        where_nl = fmt::format("; het meest bij RD ({:.0f}, {:.0f})", x, y);
        where_en = fmt::format("; most at RD ({:.0f}, {:.0f})", x, y);
    }
    v.state = worst <= rule.extra_depth_m + 1e-9 && volume <= rule.extra_volume_m3 + 1e-9 ? VerdictState::pass
                                                                                          : VerdictState::fail;
    v.finding_nl = fmt::format(
        "bij {} buiten het perceel ten hoogste {} m en {} m³ meer water (toegestaan {} m en "
        "{} m³){}",
        storm, nl(worst, 3), nl(volume, 1), nl(rule.extra_depth_m, 3), nl(rule.extra_volume_m3, 1), where_nl);
    v.finding_en =
        fmt::format("at {} outside the plot at most {} m and {} m³ more water (allowed {} m and {} m³){}", storm,
                    en(worst, 3), en(volume, 1), en(rule.extra_depth_m, 3), en(rule.extra_volume_m3, 1), where_en);
    if (v.state == VerdictState::fail) {
        const double keep = std::max(0.0, volume - rule.extra_volume_m3);
        v.remedy_nl = fmt::format(
            "houd ten minste {} m³ meer water op het perceel (berging, of het terrein niet naar de "
            "buren laten aflopen)",
            nl(std::ceil(keep), 0));
        v.remedy_en = fmt::format(
            "keep at least {} m³ more water on the plot (storage, or ground that does not slope "
            "towards the neighbours)",
            en(std::ceil(keep), 0));
    }
    return v;
}

}  // namespace

std::array<EdgeCondition, 4> PlanCheckOptions::free_edges() {
    std::array<EdgeCondition, 4> edges{};
    for (EdgeCondition& e : edges) e.kind = EdgeKind::free_outflow;
    return edges;
}

std::string_view verdict_state_name(VerdictState state) {
    switch (state) {
        case VerdictState::pass:
            return "pass";
        case VerdictState::fail:
            return "fail";
        default:
            return "not_checked";
    }
}

bool PlanCheckResult::any_fail() const {
    return std::any_of(verdicts.begin(), verdicts.end(),
                       [](const RuleVerdict& v) { return v.state == VerdictState::fail; });
}

RuleVerdict check_storage(const Plan& plan, const StorageRule& rule) {
    RuleVerdict v{.rule = "storage", .source = rule.source};
    const double roof = plan.area_of(PlanKind::building), paved = plan.area_of(PlanKind::paving);
    const double area = roof + paved;
    const bool applies = area >= rule.from_m2;
    const double required = applies ? rule.mm / 1000.0 * area : 0.0;
    const double provided = plan.storage_volume_m3();
    const double missing = std::max(0.0, required - provided);
    v.figures = {{"new_roof_m2", roof},     {"new_paved_m2", paved},   {"rule_mm", rule.mm},
                 {"from_m2", rule.from_m2}, {"required_m3", required}, {"provided_m3", provided},
                 {"missing_m3", missing}};
    v.state = missing > 1e-9 ? VerdictState::fail : VerdictState::pass;
    if (!applies) {
        v.finding_nl = fmt::format("{} m² nieuw dak en verharding, minder dan {} m²: geen berging vereist", nl(area, 0),
                                   nl(rule.from_m2, 0));
        v.finding_en = fmt::format("{} m² of new roof and paving, less than {} m²: no storage required", en(area, 0),
                                   en(rule.from_m2, 0));
        return v;
    }
    v.finding_nl = fmt::format("vereist {} mm × {} m² nieuw dak en verharding = {} m³; aanwezig {} m³", nl(rule.mm, 0),
                               nl(area, 0), nl(required, 1), nl(provided, 1));
    v.finding_en = fmt::format("required {} mm × {} m² of new roof and paving = {} m³; provided {} m³", en(rule.mm, 0),
                               en(area, 0), en(required, 1), en(provided, 1));
    if (v.state == VerdictState::fail) {
        v.remedy_nl = fmt::format("nog {} m³ berging nodig", nl(missing, 1));
        v.remedy_en = fmt::format("{} m³ more storage needed", en(missing, 1));
    }
    return v;
}

RuleVerdict check_runoff(const Plan& plan, const RunoffRule& rule) {
    RuleVerdict v{.rule = "runoff", .source = rule.source};
    const double plot_ha = plan.plot().area_m2 / 1e4;
    double rate_l_per_s = 0.0;
    bool any = false;
    for (const PlanFeature& f : plan.features)
        if (f.kind == PlanKind::storage) {
            rate_l_per_s += f.volume_m3 * 1000.0 / (f.emptying_h * 3600.0);
            any = true;
        }
    if (!any) {
        v.finding_nl = "geen berging in het plan: de afvoer naar oppervlaktewater is niet uit het plan af te leiden";
        v.finding_en = "no storage in the plan: its discharge to surface water cannot be derived from the plan";
        return v;
    }
    const double per_ha = rate_l_per_s / plot_ha;
    v.figures = {{"emptying_rate_l_per_s", rate_l_per_s},
                 {"plot_ha", plot_ha},
                 {"rate_l_per_s_per_ha", per_ha},
                 {"max_l_per_s_per_ha", rule.max_l_per_s_per_ha}};
    v.state = per_ha <= rule.max_l_per_s_per_ha + 1e-9 ? VerdictState::pass : VerdictState::fail;
    v.finding_nl = fmt::format("de berging loopt leeg met {} l/s = {} l/s/ha perceel (ten hoogste {} l/s/ha)",
                               nl(rate_l_per_s, 2), nl(per_ha, 1), nl(rule.max_l_per_s_per_ha, 1));
    v.finding_en = fmt::format("the storage empties at {} l/s = {} l/s/ha of plot (at most {} l/s/ha)",
                               en(rate_l_per_s, 2), en(per_ha, 1), en(rule.max_l_per_s_per_ha, 1));
    if (v.state == VerdictState::fail) {
        const double factor = per_ha / rule.max_l_per_s_per_ha;
        v.remedy_nl = fmt::format("laat de berging trager leeglopen: een ledigingstijd {} keer zo lang", nl(factor, 1));
        v.remedy_en =
            fmt::format("let the storage empty more slowly: an emptying time {} times as long", en(factor, 1));
    }
    return v;
}

PlanCheckResult check_plan(const PlanCheckOptions& o, const ExecutionContext& context) {
    const OpenMPThreadsScope threads(context);  // the kernels without a thread count of their own
    if (!(o.window_m >= 0.0) || o.window_m > 5000.0)
        throw InputError(fmt::format("the window around the plot must be 0..5000 m (got {})", o.window_m));
    PlanCheckResult result;
    result.rules = read_water_rules(o.rules, o.municipality);
    const RasterInfo info = raster_info(o.terrain.string());
    result.plan = read_plan(o.plan, info.spec);
    if (result.rules.storage) result.verdicts.push_back(check_storage(result.plan, *result.rules.storage));
    if (result.rules.runoff) result.verdicts.push_back(check_runoff(result.plan, *result.rules.runoff));

    const bool has_buildings = result.plan.area_of(PlanKind::building) > 0.0;
    const bool building_rules = has_buildings && (result.rules.floor_level || result.rules.facade);
    if (!building_rules && !result.rules.neighbours) return result;
    FloodJob table_job;
    table_job.no_losses = o.no_losses;
    const LandCoverTable table = job_land_cover_table(table_job);
    const Window w = build_window(o, result, table);
    result.window = w.grid;
    for (const std::string& storm : result.rules.storms())
        result.runs.push_back(run_storm(o, w, table, storm, context));
    if (result.rules.floor_level)
        for (std::size_t b = 0; b < w.buildings.size(); ++b)
            result.verdicts.push_back(check_floor_level(result, w, *result.rules.floor_level, b));
    if (result.rules.facade)
        for (RuleVerdict& v : check_facades(result, w, *result.rules.facade)) result.verdicts.push_back(std::move(v));
    if (result.rules.neighbours)
        for (const std::string& storm : result.rules.neighbours->storms)
            result.verdicts.push_back(check_neighbours(result, w, *result.rules.neighbours, storm));
    return result;
}

}  // namespace wn
