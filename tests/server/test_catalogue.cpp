// The results catalogue, the point query and the place search, on the hand-made fixture folder.
#include <gtest/gtest.h>

#include <functional>

#include "server_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/geopackage.hpp"
#include "waternet/render/legend.hpp"
#include "waternet/server/catalogue.hpp"
#include "waternet/server/point_query.hpp"

namespace wn::server {
namespace {

using namespace testing;
using nlohmann::json;

std::string load_error(const fs::path& dir) {
    try {
        Catalogue::load(dir);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no InputError";
}

json read_manifest(const fs::path& dir) {
    std::ifstream in(dir / "stresstest.json");
    return json::parse(in);
}

TEST(Catalogue, LoadsLayersPlacesAndIndicators) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    EXPECT_EQ(c.manifest().region_name, "Twents waternet");
    EXPECT_EQ(c.manifest().layers.size(), 6u);
    EXPECT_EQ(c.places().size(), 4u);
    EXPECT_EQ(c.indicators()["GM0153"]["enschede"]["T100"]["buildings_facade_over_10cm"], 12);
    const Layer* depth = c.find_layer("enschede/T100/max_depth");
    ASSERT_NE(depth, nullptr);
    EXPECT_EQ(depth->frames.size(), 2u);
    EXPECT_FLOAT_EQ(c.raster(*depth).values(kWetRow, kWetCol), kWetDepthM);
    EXPECT_TRUE(c.find_layer("enschede/T250_draft/max_depth")->partner_only);
    EXPECT_EQ(c.find_layer("nope"), nullptr);
}

TEST(Catalogue, DurationsStoredInSecondsAreHeldInHours) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    EXPECT_FLOAT_EQ(c.raster(*c.find_layer("enschede/T100/duration")).values(kWetRow, kWetCol), 2.0f);
}

TEST(Catalogue, TerrainIsKeptAsHillshadeAndHeights) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    const Layer& terrain = *c.find_layer("enschede/terrain");
    const RasterData* heights = c.terrain_heights(terrain);
    ASSERT_NE(heights, nullptr);
    EXPECT_FLOAT_EQ(heights->values(2, 4), 30.0f + 0.2f + 0.2f);
    const float shade = c.raster(terrain).values(10, 10);
    EXPECT_GE(shade, 0.0f);
    EXPECT_LE(shade, 255.0f);
    EXPECT_EQ(c.raster(terrain).values.spec().transform.origin_x, kWest);  // georeferenced like the terrain
    EXPECT_EQ(c.terrain_heights(*c.find_layer("enschede/T100/max_depth")), nullptr);
}

TEST(Catalogue, FramesAreReadOnDemandAndBadIndicesRefused) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    const Layer& depth = *c.find_layer("enschede/T100/max_depth");
    const auto f1 = c.frame(depth, 1);
    EXPECT_FLOAT_EQ(f1->values(kWetRow, kWetCol), 0.12f);
    EXPECT_EQ(c.frame(depth, 1).get(), f1.get());  // kept after the first read
    EXPECT_THROW(c.frame(depth, 2), InputError);
}

TEST(Catalogue, PathsLeavingTheResultsFolderAreRefused) {
    TempDir tmp;
    const fs::path dir = write_results_fixture(tmp.path() / "out");
    json m = read_manifest(dir);
    m["layers"][1]["path"] = "../secret.tif";
    write_text(dir / "stresstest.json", m.dump());
    EXPECT_NE(load_error(dir).find("stay inside it"), std::string::npos);
    m["layers"][1]["path"] = "/etc/passwd";
    write_text(dir / "stresstest.json", m.dump());
    EXPECT_NE(load_error(dir).find("must be relative"), std::string::npos);
    // A symlink inside the folder that points outside is caught after resolving it.
    write_grid(tmp.path() / "elsewhere/depth.tif", Grid<float>(fixture_spec(), 1.0f));
    fs::create_directory_symlink(tmp.path() / "elsewhere", dir / "link");
    m["layers"][1]["path"] = "link/depth.tif";
    write_text(dir / "stresstest.json", m.dump());
    EXPECT_NE(load_error(dir).find("leads outside the results folder"), std::string::npos);
}

TEST(Catalogue, ManifestMistakesNameTheField) {
    TempDir tmp;
    const fs::path dir = write_results_fixture(tmp.path() / "out");
    const json good = read_manifest(dir);
    const auto error_with = [&](const std::function<void(json&)>& edit) {
        json m = good;
        edit(m);
        write_text(dir / "stresstest.json", m.dump());
        return load_error(dir);
    };
    EXPECT_NE(error_with([](json& m) { m["layers"][2]["legend"] = "rainbow"; }).find("rainbow"), std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["layers"][2]["id"] = "enschede/terrain"; }).find("listed twice"),
              std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["layers"][2]["theme"] = "wind"; }).find("theme \"wind\""), std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["layers"][2]["access"] = "secret"; }).find("access \"secret\""),
              std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["layers"][2]["path"] = "scenarios/none.tif"; }).find("none.tif"),
              std::string::npos);
    EXPECT_NE(error_with([](json& m) { m.erase("layers"); }).find("\"layers\""), std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["region"]["crs"] = "EPSG:3857"; }).find("EPSG:3857"), std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["layers"][1]["frames"][1]["time_s"] = 100; }).find("increasing time_s"),
              std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["partners"][0]["report"] = "reports/missing.html"; }).find("missing"),
              std::string::npos);
    EXPECT_NE(error_with([](json& m) {
                  m["layers"][1]["storm"] = {{"id", "T100"}, {"rain_mm", -70}, {"duration_h", 1}};
              }).find("layers[1] (enschede/T100/max_depth).storm: \"rain_mm\" must be a number above 0"),
              std::string::npos);
    EXPECT_NE(error_with([](json& m) { m["layers"][1]["storm"] = "T100"; }).find("\"storm\" must be"),
              std::string::npos);
    EXPECT_NE(
        error_with([](json& m) { m["layers"][1]["threshold_m"] = 0; }).find("\"threshold_m\" must be a number above 0"),
        std::string::npos);
    write_text(dir / "stresstest.json", "{ not json");
    EXPECT_NE(load_error(dir).find("not valid JSON"), std::string::npos);
    EXPECT_NE(load_error(tmp.path() / "nowhere").find("no such results folder"), std::string::npos);
}

TEST(Catalogue, AFloodLayerKeepsItsStormAndADurationLayerItsThreshold) {
    TempDir tmp;
    const fs::path dir = write_results_fixture(tmp.path() / "out");
    json m = read_manifest(dir);
    m["layers"][1]["storm"] = {
        {"id", "T100_48h"}, {"rain_mm", 120.0}, {"duration_h", 48.0}, {"return_period_years", 100.0}};
    m["layers"][1]["threshold_m"] = 0.05;
    write_text(dir / "stresstest.json", m.dump());
    const Catalogue c = Catalogue::load(dir);
    const Layer& layer = c.manifest().layers[1];
    ASSERT_TRUE(layer.storm.has_value());
    EXPECT_EQ(layer.storm->id, "T100_48h");
    EXPECT_DOUBLE_EQ(layer.storm->rain_mm, 120.0);
    EXPECT_DOUBLE_EQ(layer.storm->duration_h, 48.0);
    EXPECT_DOUBLE_EQ(layer.storm->return_period_years, 100.0);
    EXPECT_DOUBLE_EQ(layer.threshold_m.value_or(0.0), 0.05);
    EXPECT_FALSE(c.manifest().layers[0].storm.has_value());  // older manifests: no storm, no threshold
}

TEST(Catalogue, OnlyReportsTheManifestListsCanBeNamed) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    EXPECT_TRUE(c.listed_report("reports/GM0153.html"));
    EXPECT_FALSE(c.listed_report("stresstest.json"));
    EXPECT_FALSE(c.listed_report("reports/../stresstest.json"));
}

// ---- map overlays -------------------------------------------------------------------------------------------

TEST(Catalogue, OverlaysComeFromTheStressTestsGeoPackageWhenTheManifestListsNone) {
    TempDir tmp;
    const fs::path dir = write_results_fixture(tmp.path() / "out");
    // As `waternet stresstest` writes it: partners (a municipality and a water board), neighbourhoods, an area's roads.
    const std::string square = "POLYGON ((257000 471000,257200 471000,257200 471200,257000 471200,257000 471000))";
    const std::string wide = "POLYGON ((250000 460000,270000 460000,270000 480000,250000 460000))";
    write_geopackage(dir / "waternet.gpkg",
                     {{"partners",
                       "Polygon",
                       {{"id", FieldType::text}, {"name", FieldType::text}},
                       {{square, {std::string("GM0153"), std::string("Enschede")}},
                        {wide, {std::string("WS0059"), std::string("Vechtstromen")}}},
                       "",
                       ""},
                      {"neighbourhoods",
                       "Polygon",
                       {{"id", FieldType::text}, {"name", FieldType::text}},
                       {{square, {std::string("BU01530000"), std::string("Stadsveld")}}},
                       "",
                       ""},
                      {"roads_enschede",
                       "LineString",
                       {{"class", FieldType::text}, {"name", FieldType::text}, {"partner_id", FieldType::text}},
                       {{"LINESTRING (257000 471000,257100 471100)",
                         {std::string("residential"), std::string("Stadsbeekstraat"), std::string("GM0153")}},
                        {"LINESTRING (257000 471100,257100 471000)",
                         {std::string("cycleway"), std::string("Fietspad"), std::string("GM0153")}}},
                       "",
                       ""}});
    const Catalogue c = Catalogue::load(dir);
    const json borders = json::parse(c.overlays().borders);
    // The water board is a partner but no municipality: no border of it.
    ASSERT_EQ(borders["features"].size(), 2u);
    EXPECT_EQ(borders["features"][0]["properties"], json({{"name", "Enschede"}, {"kind", "municipality"}}));
    EXPECT_EQ(borders["features"][0]["geometry"]["coordinates"][0][2], json::array({257200.0, 471200.0}));
    EXPECT_EQ(borders["features"][1]["properties"], json({{"name", "Stadsveld"}, {"kind", "neighbourhood"}}));
    const json roads = json::parse(c.overlays().roads);
    ASSERT_EQ(roads["features"].size(), 1u);
    EXPECT_EQ(roads["features"][0]["properties"], json({{"name", "Stadsbeekstraat"}, {"class", "residential"}}));
}

TEST(Catalogue, OverlayMistakesInTheManifestNameTheEntry) {
    TempDir tmp;
    const fs::path dir = write_results_fixture(tmp.path() / "out");
    add_overlay_fixture(dir);
    json manifest = read_manifest(dir);
    auto with = [&](const std::function<void(json&)>& change) {
        json m = manifest;
        change(m);
        write_text(dir / "stresstest.json", m.dump());
        return load_error(dir);
    };
    EXPECT_NE(with([](json& m) {
                  m["overlays"]["borders"][0]["kind"] = "province";
              }).find("overlays.borders[0]: kind \"province\" is not municipality or neighbourhood"),
              std::string::npos);
    EXPECT_NE(with([](json& m) { m["overlays"]["roads"][0]["path"] = "../roads.geojson"; }).find("overlays.roads[0]"),
              std::string::npos);
    EXPECT_NE(with([](json& m) {
                  m["overlays"]["roads"][0]["path"] = "overlays/none.geojson";
              }).find("overlay overlays/none.geojson is listed but missing"),
              std::string::npos);
    EXPECT_NE(with([](json& m) { m["overlays"]["borders"][1]["layer"] = "wijken"; }).find("has no layer 'wijken'"),
              std::string::npos);
    EXPECT_NE(with([](json& m) { m["overlays"]["rivers"] = json::array(); }).find("overlays.rivers is not known"),
              std::string::npos);
}

TEST(Catalogue, OnlyRoadsACarCanUseAreDrawn) {
    EXPECT_TRUE(is_drivable_road_class("primary"));
    EXPECT_TRUE(is_drivable_road_class("residential"));
    EXPECT_FALSE(is_drivable_road_class("footway"));
    EXPECT_FALSE(is_drivable_road_class("path"));
    EXPECT_FALSE(is_drivable_road_class("Primary"));  // OSM's values are lower case
}

TEST(PointQuery, ReadsTheCellUnderThePointInEveryLayer) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    const auto values = query_point(c, kWetX, kWetY, false);
    ASSERT_EQ(values.size(), 5u);  // the partner-only draft is left out
    std::map<std::string, PointValue> by_id;
    for (const auto& v : values) by_id[v.layer->id] = v;
    EXPECT_FLOAT_EQ(*by_id["enschede/T100/max_depth"].value, kWetDepthM);
    EXPECT_EQ(render::legend("depth_m").classes[by_id["enschede/T100/max_depth"].class_index].lower, 0.30);
    EXPECT_FLOAT_EQ(*by_id["enschede/T100/duration"].value, 2.0f);
    EXPECT_FLOAT_EQ(*by_id["enschede/heat/pet"].value, kPetC);
    EXPECT_FLOAT_EQ(*by_id["enschede/bluespots"].value, 0.25f);
    EXPECT_NEAR(*by_id["enschede/terrain"].terrain_m, 30.0 + 0.5 + 0.35, 1e-5);
    EXPECT_EQ(query_point(c, kWetX, kWetY, true).size(), 6u);
}

TEST(PointQuery, EveryValueNamesItsModelAndResolution) {
    TempDir tmp;
    // The fixture's manifest describes no areas (as older results): the area is derived from the 10 m cells.
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    for (const PointValue& v : query_point(c, kWetX, kWetY, true)) {
        ASSERT_NE(v.area, nullptr) << v.layer->id;
        EXPECT_EQ(v.area->id, "enschede");
        EXPECT_DOUBLE_EQ(v.area->cell_size_m, kCell);
        EXPECT_EQ(v.area->detail, "local");  // 10 m: between 2 m (street) and 25 m (regional)
        EXPECT_EQ(v.area->model_nl, "rekengebied enschede (10 m)");
        EXPECT_EQ(v.area->model_en, "model area enschede (10 m)");
        EXPECT_TRUE(v.area->limitations_nl.empty());
        EXPECT_EQ(v.rounded_to, 0.0);
    }
}

TEST(PointQuery, ARegionalAreaAnswersCoarselyWithItsLimitations) {
    TempDir tmp;
    const fs::path dir = write_results_fixture(tmp.path() / "out");
    json manifest = read_manifest(dir);
    manifest["areas"] = {{{"id", "enschede"},
                          {"name", "Twente regionaal"},
                          {"detail", "regional"},
                          {"cell_size_m", 100},
                          {"model", {{"nl", "SRTM 100 m"}, {"en", "SRTM 100 m"}}},
                          {"limitations", {{"nl", "Beperkingen van de kaart."}, {"en", "Limitations of the map."}}}}};
    write_text(dir / "stresstest.json", manifest.dump());
    const Catalogue c = Catalogue::load(dir);
    std::map<std::string, PointValue> by_id;
    for (const auto& v : query_point(c, kWetX, kWetY, false)) by_id[v.layer->id] = v;
    const PointValue& depth = by_id["enschede/T100/max_depth"];
    EXPECT_EQ(depth.area->model_nl, "SRTM 100 m");
    EXPECT_TRUE(depth.area->regional());
    EXPECT_EQ(depth.area->limitations_en, "Limitations of the map.");
    EXPECT_DOUBLE_EQ(depth.rounded_to, 0.1);
    EXPECT_NEAR(*depth.value, 0.4, 1e-9);  // 0.42 m to the nearest 10 cm
    EXPECT_NEAR(*by_id["enschede/T100/duration"].value, 2.0, 1e-9);
    EXPECT_NEAR(*by_id["enschede/terrain"].terrain_m, 31.0, 1e-9);  // 30.85 m to the nearest metre
    EXPECT_DOUBLE_EQ(by_id["enschede/terrain"].rounded_to, 1.0);
    // A manifest's area with an unknown detail or no cell size is refused, naming it.
    manifest["areas"][0]["detail"] = "fine";
    write_text(dir / "stresstest.json", manifest.dump());
    EXPECT_NE(load_error(dir).find("areas[0] (enschede): detail must be \"regional\", \"local\" or \"street\""),
              std::string::npos)
        << load_error(dir);
    manifest["areas"][0]["detail"] = "regional";
    manifest["areas"][0].erase("cell_size_m");
    write_text(dir / "stresstest.json", manifest.dump());
    EXPECT_NE(load_error(dir).find("cell_size_m"), std::string::npos) << load_error(dir);
}

TEST(PointQuery, NoDataAndOutsideAreTold) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    // Cell (0, 0) of the depth map is no data; the blue-spot map is no data everywhere but one cell.
    for (const auto& v : query_point(c, kWest + 5, kNorth - 5, false))
        if (v.layer->id == "enschede/T100/max_depth" || v.layer->id == "enschede/bluespots") {
            EXPECT_FALSE(v.value) << v.layer->id;
            EXPECT_EQ(v.class_index, -1);
        }
    EXPECT_TRUE(query_point(c, kWest - 1, kNorth - 5, false).empty());
    EXPECT_TRUE(query_point(c, kWest + 5, kNorth + 1, false).empty());
}

TEST(PlaceSearch, FindsByPartOfTheNameIgnoringCaseAndAccents) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    auto hits = search_places(c.places(), "stadsbeek", 10);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0]->name, "Stadsbeekstraat");
    EXPECT_DOUBLE_EQ(hits[0]->x, 257075);
    hits = search_places(c.places(), "CREME brulee", 10);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0]->name, "Ćrème Brûlée-straat");
    hits = search_places(c.places(), "e", 2);  // many match; names starting with it come first
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0]->name, "Enschede");
    EXPECT_TRUE(search_places(c.places(), "   ", 10).empty());
    EXPECT_TRUE(search_places(c.places(), "Hengelo", 10).empty());
    EXPECT_EQ(fold_for_search("Één IJssel ĳs"), "een ijssel ijs");
}

TEST(PlaceSearch, NearestPlacePrefersStreetsOverTheMunicipality) {
    TempDir tmp;
    const Catalogue c = Catalogue::load(write_results_fixture(tmp.path() / "out"));
    // 2.8 m from the municipality's point, 52 m from Stadsbeekstraat, 71 m from Het Zwering.
    const Place* p = nearest_place(c.places(), 257098, 471098, 500);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, "Stadsbeekstraat");
    EXPECT_EQ(nearest_place(c.places(), 0, 0, 500), nullptr);
}

// GeoJSON places are usually in WGS 84 (RFC 7946): the catalogue brings them to RD New, longitude as x.
TEST(PlaceSearch, PlacesInWgs84AreHeldInRdNew) {
    TempDir tmp;
    const fs::path out = write_results_fixture(tmp.path() / "out");
    write_text(out / "places.geojson", R"({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Amersfoort", "kind": "municipality", "partner": "GM0307"},
         "geometry": {"type": "Point", "coordinates": [5.38721, 52.15517]}}]})");
    const Catalogue c = Catalogue::load(out);
    ASSERT_EQ(c.places().size(), 1u);
    EXPECT_NEAR(c.places()[0].x, 155000.0, 10.0);  // the RD origin (Helmert without the RDNAPTRANS grid: ~1 m)
    EXPECT_NEAR(c.places()[0].y, 463000.0, 10.0);
}

}  // namespace
}  // namespace wn::server
