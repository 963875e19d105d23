#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "../io/io_test_support.hpp"
#include "dem_test_support.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/tiled_priority_flood.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/bluespot_job.hpp"

namespace wn::bluespots {
namespace {

using testing::first_difference;
using testing::grid_of;
using testing::kNaN;
using testing::random_dem;
using testing::random_starts;

Grid<float> tiled_fill(const Grid<float>& dem, const Tiling& tiling, int threads = 1) {
    Grid<float> filled(dem.rows(), dem.cols(), -12345.0f);  // a value no cell may keep
    GridTileReader reader(dem.view());
    GridTileWriter writer(filled.view());
    fill_depressions_tiled(reader, writer, tiling, {.threads = threads});
    return filled;
}

TEST(TiledPriorityFlood, EqualsTheSingleGridFillBitForBitOnRandomDemsAndRandomTiles) {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        std::uniform_int_distribution<index_t> side(1, 48);
        const index_t rows = side(rng), cols = side(rng);
        const Grid<float> dem = random_dem(rng, rows, cols);
        const Grid<float> expected = filled_dem(dem.view());
        std::uniform_int_distribution<index_t> tile_side(1, 20);
        const std::vector<Tiling> tilings = {
            Tiling::uniform(rows, cols, tile_side(rng), tile_side(rng)),  // most do not divide the grid
            Tiling::uniform(rows, cols, 1, tile_side(rng)),               // tiles of one row
            Tiling::uniform(rows, cols, tile_side(rng), 1),               // tiles of one column
            Tiling(rows, cols, random_starts(rng, rows, 12), random_starts(rng, cols, 12)),
        };
        for (std::size_t k = 0; k < tilings.size(); ++k) {
            const int threads = 1 + static_cast<int>(k % 2);
            const std::string where = "seed " + std::to_string(seed) + ", " + std::to_string(rows) + " x " +
                                      std::to_string(cols) + ", tiling " + std::to_string(k) + " (" +
                                      std::to_string(tilings[k].tile_rows()) + " x " +
                                      std::to_string(tilings[k].tile_cols()) + " tiles)";
            EXPECT_EQ(first_difference(tiled_fill(dem, tilings[k], threads), expected), "") << where;
        }
    }
}

// A depression whose bottom lies in all four tiles of a 6 × 6 grid cut into 3 × 3 tiles. Its rim (5) has one low
// point, 4 at row 1, column 3 (in the north-east tile), beside the outlet 0 on the grid edge: the pit fills to 4.
TEST(TiledPriorityFlood, FillsADepressionSpanningFourTilesToItsPourPoint) {
    const Grid<float> dem = grid_of({
        {9, 9, 9, 0, 9, 9},
        {9, 5, 5, 4, 5, 9},
        {9, 5, 1, 2, 5, 9},
        {9, 5, 2, 1, 5, 9},
        {9, 5, 5, 5, 5, 9},
        {9, 9, 9, 9, 9, 9},
    });
    const Grid<float> expected = grid_of({
        {9, 9, 9, 0, 9, 9},
        {9, 5, 5, 4, 5, 9},
        {9, 5, 4, 4, 5, 9},
        {9, 5, 4, 4, 5, 9},
        {9, 5, 5, 5, 5, 9},
        {9, 9, 9, 9, 9, 9},
    });
    for (const Tiling& tiling : {Tiling::uniform(6, 6, 3, 3), Tiling::uniform(6, 6, 2, 2), Tiling::uniform(6, 6, 1, 6),
                                 Tiling(6, 6, {0, 3}, {0, 2, 3})})
        EXPECT_EQ(first_difference(tiled_fill(dem, tiling), expected), "")
            << tiling.tile_rows() << " x " << tiling.tile_cols() << " tiles";
    // Close the pour point and the pit fills to the next lowest rim cell, 5; a NaN outside the rim changes nothing.
    Grid<float> closed = dem;
    closed(1, 3) = 6.0f;
    closed(5, 0) = kNaN;
    Grid<float> expected_closed = expected;
    expected_closed(1, 3) = 6.0f;
    expected_closed(5, 0) = kNaN;
    for (index_t r = 2; r <= 3; ++r)
        for (index_t c = 2; c <= 3; ++c) expected_closed(r, c) = 5.0f;
    EXPECT_EQ(first_difference(tiled_fill(closed, Tiling::uniform(6, 6, 3, 3), 2), expected_closed), "");
    // A NaN in the rim (south-west tile) makes its neighbour of 2 at (3, 2) an outlet: the pit now drains at 2, and
    // its two bottom cells of 1 (north-west and south-east tiles) fill to 2 instead of 4.
    Grid<float> drained = dem;
    drained(4, 1) = kNaN;
    Grid<float> expected_drained = drained;
    expected_drained(2, 2) = 2.0f;
    expected_drained(3, 3) = 2.0f;
    for (const Tiling& tiling : {Tiling::uniform(6, 6, 3, 3), Tiling::uniform(6, 6, 4, 1)})
        EXPECT_EQ(first_difference(tiled_fill(drained, tiling), expected_drained), "");
}

TEST(TiledPriorityFlood, TilingRejectsCutsOutsideTheGridOrOutOfOrder) {
    EXPECT_THROW(Tiling(4, 4, {0, 4}, {0}), std::invalid_argument);
    EXPECT_THROW(Tiling(4, 4, {1}, {0}), std::invalid_argument);
    EXPECT_THROW(Tiling(4, 4, {0, 2, 2}, {0}), std::invalid_argument);
    EXPECT_THROW(Tiling::uniform(4, 4, 0, 2), std::invalid_argument);
    const Tiling tiling(5, 7, {0, 1, 4}, {0, 3});
    EXPECT_EQ(tiling.tile_count(), 6);
    EXPECT_EQ(tiling.tile_of(4, 6), 5);
    const TileWindow last = tiling.window(5);
    EXPECT_EQ(last.row0, 4);
    EXPECT_EQ(last.col0, 3);
    EXPECT_EQ(last.rows, 1);
    EXPECT_EQ(last.cols, 4);
}

TEST(TiledPriorityFlood, AnInfiniteElevationInAnyTileIsAnInputError) {
    Grid<float> dem(8, 8, 1.0f);
    dem(6, 5) = std::numeric_limits<float>::infinity();
    EXPECT_THROW(tiled_fill(dem, Tiling::uniform(8, 8, 3, 3), 2), InputError);
}

// End to end through GDAL: the Zundert 0.5 m AHN cut into four GeoTIFFs of uneven size, stitched by a VRT, filled
// out of core in 256-cell tiles that do not line up with the pieces, and written tile by tile, gives the same fill
// depth bit for bit as the in-core fill of the whole file.
const std::string kZundert = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_ahn_dtm_050cm.tif";

std::string write_mosaic(const test::TempDir& dir, const Grid<float>& dem) {
    const index_t cut_row = 1000, cut_col = 700;
    const double cell = dem.spec().transform.cell_size_m;
    std::ofstream vrt(dir.file("mosaic.vrt"));
    vrt << "<VRTDataset rasterXSize=\"" << dem.cols() << "\" rasterYSize=\"" << dem.rows()
        << "\">\n<SRS>EPSG:28992</SRS>\n"
        << "<GeoTransform>" << std::to_string(dem.spec().transform.origin_x) << ", " << cell << ", 0, "
        << std::to_string(dem.spec().transform.origin_y) << ", 0, " << -cell << "</GeoTransform>\n"
        << "<VRTRasterBand dataType=\"Float32\" band=\"1\"><NoDataValue>-9999</NoDataValue>\n";
    for (const auto& [r0, rows] : {std::pair{index_t{0}, cut_row}, std::pair{cut_row, dem.rows() - cut_row}})
        for (const auto& [c0, cols] : {std::pair{index_t{0}, cut_col}, std::pair{cut_col, dem.cols() - cut_col}}) {
            GridSpec spec = dem.spec();
            spec.rows = rows;
            spec.cols = cols;
            spec.transform.origin_x += static_cast<double>(c0) * cell;
            spec.transform.origin_y -= static_cast<double>(r0) * cell;
            const std::string name = "piece_" + std::to_string(r0) + "_" + std::to_string(c0) + ".tif";
            write_cog(dir.file(name), dem.view().subview(r0, c0, rows, cols), spec);
            vrt << "<SimpleSource><SourceFilename relativeToVRT=\"1\">" << name << "</SourceFilename><SourceBand>1"
                << "</SourceBand><SrcRect xOff=\"0\" yOff=\"0\" xSize=\"" << cols << "\" ySize=\"" << rows << "\"/>"
                << "<DstRect xOff=\"" << c0 << "\" yOff=\"" << r0 << "\" xSize=\"" << cols << "\" ySize=\"" << rows
                << "\"/></SimpleSource>\n";
        }
    vrt << "</VRTRasterBand>\n</VRTDataset>\n";
    return dir.file("mosaic.vrt");
}

TEST(TiledPriorityFlood, OutOfCoreJobOnAVrtMosaicWritesTheInCoreFillDepthBitForBit) {
    const test::TempDir dir;
    const Grid<float> dem = read_raster(kZundert);
    BlueSpotJob job;
    job.dem = write_mosaic(dir, dem);
    job.out_of_core = true;
    job.holes = HolePolicy::outside;
    job.tile_cells = 256;
    job.output_dir = dir.path() / "out";
    const BlueSpotJobReport report = run_bluespot_job(job, {.threads = 2});
    const Grid<float> depth = read_raster((job.output_dir / "fill_depth_m.tif").string());
    const Grid<float> expected = fill_depth(dem.view());
    EXPECT_EQ(first_difference(depth, expected), "");
    index_t raised = 0, valid = 0;
    for (const float d : expected.values()) {
        raised += d > 0.0f;
        valid += !std::isnan(d);
    }
    EXPECT_GT(raised, 1000);  // Zundert has blue spots: the comparison is not between two grids of zeros
    EXPECT_EQ(report.raised_cells, raised);
    EXPECT_EQ(report.valid_cells, valid);
    EXPECT_EQ(report.tiles, ((dem.rows() + 255) / 256) * ((dem.cols() + 255) / 256));
    EXPECT_GT(report.peak_memory_bytes, 0.0);
    // The spot table and ids come with it; the GeoPackage of points only when asked for (spot_points).
    EXPECT_TRUE(std::filesystem::exists(job.output_dir / "bluespots.csv"));
    EXPECT_TRUE(std::filesystem::exists(job.output_dir / "spot_id.tif"));
    EXPECT_FALSE(std::filesystem::exists(job.output_dir / "bluespots.gpkg"));
}

TEST(TiledPriorityFlood, OutOfCoreJobRefusesWhatNeedsTheWholeGrid) {
    const test::TempDir dir;
    BlueSpotJob job;
    job.dem = kZundert;
    job.out_of_core = true;
    job.output_dir = dir.path() / "out";
    // Holes are filled by default; out of core they would silently become outlets.
    EXPECT_NE(test::input_error_of([&] { run_bluespot_job(job); }).find("--holes outside"), std::string::npos);
    job.holes = HolePolicy::outside;
    job.buildings = kZundert;
    EXPECT_NE(test::input_error_of([&] { run_bluespot_job(job); }).find("--buildings"), std::string::npos);
    job.buildings.reset();
    job.tile_cells = 4;
    EXPECT_NE(test::input_error_of([&] { run_bluespot_job(job); }).find("tile size"), std::string::npos);
}

}  // namespace
}  // namespace wn::bluespots
