#include "waternet/io/toml_text.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "waternet/core/error.hpp"

namespace wn {

toml::table parse_toml(std::string_view text, std::string_view source_name) {
    try {
        return toml::parse(text, std::string(source_name));
    } catch (const toml::parse_error& e) {
        throw InputError(fmt::format("{}:{}:{}: not valid TOML: {}", source_name, e.source().begin.line,
                                     e.source().begin.column, e.description()));
    }
}

std::optional<double> toml_number(const toml::node& node) {
    if (node.is_integer()) return static_cast<double>(**node.as_integer());
    if (node.is_floating_point()) return **node.as_floating_point();
    return std::nullopt;
}

TomlNumberCheck toml_number_in(const toml::node& node, double min, double max) {
    const std::optional<double> number = toml_number(node);
    if (!number) return {0.0, "must be a number"};
    if (!std::isfinite(*number) || *number < min || *number > max)
        return {*number, fmt::format("must be between {} and {} (got {})", min, max, *number)};
    return {*number, {}};
}

}  // namespace wn
