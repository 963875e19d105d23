// The partner report's rules on a hand-made stress-test result (no model run, so every figure is known): one
// language per report, figures rounded to what the model supports, captions made from the tables' columns, road
// coverage stated, blue spots ordered by what they have.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "report_language_words.hpp"
#include "waternet/pipeline/consequences.hpp"
#include "waternet/pipeline/partner_report.hpp"
#include "waternet/pipeline/stresstest_results.hpp"

namespace wn {
namespace {

constexpr double kCellM = 10.0, kWest = 100000.0, kNorth = 500000.0;
constexpr index_t kCells = 20;

VectorFeature square(double min_x, double min_y, double max_x, double max_y) {
    VectorFeature f;
    f.kind = GeometryKind::polygon;
    f.parts = {{{min_x, min_y}, {max_x, min_y}, {max_x, max_y}, {min_x, max_y}, {min_x, min_y}}};
    f.representative = {(min_x + max_x) / 2, (min_y + max_y) / 2};
    f.min_x = min_x, f.min_y = min_y, f.max_x = max_x, f.max_y = max_y;
    f.area_m2 = (max_x - min_x) * (max_y - min_y);
    return f;
}

// A street-level row with buildings and damage; roads when `roads`.
IndicatorRow street_row(bool roads) {
    IndicatorRow row;
    row.modelled_area_m2 = 2.0e6;  // 200 ha
    row.wet_area_m2 = 150000.0;
    row.volume_m3 = 17293166.4;                                         // printed as 17.300.000
    row.area_over_m2 = {123456.7, 80000.0, 50000.0, 30000.0, 10000.0};  // 12,3 ha at the first threshold
    row.buildings = 100;
    row.buildings_over = {40, 30, 20, 10, 5};
    if (roads) row.roads_m = 5000.0, row.roads_impassable_m = 1234.0;
    row.damage_direct_eur = 1234567.0;
    row.damage_indirect_eur = 0.0;
    return row;
}

// Two municipalities side by side (Aadorp west, Beekdorp east) in one water board, one local area of 20 × 20 cells
// of 10 m; the road layer has roads in Aadorp only.
class PartnerReport : public ::testing::Test {
protected:
    void SetUp() override {
        config_.name = "Testregio";
        config_.file = "test.toml";
        config_.depth_thresholds_m = {0.05, 0.10, 0.15, 0.20, 0.30};
        config_.facade_threshold_m = 0.15;
        config_.road_impassable_m = 0.15;
        config_.roads.push_back(RoadLayer{"roads_osm.geojson"});
        AreaConfig area;
        area.id = "town";
        area.name = "Town";
        area.terrain = "town_ahn.tif";
        area.terrain_name = "AHN";
        area.terrain_cell_m = 5.0;
        area.model_cell_m = kCellM;
        area.detail = AreaDetail::local;
        area.buildings = "buildings_bgt.geojson";
        area.scenarios = {"T100"};
        config_.areas.push_back(area);

        const double mid = kWest + kCells * kCellM / 2, east = kWest + kCells * kCellM,
                     south = kNorth - kCells * kCellM;
        data_.partners = {
            Partner{"GM1", "Aadorp", "GM1", PartnerKind::municipality, square(kWest, south, mid, kNorth)},
            Partner{"GM2", "Beekdorp", "GM2", PartnerKind::municipality, square(mid, south, east, kNorth)},
            Partner{"WS1", "Waterschap Test", "WS1", PartnerKind::water_board, square(kWest, south, east, kNorth)}};

        run_.area = "town", run_.scenario = "T100", run_.storm = "T100", run_.rain_mm = 70.0;
        run_.elapsed_s = 12.3;
        run_.volume_error_relative = 1.9e-7;

        GridSpec grid{kCells, kCells, {kWest, kNorth, kCellM}, {}};
        AreaResults results;
        results.area = &config_.areas.front();
        results.context.area = results.area;
        results.context.grid = grid;
        results.context.zones.municipality = Grid<std::int32_t>(grid, 0);
        results.context.zones.water_board = Grid<std::int32_t>(grid, 3);
        results.context.zones.neighbourhood = Grid<std::int32_t>(grid, 0);
        for (index_t r = 0; r < kCells; ++r)
            for (index_t c = 0; c < kCells; ++c) results.context.zones.municipality(r, c) = c < kCells / 2 ? 1 : 2;
        results.context.buildings =
            std::vector<VectorFeature>{square(kWest + 20, kNorth - 40, kWest + 30, kNorth - 30)};
        results.context.has_roads = true;
        results.hillshade = Grid<float>(grid, 128.0f);
        results.terrain_m = Grid<float>(grid, 10.0f);
        ScenarioResult s;
        s.run = &run_;
        s.max_depth_m = Grid<float>(grid, 0.0f);
        s.max_depth_m(5, 5) = 0.4f;
        s.consequences.partners = {street_row(true), street_row(false), street_row(true)};
        results.scenarios.push_back(std::move(s));
        // Three blue spots in Aadorp, none touching a building.
        for (const auto& [id, volume] : std::vector<std::pair<int, double>>{{1, 10.0}, {2, 300.0}, {3, 20.0}}) {
            BlueSpotRow spot;
            spot.id = id, spot.x = kWest + 50, spot.y = kNorth - 50, spot.area_m2 = 400, spot.max_depth_m = 0.31;
            spot.volume_m3 = volume, spot.partner = 0, spot.water_board = 2;
            results.bluespots.push_back(spot);
        }
        results_.config = &config_;
        results_.data = &data_;
        results_.created_utc = "2026-12-02T12:00:00Z";
        results_.areas.push_back(std::move(results));
    }

    std::string report(std::size_t partner, report::Language language = report::Language::nl) const {
        return partner_report_html(results_, partner, language);
    }

    RegionConfig config_;
    RegionData data_;
    RunRecord run_;
    StressTestResults results_;
};

using test::visible_report_text;

std::size_t position(const std::string& text, const std::string& what) {
    const auto at = text.find(what);
    EXPECT_NE(at, std::string::npos) << what;
    return at;
}

TEST_F(PartnerReport, DutchReportHasNoEnglishAndNoScientificNotation) {
    for (std::size_t p = 0; p < data_.partners.size(); ++p) {
        const std::string html = visible_report_text(report(p));
        for (const std::string& english : test::english_report_words())
            EXPECT_EQ(html.find(english), std::string::npos) << data_.partners[p].name << ": " << english;
        EXPECT_FALSE(std::regex_search(html, std::regex("[0-9][eE][-+][0-9]"))) << data_.partners[p].name;
        EXPECT_NE(html.find("Waterdiepte"), std::string::npos);  // the legend, in Dutch
    }
}

TEST_F(PartnerReport, EnglishReportHasNoDutch) {
    const std::string html = visible_report_text(report(0, report::Language::en));
    for (const std::string& dutch : test::dutch_report_words()) EXPECT_EQ(html.find(dutch), std::string::npos) << dutch;
    EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(html.find("17,300,000"), std::string::npos);  // English number format
}

TEST_F(PartnerReport, FiguresAreRoundedToWhatTheModelSupports) {
    const std::string html = report(0);
    EXPECT_NE(html.find(">17.300.000<"), std::string::npos);  // volume: three significant digits
    EXPECT_EQ(html.find("17.293.166"), std::string::npos);
    EXPECT_NE(html.find(">12,3<"), std::string::npos);  // 10 m cells (0,01 ha) below 100 ha: tenths
    EXPECT_EQ(html.find("12,35"), std::string::npos);
    EXPECT_NE(html.find("(200 ha)"), std::string::npos);       // the modelled part, whole hectares
    EXPECT_NE(html.find("&lt; 0,0001 %"), std::string::npos);  // the volume error of 1.9e-7
    EXPECT_NE(html.find(">1.200.000<"), std::string::npos);    // damage: two significant digits
    EXPECT_NE(html.find(">1,2<"), std::string::npos);          // the same damage in millions on the card
}

TEST_F(PartnerReport, CaptionsDescribeExactlyTheColumnsTheTableHas) {
    const std::string with_roads = report(0), without_roads = report(1);
    EXPECT_NE(with_roads.find("Weg &gt; 15 cm (km)"), std::string::npos);
    EXPECT_NE(with_roads.find("weglengte die onbegaanbaar is"), std::string::npos);
    EXPECT_EQ(without_roads.find("Weg &gt; 15 cm (km)"), std::string::npos);
    EXPECT_EQ(without_roads.find("weglengte die onbegaanbaar is"), std::string::npos);
    for (const std::string& html : {with_roads, without_roads}) {  // no vital objects in this area
        EXPECT_EQ(html.find("Vitaal geraakt"), std::string::npos);
        EXPECT_EQ(html.find("vitale objecten met water"), std::string::npos);
        EXPECT_NE(html.find("gebouwen met water tegen de gevel"), std::string::npos);
    }
}

TEST_F(PartnerReport, RoadFiguresSayWhichMunicipalitiesTheRoadDataCovers) {
    const std::string board = report(2), aadorp = report(0), beekdorp = report(1);
    EXPECT_NE(board.find("Wegen: alleen Aadorp in de meegeleverde data"), std::string::npos);
    EXPECT_NE(board.find("niet over die in Beekdorp"), std::string::npos);
    EXPECT_NE(board.find("onbegaanbaar (&gt; 15 cm), alleen wegen in Aadorp"), std::string::npos);  // the road card too
    EXPECT_EQ(aadorp.find("Wegen:"), std::string::npos);
    EXPECT_NE(beekdorp.find("geen wegen in Beekdorp"), std::string::npos);
}

TEST_F(PartnerReport, MissingNeighbourhoodsAreExplainedOnce) {
    const std::string html = report(0);
    const std::string why = "geen buurtgrenzen van Aadorp in de invoer, dus geen tabel per buurt";
    EXPECT_NE(html.find(why), std::string::npos);
    EXPECT_EQ(html.find(why, html.find(why) + 1), std::string::npos);
    EXPECT_EQ(report(2).find("geen buurtgrenzen"),
              std::string::npos);  // a water board has no neighbourhoods of its own
    config_.neighbourhoods.push_back(NeighbourhoodLayer{"buurten.geojson", "name", "", "GM1"});
    EXPECT_EQ(report(0).find("geen buurtgrenzen"), std::string::npos);
}

TEST_F(PartnerReport, SourcesNameTheFilesThisStressTestUsed) {
    config_.areas.front().terrain = "cabbage_dtm.tif";  // "bag" inside a word is not BAG: no licence is guessed
    const std::string html = report(0);
    EXPECT_NE(html.find("<td>cabbage_dtm.tif</td>"), std::string::npos);
    EXPECT_NE(html.find("roads_osm.geojson (© OpenStreetMap-bijdragers, ODbL 1.0)"), std::string::npos);
    EXPECT_NE(html.find("buildings_bgt.geojson (BGT, CC BY 4.0)"), std::string::npos);
    EXPECT_EQ(html.find("Buurten"), std::string::npos);  // no neighbourhood layer in this configuration
    EXPECT_EQ(html.find("KNMI"), std::string::npos);     // nor a weather file
}

TEST_F(PartnerReport, BlueSpotsWithoutBuildingsAreOrderedByStorage) {
    const std::string html = report(0);
    const auto table = html.substr(position(html, "Knelpunten: blauwe plekken"));
    EXPECT_EQ(table.substr(0, table.find("</table>")).find("Gebouwen eraan"), std::string::npos);
    EXPECT_NE(table.find("op volgorde van berging: geen van de plekken raakt een gebouw"), std::string::npos);
    EXPECT_LT(position(table, ">#2<"), position(table, ">#3<"));  // 300 m³, then 20 m³, then 10 m³
    EXPECT_LT(position(table, ">#3<"), position(table, ">#1<"));
}

TEST(PartnerReportRules, ScenarioColumnsFollowTheRow) {
    RegionConfig config;
    config.depth_thresholds_m = {0.05, 0.10, 0.15, 0.20, 0.30};
    config.facade_threshold_m = 0.15;
    IndicatorRow regional;
    regional.regional = true;
    const auto coarse = scenario_columns(config, regional, false, report::Language::nl);
    ASSERT_EQ(coarse.size(), 6u);  // storm, rain, three areas, water
    EXPECT_EQ(coarse[2].header, "> 5 cm (ha)");
    EXPECT_EQ(coarse[3].header, "> 15 cm (ha)");  // the façade threshold
    EXPECT_EQ(coarse[4].header, "> 30 cm (ha)");
    EXPECT_EQ(
        report::describe_columns(coarse, report::Language::nl),
        "het oppervlak van de laagten met water dieper dan de drempel en het volume water op het maaiveld op zijn hoogst");

    IndicatorRow street = street_row(true);
    street.vital_objects = 3;
    const auto fine = scenario_columns(config, street, true, report::Language::en);
    ASSERT_EQ(fine.size(), 11u);
    EXPECT_EQ(fine[6].header, "Buildings > 15 cm");
    EXPECT_EQ(fine[10].header, "Residents > 20 cm");
    const std::string sentence = report::describe_columns(fine, report::Language::en);
    for (const char* phrase :
         {"buildings with water against the façade", "road length", "vital objects", "damage", "residents"})
        EXPECT_NE(sentence.find(phrase), std::string::npos) << phrase;
    EXPECT_NE(sentence.find(" and a rough estimate"), std::string::npos);
}

TEST(PartnerReportRules, RoadCoverageNote) {
    using report::Language;
    EXPECT_EQ(road_coverage_note("Enschede", {{"Enschede", true}}, true, Language::nl), "");
    EXPECT_EQ(road_coverage_note("Hengelo", {{"Hengelo", false}}, true, Language::nl),
              "Wegen: de meegeleverde wegenkaart heeft geen wegen in Hengelo; daarom staat er geen cijfer over wegen.");
    const std::string board = road_coverage_note(
        "Vechtstromen", {{"Enschede", true}, {"Hengelo", false}, {"Losser", false}}, true, Language::nl);
    EXPECT_EQ(board,
              "Wegen: alleen Enschede in de meegeleverde data. Het wegcijfer van Vechtstromen gaat alleen over die "
              "wegen, niet over die in Hengelo en Losser.");
    EXPECT_NE(road_coverage_note("Hengelo", {{"Hengelo", true}}, false, Language::en)
                  .find("the input has no roads in this area"),
              std::string::npos);
}

TEST(PartnerReportRules, BlueSpotOrder) {
    BlueSpotRow a, b, c;
    a.id = 1, a.volume_m3 = 10, b.id = 2, b.volume_m3 = 300, c.id = 3, c.volume_m3 = 20;
    std::vector<const BlueSpotRow*> spots{&a, &b, &c};
    EXPECT_EQ(sort_bluespots(spots), BlueSpotOrder::volume);
    EXPECT_EQ(spots[0]->id, 2);
    EXPECT_EQ(spots[2]->id, 1);
    a.buildings_touching = 2;  // one spot touches buildings: buildings first, then volume
    c.buildings_touching = 2;
    EXPECT_EQ(sort_bluespots(spots), BlueSpotOrder::buildings);
    EXPECT_EQ(spots[0]->id, 3);
    EXPECT_EQ(spots[1]->id, 1);
    EXPECT_EQ(spots[2]->id, 2);
}

}  // namespace
}  // namespace wn
