// `waternet drought` end to end: a run on the shipped KNMI file writes its outputs; bad input exits 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"

namespace wn {
namespace {

using test::CommandResult;
using test::expect_input_error;
using test::run_cli;

const std::string kKnmi = std::string(WATERNET_DATA_DIR) + "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv";

TEST(CliDrought, RunOnTheShippedRecordWritesItsOutputs) {
    test::TempDir dir;
    const std::string out = dir.file("drought");
    const CommandResult r = run_cli("drought --knmi " + kKnmi + " --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("2022"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("incomplete"), std::string::npos) << r.output;  // 2023 ends on 25 September
    const std::filesystem::path o(out);
    for (const char* file : {"drought_daily.csv", "drought_summary.json", "provenance.json"})
        EXPECT_TRUE(std::filesystem::exists(o / file)) << file;
    for (const auto& entry : std::filesystem::directory_iterator(o))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    std::ifstream in(o / "drought_summary.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    ASSERT_EQ(j["years"].size(), 3u);
    EXPECT_EQ(j["years"][1]["year"], 2022);
    EXPECT_GT(j["years"][1]["max_deficit_mm"].get<double>(), 225.0);
    EXPECT_FALSE(j["years"][2]["complete"].get<bool>());
    EXPECT_EQ(j["hottest_day"]["date"], "2022-07-19");
    EXPECT_EQ(j["provenance"]["inputs"].size(), 1u);
    std::ifstream csv(o / "drought_daily.csv");
    std::string header;
    std::getline(csv, header);
    EXPECT_EQ(header.rfind("date,rain_mm,", 0), 0u) << header;
}

TEST(CliDrought, TheClimateOptionChoosesThe2050Change) {
    const CommandResult none = run_cli("drought --knmi " + kKnmi + " --climate-2050 none");
    ASSERT_EQ(none.exit_code, 0) << none.output;
    EXPECT_NE(none.output.find("2050 estimate: none"), std::string::npos) << none.output;
    const CommandResult wh = run_cli("drought --knmi " + kKnmi);
    ASSERT_EQ(wh.exit_code, 0) << wh.output;
    // KNMI'14 WH 2050, April-September rain (knmitransformer deltas, column ave, rounded).
    EXPECT_NE(wh.output.find("2050 estimate: knmi14-wh-2050"), std::string::npos) << wh.output;
    EXPECT_NE(wh.output.find("+9.0 +3.1 -8.2 -15.6 -14.7 -2.8 %"), std::string::npos) << wh.output;
}

TEST(CliDrought, BadInputExits2) {
    expect_input_error("drought --knmi /nonexistent/knmi.csv",
                       "file not found; check the path of the KNMI hourly file");
    test::TempDir dir;
    const std::string bad = dir.file("bad.csv");
    test::write_file(bad, "# STN,YYYYMMDD,HH,T,Q\n290,20210101,1,9,0\n");
    expect_input_error("drought --knmi " + bad, "lacks required KNMI column(s) RH");
    expect_input_error("drought --knmi " + kKnmi + " --climate-2050 knmi99", "unknown 2050 climate 'knmi99'");
}

}  // namespace
}  // namespace wn
