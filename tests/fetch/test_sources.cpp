// The services file of `waternet data fetch`: the shipped one reads, mistakes are named with file:line:col.
#include <gtest/gtest.h>

#include <set>

#include "../io/io_test_support.hpp"
#include "waternet/fetch/areas.hpp"
#include "waternet/fetch/sources.hpp"

namespace wn::test {
namespace {

using fetch::parse_services_config;

const std::string kBbox = "[[source]]\nid = \"b\"\nkind = \"bbox\"\nformat = \"vector\"\nlicence = \"CC0\"\n";

TEST(FetchSources, TheShippedPdokFileReadsWithAhnBgtBagAndCbs) {
    const fetch::ServicesConfig config =
        fetch::read_services_config(std::string(WATERNET_DATA_DIR) + "/services/pdok.toml");
    std::set<std::string> ids;
    for (const auto& s : config.sources) {
        ids.insert(s.id);
        EXPECT_FALSE(s.licence.empty()) << s.id;
        EXPECT_EQ(s.url.rfind("https://", 0) == 0 || s.index_url.rfind("https://", 0) == 0, true) << s.id;
    }
    for (const char* id : {"ahn_dtm_05m", "ahn_dsm_05m", "ahn_dtm_5m", "ahn_dsm_5m", "bgt_pand", "bgt_wegdeel",
                           "bag_pand", "bag_verblijfsobject", "cbs_buurten"})
        EXPECT_TRUE(ids.contains(id)) << id;
}

TEST(FetchSources, TemplatesAreFilledAndUnknownPlaceholdersNamed) {
    EXPECT_EQ(fetch::fill_template("a/{tile}.tif", {{"tile", "M_31HN1"}}, "t"), "a/M_31HN1.tif");
    const std::string message = input_error_of([] { fetch::fill_template("{xmin},{ymn}", {{"xmin", "1"}}, "t"); });
    EXPECT_NE(message.find("{ymn}"), std::string::npos) << message;
}

TEST(FetchSources, MistakesAreReportedWithTheirPlace) {
    std::string m = input_error_of([] {
        parse_services_config(kBbox + "url = \"http://x/?b={xmin},{ymin},{xmax},{ymx}\"\nfile = \"{area}.json\"\n",
                              "s.toml");
    });
    EXPECT_NE(m.find("s.toml:6:"), std::string::npos) << m;
    EXPECT_NE(m.find("{ymx}"), std::string::npos) << m;
    m = input_error_of([] {
        parse_services_config(kBbox + "url = \"http://x/?b={xmin},{ymin},{xmax}\"\nfile = \"{area}.json\"\n", "s.toml");
    });
    EXPECT_NE(m.find("{ymax}"), std::string::npos) << m;
    m = input_error_of([] {
        parse_services_config(kBbox + "url = \"http://x/?b={xmin},{ymin},{xmax},{ymax}\"\nfile = \"../{area}.json\"\n",
                              "s.toml");
    });
    EXPECT_NE(m.find("inside the data folder"), std::string::npos) << m;
    m = input_error_of([] {
        parse_services_config(
            kBbox + "url = \"http://x/?b={xmin},{ymin},{xmax},{ymax}\"\nfile = \"{area}.json\"\nlicense = \"x\"\n",
            "s.toml");
    });
    EXPECT_NE(m.find("s.toml:8:1: source[0].license: unknown setting"), std::string::npos) << m;
    m = input_error_of([] {
        parse_services_config(
            kBbox +
                "url = \"http://x/?b={xmin},{ymin},{xmax},{ymax}\"\nfile = \"{area}.json\"\npaging = \"startindex\"\n",
            "s.toml");
    });
    EXPECT_NE(m.find("{page}"), std::string::npos) << m;
    // Only the web: a file:// address (which would copy a local file into the data folder) is refused with its place.
    m = input_error_of([] {
        parse_services_config(kBbox + "url = \"file:///etc/?b={xmin},{ymin},{xmax},{ymax}\"\nfile = \"{area}.json\"\n",
                              "s.toml");
    });
    EXPECT_NE(m.find("s.toml:6:"), std::string::npos) << m;
    EXPECT_NE(m.find("http:// or https://"), std::string::npos) << m;
}

TEST(FetchAreas, ABoxMustBeRdMetres) {
    const fetch::FetchArea a = fetch::area_from_bbox_text(" 215000, 455000 ,275000,505000");
    EXPECT_DOUBLE_EQ(a.min_x, 215000);
    EXPECT_DOUBLE_EQ(a.max_y, 505000);
    EXPECT_NE(input_error_of([] { fetch::area_from_bbox_text("6.8,52.1,6.9,52.2"); }).find("degrees"),
              std::string::npos);
    EXPECT_NE(input_error_of([] { fetch::area_from_bbox_text("215000,455000,200000,505000"); }).find("xmin < xmax"),
              std::string::npos);
    EXPECT_NE(input_error_of([] { fetch::area_from_bbox_text("215000,455000,x,505000"); }).find("not a number"),
              std::string::npos);
}

TEST(FetchAreas, ARegionFilesAreasAreTheirTerrainsExtents) {
    const auto areas =
        fetch::areas_from_region_file(std::string(WATERNET_DATA_DIR) + "/regions/twente.toml", "haaksbergen");
    ASSERT_EQ(areas.size(), 1u);
    EXPECT_EQ(areas[0].name, "haaksbergen");
    // data/NOTICE.md: the Haaksbergen AHN strip is x 250000–260000, y 459800–462500.
    EXPECT_DOUBLE_EQ(areas[0].min_x, 250000);
    EXPECT_DOUBLE_EQ(areas[0].max_x, 260000);
    EXPECT_DOUBLE_EQ(areas[0].min_y, 459800);
    EXPECT_DOUBLE_EQ(areas[0].max_y, 462500);
    EXPECT_NE(input_error_of([] {
                  fetch::areas_from_region_file(std::string(WATERNET_DATA_DIR) + "/regions/twente.toml", "nope");
              }).find("haaksbergen"),
              std::string::npos);
}

}  // namespace
}  // namespace wn::test
