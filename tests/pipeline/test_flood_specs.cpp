// The text forms of points, inflows and edges (pipeline/flood_specs.hpp) that `waternet flood` and the region file
// share: hand-written texts and CSV tables in, values out; bad texts and bad lines named in the error.
#include <gtest/gtest.h>

#include "../io/io_test_support.hpp"
#include "waternet/pipeline/flood_specs.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(FloodSpecs, EdgeConditionsByName) {
    EXPECT_EQ(parse_edge_condition("closed").kind, EdgeKind::closed);
    EXPECT_EQ(parse_edge_condition("free").kind, EdgeKind::free_outflow);
    EXPECT_EQ(parse_edge_condition(std::string(kDefaultEdgeSpec)).kind, EdgeKind::free_outflow);
    const EdgeCondition level = parse_edge_condition("level:-1.25");
    EXPECT_EQ(level.kind, EdgeKind::water_level);
    ASSERT_EQ(level.water_level_m.points.size(), 1u);
    EXPECT_DOUBLE_EQ(level.water_level_m.points[0].second, -1.25);  // below NAP is a level like any other
    for (const char* bad : {"open", "Free", "level:", "level:high", "level:1.5m"}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(contains(input_error_of([&] { parse_edge_condition(bad); }), "'")) << bad;
    }
    EXPECT_TRUE(contains(input_error_of([] { parse_edge_condition("open"); }),
                         "edge condition 'open' must be closed, free, level:METRES or level:FILE.csv"));
    EXPECT_TRUE(contains(input_error_of([] { parse_edge_condition("level:high"); }), "'high' is not a number"));
}

TEST(FloodSpecs, WaterLevelSeriesFromCsvText) {
    TempDir dir;
    write_file(dir.path() / "tide.csv", "# a made-up tide\ntime_min,level_m\n0,0.5\n30,1.4\n60,0.2\n");
    const EdgeCondition level = parse_edge_condition("level:" + dir.file("tide.csv"));
    ASSERT_EQ(level.water_level_m.points.size(), 3u);
    EXPECT_DOUBLE_EQ(level.water_level_m.points[1].first, 1800.0);  // 30 min
    EXPECT_DOUBLE_EQ(level.water_level_m.points[1].second, 1.4);
    // A bad line is named by its number in the file (the comment counts).
    write_file(dir.path() / "bad.csv", "# a made-up tide\ntime_s,level_m\n0,0.5\n600,high\n");
    const std::string message = input_error_of([&] { parse_edge_condition("level:" + dir.file("bad.csv")); });
    EXPECT_TRUE(contains(message, "bad.csv, line 4: column 2 (level_m): 'high' is not a number")) << message;
}

TEST(FloodSpecs, EdgesTakeAllThenEach) {
    const auto edges = parse_edges("free", "", "closed", "", "level:2");
    EXPECT_EQ(edges[kNorth].kind, EdgeKind::free_outflow);
    EXPECT_EQ(edges[kEast].kind, EdgeKind::closed);
    EXPECT_EQ(edges[kSouth].kind, EdgeKind::free_outflow);
    EXPECT_EQ(edges[kWest].kind, EdgeKind::water_level);
    EXPECT_EQ(describe_edges(edges), "north free, east closed, south free, west level 2 m");
    EXPECT_EQ(describe_edges(parse_edges("free", "", "", "", "")), "free on all four edges");
    EXPECT_EQ(describe_edges(parse_edges("closed", "", "", "", "")), "closed on all four edges");
}

TEST(FloodSpecs, DescribesALevelSeriesByItsRange) {
    TempDir dir;
    write_file(dir.path() / "h.csv", "time_s,level_m\n0,0.5\n600,1.4\n1200,0.2\n");
    const auto edges = parse_edges("closed", "level:" + dir.file("h.csv"), "", "", "");
    EXPECT_EQ(describe_edges(edges),
              "north level 0.2..1.4 m (series of 3 values), east closed, south closed, west closed");
}

TEST(FloodSpecs, PointsAndInflows) {
    const PointSpec p = parse_point_spec("centre:105000.5,386600", "gauge");
    EXPECT_EQ(p.name, "centre");
    EXPECT_DOUBLE_EQ(p.x, 105000.5);
    EXPECT_DOUBLE_EQ(p.y, 386600.0);
    EXPECT_TRUE(contains(input_error_of([] { parse_point_spec("centre 105000 386600", "gauge"); }),
                         "gauge 'centre 105000 386600' must look like NAME:X,Y"));

    const InflowSpec q = parse_inflow_spec("pipe:105000,386600:2.5");
    EXPECT_EQ(q.where.name, "pipe");
    ASSERT_EQ(q.discharge_m3_per_s.points.size(), 1u);
    EXPECT_DOUBLE_EQ(q.discharge_m3_per_s.points[0].second, 2.5);
    EXPECT_FALSE(q.hydrograph);
    EXPECT_TRUE(contains(input_error_of([] { parse_inflow_spec("pipe:105000,386600:-1"); }), "0..100000 m3/s"));
    EXPECT_TRUE(contains(input_error_of([] { parse_inflow_spec("pipe:105000,386600"); }), "NAME:X,Y:DISCHARGE"));

    TempDir dir;
    write_file(dir.path() / "q.csv", "time_s,discharge_m3_per_s\n0,0\n600,3\n1200,0\n");
    const InflowSpec h = parse_inflow_spec("pipe:105000,386600:" + dir.file("q.csv"));
    ASSERT_TRUE(h.hydrograph);
    ASSERT_EQ(h.discharge_m3_per_s.points.size(), 3u);
    EXPECT_DOUBLE_EQ(h.discharge_m3_per_s.integral(0.0, 1200.0), 1800.0);  // a triangle: 3 m3/s × 1200 s / 2
    write_file(dir.path() / "neg.csv", "time_s,discharge_m3_per_s\n0,0\n600,-3\n");
    EXPECT_TRUE(contains(input_error_of([&] { parse_inflow_spec("pipe:1,2:" + dir.file("neg.csv")); }),
                         "neg.csv, line 3: column 2 (discharge_m3_per_s): -3 is negative"));
}

TEST(FloodSpecs, EdgeInflowSegments) {
    const EdgeInflowSpec s = parse_edge_inflow_spec("west:-200.5-300:12");  // a leading '-' is a sign, not the dash
    EXPECT_EQ(s.edge, kWest);
    EXPECT_EQ(s.name, "west:-200.5-300");
    EXPECT_DOUBLE_EQ(s.from_m, -200.5);
    EXPECT_DOUBLE_EQ(s.to_m, 300.0);
    EXPECT_DOUBLE_EQ(s.discharge_m3_per_s.points[0].second, 12.0);
    EXPECT_TRUE(contains(input_error_of([] { parse_edge_inflow_spec("up:0-10:1"); }),
                         "edge inflow 'up:0-10:1': 'up' is not an edge"));
    EXPECT_TRUE(contains(input_error_of([] { parse_edge_inflow_spec("west:10:1"); }), "must look like EDGE:FROM-TO"));
    EXPECT_TRUE(
        contains(input_error_of([] { parse_edge_inflow_spec("west:0-x:1"); }), "segment end: 'x' is not a number"));
}

}  // namespace
}  // namespace wn
