// The words that give a report's language away, shared by the report tests (tests/pipeline/test_partner_report.cpp)
// and the command-line test of `waternet stresstest --lang` (tests/cli/test_cli_stresstest.cpp): a Dutch report
// holds none of the English ones, an English report none of the Dutch ones (docs/reports.md, "One language").
#pragma once

#include <regex>
#include <string>
#include <vector>

namespace wn::test {

// Headings, column names and small words of an English report that a Dutch one must not hold.
inline const std::vector<std::string>& english_report_words() {
    static const std::vector<std::string> words{"Water depth",
                                                "Perceived temperature",
                                                "Summary",
                                                "Storm<",
                                                "Buildings",
                                                "Damage",
                                                "Limitations of the map",
                                                "Roads:",
                                                "residents",
                                                " the ",
                                                " and ",
                                                "Area (",
                                                "Key figures"};
    return words;
}

// The same of a Dutch report, which an English one must not hold.
inline const std::vector<std::string>& dutch_report_words() {
    static const std::vector<std::string> words{"Samenvatting", "Bui<",        "gebouwen", "Neerslag",
                                                "wegen",        " het ",       " van ",    " bij ",
                                                "Bronnen",      "Waterdiepte", "Schade (", "bij de zwaarste"};
    return words;
}

// The text a reader sees: without the style sheet and the embedded images (base64 can hold anything).
inline std::string visible_report_text(const std::string& html) {
    std::string out = std::regex_replace(html, std::regex("<style>[\\s\\S]*?</style>"), "");
    return std::regex_replace(out, std::regex("data:image/png;base64,[A-Za-z0-9+/=]+"), "");
}

}  // namespace wn::test
