#include "waternet/pipeline/stresstest_outputs.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/core/timing.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/csv_table.hpp"
#include "waternet/io/geopackage.hpp"
#include "waternet/io/output_paths.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/result_manifest.hpp"
#include "waternet/pipeline/compare.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/inputs.hpp"
#include "waternet/pipeline/partner_report.hpp"
#include "waternet/pipeline/stresstest_results.hpp"
#include "waternet/render/hillshade.hpp"
#include "waternet/render/legend.hpp"
#include "waternet/render/qgis_style.hpp"

namespace wn {

std::vector<BlueSpotRow> read_bluespot_table(const std::filesystem::path& csv, const AreaContext& context) {
    std::vector<BlueSpotRow> rows;
    std::error_code ec;
    if (!std::filesystem::exists(csv, ec) || std::filesystem::file_size(csv, ec) == 0) return rows;
    std::ifstream probe(csv);
    std::string header, first;
    std::getline(probe, header);
    if (!std::getline(probe, first)) return rows;  // no spots
    const CsvTable table = read_csv_table(csv, "blue-spot table");
    auto required = [&](std::string_view name) {
        const auto col = table.column(name);
        if (!col) table.fail(table.header_line, fmt::format("no column {} (it has {})", name, table.header_text()));
        return *col;
    };
    const std::size_t id = required("spot_id"), x = required("deepest_x"), y = required("deepest_y"),
                      area = required("area_m2"), depth = required("max_depth_m"), volume = required("volume_m3");
    const auto fill = table.column("storm_fill_fraction"), touching = table.column("buildings_touching");
    auto optional = [&](const CsvRow& r, std::optional<std::size_t> col) {
        return !col || r.fields[*col].empty() ? 0.0 : table.number(r, *col);
    };
    for (const CsvRow& r : table.rows) {
        BlueSpotRow row;
        row.id = static_cast<std::int64_t>(table.number(r, id));
        row.x = table.number(r, x);
        row.y = table.number(r, y);
        row.area_m2 = table.number(r, area);
        row.max_depth_m = table.number(r, depth);
        row.volume_m3 = table.number(r, volume);
        row.fill_fraction = optional(r, fill);
        row.buildings_touching = static_cast<std::int64_t>(optional(r, touching));
        const GeoTransform& t = context.grid.transform;
        const index_t rr = t.row_of(row.y), c = t.col_of(row.x);
        if (context.grid.contains_cell(rr, c)) {
            row.partner = context.zones.municipality(rr, c) - 1;
            row.water_board = context.zones.water_board(rr, c) - 1;
        }
        rows.push_back(row);
    }
    return rows;
}

namespace {

using Clock = SteadyClock;

std::string cm(double metres) { return fmt::format("{:.0f}cm", metres * 100.0); }

std::string csv_text(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_number(double value, int decimals) {
    return std::isnan(value) ? std::string() : fmt::format("{:.{}f}", value, decimals);
}

template <class T>
std::string csv_optional(const std::optional<T>& value, int decimals = 0) {
    if (!value) return {};
    if constexpr (std::is_integral_v<T>)
        return std::to_string(*value);
    else
        return csv_number(*value, decimals);
}

// --- tables -----------------------------------------------------------------------------------------------------

std::string indicator_header(const RegionConfig& config) {
    std::string h = "area,scenario,modelled_ha,wet_ha,volume_m3";
    for (double t : config.depth_thresholds_m) h += ",area_over_" + cm(t) + "_ha";
    h += ",buildings";
    for (double t : config.depth_thresholds_m) h += ",buildings_facade_over_" + cm(t);
    h += ",roads_km,roads_impassable_km,vital_objects,vital_hit,damage_direct_eur,damage_indirect_eur,"
         "people_in_area_over_20cm_estimate,people_65plus_in_area_over_20cm_estimate,detail,not_computed";
    return h;
}

// A regional area's rows leave every building, road, vital, damage and people cell empty and say why.
std::string indicator_cells(const IndicatorRow& row, const KeyFigureValues& figures, const RegionConfig& config,
                            AreaDetail detail) {
    std::string s =
        fmt::format("{:.4f},{:.4f},{:.1f}", row.modelled_area_m2 / 1e4, row.wet_area_m2 / 1e4, row.volume_m3);
    for (double a : row.area_over_m2) s += "," + csv_number(a / 1e4, 4);
    s += "," + csv_optional(row.buildings);
    for (std::size_t k = 0; k < config.depth_thresholds_m.size(); ++k)
        s += "," + (row.buildings ? std::to_string(row.buildings_over[k]) : std::string());
    s += "," + (row.roads_m ? csv_number(*row.roads_m / 1e3, 3) : std::string());
    s += "," + (row.roads_impassable_m ? csv_number(*row.roads_impassable_m / 1e3, 3) : std::string());
    s += "," + csv_optional(row.vital_objects) + "," + csv_optional(row.vital_hit);
    s += "," + csv_optional(row.damage_direct_eur) + "," + csv_optional(row.damage_indirect_eur);
    const std::optional<double> people = people_estimate(row, figures.density_per_km2, config);
    s += "," + (people ? csv_number(*people, 0) : std::string());
    s += "," + (people && figures.pct_65plus ? csv_number(*people * *figures.pct_65plus / 100.0, 0) : std::string());
    s += "," + to_string(detail) + "," + (row.regional ? csv_text(no_street_figures_reason(report::Language::en)) : "");
    return s;
}

void write_tables(const StressTestResults& results, std::vector<std::filesystem::path>& written) {
    const RegionConfig& config = *results.config;
    const RegionData& data = *results.data;
    std::ostringstream partners, hoods;
    partners << "partner_id,partner_name,partner_kind," << indicator_header(config) << "\n";
    hoods << "neighbourhood,code,partner_id," << indicator_header(config) << "\n";
    nlohmann::json json = nlohmann::json::object();
    for (const AreaResults& area : results.areas)
        for (const ScenarioResult& s : area.scenarios) {
            const ScenarioConsequences& c = s.consequences;
            for (std::size_t p = 0; p < data.partners.size(); ++p) {
                const IndicatorRow& row = c.partners[p];
                if (row.modelled_area_m2 <= 0.0) continue;  // the area does not reach this partner
                const Partner& partner = data.partners[p];
                partners << csv_text(partner.id) << ',' << csv_text(partner.name) << ',' << to_string(partner.kind)
                         << ',' << c.area << ',' << c.scenario << ','
                         << indicator_cells(row, partner.figures, config, area.area->detail) << '\n';
                auto& entry = json[partner.id][c.area][c.scenario];
                entry["modelled_ha"] = row.modelled_area_m2 / 1e4;
                entry["volume_m3"] = row.volume_m3;
                for (std::size_t k = 0; k < config.depth_thresholds_m.size(); ++k) {
                    entry["area_over_" + cm(config.depth_thresholds_m[k]) + "_ha"] = row.area_over_m2[k] / 1e4;
                    if (row.buildings)
                        entry["buildings_facade_over_" + cm(config.depth_thresholds_m[k])] = row.buildings_over[k];
                }
                if (row.buildings) entry["buildings"] = *row.buildings;
                if (row.roads_impassable_m) entry["roads_impassable_km"] = *row.roads_impassable_m / 1e3;
                if (row.vital_hit) entry["vital_hit"] = *row.vital_hit;
                if (const auto damage = damage_eur(row)) entry["damage_eur"] = *damage;
                entry["detail"] = to_string(area.area->detail);
                if (row.regional) entry["not_computed"] = no_street_figures_reason(report::Language::en);
            }
            for (std::size_t n = 0; n < data.neighbourhoods.size(); ++n) {
                const IndicatorRow& row = c.neighbourhoods[n];
                if (row.modelled_area_m2 <= 0.0) continue;
                const Neighbourhood& hood = data.neighbourhoods[n];
                const Partner* partner = data.find(hood.partner);
                hoods << csv_text(hood.name) << ',' << csv_text(hood.code) << ',' << hood.partner << ',' << c.area
                      << ',' << c.scenario << ','
                      << indicator_cells(row, partner ? partner->figures : KeyFigureValues{}, config, area.area->detail)
                      << '\n';
            }
        }
    const auto dir = results.output_dir / "tables";
    write_text_atomic(dir / "partner_indicators.csv", partners.str());
    write_text_atomic(dir / "neighbourhood_indicators.csv", hoods.str());
    write_text_atomic(dir / "partner_indicators.json", json.dump(1) + "\n");
    for (const char* f : {"partner_indicators.csv", "neighbourhood_indicators.csv", "partner_indicators.json"})
        written.push_back(dir / f);
}

void write_consequence_files(const StressTestResults& results, std::vector<std::filesystem::path>& written) {
    const RegionConfig& config = *results.config;
    const RegionData& data = *results.data;
    auto partner_id = [&](std::int32_t p) {
        return p >= 0 ? data.partners[static_cast<std::size_t>(p)].id : std::string();
    };
    for (const AreaResults& area : results.areas)
        for (const ScenarioResult& s : area.scenarios) {
            const ScenarioConsequences& c = s.consequences;
            const auto dir = results.output_dir / "consequences" / c.area / c.scenario;
            if (area.context.buildings) {
                std::ostringstream out;
                out << "feature,partner_id,neighbourhood,facade_depth_m,method,footprint_m2,damage_eur";
                for (double t : config.depth_thresholds_m) out << ",over_" << cm(t);
                out << ",bag_use\n";  // the BAG use it was priced by; empty: priced as housing (no BAG)
                for (const BuildingResult& b : c.buildings) {
                    out << b.feature << ',' << partner_id(b.partner) << ','
                        << csv_text(b.neighbourhood >= 0
                                        ? data.neighbourhoods[static_cast<std::size_t>(b.neighbourhood)].name
                                        : "")
                        << ',' << csv_number(b.facade_depth_m, 3) << ',' << b.method << ','
                        << csv_number(b.footprint_m2, 1) << ',' << csv_number(b.damage_eur, 0);
                    for (double t : config.depth_thresholds_m)
                        out << ','
                            << (!std::isnan(b.facade_depth_m) && b.facade_depth_m > static_cast<float>(t) ? 1 : 0);
                    out << ',' << csv_text(b.use) << "\n";
                }
                write_text_atomic(dir / "buildings.csv", out.str());
                written.push_back(dir / "buildings.csv");
            }
            if (area.context.has_roads) {
                std::ostringstream out;
                out << "layer,feature,class,name,partner_id,length_m,impassable_m,max_depth_m\n";
                for (const RoadResult& r : c.roads)
                    out << r.layer << ',' << r.feature << ',' << csv_text(r.road_class) << ',' << csv_text(r.name)
                        << ',' << partner_id(r.partner) << ',' << csv_number(r.length_in_grid_m, 1) << ','
                        << csv_number(r.impassable_m, 1) << ',' << csv_number(r.max_depth_m, 3) << "\n";
                write_text_atomic(dir / "roads.csv", out.str());
                written.push_back(dir / "roads.csv");
            }
            if (area.context.has_vital) {
                std::ostringstream out;
                out << "layer,feature,category,name,partner_id,depth_m,highest_threshold_exceeded_m\n";
                for (const VitalResult& v : c.vital)
                    out << v.layer << ',' << v.feature << ',' << csv_text(v.category) << ',' << csv_text(v.name) << ','
                        << partner_id(v.partner) << ',' << csv_number(v.depth_m, 3) << ','
                        << (v.threshold_index >= 0
                                ? csv_number(config.depth_thresholds_m[static_cast<std::size_t>(v.threshold_index)], 2)
                                : "")
                        << "\n";
                write_text_atomic(dir / "vital.csv", out.str());
                written.push_back(dir / "vital.csv");
            }
        }
}

// --- GeoPackage -------------------------------------------------------------------------------------------------

void write_region_geopackage(const StressTestResults& results, std::vector<std::filesystem::path>& written) {
    const RegionConfig& config = *results.config;
    const RegionData& data = *results.data;
    const std::size_t facade_k = facade_threshold_index(config);
    const std::string facade_label = cm(config.depth_thresholds_m[facade_k]);
    std::vector<LayerOut> layers;

    // Partners and neighbourhoods: per area and scenario, the headline figures.
    auto zone_layer = [&](const std::string& name, std::size_t count, auto&& feature_of, auto&& row_of) {
        LayerOut layer;
        layer.name = name;
        layer.geometry = "MultiPolygon";
        layer.fields = {{"id", FieldType::text}, {"name", FieldType::text}};
        std::vector<std::pair<const AreaResults*, const ScenarioResult*>> columns;
        for (const AreaResults& area : results.areas)
            for (const ScenarioResult& s : area.scenarios) {
                const std::string prefix = area.area->id + "_" + s.consequences.scenario;
                layer.fields.push_back(
                    {prefix + "_area_over_" + cm(config.depth_thresholds_m[facade_k]) + "_ha", FieldType::real});
                layer.fields.push_back({prefix + "_buildings_over_" + facade_label, FieldType::integer});
                layer.fields.push_back({prefix + "_damage_eur", FieldType::real});
                columns.emplace_back(&area, &s);
            }
        for (std::size_t i = 0; i < count; ++i) {
            const auto [id, label, wkt] = feature_of(i);
            FeatureRow row{wkt, {id, label}};
            for (const auto& [area, s] : columns) {
                const IndicatorRow& r = row_of(s->consequences, i);
                const bool reached = r.modelled_area_m2 > 0.0;
                row.values.push_back(reached ? FieldValue(r.area_over_m2[facade_k] / 1e4) : FieldValue());
                row.values.push_back(reached && r.buildings ? FieldValue(r.buildings_over[facade_k]) : FieldValue());
                const std::optional<double> damage = damage_eur(r);
                row.values.push_back(reached && damage ? FieldValue(*damage) : FieldValue());
            }
            layer.rows.push_back(std::move(row));
        }
        return layer;
    };
    layers.push_back(zone_layer(
        "partners", data.partners.size(),
        [&](std::size_t i) {
            const Partner& p = data.partners[i];
            return std::tuple{FieldValue(p.id), FieldValue(p.name), p.outline.wkt};
        },
        [&](const ScenarioConsequences& c, std::size_t i) -> const IndicatorRow& { return c.partners[i]; }));
    std::string regional_areas;
    for (const AreaResults& area : results.areas)
        if (area.area->detail == AreaDetail::regional)
            regional_areas += (regional_areas.empty() ? "" : ", ") + area.area->id;
    layers.back().description =
        "Partners of the region with, per area and scenario, the area deeper than the facade "
        "threshold, buildings with water against the facade, and damage" +
        (regional_areas.empty() ? std::string()
                                : "; the columns of " + regional_areas +
                                      " have no building or damage "
                                      "figures (" +
                                      no_street_figures_reason(report::Language::en) + ")");
    if (!data.neighbourhoods.empty())
        layers.push_back(zone_layer(
            "neighbourhoods", data.neighbourhoods.size(),
            [&](std::size_t i) {
                const Neighbourhood& n = data.neighbourhoods[i];
                return std::tuple{FieldValue(n.code), FieldValue(n.name), n.outline.wkt};
            },
            [&](const ScenarioConsequences& c, std::size_t i) -> const IndicatorRow& { return c.neighbourhoods[i]; }));

    for (const AreaResults& area : results.areas) {
        if (area.context.buildings && !area.scenarios.empty()) {
            LayerOut layer;
            layer.name = "buildings_" + area.area->id;
            layer.geometry = "MultiPolygon";
            layer.description = "Buildings with the water depth against the facade (m) per scenario";
            layer.fields = {{"feature", FieldType::integer}, {"partner_id", FieldType::text}};
            for (const ScenarioResult& s : area.scenarios)
                layer.fields.push_back({"facade_m_" + s.consequences.scenario, FieldType::real});
            layer.fields.push_back({"damage_eur_" + area.scenarios.front().consequences.scenario, FieldType::real});
            const auto& first = area.scenarios.front().consequences.buildings;
            for (std::size_t b = 0; b < first.size(); ++b) {
                const BuildingResult& br = first[b];
                FeatureRow row{(*area.context.buildings)[static_cast<std::size_t>(br.feature)].wkt,
                               {std::int64_t{br.feature},
                                br.partner >= 0 ? FieldValue(data.partners[static_cast<std::size_t>(br.partner)].id)
                                                : FieldValue()}};
                for (const ScenarioResult& s : area.scenarios) {
                    const auto& list = s.consequences.buildings;  // same buildings in the same order for every run
                    const float d = b < list.size() ? list[b].facade_depth_m : NAN;
                    row.values.push_back(std::isnan(d) ? FieldValue() : FieldValue(static_cast<double>(d)));
                }
                row.values.push_back(br.damage_eur);
                layer.rows.push_back(std::move(row));
            }
            layer.qml_style = render::qgis_graduated_style(render::legend("depth_m"),
                                                           "facade_m_" + area.scenarios.front().consequences.scenario,
                                                           render::GeometryKind::polygon);
            layers.push_back(std::move(layer));
        }
        if (area.context.has_roads && !area.scenarios.empty()) {
            LayerOut layer;
            layer.name = "roads_" + area.area->id;
            layer.geometry = "LineString";
            layer.description = "Roads with the length deeper than the impassable depth per scenario (m)";
            layer.fields = {{"class", FieldType::text}, {"name", FieldType::text}, {"partner_id", FieldType::text}};
            for (const ScenarioResult& s : area.scenarios) {
                layer.fields.push_back({"impassable_m_" + s.consequences.scenario, FieldType::real});
                layer.fields.push_back({"max_depth_m_" + s.consequences.scenario, FieldType::real});
            }
            const auto& first = area.scenarios.front().consequences.roads;
            for (std::size_t k = 0; k < first.size(); ++k) {
                const RoadResult& r = first[k];
                const auto& feature = area.context.roads[r.layer].features;
                const auto found = std::find_if(feature.begin(), feature.end(),
                                                [&](const VectorFeature& f) { return f.index == r.feature; });
                FeatureRow row{found != feature.end() ? found->wkt : std::string(),
                               {r.road_class, r.name,
                                r.partner >= 0 ? FieldValue(data.partners[static_cast<std::size_t>(r.partner)].id)
                                               : FieldValue()}};
                for (const ScenarioResult& s : area.scenarios) {
                    const auto& list = s.consequences.roads;
                    row.values.push_back(k < list.size() ? FieldValue(list[k].impassable_m) : FieldValue());
                    row.values.push_back(k < list.size() && !std::isnan(list[k].max_depth_m)
                                             ? FieldValue(static_cast<double>(list[k].max_depth_m))
                                             : FieldValue());
                }
                layer.rows.push_back(std::move(row));
            }
            layer.qml_style = render::qgis_graduated_style(
                render::legend("depth_m"), "max_depth_m_" + area.scenarios.front().consequences.scenario,
                render::GeometryKind::line);
            layers.push_back(std::move(layer));
        }
        if (area.context.has_vital && !area.scenarios.empty()) {
            LayerOut layer;
            layer.name = "vital_" + area.area->id;
            layer.geometry = "Unknown";
            layer.description = "Vital and vulnerable objects with their water depth per scenario (m)";
            layer.fields = {{"category", FieldType::text}, {"name", FieldType::text}, {"partner_id", FieldType::text}};
            for (const ScenarioResult& s : area.scenarios)
                layer.fields.push_back({"depth_m_" + s.consequences.scenario, FieldType::real});
            const auto& first = area.scenarios.front().consequences.vital;
            for (std::size_t k = 0; k < first.size(); ++k) {
                const VitalResult& v = first[k];
                const auto& features = area.context.vital[v.layer].features;
                const auto found = std::find_if(features.begin(), features.end(),
                                                [&](const VectorFeature& f) { return f.index == v.feature; });
                FeatureRow row{found != features.end() ? found->wkt : std::string(),
                               {v.category, v.name,
                                v.partner >= 0 ? FieldValue(data.partners[static_cast<std::size_t>(v.partner)].id)
                                               : FieldValue()}};
                for (const ScenarioResult& s : area.scenarios) {
                    const auto& list = s.consequences.vital;
                    row.values.push_back(k < list.size() ? FieldValue(static_cast<double>(list[k].depth_m))
                                                         : FieldValue());
                }
                layer.rows.push_back(std::move(row));
            }
            layers.push_back(std::move(layer));
        }
    }
    const auto path = results.output_dir / "waternet.gpkg";
    write_geopackage(path, layers);
    written.push_back(path);
}

void write_styles(const std::filesystem::path& output_dir, std::vector<std::filesystem::path>& written) {
    for (const char* id : {"depth_m", "depth_regional_m", "velocity_m_per_s", "hazard", "duration_h",
                           "bluespot_depth_m", "depth_difference_m"}) {
        const auto path = output_dir / "styles" / (std::string(id) + ".qml");
        write_text_atomic(path, render::qgis_raster_style(render::legend(id)));
        written.push_back(path);
    }
}

// --- manifest for the viewer ------------------------------------------------------------------------------------

std::string posix_path(const std::filesystem::path& p) { return p.generic_string(); }

// What the result consists of, so that a reader can tell it from a mix of two runs: each run folder's manifest
// fingerprint (io/result_manifest.hpp) and the size of every other file written. stresstest.json is written last.
nlohmann::json integrity(const std::filesystem::path& output_dir, const StressTestReport& report,
                         const std::vector<std::filesystem::path>& written) {
    nlohmann::json runs = nlohmann::json::object();
    for (const auto* records : {&report.flood_runs, &report.bluespot_runs, &report.heat_runs})
        for (const RunRecord& r : *records) runs[posix_path(r.dir)] = result_fingerprint(output_dir / r.dir);
    nlohmann::json files = nlohmann::json::object();
    for (const std::filesystem::path& path : written)
        files[posix_path(std::filesystem::relative(path, output_dir))] = std::filesystem::file_size(path);
    return {{"runs", runs}, {"files", files}};
}

std::string lower_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

// Every area with what it can say: its detail, its model in words, its cells and (regional areas) the limitations
// note, in Dutch and English. The viewer names the model in every answer about a point (docs/viewer.md).
nlohmann::json areas_json(const StressTestResults& results) {
    using report::Language;
    nlohmann::json areas = nlohmann::json::array();
    for (const AreaResults& area : results.areas) {
        const ModelDescription model = area.area->model();
        nlohmann::json a = {
            {"id", area.area->id},
            {"name", area.area->name},
            {"detail", to_string(model.detail)},
            {"cell_size_m", model.model_cell_m},
            {"model", {{"nl", model_label(model, Language::nl)}, {"en", model_label(model, Language::en)}}},
            {"edges", area.area->free_edges ? "free" : "closed"},
            {"loss_mm_per_h", model.loss_mm_per_h ? nlohmann::json(*model.loss_mm_per_h) : nlohmann::json(nullptr)}};
        if (model.detail == AreaDetail::regional) {
            a["layer_name"] = {{"nl", regional_layer_name(Language::nl)}, {"en", regional_layer_name(Language::en)}};
            a["limitations"] = {{"nl", limitations_note(model, Language::nl)},
                                {"en", limitations_note(model, Language::en)}};
            a["not_computed"] = {{"nl", no_street_figures_reason(Language::nl)},
                                 {"en", no_street_figures_reason(Language::en)}};
        }
        areas.push_back(std::move(a));
    }
    for (const HeatResult& heat : results.heat) {
        const double cell_m = heat.pet_mean_c.spec().transform.cell_size_m;
        const ModelDescription model{heat.area->dsm.filename().string(), cell_m, cell_m, detail_for_cell_size(cell_m),
                                     std::nullopt};
        areas.push_back({{"id", heat.area->id},
                         {"name", heat.area->name},
                         {"detail", to_string(model.detail)},
                         {"cell_size_m", cell_m},
                         {"model", {{"nl", heat.area->name}, {"en", heat.area->name}}}});
    }
    return areas;
}

void write_manifest(const StressTestResults& results, const StressTestReport& report,
                    std::vector<std::filesystem::path>& written) {
    const RegionConfig& config = *results.config;
    const RegionData& data = *results.data;
    nlohmann::json manifest;
    manifest["region"] = {
        {"id", config.id}, {"name", config.name}, {"crs", "EPSG:28992"}, {"description", config.description}};
    manifest["software"] = {{"name", "waternet"}, {"version", kVersion}};
    manifest["created_utc"] = results.created_utc;
    nlohmann::json partners = nlohmann::json::array();
    for (const Partner& p : data.partners)
        partners.push_back({{"id", p.id},
                            {"name", p.name},
                            {"kind", to_string(p.kind)},
                            {"bbox", {p.outline.min_x, p.outline.min_y, p.outline.max_x, p.outline.max_y}},
                            {"report", "reports/" + p.file_name + ".html"}});
    manifest["partners"] = partners;
    manifest["areas"] = areas_json(results);
    nlohmann::json layers = nlohmann::json::array();
    for (const AreaResults& area : results.areas) {
        // A regional area's layers are named for what they can show (area_detail.hpp).
        const bool regional = area.area->detail == AreaDetail::regional;
        const std::string title_prefix = regional ? regional_layer_name(report::Language::nl) + ": " : "";
        for (const ScenarioResult& s : area.scenarios) {
            const RunRecord& run = *s.run;
            const std::string title_suffix =
                fmt::format("{} ({:.0f} mm){}", run.storm, run.rain_mm,
                            run.measures.empty() ? "" : ", met maatregelen " + run.measures);
            // The storm as the standard names it (amount, duration, how rare), from the storm table, so the viewer
            // can say "Korte hevige bui: 70 mm in 1 uur, eens per 100 jaar" instead of "T100" (docs/viewer.md).
            const RainSeries rain = standard_storm(run.storm, standard_storms_csv());
            const nlohmann::json storm = {
                {"id", run.storm},
                {"rain_mm", rain.total_depth_m() * 1e3},
                {"duration_h", rain.duration_s() / 3600.0},
                {"return_period_years", standard_storm_return_period_years(run.storm, standard_storms_csv())}};
            auto layer = [&](const std::string& kind, const std::string& file, const std::string& legend,
                             const std::string& title) {
                nlohmann::json l = {
                    {"id", area.area->id + "/" + run.scenario + "/" + kind},
                    {"theme", "flood"},
                    {"area", area.area->id},
                    {"scenario", run.scenario},
                    {"title", title_prefix + (regional ? lower_first(title) : title) + ", " + title_suffix},
                    {"legend", legend},
                    {"path", posix_path(run.dir / file)},
                    {"access", run.measures.empty() ? "public" : "partner"},
                    {"storm", storm}};
                return l;
            };
            nlohmann::json depth = layer("max_depth", "max_depth_m.tif", depth_legend_id(area.area->detail, "depth_m"),
                                         "Maximale waterdiepte");
            const auto frames_dir = results.output_dir / run.dir / "frames";
            std::error_code ec;
            if (std::filesystem::is_directory(frames_dir, ec)) {
                std::vector<std::filesystem::path> files;
                for (const auto& entry : std::filesystem::directory_iterator(frames_dir))
                    if (entry.path().extension() == ".tif" && entry.path().filename().string().front() != '.')
                        files.push_back(entry.path());
                std::sort(files.begin(), files.end());
                nlohmann::json frames = nlohmann::json::array();
                for (const auto& f : files) {
                    const std::string stem = f.stem().string();  // depth_0000300s
                    const double t = std::strtod(stem.substr(6).c_str(), nullptr);
                    frames.push_back({{"time_s", t}, {"path", posix_path(run.dir / "frames" / f.filename())}});
                }
                if (!frames.empty()) depth["frames"] = frames;
            }
            layers.push_back(depth);
            // A regional model's cells (25 m and coarser) average away the flow a person meets in a street: its
            // velocity and its hazard to people are not shown (the maps stay in the run's folder for modellers).
            if (!regional) {
                layers.push_back(
                    layer("max_velocity", "max_velocity_m_per_s.tif", "velocity_m_per_s", "Maximale stroomsnelheid"));
                layers.push_back(layer("max_hazard", "max_hazard.tif", "hazard",
                                       "Gevaar voor mensen: diepte × (snelheid + 0,5) + puinfactor (EA/Defra 2006)"));
            }
            nlohmann::json duration =
                layer("duration", "duration_above_" + cm(config.depth_thresholds_m.front()) + "_s.tif", "duration_h",
                      "Hoe lang water dieper dan " + cm(config.depth_thresholds_m.front()) + " staat");
            duration["threshold_m"] = config.depth_thresholds_m.front();  // the depth the duration counts above
            layers.push_back(duration);
        }
        if (!area.bluespots_dir.empty())
            layers.push_back(
                {{"id", area.area->id + "/bluespots"},
                 {"theme", "bluespots"},
                 {"area", area.area->id},
                 {"scenario", nullptr},
                 {"title", title_prefix + (regional ? "laagten in het hoogtemodel"
                                                    : "Blauwe plekken: laagten en hoe diep ze vol kunnen lopen")},
                 {"legend", depth_legend_id(area.area->detail, "bluespot_depth_m")},
                 {"path", posix_path(area.bluespots_dir / "filled_depth_m.tif")},
                 {"access", "public"}});
        layers.push_back({{"id", area.area->id + "/terrain"},
                          {"theme", "terrain"},
                          {"area", area.area->id},
                          {"scenario", nullptr},
                          {"title", "Hoogte, " + area.area->name},
                          {"legend", "hillshade"},
                          {"path", posix_path(std::filesystem::path("terrain") / (area.area->id + "_terrain_m.tif"))},
                          {"access", "public"}});
    }
    for (const HeatResult& heat : results.heat) {
        layers.push_back(
            {{"id", heat.area->id + "/heat/pet"},
             {"theme", "heat"},
             {"area", heat.area->id},
             {"scenario", heat.run->storm},
             {"title", "Gevoelstemperatuur (PET) 12-18 uur op " + heat.run->storm + ", " + heat.area->name},
             {"legend", "pet_c"},
             {"path", posix_path(heat.run->dir / "pet_mean_c.tif")},
             {"access", "public"}});
        layers.push_back({{"id", heat.area->id + "/terrain"},
                          {"theme", "terrain"},
                          {"area", heat.area->id},
                          {"scenario", nullptr},
                          {"title", "Hoogte, " + heat.area->name},
                          {"legend", "hillshade"},
                          {"path", posix_path(std::filesystem::path("terrain") / (heat.area->id + "_terrain_m.tif"))},
                          {"access", "public"}});
    }
    manifest["layers"] = layers;
    manifest["places"] = "places.geojson";
    manifest["indicators"] = "tables/partner_indicators.json";
    manifest["integrity"] = integrity(results.output_dir, report, written);
    write_text_atomic(results.output_dir / "stresstest.json", manifest.dump(2) + "\n");
    written.push_back(results.output_dir / "stresstest.json");
}

void write_places(const StressTestResults& results, std::vector<std::filesystem::path>& written) {
    const RegionData& data = *results.data;
    // Places to search: partners, neighbourhoods, named roads (one point per name and partner).
    nlohmann::json features = nlohmann::json::array();
    auto place = [&](const std::string& name, const std::string& kind, const std::string& partner, const XY& at) {
        features.push_back(
            {{"type", "Feature"},
             {"properties", {{"name", name}, {"kind", kind}, {"partner", partner}}},
             {"geometry",
              {{"type", "Point"}, {"coordinates", {std::round(at.x * 10) / 10, std::round(at.y * 10) / 10}}}}});
    };
    for (const Partner& p : data.partners) place(p.name, "municipality", p.id, p.outline.representative);
    for (const Neighbourhood& n : data.neighbourhoods)
        place(n.name, "neighbourhood", n.partner, n.outline.representative);
    std::set<std::pair<std::string, std::string>> streets;
    // Streets from the road layers as each area holds them (also in a regional area, which has no road figures).
    for (const AreaResults& area : results.areas)
        for (std::size_t l = 0; l < area.context.roads.size(); ++l)
            for (const VectorFeature& f : area.context.roads[l].features) {
                const auto name = f.attributes.find(results.config->roads[l].name_field);
                if (name == f.attributes.end() || name->second.empty()) continue;
                const GeoTransform& t = area.context.grid.transform;
                const index_t r = t.row_of(f.representative.y), c = t.col_of(f.representative.x);
                const std::int32_t zone =
                    area.context.grid.contains_cell(r, c) ? area.context.zones.municipality(r, c) : 0;
                const std::string partner = zone > 0 ? data.partners[static_cast<std::size_t>(zone - 1)].id : "";
                if (zone == 0 || !streets.insert({name->second, partner}).second) continue;
                place(name->second, "street", partner, f.representative);
            }
    const nlohmann::json places = {
        {"type", "FeatureCollection"},
        {"crs", {{"type", "name"}, {"properties", {{"name", "urn:ogc:def:crs:EPSG::28992"}}}}},
        {"features", features}};
    write_text_atomic(results.output_dir / "places.geojson", places.dump() + "\n");
    written.push_back(results.output_dir / "places.geojson");
}

// The terrain each area was modelled on (metres NAP, at the model's cells): the viewer's base map and its point
// query's ground level.
void write_terrains(const StressTestResults& results, std::vector<std::filesystem::path>& written) {
    auto write = [&](const std::string& id, const Grid<float>& terrain) {
        const auto path = results.output_dir / "terrain" / (id + "_terrain_m.tif");
        WriteOptions options;
        options.band_description = "terrain height at the model's cells";
        options.unit = "m";
        write_cog(path.string(), terrain.view(), terrain.spec(), options);
        written.push_back(path);
    };
    for (const AreaResults& area : results.areas) write(area.area->id, area.terrain_m);
    for (const HeatResult& heat : results.heat) write(heat.area->id, heat.terrain_m);
}

}  // namespace

void write_stresstest_outputs(const StressTestOptions& options, StressTestReport& report, FileHashes& hashes,
                              const PeakMemoryWatch& memory) {
    const auto start = Clock::now();
    const RegionConfig& config = report.config;
    StressTestResults results;
    results.config = &config;
    results.report = &report;
    results.output_dir = options.output_dir;
    results.created_utc = utc_now_iso8601();

    // The grid of each area, from its first run's map.
    std::vector<std::pair<std::string, GridSpec>> grids;
    for (const AreaConfig& area : config.areas)
        for (const RunRecord& run : report.flood_runs)
            if (run.area == area.id) {
                grids.emplace_back(area.id,
                                   raster_info((options.output_dir / run.dir / "max_depth_m.tif").string()).spec);
                break;
            }
    const RegionData data = load_region_data(config, grids);
    results.data = &data;
    report.partners = static_cast<int>(data.partners.size());
    const RegionLayers layers = read_region_layers(config);
    const std::filesystem::path damage_file =
        config.damage_table ? *config.damage_table : data_dir() / risk::kDefaultDamageTableFile;
    const risk::DamageTable damage = risk::DamageTable::load_csv(damage_file);

    for (const auto& [area_id, grid] : grids) {
        options.execution.throw_if_cancelled();
        const AreaConfig& area_config = config.area(area_id);
        AreaResults area;
        area.area = &area_config;
        for (const RunRecord& run : report.flood_runs) {
            if (run.area != area_id) continue;
            ScenarioResult s;
            s.run = &run;
            s.max_depth_m = read_raster((options.output_dir / run.dir / "max_depth_m.tif").string());
            area.scenarios.push_back(std::move(s));
        }
        // The modelled domain is where the terrain has data (building cells hold no water, but are inside).
        const Grid<float> terrain = load_terrain(area_config.terrain, area_config.resolution_m, "terrain");
        const auto uses = report.partner_data.building_uses.find(area_id);  // BAG as prepare_partner_data read it
        area.context = prepare_area(config, data, layers, area_config, grid, terrain.view(), damage,
                                    uses == report.partner_data.building_uses.end() ? nullptr : &uses->second);
        for (ScenarioResult& s : area.scenarios) {
            const MeasureSetConfig* measures = nullptr;
            for (const MeasureSetConfig& m : config.measures)
                if (m.id == s.run->measures) measures = &m;
            // The depth map read above is handed over in memory; only the duration map is read here.
            FloodMaps maps{std::move(s.max_depth_m), read_duration_h(options.output_dir / s.run->dir)};
            s.consequences = compute_consequences(
                config, data, measures ? with_measures(area.context, measures->path, terrain, damage) : area.context,
                s.run->scenario, maps, damage);
            s.max_depth_m = std::move(maps.max_depth_m);
        }
        for (const RunRecord& run : report.bluespot_runs)
            if (run.area == area_id) {
                area.bluespots_dir = run.dir;
                area.bluespots = read_bluespot_table(options.output_dir / run.dir / "bluespots.csv", area.context);
            }
        area.hillshade = render::hillshade(terrain.view(), grid.transform.cell_size_m);
        area.hillshade.spec() = terrain.spec();
        area.terrain_m = terrain;
        results.areas.push_back(std::move(area));
    }
    for (const RunRecord& run : report.heat_runs)
        for (const HeatAreaConfig& area : config.heat_areas)
            if (area.id == run.area) {
                HeatResult heat;
                heat.area = &area;
                heat.run = &run;
                heat.pet_mean_c = read_raster((options.output_dir / run.dir / "pet_mean_c.tif").string());
                heat.terrain_m = read_raster(area.dtm.string());
                heat.hillshade = render::hillshade(heat.terrain_m.view(), heat.terrain_m.spec().transform.cell_size_m);
                heat.hillshade.spec() = heat.terrain_m.spec();
                std::ifstream in(options.output_dir / run.dir / "heat_summary.json");
                heat.summary = nlohmann::json::parse(in, nullptr, false);
                results.heat.push_back(std::move(heat));
            }
    report.consequences_s = seconds_since(start);
    if (config.weather) {
        DroughtJob job;
        job.knmi = *config.weather;
        results.drought = run_drought_job(job);
    }

    const auto outputs_start = Clock::now();
    std::vector<std::filesystem::path>& written = report.written;
    write_consequence_files(results, written);
    write_tables(results, written);
    write_region_geopackage(results, written);
    write_styles(options.output_dir, written);
    write_terrains(results, written);
    write_comparisons(results, written);
    const report::Language language =
        options.report_language.value_or(config.report_language.value_or(report::Language::nl));
    for (std::size_t p = 0; p < data.partners.size(); ++p) {
        options.execution.throw_if_cancelled();
        const auto path =
            confined_to(options.output_dir, options.output_dir / "reports" / (data.partners[p].file_name + ".html"));
        write_text_atomic(path, partner_report_html(results, p, language));
        written.push_back(path);
        ++report.reports;
    }
    write_places(results, written);

    Provenance provenance;
    provenance.command_line = options.command_line;
    provenance.scenario = "stresstest " + config.id;
    provenance.add_input("region", config.file);
    for (const PartnerLayer& l : config.partner_layers) provenance.add_input("partners", l.path);
    if (config.key_figures) provenance.add_input("key_figures", config.key_figures->path);
    for (const NeighbourhoodLayer& l : config.neighbourhoods) provenance.add_input("neighbourhoods", l.path);
    for (const RoadLayer& l : config.roads) provenance.add_input("roads", l.path);
    for (const VitalLayer& l : config.vital) provenance.add_input("vital", l.path);
    nlohmann::json area_settings = nlohmann::json::object();
    for (const AreaConfig& a : config.areas) {
        area_settings[a.id] = {
            {"detail", to_string(a.detail)},
            {"edges", a.free_edges ? "free" : "closed"},
            {"loss_mm_per_h", a.loss_mm_per_h ? nlohmann::json(*a.loss_mm_per_h) : nlohmann::json(nullptr)},
            {"model_cell_m", a.model_cell_m},
            {"terrain_cell_m", a.terrain_cell_m}};
        provenance.add_input("terrain " + a.id, a.terrain);
        if (a.buildings) provenance.add_input("buildings " + a.id, *a.buildings);
        if (a.land_cover) provenance.add_input("land_cover " + a.id, *a.land_cover);
        if (a.bgt) provenance.add_input("bgt " + a.id, *a.bgt);
        if (a.bgt_classes) provenance.add_input("bgt_classes " + a.id, *a.bgt_classes);
        if (a.bag) provenance.add_input("bag " + a.id, *a.bag);
        if (a.bag_uses) provenance.add_input("bag_uses " + a.id, *a.bag_uses);
    }
    for (const MeasureSetConfig& m : config.measures) provenance.add_input("measures " + m.id, m.path);
    provenance.add_input("damage_table", damage_file);
    provenance.add_input("design_storms", standard_storms_csv());
    if (config.weather) provenance.add_input("weather", *config.weather);
    for (const HeatAreaConfig& h : config.heat_areas) {
        provenance.add_input("dsm " + h.id, h.dsm);
        provenance.add_input("dtm " + h.id, h.dtm);
    }
    nlohmann::json runs = nlohmann::json::array(), other_runs = nlohmann::json::array();
    for (const RunRecord& r : report.flood_runs)
        runs.push_back({{"area", r.area},
                        {"scenario", r.scenario},
                        {"dir", posix_path(r.dir)},
                        {"cached", r.cached},
                        {"elapsed_s", r.elapsed_s},
                        {"volume_error_relative", r.volume_error_relative},
                        {"peak_resident_bytes", r.peak_resident_bytes}});
    for (const auto* kind : {&report.bluespot_runs, &report.heat_runs})
        for (const RunRecord& r : *kind)
            other_runs.push_back({{"area", r.area},
                                  {"scenario", r.scenario},
                                  {"dir", posix_path(r.dir)},
                                  {"cached", r.cached},
                                  {"elapsed_s", r.elapsed_s},
                                  {"peak_resident_bytes", r.peak_resident_bytes}});
    // The consequences hold every area's grids at once: the cells of all of them.
    std::int64_t grid_cells = 0;
    for (const AreaResults& area : results.areas) grid_cells += area.context.grid.rows * area.context.grid.cols;
    for (const HeatResult& heat : results.heat) grid_cells += heat.pet_mean_c.spec().rows * heat.pet_mean_c.spec().cols;
    provenance.record_memory(memory, grid_cells);
    provenance.parameters = {{"runs", runs},
                             {"bluespot_and_heat_runs", other_runs},
                             {"areas", area_settings},
                             {"depth_thresholds_m", config.depth_thresholds_m},
                             {"facade_threshold_m", config.facade_threshold_m},
                             {"road_impassable_m", config.road_impassable_m},
                             {"damage_month", config.damage_month},
                             {"report_language", report::to_string(language)}};
    if (!report.partner_data.per_area.empty())  // what BGT and BAG gave, and what they could not map
        provenance.parameters["partner_data"] = {{"areas", report.partner_data.per_area},
                                                 {"warnings", report.partner_data.warnings}};
    provenance.parameters["data_choices"] = report.data_choices;  // weather, edges, losses, land cover per area
    write_provenance(options.output_dir / "provenance.json", provenance);
    written.push_back(options.output_dir / "provenance.json");
    write_manifest(results, report, written);  // last: it vouches for everything above
    (void)hashes;
    report.outputs_s = seconds_since(outputs_start);
}

}  // namespace wn
