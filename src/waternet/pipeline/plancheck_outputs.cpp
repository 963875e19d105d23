// The outputs of the water test (pipeline/plancheck.hpp): JSON verdict, Dutch HTML water paragraph, maps, provenance.
#include <fmt/format.h>

#include <cmath>

#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/plancheck.hpp"
#include "waternet/render/legend.hpp"
#include "waternet/render/map_image.hpp"
#include "waternet/render/png.hpp"
#include "waternet/report/html_report.hpp"

namespace wn {

namespace {

using report::format_number;
using report::Language;

const char* kModelEn = "regular-grid local-inertial flood engine (Bates et al. 2010, de Almeida et al. 2012)";
const char* kModelNl =
    "lokaal-inertiaal overstromingsmodel op een regelmatig rooster (Bates e.a. 2010, de Almeida e.a. 2012)";

std::string rule_name_nl(const std::string& rule) {
    if (rule == "storage") return "Berging op eigen terrein";
    if (rule == "runoff") return "Afvoer naar oppervlaktewater";
    if (rule == "floor_level") return "Vloerpeil";
    if (rule == "facade") return "Water tegen de gevel";
    if (rule == "neighbours") return "Geen wateroverlast bij de buren";
    return rule;
}

std::string state_nl(VerdictState s) {
    switch (s) {
        case VerdictState::pass:
            return "voldoet";
        case VerdictState::fail:
            return "voldoet niet";
        default:
            return "niet getoetst";
    }
}

std::string kind_nl(PlanKind kind) {
    switch (kind) {
        case PlanKind::plot:
            return "perceel";
        case PlanKind::building:
            return "gebouw";
        case PlanKind::paving:
            return "verharding";
        case PlanKind::green:
            return "groen";
        case PlanKind::water:
            return "water";
        case PlanKind::storage:
            return "berging";
        default:
            return "infiltratie";
    }
}

nlohmann::json source_json(const RuleSource& s) {
    return {{"text", s.text}, {"version", s.version}, {"read_from", s.origin}};
}

// After − before (NaN where either is).
Grid<float> depth_difference(const StormRun& run, const GridSpec& window) {
    Grid<float> difference(window, std::numeric_limits<float>::quiet_NaN());
    for (index_t i = 0; i < difference.size(); ++i)
        difference.data()[i] = run.after_depth_m.data()[i] - run.before_depth_m.data()[i];
    return difference;
}

// The plan's outlines (plot, buildings and the rest) for the maps.
std::vector<render::MapRing> plan_outlines(const Plan& plan) {
    std::vector<render::MapRing> rings;
    for (const PlanFeature& f : plan.features)
        for (const auto& part : f.geometry.parts) {
            render::MapRing ring;
            for (const XY& p : part) ring.push_back({p.x, p.y});
            rings.push_back(std::move(ring));
        }
    return rings;
}

// Depth after the plan and the difference, on the plot and 60 m around it (the window may be far larger).
void add_maps(report::HtmlReport& html, const PlanCheckResult& r) {
    const VectorFeature& plot = r.plan.plot().geometry;
    render::MapImageOptions options;
    constexpr double kMarginM = 60.0;
    options.window = render::MapWindow{
        std::max(plot.min_x - kMarginM, r.window.min_x()), std::max(plot.min_y - kMarginM, r.window.min_y()),
        std::min(plot.max_x + kMarginM, r.window.max_x()), std::min(plot.max_y + kMarginM, r.window.max_y())};
    options.outlines = plan_outlines(r.plan);
    options.max_width_px = options.max_height_px = 700;
    for (const StormRun& run : r.runs) {
        html.subsection("Bui " + run.storm);
        html.image_png(render::encode_png(render::map_image(run.after_depth_m.view(), r.window.transform,
                                                            render::legend("depth_m"), options)),
                       "Grootste waterdiepte met het plan bij " + run.storm + " (lijnen: het plan)",
                       "kaart van de waterdiepte met het plan");
        html.legend(render::legend("depth_m"));
        const Grid<float> difference = depth_difference(run, r.window);
        html.image_png(render::encode_png(render::map_image(difference.view(), r.window.transform,
                                                            render::legend("depth_difference_m"), options)),
                       "Verschil in grootste waterdiepte bij " + run.storm + ": met min zonder het plan",
                       "kaart van het verschil in waterdiepte");
        html.legend(render::legend("depth_difference_m"));
    }
}

std::string safe_storm(const std::string& storm) {
    std::string out;
    for (char c : storm) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

}  // namespace

nlohmann::json plancheck_json(const PlanCheckResult& r, const PlanCheckOptions& o) {
    nlohmann::json verdicts = nlohmann::json::array();
    for (const RuleVerdict& v : r.verdicts)
        verdicts.push_back({{"rule", v.rule},
                            {"subject", v.subject},
                            {"state", verdict_state_name(v.state)},
                            {"finding_nl", v.finding_nl},
                            {"finding_en", v.finding_en},
                            {"remedy_nl", v.remedy_nl},
                            {"remedy_en", v.remedy_en},
                            {"figures", v.figures},
                            {"source", source_json(v.source)}});
    nlohmann::json features = nlohmann::json::array();
    for (const PlanFeature& f : r.plan.features) {
        nlohmann::json j = {{"name", f.name}, {"kind", plan_kind_name(f.kind)}, {"area_m2", f.area_m2}};
        if (f.floor_level_m) j["floor_level_m"] = *f.floor_level_m;
        if (f.ground_level_m) j["ground_level_m"] = *f.ground_level_m;
        if (f.kind == PlanKind::storage) {
            j["volume_m3"] = f.volume_m3;
            j["emptying_h"] = f.emptying_h;
        }
        features.push_back(j);
    }
    nlohmann::json runs = nlohmann::json::array();
    for (const StormRun& run : r.runs)
        runs.push_back({{"storm", run.storm},
                        {"rain_mm", run.rain_mm},
                        {"volume_balance_relative_error_before", run.before_balance.relative_error()},
                        {"volume_balance_relative_error_after", run.after_balance.relative_error()}});
    nlohmann::json computed = {{"storms", runs}};
    if (!r.runs.empty()) {
        computed["model"] = kModelEn;
        computed["cell_size_m"] = r.window.transform.cell_size_m;
        computed["window"] = {{"min_x", r.window.min_x()},
                              {"min_y", r.window.min_y()},
                              {"max_x", r.window.max_x()},
                              {"max_y", r.window.max_y()}};
        computed["window_margin_m"] = o.window_m;
        computed["default_cover"] = o.default_cover;
        computed["land_cover"] = o.land_cover ? o.land_cover->string() : "";
        computed["buildings"] = o.buildings ? o.buildings->string() : "";
        computed["no_losses"] = o.no_losses;
    }
    return {{"plan", o.plan.filename().string()},
            {"municipality", r.rules.municipality},
            {"result", r.any_fail() ? "fail" : "pass"},
            {"exit_code", r.exit_code()},
            {"verdicts", verdicts},
            {"features", features},
            {"new_roof_m2", r.plan.area_of(PlanKind::building)},
            {"new_paved_m2", r.plan.area_of(PlanKind::paving)},
            {"storage_m3", r.plan.storage_volume_m3()},
            {"computed", computed}};
}

std::string watertoets_html(const PlanCheckResult& r, const PlanCheckOptions& o) {
    auto n = [](double v, int d) { return format_number(v, d, Language::nl); };
    report::HtmlReport html("Watertoets: " + o.plan.filename().string(), Language::nl);
    html.subtitle(
        fmt::format("Waterparagraaf · regels van {} · {}",
                    r.rules.municipality == "default" ? "de regio (standaard)" : r.rules.municipality,
                    r.any_fail() ? "het plan voldoet niet aan alle regels" : "het plan voldoet aan de regels"));
    std::int64_t pass = 0, fail = 0, open = 0;
    for (const RuleVerdict& v : r.verdicts)
        (v.state == VerdictState::pass ? pass : v.state == VerdictState::fail ? fail : open) += 1;
    html.section("Oordeel");
    html.cards({{static_cast<double>(pass), 0, "", "regels voldaan"},
                {static_cast<double>(fail), 0, "", "regels niet voldaan"},
                {static_cast<double>(open), 0, "", "niet getoetst"}});
    report::Table verdicts{{"Regel", "Betreft", "Oordeel", "Bevinding", "Wat nodig is"}, {}, {}, ""};
    for (const RuleVerdict& v : r.verdicts)
        verdicts.rows.push_back({rule_name_nl(v.rule), v.subject.empty() ? "het plan" : v.subject, state_nl(v.state),
                                 v.finding_nl, v.remedy_nl.empty() ? "–" : v.remedy_nl});
    verdicts.caption = "Elke regel met de getallen achter het oordeel.";
    html.table(verdicts);

    html.section("Het plan");
    report::Table plan{
        {"Naam", "Soort", "Oppervlak (m²)", "Vloerpeil (m NAP)", "Berging (m³)"}, {}, {0, 0, 0, 2, 1}, ""};
    for (const PlanFeature& f : r.plan.features)
        plan.rows.push_back({f.name, kind_nl(f.kind), f.area_m2,
                             f.floor_level_m ? report::Cell(*f.floor_level_m) : report::Cell(std::string("–")),
                             f.kind == PlanKind::storage ? report::Cell(f.volume_m3) : report::Cell(std::string("–"))});
    html.table(plan);
    html.paragraph(fmt::format("Nieuw dak {} m², nieuwe verharding {} m², berging {} m³.",
                               n(r.plan.area_of(PlanKind::building), 0), n(r.plan.area_of(PlanKind::paving), 0),
                               n(r.plan.storage_volume_m3(), 1)));

    html.section("De regels");
    report::Table rules{{"Regel", "Bron", "Versie"}, {}, {}, ""};
    std::vector<std::string> seen;
    for (const RuleVerdict& v : r.verdicts) {
        if (std::find(seen.begin(), seen.end(), v.rule) != seen.end()) continue;
        seen.push_back(v.rule);
        rules.rows.push_back({rule_name_nl(v.rule), v.source.text, v.source.version});
    }
    html.table(rules);

    html.section("Hoe het is berekend");
    if (r.runs.empty()) {
        html.paragraph(
            "Geen van de regels vroeg om een berekening van een bui: de toets is uit het plan zelf afgeleid.");
    } else {
        std::vector<std::string> storms;
        for (const StormRun& run : r.runs)
            storms.push_back(
                fmt::format("{} ({} mm; volumebalans voor/na {} / {})", run.storm, n(run.rain_mm, 0),
                            report::format_number(run.before_balance.relative_error() * 100, 3, Language::nl) + " %",
                            report::format_number(run.after_balance.relative_error() * 100, 3, Language::nl) + " %"));
        html.paragraph(fmt::format(
            "Elke bui is twee keer doorgerekend, zonder en met het plan, met het {} op cellen van {} m, in een venster "
            "van {} m rond het perceel ({} bij {} cellen). Buien: {}. Landgebruik buiten het plan: {}. Bestaande gebouwen: {}.",
            kModelNl, n(r.window.transform.cell_size_m, 2), n(o.window_m, 0), r.window.cols, r.window.rows,
            fmt::join(storms, "; "),
            o.land_cover ? o.land_cover->filename().string() : "klasse '" + o.default_cover + "' overal",
            o.buildings ? o.buildings->filename().string() : "niet opgegeven"));
        html.note(
            "Het vloerpeil is getoetst aan de hoogste waterstand (maaiveld + grootste waterdiepte) in de cellen "
            "direct naast het gebouw; 'boven de straat' is getoetst aan het hoogste maaiveld naast de gevel. Extra "
            "water bij de buren telt pas vanaf 1 mm verschil in de grootste waterdiepte.");
        html.section("Kaarten");
        add_maps(html, r);
    }
    html.colophon(fmt::format("Waternet {} · berekend {} · plan {} · regels {}", kVersion, utc_now_iso8601(),
                              o.plan.filename().string(), o.rules.filename().string()));
    return html.to_html();
}

std::vector<std::filesystem::path> write_plancheck(const PlanCheckResult& r, const PlanCheckOptions& o,
                                                   const std::filesystem::path& out) {
    return write_published(out, [&](const std::filesystem::path& dir) {
        std::vector<std::filesystem::path> written;
        Provenance provenance;
        provenance.command_line = o.command_line;
        provenance.scenario = "plancheck";
        provenance.add_input("plan", o.plan);
        provenance.add_input("water_rules", o.rules);
        provenance.add_input("terrain", o.terrain);
        if (o.land_cover) provenance.add_input("land_cover", *o.land_cover);
        if (o.buildings) provenance.add_input("buildings", *o.buildings);
        if (!r.runs.empty()) provenance.add_input("design_storms", standard_storms_csv());
        const nlohmann::json verdict = plancheck_json(r, o);
        provenance.parameters = verdict["computed"];
        provenance.parameters["municipality"] = r.rules.municipality;
        for (const StormRun& run : r.runs) {
            WriteOptions wo;
            wo.metadata = provenance.to_metadata();
            wo.unit = "m";
            const std::string storm = safe_storm(run.storm);
            const Grid<float> difference = depth_difference(run, r.window);
            const auto write = [&](const std::string& name, const Grid<float>& grid, const std::string& what) {
                wo.band_description = what;
                written.push_back(dir / name);
                write_cog(written.back().string(), grid.view(), r.window, wo);
            };
            write("depth_before_" + storm + "_m.tif", run.before_depth_m, "maximum water depth without the plan");
            write("depth_after_" + storm + "_m.tif", run.after_depth_m, "maximum water depth with the plan");
            write("depth_difference_" + storm + "_m.tif", difference,
                  "maximum water depth, with minus without the plan");
        }
        written.push_back(dir / "verdict.json");
        write_text_atomic(written.back(), verdict.dump(2) + "\n");
        written.push_back(dir / "watertoets.html");
        write_text_atomic(written.back(), watertoets_html(r, o));
        written.push_back(dir / "provenance.json");
        write_provenance(written.back(), provenance);
        std::vector<std::filesystem::path> published;
        for (const auto& p : written) published.push_back(out / p.filename());
        return published;
    });
}

}  // namespace wn
