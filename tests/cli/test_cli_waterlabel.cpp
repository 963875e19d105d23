// `waternet waterlabel` end to end on the shipped Delft BGT: every plot approximate, the layer and the table agree
// and add up; bad input exits 2 naming the feature.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {
namespace {

using test::CommandResult;
using test::expect_input_error;
using test::run_cli;

const std::string kDelftBgt = std::string(WATERNET_DATA_DIR) + "/delft/delft_bgt_landcover.geojson";

TEST(CliWaterlabel, DelftsPlotsAreApproximateAndTheCountsAddUp) {
    test::TempDir dir;
    const std::filesystem::path out = dir.path() / "labels";
    const CommandResult r = run_cli("waterlabel --bgt " + kDelftBgt + " --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("approximate"), std::string::npos) << r.output;
    for (const char* file : {"waterlabel.gpkg", "waterlabel_all.csv", "waterlabel_summary.json", "provenance.json",
                             "result_manifest.json"})
        EXPECT_TRUE(std::filesystem::exists(out / file)) << file;
    const auto plots = read_features((out / "waterlabel.gpkg").string());
    ASSERT_GT(plots.size(), 100u);  // 160 panden in the sample, less those smaller than a cell
    for (const auto& p : plots) ASSERT_EQ(p.attributes.at("approximate"), "1") << p.attributes.at("plot_id");
    std::ifstream in(out / "waterlabel_summary.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j["plots"].get<std::size_t>(), plots.size());
    EXPECT_EQ(j["approximate_plots"].get<std::size_t>(), plots.size());
    std::size_t sum = 0;
    for (const auto& [label, n] : j["plots_per_label"].items()) sum += n.get<std::size_t>();
    EXPECT_EQ(sum, plots.size());
    EXPECT_NE(test::read_file(out / "waterlabel_all.csv").find("\"all\"," + std::to_string(plots.size()) + ","),
              std::string::npos);
}

TEST(CliWaterlabel, BadInputExits2NamingIt) {
    test::TempDir dir;
    const std::string out = " --out " + dir.file("labels");
    expect_input_error("waterlabel --bgt /nonexistent/bgt.geojson" + out, "/nonexistent/bgt.geojson");
    const auto measures = dir.path() / "measures.geojson";
    test::write_file(
        measures,
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[{"type":"Feature","properties":{"measure":"swimming_pool","name":"zwembad"},"geometry":{"type":"Point","coordinates":[84950,447500]}}]})");
    expect_input_error("waterlabel --bgt " + kDelftBgt + " --measures " + measures.string() + out,
                       "unknown measure kind 'swimming_pool'");
    expect_input_error("waterlabel --bgt " + kDelftBgt + " --cell-size 0" + out, "cell size");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "labels"));
}

}  // namespace
}  // namespace wn
