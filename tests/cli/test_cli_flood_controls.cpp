// `waternet flood`'s modeller controls end to end: a river entering over the west edge of a closed basin without
// rain, roughness and losses switched by options, and every malformed control refused with exit code 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn {
namespace {

using test::CommandResult;
using test::expect_input_error;
using test::read_json;
using test::run_cli;
using test::TempDir;
using test::write_file;

// A flat 40 × 30 field of 1 m cells at 0 m: x 155000..155040, y 463000..463030 (RD New).
std::string write_field(const TempDir& dir) {
    const std::string path = dir.file("field.tif");
    write_cog(path, Grid<float>(GridSpec{30, 40, {155000.0, 463030.0, 1.0}, {}}, 0.0f));
    return path;
}

TEST(CliFloodControls, ARiverOverTheWestEdgeFillsAClosedBasinWithoutRain) {
    TempDir dir;
    const std::string field = write_field(dir);
    // 0.05 m³/s for 300 s, then a 1 s ramp to nothing: 15.025 m³ over rows 10..19 (y 463010..463020).
    write_file(dir.path() / "river.csv", "# the upstream gauge\ntime_s,discharge_m3_per_s\n0,0.05\n300,0.05\n301,0\n");
    const std::string out = dir.file("run");
    const CommandResult r =
        run_cli("flood --terrain " + field + " --edge-inflow west:463010-463020:" + dir.file("river.csv") +
                " --edges closed --no-losses --manning 0.03 --after-rain-s 600 --quiet --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const nlohmann::json balance = read_json(std::filesystem::path(out) / "volume_balance.json");
    EXPECT_NEAR(balance["edge_inflow_m3"].get<double>(), 0.05 * 300.0 + 0.025, 1e-4);
    EXPECT_EQ(balance["rain_m3"].get<double>(), 0.0);
    EXPECT_EQ(balance["inflow_m3"].get<double>(), 0.0);
    EXPECT_NEAR(balance["final_storage_m3"].get<double>(), 15.025, 1e-3);  // closed: it all stays
    EXPECT_LT(std::fabs(balance["relative_error"].get<double>()), 1e-6);
    // The water spreads from the west: after 10 minutes the east end is wet too.
    const Grid<float> depth = read_raster(std::filesystem::path(out) / "final_depth_m.tif");
    EXPECT_GT(depth(15, 39), 0.0f);

    const nlohmann::json provenance = read_json(std::filesystem::path(out) / "provenance.json");
    const nlohmann::json& edge = provenance["parameters"]["inflows"]["edges"][0];
    EXPECT_EQ(edge["edge"], "west");
    EXPECT_EQ(edge["first_row"], 10);
    EXPECT_EQ(edge["last_row"], 19);
    EXPECT_EQ(edge["hydrograph"], dir.file("river.csv"));
    EXPECT_DOUBLE_EQ(provenance["parameters"]["modeller_controls"]["manning_n"].get<double>(), 0.03);
    EXPECT_TRUE(provenance["parameters"]["modeller_controls"]["no_losses"].get<bool>());
    EXPECT_DOUBLE_EQ(provenance["parameters"]["duration_s"].get<double>(), 301.0 + 600.0);
    bool hydrograph_hashed = false;
    for (const auto& input : provenance["inputs"])
        hydrograph_hashed |=
            input["role"] == "edge_inflow_hydrograph" && input["sha256"].get<std::string>().size() == 64;
    EXPECT_TRUE(hydrograph_hashed);
    EXPECT_NE(r.output.find("Modeller controls: no losses; Manning n 0.03 for every class"), std::string::npos)
        << r.output;
}

TEST(CliFloodControls, MalformedControlsAreRefusedWithExitCode2) {
    TempDir dir;
    const std::string field = write_field(dir);
    const std::string run = "flood --terrain " + field + " --quiet --out " + dir.file("out");
    const std::string rain = " --rain-mm-per-h 30 --rain-duration-s 600";
    // Edge inflows: the form, the edge, the numbers, the segment against the grid, the hydrograph.
    expect_input_error(run + " --edge-inflow west:463010:1", "must look like EDGE:FROM-TO:HYDROGRAPH.csv");
    expect_input_error(run + " --edge-inflow west", "must look like EDGE:FROM-TO:HYDROGRAPH.csv");
    expect_input_error(run + " --edge-inflow up:463010-463020:1", "'up' is not an edge; the edges are north, east");
    expect_input_error(run + " --edge-inflow west:abc-463020:1", "segment start: 'abc' is not a number");
    expect_input_error(run + " --edge-inflow west:463010-463020:-1", "edge inflow discharge must be 0..100000 m3/s");
    expect_input_error(run + " --edge-inflow west:463020-463010:1", "runs backwards; give the lower y first");
    expect_input_error(run + " --edge-inflow west:463020-463040:1",
                       "does not lie on the west edge, which runs from y = 463000 to 463030");
    expect_input_error(run + " --edge-inflow north:463000-463010:1", "does not lie on the north edge");
    expect_input_error(run + " --edge-inflow west:463010-463020:" + dir.file("missing.csv"), "file not found");
    write_file(dir.path() / "q.csv", "time_s,q\n0,1\n");
    expect_input_error(
        run + " --edge-inflow west:463010-463020:" + dir.file("q.csv"),
        ", line 1: the header is 'time_s,q', but an edge inflow hydrograph has two columns: time_s (or time_min) and discharge_m3_per_s");
    expect_input_error(run + " --edge-west level:0.1 --edge-inflow west:463010-463020:1", "water-level boundary");
    // Roughness and tables.
    expect_input_error(run + rain + " --manning 0", "Manning's n (--manning) 0 must be more than 0");
    expect_input_error(run + rain + " --manning 3", "is implausible");
    expect_input_error(run + rain + " --roughness " + dir.file("none.tif"), "roughness file not found");
    write_file(dir.path() / "classes.csv", "code,name,manning_n\n4,grass,0.04\n4,gras,0.05\n");
    expect_input_error(run + rain + " --land-cover-table " + dir.file("classes.csv"),
                       dir.file("classes.csv") + ", line 3: column 1 (code): class 4 is already given on line 2");
    // Rain: a negative intensity named as such, and a run with nothing at all to drive it.
    expect_input_error(run + " --rain-mm-per-h -5 --rain-duration-s 600", "the intensity -5 mm/h is negative");
    expect_input_error(run + " --no-losses", "nothing drives this run");
    EXPECT_FALSE(std::filesystem::exists(dir.file("out") + "/max_depth_m.tif"));
}

}  // namespace
}  // namespace wn
