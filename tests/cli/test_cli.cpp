// The waternet command line end to end: a small real run, and every kind of bad input giving a clear
// message and a non-zero exit (never a crash).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
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

// A 40 × 30 bowl at 1 m with a NaN hole in the middle, RD New.
std::string write_bowl(const test::TempDir& dir, const std::string& name, float fill_value = NAN,
                       bool all_nan = false) {
    GridSpec spec{30, 40, {155000.0, 463030.0, 1.0}, {}};
    Grid<float> z(spec);
    for (index_t r = 0; r < 30; ++r)
        for (index_t c = 0; c < 40; ++c)
            z(r, c) = all_nan ? NAN : static_cast<float>(0.002 * ((c - 20) * (c - 20) + (r - 15) * (r - 15)));
    z(15, 20) = fill_value;
    const std::string path = dir.file(name);
    write_cog(path, z);
    return path;
}

TEST(Cli, FloodRunWritesMapsBalanceAndProvenance) {
    test::TempDir dir;
    const std::string dem = write_bowl(dir, "bowl.tif");
    const std::string out = dir.file("run");
    const CommandResult r =
        run_cli("flood --terrain " + dem +
                " --rain-mm-per-h 60 --rain-duration-s 600 "
                "--after-rain-s 300 --edges closed --cover impermeable --gauge centre:155020.5,463015.5 "
                "--quiet --out " +
                out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const char* file : {"max_depth_m.tif", "max_velocity_m_per_s.tif", "max_hazard.tif", "final_depth_m.tif",
                             "arrival_time_10cm_s.tif", "duration_above_5cm_s.tif", "gauges.csv", "volume_balance.json",
                             "volume_balance.csv", "provenance.json"})
        EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / file)) << file;
    // Closed, impermeable bowl: all 10 mm of rain on 1200 m² is stored.
    std::ifstream balance_file(std::filesystem::path(out) / "volume_balance.json");
    const auto balance = nlohmann::json::parse(balance_file);
    EXPECT_NEAR(balance["rain_m3"].get<double>(), 12.0, 1e-4);
    EXPECT_NEAR(balance["final_storage_m3"].get<double>(), 12.0, 1e-4);
    EXPECT_LT(std::fabs(balance["relative_error"].get<double>()), 1e-6);
    std::ifstream provenance_file(std::filesystem::path(out) / "provenance.json");
    const auto provenance = nlohmann::json::parse(provenance_file);
    EXPECT_EQ(provenance["inputs"][0]["role"], "terrain");
    EXPECT_EQ(provenance["inputs"][0]["sha256"].get<std::string>().size(), 64u);
    EXPECT_NE(provenance["command_line"].get<std::string>().find("--rain-mm-per-h 60"), std::string::npos);
    EXPECT_EQ(provenance["parameters"]["nodata"]["hole_cells"], 1);
    // No temporary files left behind.
    for (const auto& entry : std::filesystem::directory_iterator(out))
        EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
    EXPECT_NE(r.output.find("relative error"), std::string::npos);
}

TEST(Cli, BadInputGivesClearErrorsAndExitCode2) {
    test::TempDir dir;
    const std::string dem = write_bowl(dir, "bowl.tif");
    const std::string out = " --quiet --out " + dir.file("out");
    const std::string rain = " --rain-mm-per-h 60 --rain-duration-s 600";
    expect_input_error("flood --terrain " + dir.file("missing.tif") + rain + out, "not found");
    {
        std::ofstream text(dir.file("notes.tif"));
        text << "this is not a raster\n";
    }
    expect_input_error("flood --terrain " + dir.file("notes.tif") + rain + out, "not a raster");
    std::ofstream(dir.file("empty.tif")).close();
    expect_input_error("flood --terrain " + dir.file("empty.tif") + rain + out, "empty");
    expect_input_error("flood --terrain " + write_bowl(dir, "void.tif", NAN, true) + rain + out, "no cells");
    expect_input_error("flood --terrain " + dem + " --rain-mm-per-h -5 --rain-duration-s 600" + out,
                       "the intensity -5 mm/h is negative");
    expect_input_error("flood --terrain " + dem + out, "nothing drives this run");
    expect_input_error("flood --terrain " + dem + " --rain-mm-per-h 5000 --rain-duration-s 600" + out, "1000");
    expect_input_error("flood --terrain " + dem + " --storm T9999" + out, "T100");
    expect_input_error("flood --terrain " + dem + rain + " --resolution 0.01" + out, "finer");
    expect_input_error("flood --terrain " + dem + rain + " --resolution 1e9" + out, "resolution");
    expect_input_error("flood --terrain " + dem + rain + " --after-rain-s 1e12" + out, "30 days");
    expect_input_error("flood --terrain " + dem + rain + " --gauge far:0,0" + out, "outside the model grid");
    expect_input_error("flood --terrain " + dem + rain + " --cover lava" + out, "unknown land cover");
    expect_input_error("flood --terrain " + dem + rain + " --edges sideways" + out, "closed, free, level");
    expect_input_error("flood --terrain " + std::string(WATERNET_DATA_DIR) + "/twente/srtm/N52E006.hgt" + rain + out,
                       "metres");
    // Nothing was written for any of the failed runs.
    EXPECT_FALSE(std::filesystem::exists(dir.file("out") + "/max_depth_m.tif"));
}

TEST(Cli, RasterRainFramesAndInflowHydrograph) {
    // Spatially varying rain: the west half gets 36 mm/h for 10 min, the east half nothing (a radar-like
    // raster list); a point inflow from a hydrograph CSV; depth frames every 120 s.
    test::TempDir dir;
    const std::string dem = write_bowl(dir, "bowl.tif", 0.45f);
    GridSpec spec{30, 40, {155000.0, 463030.0, 1.0}, {}};
    Grid<float> intensity(spec, 0.0f);
    for (index_t r = 0; r < 30; ++r)
        for (index_t c = 0; c < 20; ++c) intensity(r, c) = 36.0f;
    write_cog(dir.file("radar_000.tif"), intensity);
    {
        std::ofstream list(dir.file("radar.csv"));
        list << "t_start_min,t_end_min,raster\n0,10,radar_000.tif\n";
        std::ofstream hydrograph(dir.file("pipe.csv"));
        hydrograph << "time_s,discharge_m3_per_s\n0,0.01\n300,0.01\n301,0\n";
    }
    const std::string out = dir.file("run");
    const CommandResult r =
        run_cli("flood --terrain " + dem + " --rain-rasters " + dir.file("radar.csv") +
                " --inflow pipe:155030.5,463010.5:" + dir.file("pipe.csv") +
                " --after-rain-s 120 --edges closed --cover impermeable --frames-every-s 120 --quiet --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream balance_file(std::filesystem::path(out) / "volume_balance.json");
    const auto balance = nlohmann::json::parse(balance_file);
    EXPECT_NEAR(balance["rain_m3"].get<double>(), 0.006 * 600.0, 1e-4);  // 6 mm on the 600 m² west half
    EXPECT_NEAR(balance["inflow_m3"].get<double>(), 3.0 + 0.005, 1e-4);  // 0.01 m³/s for 300 s, 1 s ramp
    EXPECT_NEAR(balance["final_storage_m3"].get<double>(), 3.6 + 3.005, 1e-3);
    int frames = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(out) / "frames")) {
        EXPECT_EQ(entry.path().extension(), ".tif");
        ++frames;
    }
    EXPECT_EQ(frames, 7);  // t = 0, 120, ..., 720 s
}

TEST(Cli, TimeVaryingEdgeLevelFillsAFlatBasin) {
    // A flat, closed, impermeable 40 × 30 m field whose west edge sees a water level rising to 0.2 m in 5 minutes,
    // without rain: half an hour later the field stands level with it, and every cubic metre came in over that edge.
    test::TempDir dir;
    GridSpec spec{30, 40, {155000.0, 463030.0, 1.0}, {}};
    write_cog(dir.file("flat.tif"), Grid<float>(spec, 0.0f));
    {
        std::ofstream level(dir.file("level.csv"));
        level << "time_s,level_m\n0,0\n300,0.2\n";
    }
    const std::string out = dir.file("run");
    const CommandResult r = run_cli("flood --terrain " + dir.file("flat.tif") +
                                    " --after-rain-s 1800 --edges closed"
                                    " --edge-west level:" +
                                    dir.file("level.csv") + " --cover impermeable --quiet --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream balance_file(std::filesystem::path(out) / "volume_balance.json");
    const auto balance = nlohmann::json::parse(balance_file);
    const double stored = balance["final_storage_m3"].get<double>();
    EXPECT_NEAR(stored, 0.2 * 1200.0, 0.02 * 1200.0);  // level within 2 cm
    EXPECT_NEAR(balance["boundary_in_m3"].get<double>() - balance["boundary_out_m3"].get<double>(), stored, 1e-3);
    EXPECT_EQ(balance["rain_m3"].get<double>(), 0.0);
    const Grid<float> depth = read_raster(std::filesystem::path(out) / "final_depth_m.tif");
    EXPECT_NEAR(depth(15, 39), 0.2f, 0.02f);  // the far (east) end too
}

TEST(Cli, HelpListsSubcommands) {
    const CommandResult r = run_cli("--help");
    EXPECT_EQ(r.exit_code, 0);
    for (const char* sub : {"flood", "demo", "info", "storms"}) EXPECT_NE(r.output.find(sub), std::string::npos) << sub;
    EXPECT_EQ(run_cli("flood --help").exit_code, 0);
    EXPECT_NE(run_cli("no-such-command").exit_code, 0);
}

TEST(Cli, StormsListsTheStandardEventsWithTheirTotals) {
    const CommandResult r = run_cli("storms");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("T100 "), std::string::npos);
    EXPECT_NE(r.output.find("70.0"), std::string::npos);
    EXPECT_NE(r.output.find("T1000_48h"), std::string::npos);
}

}  // namespace
}  // namespace wn
