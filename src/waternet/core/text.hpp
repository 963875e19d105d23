// Small text helpers for parsers of user files (CSV tables, storm files).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace wn {

inline std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Without leading and trailing blanks (spaces, tabs, line ends).
inline std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

}  // namespace wn
