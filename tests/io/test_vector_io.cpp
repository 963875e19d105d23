#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <set>

#include "io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {

namespace {

using test::input_error_of;
using test::TempDir;

const std::string kDataDir = WATERNET_DATA_DIR;

// 10 x 10 cells of 1 m with the north-west corner at RD (155000, 463010).
const GridSpec kGrid{10, 10, GeoTransform{155000.0, 463010.0, 1.0}, {}};

std::string square(double x0, double y0, double x1, double y1) {
    return "[[[" + std::to_string(x0) + "," + std::to_string(y0) + "],[" + std::to_string(x1) + "," +
           std::to_string(y0) + "],[" + std::to_string(x1) + "," + std::to_string(y1) + "],[" + std::to_string(x0) +
           "," + std::to_string(y1) + "],[" + std::to_string(x0) + "," + std::to_string(y0) + "]]]";
}

std::string polygon_feature(const std::string& coordinates, const std::string& properties) {
    return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":{"type":"Polygon","coordinates":)" +
           coordinates + "}}";
}

std::string rd_collection(const std::string& features) {
    return R"({"type":"FeatureCollection","name":"squares",)"
           R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)" +
           features + "]}";
}

// Square A: x 155001.2-155004.2, y 463001.2-463004.2: 3 x 3 cell centres inside, 4 x 4 cells touched.
// Square B: x 155006-155009, y 463006-463008 (cell edges): 3 x 2 cells either way.
std::string write_two_squares(const TempDir& dir) {
    const std::string path = dir.file("squares.geojson");
    test::write_file(
        path,
        rd_collection(polygon_feature(square(155001.2, 463001.2, 155004.2, 463004.2), R"({"name":"A","kind":"road"})") +
                      "," + polygon_feature(square(155006, 463006, 155009, 463008), R"({"name":"B","kind":"water"})")));
    return path;
}

template <class T>
std::size_t count_of(const Grid<T>& grid, T value) {
    return static_cast<std::size_t>(std::count(grid.values().begin(), grid.values().end(), value));
}

}  // namespace

TEST(VectorInfo, DescribesAHandMadeGeoJson) {
    TempDir dir;
    const VectorInfo info = vector_info(write_two_squares(dir));
    EXPECT_EQ(info.layer_name, "squares");
    EXPECT_EQ(info.feature_count, 2);
    EXPECT_EQ(info.geometry_type, "Polygon");
    EXPECT_EQ(info.attributes, (std::vector<std::string>{"name", "kind"}));
    EXPECT_TRUE(gdal::srs_from_definition(info.crs_wkt)
                    .IsSame(&static_cast<const OGRSpatialReference&>(gdal::srs_from_definition("EPSG:28992"))));
    EXPECT_DOUBLE_EQ(info.min_x, 155001.2);
    EXPECT_DOUBLE_EQ(info.max_x, 155009.0);
    EXPECT_DOUBLE_EQ(info.min_y, 463001.2);
    EXPECT_DOUBLE_EQ(info.max_y, 463008.0);
}

TEST(VectorRasterize, FeatureIdsCountCellCentresOrTouchedCells) {
    TempDir dir;
    const std::string path = write_two_squares(dir);
    const Grid<std::int32_t> ids = rasterize_feature_ids(path, kGrid);
    EXPECT_EQ(count_of(ids, 1), 9u);
    EXPECT_EQ(count_of(ids, 2), 6u);
    EXPECT_EQ(count_of(ids, 0), 100u - 15u);
    EXPECT_EQ(ids(kGrid.transform.row_of(463002.5), kGrid.transform.col_of(155002.5)), 1);
    EXPECT_EQ(ids(kGrid.transform.row_of(463007.5), kGrid.transform.col_of(155008.5)), 2);
    EXPECT_EQ(ids(kGrid.transform.row_of(463004.5), kGrid.transform.col_of(155004.5)), 0);  // centre outside A
    EXPECT_DOUBLE_EQ(ids.spec().transform.origin_y, 463010.0);

    const Grid<std::int32_t> touched = rasterize_feature_ids(path, kGrid, true);
    EXPECT_EQ(count_of(touched, 1), 16u);
    EXPECT_EQ(touched(kGrid.transform.row_of(463004.5), kGrid.transform.col_of(155004.5)), 1);
}

TEST(VectorRasterize, MaskAndClassesFromAnAttribute) {
    TempDir dir;
    const std::string path = write_two_squares(dir);
    const Grid<std::uint8_t> mask = rasterize_mask(path, kGrid);
    EXPECT_EQ(count_of<std::uint8_t>(mask, 1), 15u);
    EXPECT_EQ(count_of<std::uint8_t>(mask, 0), 85u);

    const Grid<std::uint8_t> classes = rasterize_classes(path, kGrid, "kind", {{"road", 3}, {"grass", 5}}, 9);
    EXPECT_EQ(count_of<std::uint8_t>(classes, 3), 9u);  // A is a road
    EXPECT_EQ(count_of<std::uint8_t>(classes, 9), 6u);  // B's "water" is not in the map: default class
    EXPECT_EQ(count_of<std::uint8_t>(classes, 0), 85u);

    const std::string missing = input_error_of([&] { rasterize_classes(path, kGrid, "landuse", {}, 1); });
    EXPECT_NE(missing.find("no attribute 'landuse'"), std::string::npos) << missing;
    EXPECT_NE(missing.find("name, kind"), std::string::npos) << missing;
}

TEST(VectorRasterize, Wgs84FeaturesAreReprojectedToTheGrid) {
    TempDir dir;
    // An RD square x 155010-155050, y 463010-463050, written in WGS84 longitude/latitude.
    OGRSpatialReference rd = gdal::srs_from_definition("EPSG:28992");
    OGRSpatialReference wgs84 = gdal::srs_from_definition("EPSG:4326");
    std::unique_ptr<OGRCoordinateTransformation> to_wgs84(OGRCreateCoordinateTransformation(&rd, &wgs84));
    ASSERT_TRUE(to_wgs84);
    double xs[] = {155010.0, 155050.0, 155050.0, 155010.0, 155010.0};
    double ys[] = {463010.0, 463010.0, 463050.0, 463050.0, 463010.0};
    ASSERT_TRUE(to_wgs84->Transform(5, xs, ys));
    std::string ring = "[[";
    for (int i = 0; i < 5; ++i) {
        char corner[64];
        std::snprintf(corner, sizeof corner, "%s[%.10f,%.10f]", i ? "," : "", xs[i], ys[i]);
        ring += corner;
    }
    ring += "]]";
    test::write_file(dir.path() / "wgs84.geojson",  // GeoJSON without "crs" is WGS84 by definition
                     R"({"type":"FeatureCollection","features":[)" + polygon_feature(ring, "{}") + "]}");
    EXPECT_GT(xs[0], 5.0);  // really longitude first
    EXPECT_LT(xs[0], 6.0);

    const GridSpec grid{60, 60, GeoTransform{155000.0, 463060.0, 1.0}, {}};
    const Grid<std::uint8_t> mask = rasterize_mask(dir.file("wgs84.geojson"), grid);
    EXPECT_EQ(count_of<std::uint8_t>(mask, 1), 1600u);  // 40 m x 40 m of 1 m cells
    EXPECT_EQ(mask(grid.transform.row_of(463030.0), grid.transform.col_of(155030.0)), 1);
    EXPECT_EQ(mask(grid.transform.row_of(463005.0), grid.transform.col_of(155005.0)), 0);
}

TEST(VectorRasterize, ZundertBuildingsCoverAPlausibleFraction) {
    const RasterInfo dem = raster_info(kDataDir + "/zundert/zundert_ahn_dtm_050cm.tif");
    const GridSpec grid = coarsened_spec(dem.spec, 2.0);
    const std::string buildings = kDataDir + "/zundert/zundert_bgt_panden.geojson";
    const Grid<std::uint8_t> mask = rasterize_mask(buildings, grid);
    const double fraction =
        static_cast<double>(count_of<std::uint8_t>(mask, 1)) / static_cast<double>(mask.values().size());
    EXPECT_GT(fraction, 0.05);
    EXPECT_LT(fraction, 0.60);

    const Grid<std::int32_t> ids = rasterize_feature_ids(buildings, grid);
    const std::set<std::int32_t> distinct(ids.values().begin(), ids.values().end());
    EXPECT_GT(distinct.size(), 1424u);  // at least the buildings wholly inside, plus 0
    EXPECT_LE(*distinct.rbegin(), 3844);
    EXPECT_EQ(count_of(ids, 0), count_of<std::uint8_t>(mask, 0));  // ids and mask agree on coverage
}

// 5,000 squares (more than one batch of read_features' parallel describing), every 1,000th without geometry:
// features keep their file order and index, each its own area (by hand: side²) and a point inside, and 1 and 2
// threads read the same WKT.
TEST(VectorFeatures, ManyFeaturesKeepOrderAndAreTheSameOnAnyThreadCount) {
    TempDir dir;
    const int count = 5000;
    std::string features;
    for (int k = 0; k < count; ++k) {
        const double x0 = 155000.0 + (k % 100) * 10.0, y0 = 463000.0 + (k / 100) * 10.0, side = 1 + k % 7;
        const std::string properties = R"({"name":"F)" + std::to_string(k) + R"("})";
        features += (k == 0 ? "" : ",") +
                    (k % 1000 == 999 ? R"({"type":"Feature","properties":)" + properties + R"(,"geometry":null})"
                                     : polygon_feature(square(x0, y0, x0 + side, y0 + side), properties));
    }
    const std::string path = dir.file("many.geojson");
    test::write_file(path, rd_collection(features));
    const int threads_before = omp_get_max_threads();
    omp_set_num_threads(1);
    const std::vector<VectorFeature> one = read_features(path);
    omp_set_num_threads(2);
    const std::vector<VectorFeature> two = read_features(path);
    omp_set_num_threads(threads_before);

    ASSERT_EQ(one.size(), static_cast<std::size_t>(count));
    ASSERT_EQ(two.size(), one.size());
    for (int k = 0; k < count; ++k) {
        const VectorFeature& f = one[static_cast<std::size_t>(k)];
        EXPECT_EQ(f.index, k);
        EXPECT_EQ(f.attributes.at("name"), "F" + std::to_string(k));
        EXPECT_EQ(two[static_cast<std::size_t>(k)].wkt, f.wkt);
        if (k % 1000 == 999) {
            EXPECT_TRUE(f.parts.empty()) << k;
            continue;
        }
        const double side = 1 + k % 7;
        EXPECT_NEAR(f.area_m2, side * side, 1e-6) << k;
        EXPECT_GT(f.representative.x, f.min_x);
        EXPECT_LT(f.representative.x, f.max_x);
        EXPECT_EQ(f.min_x, 155000.0 + (k % 100) * 10.0) << k;
        EXPECT_EQ(f.wkt.rfind("POLYGON", 0), 0u) << k;
    }
}

TEST(VectorPoints, ReadsCoordinatesAndAttributes) {
    TempDir dir;
    test::write_file(dir.path() / "gauges.geojson",
                     R"({"type":"FeatureCollection","features":[)"
                     R"({"type":"Feature","properties":{"id":"G1","capacity":2.5,"note":null},)"
                     R"("geometry":{"type":"Point","coordinates":[6.89,52.22]}},)"
                     R"({"type":"Feature","properties":{"id":"G2","capacity":4,"note":"sluice"},)"
                     R"("geometry":{"type":"Point","coordinates":[6.9,52.21]}}]})");
    const std::vector<PointFeature> points = read_points(dir.file("gauges.geojson"));
    ASSERT_EQ(points.size(), 2u);
    EXPECT_DOUBLE_EQ(points[0].x, 6.89);
    EXPECT_DOUBLE_EQ(points[0].y, 52.22);
    EXPECT_EQ(points[0].attributes.at("id"), "G1");
    EXPECT_EQ(points[0].attributes.at("capacity"), "2.5");
    EXPECT_EQ(points[0].attributes.count("note"), 0u);  // null fields are left out
    EXPECT_EQ(points[1].attributes.at("note"), "sluice");
    EXPECT_DOUBLE_EQ(points[1].x, 6.9);
}

TEST(VectorPoints, PolygonsAreRejected) {
    TempDir dir;
    const std::string error = input_error_of([&] { read_points(write_two_squares(dir)); });
    EXPECT_NE(error.find("feature 0 is a POLYGON"), std::string::npos) << error;
    EXPECT_NE(error.find("expected a layer of single points"), std::string::npos) << error;
}

TEST(VectorErrors, UnreadableInputsAreInputErrors) {
    TempDir dir;
    EXPECT_NE(input_error_of([&] { vector_info(dir.file("absent.geojson")); }).find("file not found"),
              std::string::npos);
    test::write_file(dir.path() / "notes.txt", "hello, this is not a vector file\n");
    EXPECT_NE(input_error_of([&] { vector_info(dir.file("notes.txt")); }).find("not a vector file"), std::string::npos);
    test::write_file(dir.path() / "empty.geojson", "");
    EXPECT_NE(input_error_of([&] { rasterize_mask(dir.file("empty.geojson"), kGrid); }).find("empty"),
              std::string::npos);
    test::write_file(dir.path() / "none.geojson", R"({"type":"FeatureCollection","features":[]})");
    EXPECT_NE(input_error_of([&] { read_points(dir.file("none.geojson")); }).find("has no features"),
              std::string::npos);
}

}  // namespace wn
