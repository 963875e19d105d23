// One set of defaults for every command, said aloud (README, "Defaults"): free edges unless told otherwise, the
// weather station, edges, losses and land cover on stderr and in the provenance, and `--land-cover` taking a class
// raster or BGT polygons alike, by what the file holds.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "../io/io_test_support.hpp"
#include "../pipeline/report_language_words.hpp"
#include "cli_test_support.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn {
namespace {

using test::CommandResult;
using test::expect_input_error;
using test::read_file;
using test::run_cli;
using test::TempDir;
using test::write_file;

const std::string kData = std::string(WATERNET_DATA_DIR);

nlohmann::json read_json(const std::filesystem::path& path) { return nlohmann::json::parse(read_file(path)); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// 20 × 20 cells of 2 m near Enschede, falling 1 % to the east.
std::string write_plane(const TempDir& dir) {
    Grid<float> plane(GridSpec{20, 20, GeoTransform{257000.0, 471040.0, 2.0}, ""});
    for (index_t r = 0; r < 20; ++r)
        for (index_t c = 0; c < 20; ++c) plane(r, c) = 40.0f - 0.02f * static_cast<float>(c);
    write_cog(dir.file("plane.tif"), plane);
    return dir.file("plane.tif");
}

// The west half a road, the east half a lawn, as BGT polygons and as the class raster bgt_classes.csv makes of them.
void write_road_and_lawn(const TempDir& dir) {
    write_file(
        dir.path() / "bgt.geojson",
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)"
        R"({"type":"Feature","properties":{"bgt_klasse":"wegdeel","functie":"rijbaan lokale weg","fysiek_voorkomen":"gesloten verharding"},)"
        R"("geometry":{"type":"Polygon","coordinates":[[[257000,471000],[257020,471000],[257020,471040],[257000,471040],[257000,471000]]]}},)"
        R"({"type":"Feature","properties":{"bgt_klasse":"begroeidterreindeel","functie":"","fysiek_voorkomen":"grasland overig"},)"
        R"("geometry":{"type":"Polygon","coordinates":[[[257020,471000],[257040,471000],[257040,471040],[257020,471040],[257020,471000]]]}}]})");
    Grid<std::uint8_t> codes(GridSpec{20, 20, GeoTransform{257000.0, 471040.0, 2.0}, ""}, kPaved);
    for (index_t r = 0; r < 20; ++r)
        for (index_t c = 10; c < 20; ++c) codes(r, c) = kGrass;
    write_cog(dir.file("cover.tif"), codes);
}

const std::string kShortRain = " --rain-mm-per-h 60 --rain-duration-s 600 --after-rain-s 0 --quiet";

TEST(CliDefaults, FloodUsesFreeEdgesAndSaysWhatItTook) {
    TempDir dir;
    const std::string terrain = write_plane(dir);
    const CommandResult r = run_cli("flood --terrain " + terrain + kShortRain + " --out " + dir.file("out"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // The mixed class of hydro/land_cover.cpp: 0.5 mm interception, 10 mm/h infiltration, 10 mm/h into the sewer.
    EXPECT_TRUE(contains(r.output,
                         "flood flood: edges free on all four edges; losses: class 'mixed' everywhere: "
                         "interception 0.5 mm, infiltration 10 mm/h, sewer 10 mm/h; roofs to the sewer\n"))
        << r.output;
    EXPECT_TRUE(contains(r.output, "flood flood: land cover: none given: class 'mixed' everywhere\n")) << r.output;
    const nlohmann::json parameters = read_json(dir.path() / "out" / "provenance.json")["parameters"];
    EXPECT_EQ(parameters["data_choices"]["edges"], "free on all four edges");
    for (const char* edge : {"north", "east", "south", "west"})
        EXPECT_EQ(parameters["edges"][edge], "free_outflow") << edge;
    // Water left over the low (east) edge: the free edge is real, not only a word.
    EXPECT_GT(read_json(dir.path() / "out" / "volume_balance.json")["boundary_out_m3"].get<double>(), 0.0);
}

TEST(CliDefaults, FloodSaysOtherEdgesAndLossesToo) {
    TempDir dir;
    const std::string terrain = write_plane(dir);
    const CommandResult r = run_cli("flood --terrain " + terrain + kShortRain +
                                    " --edges closed --edge-east level:39.5 "
                                    "--no-losses --scenario x --out " +
                                    dir.file("out"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output,
                         "flood x: edges north closed, east level 39.5 m, south closed, west closed; losses: "
                         "none (no interception, infiltration or sewer)\n"))
        << r.output;
}

TEST(CliDefaults, FloodTakesBgtPolygonsAndAClassRasterAlike) {
    TempDir dir;
    const std::string terrain = write_plane(dir);
    write_road_and_lawn(dir);
    const CommandResult bgt = run_cli("flood --terrain " + terrain + kShortRain + " --land-cover " +
                                      dir.file("bgt.geojson") + " --out " + dir.file("bgt"));
    ASSERT_EQ(bgt.exit_code, 0) << bgt.output;
    EXPECT_TRUE(contains(bgt.output, "land cover: BGT polygons " + dir.file("bgt.geojson"))) << bgt.output;
    const CommandResult raster = run_cli("flood --terrain " + terrain + kShortRain + " --land-cover " +
                                         dir.file("cover.tif") + " --out " + dir.file("raster"));
    ASSERT_EQ(raster.exit_code, 0) << raster.output;
    EXPECT_TRUE(contains(raster.output, "land cover: class raster " + dir.file("cover.tif"))) << raster.output;
    EXPECT_TRUE(
        contains(read_json(dir.path() / "raster" / "provenance.json")["parameters"]["data_choices"]["land_cover"],
                 "class raster"));
    // The same classes in both forms: the same water balance. The lawn infiltrates, the road drains to the sewer.
    const nlohmann::json a = read_json(dir.path() / "bgt" / "volume_balance.json");
    const nlohmann::json b = read_json(dir.path() / "raster" / "volume_balance.json");
    for (const char* term : {"infiltration_m3", "sewer_m3", "final_storage_m3", "boundary_out_m3"})
        EXPECT_NEAR(a[term].get<double>(), b[term].get<double>(), 1e-9 + 1e-9 * std::abs(b[term].get<double>()))
            << term;
    EXPECT_GT(a["infiltration_m3"].get<double>(), 0.0);
    EXPECT_GT(a["sewer_m3"].get<double>(), 0.0);
}

TEST(CliDefaults, ALandCoverThatIsNeitherIsRefusedEverywhere) {
    TempDir dir;
    const std::string terrain = write_plane(dir);
    write_file(dir.path() / "notes.txt", "mostly paved, some grass\n");
    const std::string what = "notes.txt: not a raster GDAL can read";
    expect_input_error("flood --terrain " + terrain + kShortRain + " --land-cover " + dir.file("notes.txt") +
                           " --out " + dir.file("f"),
                       what);
    expect_input_error("bluespots --dem " + terrain + " --rain-mm 30 --land-cover " + dir.file("notes.txt") +
                           " --out " + dir.file("b"),
                       what);
    expect_input_error("heat --dsm " + terrain + " --dtm " + terrain + " --land-cover " + dir.file("notes.txt") +
                           " --day hottest --out " + dir.file("h"),
                       what);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "f"));
}

TEST(CliDefaults, BlueSpotsSayTheirEdgesAndLosses) {
    TempDir dir;
    const std::string terrain = write_plane(dir);
    const CommandResult r = run_cli("bluespots --dem " + terrain + " --rain-mm 30 --quiet --out " + dir.file("b"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output,
                         "bluespots 30mm: edges free (water that reaches the terrain's edge leaves it); losses: "
                         "none, 0 mm/h"))
        << r.output;
}

// Heat on the shipped Delft block: the default station is said, and BGT polygons and the class raster made of them
// give the same PET (the surface classes are the same; only the cool spots' public space needs BGT).
TEST(CliDefaults, HeatSaysItsStationAndTakesAClassRaster) {
    TempDir dir;
    const std::string common = "heat --dsm " + kData + "/delft/delft_ahn3_dsm_050cm.tif --dtm " + kData +
                               "/delft/delft_ahn3_dtm_050cm.tif --day hottest --svf-directions 4";
    const CommandResult bgt =
        run_cli(common + " --land-cover " + kData + "/delft/delft_bgt_landcover.geojson --out " + dir.file("bgt"));
    ASSERT_EQ(bgt.exit_code, 0) << bgt.output;
    EXPECT_TRUE(contains(bgt.output, "heat heat: weather: KNMI station 290 (")) << bgt.output;
    EXPECT_TRUE(contains(bgt.output,
                         "day 2022-07-19 (the hottest day of the record) (the default station; --weather FILE "
                         "for another)\n"))
        << bgt.output;
    EXPECT_TRUE(contains(bgt.output, "heat heat: land cover: BGT polygons ")) << bgt.output;
    const nlohmann::json bgt_summary = read_json(dir.path() / "bgt" / "heat_summary.json");
    EXPECT_TRUE(contains(bgt_summary["provenance"]["parameters"]["data_choices"]["weather"], "KNMI station 290"));

    const CommandResult raster =
        run_cli(common + " --land-cover " + dir.file("bgt/land_cover.tif") + " --out " + dir.file("raster"));
    ASSERT_EQ(raster.exit_code, 0) << raster.output;
    EXPECT_TRUE(contains(raster.output, "heat heat: land cover: class raster ")) << raster.output;
    const nlohmann::json raster_summary = read_json(dir.path() / "raster" / "heat_summary.json");
    EXPECT_TRUE(raster_summary["provenance"]["inputs"].dump().find("land_cover_raster") != std::string::npos);
    EXPECT_NEAR(raster_summary["pet"]["mean_c"].get<double>(), bgt_summary["pet"]["mean_c"].get<double>(), 1e-9);
    EXPECT_EQ(raster_summary["pet"]["cells"], bgt_summary["pet"]["cells"]);
}

// A region of two areas on the plane: one says nothing about its edges (free, the default of every command), one
// says closed. The stress test says so for each, and keeps it in its provenance.
TEST(CliDefaults, StressTestUsesFreeEdgesByDefaultAndSaysSo) {
    TempDir dir;
    const std::string terrain = write_plane(dir);
    auto area = [&](const std::string& id, const std::string& edges_line) {
        return "[[areas]]\nid = \"" + id + "\"\nname = \"" + id + "\"\nterrain = \"" + terrain +
               "\"\ndefault_cover = \"impermeable\"\nscenarios = [\"T100\"]\nbluespots = false\n" + edges_line;
    };
    write_file(dir.path() / "slope.toml",
               "[region]\nid = \"slope\"\nname = \"Helling\"\n"
               "[[partners]]\npath = \"" +
                   kData +
                   "/twente/twente_gemeenten_2022.geojson\"\nid_field = \"gm_code\"\n"
                   "name_field = \"gm_naam\"\n[model]\nafter_rain_s = 0\n" +
                   area("quiet", "") + area("boxed", "edges = \"closed\"\n"));
    const CommandResult r = run_cli("stresstest " + dir.file("slope.toml") + " --quiet --out " + dir.file("out"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "stresstest: weather: none given")) << r.output;
    EXPECT_TRUE(contains(r.output,
                         "stresstest: area quiet: edges free on all four edges; losses: class 'impermeable' "
                         "everywhere: interception 0 mm, infiltration 0 mm/h, sewer 0 mm/h"))
        << r.output;
    EXPECT_TRUE(contains(r.output, "stresstest: area boxed: edges closed on all four edges")) << r.output;
    const nlohmann::json choices = read_json(dir.path() / "out" / "provenance.json")["parameters"]["data_choices"];
    EXPECT_TRUE(contains(choices.dump(), "area quiet: edges free on all four edges")) << choices.dump();
    const nlohmann::json run = read_json(dir.path() / "out" / "flood" / "quiet" / "T100" / "provenance.json");
    EXPECT_EQ(run["parameters"]["edges"]["east"], "free_outflow");
}

// The reports are Dutch unless `--lang en` or the region file's `language = "en"` says otherwise; `--lang` wins over
// the file; anything but nl or en is bad input (exit 2) naming the two (docs/reports.md, "One language").
TEST(CliDefaults, StressTestReportsAreDutchUnlessToldOtherwise) {
    TempDir dir;
    const std::string terrain = write_plane(dir);
    auto region = [&](const std::string& language_line) {
        return "[region]\nid = \"slope\"\nname = \"Helling\"\n" + language_line + "[[partners]]\npath = \"" + kData +
               "/twente/twente_gemeenten_2022.geojson\"\nid_field = \"gm_code\"\n"
               "name_field = \"gm_naam\"\n[model]\nafter_rain_s = 0\n[[areas]]\nid = \"plane\"\nname = \"plane\"\n"
               "terrain = \"" +
               terrain + "\"\ndefault_cover = \"impermeable\"\nscenarios = [\"T100\"]\nbluespots = false\n";
    };
    write_file(dir.path() / "nl.toml", region(""));
    write_file(dir.path() / "en.toml", region("language = \"en\"\n"));
    // The Enschede report (the plane lies in Enschede), as the reader sees it, and the language it was written in.
    struct Report {
        std::string text, language;
    };
    auto stresstest = [&](const std::string& arguments) {
        const std::filesystem::path out = dir.path() / "out";
        const CommandResult r = run_cli("stresstest " + arguments + " --quiet --out " + out.string());
        EXPECT_EQ(r.exit_code, 0) << arguments << "\n" << r.output;
        return Report{test::visible_report_text(read_file(out / "reports" / "GM0153.html")),
                      read_json(out / "provenance.json")["parameters"]["report_language"].get<std::string>()};
    };
    auto expect_dutch = [](const Report& report, const std::string& how) {
        EXPECT_EQ(report.language, "nl") << how;
        EXPECT_TRUE(contains(report.text, "<html lang=\"nl\">")) << how;
        EXPECT_TRUE(contains(report.text, "Samenvatting")) << how;
        for (const std::string& english : test::english_report_words())
            EXPECT_FALSE(contains(report.text, english)) << how << ": " << english;
    };
    auto expect_english = [](const Report& report, const std::string& how) {
        EXPECT_EQ(report.language, "en") << how;
        EXPECT_TRUE(contains(report.text, "<html lang=\"en\">")) << how;
        EXPECT_TRUE(contains(report.text, "Summary")) << how;
        for (const std::string& dutch : test::dutch_report_words())
            EXPECT_FALSE(contains(report.text, dutch)) << how << ": " << dutch;
    };
    const Report by_default = stresstest(dir.file("nl.toml"));
    expect_dutch(by_default, "no --lang, no language");
    expect_english(stresstest(dir.file("nl.toml") + " --lang en"), "--lang en");
    expect_english(stresstest(dir.file("en.toml")), "language = \"en\"");
    expect_dutch(stresstest(dir.file("en.toml") + " --lang nl"), "--lang nl over language = \"en\"");
    // The Dutch report is the same asked for or not (but for the time it was written).
    auto undated = [](const std::string& text) {
        return std::regex_replace(text, std::regex("\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z"), "");
    };
    EXPECT_TRUE(undated(stresstest(dir.file("nl.toml") + " --lang nl").text) == undated(by_default.text));

    expect_input_error("stresstest " + dir.file("nl.toml") + " --lang fr --out " + dir.file("bad"),
                       "--lang must be nl or en (got \"fr\")");
    write_file(dir.path() / "fr.toml", region("language = \"fr\"\n"));
    expect_input_error("stresstest " + dir.file("fr.toml") + " --out " + dir.file("bad"),
                       "fr.toml:4:12: region.language: the report language must be nl or en (got \"fr\")");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad" / "reports"));
}

}  // namespace
}  // namespace wn
