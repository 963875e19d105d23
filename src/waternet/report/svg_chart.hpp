// Simple charts as inline SVG (no scripts, no external files): they print sharply and open anywhere.
//
// Horizontal bars, one row per label, the value written after the bar; a bar's length is proportional to its
// value: length = |value| / (max − min) · plot width over the range [min(0, values), max(0, values)], so
// negative values (e.g. fewer buildings hit after a measure) extend left of the zero line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "waternet/render/legend.hpp"
#include "waternet/report/text_format.hpp"

namespace wn::report {

struct Bar {
    std::string label;
    double value = 0.0;
};

struct BarChart {
    std::string title;  // may be empty
    std::string unit;   // written after each value, e.g. "buildings", "ha", "€"
    std::vector<Bar> bars;
    int decimals = 0;
    render::Rgba colour{33, 113, 181, 255};
};

// Scenarios × indicators: for each group (indicator) one bar per series (scenario), with a key on top.
struct BarGroup {
    std::string label;
    std::vector<double> values;  // one per series
};
struct GroupedBarChart {
    std::string title;
    std::string unit;
    std::vector<std::string> series;
    std::vector<BarGroup> groups;
    int decimals = 0;
    std::vector<render::Rgba> colours;  // per series; default: a colour-blind-safe palette
    // Indicators in different units (buildings, km of road): scale each group to its own largest |value|, so
    // the bars compare scenarios within an indicator; the values written after the bars stay the true ones.
    bool scale_per_group = false;
};

// InputError for no bars, a non-finite value, or (grouped) a group whose number of values differs from the
// number of series. Every bar is an SVG <rect class="bar"> whose width attribute is its length in px.
std::string svg_bar_chart(const BarChart& chart, Language language = Language::en);
std::string svg_grouped_bar_chart(const GroupedBarChart& chart, Language language = Language::en);

}  // namespace wn::report
