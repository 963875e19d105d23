// A raster without a coordinate reference system is not taken as RD New behind the user's back.
#include <gtest/gtest.h>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"

namespace wn {
namespace {

// A 20 × 20 m bowl as an ESRI ASCII grid without a .prj: no CRS.
std::string write_bowl_without_crs(const test::TempDir& dir) {
    std::string text = "ncols 20\nnrows 20\nxllcorner 155000\nyllcorner 463000\ncellsize 1\nNODATA_value -9999\n";
    for (int r = 0; r < 20; ++r) {
        for (int c = 0; c < 20; ++c) text += std::to_string(0.01 * ((r - 10) * (r - 10) + (c - 10) * (c - 10))) + " ";
        text += "\n";
    }
    test::write_file(dir.path() / "bowl.asc", text);
    return dir.file("bowl.asc");
}

TEST(CliAssumeCrs, ARasterWithoutCrsIsRefusedUnlessTheUserNamesIt) {
    test::TempDir dir;
    const std::string run =
        "flood --terrain " + write_bowl_without_crs(dir) +
        " --rain-mm-per-h 36 --rain-duration-s 60 --after-rain-s 0 --cover impermeable --quiet --out ";
    test::expect_input_error(run + dir.file("a"), "has no coordinate reference system");
    const test::CommandResult named = test::run_cli(run + dir.file("b") + " --assume-crs EPSG:28992");
    EXPECT_EQ(named.exit_code, 0) << named.output;
    test::expect_input_error(run + dir.file("c") + " --assume-crs EPSG:999999", "not a coordinate reference system");
    // A CRS in degrees is named but still refused for a simulation in metres.
    test::expect_input_error(run + dir.file("d") + " --assume-crs EPSG:4326", "metres");
}

}  // namespace
}  // namespace wn
