#include "waternet/report/text_format.hpp"

#include "waternet/core/markup.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::report {

Language parse_language(std::string_view text, std::string_view setting) {
    if (text == "nl") return Language::nl;
    if (text == "en") return Language::en;
    throw InputError(std::string(setting) + " must be nl or en (got \"" + std::string(text.substr(0, 32)) + "\")");
}

std::string to_string(Language language) { return language == Language::nl ? "nl" : "en"; }

std::string format_number(double value, int decimals, Language language) {
    if (decimals < 0 || decimals > 12)
        throw InputError("format_number: decimals must be 0..12 (got " + std::to_string(decimals) + ")");
    if (std::isnan(value)) return "\u2013";
    if (std::isinf(value)) return value > 0 ? "\u221e" : "-\u221e";

    // Digits of |value| rounded to `decimals` places, without separators.
    std::string digits;
    bool negative = false;
    const double scaled = std::round(value * std::pow(10.0, decimals));  // half away from zero
    if (std::abs(scaled) < 9.0e15) {
        const auto n = static_cast<long long>(scaled);
        negative = n < 0;
        digits = std::to_string(negative ? -n : n);
        if (decimals > 0 && static_cast<int>(digits.size()) <= decimals)
            digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    } else {  // beyond exact integers in a double: let printf round
        char buf[400];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(value));
        digits = buf;
        if (const auto dot = digits.find('.'); dot != std::string::npos) digits.erase(dot, 1);
        negative = value < 0;
    }
    const std::size_t int_len = digits.size() - static_cast<std::size_t>(decimals);
    const char thousands = language == Language::nl ? '.' : ',';
    const char point = language == Language::nl ? ',' : '.';

    std::string out;
    if (negative) out += '-';
    for (std::size_t i = 0; i < int_len; ++i) {
        if (i > 0 && (int_len - i) % 3 == 0) out += thousands;
        out += digits[i];
    }
    if (decimals > 0) {
        out += point;
        out.append(digits, int_len, std::string::npos);
    }
    return out;
}

std::string escape_html(std::string_view text) { return escape_markup(text); }

std::string base64(std::span<const std::uint8_t> bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        out += kAlphabet[(v >> 18) & 63], out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63], out += kAlphabet[v & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        const std::uint32_t v = (bytes[i] << 16) | (rest == 2 ? bytes[i + 1] << 8 : 0);
        out += kAlphabet[(v >> 18) & 63], out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

}  // namespace wn::report
