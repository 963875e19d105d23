#include "waternet/pipeline/partner_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "waternet/core/version.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/stresstest_results.hpp"
#include "waternet/render/map_image.hpp"
#include "waternet/render/png.hpp"
#include "waternet/report/html_report.hpp"
#include "waternet/report/text_format.hpp"

namespace wn {

namespace {

// How buildings were priced: by their BAG use where an area has BAG (pipeline/bag_use.hpp), else all as housing.
std::string building_use_sentence(const RegionConfig& config) {
    std::string with_bag;
    bool any_without = false;
    for (const AreaConfig& area : config.areas) {
        if (!area.buildings) continue;
        if (area.bag) with_bag += (with_bag.empty() ? "" : ", ") + area.name;
        else any_without = true;
    }
    if (with_bag.empty()) return "De gegevens bevatten geen BAG-gebruiksfuncties: alle gebouwen zijn als woning gerekend.";
    return fmt::format("Gebouwen in {} zijn geprijsd naar hun BAG-gebruiksdoel (het doel met het grootste vloeroppervlak; "
                       "data/bag/bag_use_classes.csv){}.",
                       with_bag, any_without ? "; in de andere rekengebieden zijn alle gebouwen als woning gerekend" : "");
}


using report::Cell;
using report::HtmlReport;
using report::Language;

constexpr Language kNl = Language::nl;

std::string nl(double value, int decimals) { return report::format_number(value, decimals, kNl); }
std::string cm(double metres) { return fmt::format("{:.0f} cm", metres * 100.0); }

// What the standard says each storm stands for (Delta Programme 2019; Klimaateffectatlas; RIONED).
std::string storm_meaning(const std::string& storm) {
    static const std::map<std::string, std::string> meaning{
        {"T100", "kans 1/100 per jaar (2050)"},        {"T250", "kans 1/250 per jaar (2050)"},
        {"T1000", "kans 1/1000 per jaar (2050)"},      {"T100_48h", "langdurig, kans 1/100 per jaar"},
        {"T250_48h", "langdurig, kans 1/250 per jaar"}, {"T1000_48h", "langdurig, kans 1/1000 per jaar"},
        {"NL70_2h", "landelijke basiskaart, ca. 1/100 nu"}, {"NL140_2h", "landelijke basiskaart, ca. 1/1000 nu"}};
    const auto found = meaning.find(storm);
    return found != meaning.end() ? found->second : "RIONED-ontwerpbui";
}

bool is_regional(const AreaResults& area) { return area.area->detail == AreaDetail::regional; }
std::string model_nl(const AreaResults& area) { return model_label(area.area->model(), kNl); }

// The limitations note of a regional area in both languages, boxed (after the Atlas Leefomgeving's "Beperkingen
// van de kaart").
void limitations(HtmlReport& html, const AreaResults& area) {
    html.note(limitations_note(area.area->model(), kNl));
    html.note(limitations_note(area.area->model(), Language::en));
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
    render::MapWindow w{std::max(partner.outline.min_x - margin, grid.min_x()), std::max(partner.outline.min_y - margin, grid.min_y()),
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
                                                render::legend("depth_m"), options));
}

std::string scenario_label(const ScenarioResult& s) {
    return s.run->measures.empty() ? s.run->storm : s.run->storm + " met maatregelen " + s.run->measures;
}

void scenario_table(HtmlReport& html, const RegionConfig& config, const AreaResults& area, std::size_t p,
                    const Partner& partner) {
    const std::size_t facade_k = facade_threshold_index(config);
    report::Table table;
    auto column = [&](std::string header, int decimals) {
        table.header.push_back(std::move(header));
        table.decimals.push_back(decimals);
    };
    column("Bui", 0);
    column("Neerslag (mm)", 0);
    for (double t : config.depth_thresholds_m)
        if (t == config.depth_thresholds_m.front() || t == config.depth_thresholds_m[facade_k] || t == config.depth_thresholds_m.back())
            column("> " + cm(t) + " (ha)", 1);
    column("Water (m³)", 0);
    // Only the figures the area can give: a regional area has no buildings, roads, vital objects, damage or people.
    const IndicatorRow& probe = area.scenarios.front().consequences.partners[p];
    const bool people = people_estimate(probe, partner.figures.density_per_km2, config).has_value();
    if (probe.buildings) column("Gebouwen > " + cm(config.depth_thresholds_m[facade_k]), 0);
    if (probe.roads_m) column("Weg > " + cm(config.road_impassable_m) + " (km)", 1);
    if (probe.vital_objects) column("Vitaal geraakt", 0);
    if (damage_eur(probe)) column("Schade (€)", 0);
    if (people) column("Inwoners > 20 cm", 0);
    for (const ScenarioResult& s : area.scenarios) {
        const IndicatorRow& row = s.consequences.partners[p];
        std::vector<Cell> cells{scenario_label(s), s.run->rain_mm};
        for (std::size_t k = 0; k < config.depth_thresholds_m.size(); ++k)
            if (k == 0 || k == facade_k || k + 1 == config.depth_thresholds_m.size()) cells.push_back(row.area_over_m2[k] / 1e4);
        cells.push_back(row.volume_m3);
        if (probe.buildings) cells.push_back(static_cast<double>(row.buildings_over[facade_k]));
        if (probe.roads_m) cells.push_back(*row.roads_impassable_m / 1e3);
        if (probe.vital_objects) cells.push_back(static_cast<double>(*row.vital_hit));
        if (damage_eur(probe)) cells.push_back(std::round(damage_eur(row).value_or(NAN) / 1000.0) * 1000.0);
        if (people) cells.push_back(std::round(people_estimate(row, partner.figures.density_per_km2, config).value_or(NAN)));
        table.rows.push_back(std::move(cells));
    }
    table.caption =
        probe.regional
            ? fmt::format("Per bui, in het deel van {} dat dit regionale model dekt ({} ha): oppervlak van de laagten met "
                          "water dieper dan de drempel en het volume water op het maaiveld op zijn hoogst. Geen cijfers over "
                          "gebouwen, wegen, vitale objecten, schade of inwoners: {}.",
                          partner.name, nl(probe.modelled_area_m2 / 1e4, 0), no_street_figures_reason(kNl))
            : fmt::format(
                  "Per bui, in het deel van {} dat dit rekengebied dekt ({} ha): oppervlak met water dieper dan de drempel, "
                  "het volume water op het maaiveld op zijn hoogst, gebouwen met water tegen de gevel, weglengte die "
                  "onbegaanbaar is, vitale objecten met water, schade (WaterSchadeSchatter, indicatief) en een grove "
                  "schatting van het aantal inwoners in gebied met meer dan 20 cm water.",
                  partner.name, nl(probe.modelled_area_m2 / 1e4, 0));
    html.table(table);
}

void area_chart(HtmlReport& html, const RegionConfig& config, const AreaResults& area, std::size_t p) {
    report::GroupedBarChart chart;
    chart.title = "Oppervlak met water dieper dan";
    chart.unit = "ha";
    chart.decimals = 1;
    for (double t : config.depth_thresholds_m) chart.series.push_back(cm(t));
    for (const ScenarioResult& s : area.scenarios) {
        report::BarGroup group{scenario_label(s), {}};
        for (double a : s.consequences.partners[p].area_over_m2) group.values.push_back(a / 1e4);
        chart.groups.push_back(std::move(group));
    }
    html.grouped_bar_chart(chart);
}

void hotspots(HtmlReport& html, const RegionData& data, const AreaResults& area, std::size_t p, const ScenarioResult& worst) {
    const Partner& partner = data.partners[p];
    const bool board = partner.kind == PartnerKind::water_board;
    std::vector<const BlueSpotRow*> spots;
    for (const BlueSpotRow& s : area.bluespots)
        if ((board ? s.water_board : s.partner) == static_cast<std::int32_t>(p)) spots.push_back(&s);
    std::sort(spots.begin(), spots.end(), [](const BlueSpotRow* a, const BlueSpotRow* b) {
        return std::tie(a->buildings_touching, a->volume_m3) > std::tie(b->buildings_touching, b->volume_m3);
    });
    if (!spots.empty() && is_regional(area)) {
        // A regional model's depressions: where water collects across the region, to 0.1 m (coarse data, coarse claims).
        html.subsection("Laagten in het regionale hoogtemodel");
        report::Table table;
        table.header = {"Laagte", "Ligging (RD x, y)", "Oppervlak (ha)", "Diepte (m, afgerond)", "Berging (m³)"};
        table.decimals = {0, 0, 0, 1, 0};
        for (std::size_t k = 0; k < std::min<std::size_t>(10, spots.size()); ++k) {
            const BlueSpotRow& s = *spots[k];
            table.rows.push_back({fmt::format("#{}", s.id), fmt::format("{:.0f}, {:.0f}", std::round(s.x / 100) * 100, std::round(s.y / 100) * 100),
                                  s.area_m2 / 1e4, std::round(s.max_depth_m * 10.0) / 10.0, std::round(s.volume_m3 / 1000.0) * 1000.0});
        }
        table.caption = fmt::format("De {} grootste van {} laagten in het hoogtemodel {} in {}. In een oppervlaktemodel "
                                    "kan een laagte ook een open plek tussen bomen of gebouwen zijn; controleer een laagte "
                                    "met AHN voordat u er iets aan verbindt.",
                                    std::min<std::size_t>(10, spots.size()), spots.size(), model_nl(area), partner.name);
        html.table(table);
    } else if (!spots.empty()) {
        html.subsection("Knelpunten: blauwe plekken");
        report::Table table;
        table.header = {"Plek", "Ligging (RD x, y)", "Oppervlak (m²)", "Max. diepte (m)", "Berging (m³)", "Gevuld bij de bui (%)",
                        "Gebouwen eraan"};
        table.decimals = {0, 0, 0, 2, 0, 0, 0};
        for (std::size_t k = 0; k < std::min<std::size_t>(10, spots.size()); ++k) {
            const BlueSpotRow& s = *spots[k];
            table.rows.push_back({fmt::format("#{}", s.id), fmt::format("{:.0f}, {:.0f}", s.x, s.y), s.area_m2, s.max_depth_m,
                                  s.volume_m3, s.fill_fraction * 100.0, static_cast<double>(s.buildings_touching)});
        }
        table.caption = fmt::format("De {} grootste van {} blauwe plekken (laagten in het maaiveld) in {}, eerst die met de "
                                    "meeste gebouwen eraan. Statische analyse: het maaiveld is ondoorlatend verondersteld.",
                                    std::min<std::size_t>(10, spots.size()), spots.size(), partner.name);
        html.table(table);
    }
    // Streets: impassable length per street name in the heaviest storm.
    std::map<std::string, std::pair<double, float>> by_street;
    for (const RoadResult& r : worst.consequences.roads)
        if (r.partner == static_cast<std::int32_t>(p) && r.impassable_m > 0.0 && !r.name.empty()) {
            auto& e = by_street[r.name];
            e.first += r.impassable_m;
            e.second = std::max(e.second, r.max_depth_m);
        }
    if (!by_street.empty()) {
        std::vector<std::pair<std::string, std::pair<double, float>>> streets(by_street.begin(), by_street.end());
        std::sort(streets.begin(), streets.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
        html.subsection("Knelpunten: straten");
        report::Table table;
        table.header = {"Straat", "Onbegaanbaar (m)", "Max. diepte (m)"};
        table.decimals = {0, 0, 2};
        for (std::size_t k = 0; k < std::min<std::size_t>(12, streets.size()); ++k)
            table.rows.push_back({streets[k].first, streets[k].second.first, static_cast<double>(streets[k].second.second)});
        table.caption = fmt::format("Straten met de grootste lengte waar het water bij {} dieper staat dan de "
                                    "begaanbaarheidsgrens.", worst.run->storm);
        html.table(table);
    }
    // Buildings: the deepest façades (for areas with buildings).
    std::vector<const BuildingResult*> buildings;
    for (const BuildingResult& b : worst.consequences.buildings)
        if (b.partner == static_cast<std::int32_t>(p) && b.facade_depth_m > 0.0f) buildings.push_back(&b);
    if (!buildings.empty()) {
        std::sort(buildings.begin(), buildings.end(), [](auto* a, auto* b) { return a->facade_depth_m > b->facade_depth_m; });
        html.subsection("Knelpunten: gebouwen met het meeste water tegen de gevel");
        report::Table table;
        table.header = {"Gebouw (object)", "Ligging (RD x, y)", "Water tegen de gevel (m)", "Grondoppervlak (m²)", "Schade (€)"};
        table.decimals = {0, 0, 2, 0, 0};
        for (std::size_t k = 0; k < std::min<std::size_t>(10, buildings.size()); ++k) {
            const BuildingResult& b = *buildings[k];
            const XY at = (*area.context.buildings)[static_cast<std::size_t>(b.feature)].representative;
            table.rows.push_back({fmt::format("#{}", b.feature + 1), fmt::format("{:.0f}, {:.0f}", at.x, at.y),
                                  static_cast<double>(b.facade_depth_m), b.footprint_m2, std::round(b.damage_eur / 100) * 100});
        }
        table.caption = fmt::format("Bij {}. Het objectnummer is de volgorde in het gebouwenbestand (GeoPackage-laag "
                                    "buildings_{}).", worst.run->storm, area.area->id);
        html.table(table);
    }
}

void neighbourhood_table(HtmlReport& html, const RegionConfig& config, const RegionData& data, const AreaResults& area,
                         const Partner& partner, const ScenarioResult& worst) {
    const std::size_t facade_k = facade_threshold_index(config);
    std::vector<std::size_t> hoods;
    for (std::size_t n = 0; n < data.neighbourhoods.size(); ++n)
        if (data.neighbourhoods[n].partner == partner.id && worst.consequences.neighbourhoods[n].modelled_area_m2 > 0.0) hoods.push_back(n);
    if (hoods.empty()) return;
    std::sort(hoods.begin(), hoods.end(), [&](std::size_t a, std::size_t b) {
        return worst.consequences.neighbourhoods[a].area_over_m2[facade_k] > worst.consequences.neighbourhoods[b].area_over_m2[facade_k];
    });
    html.subsection("Per buurt");
    report::Table table;
    table.header = {"Buurt", "Oppervlak (ha)", "Oppervlak > " + cm(config.depth_thresholds_m[facade_k]) + " (ha)", "Aandeel (%)"};
    table.decimals = {0, 0, 1, 1};
    const bool roads = worst.consequences.neighbourhoods[hoods.front()].roads_m.has_value();
    if (roads) table.header.push_back("Wegen onbegaanbaar (m)");
    if (roads) table.decimals.push_back(0);
    for (std::size_t k = 0; k < std::min<std::size_t>(15, hoods.size()); ++k) {
        const IndicatorRow& row = worst.consequences.neighbourhoods[hoods[k]];
        std::vector<Cell> cells{data.neighbourhoods[hoods[k]].name, row.modelled_area_m2 / 1e4, row.area_over_m2[facade_k] / 1e4,
                                100.0 * row.area_over_m2[facade_k] / std::max(row.modelled_area_m2, 1.0)};
        if (roads) cells.push_back(row.roads_impassable_m.value_or(0.0));
        table.rows.push_back(std::move(cells));
    }
    table.caption = fmt::format("De {} buurten met het grootste oppervlak boven {} bij {} (van {}; alle buurten staan in "
                                "tables/neighbourhood_indicators.csv).",
                                std::min<std::size_t>(15, hoods.size()), cm(config.depth_thresholds_m[facade_k]),
                                worst.run->storm, hoods.size());
    html.table(table);
}

void measures_section(HtmlReport& html, const StressTestResults& results, const AreaResults& area, std::size_t p) {
    for (const ScenarioResult& variant : area.scenarios) {
        if (variant.run->measures.empty()) continue;
        const ScenarioResult* base = nullptr;
        for (const ScenarioResult& s : area.scenarios)
            if (s.run->measures.empty() && s.run->storm == variant.run->storm) base = &s;
        if (!base) continue;
        const IndicatorRow& a = base->consequences.partners[p];
        const IndicatorRow& b = variant.consequences.partners[p];
        const std::size_t k = facade_threshold_index(*results.config);
        html.subsection("Wat als: maatregelen " + variant.run->measures + " bij " + variant.run->storm);
        report::Table table;
        table.header = {"Indicator", "Zonder maatregelen", "Met maatregelen", "Verschil"};
        table.decimals = {0, 0, 0, 0};
        if (a.buildings)
            table.rows.push_back({"Gebouwen met water tegen de gevel > " + cm(results.config->depth_thresholds_m[k]),
                                  static_cast<double>(a.buildings_over[k]), static_cast<double>(b.buildings_over[k]),
                                  static_cast<double>(b.buildings_over[k]) - static_cast<double>(a.buildings_over[k])});
        if (damage_eur(a) && damage_eur(b))
            table.rows.push_back({"Schade (€)", *damage_eur(a), *damage_eur(b), *damage_eur(b) - *damage_eur(a)});
        table.rows.push_back({"Water op straat (m³)", a.volume_m3, b.volume_m3, b.volume_m3 - a.volume_m3});
        table.rows.push_back({"Oppervlak > " + cm(results.config->depth_thresholds_m[k]) + " (m²)", a.area_over_m2[k],
                              b.area_over_m2[k], b.area_over_m2[k] - a.area_over_m2[k]});
        table.caption = "Verschilkaart en details: compare/" + area.area->id + "/" + variant.run->scenario + "/.";
        html.table(table);
    }
}

// The PET heat map of a heat area (Koopmans et al. 2020, docs/heat.md): map, class shares, cool spots.
void heat_example(HtmlReport& html, const HeatResult& heat) {
    html.subsection("Hittekaart: " + heat.area->name);
    if (heat.area->demonstration)
        html.note("Voor Twente is geen AHN-oppervlaktemodel meegeleverd; dit voorbeeld buiten Twente laat zien wat de "
                  "hittekaart per straat oplevert, met het weer van de heetste dag van het KNMI-station Twenthe.");
    render::MapImageOptions options;
    options.max_width_px = 800;
    options.max_height_px = 700;
    options.shade = heat.hillshade.view();
    options.shade_transform = heat.hillshade.spec().transform;
    html.image_png(render::encode_png(render::map_image(heat.pet_mean_c.view(), heat.pet_mean_c.spec().transform,
                                                        render::legend("pet_c"), options)),
                   fmt::format("Gevoelstemperatuur (PET, gemiddeld 12-18 uur) op {}.", heat.run->storm),
                   "kaart van de gevoelstemperatuur");
    html.legend(render::legend("pet_c"));
    static const char* kClassNames[] = {"geen hittestress (< 23 °C)", "lichte hittestress (23-29 °C)",
                                        "matige hittestress (29-35 °C)", "sterke hittestress (35-41 °C)",
                                        "extreme hittestress (> 41 °C)"};
    report::Table table;
    table.header = {"Klasse", "Oppervlak (m²)", "Aandeel (%)"};
    table.decimals = {0, 0, 1};
    if (heat.summary.is_object() && heat.summary.contains("classes"))
        for (const auto& c : heat.summary["classes"]) {
            const int k = c.value("class", 0);
            if (k < 1 || k > 5) continue;
            table.rows.push_back({std::string(kClassNames[k - 1]), c.value("area_m2", 0.0), 100.0 * c.value("share", 0.0)});
        }
    table.caption = "Aandeel van de open ruimte (zonder gebouwen en water) per klasse van hittestress.";
    if (!table.rows.empty()) html.table(table);
    if (heat.summary.is_object() && heat.summary.contains("cool_spot_access")) {
        const auto& access = heat.summary["cool_spot_access"];
        const auto spots = heat.summary.value("cool_spots", nlohmann::json::object());
        html.paragraph(fmt::format("**Koele plekken** (openbaar, gemiddelde PET hoogstens 35 °C of het grootste deel van de "
                                   "middag in de schaduw, minstens 200 m²): {} met samen {} m². Van de {} gebouwen liggen "
                                   "er {} ({} %) verder dan 300 m van een koele plek.",
                                   spots.value("count", 0), nl(spots.value("area_m2", 0.0), 0), access.value("buildings", 0),
                                   access.value("buildings_beyond", 0), nl(100.0 * access.value("share_beyond", 0.0), 0)));
    }
}

void drought_section(HtmlReport& html, const StressTestResults& results) {
    if (!results.drought) return;
    const DroughtJobReport& d = *results.drought;
    html.section("Droogte en hitte (KNMI-station " + std::to_string(d.station) + ")");
    html.paragraph(fmt::format(
        "Het neerslagtekort (Makkink-verdamping min neerslag, opgeteld van 1 april tot 1 oktober) van het KNMI-station "
        "Twenthe, voor de hele regio. Ter vergelijking: een jaar dat eens per tien jaar voorkomt haalt nu ongeveer {} mm "
        "en in 2050 ongeveer {} mm. De 2050-schatting is hetzelfde jaar, per maand omgerekend naar het klimaat rond 2050 "
        "({}: neerslag, zonnestraling en temperatuur per maand, Makkink-verdamping opnieuw berekend). "
        "Warme nachten: minimumtemperatuur boven 20 °C; tropische dagen: maximum 30 °C of meer.",
        nl(d.reference_now_mm, 0), nl(d.reference_2050_mm, 0),
        d.climate_2050.id == drought::kKnmi14WH2050.id ? std::string("KNMI'14-scenario WH") : std::string(d.climate_2050.id)));
    report::Table table;
    table.header = {"Jaar", "Max. neerslagtekort (mm)", "Datum", "2050-schatting (mm)", "Warme nachten", "Tropische dagen", "Volledig"};
    table.decimals = {0, 0, 0, 0, 0, 0, 0};
    for (const DroughtYear& y : d.years) {
        table.rows.push_back({std::to_string(y.year), y.max_deficit_mm,
                              fmt::format("{:02d}-{:02d}", static_cast<unsigned>(y.max_deficit_date.day()), static_cast<unsigned>(y.max_deficit_date.month())), y.max_deficit_2050_mm,
                              y.heat ? Cell(static_cast<double>(y.heat->warm_nights)) : Cell(std::string("–")),
                              y.heat ? Cell(static_cast<double>(y.heat->tropical_days)) : Cell(std::string("–")),
                              std::string(y.complete ? "ja" : fmt::format("nee ({} dagen ontbreken)", y.missing_days))});
    }
    table.caption = "Bron: KNMI uurgegevens station 290 Twenthe (CC BY 4.0). Een onvolledig jaar (de reeks eindigt in "
                    "september 2023) onderschat het tekort.";
    html.table(table);
    report::BarChart chart;
    chart.title = "Maximaal neerslagtekort per jaar";
    chart.unit = "mm";
    for (const DroughtYear& y : d.years) chart.bars.push_back({std::to_string(y.year), y.max_deficit_mm});
    chart.bars.push_back({"1/10 jaar nu", d.reference_now_mm});
    chart.bars.push_back({"1/10 jaar 2050", d.reference_2050_mm});
    html.bar_chart(chart);
    for (const HeatResult& heat : results.heat) heat_example(html, heat);
    if (results.heat.empty())
        html.note("De hittekaart (gevoelstemperatuur PET) vraagt een oppervlaktemodel (AHN DSM) en BGT-begroeiing; die "
                  "zijn voor Twente niet meegeleverd.");
}

void assumptions(HtmlReport& html, const StressTestResults& results, std::size_t p) {
    const RegionConfig& config = *results.config;
    html.section("Uitgangspunten en verantwoording");
    html.paragraph("De stresstest volgt de standaard van het Deltaprogramma Ruimtelijke Adaptatie. De standaarden zijn "
                   "referentiepunten, geen ontwerpnormen: afwijkingen mogen, mits vastgelegd. Hieronder staat alles wat "
                   "nodig is om deze berekening te herhalen.");
    report::Table storms;
    storms.header = {"Bui", "Neerslag (mm)", "Duur (uur)", "Betekenis"};
    storms.decimals = {0, 0, 1, 0};
    std::vector<std::string> seen;
    for (const AreaResults& area : results.areas)
        for (const ScenarioResult& s : area.scenarios) {
            if (std::find(seen.begin(), seen.end(), s.run->storm) != seen.end()) continue;
            seen.push_back(s.run->storm);
            const RainSeries rain = standard_storm(s.run->storm, standard_storms_csv());
            storms.rows.push_back({s.run->storm, rain.total_depth_m() * 1e3, rain.duration_s() / 3600.0, storm_meaning(s.run->storm)});
        }
    storms.caption = "Buien (Deltaprogramma 2019 en de landelijke basiskaart van de Klimaateffectatlas).";
    html.table(storms);

    report::Table areas;
    areas.header = {"Rekengebied", "Hoogtemodel", "Cel (m)", "Detail", "Randen", "Bodem en riool", "Doorgerekend in (s)", "Volumefout"};
    areas.decimals = {0, 0, 1, 0, 0, 0, 1, 0};
    for (const AreaResults& area : results.areas) {
        double seconds = 0.0, worst_error = 0.0;
        for (const ScenarioResult& s : area.scenarios) {
            seconds += s.run->elapsed_s;
            worst_error = std::max(worst_error, std::abs(s.run->volume_error_relative));
        }
        static const std::map<AreaDetail, std::string> kDetail{
            {AreaDetail::regional, "regionaal"}, {AreaDetail::local, "lokaal"}, {AreaDetail::street, "straat"}};
        areas.rows.push_back({area.area->name, model_nl(area) + " (" + area.area->terrain.filename().string() + ")",
                              area.context.grid.transform.cell_size_m, kDetail.at(area.area->detail),
                              std::string(area.area->free_edges ? "open: water stroomt weg" : "gesloten"),
                              area.area->cover_note.empty() ? area.area->default_cover : area.area->cover_note, seconds,
                              fmt::format("{:.1e}", worst_error)});
    }
    areas.caption = fmt::format("Rekengebieden. Het model (local-inertial, Bates et al. 2010 / de Almeida et al. 2012) rekent "
                                "{} uur na het einde van de bui door. Volumefout: de grootste relatieve fout in de "
                                "waterbalans (regen = infiltratie + riool + uitstroom + berging) over de buien. Detail: "
                                "regionaal (cellen van {} m of groter: alleen stroombanen en laagten, geen cijfers over "
                                "gebouwen, wegen, schade of inwoners), lokaal, of straat (cellen van {} m of kleiner).",
                                nl(config.after_rain_s / 3600.0, 1), nl(kRegionalFromCellM, 0), nl(kStreetUpToCellM, 0));
    html.table(areas);
    html.paragraph(fmt::format(
        "**Drempels.** Kaartklassen per 5 cm; dieptes onder 5 cm worden niet getoond. Water tegen de gevel telt vanaf {} "
        "(de hoogste waarde in de ring van cellen direct rond het gebouw); een weg is onbegaanbaar boven {}. "
        "**Schade** volgens de methode van de WaterSchadeSchatter (diepte × duur × maand, {}), met de meegeleverde "
        "standaardtabel (data/damage/wss_default.csv): bedoeld om maatregelen te wegen, niet voor claims. {} "
        "**Inwoners in gebied > 20 cm** is "
        "het oppervlak boven 20 cm maal de bevolkingsdichtheid van de gemeente: een grove, indicatieve schatting.",
        cm(config.depth_thresholds_m[facade_threshold_index(config)]), cm(config.road_impassable_m),
        std::string(fmt::format("maand {}", config.damage_month)), building_use_sentence(config)));
    const Partner& partner = results.data->partners[p];
    if (partner.figures.inhabitants)
        html.paragraph(fmt::format("**Kerncijfers {}:** {} inwoners, {} % 65 jaar of ouder, {} inwoners per km² ({}).", partner.name,
                                   nl(*partner.figures.inhabitants, 0), nl(partner.figures.pct_65plus.value_or(NAN), 1),
                                   nl(partner.figures.density_per_km2.value_or(NAN), 0),
                                   config.key_figures ? config.key_figures->source : ""));
    html.subsection("Gegevensbronnen");
    report::Table sources;
    sources.header = {"Gegevens", "Bron en licentie"};
    sources.rows = {
        {"Hoogte regionaal", "SRTM 3″ (NASA/USGS), publiek domein; naar 100 m RD herbemonsterd"},
        {"Hoogte lokaal", "AHN (Actueel Hoogtebestand Nederland), CC0"},
        {"Gebouwen", "BGT panden, CC BY 4.0"},
        {"Gemeentegrenzen en kerncijfers", "CBS / Kadaster, CC BY 4.0"},
        {"Waterschapsgrens", "Het Waterschapshuis / PDOK"},
        {"Buurten Enschede", "Open Data Enschede 2013"},
        {"Wegen Enschede", "© OpenStreetMap-bijdragers, ODbL 1.0"},
        {"Weer", "KNMI uurgegevens station 290 Twenthe, CC BY 4.0"},
        {"Ontwerpbuien", "Stichting RIONED; Deltaprogramma 2019"},
    };
    html.table(sources);
    html.paragraph(fmt::format("Configuratie: {}. Alle invoerbestanden met hun SHA-256 staan in provenance.json naast dit "
                               "rapport; elke kaart draagt dezelfde gegevens in haar metadata.",
                               config.file.filename().string()));
}

// The area with the finest model cells among those that reach the partner: the headline's source.
const AreaResults* finest_area(const std::vector<const AreaResults*>& areas) {
    const AreaResults* finest = areas.front();
    for (const AreaResults* a : areas)
        if (a->context.grid.transform.cell_size_m < finest->context.grid.transform.cell_size_m) finest = a;
    return finest;
}

// The key figures of the heaviest storm in the finest model that covers the partner, with that model named. A
// partner that only a regional model covers gets its flow paths and low areas, and is told that there are no
// street-level figures, rather than a building or damage count the data cannot support.
void headline(HtmlReport& html, const RegionConfig& config, const AreaResults& finest, std::size_t p, const Partner& partner) {
    const ScenarioResult& worst = *heaviest(finest);
    const IndicatorRow& row = worst.consequences.partners[p];
    const std::size_t k = facade_threshold_index(config);
    const std::string depth = cm(config.depth_thresholds_m[k]);
    if (is_regional(finest)) {
        html.note(fmt::format("Alleen het regionale model ({}) dekt {}. Het laat regionale stroombanen en laagten zien, "
                              "geen straten of huizen: daarom staan hier geen cijfers over gebouwen, wegen, vitale "
                              "objecten, schade of inwoners. Voor die cijfers is een stresstest op AHN 0,5 m met gebouwen "
                              "nodig.",
                              model_nl(finest), partner.name));
        std::vector<report::KeyFigure> cards{{std::round(row.area_over_m2[k] / 1e4 / 10.0) * 10.0, 0, "ha",
                                              fmt::format("laagten dieper dan {} bij {} (regionaal, afgerond op 10 ha)", depth,
                                                          worst.run->storm)}};
        if (partner.figures.inhabitants) cards.push_back({*partner.figures.inhabitants, 0, "inwoners", "in de gemeente (CBS 2021)"});
        html.cards(cards);
        html.paragraph(fmt::format("Bron: {} ({}), bij de zwaarste bui {} ({} mm).", regional_layer_name(kNl),
                                   model_nl(finest), worst.run->storm, nl(worst.run->rain_mm, 0)));
        return;
    }
    std::vector<report::KeyFigure> cards{
        {row.area_over_m2[k] / 1e4, 1, "ha", fmt::format("dieper dan {} bij {}", depth, worst.run->storm)}};
    if (row.buildings)
        cards.push_back({static_cast<double>(row.buildings_over[k]), 0, "gebouwen",
                         fmt::format("met water tegen de gevel (> {})", depth)});
    if (row.roads_impassable_m)
        cards.push_back({*row.roads_impassable_m / 1e3, 1, "km weg", fmt::format("onbegaanbaar (> {})", cm(config.road_impassable_m))});
    if (const auto damage = damage_eur(row)) cards.push_back({*damage / 1e6, 2, "mln €", "schade (indicatief)"});
    if (partner.figures.inhabitants) cards.push_back({*partner.figures.inhabitants, 0, "inwoners", "in de gemeente (CBS 2021)"});
    html.cards(cards);
    // The model in words, unless the area's name already says it ("Haaksbergen-Buurse (AHN 5 m, gemodelleerd op 10 m)").
    const std::string& name = finest.area->name;
    const std::string source = name.find(model_nl(finest)) != std::string::npos ? name : name + " (" + model_nl(finest) + ")";
    html.paragraph(fmt::format("Kerncijfers uit het fijnste model dat {} dekt: {}, bij de zwaarste bui {} ({} mm).",
                               partner.name, source, worst.run->storm, nl(worst.run->rain_mm, 0)));
    if (const auto people = people_estimate(row, partner.figures.density_per_km2, config)) {
        std::string text = fmt::format(
            "Grove schatting: ongeveer {} inwoners wonen in gebied waar bij {} meer dan 20 cm water staat", nl(*people, 0),
            worst.run->storm);
        if (partner.figures.pct_65plus)
            text += fmt::format(", van wie ongeveer {} van 65 jaar of ouder ({} % in de gemeente)",
                                nl(*people * *partner.figures.pct_65plus / 100.0, 0), nl(*partner.figures.pct_65plus, 1));
        html.paragraph(text + ". Dit gaat uit van een gelijkmatig verdeelde bevolking en is alleen een signaal.");
    }
}

}  // namespace

std::string partner_report_html(const StressTestResults& results, std::size_t p) {
    const RegionConfig& config = *results.config;
    const RegionData& data = *results.data;
    const Partner& partner = data.partners[p];
    HtmlReport html("Stresstest wateroverlast — " + partner.name, kNl);
    html.subtitle(fmt::format("{} · {} · berekend {} met Waternet {}", config.name,
                              partner.kind == PartnerKind::water_board ? "waterschap"
                              : partner.kind == PartnerKind::demonstration ? "demonstratiegebied"
                                                                           : "gemeente",
                              results.created_utc.substr(0, 10), kVersion));

    std::vector<const AreaResults*> areas;
    for (const AreaResults& area : results.areas)
        if (!area.scenarios.empty() && reaches(area.scenarios.front(), p)) areas.push_back(&area);

    html.section("Samenvatting");
    const bool only_regional = !areas.empty() && std::all_of(areas.begin(), areas.end(), [](const AreaResults* a) { return is_regional(*a); });
    html.paragraph(fmt::format(
        "{} Het is de gezamenlijke stresstest van {}; elke partner krijgt dezelfde berekening, uitgesplitst naar het "
        "eigen gebied. De cijfers zijn signalen voor de risicodialoog, geen oordeel.",
        only_regional ? fmt::format("Dit rapport laat zien waar in {} bij hevige neerslag water regionaal heen stroomt en "
                                    "zich verzamelt: de regionale stroombanen en laagten.", partner.name)
                      : fmt::format("Dit rapport laat zien waar in {} bij hevige neerslag water op straat blijft staan en "
                                    "wat dat raakt: gebouwen, wegen, vitale functies en schade.", partner.name),
        config.name));
    if (partner.kind == PartnerKind::demonstration)
        html.note("Dit gebied ligt buiten Twente. Het is meegenomen als stedelijk voorbeeld op 0,5 m AHN met gebouwen, "
                  "omdat voor Twente zelf geen stedelijk AHN 0,5 m meegeleverd is.");
    if (areas.empty()) {
        html.note("Geen van de rekengebieden van deze stresstest dekt dit gebied.");
    } else {
        headline(html, config, *finest_area(areas), p, partner);
    }

    for (const AreaResults* area : areas) {
        if (is_regional(*area)) {
            html.section(regional_layer_name(kNl) + " — " + area->area->name);
            limitations(html, *area);
        } else {
            html.section(area->area->name);
        }
        if (!area->area->cover_note.empty()) html.paragraph(area->area->cover_note);
        const ScenarioResult& worst = *heaviest(*area);
        const ScenarioResult& first = area->scenarios.front();
        const std::string map_title = is_regional(*area) ? regional_layer_name(kNl) + ": maximale waterdiepte ("
                                                                + model_nl(*area) + ")" : "Maximale waterdiepte";
        html.image_png(depth_map_png(*area, first, partner),
                       fmt::format("{} bij {} ({} mm).", map_title, first.run->storm, nl(first.run->rain_mm, 0)),
                       "kaart van de maximale waterdiepte");
        if (&worst != &first)
            html.image_png(depth_map_png(*area, worst, partner),
                           fmt::format("{} bij {} ({} mm).", map_title, worst.run->storm, nl(worst.run->rain_mm, 0)),
                           "kaart van de maximale waterdiepte bij de zwaarste bui");
        html.legend(render::legend("depth_m"));
        scenario_table(html, config, *area, p, partner);
        area_chart(html, config, *area, p);
        hotspots(html, data, *area, p, worst);
        neighbourhood_table(html, config, data, *area, partner, worst);
        measures_section(html, results, *area, p);
    }
    drought_section(html, results);
    assumptions(html, results, p);
    html.colophon(fmt::format("Waternet {} · {} · {} · kaarten en tabellen in de map van deze stresstest (GeoTIFF, "
                              "GeoPackage, CSV; QGIS-stijlen in styles/)",
                              kVersion, config.name, results.created_utc));
    return html.to_html();
}

}  // namespace wn
