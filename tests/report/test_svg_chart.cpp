// SVG bar charts: bar lengths proportional to the values, labels escaped, bad input refused.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "waternet/report/svg_chart.hpp"

using namespace wn;
using namespace wn::report;

namespace {
struct Rect {
    double x, width;
};
std::vector<Rect> bars_of(const std::string& svg) {
    std::vector<Rect> out;
    const std::regex re(R"re(<rect class="bar" x="([-0-9.]+)" y="[-0-9.]+" width="([-0-9.]+)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back({std::stod((*it)[1]), std::stod((*it)[2])});
    return out;
}
}  // namespace

TEST(SvgChart, BarLengthsAreProportionalToValues) {
    const BarChart chart{"Buildings hit", "buildings", {{"T10", 50}, {"T100", 200}, {"T1000", 400}, {"none", 0}}, 0};
    const std::string svg = svg_bar_chart(chart);
    const auto bars = bars_of(svg);
    ASSERT_EQ(bars.size(), 4u);
    ASSERT_GT(bars[2].width, 100.0);
    EXPECT_NEAR(bars[0].width / bars[2].width, 50.0 / 400.0, 1e-3);
    EXPECT_NEAR(bars[1].width / bars[2].width, 200.0 / 400.0, 1e-3);
    EXPECT_NEAR(bars[3].width, 0.0, 1e-9);
    for (const auto& b : bars) EXPECT_NEAR(b.x, bars[0].x, 1e-9);  // common zero line
    EXPECT_NE(svg.find("400\u00a0buildings"), std::string::npos);
    EXPECT_EQ(svg.rfind("<svg", 0), 0u);
    EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(SvgChart, NegativeValuesExtendLeftOfZero) {
    const BarChart chart{"Change", "", {{"a", -100}, {"b", 300}}, 0};
    const auto bars = bars_of(svg_bar_chart(chart));
    ASSERT_EQ(bars.size(), 2u);
    EXPECT_NEAR(bars[1].width / bars[0].width, 3.0, 1e-3);
    EXPECT_NEAR(bars[0].x + bars[0].width, bars[1].x, 1e-6);  // negative bar ends where the positive starts
}

TEST(SvgChart, GroupedBarsScenariosTimesIndicators) {
    const GroupedBarChart chart{
        "Per scenario", "", {"T10", "T100"}, {{"Buildings", {10, 40}}, {"Roads (km)", {5, 20}}}, 0, {}};
    const std::string svg = svg_grouped_bar_chart(chart, Language::nl);
    const auto bars = bars_of(svg);
    ASSERT_EQ(bars.size(), 4u);  // group by group, series within
    EXPECT_NEAR(bars[0].width / bars[1].width, 10.0 / 40.0, 1e-3);
    EXPECT_NEAR(bars[2].width / bars[1].width, 5.0 / 40.0, 1e-3);
    EXPECT_NEAR(bars[3].width / bars[1].width, 20.0 / 40.0, 1e-3);
    EXPECT_NE(svg.find(">T100<"), std::string::npos);
    EXPECT_NE(svg.find("Roads (km)"), std::string::npos);
}

TEST(SvgChart, GroupedBarsScaledPerGroup) {
    GroupedBarChart chart{
        "Per scenario", "", {"T10", "T100"}, {{"Buildings", {10, 40}}, {"Roads (km)", {5, 20}}}, 0, {}};
    chart.scale_per_group = true;
    const auto bars = bars_of(svg_grouped_bar_chart(chart));
    ASSERT_EQ(bars.size(), 4u);
    EXPECT_NEAR(bars[3].width, bars[1].width, 1e-6);  // each group's largest bar spans the plot
    EXPECT_NEAR(bars[2].width / bars[3].width, 5.0 / 20.0, 1e-3);
    EXPECT_NEAR(bars[0].width / bars[1].width, 10.0 / 40.0, 1e-3);
}

TEST(SvgChart, EscapesLabelsAndRejectsBadInput) {
    const BarChart chart{"<b>x</b>", "", {{"<script>alert(1)</script>", 1}}, 0};
    const std::string svg = svg_bar_chart(chart);
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
    EXPECT_THROW(svg_bar_chart(BarChart{"empty", "", {}, 0}), InputError);
    EXPECT_THROW(svg_bar_chart(BarChart{"nan", "", {{"a", std::nan("")}}, 0}), InputError);
    EXPECT_THROW(svg_grouped_bar_chart(GroupedBarChart{"g", "", {"a", "b"}, {{"x", {1}}}, 0, {}}), InputError);
}
