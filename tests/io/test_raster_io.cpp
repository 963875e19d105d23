#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <vector>

#include "io_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn {

namespace {

using test::input_error_of;
using test::TempDir;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
const std::string kDataDir = WATERNET_DATA_DIR;

GridSpec rd_spec(index_t rows, index_t cols, double origin_x, double origin_y, double cell) {
    return GridSpec{rows, cols, GeoTransform{origin_x, origin_y, cell}, {}};
}

bool same_crs(const std::string& wkt, const std::string& definition) {
    return gdal::srs_from_definition(wkt).IsSame(
        &static_cast<const OGRSpatialReference&>(gdal::srs_from_definition(definition)));
}

gdal::DatasetPtr open_with_gdal(const std::string& path) {
    gdal::ensure_registered();
    return gdal::DatasetPtr(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
}

// A GeoTIFF written directly with GDAL, for layouts write_cog never produces (south-up, rotated, ...).
void write_plain_geotiff(const std::string& path, int cols, int rows, const std::array<double, 6>* geotransform,
                         const std::vector<float>& values, GDALDataType type = GDT_Float32) {
    gdal::ensure_registered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    gdal::DatasetPtr dataset(driver->Create(path.c_str(), cols, rows, 1, type, nullptr));
    ASSERT_TRUE(dataset);
    if (geotransform != nullptr) {
        std::array<double, 6> gt = *geotransform;
        dataset->SetGeoTransform(gt.data());
    }
    ASSERT_EQ(dataset->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, const_cast<float*>(values.data()), cols,
                                                  rows, GDT_Float32, 0, 0, nullptr),
              CE_None);
}

}  // namespace

// ---- COG round trips ----------------------------------------------------------------------------------

TEST(RasterCog, FloatGridWithHolesRoundTripsExactly) {
    TempDir dir;
    const GridSpec spec = rd_spec(5, 7, 104474.0, 387608.5, 0.5);
    Grid<float> depth(spec);
    for (index_t r = 0; r < spec.rows; ++r)
        for (index_t c = 0; c < spec.cols; ++c) depth(r, c) = 0.125f * static_cast<float>(r * 10 + c) - 1.0f;
    depth(0, 0) = kNaN;
    depth(3, 5) = kNaN;
    const std::string path = dir.file("depth.tif");
    write_cog(path, depth);

    const Grid<float> back = read_raster(path);
    ASSERT_EQ(back.rows(), 5);
    ASSERT_EQ(back.cols(), 7);
    EXPECT_DOUBLE_EQ(back.spec().transform.origin_x, 104474.0);
    EXPECT_DOUBLE_EQ(back.spec().transform.origin_y, 387608.5);
    EXPECT_DOUBLE_EQ(back.spec().transform.cell_size_m, 0.5);
    EXPECT_TRUE(same_crs(back.spec().crs_wkt, "EPSG:28992"));  // empty crs_wkt is written as RD New
    for (index_t r = 0; r < spec.rows; ++r)
        for (index_t c = 0; c < spec.cols; ++c) {
            if (std::isnan(depth(r, c)))
                EXPECT_TRUE(std::isnan(back(r, c))) << r << "," << c;
            else
                EXPECT_EQ(back(r, c), depth(r, c)) << r << "," << c;
        }

    const RasterInfo info = raster_info(path);
    ASSERT_TRUE(info.nodata.has_value());
    EXPECT_EQ(*info.nodata, -9999.0);
    EXPECT_EQ(info.data_type, "Float32");
    EXPECT_EQ(info.driver, "GTiff");
    EXPECT_EQ(info.band_count, 1);
    auto dataset = open_with_gdal(path);
    ASSERT_TRUE(dataset);
    EXPECT_STREQ(dataset->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), "COG");
    EXPECT_STREQ(dataset->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    dataset.reset();
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"depth.tif"});  // no .aux.xml, no temporary
}

TEST(RasterCog, LargeGridHasOverviewsAndCarriesMetadata) {
    TempDir dir;
    Grid<float> speed(rd_spec(600, 600, 215000.0, 505000.0, 100.0));
    for (index_t r = 0; r < 600; ++r)
        for (index_t c = 0; c < 600; ++c) speed(r, c) = static_cast<float>(r + c) * 0.01f;
    WriteOptions options;
    options.metadata = {{"WATERNET_VERSION", "0.1.0"}, {"WATERNET_SCENARIO", "T100"}};
    options.band_description = "maximum flow speed";
    options.unit = "m/s";
    const std::string path = dir.file("out/speed.tif");
    write_cog(path, speed.view(), speed.spec(), options);

    auto dataset = open_with_gdal(path);
    ASSERT_TRUE(dataset);
    EXPECT_STREQ(dataset->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), "COG");
    GDALRasterBand* band = dataset->GetRasterBand(1);
    EXPECT_GE(band->GetOverviewCount(), 1);
    int block_x = 0, block_y = 0;
    band->GetBlockSize(&block_x, &block_y);
    EXPECT_EQ(block_x, 256);
    EXPECT_EQ(block_y, 256);
    EXPECT_STREQ(dataset->GetMetadataItem("WATERNET_SCENARIO"), "T100");
    EXPECT_STREQ(dataset->GetMetadataItem("WATERNET_VERSION"), "0.1.0");
    EXPECT_STREQ(band->GetDescription(), "maximum flow speed");
    EXPECT_STREQ(band->GetUnitType(), "m/s");
    dataset.reset();
    EXPECT_EQ(read_raster(path)(599, 599), speed(599, 599));
}

TEST(RasterCog, IntegerGridsKeepNodataAndUseNearestOverviews) {
    TempDir dir;
    Grid<std::uint8_t> classes(rd_spec(600, 600, 155000.0, 463000.0, 1.0));
    for (index_t r = 0; r < 600; ++r)
        for (index_t c = 0; c < 600; ++c) classes(r, c) = (r + c) % 2 == 0 ? 10 : 20;  // average would give 15
    classes(0, 0) = 255;
    WriteOptions options;
    options.nodata = 255;
    const std::string path = dir.file("classes.tif");
    write_cog(path, classes, options);

    const RasterInfo info = raster_info(path);
    EXPECT_EQ(info.data_type, "Byte");
    ASSERT_TRUE(info.nodata.has_value());
    EXPECT_EQ(*info.nodata, 255.0);
    const Grid<float> back = read_raster(path);
    EXPECT_TRUE(std::isnan(back(0, 0)));
    EXPECT_EQ(back(0, 1), 20.0f);

    auto dataset = open_with_gdal(path);
    GDALRasterBand* overview = dataset->GetRasterBand(1)->GetOverview(0);
    ASSERT_NE(overview, nullptr);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(overview->GetXSize()) * overview->GetYSize());
    ASSERT_EQ(overview->RasterIO(GF_Read, 0, 0, overview->GetXSize(), overview->GetYSize(), pixels.data(),
                                 overview->GetXSize(), overview->GetYSize(), GDT_Byte, 0, 0, nullptr),
              CE_None);
    EXPECT_TRUE(std::all_of(pixels.begin() + 1, pixels.end(), [](std::uint8_t v) { return v == 10 || v == 20; }));

    Grid<std::int32_t> ids(rd_spec(3, 2, 155000.0, 463000.0, 1.0), 7);
    ids(2, 1) = -1;
    options.nodata = -1;
    write_cog(dir.file("ids.tif"), ids, options);
    const Grid<float> ids_back = read_raster(dir.file("ids.tif"));
    EXPECT_EQ(raster_info(dir.file("ids.tif")).data_type, "Int32");
    EXPECT_EQ(ids_back(0, 0), 7.0f);
    EXPECT_TRUE(std::isnan(ids_back(2, 1)));
}

TEST(RasterCog, MismatchedViewAndSpecIsABug) {
    TempDir dir;
    Grid<float> values(3, 3);
    EXPECT_THROW(write_cog(dir.file("x.tif"), values.view(), rd_spec(3, 4, 0, 0, 1)), std::invalid_argument);
    Grid<std::uint8_t> mask(rd_spec(2, 2, 0, 2, 1));
    WriteOptions options;
    options.nodata = 256;  // does not fit a byte
    EXPECT_THROW(write_cog(dir.file("m.tif"), mask, options), std::invalid_argument);
    EXPECT_TRUE(dir.entries().empty());
}

TEST(RasterCog, ACancelledTokenStopsWritingAndWarpingWithoutLeavingFiles) {
    TempDir dir;
    Grid<float> grid(rd_spec(600, 600, 155000.0, 463000.0, 1.0), 1.0f);
    write_cog(dir.file("source.tif"), grid);
    const std::atomic<bool> ctrl_c{true};
    WriteOptions cancelled;
    cancelled.cancel = CancelToken(&ctrl_c);
    EXPECT_THROW(write_cog(dir.file("result.tif"), grid, cancelled), Interrupted);
    EXPECT_THROW(read_raster_onto(dir.file("source.tif"), grid.spec(), Resampling::bilinear, 1, cancelled.cancel),
                 Interrupted);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"source.tif"});
    // Without a token (or with one not set) the same calls finish.
    write_cog(dir.file("result.tif"), grid);
    EXPECT_EQ(read_raster_onto(dir.file("source.tif"), grid.spec(), Resampling::bilinear)(10, 10), 1.0f);
}

// ---- reading other formats ------------------------------------------------------------------------

TEST(RasterRead, EsriAsciiGridWrittenByHand) {
    TempDir dir;
    test::write_file(dir.path() / "dem.asc",
                     "ncols 4\nnrows 3\nxllcorner 155000\nyllcorner 463000\ncellsize 2.5\nNODATA_value -9999\n"
                     "1 2 3 4\n5 -9999 7 8\n9 10 11 12.5\n");
    const Grid<float> dem = read_raster(dir.file("dem.asc"));
    ASSERT_EQ(dem.rows(), 3);
    ASSERT_EQ(dem.cols(), 4);
    EXPECT_DOUBLE_EQ(dem.spec().transform.origin_x, 155000.0);
    EXPECT_DOUBLE_EQ(dem.spec().transform.origin_y, 463007.5);  // yllcorner + 3 rows x 2.5 m
    EXPECT_DOUBLE_EQ(dem.spec().transform.cell_size_m, 2.5);
    EXPECT_TRUE(dem.spec().crs_wkt.empty());  // no .prj
    EXPECT_EQ(dem(0, 0), 1.0f);
    EXPECT_EQ(dem(0, 3), 4.0f);
    EXPECT_TRUE(std::isnan(dem(1, 1)));
    EXPECT_EQ(dem(2, 3), 12.5f);
    EXPECT_EQ(raster_info(dir.file("dem.asc")).driver, "AAIGrid");
}

TEST(RasterRead, SouthUpGridIsFlippedSoRowZeroIsNorth) {
    TempDir dir;
    // File row 0 is the southern edge (positive y pixel size).
    const std::array<double, 6> south_up = {1000.0, 10.0, 0.0, 2000.0, 0.0, 10.0};
    write_plain_geotiff(dir.file("south_up.tif"), 2, 3, &south_up, {1, 2, 3, 4, 5, 6});
    const Grid<float> grid = read_raster(dir.file("south_up.tif"));
    EXPECT_DOUBLE_EQ(grid.spec().transform.origin_y, 2030.0);  // the northern edge
    EXPECT_EQ(grid(0, 0), 5.0f);
    EXPECT_EQ(grid(0, 1), 6.0f);
    EXPECT_EQ(grid(2, 0), 1.0f);
    EXPECT_EQ(grid(1, 1), 4.0f);
}

TEST(RasterRead, WindowsOfASouthUpGridEqualTheWholeGridRead) {
    TempDir dir;
    const std::array<double, 6> south_up = {1000.0, 10.0, 0.0, 2000.0, 0.0, 10.0};
    std::vector<float> values(4 * 3);
    for (std::size_t k = 0; k < values.size(); ++k) values[k] = static_cast<float>(k) + 0.5f;
    write_plain_geotiff(dir.file("south_up.tif"), 3, 4, &south_up, values);
    const Grid<float> whole = read_raster(dir.file("south_up.tif"));
    RasterWindowReader reader(dir.file("south_up.tif"));
    EXPECT_EQ(reader.info().spec.rows, 4);
    EXPECT_DOUBLE_EQ(reader.info().spec.transform.origin_y, whole.spec().transform.origin_y);
    for (index_t r0 = 0; r0 < 4; ++r0)
        for (index_t c0 = 0; c0 < 3; ++c0)
            for (index_t rows = 1; r0 + rows <= 4; ++rows)
                for (index_t cols = 1; c0 + cols <= 3; ++cols) {
                    Grid<float> window(rows, cols, -1.0f);
                    reader.read(r0, c0, window.view());
                    for (index_t r = 0; r < rows; ++r)
                        for (index_t c = 0; c < cols; ++c)
                            ASSERT_EQ(window(r, c), whole(r0 + r, c0 + c)) << r0 << "," << c0 << " " << r << "," << c;
                }
    Grid<float> too_far(2, 2);
    EXPECT_THROW(reader.read(3, 0, too_far.view()), std::invalid_argument);
}

TEST(RasterCog, TiledWriterWritesWindowsExactlyAndOnlyOnCommit) {
    TempDir dir;
    const GridSpec spec = rd_spec(300, 270, 104474.0, 387608.5, 0.5);
    Grid<float> values(spec);
    for (index_t i = 0; i < values.size(); ++i) values.data()[i] = 0.25f * static_cast<float>(i % 1000) - 3.0f;
    values(299, 0) = kNaN;
    const std::string path = dir.file("tiled.tif");
    {
        TiledRasterWriter abandoned(path, spec);
        abandoned.write(0, 0, values.view().subview(0, 0, 10, 10));
    }  // no commit: nothing left behind
    EXPECT_EQ(dir.entries(), std::vector<std::string>{});
    TiledRasterWriter writer(path, spec);
    for (const auto& [r0, c0, rows, cols] :
         {std::array<index_t, 4>{0, 0, 256, 256}, {0, 256, 256, 14}, {256, 0, 44, 100}, {256, 100, 44, 170}})
        writer.write(r0, c0, values.view().subview(r0, c0, rows, cols));
    writer.commit();
    const Grid<float> back = read_raster(path);
    ASSERT_EQ(back.rows(), 300);
    ASSERT_EQ(back.cols(), 270);
    for (index_t i = 0; i < values.size(); ++i)
        if (std::isnan(values.data()[i]))
            ASSERT_TRUE(std::isnan(back.data()[i]));
        else
            ASSERT_EQ(back.data()[i], values.data()[i]) << i;
    EXPECT_DOUBLE_EQ(back.spec().transform.origin_x, 104474.0);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"tiled.tif"});
}

TEST(RasterRead, ScaleAndOffsetAreApplied) {
    TempDir dir;
    const std::array<double, 6> gt = {0.0, 1.0, 0.0, 2.0, 0.0, -1.0};
    write_plain_geotiff(dir.file("scaled.tif"), 2, 2, &gt, {100, 200, -32768, 0}, GDT_Int16);
    {
        auto dataset = gdal::DatasetPtr(GDALDataset::Open(dir.file("scaled.tif").c_str(), GDAL_OF_UPDATE));
        dataset->GetRasterBand(1)->SetScale(0.01);
        dataset->GetRasterBand(1)->SetOffset(5.0);
        dataset->GetRasterBand(1)->SetNoDataValue(-32768);
    }
    const Grid<float> grid = read_raster(dir.file("scaled.tif"));
    EXPECT_FLOAT_EQ(grid(0, 0), 6.0f);
    EXPECT_FLOAT_EQ(grid(0, 1), 7.0f);
    EXPECT_TRUE(std::isnan(grid(1, 0)));
    EXPECT_FLOAT_EQ(grid(1, 1), 5.0f);
}

TEST(RasterRead, SrtmTileIsGeographic) {
    const std::string path = kDataDir + "/twente/srtm/N52E006.hgt";
    const Grid<float> srtm = read_raster(path);
    ASSERT_EQ(srtm.rows(), 1201);
    ASSERT_EQ(srtm.cols(), 1201);
    EXPECT_TRUE(same_crs(srtm.spec().crs_wkt, "EPSG:4326"));
    EXPECT_FALSE(same_crs(srtm.spec().crs_wkt, "EPSG:28992"));
    EXPECT_NEAR(srtm.spec().transform.cell_size_m, 1.0 / 1200.0, 1e-12);  // 3 arc seconds
    EXPECT_NEAR(srtm.spec().transform.origin_x, 6.0 - 0.5 / 1200.0, 1e-9);
    EXPECT_NEAR(srtm.spec().transform.origin_y, 53.0 + 0.5 / 1200.0, 1e-9);
    const auto [low, high] =
        std::minmax_element(srtm.values().begin(), srtm.values().end(), [](float a, float b) { return !(b <= a); });
    EXPECT_GT(*low, -100.0f);  // -32768 voids became NaN, not heights
    EXPECT_LT(*high, 200.0f);
    const RasterInfo info = raster_info(path);
    EXPECT_EQ(info.driver, "SRTMHGT");
    EXPECT_EQ(info.data_type, "Int16");
    ASSERT_TRUE(info.nodata.has_value());
    EXPECT_EQ(*info.nodata, -32768.0);
}

TEST(RasterRead, UnreadableInputsAreInputErrors) {
    TempDir dir;
    EXPECT_NE(input_error_of([&] { read_raster(dir.file("absent.tif")); }).find("file not found"), std::string::npos);
    test::write_file(dir.path() / "notes.txt", "hello, this is not a raster\n");
    const std::string text = input_error_of([&] { read_raster(dir.file("notes.txt")); });
    EXPECT_NE(text.find("notes.txt"), std::string::npos) << text;
    EXPECT_NE(text.find("not a raster GDAL can read"), std::string::npos) << text;
    test::write_file(dir.path() / "empty.tif", "");
    EXPECT_NE(input_error_of([&] { read_raster(dir.file("empty.tif")); }).find("empty"), std::string::npos);

    Grid<float> grid(rd_spec(2, 2, 0.0, 2.0, 1.0));
    write_cog(dir.file("one_band.tif"), grid);
    EXPECT_NE(input_error_of([&] { read_raster(dir.file("one_band.tif"), 2); }).find("band 2"), std::string::npos);

    const std::array<double, 6> rotated = {0.0, 1.0, 0.2, 2.0, 0.1, -1.0};
    write_plain_geotiff(dir.file("rotated.tif"), 2, 2, &rotated, {1, 2, 3, 4});
    EXPECT_NE(input_error_of([&] { read_raster(dir.file("rotated.tif")); }).find("rotated"), std::string::npos);

    const std::array<double, 6> oblong = {0.0, 25.0, 0.0, 60.0, 0.0, -30.0};
    write_plain_geotiff(dir.file("oblong.tif"), 2, 2, &oblong, {1, 2, 3, 4});
    const std::string oblong_error = input_error_of([&] { raster_info(dir.file("oblong.tif")); });
    EXPECT_NE(oblong_error.find("not square (25 wide, 30 high)"), std::string::npos) << oblong_error;
    EXPECT_NE(oblong_error.find("gdalwarp -tr"), std::string::npos) << oblong_error;

    write_plain_geotiff(dir.file("no_georef.tif"), 2, 2, nullptr, {1, 2, 3, 4});
    EXPECT_NE(input_error_of([&] { read_raster(dir.file("no_georef.tif")); }).find("no georeferencing"),
              std::string::npos);
}

// ---- warping onto a grid ------------------------------------------------------------------------------

TEST(RasterOnto, SrtmTilesReachTheShippedTwenteRdGrid) {
    TempDir dir;
    const std::string mosaic = dir.file("srtm.vrt");
    const std::string tiles[] = {kDataDir + "/twente/srtm/N52E006.hgt", kDataDir + "/twente/srtm/N52E007.hgt"};
    const char* names[] = {tiles[0].c_str(), tiles[1].c_str()};
    gdal::ensure_registered();
    int usage_error = 0;
    gdal::DatasetPtr vrt(
        GDALDataset::FromHandle(GDALBuildVRT(mosaic.c_str(), 2, nullptr, names, nullptr, &usage_error)));
    ASSERT_TRUE(vrt);
    vrt.reset();

    const Grid<float> shipped = read_raster(kDataDir + "/twente/twente_srtm3_rd100m.tif");
    ASSERT_EQ(shipped.cols(), 600);
    ASSERT_EQ(shipped.rows(), 500);
    const Grid<float> warped = read_raster_onto(mosaic, shipped.spec(), Resampling::bilinear);
    EXPECT_NO_THROW(check_aligned(shipped.spec(), warped.spec(), "shipped", "warped"));
    std::vector<float> differences;
    for (std::size_t i = 0; i < warped.values().size(); ++i)
        if (!std::isnan(warped.values()[i]) && !std::isnan(shipped.values()[i]))
            differences.push_back(std::abs(warped.values()[i] - shipped.values()[i]));
    EXPECT_EQ(differences.size(), warped.values().size());  // the tiles cover the whole region
    ASSERT_FALSE(differences.empty());
    std::nth_element(differences.begin(), differences.begin() + differences.size() / 2, differences.end());
    EXPECT_LT(differences[differences.size() / 2], 2.0f);
}

TEST(RasterOnto, AggregatesOntoACoarserGridAndSkipsNodata) {
    TempDir dir;
    // 4 x 4 source at 1 m, values r * 4 + c, one nodata cell.
    Grid<float> fine(rd_spec(4, 4, 155000.0, 463004.0, 1.0));
    for (index_t r = 0; r < 4; ++r)
        for (index_t c = 0; c < 4; ++c) fine(r, c) = static_cast<float>(r * 4 + c);
    fine(2, 2) = kNaN;
    write_cog(dir.file("fine.tif"), fine);
    // 3 x 3 target at 2 m: the last row and column lie outside the source.
    const GridSpec coarse = rd_spec(3, 3, 155000.0, 463004.0, 2.0);

    const Grid<float> average = read_raster_onto(dir.file("fine.tif"), coarse, Resampling::average);
    EXPECT_FLOAT_EQ(average(0, 0), (0 + 1 + 4 + 5) / 4.0f);
    EXPECT_FLOAT_EQ(average(1, 1), (11 + 14 + 15) / 3.0f);  // the nodata cell does not count
    EXPECT_TRUE(std::isnan(average(2, 0)));
    EXPECT_TRUE(std::isnan(average(0, 2)));
    const Grid<float> low = read_raster_onto(dir.file("fine.tif"), coarse, Resampling::min);
    const Grid<float> high = read_raster_onto(dir.file("fine.tif"), coarse, Resampling::max);
    EXPECT_EQ(low(1, 1), 11.0f);
    EXPECT_EQ(high(1, 1), 15.0f);
    EXPECT_EQ(low(0, 1), 2.0f);
    EXPECT_EQ(high(0, 1), 7.0f);

    // Nearest onto a window of the source's own lattice is an exact crop.
    const GridSpec window = cropped_spec(fine.spec(), 155001.0, 463000.0, 155004.0, 463003.0);
    const Grid<float> crop = read_raster_onto(dir.file("fine.tif"), window, Resampling::nearest);
    ASSERT_EQ(crop.rows(), 3);
    ASSERT_EQ(crop.cols(), 3);
    EXPECT_EQ(crop(0, 0), fine(1, 1));
    EXPECT_EQ(crop(2, 2), fine(3, 3));
    EXPECT_TRUE(std::isnan(crop(1, 1)));
}

// ---- grid specs ---------------------------------------------------------------------------------------

TEST(RasterSpecs, CoarsenedSpecCoversTheSameExtent) {
    const GridSpec zundert = rd_spec(2124, 1986, 104474.0, 387608.0, 0.5);
    const GridSpec two_m = coarsened_spec(zundert, 2.0);
    EXPECT_EQ(two_m.cols, 497);  // 993 m / 2 m, rounded up
    EXPECT_EQ(two_m.rows, 531);  // 1062 m / 2 m
    EXPECT_DOUBLE_EQ(two_m.transform.origin_x, 104474.0);
    EXPECT_DOUBLE_EQ(two_m.transform.origin_y, 387608.0);
    EXPECT_DOUBLE_EQ(two_m.transform.cell_size_m, 2.0);
    const GridSpec twente = rd_spec(500, 600, 215000.0, 505000.0, 100.0);
    const GridSpec km = coarsened_spec(twente, 1000.0);
    EXPECT_EQ(km.cols, 60);  // exact multiples do not gain a cell
    EXPECT_EQ(km.rows, 50);
    const GridSpec odd = coarsened_spec(rd_spec(3, 3, 0.0, 0.3, 0.1), 0.3);  // 0.3 / 0.1 is not exact in binary
    EXPECT_EQ(odd.rows, 1);
    EXPECT_EQ(odd.cols, 1);
    EXPECT_THROW(coarsened_spec(twente, 50.0), InputError);
    EXPECT_THROW(coarsened_spec(twente, std::numeric_limits<double>::infinity()), InputError);
}

TEST(RasterSpecs, CroppedSpecSnapsOutwardToSourceCells) {
    const GridSpec source = rd_spec(100, 100, 1000.0, 2000.0, 10.0);  // x 1000-2000, y 1000-2000
    const GridSpec inner = cropped_spec(source, 1015.0, 1501.0, 1041.0, 1590.0);
    EXPECT_DOUBLE_EQ(inner.transform.origin_x, 1010.0);
    EXPECT_DOUBLE_EQ(inner.transform.origin_y, 1590.0);
    EXPECT_EQ(inner.cols, 4);  // 1010-1050
    EXPECT_EQ(inner.rows, 9);  // 1500-1590
    const GridSpec clipped = cropped_spec(source, 500.0, 1900.0, 1020.0, 2500.0);
    EXPECT_DOUBLE_EQ(clipped.transform.origin_x, 1000.0);
    EXPECT_DOUBLE_EQ(clipped.transform.origin_y, 2000.0);
    EXPECT_EQ(clipped.cols, 2);
    EXPECT_EQ(clipped.rows, 10);
    EXPECT_NO_THROW(check_aligned(source, GridSpec{source.rows, source.cols, source.transform, {}}, "a", "b"));
    const std::string outside = input_error_of([&] { cropped_spec(source, 3000.0, 3000.0, 4000.0, 4000.0); });
    EXPECT_NE(outside.find("does not overlap"), std::string::npos) << outside;
    EXPECT_THROW(cropped_spec(source, 2000.0, 1000.0, 2100.0, 1100.0), InputError);  // touches the edge only
    EXPECT_THROW(cropped_spec(source, 1500.0, 1500.0, 1400.0, 1600.0), InputError);  // empty window
}

// ---- alignment ----------------------------------------------------------------------------------------

TEST(RasterAlign, IdenticalGridsPassWithinTolerance) {
    const GridSpec dem = rd_spec(2124, 1986, 104474.0, 387608.0, 0.5);
    GridSpec same = dem;
    same.crs_wkt = gdal::to_wkt(gdal::srs_from_definition("EPSG:28992"));  // explicit RD = empty
    same.transform.origin_x += 1e-9;
    EXPECT_NO_THROW(check_aligned(dem, same, "dem.tif", "rain.tif"));
}

TEST(RasterAlign, EachDifferenceIsNamed) {
    const GridSpec dem = rd_spec(200, 100, 104474.0, 387608.0, 0.5);

    GridSpec wgs84 = dem;
    wgs84.crs_wkt = gdal::to_wkt(gdal::srs_from_definition("EPSG:4326"));
    const std::string crs = input_error_of([&] { check_aligned(dem, wgs84, "dem.tif", "landuse.tif"); });
    EXPECT_NE(crs.find("landuse.tif is not aligned with dem.tif"), std::string::npos) << crs;
    EXPECT_NE(crs.find("CRS differs"), std::string::npos) << crs;
    EXPECT_NE(crs.find("EPSG:28992"), std::string::npos) << crs;
    EXPECT_NE(crs.find("EPSG:4326"), std::string::npos) << crs;
    EXPECT_EQ(crs.find("cell size"), std::string::npos) << crs;

    GridSpec coarse = dem;
    coarse.transform.cell_size_m = 1.0;
    const std::string cell = input_error_of([&] { check_aligned(dem, coarse, "dem.tif", "rough.tif"); });
    EXPECT_NE(cell.find("cell size differs (dem.tif has 0.5 m cells, rough.tif has 1 m cells)"), std::string::npos)
        << cell;
    EXPECT_EQ(cell.find("CRS"), std::string::npos) << cell;

    GridSpec shifted = dem;
    shifted.transform.origin_x += 0.25;
    shifted.transform.origin_y -= 1.0;
    const std::string origin = input_error_of([&] { check_aligned(dem, shifted, "dem.tif", "rough.tif"); });
    EXPECT_NE(origin.find("origin shifted by (0.25, -1) m = (0.5, -2) cells"), std::string::npos) << origin;
    EXPECT_EQ(origin.find("extent"), std::string::npos) << origin;

    GridSpec larger = dem;
    larger.rows = 201;
    const std::string extent = input_error_of([&] { check_aligned(dem, larger, "dem.tif", "rough.tif"); });
    EXPECT_NE(extent.find("extent differs (dem.tif is 200 x 100 cells, rough.tif is 201 x 100 cells"),
              std::string::npos)
        << extent;
    EXPECT_NE(extent.find("gdalwarp -t_srs EPSG:28992 -te 104474 387508 104524 387608 -tr 0.5 0.5"), std::string::npos)
        << extent;
}

}  // namespace wn
