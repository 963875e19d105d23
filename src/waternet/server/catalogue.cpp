#include "waternet/server/catalogue.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/io/point_transform.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/result_manifest.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/area_detail.hpp"
#include "waternet/render/hillshade.hpp"
#include "waternet/render/legend.hpp"

namespace wn::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::set<std::string, std::less<>> kThemes{"flood", "bluespots", "heat", "terrain"};
const std::set<std::string, std::less<>> kPartnerKinds{"municipality", "water_board", "demonstration"};

std::string required_string(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string() || it->get<std::string>().empty())
        throw InputError(fmt::format("stresstest.json: {} needs a non-empty text field \"{}\"", where, key));
    return it->get<std::string>();
}

std::string optional_string(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) throw InputError(fmt::format("stresstest.json: {}: \"{}\" must be text or null", where, key));
    return it->get<std::string>();
}

// A manifest path: relative, '/'-separated, no '..', no backslash or NUL (checked again on the file system).
void check_relative_path(const std::string& path, const std::string& where) {
    const bool bad = path.empty() || path.front() == '/' || path.find('\\') != std::string::npos ||
                     path.find('\0') != std::string::npos || path.find(':') != std::string::npos;
    bool dotdot = false;
    std::stringstream parts(path);
    for (std::string part; std::getline(parts, part, '/');) dotdot = dotdot || part == "..";
    if (bad || dotdot)
        throw InputError(
            fmt::format("stresstest.json: {}: path \"{}\" must be relative to the results folder, use '/' "
                        "and stay inside it (no '..')",
                        where, path));
}

// Terrain heights vary by a few metres in Twente: exaggerate coarse grids so the relief reads on the map.
double hillshade_z_factor(double cell_size_m) { return std::clamp(cell_size_m / 10.0, 1.0, 10.0); }

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

RasterData read_layer_raster(const fs::path& file, const Layer& layer) {
    RasterData data{read_raster(file.string())};
    require_metric_crs(data.values.spec(), "layer " + layer.id);
    if (layer.legend == "duration_h" && ends_with(layer.path, "_s.tif"))
        for (float& v : data.values.values()) v /= 3600.0f;
    return data;
}

std::vector<Place> read_places(const fs::path& file) {
    const VectorInfo info = vector_info(file.string());
    std::vector<PointFeature> points = read_points(file.string());
    // Places may be in RD New or (as GeoJSON usually is) in WGS 84: bring them to RD New.
    const PointTransform to_rd(info.crs_wkt, "", file.string() + ": the places");
    std::vector<Place> places;
    places.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        PointFeature& p = points[i];
        const auto name = p.attributes.find("name");
        if (name == p.attributes.end() || name->second.empty())
            throw InputError(fmt::format("{}: feature {} has no \"name\"", file.string(), i));
        Place place{name->second, p.attributes["kind"], p.attributes["partner"], p.x, p.y};
        if (!to_rd.apply(place.x, place.y))
            throw InputError(
                fmt::format("{}: feature {} ({}) cannot be transformed to RD New", file.string(), i, place.name));
        places.push_back(std::move(place));
    }
    return places;
}

// A text in Dutch and English: {"nl": "...", "en": "..."}; both empty when absent.
std::pair<std::string, std::string> both_languages(const json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_object())
        throw InputError(fmt::format("stresstest.json: {}: \"{}\" must be {{\"nl\": ..., \"en\": ...}}", where, key));
    return {optional_string(*it, "nl", where + "." + key), optional_string(*it, "en", where + "." + key)};
}

AreaInfo parse_area(const json& a, const std::string& where) {
    if (!a.is_object()) throw InputError("stresstest.json: " + where + " must be an object");
    AreaInfo area;
    area.id = required_string(a, "id", where);
    area.name = optional_string(a, "name", where);
    area.detail = required_string(a, "detail", where);
    try {
        parse_area_detail(area.detail);
    } catch (const InputError& e) {
        throw InputError(fmt::format("stresstest.json: {} ({}): detail {}", where, area.id, e.what()));
    }
    if (!a.contains("cell_size_m") || !a["cell_size_m"].is_number() || !(a["cell_size_m"].get<double>() > 0.0))
        throw InputError(
            fmt::format("stresstest.json: {} ({}): needs a positive number \"cell_size_m\"", where, area.id));
    area.cell_size_m = a["cell_size_m"].get<double>();
    std::tie(area.model_nl, area.model_en) = both_languages(a, "model", where);
    std::tie(area.limitations_nl, area.limitations_en) = both_languages(a, "limitations", where);
    return area;
}

double positive_number(const json& object, const char* key, const std::string& where, bool required) {
    const auto it = object.find(key);
    if (it == object.end() && !required) return 0.0;
    if (it == object.end() || !it->is_number() || !(it->get<double>() > 0.0))
        throw InputError(fmt::format("stresstest.json: {}: \"{}\" must be a number above 0", where, key));
    return it->get<double>();
}

// A flood layer's "storm": {"id", "rain_mm", "duration_h", "return_period_years" (optional)}.
StormInfo parse_storm(const json& s, const std::string& where) {
    if (!s.is_object())
        throw InputError("stresstest.json: " + where +
                         ": \"storm\" must be {\"id\", \"rain_mm\", \"duration_h\", ...}");
    return {required_string(s, "id", where + ".storm"), positive_number(s, "rain_mm", where + ".storm", true),
            positive_number(s, "duration_h", where + ".storm", true),
            positive_number(s, "return_period_years", where + ".storm", false)};
}

// An area the manifest does not describe, from the cells of one of its layers.
AreaInfo derived_area(const Layer& layer, double cell_size_m) {
    using report::Language;
    AreaInfo area;
    area.id = layer.area;
    area.name = layer.area;
    area.cell_size_m = cell_size_m;
    const ModelDescription model{"", cell_size_m, cell_size_m, detail_for_cell_size(cell_size_m), std::nullopt};
    area.detail = to_string(model.detail);
    const std::string cells = report::format_number(cell_size_m, cell_size_m < 1.0 ? 1 : 0, Language::nl);
    area.model_nl = fmt::format("rekengebied {} ({} m)", layer.area, cells);
    area.model_en = fmt::format("model area {} ({} m)", layer.area,
                                report::format_number(cell_size_m, cell_size_m < 1.0 ? 1 : 0, Language::en));
    area.limitations_nl =
        limitations_note({area.model_nl, cell_size_m, cell_size_m, model.detail, std::nullopt}, Language::nl);
    area.limitations_en =
        limitations_note({area.model_en, cell_size_m, cell_size_m, model.detail, std::nullopt}, Language::en);
    return area;
}

// "overlays": {"borders": [{"path", "layer", "kind", "name_field"}], "roads": [{"path", "layer", "name_field",
// "class_field"}]}: layer, name_field ("name") and class_field ("": every road) optional.
OverlaySources parse_overlays(const json& o) {
    if (!o.is_object())
        throw InputError("stresstest.json: \"overlays\" must be {\"borders\": [...], \"roads\": [...]}");
    OverlaySources out;
    for (const auto& [key, value] : o.items())
        if (key != "borders" && key != "roads")
            throw InputError("stresstest.json: overlays." + key + " is not known (borders, roads)");
    for (const char* group : {"borders", "roads"}) {
        if (!o.contains(group)) continue;
        if (!o[group].is_array()) throw InputError(fmt::format("stresstest.json: overlays.{} must be a list", group));
        for (std::size_t i = 0; i < o[group].size(); ++i) {
            const json& s = o[group][i];
            const std::string where = fmt::format("overlays.{}[{}]", group, i);
            if (!s.is_object()) throw InputError("stresstest.json: " + where + " must be an object");
            OverlaySource source;
            source.path = required_string(s, "path", where);
            check_relative_path(source.path, where);
            source.layer = optional_string(s, "layer", where);
            const std::string name_field = optional_string(s, "name_field", where);
            if (!name_field.empty()) source.name_field = name_field;
            if (std::string(group) == "borders") {
                source.kind = required_string(s, "kind", where);
                if (source.kind != "municipality" && source.kind != "neighbourhood")
                    throw InputError(fmt::format(
                        "stresstest.json: {}: kind \"{}\" is not municipality or neighbourhood", where, source.kind));
                out.borders.push_back(std::move(source));
            } else {
                source.kind = "road";
                source.class_field = optional_string(s, "class_field", where);
                out.roads.push_back(std::move(source));
            }
        }
    }
    return out;
}

}  // namespace

fs::path resolve_inside(const fs::path& root, std::string_view relative, std::string_view what) {
    check_relative_path(std::string(relative), std::string(what));
    const fs::path canonical_root = fs::weakly_canonical(root);
    const fs::path resolved = fs::weakly_canonical(canonical_root / fs::path(std::string(relative)));
    const auto [root_end, ignored] =
        std::mismatch(canonical_root.begin(), canonical_root.end(), resolved.begin(), resolved.end());
    if (root_end != canonical_root.end())
        throw InputError(fmt::format("{}: \"{}\" leads outside the results folder {}", what, relative, root.string()));
    return resolved;
}

Manifest parse_manifest(const json& m) {
    if (!m.is_object()) throw InputError("stresstest.json: the manifest must be a JSON object");
    Manifest out;
    if (!m.contains("region") || !m["region"].is_object())
        throw InputError("stresstest.json: needs a \"region\" object with \"id\" and \"name\"");
    out.region_id = required_string(m["region"], "id", "region");
    out.region_name = required_string(m["region"], "name", "region");
    out.crs = optional_string(m["region"], "crs", "region");
    if (!out.crs.empty() && out.crs != "EPSG:28992")
        throw InputError("stresstest.json: region.crs is " + out.crs +
                         "; the viewer serves RD New (EPSG:28992) results only");
    if (m.contains("software") && m["software"].is_object())
        out.software_version = optional_string(m["software"], "version", "software");

    if (m.contains("partners")) {
        if (!m["partners"].is_array()) throw InputError("stresstest.json: \"partners\" must be a list");
        for (std::size_t i = 0; i < m["partners"].size(); ++i) {
            const json& p = m["partners"][i];
            const std::string where = fmt::format("partners[{}]", i);
            if (!p.is_object()) throw InputError("stresstest.json: " + where + " must be an object");
            Partner partner;
            partner.id = required_string(p, "id", where);
            partner.name = required_string(p, "name", where);
            partner.kind = required_string(p, "kind", where);
            if (!kPartnerKinds.contains(partner.kind))
                throw InputError(
                    fmt::format("stresstest.json: {} ({}): kind \"{}\" is not one of municipality, "
                                "water_board, demonstration",
                                where, partner.id, partner.kind));
            if (p.contains("bbox")) {
                const json& b = p["bbox"];
                if (!b.is_array() || b.size() != 4 ||
                    !std::all_of(b.begin(), b.end(), [](const json& v) { return v.is_number(); }))
                    throw InputError("stresstest.json: " + where + ".bbox must be [min_x, min_y, max_x, max_y]");
                for (int k = 0; k < 4; ++k) partner.bbox[k] = b[k].get<double>();
                if (!(partner.bbox[0] < partner.bbox[2] && partner.bbox[1] < partner.bbox[3]))
                    throw InputError("stresstest.json: " + where + ".bbox must have min < max");
            }
            partner.report = optional_string(p, "report", where);
            if (!partner.report.empty()) check_relative_path(partner.report, where + ".report");
            out.partners.push_back(std::move(partner));
        }
    }

    if (!m.contains("layers") || !m["layers"].is_array() || m["layers"].empty())
        throw InputError("stresstest.json: needs a non-empty \"layers\" list");
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < m["layers"].size(); ++i) {
        const json& l = m["layers"][i];
        std::string where = fmt::format("layers[{}]", i);
        if (!l.is_object()) throw InputError("stresstest.json: " + where + " must be an object");
        Layer layer;
        layer.id = required_string(l, "id", where);
        where += " (" + layer.id + ")";
        if (!ids.insert(layer.id).second)
            throw InputError("stresstest.json: layer id \"" + layer.id + "\" is listed twice");
        if (layer.id.find_first_of("?#%\\ ") != std::string::npos || layer.id.find("..") != std::string::npos)
            throw InputError("stresstest.json: " + where + ": a layer id may not contain spaces, '..' or ?#%\\");
        layer.theme = required_string(l, "theme", where);
        if (!kThemes.contains(layer.theme))
            throw InputError("stresstest.json: " + where + ": theme \"" + layer.theme +
                             "\" is not one of flood, bluespots, heat, terrain");
        layer.area = optional_string(l, "area", where);
        layer.scenario = optional_string(l, "scenario", where);
        layer.title = optional_string(l, "title", where);
        if (layer.title.empty()) layer.title = layer.id;
        layer.legend = required_string(l, "legend", where);
        render::legend(layer.legend);  // InputError listing the valid ids
        layer.path = required_string(l, "path", where);
        check_relative_path(layer.path, where);
        const std::string access = l.contains("access") ? required_string(l, "access", where) : "public";
        if (access != "public" && access != "partner")
            throw InputError("stresstest.json: " + where + ": access \"" + access + "\" is not public or partner");
        layer.partner_only = access == "partner";
        if (l.contains("frames") && !l["frames"].is_null()) {
            if (!l["frames"].is_array()) throw InputError("stresstest.json: " + where + ": frames must be a list");
            for (const json& f : l["frames"]) {
                if (!f.is_object() || !f.contains("time_s") || !f["time_s"].is_number())
                    throw InputError("stresstest.json: " + where + ": every frame needs a numeric time_s and a path");
                Frame frame{f["time_s"].get<double>(), required_string(f, "path", where + " frame")};
                check_relative_path(frame.path, where + " frame");
                if (!layer.frames.empty() && frame.time_s <= layer.frames.back().time_s)
                    throw InputError("stresstest.json: " + where + ": frames must be in increasing time_s");
                layer.frames.push_back(std::move(frame));
            }
        }
        if (l.contains("storm") && !l["storm"].is_null()) layer.storm = parse_storm(l["storm"], where);
        if (l.contains("threshold_m") && !l["threshold_m"].is_null())
            layer.threshold_m = positive_number(l, "threshold_m", where, true);
        out.layers.push_back(std::move(layer));
    }
    if (m.contains("areas") && !m["areas"].is_null()) {
        if (!m["areas"].is_array()) throw InputError("stresstest.json: \"areas\" must be a list");
        for (std::size_t i = 0; i < m["areas"].size(); ++i)
            out.areas.push_back(parse_area(m["areas"][i], fmt::format("areas[{}]", i)));
    }
    out.places_path = optional_string(m, "places", "manifest");
    if (!out.places_path.empty()) check_relative_path(out.places_path, "places");
    out.indicators_path = optional_string(m, "indicators", "manifest");
    if (!out.indicators_path.empty()) check_relative_path(out.indicators_path, "indicators");
    if (m.contains("overlays") && !m["overlays"].is_null()) out.overlays = parse_overlays(m["overlays"]);
    return out;
}

// A stress test writes stresstest.json last, with the fingerprint of each run folder's manifest and the size of
// every other product (pipeline/stresstest_outputs.cpp, "integrity"); each run folder's files are checked against
// its manifest by size (hashes would take minutes on a region). A result that no longer matches is a mix of
// two runs (one stopped halfway, or one still running) and is not served. Results without the section (older
// versions, hand-made fixtures) are served as they are.
void check_integrity(const fs::path& root, const json& manifest) {
    if (!manifest.contains("integrity")) {
        spdlog::warn("{}: stresstest.json has no integrity section (an older version?); its files are not verified",
                     root.string());
        return;
    }
    auto refuse = [&](const std::string& what) {
        throw InputError(
            fmt::format("{}: the result is incomplete or mixed: {} since stresstest.json was written (a "
                        "stress test stopped halfway, or one still running?); run `waternet stresstest` "
                        "again to finish it",
                        root.string(), what));
    };
    const json& integrity = manifest["integrity"];
    const json runs = integrity.value("runs", json::object()), files = integrity.value("files", json::object());
    for (const auto& [dir, fingerprint] : runs.items()) {
        const fs::path run_dir = resolve_inside(root, dir, "integrity run");
        if (!fingerprint.is_string() || result_fingerprint(run_dir) != fingerprint.get<std::string>())
            refuse("run folder " + dir + " changed");
        if (const auto problem = result_problem(run_dir, /*check_hashes=*/false)) refuse(*problem);
    }
    for (const auto& [file, size] : files.items()) {
        std::error_code ec;
        const auto actual = fs::file_size(resolve_inside(root, file, "integrity file"), ec);
        if (ec || !size.is_number_unsigned() || actual != size.get<std::uintmax_t>()) refuse(file + " changed");
    }
}

Catalogue Catalogue::load(const fs::path& results_dir) {
    if (!fs::is_directory(results_dir))
        throw InputError(results_dir.string() + ": no such results folder (run `waternet stresstest` first)");
    const fs::path manifest_file = results_dir / "stresstest.json";
    std::ifstream in(manifest_file);
    if (!in) throw InputError(manifest_file.string() + ": not found; is this a `waternet stresstest` results folder?");
    json manifest_json;
    try {
        manifest_json = json::parse(in);
    } catch (const json::parse_error& e) {
        throw InputError(manifest_file.string() + ": not valid JSON: " + e.what());
    }

    Catalogue c;
    c.root_ = fs::weakly_canonical(results_dir);
    check_integrity(c.root_, manifest_json);
    c.manifest_ = parse_manifest(manifest_json);
    for (const Partner& p : c.manifest_.partners)
        if (!p.report.empty() && !fs::is_regular_file(resolve_inside(c.root_, p.report, "partner " + p.id)))
            throw InputError(fmt::format("partner {}: report {} is listed but missing", p.id, p.report));

    c.rasters_.reserve(c.manifest_.layers.size());
    for (std::size_t i = 0; i < c.manifest_.layers.size(); ++i) {
        const Layer& layer = c.manifest_.layers[i];
        c.layer_index_.emplace(layer.id, i);
        RasterData data = read_layer_raster(resolve_inside(c.root_, layer.path, "layer " + layer.id), layer);
        for (const Frame& f : layer.frames)
            if (!fs::is_regular_file(resolve_inside(c.root_, f.path, "layer " + layer.id + " frame")))
                throw InputError(fmt::format("layer {}: frame {} is listed but missing", layer.id, f.path));
        if (layer.legend == "hillshade") {
            const double cell = data.cell_size_m();
            RasterData shade{render::hillshade(data.values.view(), cell, 315, 45, hillshade_z_factor(cell))};
            shade.values.spec() = data.values.spec();
            c.terrain_heights_.emplace(i, std::move(data));
            data = std::move(shade);
        }
        c.rasters_.push_back(std::move(data));
        // The layer's area as the manifest describes it, or derived from the layer's cells.
        const auto described = std::find_if(c.manifest_.areas.begin(), c.manifest_.areas.end(),
                                            [&](const AreaInfo& a) { return a.id == layer.area; });
        c.layer_areas_.push_back(
            described != c.manifest_.areas.end() ? *described : derived_area(layer, c.rasters_.back().cell_size_m()));
    }

    if (!c.manifest_.places_path.empty())
        c.places_ = read_places(resolve_inside(c.root_, c.manifest_.places_path, "places"));
    c.overlays_ = load_overlays(c.root_, c.manifest_.overlays ? &*c.manifest_.overlays : nullptr, c.manifest_.partners,
                                c.places_);
    if (!c.manifest_.indicators_path.empty()) {
        const fs::path file = resolve_inside(c.root_, c.manifest_.indicators_path, "indicators");
        std::ifstream f(file);
        if (!f) throw InputError(file.string() + ": indicators file listed in the manifest but not found");
        try {
            c.indicators_ = json::parse(f);
        } catch (const json::parse_error& e) {
            throw InputError(file.string() + ": not valid JSON: " + e.what());
        }
        if (!c.indicators_.is_object())
            throw InputError(file.string() + ": must be an object {partner: {scenario: {indicator: value}}}");
    }
    return c;
}

const Layer* Catalogue::find_layer(std::string_view id) const {
    const auto it = layer_index_.find(id);
    return it == layer_index_.end() ? nullptr : &manifest_.layers[it->second];
}

const AreaInfo& Catalogue::area_of(const Layer& layer) const {
    return layer_areas_.at(layer_index_.find(layer.id)->second);
}

const RasterData& Catalogue::raster(const Layer& layer) const {
    return rasters_.at(layer_index_.find(layer.id)->second);
}

const RasterData* Catalogue::terrain_heights(const Layer& layer) const {
    const auto it = terrain_heights_.find(layer_index_.find(layer.id)->second);
    return it == terrain_heights_.end() ? nullptr : &it->second;
}

std::shared_ptr<const RasterData> Catalogue::frame(const Layer& layer, std::size_t index) const {
    if (index >= layer.frames.size())
        throw InputError(
            fmt::format("layer {} has {} frames; frame {} does not exist", layer.id, layer.frames.size(), index));
    const std::size_t layer_i = layer_index_.find(layer.id)->second;
    {
        std::lock_guard lock(frame_cache_->mutex);
        const auto it = frame_cache_->frames.find({layer_i, index});
        if (it != frame_cache_->frames.end()) return it->second;
    }
    // Read outside the lock (a frame takes milliseconds to read); a second reader of the same frame just
    // reads it too and the first stored copy wins.
    Layer frame_layer = layer;
    frame_layer.path = layer.frames[index].path;
    auto data = std::make_shared<const RasterData>(
        read_layer_raster(resolve_inside(root_, frame_layer.path, "layer " + layer.id + " frame"), frame_layer));
    std::lock_guard lock(frame_cache_->mutex);
    return frame_cache_->frames.emplace(std::pair{layer_i, index}, std::move(data)).first->second;
}

std::optional<fs::path> Catalogue::listed_report(std::string_view relative_path) const {
    for (const Partner& p : manifest_.partners)
        if (!p.report.empty() && p.report == relative_path) return resolve_inside(root_, p.report, "report");
    return std::nullopt;
}

}  // namespace wn::server
