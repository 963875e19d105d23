// The terrain shared by the flood and blue-spot jobs: heights that no landscape has are refused with the place. The
// land cover every job takes: a class raster or BGT polygons, told apart by the file's contents.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "../io/io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/inputs.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

Grid<float> field(float corner_value) {
    Grid<float> g(GridSpec{3, 4, {155000.0, 463003.0, 1.0}, {}}, 5.0f);
    g(2, 3) = corner_value;
    return g;
}

TEST(PlausibleHeights, NoDataAndEarthlyHeightsPass) {
    EXPECT_NO_THROW(require_plausible_heights(field(std::numeric_limits<float>::quiet_NaN()), "terrain t.tif"));
    EXPECT_NO_THROW(require_plausible_heights(field(-6.7f), "terrain t.tif"));    // Nieuwerkerk a/d IJssel, m NAP
    EXPECT_NO_THROW(require_plausible_heights(field(8848.0f), "terrain t.tif"));  // a summit, still a landscape
}

TEST(PlausibleHeights, FillValuesAndInfinitiesNameTheCell) {
    for (float bad : {1e30f, -3.4e38f, std::numeric_limits<float>::infinity(), 10001.0f}) {
        const std::string message = input_error_of([&] { require_plausible_heights(field(bad), "terrain t.tif"); });
        EXPECT_NE(message.find("terrain t.tif: the height"), std::string::npos) << message;
        EXPECT_NE(message.find("row 2, column 3 (x 155003.5, y 463000.5)"), std::string::npos) << message;
        EXPECT_EQ(message.find("classify_nodata"), std::string::npos) << message;
    }
}

TEST(PlausibleHeights, LoadTerrainChecksTheFile) {
    test::TempDir dir;
    write_cog(dir.file("t.tif"), field(1e30f));
    const std::string message = input_error_of([&] { load_terrain(dir.file("t.tif"), 0.0, "terrain"); });
    EXPECT_NE(message.find("not a plausible height"), std::string::npos) << message;
}

// 2 rows × 4 columns of 10 m near Delft.
GridSpec cover_grid() { return GridSpec{2, 4, {85000.0, 447020.0, 10.0}, {}}; }

// The west half a road (wegdeel: paved, not a place to stay), the east half a lawn (begroeidterreindeel: grass,
// public open space), as data/bgt/bgt_classes.csv maps them.
const char* kRoadAndLawn =
    R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)"
    R"({"type":"Feature","properties":{"bgt_klasse":"wegdeel","functie":"rijbaan lokale weg","fysiek_voorkomen":"gesloten verharding"},)"
    R"("geometry":{"type":"Polygon","coordinates":[[[85000,447000],[85020,447000],[85020,447020],[85000,447020],[85000,447000]]]}},)"
    R"({"type":"Feature","properties":{"bgt_klasse":"begroeidterreindeel","functie":"","fysiek_voorkomen":"grasland overig"},)"
    R"("geometry":{"type":"Polygon","coordinates":[[[85020,447000],[85040,447000],[85040,447020],[85020,447020],[85020,447000]]]}}]})";

TEST(LandCoverInput, BgtPolygonsGiveClassesAndPublicSpace) {
    TempDir dir;
    write_file(dir.path() / "bgt.geojson", kRoadAndLawn);
    const LandCoverInput input = load_land_cover(dir.path() / "bgt.geojson", cover_grid(), LandCoverTable::defaults());
    EXPECT_EQ(input.kind, GeoFileKind::vector);
    ASSERT_TRUE(input.public_space);
    for (index_t r = 0; r < 2; ++r)
        for (index_t c = 0; c < 4; ++c) {
            EXPECT_EQ(input.classes(r, c), c < 2 ? kPaved : kGrass) << r << "," << c;
            EXPECT_EQ((*input.public_space)(r, c), c < 2 ? 0 : 1) << r << "," << c;
        }
    EXPECT_TRUE(input.unknown_bgt_classes.empty());
}

TEST(LandCoverInput, AClassRasterGivesItsCodes) {
    TempDir dir;
    Grid<std::uint8_t> codes(cover_grid(), kPaved);
    codes(1, 3) = kWater;
    write_cog(dir.file("cover.tif"), codes);
    const LandCoverInput input = load_land_cover(dir.path() / "cover.tif", cover_grid(), LandCoverTable::defaults());
    EXPECT_EQ(input.kind, GeoFileKind::raster);
    EXPECT_FALSE(input.public_space);
    EXPECT_EQ(input.classes(0, 0), kPaved);
    EXPECT_EQ(input.classes(1, 3), kWater);
    // The default class fills what the input leaves open, the input wins where it has a class.
    const Grid<std::uint8_t> cover =
        land_cover_grid(cover_grid(), "grass", std::optional<std::filesystem::path>(dir.path() / "cover.tif"),
                        LandCoverTable::defaults());
    EXPECT_EQ(cover(1, 3), kWater);
    EXPECT_EQ(cover(0, 0), kPaved);
}

TEST(LandCoverInput, NeitherRasterNorVectorIsAClearError) {
    TempDir dir;
    write_file(dir.path() / "notes.txt", "land cover: mostly paved\n");
    const std::string message =
        input_error_of([&] { load_land_cover(dir.path() / "notes.txt", cover_grid(), LandCoverTable::defaults()); });
    EXPECT_NE(message.find("notes.txt: not a raster GDAL can read"), std::string::npos) << message;
    EXPECT_NE(input_error_of([&] {
                  load_land_cover(dir.path() / "none.tif", cover_grid(), LandCoverTable::defaults());
              }).find("file not found"),
              std::string::npos);
    Grid<std::uint8_t> codes(cover_grid(), 30);  // not a class of the table
    write_cog(dir.file("bad.tif"), codes);
    EXPECT_NE(input_error_of([&] {
                  load_land_cover(dir.path() / "bad.tif", cover_grid(), LandCoverTable::defaults());
              }).find("not a class code"),
              std::string::npos);
}

}  // namespace
}  // namespace wn
