#include "waternet/pipeline/region_config.hpp"
#include "waternet/io/toml_text.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "waternet/core/error.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/text_file.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bag_use.hpp"
#include "waternet/pipeline/bgt_land_cover.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/flood_specs.hpp"

namespace wn {

std::string to_string(PartnerKind kind) {
    switch (kind) {
        case PartnerKind::municipality:
            return "municipality";
        case PartnerKind::water_board:
            return "water_board";
        case PartnerKind::demonstration:
            return "demonstration";
    }
    return "?";
}

std::filesystem::path default_region_file() { return data_dir() / "regions" / "twente.toml"; }

const AreaConfig& RegionConfig::area(const std::string& area_id) const {
    for (const AreaConfig& a : areas)
        if (a.id == area_id) return a;
    throw InputError("region '" + id + "' has no area '" + area_id + "'");
}

namespace {

// A TOML table being read: remembers which keys were used so that the rest (typos) can be reported, and
// formats every error as file:line:col: key: problem.
class Reader {
public:
    Reader(const toml::table& table, std::string path_prefix, const std::filesystem::path& file)
        : table_(table), prefix_(std::move(path_prefix)), file_(file) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& key, const std::string& problem) const {
        throw InputError(fmt::format("{}:{}:{}: {}: {}", file_.filename().string(), where.begin.line,
                                     where.begin.column, qualified(key), problem));
    }
    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        const toml::node* node = table_.get(key);
        fail(node ? node->source() : table_.source(), key, problem);
    }
    std::string qualified(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

    const toml::node* get(const std::string& key) {
        used_.insert(key);
        return table_.get(key);
    }
    bool has(const std::string& key) const { return table_.contains(key); }

    std::string text(const std::string& key, std::string fallback = {}) {
        const toml::node* node = get(key);
        if (!node) return fallback;
        if (!node->is_string()) fail(key, "must be text (in quotes)");
        return **node->as_string();
    }
    std::string required_text(const std::string& key) {
        if (!has(key)) fail(table_.source(), key, "is required");
        std::string value = text(key);
        if (value.empty()) fail(key, "must not be empty");
        return value;
    }
    double number(const std::string& key, double fallback, double min, double max) {
        const toml::node* node = get(key);
        if (!node) return fallback;
        const TomlNumberCheck number = toml_number_in(*node, min, max);
        if (!number.problem.empty()) fail(key, number.problem);
        return number.value;
    }
    bool boolean(const std::string& key, bool fallback) {
        const toml::node* node = get(key);
        if (!node) return fallback;
        if (!node->is_boolean()) fail(key, "must be true or false");
        return **node->as_boolean();
    }
    std::vector<std::string> texts(const std::string& key) {
        std::vector<std::string> out;
        const toml::node* node = get(key);
        if (!node) return out;
        const toml::array* array = node->as_array();
        if (!array) fail(key, "must be a list of texts, e.g. [\"a\", \"b\"]");
        for (const toml::node& item : *array) {
            if (!item.is_string()) fail(item.source(), key, "must be a list of texts");
            out.push_back(**item.as_string());
        }
        return out;
    }
    std::vector<double> numbers(const std::string& key, std::vector<double> fallback) {
        const toml::node* node = get(key);
        if (!node) return fallback;
        const toml::array* array = node->as_array();
        if (!array || array->empty()) fail(key, "must be a non-empty list of numbers");
        std::vector<double> out;
        for (const toml::node& item : *array) {
            const std::optional<double> number = toml_number(item);
            if (!number) fail(item.source(), key, "must be a list of numbers");
            out.push_back(*number);
        }
        return out;
    }
    // A path relative to the config file's folder; it must exist.
    std::filesystem::path file(const std::string& key) {
        const std::string given = required_text(key);
        return existing(key, given);
    }
    std::optional<std::filesystem::path> optional_file(const std::string& key) {
        if (!has(key)) return std::nullopt;
        return existing(key, required_text(key));
    }
    // A file, or a folder of them (AHN tiles, io/raster_mosaic.hpp; PDOK's unpacked BGT download).
    std::filesystem::path file_or_folder(const std::string& key) {
        std::filesystem::path path(required_text(key));
        if (path.is_relative()) path = file_.parent_path() / path;
        path = path.lexically_normal();
        if (path.filename().empty()) path = path.parent_path();  // "ahn/" names the folder ahn (reports show its name)
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) return path;
        return existing(key, required_text(key));
    }
    std::optional<std::filesystem::path> optional_file_or_folder(const std::string& key) {
        if (!has(key)) return std::nullopt;
        return file_or_folder(key);
    }
    // Runs `check` (which reads `key`'s file) and reports its InputError at the key's place in the region file.
    template <class Check>
    void checked(const std::string& key, Check&& check) const {
        try {
            check();
        } catch (const InputError& e) {
            fail(key, e.what());
        }
    }
    // Sub-tables and arrays of tables.
    std::vector<Reader> tables(const std::string& key) {
        std::vector<Reader> out;
        const toml::node* node = get(key);
        if (!node) return out;
        if (const toml::table* single = node->as_table()) {
            out.emplace_back(*single, qualified(key), file_);
            return out;
        }
        const toml::array* array = node->as_array();
        if (!array || !array->is_array_of_tables())
            fail(key, "must be a table ([" + key + "]) or a list of tables ([[" + key + "]])");
        int index = 0;
        for (const toml::node& item : *array)
            out.emplace_back(*item.as_table(), fmt::format("{}[{}]", qualified(key), index++), file_);
        return out;
    }
    std::optional<Reader> table(const std::string& key) {
        const toml::node* node = get(key);
        if (!node) return std::nullopt;
        if (!node->is_table()) fail(key, "must be a table ([" + key + "])");
        return Reader(*node->as_table(), qualified(key), file_);
    }
    // Every key not read is a typo or an unsupported setting.
    void finish() const {
        for (auto&& [key, node] : table_) {
            const std::string name(key.str());
            if (!used_.count(name))
                fail(key.source(), name, "unknown setting (check the spelling; see docs/region-config.md)");
        }
    }

private:
    std::filesystem::path existing(const std::string& key, const std::string& given) const {
        std::filesystem::path path(given);
        if (path.is_relative()) path = file_.parent_path() / path;
        path = path.lexically_normal();
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) fail(key, "file not found: " + path.string());
        try {
            require_regular_if_exists(path, "file");  // a folder, a FIFO or /dev/zero named as an input
        } catch (const InputError& e) {
            fail(key, e.what());
        }
        return path;
    }

    const toml::table& table_;
    std::string prefix_;
    std::filesystem::path file_;
    std::set<std::string> used_;
};

void check_id(Reader& r, const std::string& key, const std::string& id) {
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
            r.fail(key, "'" + id + "' may only use letters, digits, '-' and '_' (it names folders)");
}

std::vector<std::string> known_storms() { return standard_storm_names(); }

void check_storm(Reader& r, const std::string& key, const std::string& storm, const std::vector<std::string>& storms) {
    for (const auto& s : storms)
        if (s == storm) return;
    std::string list;
    for (const auto& s : storms) list += (list.empty() ? "" : ", ") + s;
    r.fail(key, "unknown storm '" + storm + "'; the standard storms are: " + list);
}

PartnerKind partner_kind(Reader& r, const std::string& key, const std::string& text) {
    if (text == "municipality") return PartnerKind::municipality;
    if (text == "water_board") return PartnerKind::water_board;
    r.fail(key, "must be \"municipality\" or \"water_board\" (got \"" + text + "\")");
}

// BGT and BAG as PDOK delivers them (pipeline/bgt_land_cover.hpp, pipeline/bag_use.hpp), with their mapping tables.
void read_partner_data_keys(Reader& a, AreaConfig& area) {
    area.bgt = a.optional_file_or_folder("bgt");
    area.bgt_classes = a.optional_file("bgt_classes");
    area.bag = a.optional_file("bag");
    area.bag_uses = a.optional_file("bag_uses");
    if (area.bgt && area.land_cover) a.fail("bgt", "give land_cover (a class raster) or bgt, not both");
    if (area.bgt_classes && !area.bgt) a.fail("bgt_classes", "needs bgt");
    if (area.bag_uses && !area.bag) a.fail("bag_uses", "needs bag");
    if (area.bag && !area.buildings && !area.bgt)
        a.fail("bag", "needs buildings (or bgt, whose panden are the buildings)");
    if (area.bgt) a.checked("bgt", [&] { bgt_flat_source(*area.bgt); });
    if (area.bgt_classes) a.checked("bgt_classes", [&] { read_bgt_mapping(*area.bgt_classes); });
    if (area.bag) a.checked("bag", [&] { require_bag_geopackage(*area.bag); });
}

// `edges` in the words of `waternet flood --edges` (pipeline/flood_specs.hpp), by default the default of every
// command. A stress test runs design storms on their own: an outside water level is for a single `waternet flood`.
EdgeKind read_area_edges(Reader& a) {
    const std::string text = a.text("edges", std::string(kDefaultEdgeSpec));
    const std::string choices = "must be \"free\" or \"closed\" (got \"" + text + "\")";
    if (text.starts_with("level:"))
        a.fail("edges", choices +
                            ": an outside water level is for `waternet flood --edges level:...`; a stress test "
                            "runs design storms on their own");
    try {
        return parse_edge_condition(text).kind;
    } catch (const InputError&) {
        a.fail("edges", choices);
    }
}

// The area's terrain is read as far as its header: a CRS it declares, cells the models can use, and a resolution
// that does not refine them; the buildings must lie on it. Checked here so that a wrong file is reported before the
// first of many runs, at its place in the region file.
void check_area_files(Reader& a, AreaConfig& area) {
    GridSpec grid;
    a.checked("terrain", [&] {
        grid = raster_info(area.terrain.string()).spec;
        const std::string name = "terrain " + area.terrain.string();
        require_known_crs(grid, name);  // declared, or named by --assume-crs
        require_model_cell_size(grid, name);
    });
    area.terrain_cell_m = grid.transform.cell_size_m;
    area.model_cell_m = area.resolution_m > 0.0 ? area.resolution_m : area.terrain_cell_m;
    if (area.resolution_m > 0.0 && area.resolution_m < grid.transform.cell_size_m * (1.0 - 1e-9))
        a.fail("resolution_m",
               fmt::format("{:g} m is finer than the terrain's {:g} m cells; refining adds no information, "
                           "use {:g} m or coarser",
                           area.resolution_m, grid.transform.cell_size_m, grid.transform.cell_size_m));
    if (area.buildings)
        a.checked("buildings", [&] { require_layer_overlaps(area.buildings->string(), grid, "buildings"); });
}

}  // namespace

RegionConfig read_region_config(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw InputError("region file not found: " + file.string());
    toml::table root = parse_toml(read_text_file(file, "region file", 16u << 20), file.filename().string());
    RegionConfig config;
    config.file = std::filesystem::absolute(file);
    Reader top(root, "", config.file);
    const std::vector<std::string> storms = known_storms();

    auto region = top.table("region");
    if (!region) top.fail(root.source(), "region", "is required: [region] with id and name");
    config.id = region->required_text("id");
    check_id(*region, "id", config.id);
    config.name = region->required_text("name");
    config.description = region->text("description");
    if (auto weather = region->optional_file("weather")) config.weather = *weather;
    if (region->has("language")) {
        const std::string language = region->required_text("language");
        region->checked("language",
                        [&] { config.report_language = report::parse_language(language, "the report language"); });
    }
    region->finish();

    for (Reader& p : top.tables("partners")) {
        PartnerLayer layer;
        layer.path = p.file("path");
        layer.kind = partner_kind(p, "kind", p.text("kind", "municipality"));
        layer.id_field = p.text("id_field");
        layer.name_field = p.text("name_field");
        layer.id = p.text("id");
        layer.name = p.text("name");
        const bool per_feature = !layer.id_field.empty() || !layer.name_field.empty();
        const bool fixed = !layer.id.empty() || !layer.name.empty();
        if (per_feature == fixed || (per_feature && (layer.id_field.empty() || layer.name_field.empty())) ||
            (fixed && (layer.id.empty() || layer.name.empty())))
            p.fail(
                "path",
                "give either id_field and name_field (one partner per feature) or id and name (the layer is one partner)");
        if (fixed) check_id(p, "id", layer.id);
        p.finish();
        config.partner_layers.push_back(std::move(layer));
    }
    if (config.partner_layers.empty())
        top.fail(root.source(), "partners", "at least one [[partners]] layer is required");

    if (auto k = top.table("key_figures")) {
        KeyFigures figures;
        figures.path = k->file("path");
        figures.partner_field = k->text("partner_field", figures.partner_field);
        figures.inhabitants_field = k->text("inhabitants_field", figures.inhabitants_field);
        figures.pct_65plus_field = k->text("pct_65plus_field", figures.pct_65plus_field);
        figures.density_field = k->text("density_field", figures.density_field);
        figures.source = k->text("source");
        k->finish();
        config.key_figures = figures;
    }
    for (Reader& n : top.tables("neighbourhoods")) {
        NeighbourhoodLayer layer;
        layer.path = n.file("path");
        layer.name_field = n.text("name_field", layer.name_field);
        layer.code_field = n.text("code_field");
        layer.partner = n.required_text("partner");
        n.finish();
        config.neighbourhoods.push_back(std::move(layer));
    }
    for (Reader& r : top.tables("roads")) {
        RoadLayer layer;
        layer.path = r.file("path");
        layer.class_field = r.text("class_field", layer.class_field);
        layer.name_field = r.text("name_field", layer.name_field);
        layer.skip_classes = r.texts("skip_classes");
        r.finish();
        config.roads.push_back(std::move(layer));
    }
    for (Reader& v : top.tables("vital")) {
        VitalLayer layer;
        layer.path = v.file("path");
        layer.category_field = v.text("category_field", layer.category_field);
        layer.name_field = v.text("name_field", layer.name_field);
        layer.partner_only = v.boolean("partner_only", true);
        v.finish();
        config.vital.push_back(std::move(layer));
    }

    if (auto t = top.table("thresholds")) {
        config.depth_thresholds_m = t->numbers("depth_m", config.depth_thresholds_m);
        for (std::size_t k = 0; k < config.depth_thresholds_m.size(); ++k) {
            const double d = config.depth_thresholds_m[k];
            if (!(d > 0.0 && d < 10.0))
                t->fail("depth_m", fmt::format("thresholds must be between 0 and 10 m (got {})", d));
            if (k > 0 && d <= config.depth_thresholds_m[k - 1]) t->fail("depth_m", "thresholds must increase");
        }
        config.facade_threshold_m = t->number("facade_m", config.facade_threshold_m, 0.001, 10.0);
        config.road_impassable_m = t->number("road_impassable_m", config.road_impassable_m, 0.001, 10.0);
        t->finish();
    }
    if (auto m = top.table("model")) {
        config.after_rain_s = m->number("after_rain_s", config.after_rain_s, 0.0, 7 * 86400.0);
        config.exchange_interval_s = m->number("exchange_interval_s", config.exchange_interval_s, 0.1, 3600.0);
        config.frame_interval_s = m->number("frame_interval_s", config.frame_interval_s, 10.0, 86400.0);
        config.roofs = m->text("roofs", config.roofs);
        if (config.roofs != "sewer" && config.roofs != "ground") m->fail("roofs", "must be \"sewer\" or \"ground\"");
        m->finish();
    }
    if (auto b = top.table("bluespots")) {
        config.bluespot_storm = b->text("storm", config.bluespot_storm);
        check_storm(*b, "storm", config.bluespot_storm, storms);
        config.bluespot_loss_mm_per_h = b->number("loss_mm_per_h", 0.0, 0.0, 1000.0);
        b->finish();
    }
    if (auto d = top.table("damage")) {
        config.damage_table = d->optional_file("table");
        config.damage_month = static_cast<int>(d->number("month", config.damage_month, 1, 12));
        d->finish();
    }

    std::set<std::string> area_ids;
    for (Reader& a : top.tables("areas")) {
        AreaConfig area;
        area.id = a.required_text("id");
        check_id(a, "id", area.id);
        if (!area_ids.insert(area.id).second) a.fail("id", "area '" + area.id + "' is defined twice");
        area.name = a.required_text("name");
        area.terrain = a.file_or_folder("terrain");
        area.resolution_m = a.number("resolution_m", 0.0, 0.0, 10000.0);
        area.buildings = a.optional_file("buildings");
        area.land_cover = a.optional_file("land_cover");
        read_partner_data_keys(a, area);
        area.default_cover = a.text("default_cover", area.default_cover);
        try {
            cover_class_by_name(area.default_cover);
        } catch (const InputError& e) {
            a.fail("default_cover", e.what());
        }
        area.cover_note = a.text("cover_note");
        area.scenarios = a.texts("scenarios");
        if (area.scenarios.empty())
            a.fail("scenarios", "list at least one storm, e.g. [\"T100\", \"T250\", \"T1000\"]");
        std::set<std::string> seen;
        for (const auto& s : area.scenarios) {
            check_storm(a, "scenarios", s, storms);
            if (!seen.insert(s).second) a.fail("scenarios", "storm '" + s + "' is listed twice");
        }
        area.bluespots = a.boolean("bluespots", true);
        area.frames = a.boolean("frames", false);
        area.demonstration = a.boolean("demonstration", false);
        area.demonstration_name = a.text("demonstration_name", area.demonstration ? area.name : "");
        area.terrain_name = a.text("terrain_name", area.terrain.filename().string());
        area.free_edges = read_area_edges(a) == EdgeKind::free_outflow;
        const bool detail_given = a.has("detail");
        const std::string detail = a.text("detail");
        if (a.has("loss_mm_per_h")) area.loss_mm_per_h = a.number("loss_mm_per_h", 0.0, 0.0, 1000.0);
        a.finish();
        check_area_files(a, area);
        area.detail = detail_for_cell_size(area.model_cell_m);  // the documented default (area_detail.hpp)
        if (detail_given) a.checked("detail", [&] { area.detail = parse_area_detail(detail); });
        if (area.detail == AreaDetail::regional && !area.loss_mm_per_h) area.loss_mm_per_h = kNationalMapLossMmPerH;
        config.areas.push_back(std::move(area));
    }
    if (config.areas.empty()) top.fail(root.source(), "areas", "at least one [[areas]] is required");

    for (Reader& m : top.tables("measures")) {
        MeasureSetConfig set;
        set.id = m.required_text("id");
        check_id(m, "id", set.id);
        set.name = m.text("name", set.id);
        set.area = m.required_text("area");
        if (!area_ids.count(set.area)) m.fail("area", "no area with id '" + set.area + "'");
        set.path = m.file("path");
        set.scenarios = m.texts("scenarios");
        if (set.scenarios.empty()) m.fail("scenarios", "list the storms to run with these measures");
        const AreaConfig& area = config.area(set.area);
        for (const auto& s : set.scenarios)
            if (std::find(area.scenarios.begin(), area.scenarios.end(), s) == area.scenarios.end())
                m.fail("scenarios", "area '" + set.area + "' does not run storm '" + s + "'");
        m.finish();
        m.checked("path", [&] {
            require_layer_overlaps(set.path.string(), raster_info(area.terrain.string()).spec, "measures");
        });
        config.measures.push_back(std::move(set));
    }
    for (Reader& h : top.tables("heat_areas")) {
        HeatAreaConfig heat;
        heat.id = h.required_text("id");
        check_id(h, "id", heat.id);
        if (area_ids.count(heat.id)) h.fail("id", "'" + heat.id + "' is already an area id");
        heat.name = h.required_text("name");
        heat.dsm = h.file_or_folder("dsm");
        heat.dtm = h.file_or_folder("dtm");
        heat.land_cover = h.optional_file_or_folder("land_cover");
        heat.buildings = h.optional_file("buildings");
        heat.demonstration = h.boolean("demonstration", false);
        try {
            heat.day = parse_heat_day(h.text("day", "reference"), "value");
        } catch (const InputError& e) {
            h.fail("day", e.what());
        }
        if (!config.weather) h.fail("id", "a heat area needs the region's weather file ([region] weather = ...)");
        h.finish();
        config.heat_areas.push_back(std::move(heat));
    }
    top.finish();
    return config;
}

}  // namespace wn
