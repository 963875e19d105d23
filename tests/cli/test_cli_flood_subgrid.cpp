// `waternet flood --cell`: the subgrid engine from the command line (hydro/subgrid_run.hpp): maps at the terrain's
// pixels, the engine in the provenance, and cells that are not whole multiples of the terrain refused with exit 2.
#include <gtest/gtest.h>

#include <cmath>
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

// A bowl of 32 × 32 cells of 1 m, lowest in the middle (RD New x 155000..155032, y 463000..463032).
std::string write_bowl(const TempDir& dir) {
    Grid<float> z(GridSpec{32, 32, {155000.0, 463032.0, 1.0}, {}}, 0.0f);
    for (index_t r = 0; r < 32; ++r) {
        for (index_t c = 0; c < 32; ++c) {
            const float x = static_cast<float>(c) - 15.5f, y = static_cast<float>(r) - 15.5f;
            z(r, c) = 2e-3f * (x * x + y * y);
        }
    }
    const std::string path = dir.file("bowl.tif");
    write_cog(path, z);
    return path;
}

TEST(CliFloodSubgrid, ACoarseCellRunsTheSubgridEngineWithMapsAtTheTerrainPixels) {
    TempDir dir;
    const std::string bowl = write_bowl(dir);
    const std::filesystem::path out = dir.file("run");
    const CommandResult r = run_cli("flood --terrain " + bowl +
                                    " --cell 4 --rain-mm-per-h 60 --rain-duration-s 600 "
                                    "--edges closed --no-losses --after-rain-s 600 --quiet --out " +
                                    out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Subgrid engine: computational cells of 4 m"), std::string::npos) << r.output;
    const Grid<float> depth = read_raster((out / "max_depth_m.tif").string());
    EXPECT_EQ(depth.rows(), 32);
    EXPECT_EQ(depth.cols(), 32);
    EXPECT_GT(depth(16, 16), depth(16, 4));  // the water gathered in the middle
    const nlohmann::json balance = read_json(out / "volume_balance.json");
    EXPECT_NEAR(balance["rain_m3"].get<double>(), 0.06 / 3600.0 * 600.0 * 32 * 32, 1e-6);
    EXPECT_NEAR(balance["final_storage_m3"].get<double>(), balance["rain_m3"].get<double>(), 1e-6);  // closed
    const nlohmann::json engine = read_json(out / "provenance.json")["parameters"]["engine"];
    EXPECT_EQ(engine["name"], "subgrid");
    EXPECT_EQ(engine["ratio"], 4);
    EXPECT_DOUBLE_EQ(engine["cell_m"].get<double>(), 4.0);
    EXPECT_DOUBLE_EQ(engine["terrain_pixel_m"].get<double>(), 1.0);

    // A cell equal to the pixel is the regular engine.
    const std::filesystem::path regular = dir.file("regular");
    ASSERT_EQ(run_cli("flood --terrain " + bowl +
                      " --cell 1 --rain-mm-per-h 60 --rain-duration-s 600 --edges closed "
                      "--no-losses --after-rain-s 0 --quiet --out " +
                      regular.string())
                  .exit_code,
              0);
    EXPECT_EQ(read_json(regular / "provenance.json")["parameters"]["engine"]["name"], "regular");
}

TEST(CliFloodSubgrid, CellsThatAreNotWholeMultiplesOfThePixelAreRefused) {
    TempDir dir;
    const std::string run = "flood --terrain " + write_bowl(dir) +
                            " --rain-mm-per-h 30 --rain-duration-s 60 --quiet --out " + dir.file("out");
    expect_input_error(run + " --cell 0.5", "finer than the terrain's 1 m pixels");
    expect_input_error(run + " --cell 2.5", "not a whole multiple of the terrain's 1 m pixels");
    expect_input_error(run + " --cell -3", "must be a positive number of metres");
    expect_input_error(run + " --cell 4 --gauge g:155010,463010", "does not take --gauge yet");
    expect_input_error(run + " --cell 4 --edges level:1.0", "does not take water-level edges yet");
}

}  // namespace
}  // namespace wn
