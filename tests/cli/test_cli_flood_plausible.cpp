// Forcing the terrain cannot mean is refused before the run, instead of a dry or absurd map with exit 0.
#include <gtest/gtest.h>

#include <fstream>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn {
namespace {

using test::expect_input_error;

// A 30 × 40 m field sloping from 1 m to 2.2 m, and the start of a flood command on it.
std::string flat_run(const test::TempDir& dir) {
    Grid<float> field(GridSpec{30, 40, {155000.0, 463030.0, 1.0}, {}}, 0.0f);
    for (index_t r = 0; r < 30; ++r)
        for (index_t c = 0; c < 40; ++c) field(r, c) = 1.0f + 0.03f * static_cast<float>(c);
    write_cog(dir.file("field.tif"), field);
    return "flood --terrain " + dir.file("field.tif") + " --cover impermeable --quiet --after-rain-s 60 --out " +
           dir.file("out") + " ";
}

TEST(CliFloodPlausible, WaterLevelsFarOutsideTheTerrainAreRefused) {
    test::TempDir dir;
    const std::string run = flat_run(dir);
    expect_input_error(run + "--edges level:1e30",
                       "water level 1e+30 m at t = 0 s lies outside the terrain's range 1.00 .. 2.17 m");
    expect_input_error(run + "--edge-west level:1e6", "lies outside the terrain's range");
    expect_input_error(run + "--edge-west level:-150", "lies outside the terrain's range");
    EXPECT_EQ(test::run_cli(run + "--edge-west level:1.5").exit_code, 0);  // a plausible level still runs
}

TEST(CliFloodPlausible, FramesCloserThanTheExchangeIntervalAreRefused) {
    test::TempDir dir;
    expect_input_error(flat_run(dir) + "--rain-mm-per-h 10 --rain-duration-s 60 --frames-every-s 0.001",
                       "frames every 0.001 s: the interval must be at least the exchange interval of 5 s");
}

TEST(CliFloodPlausible, RainRastersThatMissTheAreaAreRefused) {
    test::TempDir dir;
    // A radar frame 50 km away from the field.
    write_cog(dir.file("far.tif"), Grid<float>(GridSpec{10, 10, {205000.0, 463030.0, 1.0}, {}}, 30.0f));
    std::ofstream(dir.file("radar.csv")) << "t_start_min,t_end_min,raster\n0,10,far.tif\n";
    expect_input_error(flat_run(dir) + "--rain-rasters " + dir.file("radar.csv"),
                       "do not cover the model's area anywhere");
}

}  // namespace
}  // namespace wn
