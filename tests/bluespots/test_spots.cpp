// Blue spots and static fill–spill on hand-made DEMs with known answers, and invariants on random DEMs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "dem_test_support.hpp"
#include "waternet/bluespots/flow_directions.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/spots.hpp"
#include "waternet/core/error.hpp"

namespace wn::bluespots {
namespace {

using testing::grid_of;
using testing::kNaN;
using testing::random_dem;

struct Case {
    Grid<float> dem;
    Grid<float> filled;
    BlueSpotMap map;
};

Case analyse(Grid<float> dem, double cell_size = 1.0, float min_depth = 0.02f) {
    Case c{std::move(dem), {}, {}};
    c.filled = filled_dem(c.dem.view());
    c.map = find_blue_spots(c.dem.view(), c.filled.view(), SpotOptions{min_depth, cell_size});
    return c;
}

// A 3 × 3 pit (ground 1, centre 2) in a ring at 5 with one saddle at 4 on the east side; the outer edge is 0.
Grid<float> single_pit() {
    return grid_of({{0, 0, 0, 0, 0, 0, 0},
                    {0, 5, 5, 5, 5, 5, 0},
                    {0, 5, 1, 1, 1, 5, 0},
                    {0, 5, 1, 2, 1, 4, 0},
                    {0, 5, 1, 1, 1, 5, 0},
                    {0, 5, 5, 5, 5, 5, 0},
                    {0, 0, 0, 0, 0, 0, 0}});
}

// Pit A (two cells at 1) spills over a saddle at 5 into pit B (two cells at 2), which spills over 3 to the edge.
Grid<float> two_pits() {
    return grid_of({{0, 0, 0, 0, 0, 0, 0, 0, 0},
                    {0, 6, 6, 6, 6, 6, 6, 6, 0},
                    {0, 6, 1, 1, 5, 2, 2, 3, 0},
                    {0, 6, 6, 6, 6, 6, 6, 6, 0},
                    {0, 0, 0, 0, 0, 0, 0, 0, 0}});
}

TEST(BlueSpotSpots, SinglePitVolumeAreaDepthPourPoint) {
    const Case c = analyse(single_pit(), 2.0);  // 2 m cells: 4 m² each
    ASSERT_EQ(c.map.spots.size(), 1u);
    const BlueSpot& s = c.map.spots[0];
    EXPECT_EQ(s.id, 1);
    EXPECT_EQ(s.cells, 9);
    EXPECT_DOUBLE_EQ(s.area_m2, 36.0);
    EXPECT_DOUBLE_EQ(s.max_depth_m, 3.0);
    EXPECT_DOUBLE_EQ(s.volume_m3, (8 * 3.0 + 2.0) * 4.0);
    EXPECT_DOUBLE_EQ(s.spill_level_m, 4.0);
    EXPECT_EQ(s.pour_row, 3);
    EXPECT_EQ(s.pour_col, 5);
    EXPECT_EQ(s.spills_into, 0);
    EXPECT_EQ(s.catchment_cells, 9);  // the ring drains outwards, steeper to the 0 edge
    EXPECT_DOUBLE_EQ(s.catchment_m2, 36.0);
    EXPECT_EQ(c.map.spot_id(3, 3), 1);
    EXPECT_EQ(c.map.spot_id(3, 5), 0);
    EXPECT_EQ(c.map.spot_id(0, 0), 0);
    ASSERT_EQ(c.map.order.size(), 1u);
}

TEST(BlueSpotSpots, SinglePitPartialAndFullFill) {
    const Case c = analyse(single_pit(), 2.0);
    // 1 m of runoff: 36 m³ from the pit's own 9 cells. V(2) = 8 × 1 × 4 = 32 < 36, so the level is above the
    // centre: 4 (9 L − 10) = 36 → L = 19/9.
    const FillSpillResult r = fill_spill(c.dem.view(), c.map, 1.0);
    EXPECT_DOUBLE_EQ(r.total_runoff_m3, 49 * 4.0);
    EXPECT_DOUBLE_EQ(r.spots[0].catchment_runoff_m3, 36.0);
    EXPECT_DOUBLE_EQ(r.spots[0].stored_m3, 36.0);
    EXPECT_NEAR(r.spots[0].level_m, 19.0 / 9.0, 1e-12);
    EXPECT_NEAR(r.spots[0].fill_fraction, 36.0 / 104.0, 1e-12);
    EXPECT_NEAR(r.depth_m(3, 3), 19.0 / 9.0 - 2.0, 1e-6);
    EXPECT_NEAR(r.depth_m(2, 2), 19.0 / 9.0 - 1.0, 1e-6);
    EXPECT_EQ(r.depth_m(3, 5), 0.0f);
    EXPECT_DOUBLE_EQ(r.runoff_outside_spots_m3, 40 * 4.0);
    EXPECT_DOUBLE_EQ(r.overflow_out_m3, 0.0);
    EXPECT_NEAR(r.volume_error_m3(), 0.0, 1e-9);
    EXPECT_EQ(r.full_spots, 0);
    // 3 m: 108 m³ in, 104 stored, 4 overflow out of the domain; the level is the spill level.
    const FillSpillResult full = fill_spill(c.dem.view(), c.map, 3.0);
    EXPECT_DOUBLE_EQ(full.spots[0].stored_m3, 104.0);
    EXPECT_DOUBLE_EQ(full.spots[0].overflow_m3, 4.0);
    EXPECT_DOUBLE_EQ(full.spots[0].level_m, 4.0);
    EXPECT_DOUBLE_EQ(full.spots[0].fill_fraction, 1.0);
    EXPECT_DOUBLE_EQ(full.overflow_out_m3, 4.0);
    EXPECT_FLOAT_EQ(full.depth_m(3, 3), 2.0f);
    EXPECT_EQ(full.full_spots, 1);
    EXPECT_NEAR(full.volume_error_m3(), 0.0, 1e-9);
}

TEST(BlueSpotSpots, UpstreamPitOverflowsIntoDownstreamPit) {
    const Case c = analyse(two_pits());
    ASSERT_EQ(c.map.spots.size(), 2u);
    const BlueSpot& a = c.map.spots[0];
    const BlueSpot& b = c.map.spots[1];
    EXPECT_EQ(c.map.spot_id(2, 2), 1);
    EXPECT_EQ(c.map.spot_id(2, 6), 2);
    EXPECT_DOUBLE_EQ(a.volume_m3, 8.0);
    EXPECT_DOUBLE_EQ(a.spill_level_m, 5.0);
    EXPECT_EQ(a.spills_into, 2);
    EXPECT_EQ(a.pour_row, 2);
    EXPECT_EQ(a.pour_col, 4);
    EXPECT_DOUBLE_EQ(b.volume_m3, 2.0);
    EXPECT_DOUBLE_EQ(b.spill_level_m, 3.0);
    EXPECT_EQ(b.spills_into, 0);
    EXPECT_EQ(b.pour_row, 2);
    EXPECT_EQ(b.pour_col, 7);
    EXPECT_EQ(a.catchment_cells, 2);
    EXPECT_EQ(b.catchment_cells, 3);  // its cells and A's saddle, which drains into B on the filled surface
    EXPECT_EQ(c.map.order, (std::vector<std::int32_t>{1, 2}));

    // 6 m of runoff on A's cells only: 12 m³ → A stores 8, spills 4 → B stores 2 (full), 2 leave the domain.
    Grid<float> runoff(c.dem.rows(), c.dem.cols(), 0.0f);
    runoff(2, 2) = runoff(2, 3) = 6.0f;
    FillSpillResult r = fill_spill(c.dem.view(), c.map, runoff.view());
    EXPECT_DOUBLE_EQ(r.spots[0].stored_m3, 8.0);
    EXPECT_DOUBLE_EQ(r.spots[0].overflow_m3, 4.0);
    EXPECT_DOUBLE_EQ(r.spots[1].upstream_inflow_m3, 4.0);
    EXPECT_DOUBLE_EQ(r.spots[1].stored_m3, 2.0);
    EXPECT_DOUBLE_EQ(r.overflow_out_m3, 2.0);
    EXPECT_NEAR(r.volume_error_m3(), 0.0, 1e-12);
    // 4.5 m on A: 9 m³ → 1 m³ overflows into B, whose level rises to 2 + 1/2.
    runoff(2, 2) = runoff(2, 3) = 4.5f;
    r = fill_spill(c.dem.view(), c.map, runoff.view());
    EXPECT_DOUBLE_EQ(r.spots[1].upstream_inflow_m3, 1.0);
    EXPECT_DOUBLE_EQ(r.spots[1].level_m, 2.5);
    EXPECT_FLOAT_EQ(r.depth_m(2, 5), 0.5f);
    EXPECT_DOUBLE_EQ(r.overflow_out_m3, 0.0);
    // Uniform 5 m: A gets 10 (stores 8, spills 2); B gets 3 cells × 5 + 2 = 17, stores 2, spills 15.
    r = fill_spill(c.dem.view(), c.map, 5.0);
    EXPECT_DOUBLE_EQ(r.spots[1].inflow_m3, 17.0);
    EXPECT_DOUBLE_EQ(r.overflow_out_m3, 15.0);
    EXPECT_DOUBLE_EQ(r.total_runoff_m3, 45 * 5.0);
    EXPECT_DOUBLE_EQ(r.stored_m3, 10.0);
    EXPECT_DOUBLE_EQ(r.spilled_out_m3(), 215.0);
}

TEST(BlueSpotSpots, PitsDrainingToNodataOrEdgeAreNoSpots) {
    // A bowl whose lowest cell is no data, and a pit on the grid edge: both drain out, nothing is stored.
    Grid<float> dem = grid_of(
        {{5, 5, 5, 5, 5, 1}, {5, 3, 3, 3, 5, 5}, {5, 3, kNaN, 3, 5, 5}, {5, 3, 3, 3, 5, 5}, {5, 5, 5, 5, 5, 5}});
    const Case c = analyse(dem);
    EXPECT_TRUE(c.map.spots.empty());
    const FillSpillResult r = fill_spill(c.dem.view(), c.map, 0.07);
    EXPECT_NEAR(r.total_runoff_m3, 29 * 0.07, 1e-12);
    EXPECT_DOUBLE_EQ(r.stored_m3, 0.0);
    EXPECT_NEAR(r.spilled_out_m3(), r.total_runoff_m3, 1e-12);
    EXPECT_TRUE(std::isnan(r.depth_m(2, 2)));
}

TEST(BlueSpotSpots, ShallowCellsBelowTheMinimumDepthAreNotSpots) {
    Grid<float> dem = grid_of({{1, 1, 1, 1, 1}, {1, 0.99f, 0.5f, 0.99f, 1}, {1, 1, 1, 1, 1}});
    const Case c = analyse(dem);
    ASSERT_EQ(c.map.spots.size(), 1u);
    EXPECT_EQ(c.map.spots[0].cells, 1);
    EXPECT_EQ(c.map.spot_id(1, 1), 0);
    EXPECT_NEAR(c.map.spots[0].volume_m3, 0.5, 1e-6);
    EXPECT_EQ(analyse(dem, 1.0, 0.0f).map.spots[0].cells, 3);
    EXPECT_TRUE(analyse(dem, 1.0, 0.6f).map.spots.empty());
}

TEST(BlueSpotSpots, StageVolumeCurveIsExactAndInverse) {
    const StageVolumeCurve curve({3.0f, 1.0f, 2.0f, 1.0f}, 2.0);
    EXPECT_DOUBLE_EQ(curve.volume_at(0.5), 0.0);
    EXPECT_DOUBLE_EQ(curve.volume_at(1.0), 0.0);
    EXPECT_DOUBLE_EQ(curve.volume_at(2.0), 4.0);
    EXPECT_DOUBLE_EQ(curve.volume_at(3.0), 2.0 * (2 + 2 + 1));
    EXPECT_DOUBLE_EQ(curve.level_for(4.0), 2.0);
    EXPECT_DOUBLE_EQ(curve.level_for(2.0), 1.5);
    EXPECT_DOUBLE_EQ(curve.level_for(0.0), 1.0);
    for (double v : {0.1, 1.0, 3.9, 4.1, 7.0, 10.0, 25.0})
        EXPECT_NEAR(curve.volume_at(curve.level_for(v)), v, 1e-12) << v;
}

TEST(BlueSpotSpots, BuildingsTouchingCountsDistinctNeighbours) {
    Grid<std::int32_t> spots(5, 6, 0), buildings(5, 6, 0);
    spots(1, 1) = spots(1, 2) = spots(2, 2) = 1;  // spot 1
    spots(4, 5) = 2;                              // spot 2, in the corner
    // Building 7 covers two cells next to spot 1 (counted once), building 8 touches it diagonally,
    // building 9 is two cells away (not touching), building 3 touches spot 2.
    buildings(0, 1) = buildings(0, 2) = 7;
    buildings(3, 3) = 8;
    buildings(1, 4) = 9;
    buildings(3, 4) = 3;
    const auto counts = buildings_touching(spots.view(), buildings.view(), 3);
    EXPECT_EQ(counts, (std::vector<std::int32_t>{2, 1, 0}));
}

TEST(BlueSpotSpots, VolumeIsConservedAndLevelsRespectTheCurveOnRandomDems) {
    std::mt19937 rng(20240501);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    for (int trial = 0; trial < 150; ++trial) {
        const index_t rows = 3 + static_cast<index_t>(rng() % 40), cols = 3 + static_cast<index_t>(rng() % 40);
        const Case c = analyse(random_dem(rng, rows, cols), 0.5 + unit(rng), trial % 3 == 0 ? 0.0f : 0.02f);
        const BlueSpotMap& m = c.map;
        // Spill order is topological: a spot comes before the spot it spills into.
        std::vector<std::size_t> position(m.spots.size());
        for (std::size_t k = 0; k < m.order.size(); ++k) position[static_cast<std::size_t>(m.order[k] - 1)] = k;
        index_t catchment_total = 0, valid = 0;
        for (const BlueSpot& s : m.spots) {
            if (s.spills_into != 0) {
                EXPECT_LT(position[static_cast<std::size_t>(s.id - 1)],
                          position[static_cast<std::size_t>(s.spills_into - 1)]);
            }
            EXPECT_NE(s.spills_into, s.id);
            EXPECT_EQ(c.filled(s.pour_row, s.pour_col), static_cast<float>(s.spill_level_m));
            EXPECT_EQ(m.spot_id(s.exit_row, s.exit_col), s.id);
            EXPECT_GE(s.catchment_cells, s.cells);
            catchment_total += s.catchment_cells;
        }
        for (index_t i = 0; i < c.dem.size(); ++i) valid += !std::isnan(c.dem.data()[i]);
        EXPECT_LE(catchment_total, valid);

        const std::vector<float> losses_free{0.0f, 0.001f, 0.05f, 0.5f};
        const double uniform = losses_free[static_cast<std::size_t>(trial) % 4];
        Grid<float> runoff(rows, cols);
        for (float& v : runoff.values()) v = unit(rng) < 0.1f ? kNaN : 0.3f * unit(rng);
        for (const FillSpillResult& r :
             {fill_spill(c.dem.view(), m, uniform), fill_spill(c.dem.view(), m, runoff.view())}) {
            EXPECT_NEAR(r.volume_error_m3(), 0.0, 1e-9 * std::max(1.0, r.total_runoff_m3)) << trial;
            const auto ground = spot_ground_elevations(c.dem.view(), m);
            double depth_sum = 0.0;
            for (index_t i = 0; i < c.dem.size(); ++i)
                if (!std::isnan(r.depth_m.data()[i])) depth_sum += r.depth_m.data()[i];
            EXPECT_NEAR(depth_sum * m.cell_area_m2(), r.stored_m3, 1e-4 * std::max(1.0, r.stored_m3)) << trial;
            for (const BlueSpot& s : m.spots) {
                const SpotFill& f = r.spots[static_cast<std::size_t>(s.id - 1)];
                EXPECT_LE(f.stored_m3, s.volume_m3);
                EXPECT_GE(f.overflow_m3, 0.0);
                EXPECT_LE(f.fill_fraction, 1.0);
                if (f.stored_m3 > 0.0) {
                    EXPECT_LE(f.level_m, s.spill_level_m);
                    const StageVolumeCurve curve(ground[static_cast<std::size_t>(s.id - 1)], m.cell_area_m2());
                    EXPECT_NEAR(curve.volume_at(f.level_m), f.stored_m3, 1e-9 * std::max(1.0, s.volume_m3)) << trial;
                    EXPECT_NEAR(curve.volume_at(s.spill_level_m), s.volume_m3, 1e-6 * std::max(1.0, s.volume_m3));
                }
            }
        }
    }
}

TEST(BlueSpotSpots, RejectsBadInput) {
    const Case c = analyse(single_pit());
    EXPECT_THROW(fill_spill(c.dem.view(), c.map, -0.01), InputError);
    Grid<float> wrong(3, 3, 0.0f);
    EXPECT_THROW(fill_spill(wrong.view(), c.map, 0.01), std::invalid_argument);
    EXPECT_THROW(find_blue_spots(c.dem.view(), wrong.view()), std::invalid_argument);
    Grid<std::uint8_t> cycle(1, 2);
    cycle(0, 0) = 1;  // E
    cycle(0, 1) = 5;  // W
    Grid<float> flat(1, 2, 0.0f);
    EXPECT_THROW(find_blue_spots(flat.view(), flat.view(), cycle.view()), InputError);
}

}  // namespace
}  // namespace wn::bluespots
