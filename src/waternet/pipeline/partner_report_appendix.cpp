#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <vector>

#include "waternet/hydro/rain.hpp"
#include "waternet/pipeline/consequences.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/partner_report_parts.hpp"
#include "waternet/render/map_image.hpp"
#include "waternet/render/png.hpp"
#include "waternet/report/columns.hpp"
#include "waternet/report/precision.hpp"

namespace wn::partner_report_parts {

namespace {

using report::Cell;

// How buildings were priced: by their BAG use where an area has BAG (pipeline/bag_use.hpp), else all as housing.
std::string building_use_sentence(const RegionConfig& config, const Words& t) {
    std::vector<std::string> with_bag;
    bool any_without = false;
    for (const AreaConfig& area : config.areas) {
        if (!area.buildings && !area.bgt) continue;
        if (area.bag)
            with_bag.push_back(area.name);
        else
            any_without = true;
    }
    if (with_bag.empty())
        return t("De gegevens bevatten geen BAG-gebruiksfuncties: alle gebouwen zijn als woning gerekend.",
                 "The data hold no BAG use functions: every building is priced as housing.");
    return t(
        "Gebouwen in {} zijn geprijsd naar hun BAG-gebruiksdoel (het doel met het grootste vloeroppervlak; "
        "data/bag/bag_use_classes.csv){}.",
        "Buildings in {} are priced by their BAG use (the use with the largest floor area; "
        "data/bag/bag_use_classes.csv){}.",
        t.list(with_bag),
        any_without ? t("; in de andere rekengebieden zijn alle gebouwen als woning gerekend",
                        "; in the other areas every building is priced as housing")
                    : std::string());
}

// What the standard says each storm stands for (Delta Programme 2019; Klimaateffectatlas; RIONED).
std::string storm_meaning(const std::string& storm, const Words& t) {
    static const std::map<std::string, std::pair<const char*, const char*>> meaning{
        {"T100", {"kans 1/100 per jaar (2050)", "chance 1/100 per year (2050)"}},
        {"T250", {"kans 1/250 per jaar (2050)", "chance 1/250 per year (2050)"}},
        {"T1000", {"kans 1/1000 per jaar (2050)", "chance 1/1000 per year (2050)"}},
        {"T100_48h", {"langdurig, kans 1/100 per jaar", "prolonged, chance 1/100 per year"}},
        {"T250_48h", {"langdurig, kans 1/250 per jaar", "prolonged, chance 1/250 per year"}},
        {"T1000_48h", {"langdurig, kans 1/1000 per jaar", "prolonged, chance 1/1000 per year"}},
        {"NL70_2h", {"landelijke basiskaart, ca. 1/100 nu", "national base map, about 1/100 today"}},
        {"NL140_2h", {"landelijke basiskaart, ca. 1/1000 nu", "national base map, about 1/1000 today"}}};
    const auto found = meaning.find(storm);
    return found != meaning.end() ? t(found->second.first, found->second.second)
                                  : t("RIONED-ontwerpbui", "RIONED design storm");
}

// A land-cover class of hydro/land_cover.cpp in words, for an area without a cover_note.
std::string cover_words(const std::string& cover, const Words& t) {
    static const std::map<std::string, std::pair<const char*, const char*>> kWords{
        {"paved", {"verhard", "paved"}},
        {"building", {"gebouw", "building"}},
        {"unpaved", {"onverhard", "unpaved"}},
        {"grass", {"gras", "grass"}},
        {"trees", {"bomen", "trees"}},
        {"water", {"water", "water"}},
        {"agriculture", {"landbouwgrond", "farmland"}},
        {"mixed", {"gemengd verhard en groen", "mixed paved and green"}},
        {"impermeable", {"ondoorlatend (geen infiltratie of riool)", "impermeable (no infiltration or sewer)"}},
        {"green roof", {"groen dak", "green roof"}},
        {"disconnected roof", {"afgekoppeld dak", "disconnected roof"}}};
    const auto found = kWords.find(cover);
    return found != kWords.end() ? t(found->second.first, found->second.second) : cover;
}

// The PET heat map of a heat area (Koopmans et al. 2020, docs/heat.md): map, class shares, cool spots.
void heat_example(const Context& c, const HeatResult& heat) {
    const Words& t = c.t;
    c.html.subsection(t("Hittekaart: {}", "Heat map: {}", heat.area->name));
    if (heat.area->demonstration)
        c.html.note(
            t("Voor deze regio is geen AHN-oppervlaktemodel meegeleverd; dit voorbeeld buiten de regio laat zien wat "
              "de hittekaart per straat oplevert, met het weer van de heetste dag uit het weerbestand van de regio.",
              "No AHN surface model of this region is in the input; this example outside the region shows what the "
              "heat map gives per street, with the weather of the hottest day in the region's weather file."));
    render::MapImageOptions options;
    options.max_width_px = 800;
    options.max_height_px = 700;
    options.shade = heat.hillshade.view();
    options.shade_transform = heat.hillshade.spec().transform;
    c.html.image_png(render::encode_png(render::map_image(heat.pet_mean_c.view(), heat.pet_mean_c.spec().transform,
                                                          render::legend("pet_c"), options)),
                     t("Gevoelstemperatuur (PET, gemiddeld 12-18 uur) op {}.",
                       "Perceived temperature (PET, mean 12-18 h) on {}.", heat.run->storm),
                     t("kaart van de gevoelstemperatuur", "map of the perceived temperature"));
    c.html.legend(render::legend("pet_c"));
    static const std::pair<const char*, const char*> kClassNames[] = {
        {"geen hittestress (< 23 °C)", "no heat stress (< 23 °C)"},
        {"lichte hittestress (23-29 °C)", "slight heat stress (23-29 °C)"},
        {"matige hittestress (29-35 °C)", "moderate heat stress (29-35 °C)"},
        {"sterke hittestress (35-41 °C)", "strong heat stress (35-41 °C)"},
        {"extreme hittestress (> 41 °C)", "extreme heat stress (> 41 °C)"}};
    report::Table table = report::table_of({{t("Klasse", "Class"), 0, ""},
                                            {t("Oppervlak (m²)", "Area (m²)"), 0, ""},
                                            {t("Aandeel (%)", "Share (%)"), 0, ""}});
    if (heat.summary.is_object() && heat.summary.contains("classes"))
        for (const auto& cls : heat.summary["classes"]) {
            const int k = cls.value("class", 0);
            if (k < 1 || k > 5) continue;
            table.rows.push_back({t(kClassNames[k - 1].first, kClassNames[k - 1].second),
                                  report::round_significant(cls.value("area_m2", 0.0), 3),
                                  std::round(100.0 * cls.value("share", 0.0))});
        }
    table.caption = t("Aandeel van de open ruimte (zonder gebouwen en water) per klasse van hittestress.",
                      "Share of the open space (without buildings and water) per class of heat stress.");
    if (!table.rows.empty()) c.html.table(table);
    if (heat.summary.is_object() && heat.summary.contains("cool_spot_access")) {
        const auto& access = heat.summary["cool_spot_access"];
        const auto spots = heat.summary.value("cool_spots", nlohmann::json::object());
        c.html.paragraph(
            t("**Koele plekken** (openbaar, gemiddelde PET hoogstens 35 °C of het grootste deel van de middag in "
              "de schaduw, minstens 200 m²): {} met samen {} m². Van de {} gebouwen liggen er {} ({} %) verder "
              "dan 300 m van een koele plek.",
              "**Cool spots** (public, mean PET at most 35 °C or in the shade most of the afternoon, at least "
              "200 m²): {} with {} m² together. Of the {} buildings, {} ({} %) lie further than 300 m from a "
              "cool spot.",
              spots.value("count", 0), t.number(report::round_significant(spots.value("area_m2", 0.0), 3), 0),
              access.value("buildings", 0), access.value("buildings_beyond", 0),
              t.number(100.0 * access.value("share_beyond", 0.0), 0)));
    }
}

void drought_section(const Context& c) {
    const Words& t = c.t;
    if (!c.results.drought) return;
    const DroughtJobReport& d = *c.results.drought;
    c.html.section(t("Droogte en hitte (KNMI-station {})", "Drought and heat (KNMI station {})", d.station));
    const std::string climate = d.climate_2050.id == drought::kKnmi14WH2050.id
                                    ? t("KNMI'14-scenario WH", "KNMI'14 scenario WH")
                                    : std::string(d.climate_2050.id);
    c.html.paragraph(t(
        "Het neerslagtekort (Makkink-verdamping min neerslag, opgeteld van 1 april tot 1 oktober) van KNMI-station {}, "
        "voor de hele regio. Ter vergelijking: een jaar dat eens per tien jaar voorkomt haalt nu ongeveer {} mm en in "
        "2050 ongeveer {} mm. De 2050-schatting is hetzelfde jaar, per maand omgerekend naar het klimaat rond 2050 ({}: "
        "neerslag, zonnestraling en temperatuur per maand, Makkink-verdamping opnieuw berekend). Warme nachten: "
        "minimumtemperatuur boven 20 °C; tropische dagen: maximum 30 °C of meer.",
        "The precipitation deficit (Makkink evaporation minus rain, summed from 1 April to 1 October) of KNMI station {}, "
        "for the whole region. For comparison: a year that occurs once in ten years reaches about {} mm today and about "
        "{} mm in 2050. The 2050 estimate is the same year, converted month by month to the climate around 2050 ({}: "
        "rain, solar radiation and temperature per month, Makkink evaporation computed again). Warm nights: minimum "
        "temperature above 20 °C; tropical days: maximum 30 °C or more.",
        d.station, t.number(d.reference_now_mm, 0), t.number(d.reference_2050_mm, 0), climate));
    report::Table table = report::table_of({{t("Jaar", "Year"), 0, ""},
                                            {t("Max. neerslagtekort (mm)", "Max. precipitation deficit (mm)"), 0, ""},
                                            {t("Datum", "Date"), 0, ""},
                                            {t("2050-schatting (mm)", "2050 estimate (mm)"), 0, ""},
                                            {t("Warme nachten", "Warm nights"), 0, ""},
                                            {t("Tropische dagen", "Tropical days"), 0, ""},
                                            {t("Volledig", "Complete"), 0, ""}});
    for (const DroughtYear& y : d.years) {
        table.rows.push_back(
            {std::to_string(y.year), y.max_deficit_mm,
             fmt::format("{:02d}-{:02d}", static_cast<unsigned>(y.max_deficit_date.day()),
                         static_cast<unsigned>(y.max_deficit_date.month())),
             y.max_deficit_2050_mm, y.heat ? Cell(static_cast<double>(y.heat->warm_nights)) : Cell(std::string("–")),
             y.heat ? Cell(static_cast<double>(y.heat->tropical_days)) : Cell(std::string("–")),
             y.complete ? t("ja", "yes") : t("nee ({} dagen ontbreken)", "no ({} days missing)", y.missing_days)});
    }
    table.caption = t("Bron: KNMI uurgegevens station {} ({}). Een onvolledig jaar onderschat het tekort.",
                      "Source: KNMI hourly data, station {} ({}). An incomplete year underestimates the deficit.",
                      d.station, c.config.weather ? file_name(*c.config.weather) : std::string("–"));
    c.html.table(table);
    report::BarChart chart;
    chart.title = t("Maximaal neerslagtekort per jaar", "Maximum precipitation deficit per year");
    chart.unit = "mm";
    for (const DroughtYear& y : d.years) chart.bars.push_back({std::to_string(y.year), y.max_deficit_mm});
    chart.bars.push_back({t("1/10 jaar nu", "1/10 year today"), d.reference_now_mm});
    chart.bars.push_back({t("1/10 jaar 2050", "1/10 year 2050"), d.reference_2050_mm});
    c.html.bar_chart(chart);
    for (const HeatResult& heat : c.results.heat) heat_example(c, heat);
    if (c.results.heat.empty())
        c.html.note(
            t("Geen hittekaart: de gevoelstemperatuur (PET) vraagt een oppervlaktemodel (AHN DSM) en BGT-begroeiing, "
              "en deze stresstest heeft geen hittegebied met die gegevens.",
              "No heat map: the perceived temperature (PET) needs a surface model (AHN DSM) and BGT vegetation, and "
              "this stress test has no heat area with those data."));
}

// The licence of a file Waternet ships (data/NOTICE.md), recognised by its name; other files are named only.
std::string known_licence(const std::filesystem::path& path, const Words& t) {
    // The name's words ("twente_srtm3_rd100m.tif" → twente, srtm3, rd100m, tif), lower case; a key matches the start
    // of a word, so "ahn" finds "ahn3" but "bag" does not find "cabbage".
    std::vector<std::string> words{""};
    for (const unsigned char ch : file_name(path)) {
        if (std::isalnum(ch))
            words.back() += static_cast<char>(std::tolower(ch));
        else if (!words.back().empty())
            words.emplace_back();
    }
    static const std::pair<const char*, std::pair<const char*, const char*>> kKnown[] = {
        {"osm", {"© OpenStreetMap-bijdragers, ODbL 1.0", "© OpenStreetMap contributors, ODbL 1.0"}},
        {"srtm", {"NASA/USGS SRTM, publiek domein", "NASA/USGS SRTM, public domain"}},
        {"ahn", {"AHN, CC0", "AHN, CC0"}},
        {"bgt", {"BGT, CC BY 4.0", "BGT, CC BY 4.0"}},
        {"bag", {"BAG, CC0", "BAG, CC0"}},
        {"knmi", {"KNMI, CC BY 4.0", "KNMI, CC BY 4.0"}},
        {"cbs", {"CBS, CC BY 4.0", "CBS, CC BY 4.0"}},
        {"gemeenten", {"CBS / Kadaster, CC BY 4.0", "CBS / Kadaster, CC BY 4.0"}},
    };
    for (const auto& [key, licence] : kKnown)
        for (const std::string& word : words)
            if (word.rfind(key, 0) == 0) return file_name(path) + " (" + t(licence.first, licence.second) + ")";
    return file_name(path);
}

// The data sources of this stress test, from its configuration: only what was actually used.
void sources_table(const Context& c) {
    const Words& t = c.t;
    c.html.subsection(t("Gegevensbronnen", "Data sources"));
    report::Table sources = report::table_of(
        {{t("Gegevens", "Data"), 0, ""}, {t("Bestand (bron en licentie)", "File (source and licence)"), 0, ""}});
    for (const AreaConfig& area : c.config.areas) {
        sources.rows.push_back({t("Hoogte: {}", "Terrain: {}", area.name), known_licence(area.terrain, t)});
        if (area.buildings)
            sources.rows.push_back({t("Gebouwen: {}", "Buildings: {}", area.name), known_licence(*area.buildings, t)});
        if (area.bgt) sources.rows.push_back({t("BGT: {}", "BGT: {}", area.name), known_licence(*area.bgt, t)});
        if (area.bag) sources.rows.push_back({t("BAG: {}", "BAG: {}", area.name), known_licence(*area.bag, t)});
    }
    for (const PartnerLayer& layer : c.config.partner_layers)
        sources.rows.push_back({layer.kind == PartnerKind::water_board ? t("Waterschapsgrens", "Water board boundary")
                                                                       : t("Gemeentegrenzen", "Municipal boundaries"),
                                known_licence(layer.path, t)});
    if (c.config.key_figures)
        sources.rows.push_back({t("Kerncijfers", "Key figures"), c.config.key_figures->source.empty()
                                                                     ? known_licence(c.config.key_figures->path, t)
                                                                     : c.config.key_figures->source});
    for (const NeighbourhoodLayer& layer : c.config.neighbourhoods) {
        const Partner* owner = c.data.find(layer.partner);
        sources.rows.push_back(
            {t("Buurten {}", "Neighbourhoods {}", owner ? owner->name : layer.partner), known_licence(layer.path, t)});
    }
    for (const RoadLayer& layer : c.config.roads)
        sources.rows.push_back({t("Wegen", "Roads"), known_licence(layer.path, t)});
    for (const VitalLayer& layer : c.config.vital)
        sources.rows.push_back({t("Vitale objecten", "Vital objects"), known_licence(layer.path, t)});
    if (c.config.weather) sources.rows.push_back({t("Weer", "Weather"), known_licence(*c.config.weather, t)});
    sources.rows.push_back({t("Ontwerpbuien", "Design storms"),
                            t("Stichting RIONED; Deltaprogramma 2019", "Stichting RIONED; Delta Programme 2019")});
    c.html.table(sources);
}

void assumptions(const Context& c) {
    const Words& t = c.t;
    const RegionConfig& config = c.config;
    c.html.section(t("Uitgangspunten en verantwoording", "Assumptions and accountability"));
    c.html.paragraph(
        t("De stresstest volgt de standaard van het Deltaprogramma Ruimtelijke Adaptatie. De standaarden zijn "
          "referentiepunten, geen ontwerpnormen: afwijkingen mogen, mits vastgelegd. Hieronder staat alles wat "
          "nodig is om deze berekening te herhalen.",
          "The stress test follows the standard of the Delta Programme on Spatial Adaptation. The standards are "
          "reference points, not design norms: deviations are allowed if they are recorded. Below is everything "
          "needed to repeat this computation."));
    report::Table storms = report::table_of({{t("Bui", "Storm"), 0, ""},
                                             {t("Neerslag (mm)", "Rain (mm)"), 0, ""},
                                             {t("Duur (uur)", "Duration (h)"), 1, ""},
                                             {t("Betekenis", "Meaning"), 0, ""}});
    std::vector<std::string> seen;
    for (const AreaResults& area : c.results.areas)
        for (const ScenarioResult& s : area.scenarios) {
            if (std::find(seen.begin(), seen.end(), s.run->storm) != seen.end()) continue;
            seen.push_back(s.run->storm);
            const RainSeries rain = standard_storm(s.run->storm, standard_storms_csv());
            storms.rows.push_back(
                {s.run->storm, rain.total_depth_m() * 1e3, rain.duration_s() / 3600.0, storm_meaning(s.run->storm, t)});
        }
    storms.caption = t("Buien (Deltaprogramma 2019 en de landelijke basiskaart van de Klimaateffectatlas).",
                       "Storms (Delta Programme 2019 and the national base map of the Klimaateffectatlas).");
    c.html.table(storms);

    report::Table areas = report::table_of({{t("Rekengebied", "Area"), 0, ""},
                                            {t("Hoogtemodel", "Terrain model"), 0, ""},
                                            {t("Detail", "Detail"), 0, ""},
                                            {t("Randen", "Edges"), 0, ""},
                                            {t("Bodem en riool", "Soil and sewers"), 0, ""},
                                            {t("Rekentijd (s)", "Run time (s)"), 0, ""},
                                            {t("Volumefout", "Volume error"), 0, ""}});
    for (const AreaResults& area : c.results.areas) {
        double seconds = 0.0, worst_error = 0.0;
        for (const ScenarioResult& s : area.scenarios) {
            seconds += s.run->elapsed_s;
            worst_error = std::max(worst_error, std::abs(s.run->volume_error_relative));
        }
        const AreaDetail detail = area.area->detail;
        const std::string detail_text = detail == AreaDetail::regional ? t("regionaal", "regional")
                                        : detail == AreaDetail::street ? t("straat", "street")
                                                                       : t("lokaal", "local");
        areas.rows.push_back(
            {area.area->name, model_text(area, t) + " (" + file_name(area.area->terrain) + ")", detail_text,
             area.area->free_edges ? t("open: water stroomt weg", "open: water flows away") : t("gesloten", "closed"),
             area.area->cover_note.empty() ? cover_words(area.area->default_cover, t) : area.area->cover_note,
             std::round(seconds), report::relative_error_text(worst_error, t.language())});
    }
    areas.caption =
        t("Rekengebieden. Het model (local-inertial, Bates et al. 2010 / de Almeida et al. 2012) rekent {} uur "
          "na het einde van de bui door. Volumefout: de grootste relatieve fout in de waterbalans (regen = "
          "infiltratie + riool + uitstroom + berging) over de buien. Detail: regionaal (cellen van {} m of "
          "groter: alleen stroombanen en laagten, geen cijfers over gebouwen, wegen, schade of inwoners), "
          "lokaal, of straat (cellen van {} m of kleiner).",
          "Areas. The model (local inertial, Bates et al. 2010 / de Almeida et al. 2012) runs on for {} h after "
          "the end of the storm. Volume error: the largest relative error in the water balance (rain = "
          "infiltration + sewer + outflow + storage) over the storms. Detail: regional (cells of {} m or more: "
          "flow paths and low areas only, no figures on buildings, roads, damage or residents), local, or "
          "street (cells of {} m or less).",
          t.number(config.after_rain_s / 3600.0, 1), t.number(kRegionalFromCellM, 0), t.number(kStreetUpToCellM, 0));
    c.html.table(areas);
    c.html.paragraph(t(
        "**Drempels.** Kaartklassen per 5 cm; dieptes onder 5 cm worden niet getoond. Water tegen de gevel telt vanaf {} (de "
        "hoogste waarde in de ring van cellen direct rond het gebouw); een weg is onbegaanbaar boven {}. **Schade** volgens "
        "de methode van de WaterSchadeSchatter (diepte × duur × maand, maand {}), met de meegeleverde standaardtabel "
        "(data/damage/wss_default.csv): bedoeld om maatregelen te wegen, niet voor claims. {} **Inwoners in gebied > 20 cm** "
        "is het oppervlak boven 20 cm maal de bevolkingsdichtheid van de gemeente: een grove, indicatieve schatting.",
        "**Thresholds.** Map classes per 5 cm; depths below 5 cm are not shown. Water against the façade counts from {} (the "
        "highest value in the ring of cells right around the building); a road is impassable above {}. **Damage** by the "
        "method of the WaterSchadeSchatter (depth × duration × month, month {}), with the shipped default table "
        "(data/damage/wss_default.csv): meant to weigh measures, not for claims. {} **Residents in areas > 20 cm** is the "
        "area above 20 cm times the municipality's population density: a rough, indicative estimate.",
        cm(config.depth_thresholds_m[facade_threshold_index(config)]), cm(config.road_impassable_m),
        config.damage_month, building_use_sentence(config, t)));
    c.html.paragraph(
        t("**Afronding.** Cijfers zijn afgerond op wat het model kan onderscheiden: oppervlakken op hele hectaren "
          "(een tiende alleen bij cellen kleiner dan 0,1 ha), volumes op drie significante cijfers, dieptes op "
          "centimeters (op decimeters in een regionaal model), schade op twee significante cijfers en "
          "geschatte aantallen inwoners op tientallen of honderdtallen.",
          "**Rounding.** Figures are rounded to what the model can tell apart: areas to whole hectares (a "
          "tenth only with cells smaller than 0.1 ha), volumes to three significant digits, depths to "
          "centimetres (decimetres in a regional model), damage to two significant digits and estimated "
          "numbers of residents to tens or hundreds."));
    if (c.partner.figures.inhabitants)
        c.html.paragraph(t("**Kerncijfers {}:** {} inwoners, {} % 65 jaar of ouder, {} inwoners per km² ({}).",
                           "**Key figures {}:** {} residents, {} % aged 65 or over, {} residents per km² ({}).",
                           c.partner.name, t.number(*c.partner.figures.inhabitants, 0),
                           t.number(c.partner.figures.pct_65plus.value_or(NAN), 1),
                           t.number(c.partner.figures.density_per_km2.value_or(NAN), 0),
                           config.key_figures ? config.key_figures->source : std::string()));
    sources_table(c);
    c.html.paragraph(
        t("Configuratie: {}. Alle invoerbestanden met hun SHA-256 staan in provenance.json naast dit rapport; "
          "elke kaart draagt dezelfde gegevens in haar metadata.",
          "Configuration: {}. Every input file with its SHA-256 is in provenance.json next to this report; every "
          "map carries the same data in its metadata.",
          file_name(config.file)));
}

}  // namespace

void drought_and_heat_section(const Context& c) { drought_section(c); }
void assumptions_section(const Context& c) { assumptions(c); }

}  // namespace wn::partner_report_parts
