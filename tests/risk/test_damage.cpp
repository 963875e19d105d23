#include "waternet/risk/damage.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "../io/io_test_support.hpp"
#include "risk_test_support.hpp"
#include "waternet/hydro/land_cover.hpp"

namespace wn::risk {
namespace {

namespace fs = std::filesystem;
using test::input_error_of;
using test::kNaN;

DamageTable shipped_table() { return DamageTable::load_csv(fs::path(WATERNET_DATA_DIR) / kDefaultDamageTableFile); }

TEST(DamageTable, ShippedDefaultsLoadAndCoverTheMappedClasses) {
    const DamageTable t = shipped_table();
    EXPECT_EQ(t.classes().size(), 18u);
    for (const std::string_view use : damage_class::kBagUseFunctions) EXPECT_TRUE(t.has_class(use)) << use;
    const auto lut = land_cover_to_damage_codes(t);
    EXPECT_EQ(lut[kPaved], t.code_of("paved"));
    EXPECT_EQ(lut[kAgriculture], t.code_of("agriculture"));
    EXPECT_EQ(lut[kMixed], t.code_of("unpaved"));
    EXPECT_EQ(lut[kImpermeable], t.code_of("paved"));
    EXPECT_EQ(lut[kBuilding], 0);  // buildings get their damage per building
    EXPECT_EQ(lut[kOutside], 0);
    EXPECT_EQ(lut[10], 0);  // green and disconnected roofs (measures) are buildings too
    EXPECT_EQ(lut[11], 0);
    EXPECT_EQ(lut[200], 0);
    // WSS 2013 housing (cfg_hhnk_2020.cfg [2] woonfunctie): 260 €/m², 11 €/m²/day.
    const DamageClass& woon = *t.find(t.code_of("woon"));
    EXPECT_DOUBLE_EQ(woon.max_direct_eur_per_m2, 260.0);
    EXPECT_DOUBLE_EQ(woon.indirect_eur_per_m2_per_day, 11.0);
}

// The issue-10 check: WSS housing at 0.5 m water. By hand: 0.5 m lies between the breakpoints 0.30 m (γ 1) and
// 2.50 m (γ 6.5): γ = 1 + (0.50 − 0.30)/(2.50 − 0.30) · (6.5 − 1) = 1 + 0.2/2.2 · 5.5 = 1.5, so
// 260 €/m² · 1.5 = 390 €/m² (the old 7-point table gave 1,587.16 · 0.76 = 1,206 €/m²). At 0.10 m:
// γ = 0.5 + 0.5 · (1 − 0.5) = 0.75 → 195 €/m².
TEST(DamageTable, HousingAtHalfAMetreIs390EurPerM2) {
    const DamageTable t = shipped_table();
    const DamageClass& woon = *t.find(t.code_of("woon"));
    const DamageScenario scenario;  // 1 h, August: γ_duration = γ_month = 1 for housing
    EXPECT_NEAR(damage_of_area(woon, 1.0, 0.50, 1.0, scenario).direct_eur, 390.0, 1e-9);
    EXPECT_NEAR(damage_of_area(woon, 1.0, 0.10, 1.0, scenario).direct_eur, 195.0, 1e-9);
    EXPECT_NEAR(damage_of_area(woon, 1.0, 0.20, 1.0, scenario).direct_eur, 260.0, 1e-9);
    EXPECT_NEAR(damage_of_area(woon, 1.0, 2.50, 1.0, scenario).direct_eur, 1690.0, 1e-9);
    EXPECT_NEAR(damage_of_area(woon, 1.0, 4.00, 1.0, scenario).direct_eur, 1690.0, 1e-9);  // flat beyond 2.5 m
    // The other building functions share the shape with 6.6 at 2.5 m: offices at 0.5 m, γ = 1 + 5.6/11 → 392.36 €/m².
    const DamageClass& kantoor = *t.find(t.code_of("kantoor"));
    EXPECT_NEAR(damage_of_area(kantoor, 1.0, 0.50, 1.0, scenario).direct_eur, 260.0 * (1.0 + 5.6 / 11.0), 1e-9);
    EXPECT_DOUBLE_EQ(t.find(t.code_of("sport"))->max_direct_eur_per_m2, 54.0);
}

TEST(DamageTable, GammaInterpolationAtAndBetweenBreakpoints) {
    const DamageTable t = shipped_table();
    const DamageClass& woon = *t.find(t.code_of("woon"));
    // Breakpoints -0.01, 0.01, 0.05, 0.15, 0.30, 2.50 m → 0, 0.1, 0.5, 1, 1, 6.5.
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(-0.01), 0.0);
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(0.01), 0.1);
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(0.05), 0.5);
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(0.15), 1.0);
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(0.30), 1.0);
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(2.50), 6.5);
    EXPECT_NEAR(woon.gamma_depth_at(0.0), 0.05, 1e-12);   // halfway -0.01..0.01
    EXPECT_NEAR(woon.gamma_depth_at(0.03), 0.3, 1e-12);   // halfway 0.01..0.05
    EXPECT_NEAR(woon.gamma_depth_at(1.40), 3.75, 1e-12);  // halfway 0.30..2.50
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(3.0), 6.5);      // constant beyond 2.5 m
    EXPECT_DOUBLE_EQ(woon.gamma_depth_at(-1.0), 0.0);

    const DamageClass& paved = *t.find(t.code_of("paved"));
    // Breakpoints 1, 12, 24, 72, 480 h → 0, 0.4, 0.8, 1, 1.
    EXPECT_DOUBLE_EQ(paved.gamma_duration_at(1.0), 0.0);
    EXPECT_DOUBLE_EQ(paved.gamma_duration_at(12.0), 0.4);
    EXPECT_DOUBLE_EQ(paved.gamma_duration_at(24.0), 0.8);
    EXPECT_DOUBLE_EQ(paved.gamma_duration_at(72.0), 1.0);
    EXPECT_NEAR(paved.gamma_duration_at(6.0), 0.4 * 5.0 / 11.0, 1e-12);
    EXPECT_NEAR(paved.gamma_duration_at(48.0), 0.9, 1e-12);
    EXPECT_DOUBLE_EQ(paved.gamma_duration_at(0.5), 0.0);
    EXPECT_DOUBLE_EQ(paved.gamma_duration_at(1000.0), 1.0);
    EXPECT_DOUBLE_EQ(t.find(t.code_of("agriculture"))->gamma_month_of(1), 0.1);
}

// A 2×3 grid of 2 m cells (4 m² each), August, 2 repair days:
//   codes    woon   paved  agriculture     depth  0.10  0.30  0.02     duration  6  6  48     zones  1 1 2
//            woon   -      grass                  0.00  1.00  0.50               6  6   6            1 2 0
// By hand (default table):
//   woon  0.10 m: γd = 0.5 + 0.5·(1 − 0.5) = 0.75 → 4 · 260 · 0.75 = 780; indirect 4 · 11 · 2 = 88
//   paved 0.30 m, 6 h: γd = 1, γt = 0.4 · 5/11 → 4 · 0.08 · 0.4 · 5/11 = 0.64/11 = 0.0581818...
//   agriculture 0.02 m, 48 h: γd = 1, γt = 0.3, γm(Aug) = 1 → 4 · 0.366 · 0.3 = 0.4392
//   woon at 0 m: dry; the class-0 cell: no class; grass 0.5 m: wet, 0 €.
struct HandCase {
    DamageTable table = shipped_table();
    Grid<std::uint8_t> codes;
    Grid<float> depth = test::grid_of<float>({{0.10f, 0.30f, 0.02f}, {0.0f, 1.0f, 0.5f}});
    Grid<float> duration = test::grid_of<float>({{6, 6, 48}, {6, 6, 6}});
    Grid<std::int32_t> zones = test::grid_of<std::int32_t>({{1, 1, 2}, {1, 2, 0}});
    DamageScenario scenario;
    HandCase() {
        const std::uint8_t w = table.code_of("woon"), p = table.code_of("paved"), a = table.code_of("agriculture"),
                           g = table.code_of("grass");
        codes = test::grid_of<std::uint8_t>({{w, p, a}, {w, 0, g}});
        scenario.month = 8;
        scenario.repair_days = 2.0;
    }
    DamageGrids grids() const { return {depth.view(), duration.view(), codes.view(), zones.view()}; }
};

TEST(Damage, SmallGridByHand) {
    HandCase c;
    const DamageTotals t = damage_over_grid(c.table, c.grids(), 4.0, c.scenario, 3);
    const double woon = 4.0 * 260.0 * 0.75, paved = 0.64 / 11.0, crops = 4.0 * 0.366 * 0.3;
    EXPECT_NEAR(t.damage.direct_eur, woon + paved + crops, 1e-4);  // 1e-4 €: the depth 0.10 is a float
    EXPECT_NEAR(t.damage.indirect_eur, 88.0, 1e-9);
    EXPECT_DOUBLE_EQ(t.wet_area_m2, 16.0);

    ASSERT_EQ(t.per_zone.size(), 3u);
    EXPECT_DOUBLE_EQ(t.per_zone[0].wet_area_m2, 4.0);  // the grass cell
    EXPECT_DOUBLE_EQ(t.per_zone[0].damage.total_eur(), 0.0);
    EXPECT_NEAR(t.per_zone[1].damage.direct_eur, woon + paved, 1e-4);
    EXPECT_NEAR(t.per_zone[1].damage.indirect_eur, 88.0, 1e-9);
    EXPECT_NEAR(t.per_zone[2].damage.direct_eur, crops, 1e-9);
    EXPECT_DOUBLE_EQ(t.per_zone[2].wet_area_m2, 4.0);

    for (const DamageClassTotal& k : t.per_class) {
        const std::string& name = c.table.find(k.code)->name;
        const double expected = name == "woon" ? woon : name == "paved" ? paved : name == "agriculture" ? crops : 0.0;
        EXPECT_NEAR(k.damage.direct_eur, expected, 1e-4) << name;
        EXPECT_DOUBLE_EQ(k.wet_area_m2,
                         name == "woon" || name == "paved" || name == "agriculture" || name == "grass" ? 4.0 : 0.0)
            << name;
    }

    // In January the crops count for 0.1 of their August damage.
    c.scenario.month = 1;
    const DamageTotals winter = damage_over_grid(c.table, c.grids(), 4.0, c.scenario, 3);
    EXPECT_NEAR(winter.per_zone[2].damage.direct_eur, 0.1 * crops, 1e-9);
}

TEST(Damage, ConstantDurationWithoutADurationGrid) {
    HandCase c;
    DamageGrids g = c.grids();
    g.duration_h = {};
    g.zone_id = {};
    c.scenario.duration_h = 12.0;  // paved γt = 0.4; crops γt = 0
    const DamageTotals t = damage_over_grid(c.table, g, 4.0, c.scenario);
    EXPECT_TRUE(t.per_zone.empty());
    EXPECT_NEAR(t.damage.direct_eur, 4.0 * 260.0 * 0.75 + 4.0 * 0.08 * 0.4, 1e-4);
}

TEST(Damage, BuildingFromItsFacadeDepth) {
    const DamageTable t = shipped_table();
    BuildingDamageInput house;
    house.footprint_m2 = 80.0;
    house.damage_code = bag_use_code(t, "Woonfunctie");
    house.water_depth_m = 0.2f;     // γd = 1 between 0.15 and 0.30 m
    const DamageScenario scenario;  // repair 5 days
    const DamageAmount d = damage_of_building(t, house, scenario);
    EXPECT_NEAR(d.direct_eur, 80.0 * 260.0, 1e-9);
    EXPECT_NEAR(d.indirect_eur, 80.0 * 11.0 * 5.0, 1e-9);

    house.water_depth_m = 0.0f;
    EXPECT_EQ(damage_of_building(t, house, scenario).total_eur(), 0.0);
    house.water_depth_m = kNaN;
    EXPECT_EQ(damage_of_building(t, house, scenario).total_eur(), 0.0);

    EXPECT_EQ(bag_use_code(t, "overige gebruiksfunctie"), t.code_of("overig"));
    EXPECT_EQ(bag_use_code(t, "winkel"), t.code_of("winkel"));
    const std::string message = input_error_of([&] { bag_use_code(t, "kerkfunctie"); });
    EXPECT_NE(message.find("woonfunctie"), std::string::npos) << message;
}

TEST(Damage, BadGridInputNamesTheCell) {
    HandCase c;
    c.codes(1, 1) = 99;  // no class 99 in the table
    EXPECT_NE(input_error_of([&] {
                  damage_over_grid(c.table, c.grids(), 4.0, c.scenario, 3);
              }).find("code 99 at row 1, column 1"),
              std::string::npos);
    HandCase d;
    d.duration(0, 1) = kNaN;  // a wet paved cell
    EXPECT_NE(input_error_of([&] { damage_over_grid(d.table, d.grids(), 4.0, d.scenario, 3); }).find("row 0, column 1"),
              std::string::npos);
    HandCase e;
    EXPECT_NE(input_error_of([&] { damage_over_grid(e.table, e.grids(), 4.0, e.scenario, 2); }).find("zone id 2"),
              std::string::npos);
    e.scenario.month = 13;
    EXPECT_NE(input_error_of([&] { damage_over_grid(e.table, e.grids(), 4.0, e.scenario, 3); }).find("month 13"),
              std::string::npos);
}

// Random 300 × 170 grid: 1 and 2 threads give bit-identical sums, zones add up to the total, and the grid
// pass agrees with adding damage_of_area cell by cell.
TEST(Damage, DeterministicAcrossThreadsAndZonesAddUp) {
    const DamageTable table = shipped_table();
    std::mt19937 rng(2024);
    const index_t rows = 300, cols = 170;
    const std::int32_t zone_count = 12;
    Grid<float> depth(rows, cols), duration(rows, cols);
    Grid<std::uint8_t> codes(rows, cols);
    Grid<std::int32_t> zones(rows, cols);
    std::uniform_real_distribution<float> ud(-0.05f, 1.8f), ut(0.0f, 600.0f);
    std::uniform_int_distribution<int> uc(0, static_cast<int>(table.classes().size())), uz(0, zone_count - 1);
    for (index_t i = 0; i < rows * cols; ++i) {
        depth.values()[i] = ud(rng);
        duration.values()[i] = ut(rng);
        const int k = uc(rng);
        codes.values()[i] = k == 0 ? 0 : table.classes()[static_cast<std::size_t>(k - 1)].code;
        zones.values()[i] = uz(rng);
    }
    const DamageGrids g{depth.view(), duration.view(), codes.view(), zones.view()};
    DamageScenario scenario;
    scenario.month = 10;
    const DamageTotals one =
        test::with_threads(1, [&] { return damage_over_grid(table, g, 0.25, scenario, zone_count); });
    const DamageTotals two =
        test::with_threads(2, [&] { return damage_over_grid(table, g, 0.25, scenario, zone_count); });
    EXPECT_EQ(one.damage.direct_eur, two.damage.direct_eur);
    EXPECT_EQ(one.damage.indirect_eur, two.damage.indirect_eur);
    for (std::int32_t z = 0; z < zone_count; ++z)
        EXPECT_EQ(one.per_zone[static_cast<std::size_t>(z)].damage.direct_eur,
                  two.per_zone[static_cast<std::size_t>(z)].damage.direct_eur);

    double zone_direct = 0.0, zone_indirect = 0.0, zone_area = 0.0, class_direct = 0.0;
    for (const DamageZoneTotal& z : one.per_zone) {
        zone_direct += z.damage.direct_eur;
        zone_indirect += z.damage.indirect_eur;
        zone_area += z.wet_area_m2;
    }
    for (const DamageClassTotal& k : one.per_class) class_direct += k.damage.direct_eur;
    EXPECT_NEAR(zone_direct, one.damage.direct_eur, 1e-9 * one.damage.direct_eur);
    EXPECT_NEAR(zone_indirect, one.damage.indirect_eur, 1e-9 * one.damage.indirect_eur);
    EXPECT_NEAR(class_direct, one.damage.direct_eur, 1e-9 * one.damage.direct_eur);
    EXPECT_DOUBLE_EQ(zone_area, one.wet_area_m2);

    double serial = 0.0;
    for (index_t i = 0; i < rows * cols; ++i) {
        if (codes.values()[i] == 0) continue;
        serial +=
            damage_of_area(*table.find(codes.values()[i]), 0.25, depth.values()[i], duration.values()[i], scenario)
                .direct_eur;
    }
    EXPECT_NEAR(serial, one.damage.direct_eur, 1e-9 * serial);
    EXPECT_GT(serial, 0.0);
}

// Several zone sets in one pass (municipalities, water boards, neighbourhoods in compute_consequences): each
// set's totals equal a separate damage_over_grid pass with that zone grid, bit for bit, on 1 and 2 threads; a zone
// id outside its own set's range is an error naming that id.
TEST(Damage, ZoneSetsInOnePassEqualSeparatePasses) {
    const DamageTable table = shipped_table();
    std::mt19937 rng(7);
    const index_t rows = 97, cols = 61;  // not a multiple of the row chunk
    Grid<float> depth(rows, cols), duration(rows, cols);
    Grid<std::uint8_t> codes(rows, cols);
    Grid<std::int32_t> coarse(rows, cols), fine(rows, cols);
    std::uniform_real_distribution<float> ud(-0.05f, 1.8f), ut(0.0f, 600.0f);
    std::uniform_int_distribution<int> uc(0, static_cast<int>(table.classes().size())), uz(0, 2), uf(0, 40);
    for (index_t i = 0; i < rows * cols; ++i) {
        depth.values()[i] = ud(rng);
        duration.values()[i] = ut(rng);
        const int k = uc(rng);
        codes.values()[i] = k == 0 ? 0 : table.classes()[static_cast<std::size_t>(k - 1)].code;
        coarse.values()[i] = uz(rng);
        fine.values()[i] = uf(rng);
    }
    const DamageScenario scenario;
    const DamageGrids no_zones{depth.view(), duration.view(), codes.view(), {}};
    const std::vector<DamageZoneSet> sets{{coarse.view(), 3}, {fine.view(), 41}};
    for (const int threads : {1, 2}) {
        const auto both =
            test::with_threads(threads, [&] { return damage_over_zone_sets(table, no_zones, 4.0, scenario, sets); });
        ASSERT_EQ(both.size(), 2u);
        for (std::size_t s = 0; s < sets.size(); ++s) {
            const DamageTotals alone =
                damage_over_grid(table, {depth.view(), duration.view(), codes.view(), sets[s].zone_id}, 4.0, scenario,
                                 sets[s].zone_count);
            EXPECT_EQ(both[s].damage.direct_eur, alone.damage.direct_eur);
            EXPECT_EQ(both[s].wet_area_m2, alone.wet_area_m2);
            ASSERT_EQ(both[s].per_zone.size(), alone.per_zone.size());
            for (std::size_t z = 0; z < alone.per_zone.size(); ++z) {
                EXPECT_EQ(both[s].per_zone[z].damage.direct_eur, alone.per_zone[z].damage.direct_eur) << s << " " << z;
                EXPECT_EQ(both[s].per_zone[z].damage.indirect_eur, alone.per_zone[z].damage.indirect_eur)
                    << s << " " << z;
                EXPECT_EQ(both[s].per_zone[z].wet_area_m2, alone.per_zone[z].wet_area_m2) << s << " " << z;
            }
        }
    }
    EXPECT_GT(damage_over_zone_sets(table, no_zones, 4.0, scenario, sets)[1].damage.direct_eur, 0.0);
    fine(5, 7) = 41;  // one past the second set's range
    EXPECT_NE(input_error_of([&] {
                  damage_over_zone_sets(table, no_zones, 4.0, scenario, sets);
              }).find("zone id 41 at row 5, column 7"),
              std::string::npos);
}

// ---- CSV errors name the file, the line and the column.

std::string header_line() {
    std::string h = "code,class,max_direct_eur_per_m2,indirect_eur_per_m2_per_day";
    auto add = [&h](std::string_view column) {
        h += ',';
        h += column;
    };
    for (const auto c : kDepthColumns) add(c);
    for (const auto c : kDurationColumns) add(c);
    for (const auto c : kMonthColumns) add(c);
    add("description");
    return h;
}
std::string good_row(int code, const std::string& name, const std::string& direct = "100") {
    std::string r = std::to_string(code) + "," + name + "," + direct + ",2";
    for (std::size_t i = 0; i < kDepthColumns.size() + kDurationColumns.size() + kMonthColumns.size(); ++i) r += ",1";
    return r + ",\"a class, with a comma\"";
}

class DamageCsv : public ::testing::Test {
protected:
    std::string write(const std::string& text) {
        const std::string path = dir_.file("table.csv");
        std::ofstream(path) << text;
        return path;
    }
    std::string error_of(const std::string& text) {
        const std::string path = write(text);
        const std::string message = input_error_of([&] { DamageTable::load_csv(path); });
        EXPECT_NE(message.find(path), std::string::npos) << message;
        return message;
    }
    wn::test::TempDir dir_;
};

TEST_F(DamageCsv, AWellFormedTableLoads) {
    const DamageTable t =
        DamageTable::load_csv(write("# comment\n\n" + header_line() + "\n" + good_row(3, "woon") + "\n"));
    ASSERT_EQ(t.classes().size(), 1u);
    EXPECT_EQ(t.classes()[0].description, "a class, with a comma");
    EXPECT_DOUBLE_EQ(t.find(3)->max_direct_eur_per_m2, 100.0);
    EXPECT_EQ(t.find(4), nullptr);
    EXPECT_EQ(DamageTable().find(3), nullptr);
}

TEST_F(DamageCsv, MissingColumnNamesTheHeaderLineAndColumn) {
    std::string header = header_line();
    header.erase(header.find(",gamma_month_may"), std::string("gamma_month_may").size() + 1);
    std::string row = good_row(1, "woon");
    row.erase(row.rfind(",1"), 2);
    const std::string m = error_of("# the sources\n" + header + "\n" + row + "\n");
    EXPECT_NE(m.find("line 2"), std::string::npos) << m;
    EXPECT_NE(m.find("missing column \"gamma_month_may\""), std::string::npos) << m;
}

TEST_F(DamageCsv, NonNumberNamesLineAndColumn) {
    const std::string m =
        error_of(header_line() + "\n" + good_row(1, "woon") + "\n" + good_row(2, "kantoor", "abc") + "\n");
    EXPECT_NE(m.find("line 3"), std::string::npos) << m;
    EXPECT_NE(m.find("column 3 (max_direct_eur_per_m2)"), std::string::npos) << m;
    EXPECT_NE(m.find("\"abc\" is not a number"), std::string::npos) << m;
}

TEST_F(DamageCsv, NegativeDamageIsRejected) {
    const std::string m = error_of(header_line() + "\n" + good_row(1, "woon", "-5") + "\n");
    EXPECT_NE(m.find("line 2"), std::string::npos) << m;
    EXPECT_NE(m.find("max_direct_eur_per_m2"), std::string::npos) << m;
    EXPECT_NE(m.find("negative"), std::string::npos) << m;
}

TEST_F(DamageCsv, BadCodesAndDuplicatesAreRejected) {
    EXPECT_NE(error_of(header_line() + "\n" + good_row(0, "woon") + "\n").find("outside 1..255"), std::string::npos);
    EXPECT_NE(error_of(header_line() + "\n" + good_row(300, "woon") + "\n").find("outside 1..255"), std::string::npos);
    const std::string dup = error_of(header_line() + "\n" + good_row(1, "woon") + "\n" + good_row(1, "winkel") + "\n");
    EXPECT_NE(dup.find("line 3"), std::string::npos) << dup;
    EXPECT_NE(dup.find("also used on line 2"), std::string::npos) << dup;
    const std::string same = error_of(header_line() + "\n" + good_row(1, "woon") + "\n" + good_row(2, "WOON") + "\n");
    EXPECT_NE(same.find("also on line 2"), std::string::npos) << same;
    const std::string short_row = error_of(header_line() + "\n1,woon,5\n");
    EXPECT_NE(short_row.find("line 2: expected 28 values"), std::string::npos) << short_row;
    EXPECT_NE(short_row.find("but found 3"), std::string::npos) << short_row;
    EXPECT_NE(input_error_of([&] { DamageTable::load_csv(dir_.file("missing.csv")); }).find("file not found"),
              std::string::npos);
}

}  // namespace
}  // namespace wn::risk
