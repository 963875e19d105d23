// BGT land cover → class codes: the mapping on hand cases (unknown classes included) and on the shipped Delft file.
#include <gtest/gtest.h>

#include <string>

#include "../io/io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/bgt_land_cover.hpp"

namespace wn {
namespace {

const std::string kDelftCover = std::string(WATERNET_DATA_DIR) + "/delft/delft_bgt_landcover.geojson";
const std::string kDelftDsm = std::string(WATERNET_DATA_DIR) + "/delft/delft_ahn3_dsm_050cm.tif";

TEST(BgtLandCover, HandCases) {
    EXPECT_EQ(classify_bgt("pand", "", "").class_code, kBuilding);
    EXPECT_FALSE(classify_bgt("pand", "", "").public_open_space);
    EXPECT_EQ(classify_bgt("wegdeel", "rijbaan lokale weg", "gesloten verharding").class_code, kPaved);
    EXPECT_FALSE(classify_bgt("wegdeel", "rijbaan lokale weg", "open verharding").public_open_space);
    EXPECT_TRUE(classify_bgt("wegdeel", "voetpad", "open verharding").public_open_space);
    EXPECT_EQ(classify_bgt("wegdeel", "voetpad", "onverhard").class_code, kUnpaved);
    EXPECT_EQ(classify_bgt("wegdeel", "berm", "groenvoorziening").class_code, kGrass);
    EXPECT_EQ(classify_bgt("begroeidterreindeel", "", "groenvoorziening").class_code, kGrass);
    EXPECT_TRUE(classify_bgt("begroeidterreindeel", "", "groenvoorziening").public_open_space);
    EXPECT_EQ(classify_bgt("begroeidterreindeel", "", "loofbos").class_code, kTrees);
    EXPECT_EQ(classify_bgt("begroeidterreindeel", "", "bouwland").class_code, kAgriculture);
    EXPECT_FALSE(classify_bgt("begroeidterreindeel", "", "bouwland").public_open_space);
    EXPECT_EQ(classify_bgt("onbegroeidterreindeel", "", "erf").class_code, kMixed);
    EXPECT_FALSE(classify_bgt("onbegroeidterreindeel", "", "erf").public_open_space);  // private yard
    EXPECT_EQ(classify_bgt("waterdeel", "", "waterloop").class_code, kWater);
    EXPECT_EQ(classify_bgt("scheiding", "", "muur").class_code, kImpermeable);
}

TEST(BgtLandCover, UnknownClassIsMixedOrAClearError) {
    const BgtFeatureClass c = classify_bgt("vliegveldbaan", "", "");
    EXPECT_FALSE(c.known);
    EXPECT_EQ(c.class_code, kMixed);
    EXPECT_FALSE(c.public_open_space);
    try {
        classify_bgt("vliegveldbaan", "", "", UnknownClass::error);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("'vliegveldbaan'"), std::string::npos) << m;
        EXPECT_NE(m.find("wegdeel"), std::string::npos) << m;  // lists the known classes
    }
}

TEST(BgtLandCover, FileWithAnUnknownClassCountsIt) {
    test::TempDir dir;
    const std::string path = dir.file("cover.geojson");
    test::write_file(
        path, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},
"features":[
{"type":"Feature","properties":{"bgt_klasse":"pand"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}},
{"type":"Feature","properties":{"bgt_klasse":"ufo"},"geometry":{"type":"Polygon","coordinates":[[[4,0],[8,0],[8,4],[4,4],[4,0]]]}}]})");
    GridSpec g{4, 8, {0.0, 4.0, 1.0}, {}};
    const BgtLandCover c = load_bgt_land_cover(path, g);
    EXPECT_EQ(c.features, 2);
    EXPECT_EQ(c.unknown_classes.at("ufo"), 1);
    EXPECT_EQ(c.classes(1, 1), kBuilding);
    EXPECT_EQ(c.classes(1, 6), kMixed);
    EXPECT_EQ(c.cells_per_class[kBuilding], 16);
    EXPECT_EQ(c.cells_per_class[kMixed], 16);
    EXPECT_THROW(load_bgt_land_cover(path, g, UnknownClass::error), InputError);
    const std::string plain = dir.file("plain.geojson");
    test::write_file(
        plain,
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}}]})");
    try {
        load_bgt_land_cover(plain, g);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no attribute 'bgt_klasse'"), std::string::npos) << e.what();
    }
}

TEST(BgtLandCover, DelftBlockHasPlausibleShares) {
    // The BGT extract covers the triangular block in the middle of the DSM tile (about half of it); shares are of
    // the covered cells. An old-town block with canals, gardens and yards.
    const GridSpec grid = raster_info(kDelftDsm).spec;
    const BgtLandCover c = load_bgt_land_cover(kDelftCover, grid);
    EXPECT_EQ(c.features, 582);
    EXPECT_TRUE(c.unknown_classes.empty());
    const double all = static_cast<double>(grid.cell_count());
    const double covered = all - static_cast<double>(c.cells_per_class[0]);
    EXPECT_GT(covered / all, 0.4);
    EXPECT_LT(covered / all, 0.8);
    const auto share = [&](int k) {
        return static_cast<double>(c.cells_per_class[static_cast<std::size_t>(k)]) / covered;
    };
    // Measured: paved 0.273, building 0.255, unpaved 0.029, grass 0.081, water 0.210, mixed 0.144, impermeable 0.009.
    EXPECT_GT(share(kBuilding), 0.15);  // a built-up block ...
    EXPECT_LT(share(kBuilding), 0.60);
    EXPECT_GT(share(kPaved), 0.10);                 // ... with streets and quays
    EXPECT_GT(share(kGrass), 0.02);                 // public green
    EXPECT_GT(share(kWater), 0.02);                 // the canal
    EXPECT_GT(share(kMixed), 0.02);                 // private yards
    EXPECT_EQ(c.cells_per_class[kAgriculture], 0);  // no farmland in a town centre
    index_t public_cells = 0;
    for (const auto v : c.public_space.values()) public_cells += v;
    EXPECT_GT(public_cells / covered, 0.05);
    EXPECT_LT(public_cells / covered, 0.6);
}

}  // namespace
}  // namespace wn
