// `waternet bluespots` end to end: a run on a small generated DEM writes every output, and bad input exits 2.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../io/io_test_support.hpp"
#include "cli_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {
namespace {

using test::CommandResult;
using test::expect_input_error;
using test::run_cli;

// 30 × 40 cells of 1 m sloping down to the west, with two 4 × 4 pits 0.5 m deep (rows 10..13, cols 10..13 and
// 25..28). Each fills to its west rim at 2 + 0.02 (c0 − 1).
std::string write_two_pits(const test::TempDir& dir) {
    GridSpec spec{30, 40, {155000.0, 463030.0, 1.0}, {}};
    Grid<float> z(spec);
    for (index_t r = 0; r < 30; ++r)
        for (index_t c = 0; c < 40; ++c) {
            const bool pit = r >= 10 && r <= 13 && ((c >= 10 && c <= 13) || (c >= 25 && c <= 28));
            z(r, c) = static_cast<float>(2.0 + 0.02 * static_cast<double>(c) - (pit ? 0.5 : 0.0));
        }
    const std::string path = dir.file("two_pits.tif");
    write_cog(path, z);
    return path;
}

// One building just east of the first pit (cells rows 10..13, cols 14..15).
std::string write_building(const test::TempDir& dir) {
    const std::string path = dir.file("building.geojson");
    test::write_file(path, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:28992"}},
      "features":[{"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":
      [[[155014,463016],[155016,463016],[155016,463020],[155014,463020],[155014,463016]]]}}]})");
    return path;
}

// Out of core: the fill depth, the spot ids, the spot table (the fill's columns; the rest empty) and a GeoPackage of
// points, with the same ids and storage as in core; provenance says what was not computed.
TEST(CliBlueSpots, OutOfCoreWritesTheSpotTableAndIds) {
    test::TempDir dir;
    const std::string out = dir.file("run");
    const CommandResult r = run_cli("bluespots --dem " + write_two_pits(dir) +
                                    " --out-of-core --spot-points --holes outside --threads 2 --quiet --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::filesystem::path o(out);
    for (const char* file : {"fill_depth_m.tif", "spot_id.tif", "bluespots.gpkg", "bluespots.csv",
                             "bluespots_summary.json", "provenance.json"})
        EXPECT_TRUE(std::filesystem::exists(o / file)) << file;
    std::ifstream summary_file(o / "bluespots_summary.json");
    const auto summary = nlohmann::json::parse(summary_file);
    EXPECT_EQ(summary["spots"], 2);
    EXPECT_NEAR(summary["total_storage_m3"].get<double>(), 14.4, 1e-4);  // as in core: 2 × 7.2 m³
    const std::vector<VectorFeature> rows = read_features((o / "bluespots.csv").string());
    ASSERT_EQ(rows.size(), 2u);
    auto field = [](const VectorFeature& f, const char* key) {
        const auto found = f.attributes.find(key);
        return found == f.attributes.end() ? std::string() : found->second;
    };
    EXPECT_EQ(field(rows[0], "spot_id"), "1");
    EXPECT_EQ(field(rows[0], "cells"), "16");
    EXPECT_EQ(field(rows[0], "bbox_min_x"), "155010.00");  // columns 10..13, rows 10..13
    EXPECT_EQ(field(rows[0], "bbox_max_y"), "463020.00");
    EXPECT_EQ(field(rows[1], "volume_m3"), "7.2");
    EXPECT_EQ(field(rows[1], "spills_into"), "");  // not computed out of core
    EXPECT_EQ(field(rows[1], "storm_stored_m3"), "");
    const Grid<float> spot_id = read_raster((o / "spot_id.tif").string());
    EXPECT_EQ(spot_id(11, 11), 1.0f);
    EXPECT_EQ(spot_id(11, 26), 2.0f);
    const VectorInfo points = vector_info((o / "bluespots.gpkg").string());
    EXPECT_EQ(points.feature_count, 2);
    EXPECT_EQ(points.geometry_type, "Point");
    std::ifstream provenance_file(o / "provenance.json");
    const auto provenance = nlohmann::json::parse(provenance_file);
    EXPECT_EQ(provenance["parameters"]["spots"], 2);
    EXPECT_FALSE(provenance["parameters"]["scope"]["not_computed"].empty());
    EXPECT_NE(r.output.find("2 blue spots"), std::string::npos) << r.output;
}

TEST(CliBlueSpots, RunWritesAllOutputs) {
    test::TempDir dir;
    const std::string dem = write_two_pits(dir);
    const std::string out = dir.file("run");
    const CommandResult r = run_cli("bluespots --dem " + dem + " --buildings " + write_building(dir) +
                                    " --rain-mm 10 --quiet --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::filesystem::path o(out);
    for (const char* file : {"filled_depth_m.tif", "storm_depth_m.tif", "spot_id.tif", "bluespots.gpkg",
                             "bluespots.csv", "bluespots_summary.json", "provenance.json"})
        EXPECT_TRUE(std::filesystem::exists(o / file)) << file;
    for (const auto& entry : std::filesystem::directory_iterator(o))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();

    const VectorInfo info = vector_info((o / "bluespots.gpkg").string());
    EXPECT_EQ(info.layer_name, "bluespots");
    EXPECT_EQ(info.feature_count, 2);
    for (const char* attribute :
         {"spot_id", "area_m2", "max_depth_m", "volume_m3", "spill_level_m", "pour_x", "pour_y", "spills_into",
          "catchment_m2", "storm_fill_fraction", "storm_stored_m3", "buildings_touching"})
        EXPECT_NE(std::find(info.attributes.begin(), info.attributes.end(), attribute), info.attributes.end())
            << attribute;

    std::ifstream summary_file(o / "bluespots_summary.json");
    const auto summary = nlohmann::json::parse(summary_file);
    EXPECT_EQ(summary["spots"], 2);
    const auto& check = summary["volume_check"];
    EXPECT_NEAR(check["total_runoff_m3"].get<double>(), 0.010 * 1200.0, 1e-9);
    EXPECT_NEAR(check["stored_m3"].get<double>() + check["spilled_out_m3"].get<double>(), 12.0, 1e-9);
    EXPECT_LT(std::fabs(check["error_m3"].get<double>()), 1e-9);
    // Each pit holds 4 rows × (0.48 + 0.46 + 0.44 + 0.42) m = 7.2 m³ below its west rim.
    EXPECT_NEAR(summary["total_storage_m3"].get<double>(), 14.4, 1e-4);

    // The spot table: spot 1 is touched by the building, spot 2 is not.
    std::ifstream csv(o / "bluespots.csv");
    std::string header, first, second;
    std::getline(csv, header);
    std::getline(csv, first);
    std::getline(csv, second);
    EXPECT_EQ(header.substr(header.rfind(',') + 1), "buildings_touching");
    EXPECT_EQ(first.substr(0, 2), "1,");
    EXPECT_EQ(first.substr(first.rfind(',') + 1), "1");
    EXPECT_EQ(second.substr(second.rfind(',') + 1), "0");

    const Grid<float> spot_id = read_raster((o / "spot_id.tif").string());
    EXPECT_EQ(spot_id(11, 11), 1.0f);
    EXPECT_EQ(spot_id(11, 26), 2.0f);
    std::ifstream provenance_file(o / "provenance.json");
    const auto provenance = nlohmann::json::parse(provenance_file);
    EXPECT_EQ(provenance["inputs"][0]["role"], "dem");
    EXPECT_NE(r.output.find("Blue spots: 2"), std::string::npos) << r.output;
}

TEST(CliBlueSpots, LandCoverLossesReduceTheRunoffByTheClassTable) {
    // 30 mm in 1 h on grass: interception 1 mm + Horton ∫0^1h (10 + 50 e^{-2t}) mm/h dt = 10 + 25 (1 - e^-2)
    // → 31.6 mm of capacity, so grass keeps all 30 mm: nothing reaches the pits. On paved (sewer 20 mm/h,
    // storage 40 mm) 20 mm is lost and 10 mm runs off.
    test::TempDir dir;
    const std::string dem = write_two_pits(dir);
    const GridSpec spec = raster_info(dem).spec;
    auto run = [&](std::uint8_t cover_class, const std::string& name) {
        write_cog(dir.file(name + ".tif"), Grid<std::uint8_t>(spec, cover_class));
        const CommandResult r = run_cli("bluespots --dem " + dem + " --rain-mm 30 --rain-duration-h 1 --land-cover " +
                                        dir.file(name + ".tif") + " --quiet --out " + dir.file(name));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        std::ifstream summary_file(std::filesystem::path(dir.file(name)) / "bluespots_summary.json");
        return nlohmann::json::parse(summary_file)["volume_check"]["total_runoff_m3"].get<double>();
    };
    EXPECT_NEAR(run(4, "grass"), 0.0, 1e-9);
    EXPECT_NEAR(run(1, "paved"), 0.010 * static_cast<double>(spec.rows * spec.cols), 1e-6);
}

TEST(CliBlueSpots, HolesCanBeBuildings) {
    // A one-cell hole in the middle of the first pit: as a building it is raised, so the pit holds less.
    test::TempDir dir;
    const std::string dem = write_two_pits(dir);
    Grid<float> z = read_raster(dem);
    z(11, 11) = NAN;
    write_cog(dir.file("holed.tif"), z);
    auto storage = [&](const std::string& holes) {
        const CommandResult r = run_cli("bluespots --dem " + dir.file("holed.tif") + " --rain-mm 10 --holes " + holes +
                                        " --quiet --out " + dir.file(holes));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        std::ifstream summary_file(std::filesystem::path(dir.file(holes)) / "bluespots_summary.json");
        return nlohmann::json::parse(summary_file)["total_storage_m3"].get<double>();
    };
    EXPECT_LT(storage("building"), storage("fill"));
}

TEST(CliBlueSpots, BadInputExits2) {
    test::TempDir dir;
    const std::string dem = write_two_pits(dir);
    const std::string out = " --quiet --out " + dir.file("out");
    expect_input_error("bluespots --dem " + dir.file("missing.tif") + " --rain-mm 10" + out, "not found");
    expect_input_error("bluespots --dem " + dem + " --rain-mm -5" + out, "rain depth");
    expect_input_error("bluespots --dem " + dem + " --storm T9999" + out, "T100");
    expect_input_error("bluespots --dem " + dem + out, "exactly one rain");
    expect_input_error("bluespots --dem " + dem + " --rain-mm 10 --loss-mm-per-h -1" + out, "losses");
    expect_input_error("bluespots --dem " + dem + " --rain-mm 10 --min-depth -1" + out, "minimum depth");
    expect_input_error("bluespots --dem " + dem + " --rain-mm 10 --buildings " + dir.file("none.geojson") + out,
                       "not found");
    EXPECT_FALSE(std::filesystem::exists(dir.file("out") + "/bluespots.gpkg"));
}

}  // namespace
}  // namespace wn
