// AHN as the partners have it: a folder of GeoTIFF tiles (kaartbladen) is read as one raster. Tiles cut from the
// shipped Zundert AHN must give exactly the terrain, blue spots and flood maps the same cells give in one file, and a
// folder that cannot be a mosaic is refused with the folder and the odd tile named.
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>

#include "io_test_support.hpp"
#include "tile_cutting.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/raster_mosaic.hpp"
#include "waternet/pipeline/bluespot_job.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/inputs.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

const std::string kZundertDtm = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_ahn_dtm_050cm.tif";

// The window of the Zundert AHN the tests use (cells), in one file and as tiles of uneven sizes that do not divide it.
constexpr int kCol0 = 700, kRow0 = 800, kCols = 400, kRows = 300;

struct TiledSite {
    std::filesystem::path single, tiles;
    int tile_count = 0;
};

TiledSite make_site(const TempDir& dir, int tile_cols, int tile_rows) {
    TiledSite site{dir.path() / "single.tif", dir.path() / "tiles"};
    test::cut_window(kZundertDtm, site.single, kCol0, kRow0, kCols, kRows);
    std::filesystem::create_directories(site.tiles);
    for (int r = 0; r < kRows; r += tile_rows)
        for (int c = 0; c < kCols; c += tile_cols) {
            const auto name = site.tiles / ("M_" + std::to_string(r) + "_" + std::to_string(c) + ".TIF");
            test::cut_window(kZundertDtm, name, kCol0 + c, kRow0 + r, std::min(tile_cols, kCols - c),
                             std::min(tile_rows, kRows - r));
            ++site.tile_count;
        }
    return site;
}

// Same size and every cell the same bits (NaN counts as equal to NaN).
void expect_identical(const Grid<float>& a, const Grid<float>& b, const std::string& what) {
    ASSERT_EQ(a.rows(), b.rows()) << what;
    ASSERT_EQ(a.cols(), b.cols()) << what;
    EXPECT_DOUBLE_EQ(a.spec().transform.origin_x, b.spec().transform.origin_x) << what;
    EXPECT_DOUBLE_EQ(a.spec().transform.origin_y, b.spec().transform.origin_y) << what;
    EXPECT_DOUBLE_EQ(a.spec().transform.cell_size_m, b.spec().transform.cell_size_m) << what;
    index_t differing = 0, valid = 0;
    for (index_t i = 0; i < a.size(); ++i) {
        const float u = a.data()[i], v = b.data()[i];
        if (!std::isnan(u)) ++valid;
        if (!(std::memcmp(&u, &v, sizeof u) == 0 || (std::isnan(u) && std::isnan(v)))) ++differing;
    }
    EXPECT_EQ(differing, 0) << what;
    EXPECT_GT(valid, a.size() / 2) << what << ": the comparison must be over real heights";
}

void expect_identical_maps(const std::filesystem::path& a, const std::filesystem::path& b) {
    expect_identical(read_raster(a.string()), read_raster(b.string()), a.filename().string());
}

TEST(RasterMosaic, TilesGiveTheSameTerrainBitForBit) {
    TempDir dir;
    const TiledSite site = make_site(dir, 57, 43);  // 8 × 7 = 56 tiles, the last column and row narrower
    ASSERT_EQ(site.tile_count, 56);
    // Own cells, and averaged onto 2 m (GDAL's warper reads the mosaic).
    expect_identical(load_terrain(site.tiles, 0.0, "terrain"), load_terrain(site.single, 0.0, "terrain"),
                     "0.5 m terrain");
    expect_identical(load_terrain(site.tiles, 2.0, "terrain"), load_terrain(site.single, 2.0, "terrain"),
                     "2 m terrain");
    const RasterInfo info = raster_info(site.tiles.string());
    EXPECT_EQ(info.spec.rows, kRows);
    EXPECT_EQ(info.spec.cols, kCols);
    EXPECT_EQ(info.driver, "VRT");
}

TEST(RasterMosaic, TilesGiveTheSameBlueSpotsAndFloodMaps) {
    TempDir dir;
    const TiledSite site = make_site(dir, 64, 50);
    const auto bluespots = [&](const std::filesystem::path& dem, const std::string& name) {
        BlueSpotJob job;
        job.scenario = name;
        job.dem = dem;
        job.storm = "T100";
        job.output_dir = dir.path() / name;
        return run_bluespot_job(job);
    };
    const BlueSpotJobReport single = bluespots(site.single, "spots-single");
    const BlueSpotJobReport tiled = bluespots(site.tiles, "spots-tiles");
    ASSERT_GT(single.spots.size(), 0u);
    EXPECT_EQ(tiled.spots.size(), single.spots.size());
    EXPECT_EQ(tiled.total_volume_m3, single.total_volume_m3);
    expect_identical_maps(dir.path() / "spots-single" / "filled_depth_m.tif",
                          dir.path() / "spots-tiles" / "filled_depth_m.tif");

    const auto flood = [&](const std::filesystem::path& terrain, const std::string& name) {
        FloodJob job;
        job.scenario = name;
        job.terrain = terrain;
        job.resolution_m = 2.0;
        job.storm = "T100";
        job.after_rain_s = 0.0;
        job.output_dir = dir.path() / name;
        run_flood_job(job);
    };
    flood(site.single, "flood-single");
    flood(site.tiles, "flood-tiles");
    expect_identical_maps(dir.path() / "flood-single" / "max_depth_m.tif",
                          dir.path() / "flood-tiles" / "max_depth_m.tif");
}

// A tile of 10 × 10 one-metre cells at (x0, y0) with the given CRS ("" = RD New).
void write_tile(const std::filesystem::path& path, double x0, double y0, double cell_m = 1.0,
                const std::string& crs = "", float height_m = 5.0f) {
    GridSpec spec{10, 10, {x0, y0, cell_m}, crs};
    write_cog(path.string(), Grid<float>(spec, height_m));
}

TEST(RasterMosaic, AnEmptyFolderIsRefused) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "ahn");
    write_file(dir.path() / "ahn" / ".hidden", "x");
    const std::string message = input_error_of([&] { raster_info((dir.path() / "ahn").string()); });
    EXPECT_NE(message.find("ahn"), std::string::npos) << message;
    EXPECT_NE(message.find("no raster tiles"), std::string::npos) << message;
}

TEST(RasterMosaic, AFileThatIsNotARasterIsNamed) {
    TempDir dir;
    write_tile(dir.path() / "a.tif", 100000, 400010);
    write_file(dir.path() / "leesmij.txt", "AHN4 kaartbladen\n");
    const std::string message = input_error_of([&] { read_raster(dir.path().string()); });
    EXPECT_NE(message.find("leesmij.txt"), std::string::npos) << message;
    EXPECT_NE(message.find("not a raster"), std::string::npos) << message;
}

TEST(RasterMosaic, TilesInAnotherCrsCellSizeOrLatticeAreNamed) {
    const std::string utm = crs_wkt_from_user("EPSG:32631");
    struct Case {
        std::string odd_tile, expected;
        double x0, y0, cell;
        std::string crs;
    };
    const Case cases[] = {{"b_utm.tif", "CRS", 100010, 400010, 1.0, utm},
                          {"b_coarse.tif", "cells are 2 x 2 m", 100010, 400010, 2.0, ""},
                          {"b_shifted.tif", "not a whole number of cells", 100010.5, 400010, 1.0, ""}};
    for (const Case& c : cases) {
        TempDir dir;
        write_tile(dir.path() / "a.tif", 100000, 400010);
        write_tile(dir.path() / c.odd_tile, c.x0, c.y0, c.cell, c.crs);
        const std::string message = input_error_of([&] { load_terrain(dir.path(), 0.0, "terrain"); });
        EXPECT_NE(message.find(c.odd_tile), std::string::npos) << message;
        EXPECT_NE(message.find(c.expected), std::string::npos) << message;
    }
}

TEST(RasterMosaic, TwoTilesSideBySideFormOneGridAndOneHash) {
    TempDir dir;
    write_tile(dir.path() / "west.tif", 100000, 400010);
    write_tile(dir.path() / "east.tif", 100010, 400010);
    const Grid<float> both = read_raster(dir.path().string());
    EXPECT_EQ(both.rows(), 10);
    EXPECT_EQ(both.cols(), 20);
    EXPECT_DOUBLE_EQ(both.spec().transform.origin_x, 100000.0);
    for (float z : both.values()) EXPECT_EQ(z, 5.0f);
    // The folder's checksum follows its tiles: another tile changes it.
    const std::string before = sha256_file(dir.path());
    EXPECT_EQ(sha256_file(dir.path()), before);
    write_tile(dir.path() / "north.tif", 100000, 400020);
    EXPECT_NE(sha256_file(dir.path()), before);
    EXPECT_EQ(read_raster(dir.path().string()).rows(), 20);  // the mosaic is rebuilt for the new tile
}

// A VRT is an index over tiles: a run's input fingerprint (and so the run cache's key) must follow the tiles it reads,
// while the file's own SHA-256 (what a manifest records) stays that of its bytes.
TEST(RasterMosaic, AVrtsInputFingerprintFollowsItsTiles) {
    TempDir dir;
    write_tile(dir.path() / "west.tif", 100000, 400010);
    write_tile(dir.path() / "east.tif", 100010, 400010);
    const std::string vrt = (dir.path() / "mosaic.vrt").string();
    const std::string west = (dir.path() / "west.tif").string(), east = (dir.path() / "east.tif").string();
    const char* names[] = {west.c_str(), east.c_str()};
    gdal::ensure_registered();
    int usage_error = 0;
    GDALClose(GDALBuildVRT(vrt.c_str(), 2, nullptr, names, nullptr, &usage_error));
    ASSERT_EQ(usage_error, 0);

    const std::string fingerprint = sha256_input(vrt), bytes = sha256_file(vrt);
    EXPECT_NE(fingerprint, bytes);
    EXPECT_EQ(sha256_input(vrt), fingerprint);
    write_tile(dir.path() / "east.tif", 100010, 400010, 1.0, "", 7.0f);  // same place, other heights
    EXPECT_EQ(sha256_file(vrt), bytes);
    EXPECT_NE(sha256_input(vrt), fingerprint);
    EXPECT_EQ(sha256_input(west), sha256_file(west));  // anything but a VRT: the file's own hash
}

}  // namespace
}  // namespace wn
