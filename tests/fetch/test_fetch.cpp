// `waternet data fetch` against a local server that plays the services (tests/fetch/fetch_test_server.hpp): tiles
// come down once, a rerun downloads nothing, damaged downloads and damaged files are fetched again, an unreachable
// server gives exit 3 with nothing half-written taken as done. No internet is needed.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "../cli/cli_test_support.hpp"
#include "../io/io_test_support.hpp"
#include "fetch_test_server.hpp"
#include "waternet/fetch/fetch.hpp"
#include "waternet/fetch/manifest.hpp"
#include "waternet/fetch/validate.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn::test {
namespace {

namespace fs = std::filesystem;
using Misbehave = TestHttpServer::Misbehave;

constexpr double kX0 = 100000, kY0 = 400000, kTileM = 100;  // a 2 × 2 tile grid of 100 m tiles in RD

std::string tile_name(int col, int row) { return "T_c" + std::to_string(col) + "_r" + std::to_string(row); }
std::string tile_target(int col, int row) { return "/ahn/" + tile_name(col, row) + ".tif"; }

// A real GeoTIFF tile (Cloud-Optimized, DEFLATE) of 20 × 20 cells of 5 m whose heights differ per tile.
std::string geotiff_tile(const TempDir& dir, int col, int row) {
    GridSpec spec{20, 20, {kX0 + col * kTileM, kY0 + (row + 1) * kTileM, 5.0}, {}};
    Grid<float> grid(spec);
    for (index_t r = 0; r < spec.rows; ++r)
        for (index_t c = 0; c < spec.cols; ++c)
            grid(r, c) = static_cast<float>(10 * col + 20 * row + 0.01 * (r * 20 + c));
    const std::string path = dir.file("sample_" + tile_name(col, row) + ".tif");
    write_cog(path, grid);
    return read_file(path);
}

std::string tile_index_geojson(const TestHttpServer& server) {
    nlohmann::json features = nlohmann::json::array();
    for (int row = 0; row < 2; ++row)
        for (int col = 0; col < 2; ++col) {
            const double x0 = kX0 + col * kTileM, y0 = kY0 + row * kTileM, x1 = x0 + kTileM, y1 = y0 + kTileM;
            features.push_back(
                {{"type", "Feature"},
                 {"properties", {{"kaartbladNr", tile_name(col, row)}, {"url", server.url(tile_target(col, row))}}},
                 {"geometry",
                  {{"type", "Polygon"}, {"coordinates", {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}}}});
        }
    return nlohmann::json{{"type", "FeatureCollection"},
                          {"crs", {{"type", "name"}, {"properties", {{"name", "urn:ogc:def:crs:EPSG::28992"}}}}},
                          {"features", features}}
        .dump();
}

// A vector file of `count` 10 m squares (field identificatie = first_id, first_id + 1, ...) written by GDAL's
// `driver` ("GML", "GPKG"); returns its bytes.
std::string vector_sample(const TempDir& dir, const std::string& driver, const std::string& name, int count,
                          int first_id) {
    GDALAllRegister();
    const std::string path = dir.file(name);
    GDALDriver* gdal_driver = GetGDALDriverManager()->GetDriverByName(driver.c_str());
    {
        std::unique_ptr<GDALDataset> ds(gdal_driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReference rd;
        rd.importFromEPSG(28992);
        OGRLayer* layer = ds->CreateLayer("objects", &rd, wkbPolygon, nullptr);
        OGRFieldDefn field("identificatie", OFTString);
        layer->CreateField(&field);
        for (int i = 0; i < count; ++i) {
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetField("identificatie", std::to_string(first_id + i).c_str());
            const double x = kX0 + 20 * (first_id + i), y = kY0 + 20;
            OGRPolygon square;
            OGRLinearRing ring;
            for (auto [dx, dy] : {std::pair{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}) ring.addPoint(x + dx, y + dy);
            square.addRing(&ring);
            feature.SetGeometry(&square);
            layer->CreateFeature(&feature);
        }
    }
    return read_file(path);
}

std::vector<std::string> part_files(const fs::path& folder) {
    std::vector<std::string> out;
    if (!fs::exists(folder)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        if (entry.path().extension() == ".part") out.push_back(entry.path().string());
    return out;
}

class FetchTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.serve("/ahn/index.json", tile_index_geojson(server));
        for (int row = 0; row < 2; ++row)
            for (int col = 0; col < 2; ++col) server.serve(tile_target(col, row), geotiff_tile(dir, col, row));
    }

    std::string tiles_source() const {
        return "[[source]]\nid = \"ahn_dtm\"\nkind = \"tiles\"\nformat = \"raster\"\nresolution_m = 0.5\n"
               "index_url = \"" +
               server.url("/ahn/index.json") +
               "\"\nindex_file = \"ahn/dtm/index.json\"\n"
               "tile_field = \"kaartbladNr\"\nurl_field = \"url\"\nfile = \"ahn/dtm/{tile}.tif\"\n"
               "licence = \"CC0 1.0 (test)\"\n";
    }
    fetch::FetchOptions options(const std::string& services_toml, const std::string& bbox) const {
        fetch::FetchOptions o;
        o.out_dir = data;
        o.services = fetch::parse_services_config(services_toml, "services.toml");
        o.areas = {fetch::area_from_bbox_text(bbox)};
        o.retries = 3;
        o.backoff_s = 0.01;
        o.http.stall_timeout_s = 1.0;
        o.http.connect_timeout_s = 2.0;
        return o;
    }
    // The upper row of tiles (y 400100 … 400200), both columns.
    fetch::FetchOptions upper_row() const { return options(tiles_source(), "100020,400120,100180,400180"); }
    std::string tile_bytes(int col, int row) const {
        return read_file(dir.file("sample_" + tile_name(col, row) + ".tif"));
    }
    fs::path tile_file(int col, int row) const { return data / "ahn" / "dtm" / (tile_name(col, row) + ".tif"); }

    TempDir dir;
    fs::path data = dir.path() / "data";
    TestHttpServer server;
};

TEST_F(FetchTest, ARegionsTilesComeDownOnceWithTheirManifest) {
    const fetch::FetchSummary s = fetch::fetch_data(upper_row());
    EXPECT_EQ(s.downloaded, 3);  // the index and the two tiles of the upper row
    EXPECT_EQ(s.confirmed, 0);
    for (int col = 0; col < 2; ++col) {
        EXPECT_EQ(server.requests(tile_target(col, 1)), 1);
        EXPECT_EQ(server.requests(tile_target(col, 0)), 0) << "a tile outside the box was fetched";
        EXPECT_EQ(read_file(tile_file(col, 1)), tile_bytes(col, 1));
        EXPECT_FALSE(fs::exists(tile_file(col, 0)));
    }
    EXPECT_EQ(server.requests("/ahn/index.json"), 1);
    EXPECT_TRUE(part_files(data).empty());

    // The manifest lists each file with the SHA-256 of what is on disk (recomputed here), its size, URL and licence.
    std::ifstream in(data / "manifest.json");
    const nlohmann::json manifest = nlohmann::json::parse(in);
    ASSERT_EQ(manifest["files"].size(), 3u);
    for (const auto& f : manifest["files"]) {
        const fs::path file = data / f["path"].get<std::string>();
        ASSERT_TRUE(fs::exists(file)) << file;
        EXPECT_EQ(f["sha256"], sha256_file(file));
        EXPECT_EQ(f["size_bytes"].get<std::uintmax_t>(), fs::file_size(file));
        EXPECT_EQ(f["licence"], "CC0 1.0 (test)");
        EXPECT_EQ(f["source"], "ahn_dtm");
        EXPECT_FALSE(f["fetched_utc"].get<std::string>().empty());
    }
    const auto tile_entry = std::find_if(manifest["files"].begin(), manifest["files"].end(),
                                         [](const auto& f) { return f["path"] == "ahn/dtm/T_c1_r1.tif"; });
    ASSERT_NE(tile_entry, manifest["files"].end());
    EXPECT_EQ((*tile_entry)["url"], server.url(tile_target(1, 1)));
    EXPECT_EQ((*tile_entry)["sha256"], sha256_hex(tile_bytes(1, 1)));  // what the server sent, byte for byte
}

TEST_F(FetchTest, ARerunDownloadsNothing) {
    fetch::fetch_data(upper_row());
    const int requests_after_first = server.total_requests();
    const fetch::FetchSummary again = fetch::fetch_data(upper_row());
    EXPECT_EQ(server.total_requests(), requests_after_first);
    EXPECT_EQ(again.downloaded, 0);
    EXPECT_EQ(again.confirmed, 3);
}

TEST_F(FetchTest, TilesThatOnlyTouchTheAreaAreNotFetched) {
    fetch::fetch_data(options(tiles_source(), "100000,400000,100100,400100"));  // exactly tile c0 r0
    EXPECT_TRUE(fs::exists(tile_file(0, 0)));
    EXPECT_EQ(
        server.requests(tile_target(1, 0)) + server.requests(tile_target(0, 1)) + server.requests(tile_target(1, 1)),
        0);
}

// --polygon: the tiles under the polygon itself, not under its box. The triangle's box covers all four tiles; the
// triangle (x + y ≤ 500200) only touches tile c1 r1 in its corner.
TEST_F(FetchTest, APolygonTakesTheTilesUnderItNotUnderItsBox) {
    write_file(
        dir.file("triangle.geojson"),
        R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},)"
        R"("features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":)"
        R"([[[100010,400010],[100190,400010],[100010,400190],[100010,400010]]]}}]})");
    fetch::FetchOptions o = upper_row();
    o.areas = {fetch::area_from_polygon_file(dir.file("triangle.geojson"))};
    EXPECT_EQ(o.areas[0].name, "triangle");
    fetch::fetch_data(o);
    EXPECT_TRUE(fs::exists(tile_file(0, 0)));
    EXPECT_TRUE(fs::exists(tile_file(1, 0)));
    EXPECT_TRUE(fs::exists(tile_file(0, 1)));
    EXPECT_FALSE(fs::exists(tile_file(1, 1)));
    EXPECT_EQ(server.requests(tile_target(1, 1)), 0);
}

TEST_F(FetchTest, ATruncatedDownloadIsFetchedAgain) {
    server.misbehave(tile_target(0, 1), {Misbehave::truncate});
    const fetch::FetchSummary s = fetch::fetch_data(upper_row());
    EXPECT_EQ(server.requests(tile_target(0, 1)), 2);
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
    EXPECT_EQ(s.retried, 1);
}

// A big tile that breaks off halfway continues where it stopped (Range from the bytes it has, If-Range with the
// server's ETag), so the bytes come once; the joined file is still checked whole.
TEST_F(FetchTest, ABrokenOffDownloadContinuesWhereItStopped) {
    server.misbehave(tile_target(0, 1), {Misbehave::truncate});
    fetch::fetch_data(upper_row());
    const std::size_t size = tile_bytes(0, 1).size();
    EXPECT_EQ(server.range_starts(tile_target(0, 1)), (std::vector<long>{-1, static_cast<long>(size / 2)}));
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
    const std::size_t all_bytes = server.body_bytes_sent();
    const std::size_t expected = tile_bytes(1, 1).size() + size + tile_index_geojson(server).size();
    EXPECT_EQ(all_bytes, expected) << "the first half was sent again";
}

// A server without byte ranges sends the whole file again (200 to a Range request): the download starts over
// instead of appending the whole file to the half it has.
TEST_F(FetchTest, AServerWithoutRangesMakesTheDownloadStartOver) {
    server.ranges = false;
    server.misbehave(tile_target(0, 1), {Misbehave::truncate});
    fetch::fetch_data(upper_row());
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
    const std::vector<long> starts = server.range_starts(tile_target(0, 1));
    ASSERT_EQ(starts.size(), 3u);  // whole (cut off), the rest (refused: 200), whole again
    EXPECT_EQ(starts[0], -1);
    EXPECT_GT(starts[1], 0);
    EXPECT_EQ(starts[2], -1);
}

TEST_F(FetchTest, ACorruptDownloadOfTheRightSizeIsCaughtByGdalAndFetchedAgain) {
    server.misbehave(tile_target(1, 1), {Misbehave::corrupt});
    fetch::fetch_data(upper_row());
    EXPECT_EQ(server.requests(tile_target(1, 1)), 2);
    EXPECT_EQ(read_file(tile_file(1, 1)), tile_bytes(1, 1));
}

TEST_F(FetchTest, ServerErrorsAreRetriedWithBackOff) {
    server.misbehave(tile_target(0, 1), {Misbehave::error_500, Misbehave::error_500});
    const fetch::FetchSummary s = fetch::fetch_data(upper_row());
    EXPECT_EQ(server.requests(tile_target(0, 1)), 3);
    EXPECT_EQ(s.retried, 2);
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
}

TEST_F(FetchTest, ASlowAnswerTimesOutAndIsTriedAgain) {
    server.misbehave(tile_target(0, 1), {Misbehave::slow});  // 2.5 s of silence; the client gives up after 1 s
    const auto start = std::chrono::steady_clock::now();
    fetch::fetch_data(upper_row());
    const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(server.requests(tile_target(0, 1)), 2);
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
    EXPECT_LT(elapsed_s, 2.4) << "the client waited for the slow answer instead of timing out";
}

TEST_F(FetchTest, AFileDamagedOnDiskIsFetchedAgainAndOnlyThatOne) {
    fetch::fetch_data(upper_row());
    fs::resize_file(tile_file(0, 1), fs::file_size(tile_file(0, 1)) / 2);  // truncated since
    {
        std::fstream f(tile_file(1, 1),
                       std::ios::in | std::ios::out | std::ios::binary);  // same size, one byte changed
        f.seekp(100);
        f.put('\x5a');
    }
    ASSERT_NE(read_file(tile_file(1, 1)), tile_bytes(1, 1));
    const fetch::FetchSummary s = fetch::fetch_data(upper_row());
    EXPECT_EQ(s.downloaded, 2);
    EXPECT_EQ(s.confirmed, 1);  // the index
    EXPECT_EQ(server.requests(tile_target(0, 1)), 2);
    EXPECT_EQ(server.requests(tile_target(1, 1)), 2);
    EXPECT_EQ(server.requests("/ahn/index.json"), 1);
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
    EXPECT_EQ(read_file(tile_file(1, 1)), tile_bytes(1, 1));
}

TEST_F(FetchTest, AFileWithoutAManifestEntryIsNotTakenAsDone) {
    // A complete-looking file that no manifest confirms (a crash between the rename and the manifest, or a copy).
    fs::create_directories(tile_file(0, 1).parent_path());
    write_file(tile_file(0, 1), tile_bytes(0, 1));
    fetch::fetch_data(upper_row());
    EXPECT_EQ(server.requests(tile_target(0, 1)), 1);
}

TEST_F(FetchTest, AServiceThatKeepsFailingIsReportedAndItsFileIsNotMarkedDone) {
    server.misbehave(tile_target(0, 1),
                     {Misbehave::error_500, Misbehave::error_500, Misbehave::error_500, Misbehave::error_500});
    try {
        fetch::fetch_data(upper_row());
        FAIL() << "expected ServiceUnavailable";
    } catch (const fetch::ServiceUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("HTTP 500"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("T_c0_r1"), std::string::npos) << e.what();
    }
    EXPECT_EQ(server.requests(tile_target(0, 1)), 4);  // the first try and 3 retries
    EXPECT_FALSE(fs::exists(tile_file(0, 1)));
    EXPECT_TRUE(part_files(data).empty());
    const fetch::Manifest manifest = fetch::Manifest::load(data);
    EXPECT_EQ(manifest.find("ahn/dtm/T_c0_r1.tif"), nullptr);
    EXPECT_NE(manifest.find("ahn/dtm/T_c1_r1.tif"), nullptr);  // the other tile is kept, and a rerun resumes
    fetch::fetch_data(upper_row());
    EXPECT_EQ(server.requests(tile_target(1, 1)), 1);
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
}

// A service that answers 200 with an error page (a proxy's HTML, a WFS exception report) delivers no data: GDAL's
// check refuses it every time, and the file is reported, not kept.
TEST_F(FetchTest, AnErrorPageWithStatus200IsNotTakenForData) {
    server.serve("/wfs?bbox=100000,400000,100100,400100", "<html><body>Service temporarily unavailable</body></html>");
    const std::string services = "[[source]]\nid = \"bag\"\nkind = \"bbox\"\nformat = \"vector\"\nurl = \"" +
                                 server.url("/wfs?bbox={xmin},{ymin},{xmax},{ymax}") +
                                 "\"\nfile = \"bag/{area}.gml\"\nlicence = \"CC0\"\n";
    try {
        fetch::fetch_data(options(services, "100000,400000,100100,400100"));
        FAIL() << "expected ServiceUnavailable";
    } catch (const fetch::ServiceUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
    }
    EXPECT_EQ(server.requests("/wfs?bbox=100000,400000,100100,400100"), 4);
    EXPECT_FALSE(fs::exists(data / "bag" / "bbox.gml"));
    EXPECT_TRUE(part_files(data).empty());
}

// A tile index is data from elsewhere: a tile name that would leave the data folder is refused.
TEST_F(FetchTest, ATileNameThatLeavesTheFolderIsRefused) {
    std::string index = tile_index_geojson(server);
    const std::string name = tile_name(0, 1);
    index.replace(index.find("\"" + name + "\""), name.size() + 2, "\"../../escaped\"");
    server.serve("/ahn/index.json", index);
    const std::string message = input_error_of([&] { fetch::fetch_data(upper_row()); });
    EXPECT_NE(message.find("../../escaped"), std::string::npos) << message;
    EXPECT_FALSE(fs::exists(dir.path() / "escaped.tif"));
    EXPECT_EQ(server.requests(tile_target(0, 1)) + server.requests(tile_target(1, 1)), 0);
}

TEST_F(FetchTest, NotFoundIsNotRetried) {
    const std::string services = "[[source]]\nid = \"gone\"\nkind = \"file\"\nformat = \"vector\"\nurl = \"" +
                                 server.url("/no/such/file.gpkg") + "\"\nfile = \"x/file.gpkg\"\nlicence = \"CC0\"\n";
    EXPECT_THROW(fetch::fetch_data(options(services, "100000,400000,100100,400100")), fetch::ServiceUnavailable);
    EXPECT_EQ(server.requests("/no/such/file.gpkg"), 1);
}

TEST_F(FetchTest, CtrlCStopsCleanly) {
    server.misbehave(tile_target(0, 1), {Misbehave::slow});
    server.misbehave(tile_target(1, 1), {Misbehave::slow});
    fetch::FetchOptions o = upper_row();
    o.http.stall_timeout_s = 30;
    std::atomic<bool> ctrl_c{false};
    std::thread press([&ctrl_c] {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        ctrl_c = true;
    });
    EXPECT_THROW(fetch::fetch_data(o, {.cancel = CancelToken(&ctrl_c)}), Interrupted);
    press.join();
    EXPECT_TRUE(part_files(data).empty());
    EXPECT_FALSE(fs::exists(tile_file(0, 1)));
    EXPECT_EQ(fetch::Manifest::load(data).find("ahn/dtm/T_c0_r1.tif"), nullptr);
    EXPECT_NE(fetch::Manifest::load(data).find("ahn/dtm/index.json"), nullptr);  // finished before Ctrl-C: kept
}

// A BAG-like WFS answer in GML, paged with STARTINDEX: a full page (page_size features) asks for the next one.
TEST_F(FetchTest, StartIndexPagesAreFetchedUntilAShortPage) {
    const std::string base = "/wfs?bbox=100000,400000,100100,400100";
    server.serve(base + "&count=2&startindex=0", vector_sample(dir, "GML", "page1.gml", 2, 0));
    server.serve(base + "&count=2&startindex=2", vector_sample(dir, "GML", "page2.gml", 1, 2));
    const std::string services =
        "[[source]]\nid = \"bag_pand\"\nkind = \"bbox\"\nformat = \"vector\"\nurl = \"" +
        server.url("/wfs?bbox={xmin},{ymin},{xmax},{ymax}&count={count}&startindex={startindex}") +
        "\"\npaging = \"startindex\"\npage_size = 2\nfile = \"bag/{area}/pand_{page}.gml\"\n"
        "licence = \"CC0 1.0\"\n";
    const fetch::FetchSummary s = fetch::fetch_data(options(services, "100000,400000,100100,400100"));
    EXPECT_EQ(s.downloaded, 2);
    EXPECT_TRUE(fs::exists(data / "bag" / "bbox" / "pand_0001.gml"));
    EXPECT_TRUE(fs::exists(data / "bag" / "bbox" / "pand_0002.gml"));
    EXPECT_FALSE(fs::exists(data / "bag" / "bbox" / "pand_0003.gml"));
    EXPECT_EQ(server.total_requests(), 2);
    EXPECT_FALSE(fs::exists(data / "bag" / "bbox" / "pand_0001.gfs")) << "GDAL's check left a side file";
    fetch::fetch_data(options(services, "100000,400000,100100,400100"));
    EXPECT_EQ(server.total_requests(), 2);  // a rerun reads the page count from the confirmed pages
}

// A service whose own limit per request is below page_size returns short pages that are not the last; its
// numberMatched gives that away, and the fetch says so instead of stopping with part of the data.
TEST_F(FetchTest, AServiceLimitBelowThePageSizeIsReportedNotTakenAsTheEnd) {
    nlohmann::json features = nlohmann::json::array();
    for (int i = 0; i < 2; ++i) {
        const double x = kX0 + 20 * i, y = kY0 + 20;
        features.push_back(
            {{"type", "Feature"},
             {"properties", {{"identificatie", std::to_string(i)}}},
             {"geometry", {{"type", "Polygon"}, {"coordinates", {{{x, y}, {x + 10, y}, {x + 10, y + 10}, {x, y}}}}}}});
    }
    server.serve("/wfs?bbox=100000,400000,100100,400100&count=3&startindex=0",
                 nlohmann::json{{"type", "FeatureCollection"}, {"numberMatched", 5}, {"features", features}}.dump());
    const std::string services =
        "[[source]]\nid = \"bag\"\nkind = \"bbox\"\nformat = \"vector\"\nurl = \"" +
        server.url("/wfs?bbox={xmin},{ymin},{xmax},{ymax}&count={count}&startindex={startindex}") +
        "\"\npaging = \"startindex\"\npage_size = 3\nfile = \"bag/{area}_{page}.json\"\n"
        "licence = \"CC0\"\n";
    try {
        fetch::fetch_data(options(services, "100000,400000,100100,400100"));
        FAIL() << "expected ServiceUnavailable";
    } catch (const fetch::ServiceUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("set page_size to 2"), std::string::npos) << e.what();
    }
}

// A BGT-like OGC API Features answer: GeoJSON pages continued by their "next" link.
TEST_F(FetchTest, NextLinkPagesAreFollowed) {
    auto page = [&](int first_id, const std::string& next) {
        nlohmann::json features = nlohmann::json::array();
        for (int i = first_id; i < first_id + 2; ++i) {
            const double x = kX0 + 20 * i, y = kY0 + 20;
            features.push_back(
                {{"type", "Feature"},
                 {"properties", {{"identificatie", std::to_string(i)}}},
                 {"geometry",
                  {{"type", "Polygon"}, {"coordinates", {{{x, y}, {x + 10, y}, {x + 10, y + 10}, {x, y}}}}}}});
        }
        nlohmann::json links = nlohmann::json::array();
        if (!next.empty()) links.push_back({{"rel", "next"}, {"href", server.url(next)}});
        return nlohmann::json{{"type", "FeatureCollection"}, {"features", features}, {"links", links}}.dump();
    };
    server.serve("/bgt/pand?bbox=100000,400000,100100,400100", page(0, "/bgt/pand?cursor=abc"));
    server.serve("/bgt/pand?cursor=abc", page(2, ""));
    const std::string services =
        "[[source]]\nid = \"bgt_pand\"\nkind = \"bbox\"\nformat = \"vector\"\nurl = \"" +
        server.url("/bgt/pand?bbox={xmin},{ymin},{xmax},{ymax}") +
        "\"\npaging = \"next-link\"\nfile = \"bgt/{area}/pand_{page}.json\"\ncrs = \"EPSG:28992\"\n"
        "licence = \"CC0 1.0\"\n";
    fetch::fetch_data(options(services, "100000,400000,100100,400100"));
    EXPECT_EQ(server.requests("/bgt/pand?cursor=abc"), 1);
    const fetch::Manifest manifest = fetch::Manifest::load(data);
    ASSERT_NE(manifest.find("bgt/bbox/pand_0002.json"), nullptr);
    EXPECT_EQ(manifest.find("bgt/bbox/pand_0002.json")->url, server.url("/bgt/pand?cursor=abc"));
    EXPECT_EQ(manifest.find("bgt/bbox/pand_0001.json")->crs, "EPSG:28992");
    fetch::fetch_data(options(services, "100000,400000,100100,400100"));
    EXPECT_EQ(server.total_requests(), 2);
}

// The tiles joined into a VRT that GDAL reads as one raster; it still reads after the data folder moved.
TEST_F(FetchTest, TilesAreJoinedIntoAVrt) {
    const std::string services = tiles_source() + "join = \"ahn/dtm.vrt\"\ncrs = \"EPSG:28992\"\n";
    const fetch::FetchSummary s = fetch::fetch_data(options(services, "100020,400120,100180,400180"));
    EXPECT_EQ(s.joined, 1);
    const fs::path moved = dir.path() / "moved";
    fs::rename(data, moved);
    const Grid<float> joined = read_raster((moved / "ahn" / "dtm.vrt").string());
    EXPECT_DOUBLE_EQ(joined.spec().min_x(), kX0);
    EXPECT_DOUBLE_EQ(joined.spec().max_x(), kX0 + 2 * kTileM);
    EXPECT_DOUBLE_EQ(joined.spec().min_y(), kY0 + kTileM);  // the upper row only
    EXPECT_DOUBLE_EQ(joined.spec().max_y(), kY0 + 2 * kTileM);
    // geotiff_tile: height 10·col + 20·row + 0.01·(r·20 + c); the VRT's column 25 is column 5 of tile c1.
    EXPECT_FLOAT_EQ(joined(3, 25), static_cast<float>(10 * 1 + 20 * 1 + 0.01 * (3 * 20 + 5)));
    EXPECT_FLOAT_EQ(joined(3, 5), static_cast<float>(20 + 0.01 * (3 * 20 + 5)));
    fs::rename(moved, data);
    const fetch::Manifest manifest = fetch::Manifest::load(data);
    ASSERT_NE(manifest.find("ahn/dtm.vrt"), nullptr);
    EXPECT_EQ(manifest.find("ahn/dtm.vrt")->sha256, sha256_file(data / "ahn" / "dtm.vrt"));
    EXPECT_FALSE(manifest.find("ahn/dtm.vrt")->inputs_sha256.empty());
    const fetch::FetchSummary again = fetch::fetch_data(options(services, "100020,400120,100180,400180"));
    EXPECT_EQ(again.joined, 0);
    EXPECT_EQ(again.downloaded, 0);
}

// Pages of two sources (GeoJSON with next links, GML with STARTINDEX) joined into one GeoPackage, one layer each;
// the GeoJSON pages get the CRS the services file gives them.
TEST_F(FetchTest, PagesAreJoinedIntoAGeoPackageWithALayerPerSource) {
    nlohmann::json features = nlohmann::json::array();
    for (int i = 0; i < 3; ++i) {
        const double x = kX0 + 20 * i, y = kY0 + 20;
        features.push_back(
            {{"type", "Feature"},
             {"properties", {{"identificatie", std::to_string(i)}}},
             {"geometry", {{"type", "Polygon"}, {"coordinates", {{{x, y}, {x + 10, y}, {x + 10, y + 10}, {x, y}}}}}}});
    }
    const std::string base = "?bbox=100000,400000,100100,400100";
    server.serve(
        "/bgt" + base,
        nlohmann::json{{"type", "FeatureCollection"}, {"features", features}, {"links", nlohmann::json::array()}}
            .dump());
    server.serve("/wfs" + base + "&count=2&startindex=0", vector_sample(dir, "GML", "p1.gml", 2, 0));
    server.serve("/wfs" + base + "&count=2&startindex=2", vector_sample(dir, "GML", "p2.gml", 2, 2));
    server.serve("/wfs" + base + "&count=2&startindex=4", vector_sample(dir, "GML", "p3.gml", 1, 4));
    const std::string services =
        "[[source]]\nid = \"bgt_pand\"\nkind = \"bbox\"\nformat = \"vector\"\nurl = \"" +
        server.url("/bgt?bbox={xmin},{ymin},{xmax},{ymax}") +
        "\"\npaging = \"next-link\"\nfile = \"bgt/{area}/pand_{page}.json\"\ncrs = \"EPSG:28992\"\n"
        "join = \"joined/{area}.gpkg\"\nlayer = \"bgt_pand\"\nlicence = \"CC0 1.0\"\n"
        "[[source]]\nid = \"bag_pand\"\nkind = \"bbox\"\nformat = \"vector\"\nurl = \"" +
        server.url("/wfs?bbox={xmin},{ymin},{xmax},{ymax}&count={count}&startindex={startindex}") +
        "\"\npaging = \"startindex\"\npage_size = 2\nfile = \"bag/{area}/pand_{page}.gml\"\n"
        "join = \"joined/{area}.gpkg\"\nlayer = \"bag_pand\"\nlicence = \"CC0 1.0 (BAG)\"\n";
    const fetch::FetchSummary s = fetch::fetch_data(options(services, "100000,400000,100100,400100"));
    EXPECT_EQ(s.downloaded, 4);
    EXPECT_EQ(s.joined, 1);
    const fs::path gpkg = data / "joined" / "bbox.gpkg";
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    OGRLayer* bgt = ds->GetLayerByName("bgt_pand");
    OGRLayer* bag = ds->GetLayerByName("bag_pand");
    ASSERT_TRUE(bgt && bag);
    EXPECT_EQ(bgt->GetFeatureCount(), 3);
    EXPECT_EQ(bag->GetFeatureCount(), 5);  // 2 + 2 + 1 over three pages
    ASSERT_NE(bgt->GetSpatialRef(), nullptr);
    EXPECT_STREQ(bgt->GetSpatialRef()->GetAuthorityCode(nullptr), "28992");
    OGREnvelope box;
    bgt->GetExtent(&box);
    EXPECT_DOUBLE_EQ(box.MinX, kX0);  // RD metres, not reprojected from "degrees"
    EXPECT_EQ(fetch::Manifest::load(data).find("joined/bbox.gpkg")->licence, "CC0 1.0; CC0 1.0 (BAG)");
}

// A BAG-like GeoPackage as one download; damaged bytes in it are caught by GDAL.
TEST_F(FetchTest, AGeoPackageDownloadIsCheckedByGdal) {
    const std::string gpkg = vector_sample(dir, "GPKG", "bag.gpkg", 3, 0);
    server.serve("/bag.gpkg", gpkg);
    server.misbehave("/bag.gpkg", {Misbehave::corrupt});
    const std::string services = "[[source]]\nid = \"bag\"\nkind = \"file\"\nformat = \"vector\"\nurl = \"" +
                                 server.url("/bag.gpkg") + "\"\nfile = \"bag/bag.gpkg\"\nlicence = \"CC0 1.0\"\n";
    fetch::fetch_data(options(services, "100000,400000,100100,400100"));
    EXPECT_EQ(server.requests("/bag.gpkg"), 2);
    EXPECT_EQ(read_file(data / "bag" / "bag.gpkg"), gpkg);
}

// A tile that GDAL opens but whose compressed pixels are damaged (the header is fine) is caught by reading every
// pixel, not only by opening it.
TEST(FetchValidate, DamagedPixelsBehindAGoodHeaderAreCaught) {
    TempDir dir;
    const std::string good = geotiff_tile(dir, 0, 0);
    const fs::path path = dir.path() / "tile.tif";
    write_file(path, good);
    EXPECT_EQ(fetch::gdal_problem(path, fetch::ExpectedFormat::raster), "");
    GDALAllRegister();
    std::size_t block_offset = 0;
    {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        ASSERT_TRUE(ds);
        const char* offset = ds->GetRasterBand(1)->GetMetadataItem("BLOCK_OFFSET_0_0", "TIFF");
        ASSERT_NE(offset, nullptr);
        block_offset = std::stoul(offset);
    }
    std::string damaged = good;
    ASSERT_LT(block_offset + 40, damaged.size());
    for (std::size_t i = block_offset + 8; i < block_offset + 40; ++i)
        damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    write_file(path, damaged);
    {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        EXPECT_TRUE(ds) << "the header should still open";
    }
    EXPECT_NE(fetch::gdal_problem(path, fetch::ExpectedFormat::raster), "");
    EXPECT_NE(fetch::gdal_problem(path, fetch::ExpectedFormat::vector), "") << "a raster is not a vector file";
}

TEST(FetchCli, AnUnreachableServerGivesExit3AndNothingIsMarkedDone) {
    TempDir dir;
    const int port = TestHttpServer::closed_port();
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    write_file(dir.file("services.toml"),
               "[[source]]\nid = \"ahn\"\nkind = \"tiles\"\nformat = \"raster\"\nindex_url = \"" + base +
                   "/index.json\"\nindex_file = \"ahn/index.json\"\ntile_field = \"kaartbladNr\"\nurl_field = \"url\"\n"
                   "file = \"ahn/{tile}.tif\"\nlicence = \"CC0\"\n"
                   "[[source]]\nid = \"bgt\"\nkind = \"bbox\"\nformat = \"vector\"\nurl = \"" +
                   base + "/bgt?bbox={xmin},{ymin},{xmax},{ymax}\"\nfile = \"bgt/{area}.json\"\nlicence = \"CC0\"\n");
    const std::string out = dir.file("data");
    const CommandResult r =
        run_cli("data fetch --bbox 100000,400000,100100,400100 --services " + dir.file("services.toml") + " --out " +
                out + " --retries 1 --backoff-s 0.01 --quiet");
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("cannot be reached"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << r.output;
    EXPECT_TRUE(part_files(out).empty());
    EXPECT_FALSE(fs::exists(fs::path(out) / "ahn")) << "no empty folders left behind";
    EXPECT_TRUE(fetch::Manifest::load(out).entries().empty());
}

TEST_F(FetchTest, TheCommandLineFetchesAndSaysWhatItDid) {
    write_file(dir.file("services.toml"), tiles_source());
    const std::string args = "data fetch --bbox 100020,400120,100180,400180 --services " + dir.file("services.toml") +
                             " --out " + data.string() + " --backoff-s 0.01";
    CommandResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("3 files downloaded"), std::string::npos) << r.output;
    EXPECT_EQ(read_file(tile_file(0, 1)), tile_bytes(0, 1));
    r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("0 files downloaded (0.0 MB), 3 already complete"), std::string::npos) << r.output;
    EXPECT_EQ(server.total_requests(), 3);
}

TEST(FetchCli, BadAreasAreInputErrors) {
    expect_input_error("data fetch --bbox 5.1,52.0,5.2,52.1 --out /tmp/x", "outside the Netherlands");
    expect_input_error("data fetch --bbox 100000,400000,100100 --out /tmp/x", "four numbers");
    expect_input_error("data fetch --out /tmp/x", "exactly one of");
}

}  // namespace
}  // namespace wn::test
