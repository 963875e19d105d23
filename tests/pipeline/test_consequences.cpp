// The consequences of one flood run, stage by stage, on a site small enough to work out by hand: water on the
// ground per municipality, water board and neighbourhood; a building's façade depth and damage; a road's
// impassable length; a vital object hit; zones without buildings, roads or objects marked "not computed"; and the
// run's maps read from its folder (the shallowest duration map, in hours).
#include <gtest/gtest.h>

#include <cmath>

#include "../io/io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/consequences.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/risk/damage_table.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;

// 4 rows × 6 columns of 1 m cells. Columns 0–2 are municipality GM1 (and its one neighbourhood), columns 3–5
// municipality GM2 (no neighbourhood); water board WS1 covers both.
//   depth: (1,1) 0.30 m, (1,4) 0.15 m, (2,4) 0.05 m, 0 elsewhere; a building on cell (1,2);
//   a road along row 1 from column 3 to the grid's east edge; a drinking-water point on cell (1,1).
constexpr double kX0 = 155000.0, kYTop = 463004.0;
GridSpec site() { return GridSpec{4, 6, {kX0, kYTop, 1.0}, {}}; }
XY centre(index_t r, index_t c) { return {kX0 + c + 0.5, kYTop - r - 0.5}; }

VectorFeature point_feature(XY p, std::int64_t index) {
    VectorFeature f;
    f.index = index;
    f.kind = GeometryKind::point;
    f.parts = {{p}};
    f.representative = p;
    f.min_x = f.max_x = p.x;
    f.min_y = f.max_y = p.y;
    return f;
}

struct Site {
    RegionConfig config;
    RegionData data;
    AreaConfig area_config;
    AreaContext area;
    risk::DamageTable damage = risk::DamageTable::load_csv(data_dir() / risk::kDefaultDamageTableFile);
    FloodMaps maps{Grid<float>(site(), 0.0f), Grid<float>(site(), 2.0f)};

    Site() {
        config.depth_thresholds_m = {0.02, 0.10, 0.20};
        config.road_impassable_m = 0.10;
        config.roads = {RoadLayer{"roads.geojson", "highway", "name", {}}};
        config.vital = {VitalLayer{"vital.geojson", "category", "name", true}};
        data.partners = {Partner{"GM1", "Eenstad", "GM1", PartnerKind::municipality, {}, {}, {}, {}},
                         Partner{"GM2", "Tweedorp", "GM2", PartnerKind::municipality, {}, {}, {}, {}},
                         Partner{"WS1", "Waterschap", "WS1", PartnerKind::water_board, {}, {}, {}, {}}};
        data.neighbourhoods = {Neighbourhood{"Centrum", "BU1", "GM1", {}}};
        area_config.id = "site";
        area_config.detail = AreaDetail::street;
        area.area = &area_config;
        area.grid = site();
        area.zones = {Grid<std::int32_t>(site(), 0), Grid<std::int32_t>(site(), 3), Grid<std::int32_t>(site(), 0)};
        for (index_t r = 0; r < 4; ++r)
            for (index_t c = 0; c < 6; ++c) {
                area.zones.municipality(r, c) = c < 3 ? 1 : 2;
                area.zones.neighbourhood(r, c) = c < 3 ? 1 : 0;
            }
        area.inside = Grid<std::uint8_t>(site(), 1);
        area.damage_code = Grid<std::uint8_t>(site(), 0);  // no land classes: all damage is the building's
        area.building_ids = Grid<std::int32_t>(site(), 0);
        area.building_ids(1, 2) = 1;
        VectorFeature house = point_feature(centre(1, 2), 0);
        house.kind = GeometryKind::polygon;
        house.area_m2 = 1.0;
        area.buildings = std::vector<VectorFeature>{house};
        area.building_damage_code = risk::bag_use_code(damage, "woon");
        VectorFeature road = point_feature(centre(1, 4), 0);
        road.kind = GeometryKind::line;
        road.parts = {{{kX0 + 3.0, kYTop - 1.5}, {kX0 + 6.0, kYTop - 1.5}}};
        road.min_x = kX0 + 3.0, road.max_x = kX0 + 6.0;
        road.attributes = {{"highway", "residential"}, {"name", "Dijkweg"}};
        area.roads = {AreaContext::Layer{{road}}};
        VectorFeature pump = point_feature(centre(1, 1), 0);
        pump.attributes = {{"category", "drinking_water"}, {"name", "Pompstation"}};
        area.vital = {AreaContext::Layer{{pump}}};
        area.has_roads = area.has_vital = true;
        maps.max_depth_m(1, 1) = 0.30f;
        maps.max_depth_m(1, 4) = 0.15f;
        maps.max_depth_m(2, 4) = 0.05f;
    }
    ScenarioConsequences run() const { return compute_consequences(config, data, area, "T100", maps, damage); }
};

TEST(Consequences, WaterOnTheGroundIsSummedPerMunicipalityWaterBoardAndNeighbourhood) {
    const Site site;
    const ScenarioConsequences out = site.run();
    EXPECT_NEAR(out.total.volume_m3, 0.50, 1e-6);
    EXPECT_NEAR(out.total.wet_area_m2, 3.0, 1e-9);
    EXPECT_EQ(out.total.area_over_m2, (std::vector<double>{3.0, 2.0, 1.0}));
    EXPECT_NEAR(out.partners[0].volume_m3, 0.30, 1e-6);
    EXPECT_EQ(out.partners[0].area_over_m2, (std::vector<double>{1.0, 1.0, 1.0}));
    EXPECT_NEAR(out.partners[1].volume_m3, 0.20, 1e-6);
    EXPECT_EQ(out.partners[1].area_over_m2, (std::vector<double>{2.0, 1.0, 0.0}));
    EXPECT_NEAR(out.partners[2].volume_m3, 0.50, 1e-6);  // the water board: both municipalities
    EXPECT_NEAR(out.partners[0].modelled_area_m2 + out.partners[1].modelled_area_m2, 24.0, 1e-9);
    EXPECT_NEAR(out.neighbourhoods[0].volume_m3, 0.30, 1e-6);
}

TEST(Consequences, TheBuildingReadsItsRingAndCountsInItsMunicipalityBoardAndNeighbourhood) {
    const Site site;
    const ScenarioConsequences out = site.run();
    ASSERT_EQ(out.buildings.size(), 1u);
    EXPECT_FLOAT_EQ(out.buildings[0].facade_depth_m, 0.30f);  // (1,1), beside the footprint
    EXPECT_EQ(out.buildings[0].method, "ring");
    EXPECT_EQ(out.buildings[0].partner, 0);
    EXPECT_EQ(out.buildings[0].neighbourhood, 0);
    EXPECT_GT(out.buildings[0].damage_eur, 0.0);
    for (const IndicatorRow* row : {&out.total, &out.partners[0], &out.partners[2], &out.neighbourhoods[0]}) {
        EXPECT_EQ(row->buildings, 1);
        EXPECT_EQ(row->buildings_over, (std::vector<std::int64_t>{1, 1, 1}));
        EXPECT_DOUBLE_EQ(*row->damage_direct_eur, out.buildings[0].damage_eur);  // no land class: only the house
    }
    EXPECT_DOUBLE_EQ(out.damage_buildings_eur, out.buildings[0].damage_eur);
    EXPECT_FALSE(out.partners[1].buildings.has_value());  // GM2 has no building: not computed, not zero
    EXPECT_DOUBLE_EQ(*out.partners[1].damage_direct_eur, 0.0);
}

TEST(Consequences, TheRoadIsImpassableWhereItIsDeeperThanTheThreshold) {
    const Site site;
    const ScenarioConsequences out = site.run();
    ASSERT_EQ(out.roads.size(), 1u);
    EXPECT_NEAR(out.roads[0].length_in_grid_m, 3.0, 1e-9);
    EXPECT_NEAR(out.roads[0].impassable_m, 1.0, 1e-9);  // the cell of 0.15 m; the road threshold is 0.10 m
    EXPECT_FLOAT_EQ(out.roads[0].max_depth_m, 0.15f);
    EXPECT_EQ(out.roads[0].partner, 1);
    EXPECT_EQ(out.roads[0].neighbourhood, -1);
    EXPECT_NEAR(*out.partners[1].roads_impassable_m, 1.0, 1e-9);
    EXPECT_NEAR(*out.partners[2].roads_m, 3.0, 1e-9);
    EXPECT_FALSE(out.partners[0].roads_m.has_value());
    EXPECT_FALSE(out.neighbourhoods[0].roads_m.has_value());
}

TEST(Consequences, TheVitalObjectIsHitAboveTheHighestThresholdItExceeds) {
    const Site site;
    const ScenarioConsequences out = site.run();
    ASSERT_EQ(out.vital.size(), 1u);
    EXPECT_EQ(out.vital[0].category, "drinking_water");
    EXPECT_FLOAT_EQ(out.vital[0].depth_m, 0.30f);
    EXPECT_EQ(out.vital[0].threshold_index, 2);
    EXPECT_EQ(out.partners[0].vital_hit, 1);
    EXPECT_FALSE(out.partners[1].vital_objects.has_value());
}

TEST(Consequences, ARegionalAreaKeepsItsWaterButGivesNoDamage) {
    Site site;
    site.area_config.detail = AreaDetail::regional;
    site.area.buildings.reset();
    site.area.roads.clear();
    site.area.vital.clear();
    site.area.has_roads = site.area.has_vital = false;
    const ScenarioConsequences out = site.run();
    EXPECT_TRUE(out.total.regional);
    EXPECT_NEAR(out.total.volume_m3, 0.50, 1e-6);
    EXPECT_FALSE(out.total.damage_direct_eur.has_value());
    EXPECT_FALSE(out.partners[0].buildings.has_value());
}

TEST(Consequences, MapsOnAnotherGridAreRefused) {
    Site site;
    site.maps.duration_h = Grid<float>(GridSpec{4, 6, {kX0 + 1.0, kYTop, 1.0}, {}}, 1.0f);
    EXPECT_NE(input_error_of([&] { site.run(); }).find("duration map"), std::string::npos);
}

TEST(Consequences, TheRunsMapsAreReadWithTheShallowestDurationInHours) {
    TempDir dir;
    write_cog((dir.path() / "max_depth_m.tif").string(), Grid<float>(site(), 0.25f));
    EXPECT_NE(input_error_of([&] { read_flood_maps(dir.path(), site()); }).find("duration_above_"), std::string::npos);
    write_cog((dir.path() / "duration_above_5cm_s.tif").string(), Grid<float>(site(), 7200.0f));
    write_cog((dir.path() / "duration_above_1cm_s.tif").string(), Grid<float>(site(), 5400.0f));
    const FloodMaps maps = read_flood_maps(dir.path(), site());
    EXPECT_FLOAT_EQ(maps.max_depth_m(3, 5), 0.25f);
    EXPECT_FLOAT_EQ(maps.duration_h(0, 0), 1.5f);  // 1 cm, not 5 cm: 5,400 s
    const GridSpec shifted{4, 6, {kX0 + 2.0, kYTop, 1.0}, {}};
    EXPECT_NE(input_error_of([&] { read_flood_maps(dir.path(), shifted); }).find("max_depth_m.tif"), std::string::npos);
}

}  // namespace
}  // namespace wn
