// The depression hierarchy and Fill–Spill–Merge (bluespots/depression_hierarchy.hpp): hand-made nested pits with
// levels worked out by hand, the hierarchy's filled surface against Priority-Flood, and conservation, levels and
// monotonicity on many random DEMs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "dem_test_support.hpp"
#include "waternet/bluespots/depression_hierarchy.hpp"
#include "waternet/bluespots/priority_flood.hpp"
#include "waternet/bluespots/spots.hpp"
#include "waternet/core/error.hpp"

namespace wn::bluespots {
namespace {

using testing::grid_of;
using testing::kNaN;

// Two pits side by side behind a rim of 10 m, 1 m cells:
//   pit A  3 × 3 cells at 1 m (west), pit B 3 × 3 cells at 2 m (east),
//   between them a saddle column of 3 cells at 5 m, and a notch at 7 m in the east edge next to B.
// A and B are the leaves; at 5 m they merge into one lake that rises to the notch (7 m) and spills out there.
// By hand: A holds 9 × (5 − 1) = 36 m³ at 5 m, B 9 × (5 − 2) = 27 m³; the merged lake holds at 7 m
// 9 × 6 + 3 × 2 + 9 × 5 = 105 m³, of which 105 − 36 − 27 = 42 m³ above 5 m, over 21 cells.
Grid<float> twin_pits() {
    return grid_of({
        {10, 10, 10, 10, 10, 10, 10, 10, 10},
        {10, 1, 1, 1, 5, 2, 2, 2, 10},
        {10, 1, 1, 1, 5, 2, 2, 2, 7},
        {10, 1, 1, 1, 5, 2, 2, 2, 10},
        {10, 10, 10, 10, 10, 10, 10, 10, 10},
    });
}

// Runoff `depth` on the cells of one pit only (cols 1–3 for A, 5–7 for B).
Grid<float> runoff_on(bool pit_a, float depth) {
    Grid<float> g(5, 9, 0.0f);
    for (index_t r = 1; r <= 3; ++r)
        for (index_t c = 1; c <= 3; ++c) g(r, pit_a ? c : c + 4) = depth;
    return g;
}

TEST(DepressionHierarchy, TwinPitsFormTwoLeavesAndTheirMergedParent) {
    const Grid<float> dem = twin_pits();
    const DepressionHierarchy h = depression_hierarchy(dem.view());
    ASSERT_EQ(h.leaf_count, 2);
    ASSERT_EQ(h.depressions.size(), 4u);  // ocean, A, B, A ∪ B
    const std::int32_t a = h.label(2, 2), b = h.label(2, 6);
    EXPECT_NE(a, b);
    EXPECT_EQ(h.label(2, 4), a);  // the saddle drains down its steepest side, into A
    EXPECT_EQ(h.label(2, 8), b);  // the notch drains into B
    const Depression& da = h.depressions[static_cast<std::size_t>(a)];
    const Depression& db = h.depressions[static_cast<std::size_t>(b)];
    EXPECT_EQ(da.parent, 3);
    EXPECT_EQ(db.parent, 3);
    EXPECT_FLOAT_EQ(da.spill_m, 5.0f);
    EXPECT_FLOAT_EQ(db.spill_m, 5.0f);
    EXPECT_EQ(da.geolink, b);
    EXPECT_EQ(db.geolink, a);
    EXPECT_DOUBLE_EQ(da.volume_m3, 36.0);
    EXPECT_DOUBLE_EQ(db.volume_m3, 27.0);
    const Depression& m = h.depressions[3];
    EXPECT_EQ(m.parent, kNoDepression);
    EXPECT_FLOAT_EQ(m.spill_m, 7.0f);
    EXPECT_EQ(m.outlet_cell, 2u * 9u + 8u);
    EXPECT_EQ(m.geolink, kOcean);
    EXPECT_EQ(m.cells, 21);
    EXPECT_DOUBLE_EQ(m.volume_m3, 105.0);
    EXPECT_FLOAT_EQ(m.pit_m, 1.0f);
    ASSERT_EQ(h.top_order, std::vector<std::int32_t>{3});
}

TEST(DepressionHierarchy, NestedPitsFillSpillAndMergeAsWorkedOutByHand) {
    const Grid<float> dem = twin_pits();
    const DepressionHierarchy h = depression_hierarchy(dem.view());
    const std::int32_t a = h.label(2, 2), b = h.label(2, 6);
    struct Case {
        bool on_a;
        float runoff;             // m on the 9 cells of one pit
        double level_a, level_b;  // NaN = dry
        double out;               // spilled out of the model
    };
    const double nan = std::nan("");
    const std::vector<Case> cases{
        {true, 3.0f, 4.0, nan, 0.0},                            // 27 m³ in A: 1 + 27 / 9
        {true, 4.0f, 5.0, nan, 0.0},                            // exactly full
        {true, 5.0f, 5.0, 3.0, 0.0},                            // A full, 9 m³ over the saddle into B: 2 + 9 / 9
        {true, 7.0f, 5.0, 5.0, 0.0},                            // both exactly full
        {true, 8.0f, 5.0 + 9.0 / 21.0, 5.0 + 9.0 / 21.0, 0.0},  // merged: 9 m³ over 21 cells above 5 m
        {true, 15.0f, 7.0, 7.0, 30.0},                          // merged lake full at the notch, 135 − 105 out
        {false, 2.0f, nan, 4.0, 0.0},                           // 18 m³ in B: 2 + 18 / 9
        {false, 4.0f, 2.0, 5.0, 0.0},                           // B full, 9 m³ back over the saddle into A: 1 + 9 / 9
    };
    for (const Case& k : cases) {
        SCOPED_TRACE(::testing::Message() << (k.on_a ? "A " : "B ") << k.runoff);
        const Grid<float> runoff = runoff_on(k.on_a, k.runoff);
        const FsmResult r = fill_spill_merge(dem.view(), h, runoff.view());
        EXPECT_DOUBLE_EQ(r.total_runoff_m3, 9.0 * k.runoff);
        EXPECT_NEAR(r.overflow_out_m3, k.out, 1e-9);
        EXPECT_NEAR(r.volume_error_m3(), 0.0, 1e-9);
        EXPECT_NEAR(r.stored_m3, 9.0 * k.runoff - k.out, 1e-9);
        const double la = r.leaf_level_m[static_cast<std::size_t>(a)], lb = r.leaf_level_m[static_cast<std::size_t>(b)];
        if (std::isnan(k.level_a)) {
            EXPECT_TRUE(std::isnan(la) || la <= 1.0) << la;
        } else {
            EXPECT_NEAR(la, k.level_a, 1e-9);
        }
        if (std::isnan(k.level_b)) {
            EXPECT_TRUE(std::isnan(lb) || lb <= 2.0) << lb;
        } else {
            EXPECT_NEAR(lb, k.level_b, 1e-9);
        }
        // Depth grid: pit cells at their lake level, the saddle under water only once the lakes merged.
        const double depth_a = std::isnan(k.level_a) ? 0.0 : k.level_a - 1.0;
        const double depth_b = std::isnan(k.level_b) ? 0.0 : k.level_b - 2.0;
        EXPECT_NEAR(r.depth_m(2, 2), depth_a, 1e-5);
        EXPECT_NEAR(r.depth_m(2, 6), depth_b, 1e-5);
        EXPECT_NEAR(r.depth_m(2, 4), std::max(0.0, std::isnan(k.level_a) ? 0.0 : k.level_a - 5.0), 1e-5);
        EXPECT_EQ(r.depth_m(0, 0), 0.0f);
        EXPECT_EQ(r.depth_m(2, 8), 0.0f);
        double on_grid = 0.0;
        for (const float d : r.depth_m.values()) on_grid += d;
        EXPECT_NEAR(on_grid, r.stored_m3, 1e-4);
    }
}

TEST(DepressionHierarchy, PerSpotResultOfNestedPitsAndTheDifferenceWithPlainFillSpill) {
    const Grid<float> dem = twin_pits();
    const Grid<float> filled = filled_dem(dem.view());
    const BlueSpotMap map = find_blue_spots(dem.view(), filled.view());
    ASSERT_EQ(map.spots.size(), 1u);  // the filled surface sees one spot: A, saddle and B at 7 m
    EXPECT_DOUBLE_EQ(map.spots[0].volume_m3, 105.0);
    // 18 m³ on B: Fill–Spill–Merge keeps it in B (level 4, A dry); plain fill–spill spreads it over the whole
    // spot's stage–volume curve (level 2.5, water in A).
    const Grid<float> runoff = runoff_on(false, 2.0f);
    const FillSpillResult fsm = fill_spill_merge(dem.view(), map, runoff.view());
    const FillSpillResult plain = fill_spill(dem.view(), map, runoff.view());
    EXPECT_NEAR(fsm.spots[0].level_m, 4.0, 1e-9);
    EXPECT_NEAR(plain.spots[0].level_m, 2.5, 1e-9);
    EXPECT_EQ(fsm.depth_m(2, 2), 0.0f);
    EXPECT_GT(plain.depth_m(2, 2), 0.0f);
    EXPECT_NEAR(fsm.spots[0].stored_m3, 18.0, 1e-9);
    EXPECT_NEAR(fsm.spots[0].inflow_m3, 18.0, 1e-9);
    EXPECT_NEAR(fsm.spots[0].fill_fraction, 18.0 / 105.0, 1e-9);
    EXPECT_EQ(fsm.full_spots, 0);
    // Enough to fill everything: both agree, 30 m³ out over the notch.
    const FillSpillResult big = fill_spill_merge(dem.view(), map, runoff_on(true, 15.0f).view());
    EXPECT_EQ(big.full_spots, 1);
    EXPECT_DOUBLE_EQ(big.spots[0].level_m, 7.0);
    EXPECT_NEAR(big.spots[0].overflow_m3, 30.0, 1e-9);
    EXPECT_NEAR(big.overflow_out_m3, 30.0, 1e-9);
    EXPECT_NEAR(big.volume_error_m3(), 0.0, 1e-9);
}

TEST(DepressionHierarchy, OverflowOfOneTreeFillsTheNextAndPitsOnTheEdgeOrNodataAreNoDepressions) {
    // West pit (4 cells at 1; a saddle column at 6 to the east pit), east pit (5 cells at 3) whose own outlet is
    // a notch at 4 in the east edge; a pit next to no data (row 4, col 2) drains out.
    const Grid<float> dem = grid_of({
        {9, 9, 9, 9, 9, 9, 9, 9},
        {9, 1, 1, 6, 3, 3, 9, 9},
        {9, 1, 1, 6, 3, 3, 3, 4},
        {9, 9, 9, 9, 9, 9, 9, 9},
        {9, 9, 0, kNaN, 9, 9, 9, 9},
        {9, 9, 9, 9, 9, 9, 9, 9},
    });
    const DepressionHierarchy h = depression_hierarchy(dem.view());
    EXPECT_EQ(h.label(4, 2), kOcean);  // next to no data: an outlet, no pit
    EXPECT_EQ(h.leaf_count, 2);
    const std::int32_t west = h.label(1, 1), east = h.label(1, 4);
    const Depression& w = h.depressions[static_cast<std::size_t>(west)];
    const Depression& e = h.depressions[static_cast<std::size_t>(east)];
    // The east pit reaches the ocean at 4 first; the west pit meets it at 6 and becomes a top-level depression
    // that overflows into it.
    EXPECT_EQ(w.parent, kNoDepression);
    EXPECT_EQ(e.parent, kNoDepression);
    EXPECT_FLOAT_EQ(e.spill_m, 4.0f);
    EXPECT_FLOAT_EQ(w.spill_m, 6.0f);
    EXPECT_EQ(w.geolink, east);
    EXPECT_EQ(h.top_order, (std::vector<std::int32_t>{east, west}));
    EXPECT_DOUBLE_EQ(w.volume_m3, 4 * 5.0);
    EXPECT_DOUBLE_EQ(e.volume_m3, 5 * 1.0);
    // 30 m³ on the west pit: 20 stay, 10 go east, 5 stay there, 5 leave over the notch.
    Grid<float> runoff(dem.rows(), dem.cols(), 0.0f);
    for (index_t r = 1; r <= 2; ++r)
        for (index_t c = 1; c <= 2; ++c) runoff(r, c) = 7.5f;
    const FsmResult r = fill_spill_merge(dem.view(), h, runoff.view());
    EXPECT_NEAR(r.water_m3[static_cast<std::size_t>(west)], 20.0, 1e-9);
    EXPECT_NEAR(r.water_m3[static_cast<std::size_t>(east)], 5.0, 1e-9);
    EXPECT_NEAR(r.inflow_m3[static_cast<std::size_t>(east)], 10.0, 1e-9);
    EXPECT_NEAR(r.overflow_out_m3, 5.0, 1e-9);
    EXPECT_TRUE(std::isnan(r.depth_m(4, 3)));
    EXPECT_NEAR(r.depth_m(1, 1), 5.0f, 1e-6f);
    EXPECT_NEAR(r.depth_m(1, 4), 1.0f, 1e-6f);
}

TEST(DepressionHierarchy, FilledSurfaceEqualsPriorityFloodOnRandomDems) {
    std::mt19937 rng(20240611);
    for (int trial = 0; trial < 300; ++trial) {
        const index_t rows = 1 + static_cast<index_t>(rng() % 40), cols = 1 + static_cast<index_t>(rng() % 40);
        const Grid<float> dem = testing::random_dem(rng, rows, cols);
        const DepressionHierarchy h = depression_hierarchy(dem.view());
        const Grid<float> expected = filled_dem(dem.view());
        const Grid<float> got = hierarchy_filled(dem.view(), h);
        for (index_t r = 0; r < rows; ++r)
            for (index_t c = 0; c < cols; ++c) {
                if (std::isnan(expected(r, c))) {
                    ASSERT_TRUE(std::isnan(got(r, c)));
                    continue;
                }
                ASSERT_EQ(got(r, c), expected(r, c)) << "trial " << trial << " cell " << r << ", " << c;
            }
        // Structure: children below parents, spill levels rising upwards, volumes nested.
        for (std::size_t k = 1; k < h.depressions.size(); ++k) {
            const Depression& d = h.depressions[k];
            if (!d.is_leaf()) {
                for (const std::int32_t ch : {d.left, d.right}) {
                    ASSERT_LT(ch, static_cast<std::int32_t>(k));
                    ASSERT_EQ(h.depressions[static_cast<std::size_t>(ch)].parent, static_cast<std::int32_t>(k));
                    ASSERT_LE(h.depressions[static_cast<std::size_t>(ch)].spill_m, d.spill_m);
                }
                ASSERT_GE(d.volume_m3 + 1e-9, h.depressions[static_cast<std::size_t>(d.left)].volume_m3 +
                                                  h.depressions[static_cast<std::size_t>(d.right)].volume_m3);
            }
        }
    }
}

TEST(DepressionHierarchy, ConservesVolumeRespectsSpillLevelsAndIsMonotoneOnRandomDems) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    for (int trial = 0; trial < 200; ++trial) {
        const index_t rows = 2 + static_cast<index_t>(rng() % 35), cols = 2 + static_cast<index_t>(rng() % 35);
        const Grid<float> dem = testing::random_dem(rng, rows, cols);
        const DepressionHierarchy h = depression_hierarchy(dem.view(), 2.0);
        const Grid<float> filled = hierarchy_filled(dem.view(), h);
        Grid<float> runoff(rows, cols);
        for (float& v : runoff.values()) v = unit(rng) < 0.1f ? kNaN : 0.5f * unit(rng) * unit(rng);
        Grid<float> more = runoff;
        for (float& v : more.values()) v = std::isnan(v) ? v : v * 1.5f + 0.01f;
        const FsmResult a = fill_spill_merge(dem.view(), h, runoff.view());
        const FsmResult b = fill_spill_merge(dem.view(), h, more.view());
        const FsmResult flood = fill_spill_merge(dem.view(), h, 1000.0);
        for (const FsmResult* r : {&a, &b, &flood}) {
            ASSERT_NEAR(r->volume_error_m3(), 0.0, 1e-9 * (1.0 + r->total_runoff_m3)) << "trial " << trial;
            double on_grid = 0.0;
            for (index_t i = 0; i < dem.size(); ++i)
                if (!std::isnan(dem.values()[static_cast<std::size_t>(i)]))
                    on_grid += r->depth_m.values()[static_cast<std::size_t>(i)];
            ASSERT_NEAR(on_grid * 4.0, r->stored_m3, 1e-4 * (1.0 + r->stored_m3)) << "trial " << trial;
            for (std::size_t k = 1; k < h.depressions.size(); ++k) {
                ASSERT_LE(r->water_m3[k], h.depressions[k].volume_m3 + 1e-9);
                if (!std::isnan(r->level_m[k])) {
                    ASSERT_LE(r->level_m[k], h.depressions[k].spill_m);
                }
            }
        }
        for (index_t i = 0; i < dem.size(); ++i) {
            const auto s = static_cast<std::size_t>(i);
            if (std::isnan(dem.values()[s])) continue;
            // Never above the filled surface (its pour point); more rain never lowers the water.
            ASSERT_LE(dem.values()[s] + a.depth_m.values()[s], filled.values()[s] + 1e-5f);
            ASSERT_GE(b.depth_m.values()[s] + 1e-5f, a.depth_m.values()[s]) << "trial " << trial;
            // A flood fills every depression to its spill level: the filled depth.
            ASSERT_NEAR(flood.depth_m.values()[s], filled.values()[s] - dem.values()[s], 1e-5f);
        }
        ASSERT_GE(b.stored_m3 + 1e-9, a.stored_m3);
    }
}

TEST(DepressionHierarchy, PerSpotFillSpillMergeConservesVolumeOnRandomDems) {
    std::mt19937 rng(99);
    for (int trial = 0; trial < 100; ++trial) {
        const index_t rows = 2 + static_cast<index_t>(rng() % 30), cols = 2 + static_cast<index_t>(rng() % 30);
        const Grid<float> dem = testing::random_dem(rng, rows, cols);
        const Grid<float> filled = filled_dem(dem.view());
        const BlueSpotMap map = find_blue_spots(dem.view(), filled.view(), SpotOptions{0.02f, 0.5});
        for (const double runoff : {0.0, 0.01, 0.3, 100.0}) {
            const FillSpillResult r = fill_spill_merge(dem.view(), map, runoff);
            ASSERT_NEAR(r.volume_error_m3(), 0.0, 1e-9 * (1.0 + r.total_runoff_m3));
            for (std::size_t k = 0; k < map.spots.size(); ++k) {
                const SpotFill& f = r.spots[k];
                ASSERT_NEAR(f.inflow_m3, f.stored_m3 + f.overflow_m3, 1e-9 * (1.0 + f.inflow_m3));
                ASSERT_GE(f.fill_fraction, 0.0);
                ASSERT_LE(f.fill_fraction, 1.0);
                if (!std::isnan(f.level_m)) {
                    ASSERT_LE(f.level_m, map.spots[k].spill_level_m);
                }
            }
            if (runoff == 100.0) {
                ASSERT_EQ(r.full_spots, static_cast<int>(map.spots.size()));
            }
        }
    }
}

TEST(DepressionHierarchy, RejectsBadInput) {
    const Grid<float> dem = twin_pits();
    EXPECT_THROW(depression_hierarchy(dem.view(), 0.0), InputError);
    Grid<float> inf = dem;
    inf(2, 2) = std::numeric_limits<float>::infinity();
    EXPECT_THROW(depression_hierarchy(inf.view()), InputError);
    const DepressionHierarchy h = depression_hierarchy(dem.view());
    EXPECT_THROW(fill_spill_merge(dem.view(), h, -0.01), InputError);
    EXPECT_THROW(fill_spill_merge(dem.view(), h, std::nan("")), InputError);
    Grid<float> bad(5, 9, 0.0f);
    bad(1, 1) = -1.0f;
    EXPECT_THROW(fill_spill_merge(dem.view(), h, bad.view()), InputError);
    const Grid<float> wrong(4, 4, 0.0f);
    EXPECT_THROW(fill_spill_merge(wrong.view(), h, 0.01), std::invalid_argument);
}

}  // namespace
}  // namespace wn::bluespots
