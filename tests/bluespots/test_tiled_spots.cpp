#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../io/io_test_support.hpp"
#include "dem_test_support.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/spots.hpp"
#include "waternet/bluespots/tiled_priority_flood.hpp"
#include "waternet/bluespots/tiled_spots.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bluespot_job.hpp"

namespace wn::bluespots {
namespace {

using testing::first_difference;
using testing::grid_of;
using testing::random_dem;
using testing::random_starts;

// Collects spot-id tiles into a grid in memory.
class GridSpotIdWriter final : public SpotIdTileWriter {
public:
    explicit GridSpotIdWriter(GridView<std::int32_t> ids) : ids_(ids) {}
    void write(const TileWindow& w, GridView<const std::int32_t> ids) override {
        for (index_t r = 0; r < w.rows; ++r) std::copy_n(ids.row(r), w.cols, ids_.row(w.row0 + r) + w.col0);
    }

private:
    GridView<std::int32_t> ids_;
};

struct TiledRun {
    TiledSpots spots;
    Grid<std::int32_t> spot_id;
};

// The whole out-of-core chain on a grid in memory: tiled fill with labelling, merge, then the spot-id pass over the
// fill depth the fill produced.
TiledRun tiled_spots(const Grid<float>& dem, const Tiling& tiling, const SpotOptions& options, int threads) {
    Grid<float> filled(dem.rows(), dem.cols(), 0.0f);
    GridTileReader reader(dem.view());
    GridTileWriter writer(filled.view());
    TiledSpotLabeller labeller(tiling, options, threads);
    SpotLabellingWriter labelling(labeller, writer);
    fill_depressions_tiled(reader, labelling, tiling, {.threads = threads});
    TiledRun run{labeller.finish(), Grid<std::int32_t>(dem.rows(), dem.cols(), -1)};
    Grid<float> depth(dem.rows(), dem.cols());
    for (index_t i = 0; i < depth.size(); ++i) depth.data()[i] = filled.data()[i] - dem.data()[i];
    GridTileReader depth_reader(depth.view());
    GridSpotIdWriter ids(run.spot_id.view());
    write_spot_ids_tiled(depth_reader, ids, tiling, run.spots, options.min_depth_m, {.threads = threads});
    return run;
}

std::vector<BlueSpot> all_spots(const TiledSpots& spots) {
    std::vector<BlueSpot> all;
    for (std::size_t k = 0; k < spots.count(); ++k) all.push_back(spots.spot(k));
    return all;
}

// "" when the tiled spots equal the in-core ones in every field the fill alone gives, else the first difference.
std::string spot_difference(const std::vector<BlueSpot>& tiled, const std::vector<BlueSpot>& in_core) {
    if (tiled.size() != in_core.size())
        return std::to_string(tiled.size()) + " spots instead of " + std::to_string(in_core.size());
    for (std::size_t k = 0; k < tiled.size(); ++k) {
        const BlueSpot &a = tiled[k], &b = in_core[k];
        std::ostringstream why;
        if (a.id != b.id) why << "id " << a.id;
        if (a.cells != b.cells || a.area_m2 != b.area_m2) why << " cells " << a.cells << " vs " << b.cells;
        if (a.max_depth_m != b.max_depth_m) why << " max depth " << a.max_depth_m << " vs " << b.max_depth_m;
        // Summed in another order: equal up to rounding.
        if (std::fabs(a.volume_m3 - b.volume_m3) > 1e-12 * std::max(1.0, std::fabs(b.volume_m3)))
            why << " volume " << a.volume_m3 << " vs " << b.volume_m3;
        if (a.spill_level_m != b.spill_level_m) why << " spill level";
        if (a.deepest_row != b.deepest_row || a.deepest_col != b.deepest_col) why << " deepest cell";
        if (a.row_min != b.row_min || a.row_max != b.row_max || a.col_min != b.col_min || a.col_max != b.col_max)
            why << " bounding box";
        if (!why.str().empty()) return "spot " + std::to_string(b.id) + ":" + why.str();
    }
    return "";
}

TEST(TiledSpots, EqualTheInCoreSpotsAndIdsOnRandomDemsInRandomTilesAndThreads) {
    index_t spots_seen = 0, merged_across_seams = 0;
    for (unsigned seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        std::uniform_int_distribution<index_t> side(1, 48);
        const index_t rows = side(rng), cols = side(rng);
        const Grid<float> dem = random_dem(rng, rows, cols);
        const SpotOptions options{std::vector<float>{0.0f, 0.02f, 1.5f}[seed % 3], 0.5};
        const Grid<float> filled = filled_dem(dem.view());
        const BlueSpotMap expected = find_blue_spots(dem.view(), filled.view(), options);
        std::uniform_int_distribution<index_t> tile_side(1, 20);
        const std::vector<Tiling> tilings = {
            Tiling::uniform(rows, cols, tile_side(rng), tile_side(rng)),
            Tiling::uniform(rows, cols, 1, tile_side(rng)),  // tiles of one row
            Tiling::uniform(rows, cols, tile_side(rng), 1),  // tiles of one column
            Tiling::uniform(rows, cols, 1, 1),               // every cell a tile: every join is a seam
            Tiling(rows, cols, random_starts(rng, rows, 12), random_starts(rng, cols, 12)),
        };
        for (std::size_t k = 0; k < tilings.size(); ++k) {
            const int threads = 1 + static_cast<int>(k % 3);
            const std::string where = "seed " + std::to_string(seed) + ", " + std::to_string(rows) + " x " +
                                      std::to_string(cols) + ", tiling " + std::to_string(k) + ", " +
                                      std::to_string(threads) + " threads";
            const TiledRun run = tiled_spots(dem, tilings[k], options, threads);
            EXPECT_EQ(spot_difference(all_spots(run.spots), expected.spots), "") << where;
            EXPECT_EQ(first_difference(run.spot_id, expected.spot_id), "") << where;
            merged_across_seams += run.spots.fragments - static_cast<index_t>(run.spots.count());
        }
        spots_seen += static_cast<index_t>(expected.spots.size());
    }
    EXPECT_GT(spots_seen, 500);            // the DEMs have spots to compare
    EXPECT_GT(merged_across_seams, 1000);  // and the tilings cut them
}

// A spiral trench (elevation 0) in a plateau (5) whose rim is the grid edge: the trench fills to 5 and is one spot,
// however the grid is cut, with 5 m of depth in every trench cell.
Grid<float> spiral(index_t n) {
    Grid<float> dem(n, n, 5.0f);
    index_t top = 1, left = 1, bottom = n - 2, right = n - 2;
    while (top <= bottom && left <= right) {
        for (index_t c = left; c <= right; ++c) dem(top, c) = 0.0f;
        for (index_t r = top; r <= bottom; ++r) dem(r, right) = 0.0f;
        if (bottom - top >= 2)
            for (index_t c = left; c <= right; ++c) dem(bottom, c) = 0.0f;
        if (right - left >= 2 && bottom - top >= 4)
            for (index_t r = top + 2; r <= bottom; ++r) dem(r, left) = 0.0f;
        top += 2;
        left += 2;
        bottom -= 2;
        right -= 2;
        if (top <= bottom) dem(top, left - 1) = 0.0f;  // the trench turns inward
    }
    return dem;
}

TEST(TiledSpots, ASpiralCrossingManySeamsStaysOneSpot) {
    const Grid<float> dem = spiral(23);
    index_t trench = 0;
    for (const float z : dem.values()) trench += z == 0.0f;
    const Grid<float> filled = filled_dem(dem.view());
    ASSERT_EQ(find_blue_spots(dem.view(), filled.view()).spots.size(), 1u);  // the drawing is one trench
    for (const index_t tile : {1, 2, 3, 5, 7}) {
        const TiledRun run = tiled_spots(dem, Tiling::uniform(23, 23, tile, tile), SpotOptions{0.02f, 2.0}, 2);
        ASSERT_EQ(run.spots.count(), 1u) << tile;
        const BlueSpot s = run.spots.spot(0);
        EXPECT_EQ(s.cells, trench) << tile;
        EXPECT_DOUBLE_EQ(s.volume_m3, 5.0 * 4.0 * static_cast<double>(trench)) << tile;  // 5 m deep, 2 m cells
        EXPECT_EQ(s.spill_level_m, 5.0);
        EXPECT_EQ(s.deepest_row, 1);  // all equally deep: the first cell
        EXPECT_EQ(s.deepest_col, 1);
        EXPECT_EQ(s.row_min, 1);
        EXPECT_EQ(s.row_max, 21);
        EXPECT_GT(run.spots.fragments, 23 * 23 / (tile * tile) / 3) << tile;  // the spiral really was cut
        for (index_t r = 0; r < 23; ++r)
            for (index_t c = 0; c < 23; ++c) EXPECT_EQ(run.spot_id(r, c), dem(r, c) == 0.0f ? 1 : 0);
    }
}

// A U whose arms lie in different tiles and join only in the bottom tile row, next to a separate pit that comes
// first in row-major order: ids follow the first cell, not the tile the labelling met first.
TEST(TiledSpots, IdsFollowTheFirstCellInRowMajorOrder) {
    const Grid<float> dem = grid_of({
        {9, 9, 9, 9, 9, 9, 9, 9},
        {9, 1, 9, 9, 9, 9, 1, 9},
        {9, 1, 9, 9, 9, 9, 1, 9},
        {9, 1, 9, 2, 9, 9, 1, 9},
        {9, 1, 9, 9, 9, 9, 1, 9},
        {9, 1, 1, 1, 1, 1, 1, 9},
        {9, 9, 9, 9, 9, 9, 9, 9},
    });
    const TiledRun run = tiled_spots(dem, Tiling(7, 8, {0, 5}, {0, 4}), SpotOptions{}, 2);
    ASSERT_EQ(run.spots.count(), 2u);
    EXPECT_EQ(run.spots.spot(0).cells, 14);  // the U: first cell (1, 1)
    EXPECT_EQ(run.spots.spot(1).cells, 1);   // the pit at (3, 3)
    EXPECT_EQ(run.spots.spot(1).max_depth_m, 7.0);
    EXPECT_EQ(run.spot_id(1, 6), 1);
    EXPECT_EQ(run.spot_id(3, 3), 2);
    EXPECT_EQ(run.spots.fragments, 5);  // left arm, right arm, the bottom's two halves, pit
}

// Among equally deep cells the deepest point is the first in row-major order, in core as out of core: here the
// flat bottom (rows 2–3) does not hold the spot's first cell, and a depth-first walk meets (2, 2) before (2, 1).
TEST(TiledSpots, TheDeepestPointOfAFlatBottomIsItsFirstCell) {
    const Grid<float> dem = grid_of({
        {9, 9, 9, 9, 9},
        {9, 2, 2, 2, 9},
        {9, 1, 1, 1, 9},
        {9, 1, 1, 1, 9},
        {9, 9, 9, 9, 9},
    });
    const Grid<float> filled = filled_dem(dem.view());
    const BlueSpotMap map = find_blue_spots(dem.view(), filled.view());
    ASSERT_EQ(map.spots.size(), 1u);
    EXPECT_EQ(map.spots[0].deepest_row, 2);
    EXPECT_EQ(map.spots[0].deepest_col, 1);
    const TiledRun run = tiled_spots(dem, Tiling::uniform(5, 5, 2, 2), SpotOptions{}, 1);
    EXPECT_EQ(spot_difference(all_spots(run.spots), map.spots), "");
}

TEST(TiledSpots, LabelsATileInRowMajorOrderOfFirstCells) {
    const Grid<float> depth = grid_of({
        {0, 0, 0, 3},
        {1, 0, 0, 3},
        {0, 1, 0, 0},
        {0, 0, 0.01f, testing::kNaN},
    });
    Grid<std::uint32_t> labels(4, 4);
    EXPECT_EQ(label_tile_spots(depth.view(), 0.02f, labels.view()), 2u);
    EXPECT_EQ(labels(0, 3), 1u);  // first cell (0, 3)
    EXPECT_EQ(labels(1, 0), 2u);
    EXPECT_EQ(labels(2, 1), 2u);  // diagonal neighbour: 8-connected
    EXPECT_EQ(labels(3, 2), 0u);  // not deeper than the minimum
    EXPECT_EQ(labels(3, 3), 0u);  // no data
    Grid<std::uint32_t> wrong(3, 4);
    EXPECT_THROW(label_tile_spots(depth.view(), 0.02f, wrong.view()), std::invalid_argument);
}

// End to end through GDAL on the shipped 0.5 m AHN of Zundert: the out-of-core job in 256-cell tiles writes the
// spot table and spot ids of the in-core kernels (no data as outside in both), a CSV with the in-core columns whose
// not-computed fields are empty, and a GeoPackage of points.
TEST(TiledSpots, OutOfCoreJobOnZundertWritesTheInCoreSpotTableAndIds) {
    const std::string zundert = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_ahn_dtm_050cm.tif";
    const test::TempDir dir;
    const Grid<float> dem = read_raster(zundert);
    const Grid<float> filled = filled_dem(dem.view());
    const BlueSpotMap expected = find_blue_spots(dem.view(), filled.view(), SpotOptions{0.02f, 0.5});
    ASSERT_GT(expected.spots.size(), 100u);  // Zundert has blue spots
    BlueSpotJob job;
    job.dem = zundert;
    job.out_of_core = true;
    job.holes = HolePolicy::outside;
    job.tile_cells = 256;
    job.spot_points = true;
    job.output_dir = dir.path() / "out";
    const BlueSpotJobReport report = run_bluespot_job(job, {.threads = 2});
    EXPECT_EQ(report.spot_count, expected.spots.size());
    EXPECT_EQ(spot_difference(report.spots, expected.spots), "");  // filled for the GeoPackage (spot_points)

    const Grid<float> ids = read_raster((job.output_dir / "spot_id.tif").string());
    index_t differ = 0;
    for (index_t i = 0; i < ids.size(); ++i) {
        const float expected_id =
            expected.spot_id.data()[i] == 0 ? NAN : static_cast<float>(expected.spot_id.data()[i]);
        differ += !(ids.data()[i] == expected_id || (std::isnan(ids.data()[i]) && std::isnan(expected_id)));
    }
    EXPECT_EQ(differ, 0);

    std::ifstream csv(job.output_dir / "bluespots.csv");
    std::string header, line;
    std::getline(csv, header);
    EXPECT_EQ(header.substr(0, 60), "spot_id,cells,area_m2,max_depth_m,volume_m3,spill_level_m,de");
    EXPECT_EQ(header.substr(header.rfind(',') + 1), "buildings_touching");
    std::getline(csv, line);
    EXPECT_EQ(line.substr(0, 2), "1,");
    EXPECT_EQ(line.substr(line.size() - 10), ",,,,,,,,,,");  // pour point .. buildings: not computed
    const VectorInfo points = vector_info((job.output_dir / "bluespots.gpkg").string());
    EXPECT_EQ(points.layer_name, "bluespots");
    EXPECT_EQ(points.geometry_type, "Point");
    EXPECT_EQ(points.feature_count, static_cast<index_t>(expected.spots.size()));
    std::ifstream provenance_file(job.output_dir / "provenance.json");
    const std::string provenance((std::istreambuf_iterator<char>(provenance_file)), std::istreambuf_iterator<char>());
    EXPECT_NE(provenance.find("not_computed"), std::string::npos);
}

}  // namespace
}  // namespace wn::bluespots
