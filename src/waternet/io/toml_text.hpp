// TOML documents people hand in (region files, services files, the server configuration): one parser call, one
// message for a syntax error, so every TOML input reports it the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace wn {

// The parsed document; a syntax error is an InputError "<source_name>:<line>:<column>: not valid TOML: <why>".
toml::table parse_toml(std::string_view text, std::string_view source_name);

// A TOML integer or floating-point value as a double; nullopt for any other kind of value (the caller's message
// names the key and what it must be).
std::optional<double> toml_number(const toml::node& node);

// The same, required to be finite and within [min, max]. problem is empty when the value is good, otherwise the
// message's tail for the caller to put after the key ("must be a number", "must be between 0 and 5 (got 7)").
struct TomlNumberCheck {
    double value = 0.0;
    std::string problem;
};
TomlNumberCheck toml_number_in(const toml::node& node, double min, double max);

}  // namespace wn
