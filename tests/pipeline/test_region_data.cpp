// Partners from input data: their ids name report files, so hostile ids must not reach the file system.
#include <gtest/gtest.h>

#include "../io/io_test_support.hpp"
#include "waternet/pipeline/region_config.hpp"
#include "waternet/pipeline/region_data.hpp"

namespace wn {
namespace {

using test::input_error_of;
using test::TempDir;
using test::write_file;

const std::string kData = WATERNET_DATA_DIR;

// A partner layer of square polygons with the given ids (RD New).
std::string partners_geojson(const std::vector<std::string>& ids) {
    std::string features;
    double x = 250000.0;
    for (const std::string& id : ids) {
        if (!features.empty()) features += ",";
        features += R"({"type":"Feature","properties":{"code":")" + id +
                    R"(","naam":"P"},"geometry":{"type":"Polygon",)"
                    R"("coordinates":[[[)" +
                    std::to_string(x) + ",470000],[" + std::to_string(x + 1000) + ",470000],[" +
                    std::to_string(x + 1000) + ",471000],[" + std::to_string(x) + ",471000],[" + std::to_string(x) +
                    ",470000]]]}}";
        x += 1000.0;
    }
    return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)" +
           features + "]}";
}

RegionData load_partners(const TempDir& dir, const std::vector<std::string>& ids) {
    write_file(dir.path() / "partners.geojson", partners_geojson(ids));
    write_file(dir.path() / "region.toml",
               "[region]\nid = \"r\"\nname = \"R\"\n[[partners]]\npath = \"partners.geojson\"\nid_field = \"code\"\n"
               "name_field = \"naam\"\n[[areas]]\nid = \"a\"\nname = \"A\"\nterrain = \"" +
                   kData + "/twente/twente_srtm3_rd100m.tif\"\nscenarios = [\"T100\"]\n");
    return load_region_data(read_region_config(dir.path() / "region.toml"), {});
}

TEST(RegionData, PartnerIdsBecomeSafeFileNames) {
    TempDir dir;
    const RegionData data = load_partners(dir, {"GM0153", "../../../x", "/tmp/abs"});
    ASSERT_EQ(data.partners.size(), 3u);
    EXPECT_EQ(data.partners[0].file_name, "GM0153");
    EXPECT_EQ(data.partners[1].id, "../../../x");  // the id itself is kept for tables and the viewer
    EXPECT_EQ(data.partners[1].file_name, "x");
    EXPECT_EQ(data.partners[2].file_name, "tmp-abs");
}

TEST(RegionData, IdsWithoutAFileNameOrSharingOneAreRefused) {
    TempDir dir;
    EXPECT_NE(input_error_of([&] {
                  load_partners(dir, {"GM0153", ".."});
              }).find("no letters or digits"),
              std::string::npos);
    const std::string clash = input_error_of([&] { load_partners(dir, {"a/b", "a b"}); });
    EXPECT_NE(clash.find("same file name 'a-b'"), std::string::npos) << clash;
}

}  // namespace
}  // namespace wn
