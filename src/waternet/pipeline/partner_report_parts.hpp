// The shared words and context of the partner report's parts: partner_report.cpp writes the partner's own areas,
// partner_report_appendix.cpp the region-wide sections (drought, heat) and the assumptions with the data sources.
// Internal to those two files.
#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "waternet/pipeline/stresstest_results.hpp"
#include "waternet/report/html_report.hpp"
#include "waternet/report/precision.hpp"
#include "waternet/report/text_format.hpp"

namespace wn::partner_report_parts {

using report::HtmlReport;
using report::Language;

// Every sentence a reader sees, written in Dutch and English side by side; a report takes one of the two. With
// arguments the text is a fmt format string.
class Words {
public:
    explicit Words(Language language) : language_(language) {}
    Language language() const { return language_; }
    bool dutch() const { return language_ == Language::nl; }
    std::string operator()(std::string_view nl, std::string_view en) const { return std::string(dutch() ? nl : en); }
    template <class First, class... Rest>
    std::string operator()(std::string_view nl, std::string_view en, First&& first, Rest&&... rest) const {
        return fmt::format(fmt::runtime(dutch() ? nl : en), std::forward<First>(first), std::forward<Rest>(rest)...);
    }
    std::string number(double value, int decimals) const { return report::format_number(value, decimals, language_); }
    std::string rounded(const report::Rounded& value) const { return report::format(value, language_); }
    // "a", "a en b", "a, b en c" / "... and c".
    std::string list(const std::vector<std::string>& items) const {
        std::string out;
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (k > 0) out += k + 1 == items.size() ? (dutch() ? " en " : " and ") : ", ";
            out += items[k];
        }
        return out;
    }

private:
    Language language_;
};

inline std::string cm(double metres) { return fmt::format("{:.0f} cm", metres * 100.0); }
inline std::string file_name(const std::filesystem::path& path) { return path.filename().string(); }
inline std::string model_text(const AreaResults& area, const Words& t) {
    return model_label(area.area->model(), t.language());
}

// Everything one report needs, passed along as one.
struct Context {
    const StressTestResults& results;
    const RegionConfig& config;
    const RegionData& data;
    std::size_t p;
    const Partner& partner;
    Words t;
    HtmlReport& html;
};

// "Droogte en hitte": the station's precipitation deficit per year, warm nights and tropical days, and the heat
// maps of the heat areas (or why there is none). Nothing when the stress test has no weather file.
void drought_and_heat_section(const Context& c);
// "Uitgangspunten en verantwoording": storms, areas with their models and volume errors, thresholds, rounding, key
// figures and the data sources this stress test used.
void assumptions_section(const Context& c);

}  // namespace wn::partner_report_parts
