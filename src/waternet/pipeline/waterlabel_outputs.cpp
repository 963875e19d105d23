// The outputs of `waternet waterlabel` (pipeline/waterlabel_job.hpp): the GeoPackage layer, the tables per zone, the
// summary and the provenance.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "waternet/core/memory.hpp"
#include "waternet/core/timing.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/geopackage.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/pipeline/waterlabel_job.hpp"
#include "waternet/pipeline/waterlabel_scoring.hpp"

namespace wn {

namespace {

// The plot rule and the limitations, in words, for the summary and the layer's description.
constexpr const char* kApproximateRule =
    "no cadastral parcels: one plot per BGT building, the building plus the private-yard cells (BGT erf) nearest to it "
    "walking through the yard (chamfer 3-4), within the yard distance; approximate";
constexpr const char* kParcelRule = "cadastral parcels (BRK): one plot per parcel";
constexpr const char* kUnknownRule =
    "area of unknown make-up (BGT erf, water, unclassified) counts as paving in score_mm (the calculator's rule, a "
    "lower bound) and as garden in score_best_mm";

std::string csv_text(const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

WaterlabelZoneTable zone_table(const std::string& kind, const std::vector<std::string>& names,
                               const std::vector<WaterlabelPlot>& plots, std::int32_t WaterlabelPlot::*member,
                               int label_count) {
    std::vector<std::int32_t> zone;
    std::vector<int> label;
    for (const WaterlabelPlot& p : plots) {
        zone.push_back(member ? p.*member : 0);
        label.push_back(p.score.label);
    }
    const auto zones = static_cast<std::int32_t>(names.size() + 1);
    const auto counts = risk::label_counts_by_zone(zone, label, zones, label_count);
    WaterlabelZoneTable table;
    table.kind = kind;
    std::vector<std::int64_t> all(static_cast<std::size_t>(label_count), 0);
    for (std::int32_t z = 1; z <= zones; ++z) {
        const auto& row = counts[static_cast<std::size_t>(z % zones)];  // zone 0 (outside every zone) last
        for (int l = 0; l < label_count; ++l) all[static_cast<std::size_t>(l)] += row[static_cast<std::size_t>(l)];
        const bool outside = z == zones;
        std::int64_t n = 0;
        for (const auto c : row) n += c;
        if (outside && (n == 0 || names.empty())) continue;
        table.names.push_back(outside ? "(outside every zone)" : names[static_cast<std::size_t>(z - 1)]);
        table.counts.push_back(row);
    }
    table.names.push_back("all");
    table.counts.push_back(all);
    return table;
}

std::string table_csv(const WaterlabelZoneTable& t, const std::vector<std::string>& labels) {
    std::string out = "zone,plots";
    for (const auto& l : labels) out += ",count_" + l;
    for (const auto& l : labels) out += ",share_" + l + "_pct";
    out += "\n";
    for (std::size_t r = 0; r < t.names.size(); ++r) {
        std::int64_t n = 0;
        for (const auto c : t.counts[r]) n += c;
        out += csv_text(t.names[r]) + fmt::format(",{}", n);
        for (const auto c : t.counts[r]) out += fmt::format(",{}", c);
        for (const auto c : t.counts[r])
            out += n > 0 ? fmt::format(",{:.1f}", 100.0 * static_cast<double>(c) / static_cast<double>(n)) : ",";
        out += "\n";
    }
    return out;
}

LayerOut plot_layer(const WaterlabelJob& job, const WaterlabelResult& r) {
    LayerOut layer;
    layer.name = "waterlabel";
    layer.geometry = "Unknown";
    layer.description = fmt::format(
        "Waterlabel per plot (STOWA/RIONED 2019 method, data/waterlabel/scoring.toml). "
        "Plots: {}. {}. facade_depth_m: {}.",
        job.parcels ? kParcelRule : kApproximateRule, kUnknownRule,
        job.depth ? job.depth_storm + " maximum depth at the façade" : "no depth map given");
    using F = FieldType;
    layer.fields = {{"plot_id", F::text},       {"approximate", F::integer}, {"buildings", F::integer},
                    {"plot_m2", F::real},       {"roof_m2", F::real},        {"green_roof_m2", F::real},
                    {"paved_m2", F::real},      {"garden_m2", F::real},      {"unknown_m2", F::real},
                    {"rain_barrel_l", F::real}, {"underground_l", F::real},  {"downpipe_disconnected", F::integer},
                    {"score_mm", F::real},      {"label", F::text},          {"score_best_mm", F::real},
                    {"label_best", F::text},    {"facade_depth_m", F::real}, {"neighbourhood", F::text},
                    {"municipality", F::text}};
    const auto zone_name = [](const std::vector<std::string>& names, std::int32_t z) -> FieldValue {
        if (z <= 0) return std::monostate{};
        return names[static_cast<std::size_t>(z - 1)];
    };
    const auto& labels = r.scoring.labels;
    for (const WaterlabelPlot& p : r.plots) {
        const risk::PlotParts& q = p.parts;
        FeatureRow row;
        row.wkt = p.wkt;
        row.values = {p.id,
                      std::int64_t{p.approximate},
                      std::int64_t{p.buildings},
                      q.plot_m2,
                      q.roof_m2,
                      q.green_roof_m2,
                      q.paved_m2,
                      q.garden_m2,
                      p.unknown_m2,
                      q.rain_barrel_l,
                      q.underground_l,
                      std::int64_t{q.downpipe_disconnected},
                      p.score.held_mm,
                      labels[static_cast<std::size_t>(p.score.label)].label,
                      p.best.held_mm,
                      labels[static_cast<std::size_t>(p.best.label)].label,
                      std::isnan(p.facade_depth_m) ? FieldValue{} : FieldValue{static_cast<double>(p.facade_depth_m)},
                      zone_name(r.neighbourhood_names, p.neighbourhood),
                      zone_name(r.municipality_names, p.municipality)};
        layer.rows.push_back(std::move(row));
    }
    return layer;
}

nlohmann::json summary_json(const WaterlabelJob& job, const WaterlabelReport& rep) {
    nlohmann::json j;
    j["plots"] = rep.plots;
    j["approximate_plots"] = rep.approximate_plots;
    j["plot_rule"] = job.parcels ? kParcelRule : kApproximateRule;
    j["unknown_surface_rule"] = kUnknownRule;
    j["buildings"] = rep.buildings;
    j["plots_without_area"] = rep.plots_without_area;
    j["plots_without_bgt"] = rep.plots_without_bgt;
    j["yard_unassigned_m2"] = rep.yard_unassigned_m2;
    j["measures"] = rep.measures;
    j["measures_outside_plots"] = rep.measures_outside_plots;
    j["plots_with_facade_depth"] = rep.plots_with_depth;
    j["depth_storm"] = job.depth ? nlohmann::json(job.depth_storm) : nlohmann::json(nullptr);
    for (std::size_t l = 0; l < rep.labels.size(); ++l) {
        j["plots_per_label"][rep.labels[l]] = rep.plots_per_label[l];
        j["plots_per_best_label"][rep.labels[l]] = rep.plots_per_best_label[l];
    }
    j["seconds"] = rep.seconds;
    for (const auto& [stage, s] : rep.stage_seconds) j["stage_seconds"][stage] = s;
    return j;
}

}  // namespace

WaterlabelReport run_waterlabel_job(const WaterlabelJob& job) {
    const PeakMemoryWatch memory;
    WaterlabelResult r = compute_waterlabels(job);
    const int label_count = static_cast<int>(r.scoring.labels.size());
    WaterlabelReport& rep = r.report;
    rep.tables.push_back(zone_table("all", {}, r.plots, nullptr, label_count));
    if (job.neighbourhoods)
        rep.tables.push_back(
            zone_table("neighbourhoods", r.neighbourhood_names, r.plots, &WaterlabelPlot::neighbourhood, label_count));
    if (job.municipalities)
        rep.tables.push_back(
            zone_table("municipalities", r.municipality_names, r.plots, &WaterlabelPlot::municipality, label_count));
    const auto written = SteadyClock::now();
    const std::filesystem::path& out = job.output_dir;
    write_geopackage(out / "waterlabel.gpkg", {plot_layer(job, r)});
    for (const WaterlabelZoneTable& t : rep.tables)
        write_text_atomic(out / ("waterlabel_" + t.kind + ".csv"), table_csv(t, rep.labels));

    Provenance p;
    p.command_line = job.command_line;
    p.scenario = "waterlabel";
    p.add_input("bgt", job.bgt);
    if (job.parcels) p.add_input("parcels", *job.parcels);
    if (job.measures) p.add_input("measures", *job.measures);
    if (job.depth) p.add_input("depth_" + job.depth_storm, *job.depth);
    if (job.neighbourhoods) p.add_input("neighbourhoods", *job.neighbourhoods);
    if (job.municipalities) p.add_input("municipalities", *job.municipalities);
    p.add_input("waterlabel_scoring", job.scoring.empty() ? default_waterlabel_scoring_toml() : job.scoring);
    p.parameters = {{"cell_size_m", job.cell_size_m},
                    {"max_yard_distance_m", job.max_yard_distance_m},
                    {"parcels_layer", job.parcels_layer},
                    {"depth_storm", job.depth_storm},
                    {"storage_mm",
                     {{"roof", r.scoring.roof_mm},
                      {"green_roof", r.scoring.green_roof_mm},
                      {"paved", r.scoring.paved_mm},
                      {"garden", r.scoring.garden_mm}}}};
    for (const auto& l : r.scoring.labels) p.parameters["label_min_mm"][l.label] = l.min_mm;
    p.record_memory(memory, rep.grid_cells);
    nlohmann::json summary = summary_json(job, rep);
    summary["provenance"] = p.to_json();
    write_text_atomic(out / "waterlabel_summary.json", summary.dump(2) + "\n");
    write_provenance(out / "provenance.json", p);
    rep.stage_seconds.emplace_back("outputs", seconds_since(written));
    return rep;
}

std::string format_waterlabel_summary(const WaterlabelJob& job, const WaterlabelReport& rep) {
    std::string s =
        fmt::format("waterlabel: {} plots ({}) in {:.1f} s\n", rep.plots,
                    job.parcels ? "cadastral parcels" : "approximate: building + nearest yard", rep.seconds);
    for (std::size_t l = 0; l < rep.labels.size(); ++l)
        s += fmt::format("  {:>3}  {:>8} plots  (at best {})\n", rep.labels[l], rep.plots_per_label[l],
                         rep.plots_per_best_label[l]);
    if (rep.plots_without_area > 0)
        s += fmt::format("  {} plots cover no cell of the {} m grid and are left out\n", rep.plots_without_area,
                         job.cell_size_m);
    if (rep.plots_without_bgt > 0)
        s += fmt::format("  {} plots lie where the BGT has no polygon and are left out\n", rep.plots_without_bgt);
    if (rep.yard_unassigned_m2 > 0.0)
        s += fmt::format("  {:.0f} m² of yard lies farther than {} m from every building: in no plot\n",
                         rep.yard_unassigned_m2, job.max_yard_distance_m);
    if (job.measures)
        s += fmt::format("  measures: {} ({} outside every plot, not counted)\n", rep.measures,
                         rep.measures_outside_plots);
    if (job.depth)
        s += fmt::format("  {} plots with a {} depth at the façade\n", rep.plots_with_depth, job.depth_storm);
    s += "  written: " + job.output_dir.string() + "\n";
    return s;
}

}  // namespace wn
