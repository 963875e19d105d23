// BGT and BAG as PDOK delivers them: every BGT object type of a CityGML download (tests/data/bgt, written by hand after
// PDOK's files) and of a GeoPackage maps to the class docs/bgt-bag.md documents; unknown classes and uses are counted,
// never dropped; BAG use decides a building's damage class (hand-computed damage per use); bad inputs name the file.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "../io/io_test_support.hpp"
#include "../io/tile_cutting.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/bag_use.hpp"
#include "waternet/pipeline/bgt_land_cover.hpp"
#include "waternet/pipeline/partner_data.hpp"
#include "waternet/pipeline/region_config.hpp"
#include "waternet/pipeline/stresstest.hpp"
#include "waternet/risk/damage.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

const std::filesystem::path kBgtGml = std::filesystem::path(WATERNET_TESTS_DIR) / "data" / "bgt";

// 10 × 80 one-metre cells from (100000, 400000): the samples put object i on the square x 100000 + 10 i .. + 10.
GridSpec strip_grid() { return GridSpec{10, 80, {100000.0, 400010.0, 1.0}, {}}; }
std::uint8_t class_of_square(const BgtLandCover& c, int i) { return c.classes(5, 10 * i + 5); }

std::string square(int i, double y0 = 400000.0) {
    const double x = 100000.0 + 10.0 * i;
    return fmt::format("POLYGON (({0} {2},{1} {2},{1} {3},{0} {3},{0} {2}))", x, x + 10, y0, y0 + 10);
}

TEST(BgtPdok, CityGmlDownloadMapsEveryObjectType) {
    const BgtLandCover c = load_bgt_land_cover(kBgtGml, strip_grid());
    EXPECT_EQ(c.read.format, "GML");
    EXPECT_EQ(class_of_square(c, 0), kPaved);        // wegdeel (TrafficArea), gesloten verharding, an arc in its edge
    EXPECT_EQ(class_of_square(c, 1), kGrass);        // ondersteunendwegdeel (AuxiliaryTrafficArea), groenvoorziening
    EXPECT_EQ(class_of_square(c, 2), kTrees);        // begroeidterreindeel (PlantCover), loofbos
    EXPECT_EQ(class_of_square(c, 3), kMixed);        // onbegroeidterreindeel, erf
    EXPECT_EQ(class_of_square(c, 4), kWater);        // waterdeel (WaterBody)
    EXPECT_EQ(class_of_square(c, 5), kBuilding);     // pand (BuildingPart)
    EXPECT_EQ(class_of_square(c, 6), kImpermeable);  // scheiding, muur
    EXPECT_EQ(class_of_square(c, 7), 0);             // nothing there
    EXPECT_EQ(c.public_space(5, 25), 1);             // woodland is public open space
    EXPECT_EQ(c.public_space(5, 35), 0);             // a private yard is not
    // The footpath that no longer exists (eindRegistratie) is left out, not drawn over the road; the wall given as a
    // line is no area.
    EXPECT_EQ(c.read.ended, 1);
    EXPECT_EQ(c.read.not_areas, 1);
    EXPECT_TRUE(c.unknown_classes.empty());
    EXPECT_EQ(c.read.features_per_object.at("wegdeel"), 1);
    EXPECT_EQ(c.cells_per_class[kPaved], 100);
    // GDAL left no .gfs schema files in the partner's folder.
    for (const auto& entry : std::filesystem::directory_iterator(kBgtGml))
        EXPECT_NE(entry.path().extension(), ".gfs") << entry.path();
}

TEST(BgtPdok, GmlLightMapsByItsBgtNames) {
    // PDOK's "GML light" (IMGeo simple features, namespace imgeo-s): one flat element per object, BGT attribute names.
    TempDir dir;
    const auto feature = [](const std::string& type, int i, const std::string& fields) {
        return "<gml:featureMember><imgeo-s:" + type + " gml:id=\"f" + std::to_string(i) + "\">" + fields +
               "<imgeo-s:geometrie2d><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>" +
               fmt::format("{0} 400000 {1} 400000 {1} 400010 {0} 400010 {0} 400000", 100000 + 10 * i, 100010 + 10 * i) +
               "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imgeo-s:geometrie2d></imgeo-s:" + type +
               "></gml:featureMember>\n";
    };
    write_file(
        dir.path() / "bgt_trafficarea.gml",
        R"(<?xml version="1.0" encoding="UTF-8"?>
<gml:FeatureCollection xmlns:imgeo-s="http://www.geostandaarden.nl/imgeo/2.1/simple/gml31" xmlns:gml="http://www.opengis.net/gml">
)" +
            feature(
                "Wegdeel", 0,
                "<imgeo-s:bgt-status>bestaand</imgeo-s:bgt-status><imgeo-s:bgt-functie>voetpad</imgeo-s:bgt-functie>"
                "<imgeo-s:bgt-fysiekVoorkomen>half verhard</imgeo-s:bgt-fysiekVoorkomen>") +
            feature(
                "Wegdeel", 1,
                "<imgeo-s:objectEindTijd>2019-01-01</imgeo-s:objectEindTijd><imgeo-s:bgt-functie>fietspad"
                "</imgeo-s:bgt-functie><imgeo-s:bgt-fysiekVoorkomen>gesloten verharding</imgeo-s:bgt-fysiekVoorkomen>") +
            "</gml:FeatureCollection>\n");
    const BgtLandCover c = load_bgt_land_cover(dir.path() / "bgt_trafficarea.gml", strip_grid());
    EXPECT_EQ(class_of_square(c, 0), kUnpaved);  // a half-paved footpath
    EXPECT_EQ(c.public_space(5, 5), 1);
    EXPECT_EQ(class_of_square(c, 1), 0);  // the cycle path that ended is not there
    EXPECT_EQ(c.read.ended, 1);
}

TEST(BgtPdok, PandenBecomeBuildingsWithTheirBagId) {
    TempDir dir;
    const auto out = dir.path() / "panden.geojson";
    EXPECT_EQ(write_bgt_buildings(kBgtGml, out), 1);
    const std::vector<VectorFeature> panden = read_features(out.string());
    ASSERT_EQ(panden.size(), 1u);
    EXPECT_NEAR(panden[0].area_m2, 100.0, 1e-6);
    EXPECT_EQ(panden[0].attributes.at("bag_pand"), "153100000000001");  // GDAL reads the id as a number
}

// A GeoPackage laid out like PDOK's BGT download: one layer per object type, IMGeo attribute names in snake case.
struct Layer {
    std::string name;
    std::vector<std::string> fields;
    std::vector<std::pair<std::string, std::vector<std::string>>> features;  // WKT, values
};

void write_gpkg(const std::filesystem::path& path, const std::vector<Layer>& layers) {
    GDALAllRegister();
    std::filesystem::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> ds(driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
    OGRSpatialReference rd;
    rd.importFromEPSG(28992);
    for (const Layer& l : layers) {
        OGRLayer* layer = ds->CreateLayer(l.name.c_str(), &rd, wkbUnknown, nullptr);
        for (const std::string& f : l.fields) {
            OGRFieldDefn defn(f.c_str(), f == "oppervlakte" ? OFTReal : OFTString);
            layer->CreateField(&defn);
        }
        for (const auto& [wkt, values] : l.features) {
            OGRFeature feature(layer->GetLayerDefn());
            OGRGeometry* g = nullptr;
            OGRGeometryFactory::createFromWkt(wkt.c_str(), &rd, &g);
            feature.SetGeometryDirectly(g);
            for (std::size_t i = 0; i < values.size(); ++i)
                if (!values[i].empty()) feature.SetField(static_cast<int>(i), values[i].c_str());
            ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
        }
    }
}

std::filesystem::path write_bgt_gpkg(const TempDir& dir) {
    const auto path = dir.path() / "bgt.gpkg";
    const std::vector<std::string> area_fields = {"bgt_functie", "bgt_fysiekvoorkomen", "plus_fysiekvoorkomen",
                                                  "eindregistratie"};
    write_gpkg(
        path,
        {
            {"wegdeel",
             area_fields,
             {{square(0), {"voetpad", "open verharding", "betonstraatstenen", ""}},
              {square(1), {"rijbaan lokale weg", "gesloten verharding", "", "2020-01-01T00:00:00"}}}},
            {"ondersteunendwegdeel", area_fields, {{square(1), {"berm", "onverhard", "", ""}}}},
            {"begroeidterreindeel", area_fields, {{square(2), {"", "bouwland", "", ""}}}},
            {"onbegroeidterreindeel", area_fields, {{square(3), {"", "open verharding", "", ""}}}},
            {"waterdeel", {"bgt_type"}, {{square(4), {"watervlakte"}}}},
            {"pand", {"identificatiebagpnd"}, {{square(5), {"0153100000000005"}}}},
            {"vliegveldbaan",
             area_fields,
             {{square(6), {"", "gesloten verharding", "", ""}}, {square(7), {"", "", "", ""}}}},
            {"functioneelgebied", {"bgt_type"}, {{square(0), {"kering"}}}},  // an overlay: must not hide the footpath
            {"paal", {"bgt_type"}, {{"POINT (100005 400005)", {"haltepaal"}}}},
        });
    return path;
}

TEST(BgtPdok, GeoPackageMapsEveryObjectTypeAndCountsTheUnknown) {
    TempDir dir;
    const BgtLandCover c = load_bgt_land_cover(write_bgt_gpkg(dir), strip_grid());
    EXPECT_EQ(c.read.format, "GPKG");
    EXPECT_EQ(class_of_square(c, 0), kPaved);        // footpath, open verharding, under a functioneel gebied
    EXPECT_EQ(c.public_space(5, 5), 1);              // a footpath is public open space
    EXPECT_EQ(class_of_square(c, 1), kUnpaved);      // verge, onverhard (the road over it has ended)
    EXPECT_EQ(class_of_square(c, 2), kAgriculture);  // bouwland
    EXPECT_EQ(class_of_square(c, 3), kPaved);        // open verharding
    EXPECT_EQ(class_of_square(c, 4), kWater);
    EXPECT_EQ(class_of_square(c, 5), kBuilding);
    EXPECT_EQ(class_of_square(c, 6), kMixed);  // unknown: mixed, and counted
    ASSERT_EQ(c.unknown_classes.count("vliegveldbaan"), 1u);
    EXPECT_EQ(c.unknown_classes.at("vliegveldbaan"), 2);
    EXPECT_EQ(c.not_land_cover.at("functioneelgebied"), 1);
    EXPECT_EQ(c.read.ended, 1);
    EXPECT_EQ(c.read.not_areas, 1);  // the pole
    EXPECT_THROW(load_bgt_land_cover(write_bgt_gpkg(dir), strip_grid(), UnknownClass::error), InputError);
}

TEST(BgtPdok, TheMappingTableIsReplaceable) {
    TempDir dir;
    const auto csv = dir.path() / "mine.csv";
    write_file(csv,
               "bgt_object,functie,fysiek_voorkomen,plus_fysiek_voorkomen,land_cover,public_open_space\n"
               "wegdeel,*,*,betonstraatstenen,grass,no\n"  // e.g. a municipality's grass pavers
               "functioneelgebied,*,*,*,none,no\n"
               "*,*,*,*,impermeable,no\n");
    const BgtMapping mine = read_bgt_mapping(csv);
    const BgtLandCover c = load_bgt_land_cover(write_bgt_gpkg(dir), strip_grid(), UnknownClass::mixed, &mine);
    EXPECT_EQ(class_of_square(c, 0), kGrass);
    EXPECT_EQ(c.public_space(5, 5), 0);
    EXPECT_EQ(class_of_square(c, 2), kImpermeable);
    EXPECT_TRUE(c.unknown_classes.empty());

    write_file(csv,
               "bgt_object,functie,fysiek_voorkomen,plus_fysiek_voorkomen,land_cover,public_open_space\n"
               "wegdeel,*,*,*,asfalt,no\n");
    const std::string message = input_error_of([&] { read_bgt_mapping(csv); });
    EXPECT_NE(message.find("mine.csv, line 2"), std::string::npos) << message;
    EXPECT_NE(message.find("land_cover"), std::string::npos) << message;
}

TEST(BgtPdok, AFileWithoutBgtObjectsIsAClearError) {
    TempDir dir;
    const auto gml = dir.path() / "luchtfoto.gml";
    write_file(gml, R"(<?xml version="1.0" encoding="UTF-8"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml" xmlns:x="http://example.org/x">
  <gml:featureMember><x:Ufo gml:id="u1"><x:naam>schotel</x:naam>
    <x:geometrie><gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">100000 400000 100010 400000 100010 400010 100000 400000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></x:geometrie>
  </x:Ufo></gml:featureMember>
</gml:FeatureCollection>
)");
    const std::string message = input_error_of([&] { load_bgt_land_cover(gml, strip_grid()); });
    EXPECT_NE(message.find("luchtfoto.gml"), std::string::npos) << message;
    EXPECT_NE(message.find("no BGT objects"), std::string::npos) << message;
    EXPECT_NE(message.find("Ufo"), std::string::npos) << message;  // names the layer it found
    std::filesystem::create_directories(dir.path() / "leeg");
    EXPECT_NE(input_error_of([&] { load_bgt_land_cover(dir.path() / "leeg", strip_grid()); }).find("no BGT files"),
              std::string::npos);
}

// ---- BAG ----------------------------------------------------------------------------------------

const std::filesystem::path kDamageCsv = std::filesystem::path(WATERNET_DATA_DIR) / "damage" / "wss_default.csv";

// Pand i is square i; a verblijfsobject is a point in it with its uses, floor area, pand id and status.
struct Vbo {
    int pand;
    std::string uses;
    double area_m2;
    std::string status = "Verblijfsobject in gebruik";
};

std::filesystem::path write_bag(const TempDir& dir, int panden, const std::vector<Vbo>& vbos,
                                bool with_pand_ref = true) {
    const auto path = dir.path() / "bag.gpkg";
    Layer pand{"pand", {"identificatie", "status"}, {}};
    for (int i = 0; i < panden; ++i)
        pand.features.push_back({square(i), {fmt::format("01531000000000{:02d}", i), "Pand in gebruik"}});
    Layer vbo{"verblijfsobject", {"identificatie", "gebruiksdoel", "oppervlakte", "status"}, {}};
    if (with_pand_ref) vbo.fields.push_back("pand_identificatie");
    int n = 0;
    for (const Vbo& v : vbos) {
        std::vector<std::string> values = {fmt::format("015301000000{:04d}", n++), v.uses, fmt::format("{}", v.area_m2),
                                           v.status};
        if (with_pand_ref) values.push_back(fmt::format("01531000000000{:02d}", v.pand));
        vbo.features.push_back({fmt::format("POINT ({} 400005)", 100000 + 10 * v.pand + 3 + n % 4), values});
    }
    write_gpkg(path, {pand, vbo});
    return path;
}

// Footprints for the squares, without ids (linked to BAG by place), plus one beyond every pand.
std::vector<VectorFeature> footprints(const TempDir& dir, int count) {
    std::string json =
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
    for (int i = 0; i <= count; ++i) {
        const double x = 100001.0 + 10.0 * i;
        json += fmt::format(
            R"({}{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[[{},400001],[{},400001],[{},400009],[{},400009],[{},400001]]]}}}})",
            i ? "," : "", x, x + 8, x + 8, x, x);
    }
    write_file(dir.path() / "footprints.geojson", json + "]}");
    return read_features((dir.path() / "footprints.geojson").string());
}

TEST(BagUse, TheUseWithTheLargestFloorAreaDecides) {
    TempDir dir;
    const risk::DamageTable table = risk::DamageTable::load_csv(kDamageCsv);
    const BagUseMapping mapping = read_bag_use_mapping(default_bag_use_csv(), table);
    const std::uint8_t housing = table.code_of("woon");
    for (const bool by_id : {true, false}) {  // verblijfsobjecten linked by pand_identificatie, or by place
        const auto bag =
            write_bag(dir, 6,
                      {
                          {0, "woonfunctie", 100},
                          {1, "winkelfunctie", 80},
                          {1, "woonfunctie", 50},                  // the shop has more floor area
                          {2, "woonfunctie,kantoorfunctie", 100},  // 50/50: housing comes first in the table
                          // pand 3 has no verblijfsobject
                          {4, "ruimtevaartfunctie", 200},
                          {4, "industriefunctie", 10},  // unknown use: counted, left out
                          {5, "kantoorfunctie", 500, "Verblijfsobject ingetrokken"},
                          {5, "sportfunctie", 5},
                      },
                      by_id);
        const BuildingUses uses = building_uses(bag, footprints(dir, 6), mapping, housing);
        ASSERT_EQ(uses.use.size(), 7u);
        EXPECT_EQ(uses.use[0], "woonfunctie");
        EXPECT_EQ(uses.use[1], "winkelfunctie");
        EXPECT_EQ(uses.use[2], "woonfunctie");
        EXPECT_EQ(uses.use[3], kNoVerblijfsobject);
        EXPECT_EQ(uses.damage_code[3], table.code_of("overig"));
        EXPECT_EQ(uses.use[4], "industriefunctie");
        EXPECT_EQ(uses.use[5], "sportfunctie");  // the withdrawn office does not count
        EXPECT_EQ(uses.use[6], "");              // beyond every pand: housing, counted
        EXPECT_EQ(uses.damage_code[6], housing);
        EXPECT_EQ(uses.not_in_bag, 1);
        ASSERT_EQ(uses.unknown_uses.count("ruimtevaartfunctie"), 1u);
        EXPECT_EQ(uses.unknown_uses.at("ruimtevaartfunctie"), 1);
        EXPECT_EQ(uses.damage_code[1], table.code_of("winkel"));
    }
}

TEST(BagUse, EachUseIsPricedByItsOwnDamageClass) {
    // A 10 × 10 m pand per use, water 0.30 m against the façade for 1 hour in August. With data/damage/wss_default.csv
    // (data/damage/README.md): γ_depth(0.30 m) = 1, γ_duration(1 h) = 1 and γ_month(Aug) = 1 for buildings, so the
    // damage is 100 m² × (max direct + 5 repair days × indirect per day), per class from the README's table.
    struct Case {
        std::string use;
        double max_direct_eur_per_m2, indirect_eur_per_m2_per_day;
    };
    const std::vector<Case> cases = {
        {"woonfunctie", 260, 11},
        {"bijeenkomstfunctie", 260, 11},
        {"celfunctie", 54, 11},
        {"gezondheidszorgfunctie", 260, 87},
        {"industriefunctie", 260, 87},
        {"kantoorfunctie", 260, 87},
        {"logiesfunctie", 260, 87},
        {"onderwijsfunctie", 260, 87},
        {"sportfunctie", 54, 11},
        {"winkelfunctie", 260, 87},
        {"overige gebruiksfunctie", 0, 0},
    };
    TempDir dir;
    std::vector<Vbo> vbos;
    for (std::size_t i = 0; i < cases.size(); ++i) vbos.push_back({static_cast<int>(i), cases[i].use, 120});
    const risk::DamageTable table = risk::DamageTable::load_csv(kDamageCsv);
    const auto bag = write_bag(dir, static_cast<int>(cases.size()), vbos);
    std::vector<VectorFeature> buildings = footprints(dir, static_cast<int>(cases.size()));
    const BuildingUses uses =
        building_uses(bag, buildings, read_bag_use_mapping(default_bag_use_csv(), table), table.code_of("woon"));
    for (std::size_t i = 0; i < cases.size(); ++i) {
        EXPECT_EQ(uses.use[i], cases[i].use);
        risk::BuildingDamageInput input;
        input.footprint_m2 = 100.0;
        input.damage_code = uses.damage_code[i];
        input.water_depth_m = 0.30f;
        input.duration_h = 1.0;
        const double expected = 100.0 * (cases[i].max_direct_eur_per_m2 + 5.0 * cases[i].indirect_eur_per_m2_per_day);
        // 0.30 m as a float is 1.2e-8 m deeper, where γ_depth climbs 2.5 per metre: a few tenths of a cent.
        EXPECT_NEAR(risk::damage_of_building(table, input, {}).total_eur(), expected, 0.01) << cases[i].use;
    }
}

TEST(BagUse, NotABagFileNamesWhatItHas) {
    TempDir dir;
    write_gpkg(dir.path() / "adressen.gpkg", {{"adres", {"straat"}, {{"POINT (0 0)", {"Markt"}}}}});
    const std::string message = input_error_of([&] { require_bag_geopackage(dir.path() / "adressen.gpkg"); });
    EXPECT_NE(message.find("adressen.gpkg"), std::string::npos) << message;
    EXPECT_NE(message.find("no layer 'pand'"), std::string::npos) << message;
    EXPECT_NE(message.find("adres"), std::string::npos) << message;
}

// ---- the stress test's preparation ---------------------------------------------------------------

TEST(PartnerData, BgtAndBagBecomeTheAreasInputsWithWarnings) {
    TempDir dir;
    const auto terrain = dir.path() / "terrain.tif";
    write_cog(terrain.string(), Grid<float>(GridSpec{10, 90, {100000.0, 400010.0, 1.0}, {}}, 1.0f));
    RegionConfig config;
    AreaConfig area;
    area.id = "strip";
    area.terrain = terrain;
    area.bgt = write_bgt_gpkg(dir);
    area.bag = write_bag(dir, 6, {{5, "winkelfunctie", 40}, {5, "ruimtevaartfunctie", 10}});
    config.areas.push_back(area);
    const PartnerDataReport report = prepare_partner_data(config, dir.path() / "out", {});
    const AreaConfig& prepared = config.areas.front();
    ASSERT_TRUE(prepared.land_cover && prepared.buildings);
    const Grid<float> classes = read_raster(prepared.land_cover->string());
    EXPECT_EQ(classes(5, 25), static_cast<float>(kAgriculture));
    EXPECT_EQ(classes(5, 55), static_cast<float>(kBuilding));
    EXPECT_TRUE(std::isnan(classes(5, 85)));  // no BGT there: no data, so the area's default cover applies
    EXPECT_EQ(read_features(prepared.buildings->string()).size(), 1u);
    // The unknown BGT class and BAG use are in the warnings and the summary file.
    std::string warnings;
    for (const std::string& w : report.warnings) warnings += w + "\n";
    EXPECT_NE(warnings.find("vliegveldbaan"), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("ruimtevaartfunctie"), std::string::npos) << warnings;
    std::ifstream in(report.summary_file);
    const nlohmann::json summary = nlohmann::json::parse(in);
    EXPECT_EQ(summary["areas"]["strip"]["bgt"]["unknown_classes"]["vliegveldbaan"], 2);
    EXPECT_EQ(summary["areas"]["strip"]["bag"]["buildings_per_use"]["winkelfunctie"], 1);
    // A second preparation with the same data leaves the files as they were (the run cache keys on their hashes).
    const auto before = std::filesystem::last_write_time(*prepared.land_cover);
    RegionConfig again;
    again.areas.push_back(area);
    prepare_partner_data(again, dir.path() / "out", {});
    EXPECT_EQ(std::filesystem::last_write_time(*again.areas.front().land_cover), before);
}

// ---- the region file's keys -----------------------------------------------------------------------

std::string region_with_area(const std::string& terrain, const std::string& area_extra) {
    const std::string data = WATERNET_DATA_DIR;
    return "[region]\nid = \"r\"\nname = \"R\"\n\n[[partners]]\npath = \"" + data +
           "/twente/twente_gemeenten_2022.geojson\"\nid_field = \"gm_code\"\nname_field = \"gm_naam\"\n\n"
           "[[areas]]\nid = \"a\"\nname = \"A\"\nterrain = \"" +
           terrain + "\"\nscenarios = [\"T100\"]\n" + area_extra + "\n";
}

TEST(PartnerData, RegionFileTakesTilesBgtAndBag) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "ahn");
    write_cog((dir.path() / "ahn" / "west.tif").string(),
              Grid<float>(GridSpec{10, 40, {100000.0, 400010.0, 1.0}, {}}, 1.0f));
    write_cog((dir.path() / "ahn" / "east.tif").string(),
              Grid<float>(GridSpec{10, 40, {100040.0, 400010.0, 1.0}, {}}, 1.0f));
    write_bgt_gpkg(dir);
    write_bag(dir, 6, {{5, "winkelfunctie", 40}});
    write_file(dir.path() / "region.toml", region_with_area("ahn/", "bgt = \"bgt.gpkg\"\nbag = \"bag.gpkg\""));
    const RegionConfig config = read_region_config(dir.path() / "region.toml");
    EXPECT_EQ(config.areas[0].terrain, dir.path() / "ahn");
    EXPECT_EQ(config.areas[0].bgt, dir.path() / "bgt.gpkg");
    EXPECT_EQ(config.areas[0].bag, dir.path() / "bag.gpkg");
    // bgt and a land-cover raster contradict each other; a BAG that is not one is named at its key.
    write_file(dir.path() / "region.toml",
               region_with_area("ahn", "bgt = \"bgt.gpkg\"\nland_cover = \"ahn/west.tif\""));
    std::string message = input_error_of([&] { read_region_config(dir.path() / "region.toml"); });
    EXPECT_NE(message.find("areas[0].bgt: give land_cover (a class raster) or bgt, not both"), std::string::npos)
        << message;
    write_file(dir.path() / "region.toml", region_with_area("ahn", "bgt = \"bgt.gpkg\"\nbag = \"bgt.gpkg\""));
    message = input_error_of([&] { read_region_config(dir.path() / "region.toml"); });
    EXPECT_NE(message.find("areas[0].bag:"), std::string::npos) << message;
    EXPECT_NE(message.find("no layer 'verblijfsobject'"), std::string::npos) << message;
}

// ---- end to end: the stress test on Zundert with AHN tiles, BGT and BAG ------------------------------

// BGT (pand layer) and BAG GeoPackages made from the shipped Zundert footprints: every other building a shop.
void write_zundert_bgt_and_bag(const TempDir& dir) {
    const std::vector<VectorFeature> panden =
        read_features(std::string(WATERNET_DATA_DIR) + "/zundert/zundert_bgt_panden.geojson");
    Layer bgt{"pand", {"identificatiebagpnd"}, {}};
    Layer bag_pand{"pand", {"identificatie"}, {}};
    Layer vbo{"verblijfsobject", {"gebruiksdoel", "oppervlakte", "pand_identificatie"}, {}};
    for (std::size_t i = 0; i < panden.size(); ++i) {
        if (panden[i].kind != GeometryKind::polygon) continue;
        const std::size_t n = bgt.features.size();  // the building's index in the area's buildings
        const std::string id = fmt::format("{:016d}", 758100000000000 + n);
        bgt.features.push_back({panden[i].wkt, {id}});
        bag_pand.features.push_back({panden[i].wkt, {id}});
        vbo.features.push_back({fmt::format("POINT ({} {})", panden[i].representative.x, panden[i].representative.y),
                                {n % 2 ? "winkelfunctie" : "woonfunctie", "100", id}});
    }
    write_gpkg(dir.path() / "bgt.gpkg", {bgt});
    write_gpkg(dir.path() / "bag.gpkg", {bag_pand, vbo});
}

std::vector<std::map<std::string, std::string>> csv_rows(const std::filesystem::path& path) {
    std::vector<std::map<std::string, std::string>> rows;
    for (const VectorFeature& f : read_features(path.string())) rows.push_back(f.attributes);
    return rows;
}

TEST(PartnerData, StressTestPricesShopsAsShopsOnTiledTerrain) {
    TempDir dir;
    // The Zundert AHN as 12 tiles.
    std::filesystem::create_directories(dir.path() / "ahn");
    const std::string dtm = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_ahn_dtm_050cm.tif";
    for (int r = 0; r < 2124; r += 708)
        for (int c = 0; c < 1986; c += 500)
            test::cut_window(dtm, dir.path() / "ahn" / fmt::format("tile_{}_{}.tif", r, c), c, r,
                             std::min(500, 1986 - c), 708);
    write_zundert_bgt_and_bag(dir);
    const auto region = [&](const std::string& extra) {
        return "[region]\nid = \"z\"\nname = \"Z\"\n[[partners]]\npath = \"" + std::string(WATERNET_DATA_DIR) +
               "/twente/twente_gemeenten_2022.geojson\"\nid_field = \"gm_code\"\nname_field = \"gm_naam\"\n"
               "[[areas]]\nid = \"zundert\"\nname = \"Zundert\"\nterrain = \"ahn\"\nresolution_m = 16\n"
               "scenarios = [\"T100\"]\nbluespots = false\ndemonstration = true\nbgt = \"bgt.gpkg\"\n" +
               extra;
    };
    write_file(dir.path() / "housing.toml", region(""));
    write_file(dir.path() / "bag.toml", region("bag = \"bag.gpkg\"\n"));
    StressTestOptions options;
    options.execution.threads = resolve_thread_option(0);
    options.region_file = dir.path() / "housing.toml";
    options.output_dir = dir.path() / "housing";
    run_stresstest(options);
    options.region_file = dir.path() / "bag.toml";
    options.output_dir = dir.path() / "bag";
    run_stresstest(options);

    const auto housing = csv_rows(dir.path() / "housing" / "consequences" / "zundert" / "T100" / "buildings.csv");
    const auto priced = csv_rows(dir.path() / "bag" / "consequences" / "zundert" / "T100" / "buildings.csv");
    ASSERT_EQ(housing.size(), priced.size());
    // Same water, other prices (data/damage/README.md): WSS prices housing (woon) and shops (winkel) at 260 €/m² direct
    // and their indirect damage at 11 and 87 €/m²/day over 5 repair days, so a wet shop costs 5 × 76 = 380 €/m² more;
    // above 0.30 m their depth factors part (to 6.5 and 6.6 at 2.50 m): 260 × 0.1 × (d − 0.30) / 2.20 €/m² more again.
    int wet_shops = 0, wet_homes = 0;
    for (std::size_t b = 0; b < housing.size(); ++b) {
        ASSERT_EQ(housing[b].at("feature"), priced[b].at("feature"));
        const double before = std::stod(housing[b].at("damage_eur")), after = std::stod(priced[b].at("damage_eur"));
        if (before <= 0.0) {
            EXPECT_EQ(after, 0.0);
            continue;
        }
        const int feature = std::stoi(housing[b].at("feature"));
        const double footprint_m2 = std::stod(housing[b].at("footprint_m2"));
        EXPECT_EQ(priced[b].at("bag_use"), feature % 2 ? "winkelfunctie" : "woonfunctie");
        if (feature % 2) {
            const double d = std::stod(housing[b].at("facade_depth_m"));
            const double extra_direct = 260.0 * 0.1 * std::clamp(d - 0.30, 0.0, 2.20) / 2.20;
            EXPECT_NEAR(after - before, (380.0 + extra_direct) * footprint_m2, 1.0 + 400.0 * 0.05)
                << "shop " << feature;
            ++wet_shops;
        } else {
            EXPECT_NEAR(after, before, 1.0) << "home " << feature;
            ++wet_homes;
        }
    }
    EXPECT_GT(wet_shops, 0);
    EXPECT_GT(wet_homes, 0);
    // The report says how buildings were priced; provenance lists what BAG gave.
    std::string reports;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "bag" / "reports"))
        reports += test::read_file(entry.path());
    EXPECT_NE(reports.find("BAG-gebruiksdoel"), std::string::npos);
    std::ifstream in(dir.path() / "bag" / "provenance.json");
    const nlohmann::json provenance = nlohmann::json::parse(in);
    EXPECT_GT(provenance["parameters"]["partner_data"]["areas"]["zundert"]["bag"]["buildings_per_use"]["winkelfunctie"]
                  .get<int>(),
              0);
}

}  // namespace
}  // namespace wn
