// The checks that stand between hostile files and the models (issue 11): georeferencing that is not a number or
// lies beyond any CRS, cells no model can use, rasters without a CRS, layers that miss the grid or hold the wrong
// geometries, work larger than the free memory, and messages that name a device for what it is.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/text_file.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

// A 4 x 4 raster that only a VRT can describe: any geotransform, the pixels from a GeoTIFF beside it.
std::string vrt_with_geotransform(const TempDir& dir, const std::string& geotransform) {
    write_cog(dir.file("pixels.tif"), Grid<float>(GridSpec{4, 4, GeoTransform{155000.0, 463004.0, 1.0}, {}}, 1.0f));
    const std::string path = dir.file("header.vrt");
    write_file(path, "<VRTDataset rasterXSize=\"4\" rasterYSize=\"4\"><SRS>EPSG:28992</SRS><GeoTransform>" +
                         geotransform +
                         "</GeoTransform><VRTRasterBand dataType=\"Float32\" band=\"1\"><SimpleSource><SourceFilename "
                         "relativeToVRT=\"1\">pixels.tif</SourceFilename><SourceBand>1</SourceBand></SimpleSource>"
                         "</VRTRasterBand></VRTDataset>");
    return path;
}

TEST(RasterHeaderChecks, GeoreferencingThatIsNoNumberOrBeyondAnyCrsIsRefused) {
    TempDir dir;
    for (const char* transform :
         {"nan, 1, 0, 463004, 0, -1", "155000, inf, 0, 463004, 0, -inf", "155000, 1, 0, nan, 0, -1"}) {
        const std::string message = input_error_of([&] { raster_info(vrt_with_geotransform(dir, transform)); });
        EXPECT_NE(message.find("georeferencing is not a number"), std::string::npos) << transform << ": " << message;
    }
    const std::string far =
        input_error_of([&] { raster_info(vrt_with_geotransform(dir, "1e300, 1, 0, 1e300, 0, -1")); });
    EXPECT_NE(far.find("farther than any coordinate reference system"), std::string::npos) << far;
    // Just inside the range (1e8) is still a grid.
    EXPECT_EQ(raster_info(vrt_with_geotransform(dir, "-99999990, 1, 0, 99999990, 0, -1")).spec.cols, 4);
}

TEST(RasterHeaderChecks, ModelCellSizesAreBoundedAndDegreesLabelledAsMetresAreNamed) {
    GridSpec spec{16, 16, GeoTransform{258000.0, 471080.0, 5.0}, {}};
    EXPECT_NO_THROW(require_model_cell_size(spec, "terrain"));
    spec.transform.cell_size_m = kMinModelCellSizeM;
    EXPECT_NO_THROW(require_model_cell_size(spec, "terrain"));
    spec.transform.cell_size_m = 1e-9;
    EXPECT_NE(input_error_of([&] {
                  require_model_cell_size(spec, "terrain t.tif");
              }).find("terrain t.tif has cells of 1e-09 m"),
              std::string::npos);
    spec.transform.cell_size_m = 2.0 * kMaxModelCellSizeM;
    EXPECT_NE(input_error_of([&] { require_model_cell_size(spec, "terrain"); }).find("20000 m"), std::string::npos);
    // Longitude/latitude numbers under RD New: 0.0001 "m" cells near (6.89, 52.22).
    const GridSpec degrees{16, 16, GeoTransform{6.89, 52.22, 0.0001}, {}};
    EXPECT_TRUE(looks_like_degrees("", degrees.min_x(), degrees.min_y(), degrees.max_x(), degrees.max_y()));
    EXPECT_NE(input_error_of([&] { require_model_cell_size(degrees, "DEM"); }).find("look like degrees"),
              std::string::npos);
    // Real RD coordinates and real degrees (EPSG:4326 is not projected) are not "degrees labelled as metres".
    EXPECT_FALSE(looks_like_degrees("", 258000.0, 471000.0, 258080.0, 471080.0));
    EXPECT_FALSE(looks_like_degrees("EPSG:4326", 6.89, 52.22, 6.9, 52.23));
}

TEST(RasterHeaderChecks, ARasterWithoutCrsIsNotGuessedAndAnAssumedCrsMustExist) {
    GridSpec spec{4, 4, GeoTransform{155000.0, 463004.0, 1.0}, {}};
    const std::string message = input_error_of([&] { require_declared_crs(spec, "DEM x.tif"); });
    EXPECT_NE(message.find("DEM x.tif has no coordinate reference system"), std::string::npos) << message;
    EXPECT_NE(message.find("--assume-crs"), std::string::npos) << message;
    spec.crs_wkt = crs_wkt_from_user("EPSG:28992");
    EXPECT_NO_THROW(require_declared_crs(spec, "DEM"));
    EXPECT_NE(describe_crs(spec.crs_wkt).find("28992"), std::string::npos);
    EXPECT_NE(input_error_of([&] { crs_wkt_from_user("EPSG:999999"); }).find("'EPSG:999999' is not a coordinate"),
              std::string::npos);
    EXPECT_THROW(crs_wkt_from_user(""), InputError);
}

TEST(MemoryChecks, WorkBeyondTheFreeMemoryIsRefusedWithItsSize) {
    const std::string message =
        input_error_of([] { require_memory_for("blue spots on DEM", 2000000000, 2000000000, 48.0); });
    EXPECT_NE(message.find("2000000000 × 2000000000 cells need"), std::string::npos) << message;
    EXPECT_NE(message.find("GiB"), std::string::npos) << message;
    EXPECT_NO_THROW(require_memory_for("a small grid", 100, 100, 48.0));
}

// 10 x 10 cells of 1 m at RD (155000, 463000) .. (155010, 463010).
const GridSpec kGrid{10, 10, GeoTransform{155000.0, 463010.0, 1.0}, {}};

std::string feature(const std::string& geometry) {
    return R"({"type":"Feature","properties":{},"geometry":)" + geometry + "}";
}
std::string square(double x, double y, double size) {
    const auto p = [](double a, double b) { return "[" + std::to_string(a) + "," + std::to_string(b) + "]"; };
    return R"({"type":"Polygon","coordinates":[[)" + p(x, y) + "," + p(x + size, y) + "," + p(x + size, y + size) +
           "," + p(x, y + size) + "," + p(x, y) + "]]}";
}
std::string layer(const TempDir& dir, const std::string& name, const std::string& features) {
    const std::string path = dir.file(name);
    write_file(
        path,
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)" +
            features + "]}");
    return path;
}

TEST(LayerChecks, ALayerOffTheGridIsRefusedWhenRequiredAndDegreesAreNamed) {
    TempDir dir;
    const std::string far = layer(dir, "far.geojson", feature(square(100000.0, 400000.0, 10.0)));
    const std::string message = input_error_of([&] { rasterize_mask(far, kGrid, false, kBuildingFootprints); });
    EXPECT_NE(message.find("none of its 1 features lies on the grid"), std::string::npos) << message;
    // Reported, not refused, by default; nothing said for layers that span several areas.
    EXPECT_NO_THROW(rasterize_mask(far, kGrid));
    EXPECT_NO_THROW(rasterize_feature_ids(far, kGrid, false, {OffGrid::ignore}));
    const std::string degrees = layer(dir, "degrees.geojson", feature(square(6.89, 52.21, 0.0001)));
    const std::string hint = input_error_of([&] { rasterize_feature_ids(degrees, kGrid, false, kBuildingFootprints); });
    EXPECT_NE(hint.find("look like degrees"), std::string::npos) << hint;
    const std::string empty = layer(dir, "nothing.geojson", R"({"type":"Feature","properties":{},"geometry":null})");
    EXPECT_NE(input_error_of([&] { rasterize_mask(empty, kGrid, false, kBuildingFootprints); }).find("has a geometry"),
              std::string::npos);
}

TEST(LayerChecks, PartlyOffTheGridStillBurnsWhatLiesOnIt) {
    TempDir dir;
    const std::string partial =
        layer(dir, "partial.geojson",
              feature(square(155002.0, 463002.0, 2.0)) + "," + feature(square(100000.0, 400000.0, 2.0)));
    const Grid<std::uint8_t> mask = rasterize_mask(partial, kGrid, false, kBuildingFootprints);
    int burned = 0;
    for (std::uint8_t v : mask.values()) burned += v;
    EXPECT_EQ(burned, 4);  // the 2 x 2 m square on the grid
}

TEST(LayerChecks, FootprintsMustBeBuildingSizedPolygons) {
    TempDir dir;
    const std::string point = layer(dir, "point.geojson", feature(R"({"type":"Point","coordinates":[155005,463005]})"));
    EXPECT_NE(
        input_error_of([&] { rasterize_mask(point, kGrid, false, kBuildingFootprints); }).find("feature 0 is a POINT"),
        std::string::npos);
    EXPECT_NO_THROW(rasterize_mask(point, kGrid));  // points are fine where polygons are not required
    const std::string huge = layer(dir, "huge.geojson", feature(square(150000.0, 458000.0, 10000.0)));
    const std::string message = input_error_of([&] { rasterize_mask(huge, kGrid, false, kBuildingFootprints); });
    EXPECT_NE(message.find("covers 100 km²"), std::string::npos) << message;
    // A feature with absurd coordinates lies off the grid: reported with the others, not an error on its own.
    const std::string absurd = layer(
        dir, "absurd.geojson", feature(square(155002.0, 463002.0, 2.0)) + "," + feature(square(1e300, 1e300, 1e299)));
    EXPECT_NO_THROW(rasterize_mask(absurd, kGrid, false, kBuildingFootprints));
}

TEST(LayerChecks, LayerExtentMustOverlapTheGrid) {
    TempDir dir;
    EXPECT_NO_THROW(require_layer_overlaps(layer(dir, "on.geojson", feature(square(155008.0, 463008.0, 50.0))), kGrid,
                                           "buildings"));
    const std::string message = input_error_of([&] {
        require_layer_overlaps(layer(dir, "off.geojson", feature(square(6.89, 52.21, 0.001))), kGrid, "buildings");
    });
    EXPECT_NE(message.find("the buildings layer does not overlap the grid"), std::string::npos) << message;
    EXPECT_NE(message.find("look like degrees"), std::string::npos) << message;
}

TEST(TextFileChecks, DevicesAndFoldersAreNamedForWhatTheyAre) {
    const std::string device = input_error_of([] { read_text_file("/dev/zero", "KNMI hourly file"); });
    EXPECT_EQ(device, "/dev/zero: is a character device, not a KNMI hourly file");
    TempDir dir;
    EXPECT_NE(input_error_of([&] { read_text_file(dir.path(), "region file"); }).find("is a folder, not a region file"),
              std::string::npos);
}

}  // namespace
}  // namespace wn
