// The waterlabel kernel (risk/waterlabel.hpp, risk/plots.hpp): hand-computed plots get the label their score reaches
// under the shipped bounds (data/waterlabel/scoring.toml), impossible plots are refused, counts per label add up, and
// approximate plots split a shared yard where the walking distance to two houses is equal.
#include "waternet/risk/waterlabel.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "risk_test_support.hpp"
#include "waternet/pipeline/waterlabel_scoring.hpp"
#include "waternet/risk/plots.hpp"

namespace wn::risk {
namespace {

using test::grid_of;
using test::input_error_of;

const WaterlabelScoring& shipped() {
    static const WaterlabelScoring s = read_waterlabel_scoring(default_waterlabel_scoring_toml());
    return s;
}

std::string label_of(const PlotParts& p) {
    return shipped().labels[static_cast<std::size_t>(score_plot(p, shipped()).label)].label;
}

TEST(Waterlabel, TheShippedFileHoldsTheStorageAndThePublishedBounds) {
    const WaterlabelScoring& s = shipped();
    EXPECT_EQ(s.roof_mm, 0.5);
    EXPECT_EQ(s.green_roof_mm, 20.0);
    EXPECT_EQ(s.paved_mm, 2.0);
    EXPECT_EQ(s.garden_mm, 100.0);
    ASSERT_EQ(s.labels.size(), 9u);  // STOWA/RIONED 2019: nine labels G … A++
    EXPECT_EQ(s.labels.front().label, "A++");
    EXPECT_EQ(s.labels.front().min_mm, 110.0);  // A++ from 110 mm (H2O 2019)
    EXPECT_EQ(s.labels.back().label, "G");
    EXPECT_EQ(s.labels.back().min_mm, 0.0);
}

TEST(Waterlabel, AllPavedStoresTwoMillimetres) {
    // 150 m² of paving · 2 mm = 300 l over 150 m² = 2 mm: F starts at 2 mm.
    const PlotScore s = score_plot({.plot_m2 = 150, .paved_m2 = 150}, shipped());
    EXPECT_DOUBLE_EQ(s.held_l, 300.0);
    EXPECT_DOUBLE_EQ(s.held_mm, 2.0);
    EXPECT_EQ(label_of({.plot_m2 = 150, .paved_m2 = 150}), "F");
    // Area described as nothing counts as paving: the same plot given only its area.
    EXPECT_DOUBLE_EQ(score_plot({.plot_m2 = 150}, shipped()).held_mm, 2.0);
}

TEST(Waterlabel, AllGreenStoresAHundredMillimetres) {
    // 200 m² of garden · 100 mm = 20,000 l / 200 m² = 100 mm: A+ (80 ≤ 100 < 110).
    const PlotScore s = score_plot({.plot_m2 = 200, .garden_m2 = 200}, shipped());
    EXPECT_DOUBLE_EQ(s.held_mm, 100.0);
    EXPECT_EQ(label_of({.plot_m2 = 200, .garden_m2 = 200}), "A+");
}

TEST(Waterlabel, ARainBarrelLiftsARoofAndPavingFromGToF) {
    // 60 m² roof · 0.5 mm = 30 l, 40 m² paving · 2 mm = 80 l: 110 l / 100 m² = 1.1 mm, G.
    const PlotParts bare{.plot_m2 = 100, .roof_m2 = 60, .paved_m2 = 40};
    EXPECT_DOUBLE_EQ(score_plot(bare, shipped()).held_mm, 1.1);
    EXPECT_EQ(label_of(bare), "G");
    // + a 200 l barrel: 310 l / 100 m² = 3.1 mm, F (the published "first step from G to F").
    PlotParts barrel = bare;
    barrel.rain_barrel_l = 200;
    EXPECT_DOUBLE_EQ(score_plot(barrel, shipped()).held_mm, 3.1);
    EXPECT_DOUBLE_EQ(score_plot(barrel, shipped()).barrel_l, 200.0);
    EXPECT_EQ(label_of(barrel), "F");
    // A barrel without a roof to feed it stores nothing.
    EXPECT_DOUBLE_EQ(score_plot({.plot_m2 = 100, .paved_m2 = 100, .rain_barrel_l = 200}, shipped()).held_mm, 2.0);
}

TEST(Waterlabel, AGreenRoofHoldsTwentyMillimetres) {
    // 120 m² all roof: ordinary 0.5 mm (G); all green 120 · 20 = 2,400 l / 120 m² = 20 mm (D from 20 mm).
    EXPECT_EQ(label_of({.plot_m2 = 120, .roof_m2 = 120}), "G");
    const PlotParts green{.plot_m2 = 120, .roof_m2 = 120, .green_roof_m2 = 120};
    EXPECT_DOUBLE_EQ(score_plot(green, shipped()).held_mm, 20.0);
    EXPECT_EQ(label_of(green), "D");
    // Half green roof, half garden: 50·20 + 50·100 = 6,000 l / 100 m² = 60 mm, A.
    EXPECT_EQ(label_of({.plot_m2 = 100, .roof_m2 = 50, .green_roof_m2 = 50, .garden_m2 = 50}), "A");
}

TEST(Waterlabel, UndergroundStorageCountsOnlyWithTheDownpipeDisconnected) {
    // 100 m² roof (50 l) + a 3,000 l crate: 30.5 mm (C) when the roof water reaches it, 0.5 mm (G) when not.
    PlotParts p{.plot_m2 = 100, .roof_m2 = 100, .underground_l = 3000};
    EXPECT_EQ(label_of(p), "G");
    p.downpipe_disconnected = true;
    EXPECT_DOUBLE_EQ(score_plot(p, shipped()).held_mm, 30.5);
    EXPECT_EQ(label_of(p), "C");
}

TEST(Waterlabel, LabelBoundsAreLowerBounds) {
    const WaterlabelScoring& s = shipped();
    for (std::size_t i = 0; i < s.labels.size(); ++i) {
        EXPECT_EQ(label_index(s, s.labels[i].min_mm), static_cast<int>(i)) << s.labels[i].label;
        if (i + 1 < s.labels.size()) {
            EXPECT_EQ(label_index(s, std::nextafter(s.labels[i].min_mm, 0.0)), static_cast<int>(i + 1))
                << s.labels[i].label;
        }
    }
}

TEST(Waterlabel, ImpossiblePlotsAreRefusedNamingThePart) {
    EXPECT_NE(input_error_of([] { score_plot({.plot_m2 = 0}, shipped()); }).find("plot_m2"), std::string::npos);
    EXPECT_NE(input_error_of([] {
                  score_plot({.plot_m2 = 100, .roof_m2 = 10, .green_roof_m2 = 20}, shipped());
              }).find("green roof"),
              std::string::npos);
    EXPECT_NE(input_error_of([] {
                  score_plot({.plot_m2 = 100, .roof_m2 = 60, .garden_m2 = 50}, shipped());
              }).find("larger than the plot"),
              std::string::npos);
    EXPECT_NE(
        input_error_of([] { score_plot({.plot_m2 = 100, .rain_barrel_l = -1}, shipped()); }).find("rain_barrel_l"),
        std::string::npos);
}

TEST(Waterlabel, ScoringThatDoesNotFallIsRefused) {
    WaterlabelScoring s = shipped();
    std::swap(s.labels[1], s.labels[2]);
    EXPECT_NE(input_error_of([&] { validate_scoring(s); }).find("must be lower"), std::string::npos);
    s = shipped();
    s.labels.back().min_mm = 1;
    EXPECT_NE(input_error_of([&] { validate_scoring(s); }).find("must start at 0"), std::string::npos);
}

TEST(Waterlabel, CountsPerZoneAddUpToThePlots) {
    const std::vector<std::int32_t> zone{0, 1, 1, 2, 2, 2, 1};
    const std::vector<int> label{8, 0, 8, 3, 3, 8, 8};
    const auto counts = label_counts_by_zone(zone, label, 3, 9);
    EXPECT_EQ(counts[1][0], 1);
    EXPECT_EQ(counts[1][8], 2);
    EXPECT_EQ(counts[2][3], 2);
    std::int64_t total = 0;
    for (const auto& row : counts) total += std::accumulate(row.begin(), row.end(), std::int64_t{0});
    EXPECT_EQ(total, 7);
    EXPECT_FALSE(input_error_of([&] { label_counts_by_zone(zone, label, 2, 9); }).empty());
}

// Two 2-cell-wide houses with a yard of 6 cells between them, a yard cell behind the first house, and yard reaching
// beyond the distance limit to the east of the second.
TEST(PlotAssignment, ASharedYardIsSplitWhereTheWalkIsEqual) {
    Grid<std::int32_t> owner = grid_of<std::int32_t>({
        {0, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0},
        {0, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0},
    });
    const Grid<std::uint8_t> yard = grid_of<std::uint8_t>({
        {1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1},
        {0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1},
    });
    // 1 m cells, 3 m limit: chamfer distance 3 per straight step, 9 = 3 cells.
    const YardAssignment a = assign_yards_to_buildings(owner.view(), yard.view(), 1.0, 3.0);
    const std::vector<std::int32_t> row0{1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 0};
    for (index_t c = 0; c < 15; ++c) EXPECT_EQ(owner(0, c), row0[static_cast<std::size_t>(c)]) << "col " << c;
    for (index_t c = 3; c < 15; ++c) EXPECT_EQ(owner(1, c), owner(0, c)) << "col " << c;
    EXPECT_EQ(owner(1, 0), 0);  // not yard: stays outside every plot
    EXPECT_EQ(a.yard_cells, 21);
    EXPECT_EQ(a.unreached_cells, 2);  // (0, 14), (1, 14): 4 m from the second house
    EXPECT_EQ(a.assigned_cells, 19);
}

TEST(PlotAssignment, TallyCountsEachSurfaceAndTheRoofMeasures) {
    const Grid<std::int32_t> owner = grid_of<std::int32_t>({{1, 1, 2, 0}, {1, 1, 2, 2}});
    const Grid<std::uint8_t> surface = grid_of<std::uint8_t>({{1, 1, 1, 2}, {3, 4, 2, 3}});
    const Grid<std::uint8_t> bits = grid_of<std::uint8_t>({{1, 3, 2, 0}, {1, 1, 0, 0}});
    const auto cells = tally_plot_cells(owner.view(), surface.view(), bits.view(), 2);
    EXPECT_EQ(cells[0].roof, 2);
    EXPECT_EQ(cells[0].green, 1);
    EXPECT_EQ(cells[0].unknown, 1);
    EXPECT_EQ(cells[0].green_roof, 2);  // bits on garden cells do not count
    EXPECT_EQ(cells[0].disconnected_roof, 1);
    EXPECT_EQ(cells[1].roof, 1);
    EXPECT_EQ(cells[1].paved, 1);
    EXPECT_EQ(cells[1].green, 1);
    EXPECT_EQ(cells[1].disconnected_roof, 1);
    EXPECT_EQ(cells[0].total() + cells[1].total(), 7);
}

}  // namespace
}  // namespace wn::risk
