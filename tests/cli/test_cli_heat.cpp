// `waternet heat` end to end on the shipped Delft block: outputs, plausible PET for the hottest day of the
// Twenthe record, shade cooler than sun, a reference day from the command line, and exit code 2 on bad input.
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
using test::run_cli;

const std::string kData = std::string(WATERNET_DATA_DIR);
const std::string kDelft =
    "--dsm " + kData + "/delft/delft_ahn3_dsm_050cm.tif --dtm " + kData + "/delft/delft_ahn3_dtm_050cm.tif";
const std::string kDelftVectors = " --land-cover " + kData + "/delft/delft_bgt_landcover.geojson --buildings " + kData +
                                  "/delft/delft_bgt_panden.geojson";

nlohmann::json read_json(const std::filesystem::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

TEST(CliHeat, HottestDayOnTheDelftBlock) {
    test::TempDir dir;
    const std::filesystem::path out = dir.file("heat");
    const CommandResult r = run_cli("heat " + kDelft + kDelftVectors + " --day hottest --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("2022-07-19 (the hottest day of the record)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Mean PET 12-18 h"), std::string::npos) << r.output;
    for (const char* f : {"svf.tif", "pet_mean_c.tif", "pet_class.tif", "shade_fraction.tif", "building_height_m.tif",
                          "tree_height_m.tif", "uhi_max_k.tif", "cool_spots.tif", "distance_to_cool_spot_m.tif",
                          "land_cover.tif", "heat_summary.json", "provenance.json"})
        EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
    for (const auto& entry : std::filesystem::directory_iterator(out))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();

    const nlohmann::json j = read_json(out / "heat_summary.json");
    EXPECT_EQ(j["day"], "2022-07-19");
    ASSERT_EQ(j["hours"].size(), 6u);
    EXPECT_EQ(j["hours"][0]["hour_ut_end"], 11);
    EXPECT_EQ(j["hours"][5]["hour_ut_end"], 16);
    const double mean = j["pet"]["mean_c"].get<double>();
    EXPECT_GT(mean, 25.0);
    EXPECT_LT(mean, 50.0);
    EXPECT_LT(j["pet"]["mean_shade_c"].get<double>(), j["pet"]["mean_sun_c"].get<double>() - 5.0);
    for (const auto& h : j["hours"]) EXPECT_LT(h["mean_pet_shade_c"].get<double>(), h["mean_pet_sun_c"].get<double>());
    double share = 0.0;
    for (const auto& c : j["classes"]) share += c["share"].get<double>();
    EXPECT_NEAR(share, 1.0, 1e-9);
    EXPECT_EQ(j["cool_spot_access"]["buildings"], 160);
    EXPECT_EQ(j["provenance"]["inputs"].size(), 5u);  // dsm, dtm, land cover, buildings, KNMI

    // The maps agree with the summary: buildings have no PET, the classes follow the PET.
    const Grid<float> pet = read_raster((out / "pet_mean_c.tif").string());
    const Grid<float> cls = read_raster((out / "pet_class.tif").string());
    index_t valid = 0;
    for (index_t i = 0; i < pet.size(); ++i) {
        if (std::isnan(pet.data()[i])) continue;
        ++valid;
        const float p = pet.data()[i];
        const int expected = p < 23 ? 1 : p < 29 ? 2 : p < 35 ? 3 : p < 41 ? 4 : 5;
        ASSERT_EQ(static_cast<int>(cls.data()[i]), expected) << p;
    }
    EXPECT_EQ(valid, j["pet"]["cells"].get<index_t>());
    EXPECT_LT(valid, pet.size());  // roofs are left out
}

TEST(CliHeat, ReferenceDayFromTheCommandLineWithZones) {
    test::TempDir dir;
    const std::filesystem::path out = dir.file("ref");
    // Two zones: the western and the eastern half of the DSM tile (x 84808.5 .. 85072, y 447413 .. 447641).
    const std::string zones = dir.file("zones.geojson");
    test::write_file(
        zones,
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"name":"west"},"geometry":{"type":"Polygon","coordinates":[[[84800,447400],[84940,447400],[84940,447650],[84800,447650],[84800,447400]]]}},
{"type":"Feature","properties":{"name":"east"},"geometry":{"type":"Polygon","coordinates":[[[84940,447400],[85080,447400],[85080,447650],[84940,447650],[84940,447400]]]}}]})");
    const CommandResult r = run_cli("heat " + kDelft + " --zones " + zones +
                                    " --day 2015-07-01 --ta-c 30 31 32 33 33 32 --rh-pct 35 "
                                    "--wind-m-per-s 3 --global-w-m2 750 --t-min-c 17 --daily-global-w-m2 300 --out " +
                                    out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const nlohmann::json j = read_json(out / "heat_summary.json");
    EXPECT_EQ(j["day"], "2015-07-01");
    EXPECT_DOUBLE_EQ(j["hours"][3]["ta_c"].get<double>(), 33.0);
    EXPECT_NE(j["weather"]["source"].get<std::string>().find("reference day"), std::string::npos);
    ASSERT_EQ(j["provenance"]["inputs"].size(), 3u);  // dsm, dtm, zones: no KNMI file was used
    for (const auto& input : j["provenance"]["inputs"]) EXPECT_NE(input["role"], "knmi_hourly");
    const double mean = j["pet"]["mean_c"].get<double>();
    EXPECT_GT(mean, 25.0);
    EXPECT_LT(mean, 50.0);
    ASSERT_EQ(j["zones"].size(), 2u);
    index_t zone_cells = 0;
    for (const auto& z : j["zones"]) {
        double share = 0.0;
        for (const auto& c : z["class_share"]) share += c.get<double>();
        EXPECT_NEAR(share, 1.0, 1e-9);
        zone_cells += z["pet_cells"].get<index_t>();
    }
    EXPECT_EQ(zone_cells, j["pet"]["cells"].get<index_t>());  // the halves cover the tile
}

// The default day is the national reference hot day, 1 July 2015; the shipped KNMI Twenthe record does not hold
// it, and the message says so: what the file covers, which day was asked for, and what to choose instead.
TEST(CliHeat, TheDefaultReferenceDayIsNotInTheShippedRecord) {
    test::TempDir dir;
    const CommandResult r = run_cli("heat " + kDelft + " --out " + dir.file("ref"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("covers 2021-01-01 .. 2023-09-25 and does not hold 2015-07-01, the national reference hot "
                            "day of the PET map"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("--day hottest"), std::string::npos) << r.output;
}

TEST(CliHeat, BadInputExits2) {
    test::TempDir dir;
    const std::string out = " --out " + dir.file("bad");
    // DSM and DTM on different grids (the Delft DSM against the Zundert terrain).
    expect_input_error("heat --dsm " + kData + "/delft/delft_ahn3_dsm_050cm.tif --dtm " + kData +
                           "/zundert/zundert_ahn_dtm_050cm.tif" + out,
                       "DTM");
    expect_input_error("heat " + kDelft + " --day 2019-07-25" + out, "2019-07-25");  // not in the record
    expect_input_error("heat " + kDelft + " --day 2022-13-01" + out, "not a valid date");
    // Without --day a day given by numbers is the reference day 2015-07-01; it still needs its minimum temperature.
    expect_input_error("heat " + kDelft + " --ta-c 30 --rh-pct 40 --wind-m-per-s 2 --global-w-m2 800" + out,
                       "--t-min-c");
    expect_input_error(
        "heat " + kDelft + " --day hottest --ta-c 30 --rh-pct 40 --wind-m-per-s 2 --global-w-m2 800" + out,
        "--day hottest needs KNMI data");
    expect_input_error("heat " + kDelft + " --day warmest" + out, "'warmest' is not 'reference'");
    expect_input_error(
        "heat " + kDelft + " --day 2015-07-01 --ta-c 30 --rh-pct 40 --wind-m-per-s 2 --global-w-m2 800" + out,
        "--t-min-c");
    expect_input_error("heat " + kDelft + " --uhi-fraction 2" + out, "UHI fraction");
    expect_input_error("heat " + kDelft + " --svf-directions 100000" + out,
                       "use 4 to 360 sky view directions, got 100000");
}

}  // namespace
}  // namespace wn
