// Bounded readers: pipes, devices and oversized files are refused with a message, never read without end.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/text_file.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

TEST(TextFile, ReadsTextWithoutTheByteOrderMark) {
    TempDir dir;
    write_file(dir.path() / "bom.csv", "\xEF\xBB\xBFt_start_s,mm\n0,1\n");
    EXPECT_EQ(read_text_file(dir.path() / "bom.csv", "rain table"), "t_start_s,mm\n0,1\n");
    EXPECT_EQ(without_bom("\xEF\xBB\xBF"
                          "a"),
              "a");
    EXPECT_EQ(without_bom("a\xEF\xBB\xBF"), "a\xEF\xBB\xBF");
}

TEST(TextFile, RefusesPipesDevicesFoldersAndOversizedFiles) {
    TempDir dir;
    ASSERT_EQ(mkfifo(dir.file("pipe").c_str(), 0600), 0);
    EXPECT_NE(input_error_of([&] { read_text_file(dir.path() / "pipe", "KNMI hourly file"); }).find("is a FIFO"),
              std::string::npos);
    EXPECT_NE(input_error_of([&] { read_text_file("/dev/zero", "KNMI hourly file"); }).find("character device"),
              std::string::npos);
    EXPECT_NE(input_error_of([&] { read_text_file(dir.path(), "rain table"); }).find("is a folder"), std::string::npos);
    write_file(dir.path() / "big.csv", std::string(2000, 'x'));
    const std::string big = input_error_of([&] { read_text_file(dir.path() / "big.csv", "rain table", 1000); });
    EXPECT_NE(big.find("more than"), std::string::npos) << big;
    EXPECT_NE(input_error_of([&] { read_text_file(dir.path() / "none.csv", "rain table"); }).find("file not found"),
              std::string::npos);
}

TEST(RasterLimits, APipeIsNotReadAsARaster) {
    TempDir dir;
    ASSERT_EQ(mkfifo(dir.file("terrain.tif").c_str(), 0600), 0);
    const std::string message = input_error_of([&] { read_raster(dir.file("terrain.tif")); });
    EXPECT_NE(message.find("not a regular file"), std::string::npos) << message;
}

TEST(RasterLimits, AGridLargerThanMemoryIsRefusedBeforeItIsAllocated) {
    TempDir dir;
    // A VRT that declares 600 000 × 600 000 cells (1.3 TiB as float) and holds none.
    write_file(dir.path() / "huge.vrt", R"(<VRTDataset rasterXSize="600000" rasterYSize="600000"><SRS>EPSG:28992</SRS>)"
                                        R"(<GeoTransform>100000, 1, 0, 500000, 0, -1</GeoTransform>)"
                                        R"(<VRTRasterBand dataType="Float32" band="1"/></VRTDataset>)");
    const std::string message = input_error_of([&] { read_raster(dir.file("huge.vrt")); });
    EXPECT_NE(message.find("600000 × 600000 cells need"), std::string::npos) << message;
    EXPECT_NE(message.find("GiB"), std::string::npos) << message;
}

}  // namespace
}  // namespace wn
