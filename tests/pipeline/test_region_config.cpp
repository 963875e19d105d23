// The region file: the shipped Twente region reads; every kind of mistake gives file:line:col, the key and what
// is wrong.
#include <gtest/gtest.h>

#include "../io/io_test_support.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/pipeline/region_config.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

const std::string kData = WATERNET_DATA_DIR;

// A minimal valid region; `extra` is appended, `area_extra` goes into the area table.
std::string region_text(const std::string& area_extra = "", const std::string& extra = "") {
    return "[region]\nid = \"r\"\nname = \"R\"\n\n"
           "[[partners]]\npath = \"" +
           kData +
           "/twente/twente_gemeenten_2022.geojson\"\nid_field = \"gm_code\"\n"
           "name_field = \"gm_naam\"\n\n"
           "[[areas]]\nid = \"a\"\nname = \"A\"\nterrain = \"" +
           kData +
           "/twente/twente_srtm3_rd100m.tif\"\n"
           "scenarios = [\"T100\"]\n" +
           area_extra + "\n" + extra;
}

std::string error_for(const TempDir& dir, const std::string& text) {
    write_file(dir.path() / "region.toml", text);
    return input_error_of([&] { read_region_config(dir.path() / "region.toml"); });
}

TEST(RegionConfig, ShippedTwenteRegionReads) {
    const RegionConfig config = read_region_config(default_region_file());
    EXPECT_EQ(config.id, "twente");
    ASSERT_EQ(config.partner_layers.size(), 2u);
    EXPECT_EQ(config.partner_layers[1].kind, PartnerKind::water_board);
    ASSERT_EQ(config.areas.size(), 3u);
    EXPECT_EQ(config.areas[0].scenarios, (std::vector<std::string>{"NL70_2h", "NL140_2h"}));
    EXPECT_TRUE(config.areas[2].demonstration);
    EXPECT_TRUE(config.areas[2].buildings.has_value());
    EXPECT_TRUE(std::filesystem::exists(*config.areas[2].buildings));  // relative paths resolved from the file
    EXPECT_DOUBLE_EQ(config.road_impassable_m, 0.15);
}

TEST(RegionConfig, MinimalRegionGetsTheDefaults) {
    TempDir dir;
    write_file(dir.path() / "region.toml", region_text());
    const RegionConfig config = read_region_config(dir.path() / "region.toml");
    EXPECT_EQ(config.depth_thresholds_m, (std::vector<double>{0.05, 0.10, 0.15, 0.20, 0.30}));
    EXPECT_EQ(config.areas[0].default_cover, "mixed");
    EXPECT_DOUBLE_EQ(config.after_rain_s, 3600.0);
}

TEST(RegionConfig, UnknownKeyIsATypoWithItsLine) {
    TempDir dir;
    const std::string message = error_for(dir, region_text("resolutoin_m = 5"));
    EXPECT_NE(message.find("region.toml:15:1"), std::string::npos) << message;
    EXPECT_NE(message.find("areas[0].resolutoin_m: unknown setting"), std::string::npos) << message;
}

TEST(RegionConfig, UnknownStormListsTheKnownOnes) {
    TempDir dir;
    std::string text = region_text();
    text.replace(text.find("\"T100\"]"), 7, "\"T101\"]");
    const std::string message = error_for(dir, text);
    EXPECT_NE(message.find("unknown storm 'T101'"), std::string::npos) << message;
    EXPECT_NE(message.find("T1000_48h"), std::string::npos) << message;
}

TEST(RegionConfig, AbsurdNumbersAreRefused) {
    TempDir dir;
    EXPECT_NE(error_for(dir, region_text("resolution_m = -5"))
                  .find("areas[0].resolution_m: must be between 0 and 10000 (got -5)"),
              std::string::npos);
    EXPECT_NE(
        error_for(dir, region_text("", "[thresholds]\ndepth_m = [0.10, 0.05]\n")).find("thresholds must increase"),
        std::string::npos);
    EXPECT_NE(error_for(dir, region_text("", "[damage]\nmonth = 13\n")).find("damage.month: must be between 1 and 12"),
              std::string::npos);
    EXPECT_NE(error_for(dir, region_text("resolution_m = \"fine\"")).find("resolution_m: must be a number"),
              std::string::npos);
}

// A heat area's day: the national reference hot day (1 July 2015) unless the file chooses "hottest" or a date.
std::string heat_region_text(const std::string& day_line) {
    std::string text = region_text("", "[[heat_areas]]\nid = \"h\"\nname = \"H\"\ndsm = \"" + kData +
                                           "/delft/delft_ahn3_dsm_050cm.tif\"\ndtm = \"" + kData +
                                           "/delft/delft_ahn3_dtm_050cm.tif\"\n" + day_line);
    text.insert(text.find("name = \"R\"\n") + 11,
                "weather = \"" + kData + "/twente/knmi_uurgeg_290_twenthe_2021-2023.csv\"\n");
    return text;
}

TEST(RegionConfig, HeatAreaDayIsTheReferenceDayUnlessChosen) {
    TempDir dir;
    auto day_of = [&](const std::string& line) {
        write_file(dir.path() / "region.toml", heat_region_text(line));
        return read_region_config(dir.path() / "region.toml").heat_areas.at(0).day;
    };
    const HeatDayChoice standard = day_of("");
    EXPECT_EQ(standard.kind, HeatDayChoice::Kind::reference_day);
    EXPECT_EQ(drought::iso_date(standard.date), "2015-07-01");
    EXPECT_EQ(day_of("day = \"hottest\"\n").kind, HeatDayChoice::Kind::hottest_day);
    const HeatDayChoice given = day_of("day = \"2022-07-19\"\n");
    EXPECT_EQ(given.kind, HeatDayChoice::Kind::date);
    EXPECT_EQ(drought::iso_date(given.date), "2022-07-19");

    const std::string message = error_for(dir, heat_region_text("day = \"warm\"\n"));
    EXPECT_NE(message.find("region.toml:22:"), std::string::npos) << message;  // file:line:col of the day line
    EXPECT_NE(message.find("heat_areas[0].day"), std::string::npos) << message;
    EXPECT_NE(message.find("'warm' is not 'reference' (1 July 2015), 'hottest' or a date"), std::string::npos)
        << message;
    // The shipped Twente file opts out of the reference day: its KNMI record starts in 2021.
    EXPECT_EQ(read_region_config(default_region_file()).heat_areas.at(0).day.kind, HeatDayChoice::Kind::hottest_day);
}

TEST(RegionConfig, MissingFilesAndUnknownCoverAreNamed) {
    TempDir dir;
    EXPECT_NE(error_for(dir, region_text("buildings = \"nowhere.geojson\"")).find("areas[0].buildings: file not found"),
              std::string::npos);
    EXPECT_NE(error_for(dir, region_text("default_cover = \"lava\"")).find("unknown land cover 'lava'"),
              std::string::npos);
}

TEST(RegionConfig, DuplicateAreasAndDanglingMeasuresAreRefused) {
    TempDir dir;
    const std::string area = "\n[[areas]]\nid = \"a\"\nname = \"again\"\nterrain = \"" + kData +
                             "/twente/twente_srtm3_rd100m.tif\"\nscenarios = [\"T100\"]\n";
    EXPECT_NE(error_for(dir, region_text("", area)).find("area 'a' is defined twice"), std::string::npos);
    write_file(dir.path() / "m.geojson", "{}");
    const std::string measures =
        "[[measures]]\nid = \"m\"\narea = \"b\"\npath = \"m.geojson\"\nscenarios = [\"T100\"]\n";
    EXPECT_NE(error_for(dir, region_text("", measures)).find("no area with id 'b'"), std::string::npos);
    const std::string wrong_storm =
        "[[measures]]\nid = \"m\"\narea = \"a\"\npath = \"m.geojson\"\nscenarios = [\"T250\"]\n";
    EXPECT_NE(error_for(dir, region_text("", wrong_storm)).find("does not run storm 'T250'"), std::string::npos);
}

TEST(RegionConfig, DetailEdgesAndLossesHaveDocumentedDefaults) {
    TempDir dir;
    auto area_of = [&](const std::string& area_extra) {
        write_file(dir.path() / "region.toml", region_text(area_extra));
        return read_region_config(dir.path() / "region.toml").areas.at(0);
    };
    // SRTM at its own 100 m cells: regional, with the national map's 20 mm/h, free edges, named by its file.
    const AreaConfig srtm = area_of("");
    EXPECT_EQ(srtm.detail, AreaDetail::regional);
    EXPECT_DOUBLE_EQ(srtm.terrain_cell_m, 100.0);
    EXPECT_DOUBLE_EQ(srtm.model_cell_m, 100.0);
    ASSERT_TRUE(srtm.loss_mm_per_h.has_value());
    EXPECT_DOUBLE_EQ(*srtm.loss_mm_per_h, 20.0);
    EXPECT_TRUE(srtm.free_edges);
    EXPECT_EQ(srtm.terrain_name, "twente_srtm3_rd100m.tif");
    // Explicit choices win: a local area keeps its land cover's losses; an explicit 0 mm/h stays 0.
    const AreaConfig local = area_of("detail = \"local\"\nedges = \"closed\"\nterrain_name = \"SRTM\"");
    EXPECT_EQ(local.detail, AreaDetail::local);
    EXPECT_FALSE(local.loss_mm_per_h.has_value());
    EXPECT_FALSE(local.free_edges);
    EXPECT_EQ(local.terrain_name, "SRTM");
    EXPECT_DOUBLE_EQ(*area_of("loss_mm_per_h = 0").loss_mm_per_h, 0.0);
    // The cell-size rule: 25 m or coarser regional, 2 m or finer street, local between.
    EXPECT_EQ(detail_for_cell_size(25.0), AreaDetail::regional);
    EXPECT_EQ(detail_for_cell_size(24.9), AreaDetail::local);
    EXPECT_EQ(detail_for_cell_size(2.01), AreaDetail::local);
    EXPECT_EQ(detail_for_cell_size(2.0), AreaDetail::street);
    EXPECT_EQ(detail_for_cell_size(0.5), AreaDetail::street);
}

TEST(RegionConfig, BadDetailEdgesAndLossesAreLocated) {
    TempDir dir;
    std::string message = error_for(dir, region_text("detail = \"fine\""));
    EXPECT_NE(message.find(
                  "region.toml:15:10: areas[0].detail: must be \"regional\", \"local\" or \"street\" (got \"fine\")"),
              std::string::npos)
        << message;
    message = error_for(dir, region_text("edges = \"open\""));
    EXPECT_NE(message.find("region.toml:15:9: areas[0].edges: must be \"free\" or \"closed\" (got \"open\")"),
              std::string::npos)
        << message;
    message = error_for(dir, region_text("edges = \"level:1.5\""));
    EXPECT_NE(
        message.find("areas[0].edges: must be \"free\" or \"closed\" (got \"level:1.5\"): an outside water level is "
                     "for `waternet flood --edges level:...`"),
        std::string::npos)
        << message;
    message = error_for(dir, region_text("loss_mm_per_h = -1"));
    EXPECT_NE(message.find("region.toml:15:17: areas[0].loss_mm_per_h: must be between 0 and 1000 (got -1)"),
              std::string::npos)
        << message;
    EXPECT_NE(error_for(dir, region_text("detail = 3")).find("areas[0].detail: must be text"), std::string::npos);
}

TEST(RegionConfig, ShippedTwenteAreasSayWhatTheyCanShow) {
    const RegionConfig config = read_region_config(default_region_file());
    ASSERT_EQ(config.areas.size(), 3u);
    EXPECT_EQ(config.areas[0].detail, AreaDetail::regional);  // SRTM 100 m
    EXPECT_EQ(config.areas[0].loss_mm_per_h, std::optional<double>(20.0));
    EXPECT_EQ(model_label(config.areas[0].model(), report::Language::nl), "SRTM 100 m");
    EXPECT_EQ(config.areas[1].detail, AreaDetail::local);  // AHN 5 m at 10 m
    EXPECT_EQ(model_label(config.areas[1].model(), report::Language::nl), "AHN 5 m, gemodelleerd op 10 m");
    EXPECT_EQ(config.areas[2].detail, AreaDetail::street);  // AHN 0.5 m at 2 m
    EXPECT_EQ(model_label(config.areas[2].model(), report::Language::en), "AHN 0.5 m, modelled at 2 m");
    for (const AreaConfig& area : config.areas) EXPECT_TRUE(area.free_edges) << area.id;
}

TEST(RegionConfig, PartnerLayerNeedsFieldsOrAFixedId) {
    TempDir dir;
    std::string text = region_text();
    text.replace(text.find("name_field = \"gm_naam\"\n"), 23, "");
    EXPECT_NE(error_for(dir, text).find("give either id_field and name_field"), std::string::npos);
}

TEST(RegionConfig, NotTomlIsALocatedParseError) {
    TempDir dir;
    const std::string message = error_for(dir, "[region\nid = 1\n");
    EXPECT_NE(message.find("region.toml:1:"), std::string::npos) << message;
    EXPECT_NE(message.find("not valid TOML"), std::string::npos) << message;
    EXPECT_NE(input_error_of([&] { read_region_config(dir.path() / "missing.toml"); }).find("region file not found"),
              std::string::npos);
}

TEST(RegionConfig, IdsThatNameFoldersAreChecked) {
    TempDir dir;
    std::string text = region_text();
    text.replace(text.find("id = \"a\""), 8, "id = \"../a\"");
    EXPECT_NE(error_for(dir, text).find("may only use letters, digits"), std::string::npos);
}

TEST(RegionConfig, InputFilesAreCheckedBeforeAnythingRuns) {
    TempDir dir;
    // A device or a folder named as a file is called what it is, at its place in the file.
    std::string text = region_text();
    const std::string terrain = kData + "/twente/twente_srtm3_rd100m.tif";
    text.replace(text.find(terrain), terrain.size(), "/dev/zero");
    std::string message = error_for(dir, text);
    EXPECT_NE(message.find("areas[0].terrain: /dev/zero: is a character device, not a file"), std::string::npos)
        << message;
    // A terrain without a CRS is refused here, not guessed to be RD New in the runs.
    write_cog(dir.file("no_crs.tif"), Grid<float>(GridSpec{4, 4, GeoTransform{255000.0, 470000.0, 5.0}, {}}, 10.0f));
    // write_cog gives every file a CRS; take it away with a VRT over it that declares none.
    write_file(
        dir.path() / "no_crs.vrt",
        "<VRTDataset rasterXSize=\"4\" rasterYSize=\"4\"><GeoTransform>255000, 5, 0, 470000, 0, -5</GeoTransform>"
        "<VRTRasterBand dataType=\"Float32\" band=\"1\"><SimpleSource><SourceFilename relativeToVRT=\"1\">no_crs.tif"
        "</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>");
    text = region_text();
    text.replace(text.find(terrain), terrain.size(), (dir.path() / "no_crs.vrt").string());
    message = error_for(dir, text);
    EXPECT_NE(message.find("areas[0].terrain:"), std::string::npos) << message;
    EXPECT_NE(message.find("no coordinate reference system"), std::string::npos) << message;
    // A resolution finer than the terrain's cells would only refine them (the SRTM grid has 100 m cells).
    message = error_for(dir, region_text("resolution_m = 20"));
    EXPECT_NE(message.find("areas[0].resolution_m: 20 m is finer than the terrain's 100 m cells"), std::string::npos)
        << message;
    // Buildings in degrees labelled RD New lie nowhere near the terrain.
    write_file(
        dir.path() / "degrees.geojson",
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},)"
        R"("features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":)"
        R"([[[6.89,52.21],[6.8901,52.21],[6.8901,52.2101],[6.89,52.2101],[6.89,52.21]]]}}]})");
    message = error_for(dir, region_text("buildings = \"degrees.geojson\""));
    EXPECT_NE(message.find("areas[0].buildings:"), std::string::npos) << message;
    EXPECT_NE(message.find("look like degrees"), std::string::npos) << message;
}

}  // namespace
}  // namespace wn
