// Text helpers for the reports: numbers in the reader's language, HTML escaping, base64 for embedded images.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "waternet/core/error.hpp"

namespace wn::report {

// The report's language decides the number style and the few fixed words the builder writes itself.
enum class Language {
    en,  // 1,234,567.8
    nl,  // 1.234.567,8
};

// "nl" or "en", as `--lang` and a region file's `language` take them; InputError naming the allowed values for
// anything else: "<setting> must be nl or en (got \"fr\")". `setting` names where the text came from.
Language parse_language(std::string_view text, std::string_view setting);
std::string to_string(Language language);  // "nl" / "en"

// `value` rounded half away from zero to `decimals` places (0..12), with thousands separators:
// format_number(1234567.8, 0) == "1,234,568" (en) / "1.234.568" (nl); format_number(-0.04, 1) == "0.0" (no
// negative zero); NaN → "–" (en dash, "no value"), ±infinity → "∞" / "-∞". InputError for decimals outside 0..12.
std::string format_number(double value, int decimals, Language language = Language::en);

// Text safe inside HTML/XML element content and attribute values: & < > " ' escaped.
std::string escape_html(std::string_view text);

// Standard base64 (RFC 4648 §4, with '=' padding), as data: URIs need.
std::string base64(std::span<const std::uint8_t> bytes);

}  // namespace wn::report
