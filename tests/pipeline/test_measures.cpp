// Measures on hand-made grids: each kind changes exactly what it says, by the amount it says.
#include <gtest/gtest.h>

#include <cmath>

#include "../io/io_test_support.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/pipeline/measures.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

// A 10 × 10 grid of 1 m cells, x 1000..1010, y 2000..2010, flat at 5 m, grass, with a 2 × 2 building at rows 0-1,
// columns 0-1.
struct Site {
    Grid<float> terrain;
    Grid<std::uint8_t> cover;
    Site() {
        GridSpec spec;
        spec.rows = spec.cols = 10;
        spec.transform = {1000.0, 2010.0, 1.0};
        terrain = Grid<float>(spec, 5.0f);
        cover = Grid<std::uint8_t>(spec, kGrass);
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c) cover(r, c) = kBuilding;
    }
};

std::string collection(const std::string& features) {
    return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)" +
           features + "]}";
}

std::string square(const std::string& properties, double x0, double y0, double x1, double y1) {
    return "{\"type\":\"Feature\",\"properties\":{" + properties +
           "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + std::to_string(x0) + "," + std::to_string(y0) +
           "],[" + std::to_string(x1) + "," + std::to_string(y0) + "],[" + std::to_string(x1) + "," +
           std::to_string(y1) + "],[" + std::to_string(x0) + "," + std::to_string(y1) + "],[" + std::to_string(x0) +
           "," + std::to_string(y0) + "]]]}}";
}

TEST(Measures, StorageLowersItsCellsToHoldTheVolume) {
    TempDir dir;
    // 4 × 2 cells = 8 m²; 4 m³ → 0.5 m deep.
    write_file(dir.path() / "m.geojson",
               collection(square("\"measure\":\"storage\",\"name\":\"wadi\",\"volume_m3\":4", 1004, 2002, 1008, 2004)));
    Site site;
    const MeasuresReport report = apply_measures(dir.path() / "m.geojson", site.terrain, site.cover);
    ASSERT_EQ(report.measures.size(), 1u);
    EXPECT_EQ(report.measures[0].cells, 8);
    EXPECT_NEAR(report.storage_m3, 4.0, 1e-9);
    EXPECT_FLOAT_EQ(site.terrain(6, 4), 4.5f);  // row 6 = y 2003.5, col 4 = x 1004.5
    EXPECT_FLOAT_EQ(site.terrain(6, 8), 5.0f);  // just outside
    EXPECT_EQ(site.cover(6, 4), kGrass);
    double removed = 0.0;
    for (float z : site.terrain.values()) removed += 5.0 - z;
    EXPECT_NEAR(removed, 4.0, 1e-5);
}

TEST(Measures, OverlappingMeasuresBothApply) {
    TempDir dir;
    write_file(dir.path() / "m.geojson",
               collection(square("\"measure\":\"infiltration\",\"cover\":\"trees\"", 1000, 2000, 1010, 2010) + "," +
                          square("\"measure\":\"lower\",\"depth_m\":0.2", 1004, 2004, 1006, 2006) + "," +
                          square("\"measure\":\"green_roof\"", 1000, 2000, 1010, 2010)));
    Site site;
    const MeasuresReport report = apply_measures(dir.path() / "m.geojson", site.terrain, site.cover);
    EXPECT_EQ(site.cover(5, 5), kTrees);      // unpaved everywhere but the roofs
    EXPECT_EQ(site.cover(0, 0), kGreenRoof);  // roofs became green, not trees
    EXPECT_FLOAT_EQ(site.terrain(5, 5), 4.8f);
    EXPECT_FLOAT_EQ(site.terrain(0, 0), 5.0f);  // roofs are never dug
    EXPECT_EQ(report.measures[2].roof_cells, 4);
    EXPECT_NEAR(report.terrain_removed_m3, 4 * 0.2, 1e-6);
}

TEST(Measures, DisconnectAndRaiseAlongALine) {
    TempDir dir;
    const std::string line =
        R"({"type":"Feature","properties":{"measure":"raise","height_m":0.3},"geometry":{"type":"LineString","coordinates":[[1000.5,2004.5],[1009.5,2004.5]]}})";
    write_file(dir.path() / "m.geojson",
               collection(line + "," + square("\"measure\":\"disconnect\"", 1000, 2008, 1002, 2010)));
    Site site;
    apply_measures(dir.path() / "m.geojson", site.terrain, site.cover);
    for (int c = 0; c < 10; ++c) EXPECT_FLOAT_EQ(site.terrain(5, c), 5.3f) << c;  // a bund across the grid
    EXPECT_FLOAT_EQ(site.terrain(4, 3), 5.0f);
    EXPECT_EQ(site.cover(1, 1), kDisconnectedRoof);
}

TEST(Measures, MistakesAreNamed) {
    TempDir dir;
    Site site;
    write_file(dir.path() / "a.geojson", collection(square("\"measure\":\"pond\"", 1000, 2000, 1004, 2004)));
    EXPECT_NE(input_error_of([&] {
                  apply_measures(dir.path() / "a.geojson", site.terrain, site.cover);
              }).find("unknown measure 'pond'"),
              std::string::npos);
    write_file(dir.path() / "b.geojson", collection(square("\"measure\":\"storage\"", 1000, 2000, 1004, 2004)));
    EXPECT_NE(input_error_of([&] {
                  apply_measures(dir.path() / "b.geojson", site.terrain, site.cover);
              }).find("needs the attribute 'volume_m3'"),
              std::string::npos);
    write_file(dir.path() / "c.geojson",
               collection(square("\"measure\":\"lower\",\"depth_m\":-1", 1000, 2000, 1004, 2004)));
    EXPECT_NE(input_error_of([&] {
                  apply_measures(dir.path() / "c.geojson", site.terrain, site.cover);
              }).find("depth_m must be a number above 0"),
              std::string::npos);
    write_file(dir.path() / "d.geojson",
               collection(square("\"measure\":\"storage\",\"volume_m3\":100", 1004, 2004, 1006, 2006)));
    EXPECT_NE(input_error_of([&] {
                  apply_measures(dir.path() / "d.geojson", site.terrain, site.cover);
              }).find("would be 25.0 m deep"),
              std::string::npos);
    write_file(dir.path() / "e.geojson",
               collection(square("\"measure\":\"lower\",\"depth_m\":1", 5000, 5000, 5004, 5004)));
    EXPECT_NE(input_error_of([&] {
                  apply_measures(dir.path() / "e.geojson", site.terrain, site.cover);
              }).find("no measure lies inside"),
              std::string::npos);
}

}  // namespace
}  // namespace wn
