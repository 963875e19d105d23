// `waternet stresstest` and `waternet compare` from the command line: bad input exits 2 with a clear message.
#include <gtest/gtest.h>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"

#include <nlohmann/json.hpp>

namespace wn {
namespace {

using test::expect_input_error;
using test::TempDir;
using test::write_file;

TEST(CliStressTest, BadRegionFilesExitTwo) {
    TempDir dir;
    expect_input_error("stresstest " + dir.file("missing.toml") + " --out " + dir.file("out"), "region file not found");
    write_file(dir.path() / "typo.toml", "[regio]\nid = \"x\"\n");
    expect_input_error("stresstest " + dir.file("typo.toml") + " --out " + dir.file("out"), "region");
    expect_input_error("stresstest --area atlantis --out " + dir.file("out"), "has no area 'atlantis'");
}

TEST(CliStressTest, CompareRefusesRunsOfDifferentGrids) {
    TempDir dir;
    const std::string data = WATERNET_DATA_DIR;
    const auto base = test::run_cli("flood --terrain " + data +
                                    "/twente/twente_srtm3_rd100m.tif --resolution 2000 --storm T100 "
                                    "--after-rain-s 0 --quiet --out " +
                                    dir.file("a"));
    ASSERT_EQ(base.exit_code, 0) << base.output;
    const auto other = test::run_cli("flood --terrain " + data +
                                     "/twente/twente_srtm3_rd100m.tif --resolution 2500 --storm T100 "
                                     "--after-rain-s 0 --quiet --out " +
                                     dir.file("b"));
    ASSERT_EQ(other.exit_code, 0) << other.output;
    expect_input_error(
        "compare --area twente --base " + dir.file("a") + " --variant " + dir.file("b") + " --out " + dir.file("c"),
        "cell");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "c" / "comparison.json"));
}

TEST(CliStressTest, CompareReportsWhatMeasuresBuy) {
    TempDir dir;
    const std::string data = WATERNET_DATA_DIR;
    // Twente at 2 km: a dug basin in the Enschede area stores its volume, and less water stands on the ground.
    write_file(
        dir.path() / "m.geojson",
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)"
        R"({"type":"Feature","properties":{"measure":"storage","volume_m3":200000},"geometry":{"type":"Polygon","coordinates":[[[254000,470000],[262000,470000],[262000,476000],[254000,476000],[254000,470000]]]}}]})");
    const std::string common = "flood --terrain " + data +
                               "/twente/twente_srtm3_rd100m.tif --resolution 2000 --storm T100 "
                               "--cover impermeable --after-rain-s 600 --quiet";
    ASSERT_EQ(test::run_cli(common + " --out " + dir.file("base")).exit_code, 0);
    ASSERT_EQ(
        test::run_cli(common + " --measures " + dir.file("m.geojson") + " --out " + dir.file("variant")).exit_code, 0);
    const auto r = test::run_cli("compare --area twente --base " + dir.file("base") + " --variant " +
                                 dir.file("variant") + " --out " + dir.file("cmp"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("storage created 200000 m3"), std::string::npos) << r.output;
    const auto json = nlohmann::json::parse(test::read_file(dir.path() / "cmp" / "comparison.json"));
    EXPECT_LT(json["water_volume_variant_m3"].get<double>(), json["water_volume_base_m3"].get<double>());
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "cmp" / "depth_difference_m.tif"));
}

}  // namespace
}  // namespace wn
