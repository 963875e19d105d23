// The stress test reads each area's blue-spot table back: numbers as written, each spot given the municipality and
// water board it lies in, optional columns empty or absent, and a value that is not a number refused by its line
// and column instead of read as 0.
#include <gtest/gtest.h>

#include "../io/io_test_support.hpp"
#include "waternet/pipeline/stresstest_outputs.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

// 2 × 2 cells of 10 m: column 0 municipality 1, column 1 municipality 2; water board 3 everywhere.
AreaContext two_partners() {
    AreaContext area;
    area.grid = GridSpec{2, 2, {1000.0, 2020.0, 10.0}, {}};
    area.zones = {Grid<std::int32_t>(area.grid, 1), Grid<std::int32_t>(area.grid, 3), Grid<std::int32_t>(area.grid, 0)};
    area.zones.municipality(0, 1) = area.zones.municipality(1, 1) = 2;
    return area;
}

constexpr const char* kHeader =
    "spot_id,cells,area_m2,max_depth_m,volume_m3,spill_level_m,deepest_x,deepest_y,pour_x,pour_y,spills_into,"
    "catchment_m2,storm_inflow_m3,storm_stored_m3,storm_overflow_m3,storm_level_m,storm_fill_fraction,"
    "buildings_touching\n";

TEST(BlueSpotTable, ReadsEachSpotWithThePartnersItLiesIn) {
    TempDir dir;
    write_file(dir.path() / "bluespots.csv",
               std::string(kHeader) +
                   "1,3,300,0.4500,61.5,10.0,1005.00,2015.00,1005,2015,0,900,10,9,1,9.9,0.900000,2\n"
                   "2,1,100,0.1000,10,10.0,1015.00,2005.00,1015,2005,0,100,0,0,0,,0.000000,0\n");
    const auto rows = read_bluespot_table(dir.path() / "bluespots.csv", two_partners());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].id, 1);
    EXPECT_DOUBLE_EQ(rows[0].volume_m3, 61.5);
    EXPECT_DOUBLE_EQ(rows[0].max_depth_m, 0.45);
    EXPECT_DOUBLE_EQ(rows[0].fill_fraction, 0.9);
    EXPECT_EQ(rows[0].buildings_touching, 2);
    EXPECT_EQ(rows[0].partner, 0);      // column 0: municipality 1
    EXPECT_EQ(rows[1].partner, 1);      // column 1: municipality 2
    EXPECT_EQ(rows[1].water_board, 2);  // water board 3
}

TEST(BlueSpotTable, OptionalColumnsMayBeEmptyOrAbsentAndAHeaderAloneHasNoSpots) {
    TempDir dir;
    write_file(dir.path() / "short.csv",
               "spot_id,area_m2,max_depth_m,volume_m3,deepest_x,deepest_y,buildings_touching\n"
               "7,100,0.2,12.5,1005,2005,\n");
    const auto rows = read_bluespot_table(dir.path() / "short.csv", two_partners());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].buildings_touching, 0);
    EXPECT_DOUBLE_EQ(rows[0].fill_fraction, 0.0);
    write_file(dir.path() / "empty.csv", kHeader);
    EXPECT_TRUE(read_bluespot_table(dir.path() / "empty.csv", two_partners()).empty());
    EXPECT_TRUE(read_bluespot_table(dir.path() / "absent.csv", two_partners()).empty());
}

TEST(BlueSpotTable, AValueThatIsNotANumberIsRefusedByLineAndColumn) {
    TempDir dir;
    write_file(dir.path() / "bad.csv",
               std::string(kHeader) + "1,3,300,0.4500,lots,10.0,1005.00,2015.00,1005,2015,0,900,10,9,1,9.9,0.9,2\n");
    const std::string message = input_error_of([&] { read_bluespot_table(dir.path() / "bad.csv", two_partners()); });
    EXPECT_NE(message.find("line 2"), std::string::npos) << message;
    EXPECT_NE(message.find("volume_m3"), std::string::npos) << message;
    write_file(dir.path() / "nodepth.csv", "spot_id,area_m2,volume_m3,deepest_x,deepest_y\n1,1,1,1005,2005\n");
    EXPECT_NE(
        input_error_of([&] { read_bluespot_table(dir.path() / "nodepth.csv", two_partners()); }).find("max_depth_m"),
        std::string::npos);
}

}  // namespace
}  // namespace wn
