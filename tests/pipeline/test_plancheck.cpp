// The water test for a plan: rules read as data (and refused with their line), plans validated (and refused naming
// the feature), the storage rule by hand, the floor-level and neighbour rules on small flat terrains whose ponding
// level is known (no losses, closed edges: the rain stays where it falls).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../cli/cli_test_support.hpp"
#include "../io/io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/plancheck.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

std::string collection(const std::string& features) {
    return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)" +
           features + "]}";
}

std::string square(const std::string& properties, double x0, double y0, double x1, double y1) {
    return fmt::format(
        R"({{"type":"Feature","properties":{{{}}},"geometry":{{"type":"Polygon","coordinates":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}})",
        properties, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

constexpr const char* kStorageRule = R"toml([[water_rules]]
municipality = "default"
[water_rules.storage]
mm = 60
from_m2 = 50
source = "Omgevingsplan, art. 5.2 (hemelwaterberging)"
version = "2026-01"
)toml";

// A flat terrain at 0 m NAP: cols × rows cells of 1 m, x 1000.., y ..2000 (north edge).
std::filesystem::path flat_terrain(const TempDir& dir, index_t cols, index_t rows) {
    GridSpec spec;
    spec.rows = rows;
    spec.cols = cols;
    spec.transform = {1000.0, 2000.0, 1.0};
    const auto path = dir.path() / "terrain.tif";
    write_cog(path.string(), Grid<float>(spec, 0.0f));
    return path;
}

PlanCheckOptions options(const TempDir& dir, const std::string& rules, const std::string& plan) {
    write_file(dir.path() / "rules.toml", rules);
    write_file(dir.path() / "plan.geojson", collection(plan));
    PlanCheckOptions o;
    o.rules = dir.path() / "rules.toml";
    o.plan = dir.path() / "plan.geojson";
    o.terrain = dir.path() / "terrain.tif";
    o.no_losses = true;
    o.edges = {};  // closed: with no losses the rain stays where it falls
    o.after_rain_s = 300.0;
    return o;
}

const RuleVerdict& only(const PlanCheckResult& r, const std::string& rule) {
    const RuleVerdict* found = nullptr;
    for (const RuleVerdict& v : r.verdicts)
        if (v.rule == rule) {
            EXPECT_EQ(found, nullptr) << "two verdicts for " << rule;
            found = &v;
        }
    if (!found) throw std::runtime_error("no verdict for " + rule);
    return *found;
}

// A 1,000 m² roof (40 × 25 m) on a 50 × 40 m plot.
std::string roof_plan(const std::string& extra = "") {
    return square(R"("kind":"plot","name":"perceel")", 1000, 1960, 1050, 2000) + "," +
           square(R"("kind":"building","name":"hal","floor_level_m":1.0)", 1005, 1970, 1045, 1995) + extra;
}

TEST(PlanCheck, ARoofOfAThousandSquareMetresWithoutStorageMissesExactlySixtyCubicMetres) {
    TempDir dir;
    flat_terrain(dir, 60, 50);
    const PlanCheckResult r = check_plan(options(dir, kStorageRule, roof_plan()));
    const RuleVerdict& v = only(r, "storage");
    EXPECT_EQ(v.state, VerdictState::fail);
    EXPECT_NEAR(v.figures["required_m3"].get<double>(), 60.0, 1e-9);
    EXPECT_NEAR(v.figures["missing_m3"].get<double>(), 60.0, 1e-9);
    EXPECT_EQ(v.remedy_nl, "nog 60,0 m³ berging nodig");
    EXPECT_EQ(r.exit_code(), 1);
    EXPECT_TRUE(r.runs.empty());  // the storage rule needs no flood run
}

TEST(PlanCheck, SixtyCubicMetresOfStorageMakeThePlanPass) {
    TempDir dir;
    flat_terrain(dir, 60, 50);
    const std::string crate =
        "," + square(R"("kind":"storage","name":"krat","volume_m3":60,"emptying_h":24)", 1005, 1962, 1015, 1968);
    const PlanCheckResult r = check_plan(options(dir, kStorageRule, roof_plan(crate)));
    EXPECT_EQ(only(r, "storage").state, VerdictState::pass);
    EXPECT_NEAR(only(r, "storage").figures["provided_m3"].get<double>(), 60.0, 1e-9);
    EXPECT_EQ(r.exit_code(), 0);
}

TEST(PlanCheck, BelowTheRulesMinimumAreaNoStorageIsRequired) {
    TempDir dir;
    flat_terrain(dir, 60, 50);
    const std::string plan = square(R"("kind":"plot")", 1000, 1960, 1050, 2000) + "," +
                             square(R"("kind":"building","floor_level_m":1)", 1005, 1970, 1010, 1975);  // 25 m²
    const PlanCheckResult r = check_plan(options(dir, kStorageRule, plan));
    EXPECT_EQ(only(r, "storage").state, VerdictState::pass);
    EXPECT_EQ(only(r, "storage").figures["required_m3"].get<double>(), 0.0);
}

TEST(PlanCheck, TheRunoffRuleTakesTheStoragesEmptyingRatePerHectare) {
    TempDir dir;
    flat_terrain(dir, 60, 50);
    // 72 m³ in 20 h = 1 l/s on a 0.2 ha plot = 5 l/s/ha; the rule allows 2.
    const std::string plan =
        roof_plan("," + square(R"("kind":"storage","volume_m3":72,"emptying_h":20)", 1005, 1962, 1015, 1968));
    const std::string rules = std::string(kStorageRule) + R"toml([water_rules.runoff]
max_l_per_s_per_ha = 2
source = "Keur waterschap, art. 3"
version = "2025"
)toml";
    const PlanCheckResult r = check_plan(options(dir, rules, plan));
    const RuleVerdict& v = only(r, "runoff");
    EXPECT_EQ(v.state, VerdictState::fail);
    EXPECT_NEAR(v.figures["rate_l_per_s_per_ha"].get<double>(), 5.0, 1e-9);
}

// Flat, closed, no losses: T100's 70 mm stays where it falls, and the roof's rain runs onto the ground beside it.
// The water level beside the building is the ponded depth: 70 mm × total area / open area.
constexpr const char* kFloorRule = R"toml([[water_rules]]
municipality = "default"
[water_rules.floor_level]
storm = "T100"
freeboard_m = 0.10
source = "Omgevingsplan, art. 4.1 (vloerpeil)"
version = "2026-01"
)toml";

std::string small_plan(double floor_level_m) {
    return square(R"("kind":"plot")", 1010, 1980, 1020, 1990) + "," +
           square(fmt::format(R"("kind":"building","name":"woning","floor_level_m":{})", floor_level_m), 1013, 1983,
                  1017, 1987);
}

TEST(PlanCheck, AFloorBelowTheT100LevelPlusFreeboardFailsAndAboveItPasses) {
    TempDir dir;
    flat_terrain(dir, 30, 30);
    const double ponded_m = 0.070 * 900.0 / (900.0 - 16.0);
    const PlanCheckOptions low_options = options(dir, kFloorRule, small_plan(0.15));
    const PlanCheckResult low = check_plan(low_options);
    const RuleVerdict& v = only(low, "floor_level");
    // The level is the maximum over the event: at least the final ponded level (the volume is conserved), a little
    // more where the roof's rain heaps up beside the building before it spreads.
    const double level = v.figures["water_level_m"].get<double>();
    EXPECT_GE(level, ponded_m - 0.001);
    EXPECT_LE(level, ponded_m + 0.01);
    EXPECT_NEAR(v.figures["required_floor_level_m"].get<double>(), level + 0.10, 1e-9);
    ASSERT_EQ(low.runs.size(), 1u);
    EXPECT_NEAR(low.runs[0].rain_mm, 70.0, 1e-6);  // T100: 70 mm in an hour (Deltaprogramma 2019)
    EXPECT_EQ(v.state, VerdictState::fail);
    EXPECT_NE(v.remedy_nl.find("verhoog het vloerpeil"), std::string::npos);
    EXPECT_LT(std::abs(low.runs[0].after_balance.relative_error()), 1e-6);

    // The water paragraph shows the run: the maps after the plan and the difference, and the verdict in Dutch.
    const std::string html = watertoets_html(low, low_options);
    EXPECT_NE(html.find("Verschil in grootste waterdiepte bij T100"), std::string::npos);
    EXPECT_NE(html.find("data:image/png;base64,"), std::string::npos);
    EXPECT_NE(html.find("verhoog het vloerpeil"), std::string::npos);

    const PlanCheckResult high = check_plan(options(dir, kFloorRule, small_plan(0.20)));
    EXPECT_EQ(only(high, "floor_level").state, VerdictState::pass);
    EXPECT_EQ(high.exit_code(), 0);
}

TEST(PlanCheck, ExistingBuildingsAroundThePlanTakeGroundFromTheWater) {
    TempDir dir;
    flat_terrain(dir, 30, 30);
    // Two neighbours (80 + 18 m²): the same rain on less open ground ponds deeper, 70 mm × 900 / (900 − 16 − 98).
    write_file(dir.path() / "existing.geojson", collection(square(R"("name":"buren")", 1001, 1971, 1011, 1979) + "," +
                                                           square(R"("name":"school")", 1018, 1971, 1024, 1974)));
    PlanCheckOptions o = options(dir, kFloorRule, small_plan(0.15));
    o.buildings = dir.path() / "existing.geojson";
    const double ponded_m = 0.070 * 900.0 / (900.0 - 16.0 - 80.0 - 18.0);
    const double level = only(check_plan(o), "floor_level").figures["water_level_m"].get<double>();
    EXPECT_GE(level, ponded_m - 0.001);
    EXPECT_LE(level, ponded_m + 0.01);
}

TEST(PlanCheck, WaterAgainstTheFacadeAboveTheRulesDepthFails) {
    TempDir dir;
    flat_terrain(dir, 30, 30);
    // The ponded ~7 cm stands against the façade: over a 5 cm rule, under a 10 cm one.
    auto facade_rule = [](double max_depth_m) {
        return fmt::format(
            "[[water_rules]]\nmunicipality = \"default\"\n[water_rules.facade]\nmax_depth_m = {}\n"
            "storm = \"T100\"\nsource = \"art. 4.2\"\nversion = \"1\"\n",
            max_depth_m);
    };
    const RuleVerdict strict = only(check_plan(options(dir, facade_rule(0.05), small_plan(1.0))), "facade");
    EXPECT_EQ(strict.state, VerdictState::fail);
    EXPECT_GT(strict.figures["facade_depth_m"].get<double>(), 0.07);
    EXPECT_LT(strict.figures["facade_depth_m"].get<double>(), 0.085);
    EXPECT_EQ(only(check_plan(options(dir, facade_rule(0.10), small_plan(1.0))), "facade").state, VerdictState::pass);
}

constexpr const char* kNeighbourRule = R"toml([[water_rules]]
municipality = "default"
[water_rules.neighbours]
storms = ["T100"]
extra_depth_m = 0.002
extra_volume_m3 = 0.5
source = "Omgevingsplan, art. 4.3 (geen afwenteling)"
version = "2026-01"
)toml";

TEST(PlanCheck, RaisingThePlotSendsItsRainToTheNeighboursAndFails) {
    TempDir dir;
    flat_terrain(dir, 30, 30);
    const std::string plan =
        square(R"("kind":"plot")", 1010, 1980, 1020, 1990) + "," +
        square(R"("kind":"paving","name":"ophoging","ground_level_m":0.5)", 1010, 1980, 1020, 1990);
    const PlanCheckResult r = check_plan(options(dir, kNeighbourRule, plan));
    const RuleVerdict& v = only(r, "neighbours");
    EXPECT_EQ(v.state, VerdictState::fail);
    // The plot's 100 m² × 70 mm = 7 m³ runs off to the 800 m² around it (less the film left on the plot): spread
    // evenly that is 8.75 mm more everywhere. The extra volume sums the rise of the maximum depth, so it is at least
    // that (the run-off wave raises the maxima beside the plot more).
    EXPECT_GT(v.figures["extra_volume_m3"].get<double>(), 6.0);
    EXPECT_GT(v.figures["extra_depth_m"].get<double>(), 0.008);
    // The worst spot is beside the plot (x 1010..1020, y 1980..1990), where the run-off leaves it.
    const double x = v.figures["worst_x"].get<double>(), y = v.figures["worst_y"].get<double>();
    EXPECT_LE(std::max({1010.0 - x, x - 1020.0, 1980.0 - y, y - 1990.0}), 5.0) << x << ", " << y;
    EXPECT_GT(std::max({1010.0 - x, x - 1020.0, 1980.0 - y, y - 1990.0}), 0.0) << x << ", " << y;
}

TEST(PlanCheck, LoweringTheGardenIntoAWadiSendsNothingToTheNeighbours) {
    TempDir dir;
    flat_terrain(dir, 30, 30);
    const std::string plan = square(R"("kind":"plot")", 1010, 1980, 1020, 1990) + "," +
                             square(R"("kind":"green","name":"wadi","ground_level_m":-0.3)", 1010, 1980, 1020, 1990);
    const PlanCheckResult r = check_plan(options(dir, kNeighbourRule, plan));
    const RuleVerdict& v = only(r, "neighbours");
    EXPECT_EQ(v.state, VerdictState::pass);
    EXPECT_LE(v.figures["extra_volume_m3"].get<double>(), 0.5);
}

TEST(PlanCheck, BadPlansAreRefusedNamingTheFeature) {
    TempDir dir;
    const auto terrain = flat_terrain(dir, 60, 50);
    const GridSpec grid = raster_info(terrain.string()).spec;
    auto refused = [&](const std::string& plan) {
        write_file(dir.path() / "bad.geojson", collection(plan));
        return input_error_of([&] { read_plan(dir.path() / "bad.geojson", grid); });
    };
    const std::string plot = square(R"("kind":"plot")", 1000, 1960, 1050, 2000) + ",";
    EXPECT_NE(refused(plot + square(R"("kind":"building","name":"a","floor_level_m":1)", 1005, 1970, 1020, 1990) + "," +
                      square(R"("kind":"paving","name":"oprit")", 1015, 1965, 1030, 1975))
                  .find("feature 2 ('a') (building) and feature 3 ('oprit') (paving) overlap by 25.00 m2"),
              std::string::npos);
    EXPECT_NE(refused(plot + square(R"("kind":"building","name":"schuur")", 1005, 1970, 1020, 1990))
                  .find("feature 2 ('schuur') (building) has no 'floor_level_m'"),
              std::string::npos);
    EXPECT_NE(refused(square(R"("kind":"plot","name":"ver weg")", 1040, 1960, 1090, 2000))
                  .find("feature 1 ('ver weg') (the plot"),
              std::string::npos);
    EXPECT_NE(refused(plot + square(R"("kind":"zwembad","name":"bad")", 1005, 1970, 1020, 1990))
                  .find("feature 2 ('bad'): unknown kind 'zwembad'"),
              std::string::npos);
    // Touching surfaces share an edge, not ground.
    EXPECT_NO_THROW({
        write_file(dir.path() / "ok.geojson",
                   collection(plot + square(R"("kind":"building","floor_level_m":1)", 1005, 1970, 1020, 1990) + "," +
                              square(R"("kind":"paving")", 1020, 1970, 1030, 1990)));
        read_plan(dir.path() / "ok.geojson", grid);
    });
}

TEST(WaterRules, AMunicipalityOverridesTheDefaultRuleByRule) {
    const std::string text = std::string(kStorageRule) + R"toml([[water_rules]]
municipality = "GM0879"
[water_rules.storage]
mm = 40
source = "Omgevingsplan Zundert, art. 5.2"
version = "2026-02"
[water_rules.facade]
max_depth_m = 0.05
storm = "T1000"
source = "Omgevingsplan Zundert, art. 5.3"
version = "2026-02"
)toml";
    const WaterRules zundert = parse_water_rules(text, "rules.toml", "GM0879");
    ASSERT_TRUE(zundert.storage && zundert.facade);
    EXPECT_EQ(zundert.storage->mm, 40.0);
    EXPECT_EQ(zundert.storage->source.version, "2026-02");
    EXPECT_EQ(zundert.storms(), std::vector<std::string>{"T1000"});
    const WaterRules region = parse_water_rules(text, "rules.toml", "default");
    EXPECT_EQ(region.storage->mm, 60.0);
    EXPECT_FALSE(region.facade);
    EXPECT_NE(input_error_of([&] {
                  parse_water_rules(text, "rules.toml", "GM0000");
              }).find("no [[water_rules]] for municipality 'GM0000'"),
              std::string::npos);
}

TEST(WaterRules, BadRulesAreRefusedWithTheirLine) {
    auto refused = [](const std::string& text) {
        return input_error_of([&] { parse_water_rules(text, "rules.toml", "default"); });
    };
    EXPECT_NE(refused("[[water_rules]]\nmunicipality = \"default\"\n[water_rules.storage]\nmm = 60\nsource = \"a\"\n"
                      "version = \"1\"\nmm_per_m2 = 3\n")
                  .find("rules.toml:7:1: water_rules[0].storage.mm_per_m2: unknown setting"),
              std::string::npos);
    EXPECT_NE(refused("[[water_rules]]\nmunicipality = \"default\"\n[water_rules.storage]\nmm = 60\nversion = \"1\"\n")
                  .find("rules.toml:3:1: water_rules[0].storage.source: is required"),
              std::string::npos);
    EXPECT_NE(
        refused(
            "[[water_rules]]\nmunicipality = \"default\"\n[water_rules.storage]\nmm = -5\nsource = \"a\"\nversion = \"1\"\n")
            .find("rules.toml:4:6: water_rules[0].storage.mm: must be between"),
        std::string::npos);
    EXPECT_NE(
        refused(
            "[[water_rules]]\nmunicipality = \"default\"\n[water_rules.facade]\nmax_depth_m = 0.1\nstorm = \"T99\"\n"
            "source = \"a\"\nversion = \"1\"\n")
            .find("unknown storm 'T99'"),
        std::string::npos);
    EXPECT_NE(
        refused("[[water_rules]]\nmunicipality = \"GM1\"\n").find("no [[water_rules]] with municipality = \"default\""),
        std::string::npos);
}

// The shipped sample (data/plancheck, docs/plancheck.md) stays readable: Zundert's rules over the default, the plan's
// areas, and its storage verdict by hand (70 mm × (144 m² roof + 120 m² paving) = 18.48 m³ against 6 m³).
TEST(PlanCheck, TheShippedSampleReadsAndItsStorageVerdictIsTheHandComputedOne) {
    const std::filesystem::path data(WATERNET_DATA_DIR);
    const WaterRules rules = read_water_rules(data / "plancheck" / "water_rules.toml", "GM0879");
    ASSERT_TRUE(rules.storage && rules.floor_level && rules.facade && rules.neighbours && rules.runoff);
    EXPECT_EQ(rules.storage->mm, 70.0);
    const Plan plan = read_plan(data / "plancheck" / "zundert_plan.geojson",
                                raster_info((data / "zundert" / "zundert_ahn_dtm_050cm.tif").string()).spec);
    EXPECT_NEAR(plan.area_of(PlanKind::building), 144.0, 1e-6);
    EXPECT_NEAR(plan.area_of(PlanKind::paving), 120.0, 1e-6);
    const RuleVerdict v = check_storage(plan, *rules.storage);
    EXPECT_NEAR(v.figures["required_m3"].get<double>(), 18.48, 1e-9);
    EXPECT_EQ(v.remedy_nl, "nog 12,5 m³ berging nodig");
}

TEST(PlanCheckCli, ExitsOneOnAFailingRuleTwoOnABadPlanAndWritesTheVerdict) {
    TempDir dir;
    flat_terrain(dir, 60, 50);
    const PlanCheckOptions o = options(dir, kStorageRule, roof_plan());
    const std::string common = fmt::format("plancheck {} --rules {} --terrain {} --out {}", o.plan.string(),
                                           o.rules.string(), o.terrain.string(), (dir.path() / "out").string());
    const test::CommandResult fail = test::run_cli(common);
    EXPECT_EQ(fail.exit_code, 1) << fail.output;
    EXPECT_NE(fail.output.find("60.0 m³ more storage needed"), std::string::npos) << fail.output;
    const nlohmann::json verdict = nlohmann::json::parse(test::read_file(dir.path() / "out" / "verdict.json"));
    EXPECT_EQ(verdict["result"], "fail");
    EXPECT_EQ(verdict["verdicts"][0]["source"]["text"], "Omgevingsplan, art. 5.2 (hemelwaterberging)");
    const std::string html = test::read_file(dir.path() / "out" / "watertoets.html");
    EXPECT_NE(html.find("nog 60,0 m³ berging nodig"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / "provenance.json"));

    write_file(dir.path() / "plan.geojson",
               collection(roof_plan("," + square(R"("kind":"storage","name":"krat","volume_m3":60,"emptying_h":24)",
                                                 1005, 1962, 1015, 1968))));
    EXPECT_EQ(test::run_cli(common).exit_code, 0);

    write_file(dir.path() / "plan.geojson",
               collection(square(R"("kind":"plot")", 1000, 1960, 1050, 2000) + "," +
                          square(R"("kind":"building","name":"schuur")", 1005, 1970, 1020, 1990)));
    test::expect_input_error(common, "feature 2 ('schuur') (building) has no 'floor_level_m'");
}

}  // namespace
}  // namespace wn
