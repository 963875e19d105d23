// The viewer's HTTP API end to end: a server on an ephemeral loopback port, queried with httplib::Client.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "viewer_server_fixture.hpp"
#include "waternet/core/error.hpp"
#include "waternet/render/legend.hpp"
#include "waternet/render/png.hpp"
#include "waternet/server/rd_tiling.hpp"

namespace wn::server {
namespace {

using namespace testing;
using nlohmann::json;

class ViewerApi : public ViewerServerFixture {
protected:
    // The tile at zoom z holding the wet cell, and the pixel of the wet cell's centre in it.
    struct TilePixel {
        TileId tile;
        int px, py;
    };
    static TilePixel wet_pixel(int z) {
        const TileId t = *tile_at(kWetX, kWetY, z);
        const TileBounds b = *tile_bounds(t);
        const double res = resolution_m_per_px(z);
        return {t, static_cast<int>((kWetX - b.min_x) / res), static_cast<int>((b.max_y - kWetY) / res)};
    }
};

TEST_F(ViewerApi, ConfigDescribesTheRdTiling) {
    start();
    const json c = get_json("/api/config");
    EXPECT_EQ(c["region"]["name"], "Twents waternet");
    EXPECT_EQ(c["tiling"]["crs"], "EPSG:28992");
    EXPECT_DOUBLE_EQ(c["tiling"]["origin"][0].get<double>(), -285401.92);
    EXPECT_DOUBLE_EQ(c["tiling"]["resolutions"][0].get<double>(), 3440.640);
    EXPECT_EQ(c["tiling"]["resolutions"].size(), static_cast<std::size_t>(kMaxZoom + 1));
    EXPECT_TRUE(c["user"].is_null());
    EXPECT_TRUE(c["login_available"].get<bool>());
}

TEST_F(ViewerApi, LayersHidePartnerOnlyLayersFromAnonymousVisitors) {
    start();
    const json anonymous = get_json("/api/layers");
    EXPECT_EQ(anonymous["layers"].size(), 5u);
    for (const json& l : anonymous["layers"]) EXPECT_EQ(l["access"], "public") << l["id"];
    EXPECT_EQ(anonymous["scenarios"], json::array({"T100"}));
    EXPECT_EQ(anonymous["legends"]["depth_m"]["classes"][0]["lower"].get<double>(), 0.05);
    const json& depth = anonymous["layers"][1];
    EXPECT_EQ(depth["id"], "enschede/T100/max_depth");
    EXPECT_EQ(depth["frames"].size(), 2u);
    EXPECT_EQ(depth["bounds"], json::array({kWest, kNorth - kRows * kCell, kWest + kCols * kCell, kNorth}));
    const json partner = get_json("/api/layers", 200, login());
    EXPECT_EQ(partner["layers"].size(), 6u);
    EXPECT_EQ(partner["scenarios"], json::array({"T100", "T250_draft"}));
}

TEST_F(ViewerApi, ATileShowsTheKnownCellInItsLegendColour) {
    start();
    const TilePixel at = wet_pixel(14);  // 0.21 m a pixel: the 10 m cell is ~48 pixels wide
    const std::string path =
        fmt::format("/tiles/enschede/T100/max_depth/{}/{}/{}.png", at.tile.z, at.tile.x, at.tile.y);
    auto r = client_->Get(path.c_str());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "image/png");
    EXPECT_NE(r->get_header_value("Cache-Control").find("public"), std::string::npos);
    const render::RgbaImage img =
        render::decode_image({reinterpret_cast<const std::uint8_t*>(r->body.data()), r->body.size()});
    ASSERT_EQ(img.width, kTileSizePx);
    EXPECT_EQ(img.at(at.px, at.py), render::legend("depth_m").colour_of(kWetDepthM));
    // 0 m depth (a cell beside it) is below the first class: transparent.
    EXPECT_EQ(img.at(at.px + 60, at.py).a, 0);
}

TEST_F(ViewerApi, TilesOutsideTheResultsAreTheSharedEmptyTile) {
    start();
    auto far = client_->Get("/tiles/enschede/T100/max_depth/10/10/10.png");
    ASSERT_TRUE(far);
    ASSERT_EQ(far->status, 200);
    const render::RgbaImage img =
        render::decode_image({reinterpret_cast<const std::uint8_t*>(far->body.data()), far->body.size()});
    for (std::size_t i = 3; i < img.rgba.size(); i += 4) ASSERT_EQ(img.rgba[i], 0);
    auto base_far = client_->Get("/tiles/base/10/10/10.png");
    ASSERT_TRUE(base_far);
    EXPECT_EQ(base_far->body, far->body);
}

TEST_F(ViewerApi, TheBaseMapIsTheTerrainsHillshade) {
    start();
    const TilePixel at = wet_pixel(12);
    auto r = client_->Get(fmt::format("/tiles/base/{}/{}/{}.png", at.tile.z, at.tile.x, at.tile.y).c_str());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    const render::RgbaImage img =
        render::decode_image({reinterpret_cast<const std::uint8_t*>(r->body.data()), r->body.size()});
    const render::Rgba p = img.at(at.px, at.py);
    EXPECT_EQ(p.a, 255);
    EXPECT_TRUE(p.r == p.g && p.g == p.b) << "a grey hillshade";
}

TEST_F(ViewerApi, AnimationFramesAreTilesOfTheirOwn) {
    start();
    const TilePixel at = wet_pixel(14);
    const std::string base =
        fmt::format("/tiles/enschede/T100/max_depth/{}/{}/{}.png", at.tile.z, at.tile.x, at.tile.y);
    auto f1 = client_->Get((base + "?frame=1").c_str());
    ASSERT_TRUE(f1);
    ASSERT_EQ(f1->status, 200);
    const render::RgbaImage img =
        render::decode_image({reinterpret_cast<const std::uint8_t*>(f1->body.data()), f1->body.size()});
    EXPECT_EQ(img.at(at.px, at.py), render::legend("depth_m").colour_of(0.12));
    const json err = get_json(base + "?frame=2", 404);
    EXPECT_NE(err["error"].get<std::string>().find("2 animation frames"), std::string::npos);
    get_json(base + "?frame=x", 404);
}

TEST_F(ViewerApi, BadTileAddressesAreClear404s) {
    start();
    EXPECT_NE(get_json("/tiles/nope/10/1/1.png", 404)["error"].get<std::string>().find("no layer \"nope\""),
              std::string::npos);
    EXPECT_NE(get_json("/tiles/base/17/0/0.png", 404)["error"].get<std::string>().find("zoom 0–16"), std::string::npos);
    get_json("/tiles/base/2/4/0.png", 404);
    get_json("/tiles/base/2/-1/0.png", 404);
    get_json("/tiles/base/2/0/0.jpg", 404);
}

TEST_F(ViewerApi, PointQueryAnswersWhatHappensHere) {
    start();
    const json p = get_json(fmt::format("/api/point?x={}&y={}", kWetX, kWetY));
    EXPECT_EQ(p["place"]["name"], "Stadsbeekstraat");
    std::map<std::string, json> by_id;
    for (const json& v : p["values"]) by_id[v["layer"]] = v;
    EXPECT_EQ(by_id.size(), 5u);
    EXPECT_NEAR(by_id["enschede/T100/max_depth"]["value"].get<double>(), kWetDepthM, 1e-6);
    EXPECT_EQ(by_id["enschede/T100/max_depth"]["class_label"],
              render::legend("depth_m").classes[by_id["enschede/T100/max_depth"]["class_index"].get<int>()].label);
    EXPECT_NEAR(by_id["enschede/T100/duration"]["value"].get<double>(), 2.0, 1e-6);
    EXPECT_EQ(by_id["enschede/T100/duration"]["scenario"], "T100");
    // The storm as the manifest records it, and the depth the duration counts above, for the viewer's words.
    const json storm = by_id["enschede/T100/max_depth"]["storm"];
    EXPECT_EQ(storm["id"], "T100");
    EXPECT_DOUBLE_EQ(storm["rain_mm"].get<double>(), 70.0);
    EXPECT_DOUBLE_EQ(storm["duration_h"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(storm["return_period_years"].get<double>(), 100.0);
    EXPECT_DOUBLE_EQ(by_id["enschede/T100/duration"]["threshold_m"].get<double>(), 0.1);
    EXPECT_TRUE(by_id["enschede/T100/max_depth"]["threshold_m"].is_null());
    EXPECT_TRUE(by_id["enschede/heat/pet"]["storm"].is_null());
    EXPECT_NEAR(by_id["enschede/heat/pet"]["value"].get<double>(), kPetC, 1e-6);
    EXPECT_NEAR(by_id["enschede/terrain"]["terrain_m"].get<double>(), 30.85, 1e-5);
    EXPECT_FALSE(by_id.contains("enschede/T250_draft/max_depth"));
    // Never a depth without its model and resolution.
    for (const auto& [id, v] : by_id) {
        EXPECT_EQ(v["model"]["cell_size_m"].get<double>(), kCell) << id;
        EXPECT_EQ(v["model"]["label"]["nl"], "rekengebied enschede (10 m)") << id;
        EXPECT_EQ(v["model"]["detail"], "local") << id;
    }
    EXPECT_EQ(get_json(fmt::format("/api/point?x={}&y={}", kWetX, kWetY), 200, login())["values"].size(), 6u);
}

TEST_F(ViewerApi, PointQueryRefusesBadCoordinates) {
    start();
    EXPECT_NE(get_json("/api/point?x=1", 400)["error"].get<std::string>().find("parameter y"), std::string::npos);
    EXPECT_NE(get_json("/api/point?x=abc&y=1", 400)["error"].get<std::string>().find("must be a number"),
              std::string::npos);
    get_json("/api/point?x=nan&y=1", 400);
    EXPECT_TRUE(get_json("/api/point?x=0&y=0")["values"].empty());
}

TEST_F(ViewerApi, PlaceSearch) {
    start();
    const json r = get_json("/api/places?q=zwer");
    ASSERT_EQ(r["places"].size(), 1u);
    EXPECT_EQ(r["places"][0]["name"], "Het Zwering");
    EXPECT_EQ(r["places"][0]["kind"], "neighbourhood");
    EXPECT_DOUBLE_EQ(r["places"][0]["x"].get<double>(), 257150);
    EXPECT_EQ(get_json("/api/places?q=e&limit=1")["places"].size(), 1u);
    get_json("/api/places?q=e&limit=500", 400);
    get_json("/api/places?q=" + std::string(200, 'a'), 400);
}

TEST_F(ViewerApi, PublicIndicatorsLeaveDraftScenariosOut) {
    start();
    const json pub = get_json("/api/indicators");
    ASSERT_EQ(pub["partners"].size(), 1u);
    EXPECT_EQ(pub["partners"][0]["indicators"]["enschede"]["T100"]["buildings_facade_over_10cm"], 12);
    EXPECT_FALSE(pub["partners"][0]["indicators"]["enschede"].contains("T250_draft"));
    EXPECT_FALSE(pub["partners"][0].contains("report"));
}

TEST_F(ViewerApi, PartnerDataNeedsALogin) {
    start();
    EXPECT_NE(get_json("/api/partner/overview", 401)["error"].get<std::string>().find("log in"), std::string::npos);
    get_json("/tiles/enschede/T250_draft/max_depth/10/630/502.png", 401);
    get_json("/partner/reports/reports/GM0153.html", 401);
    const httplib::Headers cookie = login();
    const json overview = get_json("/api/partner/overview", 200, cookie);
    EXPECT_EQ(overview["user"], "enschede");
    EXPECT_EQ(overview["partners"][0]["indicators"]["enschede"]["T250_draft"]["buildings_facade_over_10cm"], 40);
    EXPECT_EQ(overview["partners"][0]["report"], "/partner/reports/reports/GM0153.html");
    auto report = client_->Get("/partner/reports/reports/GM0153.html", cookie);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->status, 200);
    EXPECT_NE(report->body.find("<h1>Enschede</h1>"), std::string::npos);
    auto tile = client_->Get("/tiles/enschede/T250_draft/max_depth/10/630/502.png", cookie);
    ASSERT_TRUE(tile);
    EXPECT_EQ(tile->status, 200);
    EXPECT_NE(tile->get_header_value("Cache-Control").find("private"), std::string::npos);
    // Logging out ends the session.
    auto out = client_->Post("/api/logout", cookie, "", "application/json");
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 200);
    get_json("/api/partner/overview", 401, cookie);
}

// A second partner, Almelo, far west of the fixture's rasters (so no layer reaches it), with its own report and
// indicators; logins "almelo" (its own partner) and "regio" (the whole region) besides "enschede" (GM0153).
class PartnerScopes : public ViewerApi {
protected:
    void SetUp() override {
        results_ = write_results_fixture(tmp_.path() / "out");
        write_text(tmp_.path() / "web/index.html", "<!doctype html>");
        json manifest = json::parse(read_file(results_ / "stresstest.json"));
        manifest["partners"].push_back({{"id", "GM0141"},
                                        {"name", "Almelo"},
                                        {"kind", "municipality"},
                                        {"bbox", {230000, 480000, 235000, 485000}},
                                        {"report", "reports/GM0141.html"}});
        write_text(results_ / "stresstest.json", manifest.dump());
        write_text(results_ / "reports/GM0141.html", "<h1>Almelo</h1>");
        json indicators = json::parse(read_file(results_ / "tables/partner_indicators.json"));
        indicators["GM0141"] = {{"twente", {{"T100", {{"buildings_facade_over_10cm", 7}}}}}};
        write_text(results_ / "tables/partner_indicators.json", indicators.dump());
        ServerConfig config = test_config();
        for (const char* user : {"almelo", "regio"})
            config.password_hash_of_user.emplace(user, hash_password(kPassword, 1000));
        config.scope_of_user.emplace("almelo", PartnerScope{.partner_ids = {"GM0141"}, .where = "test"});
        config.scope_of_user.emplace("regio", PartnerScope{.whole_region = true, .partner_ids = {}, .where = "test"});
        start_on(config);
    }

    static std::string read_file(const fs::path& file) {
        std::ifstream in(file);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

    std::vector<std::string> overview_ids(const httplib::Headers& cookie) {
        std::vector<std::string> ids;
        const json overview = get_json("/api/partner/overview", 200, cookie);
        for (const json& p : overview["partners"]) ids.push_back(p["id"]);
        return ids;
    }

    int status_of(const std::string& path, const httplib::Headers& cookie) {
        auto res = client_->Get(path.c_str(), cookie);
        return res ? res->status : -1;
    }
};

TEST_F(PartnerScopes, APartnerLoginSeesOnlyItsOwnPartnerAndReports) {
    const httplib::Headers enschede = login("enschede");
    EXPECT_EQ(overview_ids(enschede), std::vector<std::string>{"GM0153"});
    EXPECT_EQ(status_of("/partner/reports/reports/GM0153.html", enschede), 200);
    auto other = client_->Get("/partner/reports/reports/GM0141.html", enschede);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 403);
    EXPECT_EQ(other->body.find("<h1>Almelo</h1>"), std::string::npos);

    const httplib::Headers almelo = login("almelo");
    const json overview = get_json("/api/partner/overview", 200, almelo);
    ASSERT_EQ(overview["partners"].size(), 1u);
    EXPECT_EQ(overview["scope"], "partners");
    EXPECT_EQ(overview["partners"][0]["indicators"]["twente"]["T100"]["buildings_facade_over_10cm"], 7);
    EXPECT_EQ(status_of("/partner/reports/reports/GM0141.html", almelo), 200);
    EXPECT_EQ(status_of("/partner/reports/reports/GM0153.html", almelo), 403);
}

TEST_F(PartnerScopes, PartnerOnlyLayersOnlyWhereTheyReachThePartner) {
    // The draft layer covers Enschede's box, not Almelo's: its tile, its entry in the layer list and its value
    // at a point are Enschede's and the region's, not Almelo's.
    const std::string draft_tile = "/tiles/enschede/T250_draft/max_depth/10/630/502.png";
    const std::string point = fmt::format("/api/point?x={}&y={}", kWetX, kWetY);
    const auto has_draft = [&](const json& list, const char* key) {
        for (const json& v : list)
            if (v[key] == "enschede/T250_draft/max_depth") return true;
        return false;
    };
    for (const char* user : {"enschede", "regio"}) {
        const httplib::Headers cookie = login(user);
        EXPECT_EQ(status_of(draft_tile, cookie), 200) << user;
        EXPECT_TRUE(has_draft(get_json("/api/layers", 200, cookie)["layers"], "id")) << user;
        EXPECT_TRUE(has_draft(get_json(point, 200, cookie)["values"], "layer")) << user;
    }
    const httplib::Headers almelo = login("almelo");
    EXPECT_EQ(status_of(draft_tile, almelo), 403);
    EXPECT_FALSE(has_draft(get_json("/api/layers", 200, almelo)["layers"], "id"));
    EXPECT_FALSE(has_draft(get_json(point, 200, almelo)["values"], "layer"));
    // Public layers stay public for everyone.
    EXPECT_TRUE(get_json(point, 200, almelo)["values"].size() > 0);
}

TEST_F(PartnerScopes, ARegionLoginSeesEveryPartner) {
    const httplib::Headers regio = login("regio");
    const json overview = get_json("/api/partner/overview", 200, regio);
    EXPECT_EQ(overview["scope"], "region");
    EXPECT_EQ(overview_ids(regio), (std::vector<std::string>{"GM0153", "GM0141"}));
    EXPECT_EQ(status_of("/partner/reports/reports/GM0153.html", regio), 200);
    EXPECT_EQ(status_of("/partner/reports/reports/GM0141.html", regio), 200);
    // Anonymous visitors still see both partners' public indicators, without drafts or reports.
    EXPECT_EQ(get_json("/api/indicators")["partners"].size(), 2u);
}

TEST_F(PartnerScopes, AScopeNamingAPartnerTheResultsLackStopsTheServer) {
    ServerConfig config = test_config();
    config.password_hash_of_user.emplace("x", hash_password(kPassword, 1000));
    config.scope_of_user.emplace("x", PartnerScope{.partner_ids = {"GM9999"}, .where = "serve.toml:7:12"});
    try {
        ViewerServer server(*catalogue_, config, StaticFiles{});
        FAIL() << "a scope naming GM9999 was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("serve.toml:7:12: partner_user \"x\": no partner \"GM9999\""),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(ViewerApi, WrongOrMalformedLoginsAreRefused) {
    start();
    auto wrong =
        client_->Post("/api/login", json{{"user", "enschede"}, {"password", "raden"}}.dump(), "application/json");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_TRUE(wrong->get_header_value("Set-Cookie").empty());
    auto garbage = client_->Post("/api/login", "user=enschede", "application/x-www-form-urlencoded");
    ASSERT_TRUE(garbage);
    EXPECT_EQ(garbage->status, 400);
    // A forged cookie is no session.
    get_json("/api/partner/overview", 401, {{"Cookie", "wn_session=" + std::string(64, 'a')}});
}

TEST_F(ViewerApi, OnlyListedReportsAndNoPathTraversal) {
    start();
    const httplib::Headers cookie = login();
    auto other = client_->Get("/partner/reports/stresstest.json", cookie);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 404);
    for (const char* path : {"/../stresstest.json", "/%2e%2e/stresstest.json", "/partner/reports/../../stresstest.json",
                             "/assets/%2e%2e/%2e%2e/etc/passwd", "/a//b", "/x%5c..%5cy"}) {
        auto r = client_->Get(path, cookie);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 400) << path;
        EXPECT_EQ(r->body.find("Enschede"), std::string::npos);
    }
}

TEST_F(ViewerApi, TheFrontEndIsServedWithAppRoutesAndRevalidation) {
    start();
    auto index = client_->Get("/");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->status, 200);
    EXPECT_EQ(index->body, "<!doctype html><title>Waternet</title>");
    EXPECT_NE(index->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
    auto again = client_->Get("/", {{"If-None-Match", index->get_header_value("ETag")}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    auto route = client_->Get("/partner");
    ASSERT_TRUE(route);
    EXPECT_EQ(route->body, index->body);
    get_json("/nothing.js", 404);
    get_json("/api/nothing", 404);
}

TEST_F(ViewerApi, WritesAreRefusedAndBodiesLimited) {
    ServerConfig config = test_config();
    config.max_body_bytes = 1024;
    start(config);
    auto put = client_->Put("/api/layers", "{}", "application/json");
    ASSERT_TRUE(put);
    EXPECT_EQ(put->status, 405);
    EXPECT_EQ(put->get_header_value("Allow"), "GET, HEAD");
    auto del = client_->Delete("/");
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 405);
    auto big = client_->Post("/api/login", std::string(4096, ' '), "application/json");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 413);
    EXPECT_NE(big->body.find("too large"), std::string::npos);
}

TEST_F(ViewerApi, ClientsOverTheRateLimitGet429WithRetryAfter) {
    ServerConfig config = test_config();
    config.requests_per_s = 0.5;
    config.burst = 3;
    start(config);
    for (int i = 0; i < 3; ++i) {
        auto r = client_->Get("/api/health");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
    }
    auto r = client_->Get("/api/health");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 429);
    EXPECT_EQ(r->get_header_value("Retry-After"), "2");
}

TEST_F(ViewerApi, RepeatedTilesComeFromTheCache) {
    start();
    const std::string path = "/tiles/enschede/T100/max_depth/12/2521/2011.png";
    auto first = client_->Get(path.c_str());
    auto second = client_->Get(path.c_str());
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->body, second->body);
    const json stats = get_json("/api/stats");
    EXPECT_EQ(stats["tile_cache"]["hits"], 1);
    EXPECT_EQ(stats["tile_cache"]["misses"], 1);
}

// ---- base maps and overlays -------------------------------------------------------------------------------

TEST_F(ViewerApi, ConfigListsPdoksBaseMapsByDefaultAndTheCspAllowsOnlyTheirOrigin) {
    start();
    const json c = get_json("/api/config");
    ASSERT_EQ(c["base_layers"].size(), 4u);
    EXPECT_EQ(c["base_layers"][0]["id"], "brt_grijs");
    EXPECT_EQ(c["base_layers"][0]["url"],
              "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:28992/{z}/{x}/{y}.png");
    EXPECT_EQ(c["base_layers"][0]["max_zoom"], 14);
    EXPECT_EQ(c["base_layers"][0]["title"]["en"], "Base map grey (PDOK)");
    EXPECT_NE(c["base_layers"][3]["attribution"].get<std::string>().find("CC BY 4.0"), std::string::npos);
    EXPECT_EQ(c["overlays"], json({{"borders", false}, {"roads", false}, {"places", true}}));
    auto index = client_->Get("/");
    ASSERT_TRUE(index);
    // Four layers on one origin: named once.
    EXPECT_NE(
        index->get_header_value("Content-Security-Policy").find("img-src 'self' data: blob: https://service.pdok.nl;"),
        std::string::npos)
        << index->get_header_value("Content-Security-Policy");
}

TEST_F(ViewerApi, AConfiguredBaseMapReplacesPdokInTheConfigAndTheCsp) {
    ServerConfig config = test_config();
    config.base_layers = {{"local", "Lokaal", "Local", "http://127.0.0.1:9/wmts/{z}/{x}/{y}.png", "test", 12}};
    start(config);
    const json c = get_json("/api/config");
    ASSERT_EQ(c["base_layers"].size(), 1u);
    EXPECT_EQ(c["base_layers"][0]["max_zoom"], 12);
    auto index = client_->Get("/");
    ASSERT_TRUE(index);
    const std::string csp = index->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("img-src 'self' data: blob: http://127.0.0.1:9;"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("pdok"), std::string::npos) << csp;
}

TEST_F(ViewerApi, OverlaysAreGeoJsonInRdFromTheManifestsFiles) {
    results_ = write_results_fixture(tmp_.path() / "out");
    add_overlay_fixture(results_);
    write_text(tmp_.path() / "web/index.html", "<!doctype html>");
    start_on(test_config());
    EXPECT_EQ(get_json("/api/config")["overlays"], json({{"borders", true}, {"roads", true}, {"places", true}}));

    auto r = client_->Get("/api/overlays/borders");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/geo+json");
    const json borders = json::parse(r->body);
    EXPECT_EQ(borders["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::28992");
    ASSERT_EQ(borders["features"].size(), 2u);  // the point feature is no border
    const json& enschede = borders["features"][0];
    EXPECT_EQ(enschede["properties"], json({{"name", "Enschede"}, {"kind", "municipality"}}));
    EXPECT_EQ(enschede["geometry"]["type"], "MultiLineString");
    ASSERT_EQ(enschede["geometry"]["coordinates"].size(), 2u);  // the outer ring and the hole
    EXPECT_EQ(enschede["geometry"]["coordinates"][1][1], json::array({257100.0, 471050.0}));
    EXPECT_EQ(borders["features"][1]["properties"], json({{"name", "Het Zwering"}, {"kind", "neighbourhood"}}));

    const json roads = json::parse(client_->Get("/api/overlays/roads")->body);
    ASSERT_EQ(roads["features"].size(), 1u);  // the footway is left out
    EXPECT_EQ(roads["features"][0]["properties"], json({{"name", "Rijksweg"}, {"class", "primary"}}));
    const json& origin = roads["features"][0]["geometry"]["coordinates"][0][0];
    EXPECT_NEAR(origin[0].get<double>(), 155000.0, 0.1);
    EXPECT_NEAR(origin[1].get<double>(), 463000.0, 0.1);

    // Place names: the municipality and the neighbourhood of places.geojson, not the streets.
    const json places = json::parse(client_->Get("/api/overlays/places")->body);
    ASSERT_EQ(places["features"].size(), 2u);
    EXPECT_EQ(places["features"][0]["properties"], json({{"name", "Het Zwering"}, {"kind", "neighbourhood"}}));
    EXPECT_EQ(places["features"][0]["geometry"]["coordinates"], json::array({257150.0, 471050.0}));
}

TEST_F(ViewerApi, OverlaysTheResultsLackAre404) {
    start();
    EXPECT_NE(get_json("/api/overlays/borders", 404)["error"].get<std::string>().find("no borders"), std::string::npos);
    get_json("/api/overlays/roads", 404);
    get_json("/api/overlays/rivers", 404);
    auto places = client_->Get("/api/overlays/places");
    ASSERT_TRUE(places);
    EXPECT_EQ(places->status, 200);
}

}  // namespace
}  // namespace wn::server
