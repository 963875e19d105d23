// The regional stress test end to end on a small region (coarse grids so it runs in seconds): every product is
// there, the reports carry the tables' figures, partner sums add up, and the cache recomputes exactly what changed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../io/io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/result_manifest.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/stresstest.hpp"
#include "waternet/report/text_format.hpp"
#include "waternet/server/catalogue.hpp"
#include "waternet/server/point_query.hpp"

namespace wn {
namespace {

using test::read_file;
using test::TempDir;
using test::write_file;

const std::string kData = WATERNET_DATA_DIR;

std::string small_region(const std::filesystem::path& measures, const std::filesystem::path& vital) {
    return "[region]\nid = \"small\"\nname = \"Klein\"\nweather = \"" + kData +
           "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv\"\n"
           "[[partners]]\npath = \"" +
           kData +
           "/twente/twente_gemeenten_2022.geojson\"\nid_field = \"gm_code\"\nname_field = \"gm_naam\"\n"
           "[[partners]]\npath = \"" +
           kData +
           "/twente/vechtstromen_boundary_rd.geojson\"\nid = \"WS0059\"\n"
           "name = \"Waterschap Vechtstromen\"\nkind = \"water_board\"\n"
           "[key_figures]\npath = \"" +
           kData +
           "/twente/twente_gemeenten_cbs_kerncijfers_2021.csv\"\n"
           "[[neighbourhoods]]\npath = \"" +
           kData +
           "/twente/enschede_buurten_2013.geojson\"\npartner = \"GM0153\"\n"
           "[[roads]]\npath = \"" +
           kData +
           "/twente/enschede_osm_highways_2023.geojson\"\n"
           "[[vital]]\npath = \"" +
           vital.string() +
           "\"\n"
           "[[areas]]\nid = \"twente\"\nname = \"Twente grof\"\nterrain = \"" +
           kData +
           "/twente/twente_srtm3_rd100m.tif\"\n"
           "resolution_m = 1000\ndefault_cover = \"impermeable\"\nscenarios = [\"T100\"]\n"
           "[[areas]]\nid = \"zundert\"\nname = \"Zundert grof\"\nterrain = \"" +
           kData +
           "/zundert/zundert_ahn_dtm_050cm.tif\"\n"
           "resolution_m = 16\nbuildings = \"" +
           kData +
           "/zundert/zundert_bgt_panden.geojson\"\nscenarios = [\"T100\"]\n"
           "demonstration = true\nframes = true\n"
           "[[measures]]\nid = \"wadi\"\narea = \"zundert\"\npath = \"" +
           measures.string() +
           "\"\nscenarios = [\"T100\"]\n"
           "[[heat_areas]]\nid = \"delft\"\nname = \"Delft\"\ndsm = \"" +
           kData +
           "/delft/delft_ahn3_dsm_050cm.tif\"\n"
           "dtm = \"" +
           kData + "/delft/delft_ahn3_dtm_050cm.tif\"\nbuildings = \"" + kData +
           "/delft/delft_bgt_panden.geojson\"\n"
           "demonstration = true\nday = \"hottest\"\n";  // the shipped record lacks the reference day 2015-07-01
}

std::string wadi(double volume_m3) {
    return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)"
           R"({"type":"Feature","properties":{"measure":"storage","name":"wadi","volume_m3":)" +
           std::to_string(volume_m3) +
           R"(},"geometry":{"type":"Polygon","coordinates":[[[104800,387200],[105100,387200],[105100,386900],[104800,386900],[104800,387200]]]}}]})";
}

// Two made-up objects in Zundert (a test fixture, not data): a pumping station (point) and a care home (polygon).
const char* kVital =
    R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)"
    R"({"type":"Feature","properties":{"category":"oppervlaktewaterbeheer","name":"Gemaal Test"},"geometry":{"type":"Point","coordinates":[104950,387050]}},)"
    R"({"type":"Feature","properties":{"category":"local:zorginstelling","name":"Zorg Test"},"geometry":{"type":"Polygon","coordinates":[[[105000,387300],[105060,387300],[105060,387240],[105000,387240],[105000,387300]]]}}]})";

// partner_indicators.csv as rows of name → value.
std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& path) {
    std::vector<std::map<std::string, std::string>> rows;
    for (const VectorFeature& f : read_features(path.string())) rows.push_back(f.attributes);
    return rows;
}

class SmallStressTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        write_file(dir_->path() / "wadi.geojson", wadi(3000));
        write_file(dir_->path() / "vital.geojson", kVital);
        write_file(dir_->path() / "small.toml",
                   small_region(dir_->path() / "wadi.geojson", dir_->path() / "vital.geojson"));
        options_.region_file = dir_->path() / "small.toml";
        options_.output_dir = dir_->path() / "out";
        options_.execution.threads = resolve_thread_option(0);  // every core, as the CLI's default
        first_ = new StressTestReport(run_stresstest(options_));
    }
    static void TearDownTestSuite() {
        delete first_;
        delete dir_;
    }
    static std::filesystem::path out() { return options_.output_dir; }

    static inline TempDir* dir_ = nullptr;
    static inline StressTestOptions options_;
    static inline StressTestReport* first_ = nullptr;
};

TEST_F(SmallStressTest, WritesEveryProduct) {
    ASSERT_EQ(first_->flood_runs.size(), 3u);  // twente T100, zundert T100, zundert T100+wadi
    for (const RunRecord& r : first_->flood_runs) {
        EXPECT_FALSE(r.cached);
        EXPECT_LT(std::abs(r.volume_error_relative), 1e-6) << r.area << " " << r.scenario;
        EXPECT_TRUE(std::filesystem::exists(out() / r.dir / "max_depth_m.tif"));
        EXPECT_TRUE(std::filesystem::exists(out() / r.dir / "run.json"));
    }
    EXPECT_EQ(first_->partners, 16);  // 14 municipalities, the water board, the demonstration area
    EXPECT_EQ(first_->reports, 16);
    for (const char* f :
         {"reports/GM0153.html", "reports/WS0059.html", "reports/demo-zundert.html", "waternet.gpkg",
          "tables/partner_indicators.csv", "tables/neighbourhood_indicators.csv", "styles/depth_m.qml",
          "styles/depth_regional_m.qml", "stresstest.json", "places.geojson", "provenance.json",
          "compare/zundert/T100+wadi/comparison.json", "compare/zundert/T100+wadi/depth_difference_m.tif",
          "consequences/zundert/T100/buildings.csv", "bluespots/zundert/bluespots.gpkg"})
        EXPECT_TRUE(std::filesystem::exists(out() / f)) << f;
    // The Twente area at 1 km is regional: no road figures are attributed to it.
    EXPECT_FALSE(std::filesystem::exists(out() / "consequences/twente/T100/roads.csv"));
    // The manifest's layers point at files that exist; the Zundert depth map has its animation frames.
    const nlohmann::json manifest = nlohmann::json::parse(read_file(out() / "stresstest.json"));
    bool frames = false;
    for (const auto& layer : manifest["layers"]) {
        EXPECT_TRUE(std::filesystem::exists(out() / layer["path"].get<std::string>())) << layer["path"];
        if (layer.contains("frames"))
            for (const auto& f : layer["frames"])
                frames |= std::filesystem::exists(out() / f["path"].get<std::string>());
    }
    EXPECT_TRUE(frames);
    // stresstest.json vouches for the result: each run folder's manifest fingerprint and every other file's size.
    const nlohmann::json& integrity = manifest["integrity"];
    ASSERT_EQ(integrity["runs"].size(),
              first_->flood_runs.size() + first_->bluespot_runs.size() + first_->heat_runs.size());
    for (const auto& [dir, fingerprint] : integrity["runs"].items()) {
        EXPECT_FALSE(fingerprint.get<std::string>().empty()) << dir;
        EXPECT_EQ(fingerprint, result_fingerprint(out() / dir)) << dir;
    }
    ASSERT_TRUE(integrity["files"].contains("reports/GM0153.html"));
    for (const auto& [file, size] : integrity["files"].items())
        EXPECT_EQ(size.get<std::uintmax_t>(), std::filesystem::file_size(out() / file)) << file;
    // The heat area's PET map is a layer of the viewer and a section of every report.
    bool heat = false;
    for (const auto& layer : manifest["layers"]) heat |= layer["theme"] == "heat" && layer["legend"] == "pet_c";
    EXPECT_TRUE(heat);
    ASSERT_EQ(first_->heat_runs.size(), 1u);
    EXPECT_EQ(first_->heat_runs[0].storm, "2022-07-19");  // the hottest day of the KNMI Twenthe record
    EXPECT_NE(read_file(out() / "reports/GM0141.html").find("Hittekaart: Delft"), std::string::npos);
}

TEST_F(SmallStressTest, ProvenanceStatesThePeakMemoryOfTheWholeAndOfEachRun) {
    const nlohmann::json provenance = nlohmann::json::parse(read_file(out() / "provenance.json"));
    const auto whole = provenance.at("memory").at("peak_resident_bytes").get<std::uint64_t>();
    EXPECT_GT(provenance["memory"]["grid_cells"].get<std::int64_t>(), 0);
    std::vector<nlohmann::json> runs(provenance["parameters"]["runs"].begin(), provenance["parameters"]["runs"].end());
    for (const auto& r : provenance["parameters"]["bluespot_and_heat_runs"]) runs.push_back(r);
    ASSERT_EQ(runs.size(), first_->flood_runs.size() + first_->bluespot_runs.size() + first_->heat_runs.size());
    for (const nlohmann::json& run : runs) {
        const auto peak = run.at("peak_resident_bytes").get<std::uint64_t>();
        EXPECT_GT(peak, 0u) << run["dir"];
        // Each run resets the high-water mark; the stress test's own peak must still cover every run's.
        EXPECT_GE(whole, peak) << run["dir"];
        // The run's own provenance has its peak and its grid's cells.
        const nlohmann::json own =
            nlohmann::json::parse(read_file(out() / run["dir"].get<std::string>() / "provenance.json")).at("memory");
        EXPECT_GT(own.at("peak_resident_bytes").get<std::uint64_t>(), 0u) << run["dir"];
        EXPECT_GT(own.at("grid_cells").get<std::int64_t>(), 0) << run["dir"];
    }
    const GridSpec zundert = raster_info((out() / "flood/zundert/T100/max_depth_m.tif").string()).spec;
    const nlohmann::json zundert_run =
        nlohmann::json::parse(read_file(out() / "flood/zundert/T100/provenance.json")).at("memory");
    EXPECT_EQ(zundert_run.at("grid_cells").get<std::int64_t>(), zundert.rows * zundert.cols);
}

TEST_F(SmallStressTest, ReportCarriesTheTableFigures) {
    std::map<std::string, std::string> demo;
    for (const auto& row : read_csv(out() / "tables/partner_indicators.csv"))
        if (row.at("partner_id") == "demo-zundert" && row.at("scenario") == "T100") demo = row;
    ASSERT_FALSE(demo.empty());
    const std::string html = read_file(out() / "reports/demo-zundert.html");
    // The headline card: buildings with water against the façade (> 10 cm) in the heaviest storm.
    const double buildings = std::stod(demo.at("buildings_facade_over_10cm"));
    EXPECT_GT(buildings, 0.0);
    const std::string card = report::format_number(buildings, 0, report::Language::nl);
    EXPECT_NE(html.find(">" + card + "<"), std::string::npos) << "card " << card;
    const std::string area = report::format_number(std::stod(demo.at("area_over_10cm_ha")), 1, report::Language::nl);
    EXPECT_NE(html.find(area), std::string::npos) << "area " << area;
    // Enschede's report names its neighbourhoods and streets from the data.
    const std::string enschede = read_file(out() / "reports/GM0153.html");
    EXPECT_NE(enschede.find("Per buurt"), std::string::npos);
    EXPECT_NE(enschede.find("Uitgangspunten"), std::string::npos);
}

TEST_F(SmallStressTest, RegionalAreaHasNoStreetLevelFigures) {
    // Tables: the regional area's rows leave buildings, roads, vital objects, damage and people empty, and say why;
    // the finer Zundert area keeps its figures.
    int regional_rows = 0, local_rows = 0;
    for (const auto& row : read_csv(out() / "tables/partner_indicators.csv")) {
        if (row.at("area") == "twente") {
            ++regional_rows;
            EXPECT_EQ(row.at("detail"), "regional");
            EXPECT_NE(row.at("not_computed").find("too coarse"), std::string::npos);
            for (const char* empty : {"buildings", "buildings_facade_over_10cm", "roads_km", "roads_impassable_km",
                                      "vital_objects", "vital_hit", "damage_direct_eur", "damage_indirect_eur",
                                      "people_in_area_over_20cm_estimate", "people_65plus_in_area_over_20cm_estimate"})
                EXPECT_EQ(row.at(empty), "") << row.at("partner_id") << " " << empty;
        } else {
            ++local_rows;
            EXPECT_EQ(row.at("detail"), "local");  // Zundert at 16 m
            EXPECT_FALSE(row.at("damage_direct_eur").empty());
            EXPECT_EQ(row.at("not_computed"), "");
        }
    }
    EXPECT_GT(regional_rows, 14);  // the 14 municipalities and the water board
    EXPECT_GT(local_rows, 0);
    const nlohmann::json json = nlohmann::json::parse(read_file(out() / "tables/partner_indicators.json"));
    EXPECT_FALSE(json["GM0153"]["twente"]["T100"].contains("damage_eur"));
    EXPECT_TRUE(json["GM0153"]["twente"]["T100"].contains("not_computed"));
    EXPECT_TRUE(json["demo-zundert"]["zundert"]["T100"].contains("damage_eur"));
    // GeoPackage: Enschede's regional columns hold the water, not buildings or damage.
    const auto features = read_features((out() / "waternet.gpkg").string());
    const auto enschede = std::find_if(features.begin(), features.end(),
                                       [](const VectorFeature& f) { return f.attributes.at("id") == "GM0153"; });
    ASSERT_NE(enschede, features.end());
    EXPECT_TRUE(enschede->attributes.count("twente_T100_area_over_10cm_ha"));
    EXPECT_FALSE(enschede->attributes.count("twente_T100_damage_eur"));
    // The report of a partner only the regional model covers: the layer's name, the limitations note in the report's
    // language only (Dutch), the model and its cells in the headline, and no street-level figure.
    const std::string html = read_file(out() / "reports/GM0153.html");
    for (const char* part : {"Regionale stroombanen en laagten", "Beperkingen van de kaart",
                             "Alleen het regionale model", "gemodelleerd op 1.000 m", "geen cijfers over gebouwen"})
        EXPECT_NE(html.find(part), std::string::npos) << part;
    EXPECT_EQ(html.find("Limitations of the map"), std::string::npos);
    // Its map's legend is the regional one, in decimetres, not the street legend's centimetre classes.
    EXPECT_NE(html.find("Waterdiepte, regionaal model"), std::string::npos);
    EXPECT_NE(html.find("1–2 dm"), std::string::npos);
    EXPECT_EQ(html.find("5–10 cm"), std::string::npos);
    for (const char* part : {"Schade (€)", "mln €", "Inwoners &gt; 20 cm", "Inwoners > 20 cm", "Gebouwen &gt;",
                             "Grove schatting", "Knelpunten: straten", "Vitaal geraakt"})
        EXPECT_EQ(html.find(part), std::string::npos) << part;
    // The Zundert report's headline names its finer model.
    EXPECT_NE(
        read_file(out() / "reports/demo-zundert.html").find("zundert_ahn_dtm_050cm.tif 0,5 m, gemodelleerd op 16 m"),
        std::string::npos);
    // The viewer's manifest describes each area, with the limitations of the regional one; its layers say what they are.
    const nlohmann::json manifest = nlohmann::json::parse(read_file(out() / "stresstest.json"));
    ASSERT_GE(manifest["areas"].size(), 2u);
    EXPECT_EQ(manifest["areas"][0]["id"], "twente");
    EXPECT_EQ(manifest["areas"][0]["detail"], "regional");
    EXPECT_NE(manifest["areas"][0]["limitations"]["nl"].get<std::string>().find("Beperkingen van de kaart"),
              std::string::npos);
    EXPECT_NE(manifest["areas"][0]["limitations"]["en"].get<std::string>().find("Limitations of the map"),
              std::string::npos);
    EXPECT_EQ(manifest["areas"][1]["detail"], "local");
    EXPECT_FALSE(manifest["areas"][1].contains("limitations"));
    const auto hazard_layers = std::count_if(manifest["layers"].begin(), manifest["layers"].end(),
                                             [](const nlohmann::json& l) { return l["legend"] == "hazard"; });
    EXPECT_GT(hazard_layers, 0);  // the local areas keep theirs
    for (const auto& layer : manifest["layers"]) {
        if (layer["area"] == "twente" && layer["theme"] == "flood") {
            EXPECT_EQ(layer["title"].get<std::string>().rfind("Regionale stroombanen en laagten: ", 0), 0u)
                << layer["title"];
        }
        // The regional model shows no velocity or hazard to people: its cells average away the flow in a street.
        if (layer["area"] == "twente")
            EXPECT_TRUE(layer["legend"] != "velocity_m_per_s" && layer["legend"] != "hazard") << layer["id"];
        // Depth maps draw in the legend of their area's detail: decimetres for the regional model, centimetres else.
        const bool depth_map = layer["id"].get<std::string>().ends_with("/max_depth") || layer["theme"] == "bluespots";
        if (depth_map) {
            EXPECT_EQ(layer["legend"], layer["area"] == "twente"       ? "depth_regional_m"
                                       : layer["theme"] == "bluespots" ? "bluespot_depth_m"
                                                                       : "depth_m")
                << layer["id"];
        }
        // Every flood layer carries its storm as the standard gives it (Delta Programme 2019: T100 is 70 mm in 1 h,
        // once in 100 years), so that the viewer can name it in words; a duration layer says the depth it counts above.
        if (layer["theme"] == "flood") {
            ASSERT_TRUE(layer.contains("storm")) << layer["id"];
            EXPECT_EQ(layer["storm"]["id"], "T100") << layer["id"];
            EXPECT_NEAR(layer["storm"]["rain_mm"].get<double>(), 70.0, 1e-6) << layer["id"];
            EXPECT_DOUBLE_EQ(layer["storm"]["duration_h"].get<double>(), 1.0) << layer["id"];
            EXPECT_DOUBLE_EQ(layer["storm"]["return_period_years"].get<double>(), 100.0) << layer["id"];
        }
        if (layer["legend"] == "duration_h") {
            const double threshold_m = layer.at("threshold_m").get<double>();
            const std::string in_path = fmt::format("duration_above_{:.0f}cm_s.tif", threshold_m * 100.0);
            EXPECT_NE(layer["path"].get<std::string>().find(in_path), std::string::npos)
                << layer["path"] << " vs " << threshold_m;
        }
    }
    // The stress test's provenance records each area's detail, edges and loss.
    const nlohmann::json provenance = nlohmann::json::parse(read_file(out() / "provenance.json"));
    EXPECT_EQ(provenance["parameters"]["areas"]["twente"]["detail"], "regional");
    EXPECT_EQ(provenance["parameters"]["areas"]["twente"]["edges"], "free");
    EXPECT_EQ(provenance["parameters"]["areas"]["twente"]["loss_mm_per_h"], 20.0);
    // The viewer's point query names the model (Enschede centre lies in the regional area only).
    const server::Catalogue catalogue = server::Catalogue::load(out());
    const auto values = server::query_point(catalogue, 258000.0, 471500.0, false);
    ASSERT_FALSE(values.empty());
    for (const auto& v : values) {
        EXPECT_EQ(v.area->id, "twente");
        EXPECT_TRUE(v.area->regional());
        EXPECT_NE(v.area->model_nl.find("gemodelleerd op 1.000 m"), std::string::npos);
        EXPECT_GT(v.rounded_to, 0.0);
    }
}

TEST_F(SmallStressTest, PartnerRowsAddUpToTheBuildingTable) {
    // Every building row of the demonstration area belongs to it; the partner's count is the table's row count.
    std::size_t rows = 0, over_10cm = 0;
    for (const auto& row : read_csv(out() / "consequences/zundert/T100/buildings.csv")) {
        ++rows;
        EXPECT_EQ(row.at("partner_id"), "demo-zundert");
        over_10cm += row.at("over_10cm") == "1";
    }
    for (const auto& row : read_csv(out() / "tables/partner_indicators.csv"))
        if (row.at("partner_id") == "demo-zundert" && row.at("scenario") == "T100") {
            EXPECT_EQ(std::stoul(row.at("buildings")), rows);
            EXPECT_EQ(std::stoul(row.at("buildings_facade_over_10cm")), over_10cm);
        }
    // Municipal areas in the regional grid add up to at most the grid's area (they do not overlap).
    double municipal_ha = 0.0, board_ha = 0.0;
    for (const auto& row : read_csv(out() / "tables/partner_indicators.csv"))
        if (row.at("area") == "twente")
            (row.at("partner_kind") == "water_board" ? board_ha : municipal_ha) += std::stod(row.at("modelled_ha"));
    EXPECT_GT(municipal_ha, 100000.0);  // Twente is about 1,500 km²
    EXPECT_LE(municipal_ha, 60.0 * 50.0 * 100.0);
    EXPECT_GT(board_ha, municipal_ha * 0.5);
}

TEST_F(SmallStressTest, VitalObjectsAreReadAtTheirPlace) {
    const auto rows = read_csv(out() / "consequences/zundert/T100/vital.csv");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("category"), "surface_water_management");  // given in Dutch, stored by key
    EXPECT_EQ(rows[1].at("category"), "local:zorginstelling");
    for (const auto& row : rows) {
        EXPECT_EQ(row.at("partner_id"), "demo-zundert");
        EXPECT_GE(std::stod(row.at("depth_m")), 0.0);
    }
    for (const auto& row : read_csv(out() / "tables/partner_indicators.csv"))
        if (row.at("partner_id") == "demo-zundert") EXPECT_EQ(row.at("vital_objects"), "2");
}

TEST_F(SmallStressTest, GeoPackageHasTheLayersWithStyles) {
    const std::string gpkg = (out() / "waternet.gpkg").string();
    const VectorInfo partners = vector_info(gpkg);  // the first layer
    EXPECT_EQ(partners.layer_name, "partners");
    EXPECT_EQ(partners.feature_count, 16);
    const auto features = read_features(gpkg);
    const auto demo = std::find_if(features.begin(), features.end(),
                                   [](const VectorFeature& f) { return f.attributes.at("id") == "demo-zundert"; });
    ASSERT_NE(demo, features.end());
    EXPECT_TRUE(demo->attributes.count("zundert_T100_buildings_over_10cm"));
    EXPECT_FALSE(demo->attributes.count("twente_T100_buildings_over_10cm"));  // null: the area has no buildings
    const std::string bytes = read_file(out() / "waternet.gpkg");
    EXPECT_NE(bytes.find("layer_styles"), std::string::npos);
    EXPECT_NE(bytes.find("buildings_zundert"), std::string::npos);
}

TEST_F(SmallStressTest, MeasuresReduceWaterAndTheComparisonSaysSo) {
    const nlohmann::json c = nlohmann::json::parse(read_file(out() / "compare/zundert/T100+wadi/comparison.json"));
    EXPECT_NEAR(c["storage_created_m3"].get<double>(), 3000.0, 1e-6);  // the wadi holds its volume
    EXPECT_LT(c["water_volume_variant_m3"].get<double>(), c["water_volume_base_m3"].get<double>());
    EXPECT_GE(c["damage_avoided_eur"].get<double>(), 0.0);
    EXPECT_GT(c["area_lower_by_1cm_m2"].get<double>(), 0.0);
}

TEST_F(SmallStressTest, TheViewerRefusesAResultThatNoLongerMatchesItsManifest) {
    EXPECT_NO_THROW(server::Catalogue::load(out()));
    // A run folder or a report changed after stresstest.json was written (a stress test stopped halfway through
    // its outputs, or one still running): not served. Each file is put back as it was.
    for (const char* file : {"flood/twente/T100/final_depth_m.tif", "reports/GM0153.html"}) {
        const std::string original = read_file(out() / file);
        write_file(out() / file, original + "x");
        const std::string message = test::input_error_of([] { server::Catalogue::load(out()); });
        EXPECT_NE(message.find("incomplete or mixed"), std::string::npos) << file << ": " << message;
        write_file(out() / file, original);
    }
    EXPECT_NO_THROW(server::Catalogue::load(out()));
}

TEST_F(SmallStressTest, RerunTakesEverythingFromTheCacheAndRecomputesWhatChanged) {
    const StressTestReport again = run_stresstest(options_);
    for (const RunRecord& r : again.flood_runs) EXPECT_TRUE(r.cached) << r.scenario;
    for (const RunRecord& r : again.bluespot_runs) EXPECT_TRUE(r.cached) << r.area;
    // A changed measures file reruns only the variant.
    write_file(dir_->path() / "wadi.geojson", wadi(4000));
    const StressTestReport changed = run_stresstest(options_);
    for (const RunRecord& r : changed.flood_runs) EXPECT_EQ(r.cached, r.measures.empty()) << r.scenario;
    // A run whose marker is gone (stopped halfway) is redone.
    std::filesystem::remove(out() / "flood/twente/T100/run.json");
    const StressTestReport resumed = run_stresstest(options_);
    for (const RunRecord& r : resumed.flood_runs) EXPECT_EQ(r.cached, r.area != "twente") << r.scenario;
    // A run whose map was damaged (truncated) is found out by its manifest and recomputed, without --force.
    const auto map = out() / "flood/twente/T100/max_depth_m.tif";
    const auto size = std::filesystem::file_size(map);
    std::filesystem::resize_file(map, size / 2);
    const StressTestReport repaired = run_stresstest(options_);
    for (const RunRecord& r : repaired.flood_runs) EXPECT_EQ(r.cached, r.area != "twente") << r.scenario;
    EXPECT_EQ(std::filesystem::file_size(map), size);
}

// A plane of 30 × 30 cells of 10 m near Enschede falling 1 % to the east, as two areas of one region: one with the
// default free edges, one with edges = "closed".
std::string sloping_region(const std::filesystem::path& terrain, const std::string& free_area_edges) {
    auto area = [&](const std::string& id, const std::string& edges_line) {
        return "[[areas]]\nid = \"" + id + "\"\nname = \"" + id + "\"\nterrain = \"" + terrain.string() +
               "\"\ndefault_cover = \"impermeable\"\nscenarios = [\"T100\"]\nbluespots = false\n" + edges_line;
    };
    return "[region]\nid = \"slope\"\nname = \"Helling\"\n"
           "[[partners]]\npath = \"" +
           kData +
           "/twente/twente_gemeenten_2022.geojson\"\nid_field = \"gm_code\"\nname_field = \"gm_naam\"\n"
           "[model]\nafter_rain_s = 600\n" +
           area("free", free_area_edges) + area("closed", "edges = \"closed\"\n");
}

TEST(StressTest, FreeEdgesLetWaterLeaveAndTheBalanceStillCloses) {
    TempDir dir;
    Grid<float> plane(GridSpec{30, 30, GeoTransform{257000.0, 471200.0, 10.0}, ""});
    for (index_t r = 0; r < 30; ++r)
        for (index_t c = 0; c < 30; ++c) plane(r, c) = 40.0f - 0.1f * static_cast<float>(c);
    write_cog((dir.path() / "plane.tif").string(), plane);
    write_file(dir.path() / "slope.toml", sloping_region(dir.path() / "plane.tif", ""));
    StressTestOptions options;
    options.region_file = dir.path() / "slope.toml";
    options.output_dir = dir.path() / "out";
    options.execution.threads = resolve_thread_option(0);
    const StressTestReport report = run_stresstest(options);
    ASSERT_EQ(report.flood_runs.size(), 2u);
    auto balance = [&](const std::string& area) {
        return nlohmann::json::parse(read_file(options.output_dir / "flood" / area / "T100" / "volume_balance.json"));
    };
    const nlohmann::json free = balance("free"), closed = balance("closed");
    const double rain_m3 = 0.070 * 300.0 * 300.0;  // T100: 70 mm on 9 ha, no losses (impermeable)
    for (const nlohmann::json* b : {&free, &closed}) {
        EXPECT_NEAR((*b)["rain_m3"].get<double>(), rain_m3, 1e-6 * rain_m3);
        EXPECT_LT(std::abs((*b)["relative_error"].get<double>()), 1e-6);  // what left is booked as boundary outflow
    }
    // Closed: every drop stays. Free: most of it runs off the 1 % slope over the east edge within 70 minutes.
    EXPECT_EQ(closed["boundary_out_m3"].get<double>(), 0.0);
    EXPECT_NEAR(closed["final_storage_m3"].get<double>(), rain_m3, 1e-6 * rain_m3);
    EXPECT_GT(free["boundary_out_m3"].get<double>(), 0.5 * rain_m3);
    EXPECT_NEAR(free["final_storage_m3"].get<double>() + free["boundary_out_m3"].get<double>(), rain_m3,
                1e-6 * rain_m3);
    // The run's provenance says which edges it had.
    const auto provenance = nlohmann::json::parse(read_file(options.output_dir / "flood/free/T100/provenance.json"));
    EXPECT_EQ(provenance.dump().find("\"closed\""), std::string::npos);
    EXPECT_NE(provenance.dump().find("free_outflow"), std::string::npos);
    // The edges are part of the cache key: closing the free area's edges recomputes that area alone.
    write_file(dir.path() / "slope.toml", sloping_region(dir.path() / "plane.tif", "edges = \"closed\"\n"));
    const StressTestReport again = run_stresstest(options);
    for (const RunRecord& r : again.flood_runs) EXPECT_EQ(r.cached, r.area == "closed") << r.area;
    EXPECT_EQ(balance("free")["boundary_out_m3"].get<double>(), 0.0);
}

TEST(StressTest, UnknownAreaIsAnInputError) {
    StressTestOptions options;
    options.output_dir = std::filesystem::temp_directory_path() / "waternet-never-written";
    options.only_areas = {"atlantis"};
    EXPECT_NE(test::input_error_of([&] { run_stresstest(options); }).find("has no area 'atlantis'"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(options.output_dir));
}

}  // namespace
}  // namespace wn
