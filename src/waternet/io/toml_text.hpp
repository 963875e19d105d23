// TOML documents people hand in (region files, services files, the server configuration): one parser call, one
// message for a syntax error, so every TOML input reports it the same way.
#pragma once

#include <optional>
#include <string_view>

#include <toml++/toml.h>

namespace wn {

// The parsed document; a syntax error is an InputError "<source_name>:<line>:<column>: not valid TOML: <why>".
toml::table parse_toml(std::string_view text, std::string_view source_name);

// A TOML integer or floating-point value as a double; nullopt for any other kind of value (the caller's message
// names the key and what it must be).
std::optional<double> toml_number(const toml::node& node);

}  // namespace wn
