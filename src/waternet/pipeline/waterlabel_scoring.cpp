#include "waternet/pipeline/waterlabel_scoring.hpp"

#include <fmt/format.h>

#include "waternet/core/error.hpp"
#include "waternet/io/text_file.hpp"
#include "waternet/io/toml_text.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn {

std::filesystem::path default_waterlabel_scoring_toml() { return data_dir() / "waterlabel" / "scoring.toml"; }

namespace {

double number_at(const toml::table& table, const std::string& key, const std::string& where) {
    const toml::node* node = table.get(key);
    if (!node) throw InputError(fmt::format("{}: no '{}' (a number)", where, key));
    if (const auto v = node->value<double>()) return *v;
    throw InputError(fmt::format("{}: '{}' must be a number", where, key));
}

}  // namespace

risk::WaterlabelScoring read_waterlabel_scoring(const std::filesystem::path& path) {
    const toml::table root = parse_toml(read_text_file(path, "waterlabel scoring file", 1u << 20), path.string());
    const std::string file = path.string();
    const toml::table* storage = root["storage"].as_table();
    if (!storage) throw InputError(file + ": no [storage] table (roof_mm, green_roof_mm, paved_mm, garden_mm)");
    risk::WaterlabelScoring s;
    const std::string in_storage = file + " [storage]";
    s.roof_mm = number_at(*storage, "roof_mm", in_storage);
    s.green_roof_mm = number_at(*storage, "green_roof_mm", in_storage);
    s.paved_mm = number_at(*storage, "paved_mm", in_storage);
    s.garden_mm = number_at(*storage, "garden_mm", in_storage);
    const toml::array* labels = root["labels"].as_array();
    if (!labels) throw InputError(file + ": no [[labels]] (label, min_mm), best first");
    for (std::size_t i = 0; i < labels->size(); ++i) {
        const toml::table* t = (*labels)[i].as_table();
        const std::string where = fmt::format("{} [[labels]] {}", file, i + 1);
        if (!t) throw InputError(where + ": not a table");
        const auto name = (*t)["label"].value<std::string>();
        if (!name) throw InputError(where + ": no 'label' (text)");
        s.labels.push_back({*name, number_at(*t, "min_mm", where)});
    }
    try {
        risk::validate_scoring(s);
    } catch (const InputError& e) {
        throw InputError(file + ": " + e.what());
    }
    return s;
}

}  // namespace wn
