#include "waternet/pipeline/water_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "waternet/core/error.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/io/text_file.hpp"
#include "waternet/io/toml_text.hpp"

namespace wn {

namespace {

// One rule table: every key read is remembered, so that the rest (typos) can be refused with its line.
class RuleTable {
public:
    RuleTable(const toml::table& table, std::string name, std::string file)
        : table_(table), name_(std::move(name)), file_(std::move(file)) {}

    [[noreturn]] void fail(const toml::source_region& where, const std::string& key, const std::string& problem) const {
        throw InputError(
            fmt::format("{}:{}:{}: {}.{}: {}", file_, where.begin.line, where.begin.column, name_, key, problem));
    }
    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        const toml::node* node = table_.get(key);
        fail(node ? node->source() : table_.source(), key, problem);
    }
    std::string origin() const { return fmt::format("{}:{}", file_, table_.source().begin.line); }

    std::optional<double> number(const std::string& key, double min, double max) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        const TomlNumberCheck number = toml_number_in(*node, min, max);
        if (!number.problem.empty()) fail(key, number.problem);
        return number.value;
    }
    double required_number(const std::string& key, double min, double max) {
        const auto value = number(key, min, max);
        if (!value) fail(table_.source(), key, "is required");
        return *value;
    }
    std::optional<std::string> text(const std::string& key) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return std::nullopt;
        if (!node->is_string() || (**node->as_string()).empty()) fail(key, "must be a text (in quotes), not empty");
        return **node->as_string();
    }
    std::string storm(const std::string& key, const std::string& fallback) {
        const std::string name = text(key).value_or(fallback);
        check_storm(key, name);
        return name;
    }
    std::vector<std::string> storms(const std::string& key, std::vector<std::string> fallback) {
        used_.insert(key);
        const toml::node* node = table_.get(key);
        if (!node) return fallback;
        const toml::array* array = node->as_array();
        if (!array || array->empty()) fail(key, "must be a non-empty list of storm names, e.g. [\"T100\", \"T1000\"]");
        std::vector<std::string> out;
        for (const toml::node& item : *array) {
            if (!item.is_string()) fail(item.source(), key, "must be a list of storm names");
            out.push_back(**item.as_string());
            check_storm(key, out.back());
        }
        return out;
    }
    // Every rule says where it comes from: the article and the version of the rules.
    RuleSource source() {
        RuleSource s;
        const auto text_value = text("source");
        if (!text_value) fail(table_.source(), "source", "is required: the article and document the rule comes from");
        const auto version = text("version");
        if (!version) fail(table_.source(), "version", "is required: the version (date) of the rules");
        s.text = *text_value;
        s.version = *version;
        s.origin = origin();
        return s;
    }
    void finish() const {
        for (auto&& [key, node] : table_) {
            const std::string name(key.str());
            if (!used_.count(name))
                fail(key.source(), name, "unknown setting (check the spelling; see docs/plancheck.md)");
        }
    }

private:
    void check_storm(const std::string& key, const std::string& name) const {
        const std::vector<std::string> known = standard_storm_names();
        const bool found = std::any_of(known.begin(), known.end(), [&](const std::string& k) {
            return std::equal(k.begin(), k.end(), name.begin(), name.end(),
                              [](char a, char b) { return std::tolower(a) == std::tolower(b); });
        });
        if (!found) fail(key, fmt::format("unknown storm '{}'; known: {}", name, fmt::join(known, ", ")));
    }

    const toml::table& table_;
    std::string name_;
    std::string file_;
    std::set<std::string> used_;
};

// Reads one [[water_rules]] entry into `rules`, replacing the rules it sets (a municipality over the default).
void read_entry(const toml::table& entry, const std::string& name, const std::string& file, WaterRules& rules) {
    RuleTable top(entry, name, file);
    top.text("municipality");
    auto sub = [&](const std::string& key) -> std::optional<RuleTable> {
        const toml::node* node = entry.get(key);
        if (!node) return std::nullopt;
        if (!node->is_table()) top.fail(key, "must be a table ([water_rules." + key + "])");
        return RuleTable(*node->as_table(), name + "." + key, file);
    };
    std::set<std::string> rule_keys{"municipality"};
    if (auto t = sub("storage")) {
        rule_keys.insert("storage");
        StorageRule r;
        r.mm = t->required_number("mm", 0.1, 1000.0);
        r.from_m2 = t->number("from_m2", 0.0, 1e7).value_or(0.0);
        r.source = t->source();
        t->finish();
        rules.storage = r;
    }
    if (auto t = sub("floor_level")) {
        rule_keys.insert("floor_level");
        FloorLevelRule r;
        r.freeboard_m = t->number("freeboard_m", 0.0, 5.0);
        r.storm = t->storm("storm", "T100");
        r.above_street_m = t->number("above_street_m", 0.0, 5.0);
        if (!r.freeboard_m && !r.above_street_m)
            t->fail(entry.get("floor_level")->source(), "freeboard_m",
                    "a floor-level rule needs freeboard_m (above the water level) or above_street_m (or both)");
        r.source = t->source();
        t->finish();
        rules.floor_level = r;
    }
    if (auto t = sub("facade")) {
        rule_keys.insert("facade");
        FacadeRule r;
        r.max_depth_m = t->required_number("max_depth_m", 0.0, 5.0);
        r.storm = t->storm("storm", "T100");
        r.source = t->source();
        t->finish();
        rules.facade = r;
    }
    if (auto t = sub("neighbours")) {
        rule_keys.insert("neighbours");
        NeighbourRule r;
        r.extra_depth_m = t->required_number("extra_depth_m", 0.0, 5.0);
        r.extra_volume_m3 = t->required_number("extra_volume_m3", 0.0, 1e6);
        r.storms = t->storms("storms", {"T100"});
        r.source = t->source();
        t->finish();
        rules.neighbours = r;
    }
    if (auto t = sub("runoff")) {
        rule_keys.insert("runoff");
        RunoffRule r;
        r.max_l_per_s_per_ha = t->required_number("max_l_per_s_per_ha", 0.01, 1000.0);
        r.source = t->source();
        t->finish();
        rules.runoff = r;
    }
    for (auto&& [key, node] : entry)
        if (!rule_keys.count(std::string(key.str())))
            top.fail(key.source(), std::string(key.str()),
                     "unknown rule (storage, floor_level, facade, neighbours or runoff; see docs/plancheck.md)");
}

}  // namespace

std::vector<std::string> WaterRules::storms() const {
    std::vector<std::string> out;
    auto add = [&](const std::string& s) {
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    if (facade) add(facade->storm);
    if (floor_level && floor_level->freeboard_m) add(floor_level->storm);
    if (neighbours)
        for (const auto& s : neighbours->storms) add(s);
    return out;
}

WaterRules parse_water_rules(std::string_view text, const std::string& source_name, const std::string& municipality) {
    const toml::table root = parse_toml(text, source_name);
    const toml::node* list = root.get("water_rules");
    if (!list || !list->is_array_of_tables())
        throw InputError(source_name + ": needs [[water_rules]] tables (one with municipality = \"default\")");
    for (auto&& [key, node] : root)
        if (key.str() != "water_rules")
            throw InputError(fmt::format("{}:{}:{}: {}: unknown setting (only [[water_rules]] tables)", source_name,
                                         key.source().begin.line, key.source().begin.column, key.str()));
    const std::string wanted = municipality.empty() ? "default" : municipality;
    const toml::table* fallback = nullptr;
    const toml::table* own = nullptr;
    std::set<std::string> seen;
    int index = 0;
    for (const toml::node& item : *list->as_array()) {
        const toml::table& entry = *item.as_table();
        const toml::node* code = entry.get("municipality");
        const std::string name = fmt::format("water_rules[{}]", index++);
        if (!code || !code->is_string() || (**code->as_string()).empty())
            throw InputError(
                fmt::format("{}:{}:{}: {}.municipality: is required (a CBS code such as \"GM0879\", or "
                            "\"default\")",
                            source_name, entry.source().begin.line, entry.source().begin.column, name));
        const std::string id = **code->as_string();
        if (!seen.insert(id).second)
            throw InputError(fmt::format("{}:{}:{}: {}.municipality: '{}' has two [[water_rules]] tables", source_name,
                                         code->source().begin.line, code->source().begin.column, name, id));
        if (id == "default") fallback = &entry;
        if (id == wanted) own = &entry;
        WaterRules scratch;  // every table is validated, not only the one asked for
        read_entry(entry, name, source_name, scratch);
    }
    if (!fallback)
        throw InputError(source_name + ": no [[water_rules]] with municipality = \"default\" (the regional default)");
    if (!own && wanted != "default")
        throw InputError(fmt::format("{}: no [[water_rules]] for municipality '{}' (known: {})", source_name, wanted,
                                     fmt::join(seen, ", ")));
    WaterRules rules;
    rules.municipality = wanted;
    read_entry(*fallback, "water_rules", source_name, rules);
    if (own && own != fallback) read_entry(*own, "water_rules", source_name, rules);
    return rules;
}

WaterRules read_water_rules(const std::filesystem::path& path, const std::string& municipality) {
    return parse_water_rules(read_text_file(path, "water rules file"), path.filename().string(), municipality);
}

}  // namespace wn
