#include "waternet/server/overlays.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "waternet/core/error.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/server/catalogue.hpp"

namespace wn::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kStressTestGeoPackage = "waternet.gpkg";

double tenth(double v) { return std::round(v * 10.0) / 10.0; }

json line_coordinates(const std::vector<XY>& part) {
    json line = json::array();
    for (const XY& p : part) line.push_back({tenth(p.x), tenth(p.y)});
    return line;
}

json feature_collection(json features) {
    return {{"type", "FeatureCollection"},
            {"crs", {{"type", "name"}, {"properties", {{"name", "urn:ogc:def:crs:EPSG::28992"}}}}},
            {"features", std::move(features)}};
}

std::string attribute(const VectorFeature& f, const std::string& field) {
    const auto it = f.attributes.find(field);
    return it == f.attributes.end() ? std::string() : it->second;
}

// Outlines of the polygons (every ring) or the lines of a source, as MultiLineStrings; `keep` decides per feature.
template <class Keep, class Properties>
void add_lines(const std::vector<VectorFeature>& features, json& out, std::set<std::string>& seen, Keep&& keep,
               Properties&& properties) {
    for (const VectorFeature& f : features) {
        if (f.kind != GeometryKind::polygon && f.kind != GeometryKind::line) continue;
        if (!keep(f) || !seen.insert(f.wkt).second) continue;
        json lines = json::array();
        for (const auto& part : f.parts)
            if (part.size() >= 2) lines.push_back(line_coordinates(part));
        out.push_back({{"type", "Feature"},
                       {"properties", properties(f)},
                       {"geometry", {{"type", "MultiLineString"}, {"coordinates", std::move(lines)}}}});
    }
}

std::vector<VectorFeature> read_source(const fs::path& root, const OverlaySource& s) {
    const fs::path file = resolve_inside(root, s.path, "overlay");
    if (!fs::is_regular_file(file))
        throw InputError(fmt::format("stresstest.json: overlay {} is listed but missing", s.path));
    return read_features(file.string(), "", s.layer);
}

// What waternet.gpkg offers: the partners (municipalities only), the neighbourhoods, every area's roads.
OverlaySources discovered_sources(const fs::path& root) {
    OverlaySources found;
    const fs::path gpkg = root / kStressTestGeoPackage;
    if (!fs::is_regular_file(gpkg)) return found;
    for (const std::string& layer : vector_layer_names(gpkg.string())) {
        if (layer == "partners") found.borders.push_back({kStressTestGeoPackage, layer, "municipality", "name", ""});
        if (layer == "neighbourhoods")
            found.borders.push_back({kStressTestGeoPackage, layer, "neighbourhood", "name", ""});
        if (layer.starts_with("roads_")) found.roads.push_back({kStressTestGeoPackage, layer, "road", "name", "class"});
    }
    return found;
}

}  // namespace

bool is_drivable_road_class(std::string_view c) {
    static const std::set<std::string_view> drivable{
        "motorway",       "motorway_link", "trunk",         "trunk_link",   "primary",     "primary_link",  "secondary",
        "secondary_link", "tertiary",      "tertiary_link", "unclassified", "residential", "living_street", "road"};
    return drivable.contains(c);
}

Overlays load_overlays(const fs::path& root, const OverlaySources* explicit_sources,
                       const std::vector<Partner>& partners, const std::vector<Place>& places) {
    const OverlaySources sources = explicit_sources ? *explicit_sources : discovered_sources(root);
    // A source of waternet.gpkg that cannot be read is left out; one the manifest lists must be readable.
    auto read = [&](const OverlaySource& s) -> std::vector<VectorFeature> {
        if (explicit_sources) return read_source(root, s);
        try {
            return read_source(root, s);
        } catch (const InputError& e) {
            spdlog::warn("map overlay {} left out: {}", s.layer, e.what());
            return {};
        }
    };
    // The stress test's partners layer also holds water boards: a border is drawn only for a municipality.
    auto is_municipality = [&](const VectorFeature& f) {
        if (explicit_sources || partners.empty()) return true;
        const std::string id = attribute(f, "id");
        for (const Partner& p : partners)
            if (p.id == id) return p.kind == "municipality";
        return false;
    };
    Overlays out;
    json borders = json::array(), roads = json::array(), names = json::array();
    std::set<std::string> seen_roads;  // a road in two areas' layers is drawn once; borders are never merged
    for (const OverlaySource& s : sources.borders) {
        std::set<std::string> seen;
        add_lines(
            read(s), borders, seen,
            [&](const VectorFeature& f) { return s.kind != "municipality" || is_municipality(f); },
            [&](const VectorFeature& f) {
                return json{{"name", attribute(f, s.name_field)}, {"kind", s.kind}};
            });
    }
    for (const OverlaySource& s : sources.roads)
        add_lines(
            read(s), roads, seen_roads,
            [&](const VectorFeature& f) {
                return s.class_field.empty() || !f.attributes.contains(s.class_field) ||
                       is_drivable_road_class(attribute(f, s.class_field));
            },
            [&](const VectorFeature& f) {
                return json{{"name", attribute(f, s.name_field)}, {"class", attribute(f, s.class_field)}};
            });
    for (const Place& p : places)
        if (p.kind == "municipality" || p.kind == "neighbourhood")
            names.push_back({{"type", "Feature"},
                             {"properties", {{"name", p.name}, {"kind", p.kind}}},
                             {"geometry", {{"type", "Point"}, {"coordinates", {tenth(p.x), tenth(p.y)}}}}});
    // Names from the data may hold bytes that are not UTF-8: replaced rather than failing the start.
    auto text = [](json features) {
        return features.empty()
                   ? std::string()
                   : feature_collection(std::move(features)).dump(-1, ' ', false, json::error_handler_t::replace);
    };
    out.borders = text(std::move(borders));
    out.roads = text(std::move(roads));
    out.places = text(std::move(names));
    return out;
}

}  // namespace wn::server
