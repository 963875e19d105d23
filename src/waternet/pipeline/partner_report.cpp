#include "waternet/pipeline/partner_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "waternet/core/version.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/partner_report_parts.hpp"
#include "waternet/pipeline/stresstest_results.hpp"
#include "waternet/render/map_image.hpp"
#include "waternet/render/png.hpp"
#include "waternet/report/html_report.hpp"
#include "waternet/report/precision.hpp"
#include "waternet/report/text_format.hpp"

namespace wn {

using namespace partner_report_parts;

namespace {

using report::Cell;
using report::Column;
using report::HtmlReport;
using report::Language;

bool is_regional(const AreaResults& area) { return area.area->detail == AreaDetail::regional; }
double cell_area_m2(const AreaResults& area) {
    const double cell_m = area.context.grid.transform.cell_size_m;
    return cell_m * cell_m;
}

bool reaches(const ScenarioResult& s, std::size_t partner) {
    return s.consequences.partners[partner].modelled_area_m2 > 0.0;
}

const ScenarioResult* heaviest(const AreaResults& area) {
    const ScenarioResult* best = nullptr;
    for (const ScenarioResult& s : area.scenarios)
        if (s.run->measures.empty() && (!best || s.run->rain_mm > best->run->rain_mm)) best = &s;
    return best;
}

std::vector<render::MapRing> rings_of(const VectorFeature& f) {
    std::vector<render::MapRing> rings;
    for (const auto& part : f.parts) {
        render::MapRing ring;
        for (const XY& p : part) ring.push_back({p.x, p.y});
        rings.push_back(std::move(ring));
    }
    return rings;
}

// The part of the partner inside the area's grid, with a margin, as the map window.
render::MapWindow window_for(const Partner& partner, const GridSpec& grid) {
    const double margin = 4 * grid.transform.cell_size_m;
    render::MapWindow w{
        std::max(partner.outline.min_x - margin, grid.min_x()), std::max(partner.outline.min_y - margin, grid.min_y()),
        std::min(partner.outline.max_x + margin, grid.max_x()), std::min(partner.outline.max_y + margin, grid.max_y())};
    if (w.max_x <= w.min_x || w.max_y <= w.min_y) w = {grid.min_x(), grid.min_y(), grid.max_x(), grid.max_y()};
    return w;
}

std::vector<std::uint8_t> depth_map_png(const AreaResults& area, const ScenarioResult& s, const Partner& partner) {
    render::MapImageOptions options;
    options.window = window_for(partner, area.context.grid);
    options.max_width_px = 900;
    options.max_height_px = 700;
    options.shade = area.hillshade.view();
    options.shade_transform = area.hillshade.spec().transform;
    options.shade_opacity = 0.6;
    if (partner.kind != PartnerKind::demonstration) options.outlines = rings_of(partner.outline);
    options.outline_width_px = 2;
    return render::encode_png(render::map_image(s.max_depth_m.view(), area.context.grid.transform,
                                                render::legend(depth_legend_id(area.area->detail, "depth_m")),
                                                options));
}

std::string scenario_label(const ScenarioResult& s, const Words& t) {
    return s.run->measures.empty() ? s.run->storm
                                   : t("{} met maatregelen {}", "{} with measures {}", s.run->storm, s.run->measures);
}

// The thresholds the per-storm table shows: the first, the façade's and the last.
std::vector<std::size_t> table_threshold_indexes(const RegionConfig& config) {
    const std::size_t facade_k = facade_threshold_index(config);
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < config.depth_thresholds_m.size(); ++k)
        if (k == 0 || k == facade_k || k + 1 == config.depth_thresholds_m.size()) out.push_back(k);
    return out;
}

// The decimals of a column of areas: what the cells resolve, at its largest value.
int area_decimals(double largest_m2, const AreaResults& area) {
    return report::area_ha(largest_m2, cell_area_m2(area)).decimals;
}
double ha(double area_m2) { return area_m2 / 1e4; }

// A euro sum in millions with two significant digits, e.g. 1.2 or 0.34.
report::Rounded millions(double eur) {
    const double m = report::round_significant(eur, 2) / 1e6;
    if (m == 0.0) return {0.0, 0};
    return {m, std::clamp(1 - static_cast<int>(std::floor(std::log10(std::abs(m)))), 0, 6)};
}

// Municipalities whose ground lies in the partner's zone within this area: the partner itself, or for a water
// board those that share model cells with it (from the area's zone rasters).
std::vector<std::size_t> municipalities_in(const AreaResults& area, const Context& c) {
    if (c.partner.kind != PartnerKind::water_board) return {c.p};
    const auto& board = area.context.zones.water_board;
    const auto& municipality = area.context.zones.municipality;
    std::set<std::size_t> found;
    const auto own = static_cast<std::int32_t>(c.p) + 1;
    for (index_t i = 0; i < board.size() && i < municipality.size(); ++i)
        if (board.data()[i] == own && municipality.data()[i] > 0)
            found.insert(static_cast<std::size_t>(municipality.data()[i] - 1));
    return {found.begin(), found.end()};
}

// Which municipalities of the partner's zone the road layer has roads in (within this area), from the road
// results of its heaviest storm: a municipality's row has a road length only where roads were found.
std::vector<RoadCoverage> road_coverage(const AreaResults& area, const Context& c) {
    std::vector<RoadCoverage> out;
    const ScenarioResult& worst = *heaviest(area);
    for (std::size_t m : municipalities_in(area, c))
        out.push_back({c.data.partners[m].name, worst.consequences.partners[m].roads_m.has_value()});
    return out;
}

std::string road_note(const AreaResults& area, const Context& c) {
    if (is_regional(area)) return {};
    return road_coverage_note(c.partner.name, road_coverage(area, c), area.context.has_roads, c.t.language());
}

}  // namespace

std::vector<Column> scenario_columns(const RegionConfig& config, const IndicatorRow& probe, bool people,
                                     Language language) {
    const Words t(language);
    const std::size_t facade_k = facade_threshold_index(config);
    std::vector<Column> columns{{t("Bui", "Storm"), 0, ""}, {t("Neerslag (mm)", "Rain (mm)"), 0, ""}};
    bool first_area = true;
    for (std::size_t k : table_threshold_indexes(config)) {
        std::string meaning;
        if (first_area)
            meaning = probe.regional ? t("het oppervlak van de laagten met water dieper dan de drempel",
                                         "the area of the low areas with water deeper than the threshold")
                                     : t("het oppervlak met water dieper dan de drempel",
                                         "the area with water deeper than the threshold");
        first_area = false;
        columns.push_back({"> " + cm(config.depth_thresholds_m[k]) + " (ha)", 1, meaning});
    }
    columns.push_back(
        {t("Water (m³)", "Water (m³)"), 0,
         t("het volume water op het maaiveld op zijn hoogst", "the volume of water on the ground at its highest")});
    const std::string facade = cm(config.depth_thresholds_m[facade_k]);
    if (probe.buildings)
        columns.push_back({t("Gebouwen > {}", "Buildings > {}", facade), 0,
                           t("gebouwen met water tegen de gevel", "buildings with water against the façade")});
    if (probe.roads_m)
        columns.push_back({t("Weg > {} (km)", "Road > {} (km)", cm(config.road_impassable_m)), 1,
                           t("weglengte die onbegaanbaar is", "road length that is impassable")});
    if (probe.vital_objects)
        columns.push_back(
            {t("Vitaal geraakt", "Vital hit"), 0, t("vitale objecten met water", "vital objects with water")});
    if (damage_eur(probe))
        columns.push_back({t("Schade (€)", "Damage (€)"), 0,
                           t("schade (WaterSchadeSchatter, indicatief)", "damage (WaterSchadeSchatter, indicative)")});
    if (people)
        columns.push_back({t("Inwoners > 20 cm", "Residents > 20 cm"), 0,
                           t("een grove schatting van het aantal inwoners in gebied met meer dan 20 cm water",
                             "a rough estimate of the residents in areas with more than 20 cm of water")});
    return columns;
}

std::string road_coverage_note(const std::string& zone_name, const std::vector<RoadCoverage>& municipalities,
                               bool road_layer, Language language) {
    const Words t(language);
    if (!road_layer)
        return t("Wegen: de invoer heeft geen wegen in dit rekengebied, dus geen cijfers over wegen.",
                 "Roads: the input has no roads in this area, so there are no road figures.");
    std::vector<std::string> with, without;
    for (const RoadCoverage& m : municipalities) (m.has_roads ? with : without).push_back(m.municipality);
    if (without.empty()) return {};
    if (with.empty())
        return t("Wegen: de meegeleverde wegenkaart heeft geen wegen in {}; daarom staat er geen cijfer over wegen.",
                 "Roads: the road layer in the input has no roads in {}; so there is no road figure.", zone_name);
    return t(
        "Wegen: alleen {} in de meegeleverde data. Het wegcijfer van {} gaat alleen over die wegen, niet over "
        "die in {}.",
        "Roads: only {} in the input data. The road figure of {} covers those roads only, not those in {}.",
        t.list(with), zone_name, t.list(without));
}

BlueSpotOrder sort_bluespots(std::vector<const BlueSpotRow*>& spots) {
    const bool any_building =
        std::any_of(spots.begin(), spots.end(), [](const BlueSpotRow* s) { return s->buildings_touching > 0; });
    if (any_building) {
        std::stable_sort(spots.begin(), spots.end(), [](const BlueSpotRow* a, const BlueSpotRow* b) {
            return std::tie(a->buildings_touching, a->volume_m3) > std::tie(b->buildings_touching, b->volume_m3);
        });
        return BlueSpotOrder::buildings;
    }
    std::stable_sort(spots.begin(), spots.end(),
                     [](const BlueSpotRow* a, const BlueSpotRow* b) { return a->volume_m3 > b->volume_m3; });
    return BlueSpotOrder::volume;
}

namespace {

// What the area's figures rest on, in one paragraph: the terrain model, the buildings and the roads, with what
// the input covers (computed from the data present, not assumed).
void area_sources(const Context& c, const AreaResults& area) {
    const Words& t = c.t;
    const AreaConfig& a = *area.area;
    std::vector<std::string> parts{t("hoogte {} ({})", "terrain {} ({})", model_text(area, t), file_name(a.terrain))};
    if (!is_regional(area)) {
        if (area.context.buildings) {
            const std::string source = a.buildings ? file_name(*a.buildings)
                                       : a.bgt     ? t("BGT-panden uit {}", "BGT buildings from {}", file_name(*a.bgt))
                                                   : t("de invoer", "the input");
            parts.push_back(a.bag ? t("gebouwen uit {}, gebruiksdoel uit BAG ({})",
                                      "buildings from {}, use from BAG ({})", source, file_name(*a.bag))
                                  : t("gebouwen uit {}, zonder BAG: alle als woning geprijsd",
                                      "buildings from {}, without BAG: all priced as housing", source));
        } else {
            parts.push_back(t("geen gebouwen in de invoer, dus geen cijfers over gebouwen en hun schade",
                              "no buildings in the input, so no figures on buildings and their damage"));
        }
        if (area.context.has_roads) {
            std::vector<std::string> files;
            for (const RoadLayer& layer : c.config.roads) files.push_back(file_name(layer.path));
            parts.push_back(t("wegen uit {}", "roads from {}", t.list(files)));
        }
    }
    // A municipality without a neighbourhood layer gets no table per neighbourhood: say so here, once.
    const bool has_neighbourhoods =
        std::any_of(c.config.neighbourhoods.begin(), c.config.neighbourhoods.end(),
                    [&](const NeighbourhoodLayer& layer) { return layer.partner == c.partner.id; });
    if (c.partner.kind == PartnerKind::municipality && !has_neighbourhoods)
        parts.push_back(t("geen buurtgrenzen van {} in de invoer, dus geen tabel per buurt",
                          "no neighbourhood boundaries of {} in the input, so no table per neighbourhood",
                          c.partner.name));
    std::string joined;  // by semicolons: the parts hold commas themselves
    for (const std::string& part : parts) joined += (joined.empty() ? "" : "; ") + part;
    c.html.paragraph(t("**Bronnen van deze cijfers:** {}.", "**Sources of these figures:** {}.", joined));
}

void scenario_table(const Context& c, const AreaResults& area) {
    const Words& t = c.t;
    const IndicatorRow& probe = area.scenarios.front().consequences.partners[c.p];
    const bool people = people_estimate(probe, c.partner.figures.density_per_km2, c.config).has_value();
    std::vector<Column> columns = scenario_columns(c.config, probe, people, t.language());
    const std::vector<std::size_t> thresholds = table_threshold_indexes(c.config);
    // Area columns: the decimals the cells support at the largest value of the table (the shallowest threshold).
    double largest_m2 = 0.0;
    for (const ScenarioResult& s : area.scenarios)
        largest_m2 = std::max(largest_m2, s.consequences.partners[c.p].area_over_m2[0]);
    for (std::size_t k = 0; k < thresholds.size(); ++k) columns[2 + k].decimals = area_decimals(largest_m2, area);
    report::Table table = report::table_of(columns);
    const std::size_t facade_k = facade_threshold_index(c.config);
    for (const ScenarioResult& s : area.scenarios) {
        const IndicatorRow& row = s.consequences.partners[c.p];
        std::vector<Cell> cells{scenario_label(s, t), s.run->rain_mm};
        for (std::size_t k : thresholds) cells.push_back(ha(row.area_over_m2[k]));
        cells.push_back(report::volume_m3(row.volume_m3).value);
        if (probe.buildings) cells.push_back(static_cast<double>(row.buildings_over[facade_k]));
        if (probe.roads_m) cells.push_back(row.roads_impassable_m.value_or(NAN) / 1e3);
        if (probe.vital_objects) cells.push_back(static_cast<double>(row.vital_hit.value_or(0)));
        if (damage_eur(probe)) cells.push_back(report::damage_eur(damage_eur(row).value_or(NAN)).value);
        if (people) {
            const double estimate = people_estimate(row, c.partner.figures.density_per_km2, c.config).value_or(NAN);
            // A number (right-aligned, formatted by the table) unless it is the bound "< 10".
            const std::string text = report::people_text(estimate, t.language());
            cells.push_back(text.front() == '<' ? Cell(text) : Cell(report::people(estimate).value));
        }
        table.rows.push_back(std::move(cells));
    }
    const std::string modelled = t.rounded(report::area_ha(probe.modelled_area_m2, 1e4));
    table.caption = probe.regional
                        ? t("Per bui, in het deel van {} dat dit regionale model dekt ({} ha): {}. Het regionale "
                            "model is te grof voor cijfers over gebouwen, wegen, vitale objecten, schade of inwoners.",
                            "Per storm, in the part of {} this regional model covers ({} ha): {}. The regional model "
                            "is too coarse for figures on buildings, roads, vital objects, damage or residents.",
                            c.partner.name, modelled, report::describe_columns(columns, t.language()))
                        : t("Per bui, in het deel van {} dat dit rekengebied dekt ({} ha): {}.",
                            "Per storm, in the part of {} this area covers ({} ha): {}.", c.partner.name, modelled,
                            report::describe_columns(columns, t.language()));
    c.html.table(table);
    if (const std::string note = road_note(area, c); !note.empty()) c.html.note(note);
}

void area_chart(const Context& c, const AreaResults& area) {
    report::GroupedBarChart chart;
    chart.title = c.t("Oppervlak met water dieper dan", "Area with water deeper than");
    chart.unit = "ha";
    double largest_m2 = 0.0;
    for (const ScenarioResult& s : area.scenarios)
        largest_m2 = std::max(largest_m2, s.consequences.partners[c.p].area_over_m2[0]);
    chart.decimals = area_decimals(largest_m2, area);
    for (double threshold : c.config.depth_thresholds_m) chart.series.push_back(cm(threshold));
    for (const ScenarioResult& s : area.scenarios) {
        report::BarGroup group{scenario_label(s, c.t), {}};
        for (double a : s.consequences.partners[c.p].area_over_m2) group.values.push_back(ha(a));
        chart.groups.push_back(std::move(group));
    }
    c.html.grouped_bar_chart(chart);
}

std::string rd_point(double x, double y, double step_m) {
    return fmt::format("{:.0f}, {:.0f}", std::round(x / step_m) * step_m, std::round(y / step_m) * step_m);
}

void bluespot_table(const Context& c, const AreaResults& area) {
    const Words& t = c.t;
    const bool board = c.partner.kind == PartnerKind::water_board;
    std::vector<const BlueSpotRow*> spots;
    for (const BlueSpotRow& s : area.bluespots)
        if ((board ? s.water_board : s.partner) == static_cast<std::int32_t>(c.p)) spots.push_back(&s);
    if (spots.empty()) return;
    const BlueSpotOrder order = sort_bluespots(spots);
    const std::size_t shown = std::min<std::size_t>(10, spots.size());
    const bool regional = is_regional(area);
    const double cell_m = area.context.grid.transform.cell_size_m;
    if (regional) {
        // A regional model's depressions: where water collects across the region, to 0.1 m (coarse data, coarse claims).
        c.html.subsection(t("Laagten in het regionale hoogtemodel", "Low areas in the regional terrain model"));
        report::Table table = report::table_of({{t("Laagte", "Low area"), 0, ""},
                                                {t("Ligging (RD x, y)", "Location (RD x, y)"), 0, ""},
                                                {t("Oppervlak (ha)", "Area (ha)"), 0, ""},
                                                {t("Diepte (m, afgerond)", "Depth (m, rounded)"), 1, ""},
                                                {t("Berging (m³)", "Storage (m³)"), 0, ""}});
        for (std::size_t k = 0; k < shown; ++k) {
            const BlueSpotRow& s = *spots[k];
            table.rows.push_back({fmt::format("#{}", s.id), rd_point(s.x, s.y, std::max(cell_m, 100.0)),
                                  report::area_ha(s.area_m2, cell_m * cell_m).value,
                                  report::depth_m(s.max_depth_m, true).value, report::volume_m3(s.volume_m3).value});
        }
        table.caption =
            t("De {} grootste (naar berging) van {} laagten in het hoogtemodel {} in {}. In een "
              "oppervlaktemodel kan een laagte ook een open plek tussen bomen of gebouwen zijn; controleer "
              "een laagte met AHN voordat u er iets aan verbindt.",
              "The {} largest (by storage) of {} low areas in the terrain model {} in {}. In a surface "
              "model a low area can also be an open space between trees or buildings; check a low area "
              "against AHN before acting on it.",
              shown, spots.size(), model_text(area, t), c.partner.name);
        c.html.table(table);
        return;
    }
    c.html.subsection(t("Knelpunten: blauwe plekken", "Hotspots: blue spots"));
    std::vector<Column> columns{{t("Plek", "Spot"), 0, ""},
                                {t("Ligging (RD x, y)", "Location (RD x, y)"), 0, ""},
                                {t("Oppervlak (m²)", "Area (m²)"), 0, ""},
                                {t("Max. diepte (m)", "Max. depth (m)"), 2, ""},
                                {t("Berging (m³)", "Storage (m³)"), 0, ""},
                                {t("Gevuld bij de bui (%)", "Filled by the storm (%)"), 0, ""}};
    const bool with_buildings = order == BlueSpotOrder::buildings;
    if (with_buildings) columns.push_back({t("Gebouwen eraan", "Buildings touching"), 0, ""});
    report::Table table = report::table_of(columns);
    for (std::size_t k = 0; k < shown; ++k) {
        const BlueSpotRow& s = *spots[k];
        std::vector<Cell> cells{fmt::format("#{}", s.id),
                                rd_point(s.x, s.y, std::max(cell_m, 1.0)),
                                report::round_significant(s.area_m2, 3),
                                report::depth_m(s.max_depth_m, false).value,
                                report::volume_m3(s.volume_m3).value,
                                std::round(s.fill_fraction * 100.0)};
        if (with_buildings) cells.push_back(static_cast<double>(s.buildings_touching));
        table.rows.push_back(std::move(cells));
    }
    const std::string order_text =
        with_buildings ? t("eerst die met de meeste gebouwen eraan", "those with the most buildings touching first")
        : area.context.buildings ? t("op volgorde van berging: geen van de plekken raakt een gebouw",
                                     "by storage: none of the spots touches a building")
                                 : t("op volgorde van berging: de invoer heeft hier geen gebouwen",
                                     "by storage: the input has no buildings here");
    table.caption =
        t("De {} grootste van {} blauwe plekken (laagten in het maaiveld) in {}, {}. Statische analyse: "
          "het maaiveld is ondoorlatend verondersteld.",
          "The {} largest of {} blue spots (hollows in the ground) in {}, {}. Static analysis: the ground "
          "is assumed impermeable.",
          shown, spots.size(), c.partner.name, order_text);
    c.html.table(table);
}

void street_table(const Context& c, const AreaResults& area, const ScenarioResult& worst) {
    const Words& t = c.t;
    // Impassable length per street name in the heaviest storm.
    std::map<std::string, std::pair<double, float>> by_street;
    for (const RoadResult& r : worst.consequences.roads)
        if (r.partner == static_cast<std::int32_t>(c.p) && r.impassable_m > 0.0 && !r.name.empty()) {
            auto& e = by_street[r.name];
            e.first += r.impassable_m;
            e.second = std::max(e.second, r.max_depth_m);
        }
    if (by_street.empty()) {
        if (c.partner.kind != PartnerKind::water_board && worst.consequences.partners[c.p].roads_m)
            c.html.paragraph(
                t("**Straten:** bij {} is geen straat met een naam over een lengte onbegaanbaar (water dieper "
                  "dan {}).",
                  "**Streets:** in {} no named street is impassable over any length (water deeper than {}).",
                  worst.run->storm, cm(c.config.road_impassable_m)));
        return;
    }
    std::vector<std::pair<std::string, std::pair<double, float>>> streets(by_street.begin(), by_street.end());
    std::sort(streets.begin(), streets.end(),
              [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    c.html.subsection(t("Knelpunten: straten", "Hotspots: streets"));
    report::Table table = report::table_of({{t("Straat", "Street"), 0, ""},
                                            {t("Onbegaanbaar (m)", "Impassable (m)"), 0, ""},
                                            {t("Max. diepte (m)", "Max. depth (m)"), 2, ""}});
    for (std::size_t k = 0; k < std::min<std::size_t>(12, streets.size()); ++k)
        table.rows.push_back({streets[k].first, std::round(streets[k].second.first),
                              report::depth_m(streets[k].second.second, is_regional(area)).value});
    table.caption =
        t("Straten met de grootste lengte waar het water bij {} dieper staat dan de begaanbaarheidsgrens ({}).",
          "Streets with the greatest length where the water in {} stands deeper than the limit for "
          "passing ({}).",
          worst.run->storm, cm(c.config.road_impassable_m));
    c.html.table(table);
}

void building_table(const Context& c, const AreaResults& area, const ScenarioResult& worst) {
    const Words& t = c.t;
    // The deepest façades (for areas with buildings).
    std::vector<const BuildingResult*> buildings;
    for (const BuildingResult& b : worst.consequences.buildings)
        if (b.partner == static_cast<std::int32_t>(c.p) && b.facade_depth_m > 0.0f) buildings.push_back(&b);
    if (buildings.empty()) return;
    std::sort(buildings.begin(), buildings.end(),
              [](auto* a, auto* b) { return a->facade_depth_m > b->facade_depth_m; });
    c.html.subsection(t("Knelpunten: gebouwen met het meeste water tegen de gevel",
                        "Hotspots: buildings with the most water against the façade"));
    report::Table table = report::table_of({{t("Gebouw (object)", "Building (object)"), 0, ""},
                                            {t("Ligging (RD x, y)", "Location (RD x, y)"), 0, ""},
                                            {t("Water tegen de gevel (m)", "Water against the façade (m)"), 2, ""},
                                            {t("Grondoppervlak (m²)", "Footprint (m²)"), 0, ""},
                                            {t("Schade (€)", "Damage (€)"), 0, ""}});
    for (std::size_t k = 0; k < std::min<std::size_t>(10, buildings.size()); ++k) {
        const BuildingResult& b = *buildings[k];
        const XY at = (*area.context.buildings)[static_cast<std::size_t>(b.feature)].representative;
        table.rows.push_back({fmt::format("#{}", b.feature + 1), rd_point(at.x, at.y, 1.0),
                              report::depth_m(b.facade_depth_m, false).value, std::round(b.footprint_m2),
                              report::damage_eur(b.damage_eur).value});
    }
    table.caption = t("Bij {}. Het objectnummer is de volgorde in het gebouwenbestand (GeoPackage-laag buildings_{}).",
                      "In {}. The object number is the order in the buildings file (GeoPackage layer buildings_{}).",
                      worst.run->storm, area.area->id);
    c.html.table(table);
}

void neighbourhood_table(const Context& c, const AreaResults& area, const ScenarioResult& worst) {
    const Words& t = c.t;
    const std::size_t facade_k = facade_threshold_index(c.config);
    std::vector<std::size_t> hoods;
    for (std::size_t n = 0; n < c.data.neighbourhoods.size(); ++n)
        if (c.data.neighbourhoods[n].partner == c.partner.id &&
            worst.consequences.neighbourhoods[n].modelled_area_m2 > 0.0)
            hoods.push_back(n);
    if (hoods.empty()) return;
    std::sort(hoods.begin(), hoods.end(), [&](std::size_t a, std::size_t b) {
        return worst.consequences.neighbourhoods[a].area_over_m2[facade_k] >
               worst.consequences.neighbourhoods[b].area_over_m2[facade_k];
    });
    c.html.subsection(t("Per buurt", "Per neighbourhood"));
    double largest_m2 = 0.0;
    for (std::size_t n : hoods)
        largest_m2 = std::max(largest_m2, worst.consequences.neighbourhoods[n].modelled_area_m2);
    const std::string over = cm(c.config.depth_thresholds_m[facade_k]);
    std::vector<Column> columns{{t("Buurt", "Neighbourhood"), 0, ""},
                                {t("Oppervlak (ha)", "Area (ha)"), area_decimals(largest_m2, area), ""},
                                {t("Oppervlak > {} (ha)", "Area > {} (ha)", over), area_decimals(0.0, area), ""},
                                {t("Aandeel (%)", "Share (%)"), 0, ""}};
    const bool roads = worst.consequences.neighbourhoods[hoods.front()].roads_m.has_value();
    if (roads) columns.push_back({t("Wegen onbegaanbaar (m)", "Roads impassable (m)"), 0, ""});
    report::Table table = report::table_of(columns);
    for (std::size_t k = 0; k < std::min<std::size_t>(15, hoods.size()); ++k) {
        const IndicatorRow& row = worst.consequences.neighbourhoods[hoods[k]];
        std::vector<Cell> cells{c.data.neighbourhoods[hoods[k]].name, ha(row.modelled_area_m2),
                                ha(row.area_over_m2[facade_k]),
                                std::round(100.0 * row.area_over_m2[facade_k] / std::max(row.modelled_area_m2, 1.0))};
        if (roads) cells.push_back(std::round(row.roads_impassable_m.value_or(0.0)));
        table.rows.push_back(std::move(cells));
    }
    table.caption =
        t("De {} buurten met het grootste oppervlak boven {} bij {} (van {}; alle buurten staan in "
          "tables/neighbourhood_indicators.csv).",
          "The {} neighbourhoods with the largest area above {} in {} (of {}; every neighbourhood is in "
          "tables/neighbourhood_indicators.csv).",
          std::min<std::size_t>(15, hoods.size()), over, worst.run->storm, hoods.size());
    c.html.table(table);
}

void measures_section(const Context& c, const AreaResults& area) {
    const Words& t = c.t;
    for (const ScenarioResult& variant : area.scenarios) {
        if (variant.run->measures.empty()) continue;
        const ScenarioResult* base = nullptr;
        for (const ScenarioResult& s : area.scenarios)
            if (s.run->measures.empty() && s.run->storm == variant.run->storm) base = &s;
        if (!base) continue;
        const IndicatorRow& a = base->consequences.partners[c.p];
        const IndicatorRow& b = variant.consequences.partners[c.p];
        const std::size_t k = facade_threshold_index(c.config);
        const std::string over = cm(c.config.depth_thresholds_m[k]);
        c.html.subsection(t("Wat als: maatregelen {} bij {}", "What if: measures {} in {}", variant.run->measures,
                            variant.run->storm));
        report::Table table = report::table_of({{t("Indicator", "Indicator"), 0, ""},
                                                {t("Zonder maatregelen", "Without measures"), 0, ""},
                                                {t("Met maatregelen", "With measures"), 0, ""},
                                                {t("Verschil", "Difference"), 0, ""}});
        if (a.buildings)
            table.rows.push_back(
                {t("Gebouwen met water tegen de gevel > {}", "Buildings with water against the façade > {}", over),
                 static_cast<double>(a.buildings_over[k]), static_cast<double>(b.buildings_over[k]),
                 static_cast<double>(b.buildings_over[k]) - static_cast<double>(a.buildings_over[k])});
        if (damage_eur(a) && damage_eur(b))
            table.rows.push_back({t("Schade (€)", "Damage (€)"), report::damage_eur(*damage_eur(a)).value,
                                  report::damage_eur(*damage_eur(b)).value,
                                  report::damage_eur(*damage_eur(b) - *damage_eur(a)).value});
        table.rows.push_back({t("Water op straat (m³)", "Water on the streets (m³)"),
                              report::volume_m3(a.volume_m3).value, report::volume_m3(b.volume_m3).value,
                              report::volume_m3(b.volume_m3 - a.volume_m3).value});
        // Square metres here, not hectares: a measure's effect is often smaller than a hectare; to whole cells.
        const double cell = cell_area_m2(area);
        auto to_cells = [&](double m2) { return std::round(m2 / cell) * cell; };
        table.rows.push_back({t("Oppervlak > {} (m²)", "Area > {} (m²)", over), to_cells(a.area_over_m2[k]),
                              to_cells(b.area_over_m2[k]), to_cells(b.area_over_m2[k] - a.area_over_m2[k])});
        table.caption = t("Verschilkaart en details: compare/{}/{}/.", "Difference map and details: compare/{}/{}/.",
                          area.area->id, variant.run->scenario);
        c.html.table(table);
    }
}

// The area with the finest model cells among those that reach the partner: the headline's source.
const AreaResults* finest_area(const std::vector<const AreaResults*>& areas) {
    const AreaResults* finest = areas.front();
    for (const AreaResults* a : areas)
        if (a->context.grid.transform.cell_size_m < finest->context.grid.transform.cell_size_m) finest = a;
    return finest;
}

report::KeyFigure inhabitants_card(const Context& c) {
    return {*c.partner.figures.inhabitants, 0, c.t("inwoners", "residents"),
            c.t("in de gemeente ({})", "in the municipality ({})",
                c.config.key_figures && !c.config.key_figures->source.empty() ? c.config.key_figures->source
                                                                              : std::string("CBS"))};
}

// The key figures of the heaviest storm in the finest model that covers the partner, with that model named. A
// partner that only a regional model covers gets its flow paths and low areas, and is told that there are no
// street-level figures, rather than a building or damage count the data cannot support.
void headline(const Context& c, const AreaResults& finest) {
    const Words& t = c.t;
    const ScenarioResult& worst = *heaviest(finest);
    const IndicatorRow& row = worst.consequences.partners[c.p];
    const std::size_t k = facade_threshold_index(c.config);
    const std::string depth = cm(c.config.depth_thresholds_m[k]);
    if (is_regional(finest)) {
        c.html.note(
            t("Alleen het regionale model ({}) dekt {}. Het laat regionale stroombanen en laagten zien, geen straten "
              "of huizen: daarom staan hier geen cijfers over gebouwen, wegen, vitale objecten, schade of inwoners. "
              "Voor die cijfers is een stresstest op AHN 0,5 m met gebouwen nodig.",
              "Only the regional model ({}) covers {}. It shows regional flow paths and low areas, not streets or "
              "houses: so there are no figures here on buildings, roads, vital objects, damage or residents. Those "
              "figures need a stress test on AHN 0.5 m with buildings.",
              model_text(finest, t), c.partner.name));
        std::vector<report::KeyFigure> cards{
            {std::round(ha(row.area_over_m2[k]) / 10.0) * 10.0, 0, "ha",
             t("laagten dieper dan {} bij {} (regionaal, afgerond op 10 ha)",
               "low areas deeper than {} in {} (regional, rounded to 10 ha)", depth, worst.run->storm)}};
        if (c.partner.figures.inhabitants) cards.push_back(inhabitants_card(c));
        c.html.cards(cards);
        c.html.paragraph(t("Bron: {} ({}), bij de zwaarste bui {} ({} mm).",
                           "Source: {} ({}), in the heaviest storm {} ({} mm).", regional_layer_name(t.language()),
                           model_text(finest, t), worst.run->storm, t.number(worst.run->rain_mm, 0)));
        return;
    }
    const report::Rounded area = report::area_ha(row.area_over_m2[k], cell_area_m2(finest));
    std::vector<report::KeyFigure> cards{
        {area.value, area.decimals, "ha", t("dieper dan {} bij {}", "deeper than {} in {}", depth, worst.run->storm)}};
    if (row.buildings)
        cards.push_back({static_cast<double>(row.buildings_over[k]), 0, t("gebouwen", "buildings"),
                         t("met water tegen de gevel (> {})", "with water against the façade (> {})", depth)});
    if (row.roads_impassable_m) {
        // A road figure that covers part of the zone names the part (the area's section says which part is missing).
        std::vector<std::string> covered;
        bool partial = false;
        for (const RoadCoverage& m : road_coverage(finest, c)) {
            if (m.has_roads)
                covered.push_back(m.municipality);
            else
                partial = true;
        }
        const std::string impassable = cm(c.config.road_impassable_m);
        cards.push_back({*row.roads_impassable_m / 1e3, 1, t("km weg", "km of road"),
                         partial ? t("onbegaanbaar (> {}), alleen wegen in {}", "impassable (> {}), roads in {} only",
                                     impassable, t.list(covered))
                                 : t("onbegaanbaar (> {})", "impassable (> {})", impassable)});
    }
    if (const auto damage = damage_eur(row)) {
        const report::Rounded m = millions(*damage);
        cards.push_back(
            {m.value, m.decimals, t("mln €", "million €"), t("schade (indicatief)", "damage (indicative)")});
    }
    if (c.partner.figures.inhabitants) cards.push_back(inhabitants_card(c));
    c.html.cards(cards);
    // The model in words, unless the area's name already says it ("Haaksbergen-Buurse (AHN 5 m, gemodelleerd op 10 m)").
    const std::string& name = finest.area->name;
    const std::string model = model_text(finest, t);
    const std::string source = name.find(model) != std::string::npos ? name : name + " (" + model + ")";
    c.html.paragraph(t("Kerncijfers uit het fijnste model dat {} dekt: {}, bij de zwaarste bui {} ({} mm).",
                       "Key figures from the finest model that covers {}: {}, in the heaviest storm {} ({} mm).",
                       c.partner.name, source, worst.run->storm, t.number(worst.run->rain_mm, 0)));
    if (const auto people = people_estimate(row, c.partner.figures.density_per_km2, c.config)) {
        // "ongeveer 350", or "minder dan 10" for an estimate under 5 (report/precision.hpp).
        auto about = [&](double estimate) {
            const std::string text = report::people_text(estimate, t.language());
            return text.front() == '<' ? t("minder dan 10", "fewer than 10") : t("ongeveer {}", "about {}", text);
        };
        std::string text = t("Grove schatting: {} inwoners wonen in gebied waar bij {} meer dan 20 cm water staat",
                             "Rough estimate: {} residents live where more than 20 cm of water stands in {}",
                             about(*people), worst.run->storm);
        if (c.partner.figures.pct_65plus)
            text +=
                t(", van wie {} van 65 jaar of ouder ({} % in de gemeente)",
                  ", of whom {} aged 65 or over ({} % in the municipality)",
                  about(*people * *c.partner.figures.pct_65plus / 100.0), t.number(*c.partner.figures.pct_65plus, 1));
        c.html.paragraph(text + t(". Dit gaat uit van een gelijkmatig verdeelde bevolking en is alleen een signaal.",
                                  ". This assumes an evenly spread population and is only a signal."));
    }
}

// What the report can say it shows, from what the partner's finest area actually has.
std::string summary_sentence(const Context& c, const std::vector<const AreaResults*>& areas) {
    const Words& t = c.t;
    const bool only_regional =
        std::all_of(areas.begin(), areas.end(), [](const AreaResults* a) { return is_regional(*a); });
    if (areas.empty())
        return t("Geen rekengebied van deze stresstest dekt {}.", "No area of this stress test covers {}.",
                 c.partner.name);
    if (only_regional)
        return t(
            "Dit rapport laat zien waar in {} bij hevige neerslag water regionaal heen stroomt en zich verzamelt: de "
            "regionale stroombanen en laagten.",
            "This report shows where in {} water flows and collects across the region in heavy rain: the regional "
            "flow paths and low areas.",
            c.partner.name);
    std::vector<std::string> hits;
    bool buildings = false, roads = false, vital = false, damage = false;
    for (const AreaResults* a : areas) {
        if (is_regional(*a)) continue;
        const IndicatorRow& row = a->scenarios.front().consequences.partners[c.p];
        buildings |= row.buildings.has_value();
        roads |= row.roads_m.has_value();
        vital |= row.vital_objects.has_value();
        damage |= damage_eur(row).has_value();
    }
    if (buildings) hits.push_back(t("gebouwen", "buildings"));
    if (roads) hits.push_back(t("wegen", "roads"));
    if (vital) hits.push_back(t("vitale functies", "vital functions"));
    if (damage) hits.push_back(t("schade", "damage"));
    if (hits.empty())
        return t(
            "Dit rapport laat zien waar in {} bij hevige neerslag water op straat blijft staan; de invoer heeft hier "
            "geen gebouwen of wegen, dus geen cijfers over wat het water raakt.",
            "This report shows where in {} water stays on the streets in heavy rain; the input has no buildings or "
            "roads here, so no figures on what the water hits.",
            c.partner.name);
    return t("Dit rapport laat zien waar in {} bij hevige neerslag water op straat blijft staan en wat dat raakt: {}.",
             "This report shows where in {} water stays on the streets in heavy rain and what it hits: {}.",
             c.partner.name, t.list(hits));
}

void area_section(const Context& c, const AreaResults& area) {
    const Words& t = c.t;
    if (is_regional(area)) {
        c.html.section(regional_layer_name(t.language()) + " — " + area.area->name);
        c.html.note(limitations_note(area.area->model(), t.language()));
    } else {
        c.html.section(area.area->name);
    }
    if (!area.area->cover_note.empty()) c.html.paragraph(area.area->cover_note);
    area_sources(c, area);
    const ScenarioResult& worst = *heaviest(area);
    const ScenarioResult& first = area.scenarios.front();
    const std::string map_title =
        is_regional(area) ? regional_layer_name(t.language()) +
                                t(": maximale waterdiepte ({})", ": maximum water depth ({})", model_text(area, t))
                          : t("Maximale waterdiepte", "Maximum water depth");
    c.html.image_png(
        depth_map_png(area, first, c.partner),
        t("{} bij {} ({} mm).", "{} in {} ({} mm).", map_title, first.run->storm, t.number(first.run->rain_mm, 0)),
        t("kaart van de maximale waterdiepte", "map of the maximum water depth"));
    if (&worst != &first)
        c.html.image_png(
            depth_map_png(area, worst, c.partner),
            t("{} bij {} ({} mm).", "{} in {} ({} mm).", map_title, worst.run->storm, t.number(worst.run->rain_mm, 0)),
            t("kaart van de maximale waterdiepte bij de zwaarste bui",
              "map of the maximum water depth in the heaviest storm"));
    c.html.legend(render::legend(depth_legend_id(area.area->detail, "depth_m")));
    scenario_table(c, area);
    area_chart(c, area);
    bluespot_table(c, area);
    if (!is_regional(area)) {
        street_table(c, area, worst);
        building_table(c, area, worst);
    }
    neighbourhood_table(c, area, worst);
    measures_section(c, area);
}

}  // namespace

std::string partner_report_html(const StressTestResults& results, std::size_t p, Language language) {
    const RegionConfig& config = *results.config;
    const RegionData& data = *results.data;
    const Partner& partner = data.partners[p];
    const Words t(language);
    HtmlReport html(t("Stresstest wateroverlast — {}", "Flood stress test — {}", partner.name), language);
    const Context c{results, config, data, p, partner, t, html};
    const std::string kind = partner.kind == PartnerKind::water_board ? t("waterschap", "water board")
                             : partner.kind == PartnerKind::demonstration
                                 ? t("demonstratiegebied", "demonstration area")
                                 : t("gemeente", "municipality");
    html.subtitle(t("{} · {} · berekend {} met Waternet {}", "{} · {} · computed {} with Waternet {}", config.name,
                    kind, results.created_utc.substr(0, 10), kVersion));

    std::vector<const AreaResults*> areas;
    for (const AreaResults& area : results.areas)
        if (!area.scenarios.empty() && reaches(area.scenarios.front(), p)) areas.push_back(&area);

    html.section(t("Samenvatting", "Summary"));
    html.paragraph(
        summary_sentence(c, areas) +
        t(" Het is de gezamenlijke stresstest van {}; elke partner krijgt dezelfde berekening, uitgesplitst naar "
          "het eigen gebied. De cijfers zijn signalen voor de risicodialoog, geen oordeel.",
          " It is the joint stress test of {}; every partner gets the same computation, split by its own area. "
          "The figures are signals for the risk dialogue, not a verdict.",
          config.name));
    if (partner.kind == PartnerKind::demonstration)
        html.note(
            t("Dit gebied ligt buiten de regio. Het is meegenomen als stedelijk voorbeeld met gebouwen, omdat de regio "
              "zelf geen stedelijk hoogtemodel met zoveel detail in de invoer heeft.",
              "This area lies outside the region. It is included as an urban example with buildings, since the "
              "region itself has no urban terrain model with that detail in the input."));
    if (!areas.empty()) headline(c, *finest_area(areas));
    for (const AreaResults* area : areas) area_section(c, *area);
    drought_and_heat_section(c);
    assumptions_section(c);
    html.colophon(
        t("Waternet {} · {} · {} · kaarten en tabellen in de map van deze stresstest (GeoTIFF, GeoPackage, CSV; "
          "QGIS-stijlen in styles/)",
          "Waternet {} · {} · {} · maps and tables in this stress test's folder (GeoTIFF, GeoPackage, CSV; QGIS "
          "styles in styles/)",
          kVersion, config.name, results.created_utc));
    return html.to_html();
}

}  // namespace wn
