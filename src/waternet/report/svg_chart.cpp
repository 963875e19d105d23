#include "waternet/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "waternet/core/error.hpp"

namespace wn::report {
namespace {

// Layout in SVG px (the chart scales to the page width through its viewBox).
constexpr double kWidth = 640, kLabelWidth = 190, kValueWidth = 110, kBar = 16, kGap = 6, kGroupGap = 12;
constexpr double kPlotWidth = kWidth - kLabelWidth - kValueWidth;
constexpr double kTitleHeight = 24;

// Okabe & Ito (2008) colour-blind-safe palette, without black and yellow (too light on white).
constexpr render::Rgba kPalette[] = {{0, 114, 178, 255}, {230, 159, 0, 255},  {0, 158, 115, 255},
                                     {213, 94, 0, 255},  {86, 180, 233, 255}, {204, 121, 167, 255}};

std::string px(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string fill(render::Rgba c) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "rgb(%d,%d,%d)", c.r, c.g, c.b);
    return buf;
}

struct Scale {
    double lo, hi;
    double x_of(double v) const { return kLabelWidth + (v - lo) / (hi - lo) * kPlotWidth; }
};

Scale scale_of(const std::vector<double>& values) {
    double lo = 0.0, hi = 0.0;
    for (const double v : values) {
        if (!std::isfinite(v)) throw InputError("bar chart: every value must be finite");
        lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (hi == lo) hi = lo + 1.0;  // all zero: empty bars, no division by zero
    return {lo, hi};
}

std::string value_text(double v, const std::string& unit, int decimals, Language language) {
    return format_number(v, decimals, language) + (unit.empty() ? "" : "\u00a0" + unit);
}

// One bar with its value; the label (if any) left of the plot.
void bar(std::string& s, const Scale& sc, double y, double v, render::Rgba colour, const std::string& label,
         const std::string& value) {
    const double x0 = sc.x_of(std::min(0.0, v)), x1 = sc.x_of(std::max(0.0, v));
    if (!label.empty())
        s += "<text x=\"" + px(kLabelWidth - 8) + "\" y=\"" + px(y + kBar * 0.75) + "\" text-anchor=\"end\">" +
             escape_html(label) + "</text>";
    s += "<rect class=\"bar\" x=\"" + px(x0) + "\" y=\"" + px(y) + "\" width=\"" + px(x1 - x0) + "\" height=\"" +
         px(kBar) + "\" fill=\"" + fill(colour) + "\"/>";
    s += "<text x=\"" + px(std::max(x1, sc.x_of(0.0)) + 6) + "\" y=\"" + px(y + kBar * 0.75) + "\">" +
         escape_html(value) + "</text>";
}

std::string open_svg(double height, const std::string& title) {
    std::string s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(kWidth) + " " +
                    px(height) + "\" width=\"100%\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">";
    if (!title.empty())
        s += "<title>" + escape_html(title) + "</title><text x=\"0\" y=\"16\" font-weight=\"bold\">" +
             escape_html(title) + "</text>";
    return s;
}

void zero_line(std::string& s, const Scale& sc, double top, double bottom) {
    const double x = sc.x_of(0.0);
    s += "<line x1=\"" + px(x) + "\" y1=\"" + px(top) + "\" x2=\"" + px(x) + "\" y2=\"" + px(bottom) +
         "\" stroke=\"#555\" stroke-width=\"1\"/>";
}

}  // namespace

std::string svg_bar_chart(const BarChart& chart, Language language) {
    if (chart.bars.empty()) throw InputError("bar chart '" + chart.title + "' has no bars");
    std::vector<double> values;
    for (const auto& b : chart.bars) values.push_back(b.value);
    const Scale sc = scale_of(values);
    const double top = chart.title.empty() ? 4 : kTitleHeight + 4;
    const double height = top + chart.bars.size() * (kBar + kGap) + 4;
    std::string s = open_svg(height, chart.title);
    double y = top;
    for (const auto& b : chart.bars) {
        bar(s, sc, y, b.value, chart.colour, b.label, value_text(b.value, chart.unit, chart.decimals, language));
        y += kBar + kGap;
    }
    zero_line(s, sc, top - 2, y - kGap + 2);
    return s + "</svg>";
}

std::string svg_grouped_bar_chart(const GroupedBarChart& chart, Language language) {
    if (chart.groups.empty() || chart.series.empty())
        throw InputError("grouped bar chart '" + chart.title + "' needs at least one series and one group");
    std::vector<double> values;
    for (const auto& g : chart.groups) {
        if (g.values.size() != chart.series.size())
            throw InputError("grouped bar chart '" + chart.title + "': group '" + g.label + "' has " +
                             std::to_string(g.values.size()) + " values for " + std::to_string(chart.series.size()) +
                             " series");
        values.insert(values.end(), g.values.begin(), g.values.end());
    }
    const Scale sc = scale_of(values);
    auto colour_of = [&](std::size_t i) {
        return i < chart.colours.size() ? chart.colours[i] : kPalette[i % std::size(kPalette)];
    };

    double top = chart.title.empty() ? 4 : kTitleHeight + 4;
    const double key_top = top;
    top += 22;  // the key: one swatch + name per series, in a row
    const double group_height = chart.series.size() * (kBar + 2) + kGroupGap;
    const double height = top + chart.groups.size() * group_height + 4;
    std::string s = open_svg(height, chart.title);
    double kx = kLabelWidth;
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        s += "<rect x=\"" + px(kx) + "\" y=\"" + px(key_top + 2) + "\" width=\"12\" height=\"12\" fill=\"" +
             fill(colour_of(i)) + "\"/><text x=\"" + px(kx + 16) + "\" y=\"" + px(key_top + 12) + "\">" +
             escape_html(chart.series[i]) + "</text>";
        kx += 24 + 7.0 * static_cast<double>(chart.series[i].size());
    }
    double y = top;
    for (const auto& g : chart.groups) {
        const Scale gs = chart.scale_per_group ? scale_of(g.values) : sc;
        const double group_top = y;
        // The group's label centred on its bars.
        s += "<text x=\"" + px(kLabelWidth - 8) + "\" y=\"" + px(y + chart.series.size() * (kBar + 2) / 2.0 + 4) +
             "\" text-anchor=\"end\">" + escape_html(g.label) + "</text>";
        for (std::size_t i = 0; i < g.values.size(); ++i) {
            bar(s, gs, y, g.values[i], colour_of(i), "", value_text(g.values[i], chart.unit, chart.decimals, language));
            y += kBar + 2;
        }
        if (chart.scale_per_group) zero_line(s, gs, group_top - 2, y);
        y += kGroupGap;
    }
    if (!chart.scale_per_group) zero_line(s, sc, top - 2, y - kGroupGap + 2);
    return s + "</svg>";
}

}  // namespace wn::report
