// The server's parts without HTTP: RD tiling, tile cache, password hashes, sessions, rate limit, static files,
// configuration.
#include <gtest/gtest.h>

#include <thread>

#include "server_test_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/server/auth.hpp"
#include "waternet/server/rate_limiter.hpp"
#include "waternet/server/rd_tiling.hpp"
#include "waternet/server/server_config.hpp"
#include "waternet/server/static_files.hpp"
#include "waternet/server/tile_cache.hpp"
#include "waternet/server/url.hpp"

namespace wn::server {
namespace {

using testing::TempDir;
using testing::write_text;

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "no InputError";
}

// ---- RD tiling (PDOK's EPSG:28992 matrix) ----------------------------------------------------------

TEST(RdTiling, ResolutionsHalvePerZoomFromPdoksZoomZero) {
    EXPECT_DOUBLE_EQ(resolution_m_per_px(0), 3440.640);
    EXPECT_DOUBLE_EQ(resolution_m_per_px(1), 1720.320);
    EXPECT_DOUBLE_EQ(resolution_m_per_px(12), 0.840);  // PDOK's level 12
}

TEST(RdTiling, TileBoundsStartAtTheOriginAndGrowEastAndSouth) {
    const auto b = tile_bounds({0, 0, 0});
    ASSERT_TRUE(b);
    EXPECT_DOUBLE_EQ(b->min_x, -285401.92);
    EXPECT_DOUBLE_EQ(b->max_y, 903401.92);
    EXPECT_NEAR(b->max_x, -285401.92 + 880803.84, 1e-6);
    EXPECT_NEAR(b->min_y, 903401.92 - 880803.84, 1e-6);
    const auto b2 = tile_bounds({1, 1, 1});
    ASSERT_TRUE(b2);
    EXPECT_NEAR(b2->min_x, -285401.92 + 440401.92, 1e-6);
    EXPECT_NEAR(b2->max_y, 903401.92 - 440401.92, 1e-6);
}

TEST(RdTiling, TileAtEnschedeByHand) {
    // z 10: 3.36 m/px, 860.16 m a tile. (257000, 471000): col = floor(542401.92 / 860.16) = 630,
    // row = floor(432401.92 / 860.16) = 502.
    const auto t = tile_at(257000, 471000, 10);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, (TileId{10, 630, 502}));
    const auto b = tile_bounds(*t);
    EXPECT_LE(b->min_x, 257000);
    EXPECT_GT(b->max_x, 257000);
    EXPECT_LT(b->min_y, 471000);
    EXPECT_GE(b->max_y, 471000);
}

TEST(RdTiling, OutsideTheMatrixIsNoTile) {
    EXPECT_FALSE(tile_bounds({-1, 0, 0}));
    EXPECT_FALSE(tile_bounds({kMaxZoom + 1, 0, 0}));
    EXPECT_FALSE(tile_bounds({2, 4, 0}));
    EXPECT_FALSE(tile_bounds({2, 0, -1}));
    EXPECT_FALSE(tile_at(-300000, 471000, 5));
    EXPECT_FALSE(tile_at(257000, 2e6, 5));
}

// ---- tile cache ----------------------------------------------------------------------------------

TileBytes bytes(std::size_t n, char c = 'x') { return std::make_shared<const std::string>(n, c); }

TEST(TileCache, HitsReturnTheStoredBytesAndMissesNothing) {
    TileCache cache(1000, 1);
    EXPECT_EQ(cache.get("a"), nullptr);
    cache.put("a", bytes(10, 'a'));
    ASSERT_NE(cache.get("a"), nullptr);
    EXPECT_EQ(*cache.get("a"), std::string(10, 'a'));
    EXPECT_EQ(cache.hits(), 2u);
    EXPECT_EQ(cache.misses(), 1u);
}

TEST(TileCache, EvictsTheLeastRecentlyUsedWhenFull) {
    TileCache cache(300, 1);
    cache.put("a", bytes(100));
    cache.put("b", bytes(100));
    cache.put("c", bytes(100));
    EXPECT_NE(cache.get("a"), nullptr);  // a is now the most recent; b the least
    cache.put("d", bytes(100));
    EXPECT_EQ(cache.get("b"), nullptr);
    EXPECT_NE(cache.get("a"), nullptr);
    EXPECT_NE(cache.get("c"), nullptr);
    EXPECT_NE(cache.get("d"), nullptr);
    EXPECT_EQ(cache.size_bytes(), 300u);
    EXPECT_EQ(cache.count(), 3u);
}

TEST(TileCache, ReplacingAKeyKeepsTheByteCountRightAndOversizeTilesAreNotKept) {
    TileCache cache(100, 1);
    cache.put("a", bytes(60));
    cache.put("a", bytes(30));
    EXPECT_EQ(cache.size_bytes(), 30u);
    EXPECT_EQ(cache.count(), 1u);
    cache.put("big", bytes(101));
    EXPECT_EQ(cache.get("big"), nullptr);
    EXPECT_EQ(cache.size_bytes(), 30u);
}

TEST(TileCache, ConcurrentUseKeepsTheBudget) {
    TileCache cache(16 * 1000, 16);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&cache, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::string key = std::to_string((i * 7 + t) % 500);
                if (!cache.get(key)) cache.put(key, bytes(50));
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_LE(cache.size_bytes(), 16u * 1000u);
    EXPECT_EQ(cache.size_bytes(), cache.count() * 50u);
}

// ---- passwords and sessions ------------------------------------------------------------------------

TEST(Auth, VerifiesTheRfc7914Pbkdf2Sha256TestVector) {
    // RFC 7914 §11: P = "passwordPASSWORDpassword", S = "saltSALTsaltSALTsaltSALTsaltSALTsalt", c = 4096; the
    // first 32 bytes of the derived key are 348c89db…dd53e1.
    const std::string hash =
        "pbkdf2-sha256$4096$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$"
        "NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E=";
    EXPECT_TRUE(verify_password("passwordPASSWORDpassword", hash));
    EXPECT_FALSE(verify_password("passwordPASSWORDpassworD", hash));
    EXPECT_FALSE(verify_password("", hash));
}

TEST(Auth, NewHashesAreSaltedAndVerify) {
    const std::string a = hash_password("geheim", 1000), b = hash_password("geheim", 1000);
    EXPECT_NE(a, b);  // fresh salt each time
    EXPECT_TRUE(a.starts_with("pbkdf2-sha256$1000$"));
    EXPECT_TRUE(verify_password("geheim", a));
    EXPECT_TRUE(verify_password("geheim", b));
    EXPECT_FALSE(verify_password("Geheim", a));
}

TEST(Auth, MalformedHashesAndWeakSettingsAreInputErrors) {
    EXPECT_NE(error_of([] { check_password_hash("sha1$1000$abc$def", "piet"); }).find("unknown scheme"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  check_password_hash("pbkdf2-sha256$10$MDEyMzQ1Njc4OWFiY2RlZg==$x", "piet");
              }).find("fewer than 1000 iterations"),
              std::string::npos);
    EXPECT_NE(error_of([] { check_password_hash("pbkdf2-sha256$1000$!!$x", "piet"); }).find("salt"), std::string::npos);
    EXPECT_NE(error_of([] { check_password_hash("plain-text-password", "piet"); }).find("piet"), std::string::npos);
    EXPECT_THROW(hash_password("", 1000), InputError);
    EXPECT_THROW(hash_password("x", 10), InputError);
}

TEST(Auth, CredentialsAcceptOnlyTheRightUserAndPassword) {
    const Credentials creds({{"enschede", hash_password("regenton", 1000)}});
    EXPECT_EQ(creds.authenticate("enschede", "regenton"), "enschede");
    EXPECT_EQ(creds.authenticate("enschede", "Regenton"), std::nullopt);
    EXPECT_EQ(creds.authenticate("hengelo", "regenton"), std::nullopt);
    EXPECT_FALSE(creds.empty());
}

TEST(Auth, SessionsExpireAndCanBeRemoved) {
    Sessions sessions(std::chrono::hours(1));
    const auto t0 = Sessions::Clock::now();
    const std::string token = sessions.create("enschede", t0);
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(sessions.user_of(token, t0 + std::chrono::minutes(59)), "enschede");
    EXPECT_EQ(sessions.user_of(token, t0 + std::chrono::minutes(61)), std::nullopt);
    const std::string other = sessions.create("hengelo", t0);
    EXPECT_NE(other, token);
    sessions.remove(other);
    EXPECT_EQ(sessions.user_of(other, t0), std::nullopt);
    EXPECT_EQ(sessions.user_of("not-a-token", t0), std::nullopt);
}

// ---- rate limit --------------------------------------------------------------------------------------

TEST(RateLimiter, AllowsTheBurstThenRefillsAtTheRate) {
    RateLimiter limiter(2.0, 3.0);  // 2 per second, 3 at once
    const auto t0 = RateLimiter::Clock::now();
    EXPECT_TRUE(limiter.allow("a", t0));
    EXPECT_TRUE(limiter.allow("a", t0));
    EXPECT_TRUE(limiter.allow("a", t0));
    EXPECT_FALSE(limiter.allow("a", t0));
    EXPECT_TRUE(limiter.allow("b", t0));                                    // another client has its own bucket
    EXPECT_FALSE(limiter.allow("a", t0 + std::chrono::milliseconds(400)));  // 0.8 token
    EXPECT_TRUE(limiter.allow("a", t0 + std::chrono::milliseconds(500)));   // 1.0 token
    EXPECT_FALSE(limiter.allow("a", t0 + std::chrono::milliseconds(500)));
    EXPECT_TRUE(limiter.allow("a", t0 + std::chrono::seconds(100)));
}

TEST(RateLimiter, ZeroRateMeansNoLimit) {
    RateLimiter limiter(0, 1);
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.allow("a"));
    EXPECT_THROW(RateLimiter(5, 0), InputError);
}

// ---- static files ------------------------------------------------------------------------------------

TEST(StaticFiles, UnsafePathsAreRefused) {
    EXPECT_TRUE(is_safe_url_path("/"));
    EXPECT_TRUE(is_safe_url_path("/assets/index-abc.js"));
    EXPECT_TRUE(is_safe_url_path("/tiles/enschede/T100/max_depth/10/630/502.png"));
    EXPECT_FALSE(is_safe_url_path(""));
    EXPECT_FALSE(is_safe_url_path("assets/x.js"));
    EXPECT_FALSE(is_safe_url_path("/../etc/passwd"));
    EXPECT_FALSE(is_safe_url_path("/assets/../../etc/passwd"));
    EXPECT_FALSE(is_safe_url_path("/assets/./x.js"));
    EXPECT_FALSE(is_safe_url_path("/assets/.."));
    EXPECT_FALSE(is_safe_url_path("/a//b"));
    EXPECT_FALSE(is_safe_url_path("/a\\..\\b"));
    EXPECT_FALSE(is_safe_url_path(std::string_view("/a\0b", 4)));
}

TEST(StaticFiles, ServesOnlyFilesFoundAtStartAndIndexForAppRoutes) {
    TempDir dir;
    write_text(dir.path() / "dist/index.html", "<!doctype html><title>x</title>");
    write_text(dir.path() / "dist/assets/app-1234.js", "console.log(1)");
    write_text(dir.path() / "secret.txt", "outside");
    const StaticFiles files = StaticFiles::load(dir.path() / "dist");
    EXPECT_EQ(files.size(), 2u);
    ASSERT_NE(files.find("/"), nullptr);
    EXPECT_EQ(files.find("/")->bytes, "<!doctype html><title>x</title>");
    EXPECT_EQ(files.find("/partner")->bytes, files.find("/")->bytes);  // app route without extension
    const StaticFile* js = files.find("/assets/app-1234.js");
    ASSERT_NE(js, nullptr);
    EXPECT_EQ(js->mime_type, "text/javascript; charset=utf-8");
    EXPECT_TRUE(js->immutable);
    EXPECT_FALSE(files.find("/")->immutable);
    EXPECT_EQ(files.find("/../secret.txt"), nullptr);
    EXPECT_EQ(files.find("/missing.js"), nullptr);
}

TEST(StaticFiles, AFolderWithoutIndexSaysHowToBuildTheFrontEnd) {
    TempDir dir;
    EXPECT_NE(error_of([&] { StaticFiles::load(dir.path()); }).find("npm run build"), std::string::npos);
}

// ---- URLs ---------------------------------------------------------------------------------------------------

TEST(Url, Utf8IsCheckedAgainstRfc3629) {
    EXPECT_TRUE(is_valid_utf8("Stadsbeekstraat"));
    EXPECT_TRUE(is_valid_utf8("\xC4\x86r\xC3\xA8me"));  // Ćrème
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x8C\xA7"));     // U+1F327, four bytes
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));     // U+10FFFF, the last code point
    EXPECT_FALSE(is_valid_utf8("\xC3\x28"));            // second byte not a continuation
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));            // overlong '/' (a classic traversal trick)
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));        // overlong '/' in three bytes
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));        // surrogate U+D800
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));    // beyond U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));            // truncated
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Url, PercentDecodingRefusesBrokenEscapes) {
    EXPECT_EQ(percent_decode("%2e%2E", false), "..");
    EXPECT_EQ(percent_decode("a+b%20c", true), "a b c");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
    EXPECT_EQ(percent_decode("%252e", false), "%2e");  // one level only
    EXPECT_FALSE(percent_decode("%", false));
    EXPECT_FALSE(percent_decode("%4", false));
    EXPECT_FALSE(percent_decode("%zz", false));
}

TEST(Url, RequestTargetsAreSplitDecodedAndChecked) {
    const auto t = parse_request_target("/tiles/a%2Fb/1.png?frame=1&q=Cr%C3%A8me+br&flag");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/tiles/a/b/1.png");
    ASSERT_EQ(t->params.size(), 3u);
    EXPECT_EQ(t->params[0], std::make_pair(std::string("frame"), std::string("1")));
    EXPECT_EQ(t->params[1].second, "Cr\xC3\xA8me br");
    EXPECT_EQ(t->params[2], std::make_pair(std::string("flag"), std::string()));
    EXPECT_FALSE(parse_request_target("tiles/1.png"));
    EXPECT_FALSE(parse_request_target("http://host/x"));
    EXPECT_FALSE(parse_request_target("/a%00b"));
    EXPECT_FALSE(parse_request_target("/a%0d%0aSet-Cookie:%20x"));
    EXPECT_FALSE(parse_request_target("/?q=%C0%AF"));
    EXPECT_FALSE(parse_request_target("/?q=a%01"));
    EXPECT_FALSE(parse_request_target("/a#fragment"));
    EXPECT_FALSE(parse_request_target("/%zz"));
}

// ---- configuration -----------------------------------------------------------------------------------

TEST(ServerConfig, ReadsEveryKeyAndKeepsDefaultsForTheRest) {
    const std::string hash = "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$11xbkACVYILYvJxn1Cg4qC5GQCsmWpw8EaFE2NVzWRQ=";
    const ServerConfig c = parse_server_config(R"(
[server]
port = 9090
requests_per_s = 20.5
tile_cache_mb = 64
connections_per_client = 8
request_head_timeout_s = 2.5
[[map.base_layer]]
id = "brt_pastel"
title_nl = "Achtergrondkaart pastel"
title_en = "Base map pastel"
url = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/pastel/EPSG:28992/{z}/{x}/{y}.png"
attribution = "Kaartgegevens © Kadaster"
max_zoom = 12
[[partner_user]]
name = "enschede"
partners = ["GM0153", "WS0059"]
password_hash = ")" + hash + "\"\n",
                                               "test.toml");
    EXPECT_EQ(c.port, 9090);
    EXPECT_DOUBLE_EQ(c.requests_per_s, 20.5);
    EXPECT_EQ(c.tile_cache_bytes, 64u << 20);
    EXPECT_EQ(c.host, "127.0.0.1");
    EXPECT_EQ(c.threads, ServerConfig{}.threads);
    EXPECT_EQ(c.connections_per_client, 8u);
    EXPECT_DOUBLE_EQ(c.request_head_timeout_s, 2.5);
    EXPECT_EQ(c.max_connections, ServerConfig{}.max_connections);
    ASSERT_EQ(c.password_hash_of_user.count("enschede"), 1u);
    EXPECT_TRUE(verify_password("geheim", c.password_hash_of_user.at("enschede")));
    // A base layer of its own replaces PDOK's four.
    ASSERT_EQ(c.base_layers.size(), 1u);
    EXPECT_EQ(c.base_layers[0].id, "brt_pastel");
    EXPECT_EQ(c.base_layers[0].title_en, "Base map pastel");
    EXPECT_EQ(c.base_layers[0].max_zoom, 12);
}

TEST(ServerConfig, PdoksBaseMapsByDefaultAndNoneWhenTheListIsEmpty) {
    const ServerConfig defaults = parse_server_config("", "c.toml");
    ASSERT_EQ(defaults.base_layers.size(), 4u);
    std::vector<std::string> ids;
    for (const BaseLayer& b : defaults.base_layers) {
        ids.push_back(b.id);
        EXPECT_TRUE(b.url.starts_with("https://service.pdok.nl/")) << b.url;
        EXPECT_NE(b.url.find("/EPSG:28992/{z}/{x}/{y}."), std::string::npos) << b.url;  // PDOK's RD tile matrix
        EXPECT_NE(b.attribution.find("PDOK (CC BY 4.0)"), std::string::npos) << b.attribution;
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"brt_grijs", "brt_standaard", "brt_water", "luchtfoto"}));
    EXPECT_TRUE(parse_server_config("[map]\nbase_layer = []\n", "c.toml").base_layers.empty());
}

TEST(ServerConfig, BadBaseLayersAreRefusedWithTheirPlace) {
    auto layer = [](const std::string& id, const std::string& url, const std::string& extra = "") {
        return "[[map.base_layer]]\nid = \"" + id + "\"\ntitle_nl = \"a\"\ntitle_en = \"a\"\nurl = \"" + url +
               "\"\nattribution = \"x\"\n" + extra;
    };
    const std::string ok = "https://tiles.example.nl/rd/{z}/{x}/{y}.png";
    EXPECT_NO_THROW(parse_server_config(layer("a", ok), "c.toml"));
    EXPECT_NO_THROW(parse_server_config(layer("a", "http://127.0.0.1:8081/{z}/{x}/{y}.png"), "c.toml"));
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", "https://tiles.example.nl/rd/{z}/{x}.png"), "c.toml");
              }).find("c.toml: map.base_layer[0].url \"https://tiles.example.nl/rd/{z}/{x}.png\" lacks {y}"),
              std::string::npos);
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", "ftp://tiles.example.nl/{z}/{x}/{y}.png"), "c.toml");
              }).find("does not start with https:// or http://"),
              std::string::npos);
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", "javascript:alert(1)//{z}/{x}/{y}"), "c.toml");
              }).find("does not start with https://"),
              std::string::npos);
    // Characters that would end the Content-Security-Policy's img-src (or add to it) are refused.
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", "https://a.nl;script-src */{z}/{x}/{y}.png"), "c.toml");
              }).find("no plain host name"),
              std::string::npos);
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", "https://a.nl/x;y/{z}/{x}/{y}.png"), "c.toml");
              }).find("holds the character ';'"),
              std::string::npos);
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", "https://a.nl/x y/{z}/{x}/{y}.png"), "c.toml");
              }).find("holds the byte 0x20"),
              std::string::npos);
    EXPECT_NE(error_of([&] { parse_server_config(layer("a", "https://a.nl"), "c.toml"); }).find("no plain host name"),
              std::string::npos);
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", ok) + layer("a", ok), "c.toml");
              }).find("base layer id \"a\" is listed twice"),
              std::string::npos);
    EXPECT_NE(error_of([&] { parse_server_config(layer("A b", ok), "c.toml"); }).find("may hold only a-z"),
              std::string::npos);
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", ok, "max_zoom = 20\n"), "c.toml");
              }).find("map.base_layer[0].max_zoom = 20 is outside 0 … 16"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config("[[map.base_layer]]\nid = \"a\"\nurl = \"https://a.nl/{z}/{x}/{y}.png\"\n",
                                      "c.toml");
              }).find("map.base_layer[0] needs title_nl"),
              std::string::npos);
    EXPECT_NE(error_of([&] {
                  parse_server_config(layer("a", ok, "style = \"grijs\"\n"), "c.toml");
              }).find("unknown key \"style\" in [[map.base_layer]]"),
              std::string::npos);
    // The single base map of earlier versions says what replaced it.
    EXPECT_NE(error_of([&] {
                  parse_server_config("[map]\nbase_map_url = \"" + ok + "\"\n", "c.toml");
              }).find("replaced by [[map.base_layer]]"),
              std::string::npos);
}

// ---- partner scopes ----------------------------------------------------------------------------------------

const std::string kHash = "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$11xbkACVYILYvJxn1Cg4qC5GQCsmWpw8EaFE2NVzWRQ=";

std::string user_toml(const std::string& name, const std::string& scope_line) {
    return "[[partner_user]]\nname = \"" + name + "\"\npassword_hash = \"" + kHash + "\"\n" + scope_line + "\n";
}

TEST(ServerConfig, PartnerLoginsAreScopedToTheirPartnersOrTheRegion) {
    const ServerConfig c = parse_server_config(
        user_toml("enschede", "partners = [\"GM0153\", \"WS0059\"]") + user_toml("regio", "scope = \"region\""),
        "c.toml");
    const PartnerScope& enschede = c.scope_of_user.at("enschede");
    EXPECT_FALSE(enschede.whole_region);
    EXPECT_TRUE(enschede.covers("GM0153"));
    EXPECT_TRUE(enschede.covers("WS0059"));
    EXPECT_FALSE(enschede.covers("GM0141"));
    EXPECT_FALSE(enschede.covers("GM015"));    // an id, not a prefix
    EXPECT_EQ(enschede.where, "c.toml:4:12");  // line 4, after `partners = `
    const PartnerScope& regio = c.scope_of_user.at("regio");
    EXPECT_TRUE(regio.whole_region);
    EXPECT_TRUE(regio.covers("GM0141"));
    // Every partner id known to the results: no error; an unknown one names file:line:col, the user and the id.
    EXPECT_NO_THROW(check_partner_scopes(c, {"GM0141", "GM0153", "WS0059"}));
    const std::string unknown = error_of([&] { check_partner_scopes(c, {"GM0141", "GM0153"}); });
    EXPECT_NE(unknown.find("c.toml:4:12: partner_user \"enschede\": no partner \"WS0059\""), std::string::npos)
        << unknown;
}

TEST(ServerConfig, AScopeIsRequiredAndMustBeWellFormed) {
    // Neither partners nor scope: refused rather than seeing every partner's data by default.
    EXPECT_NE(error_of([] {
                  parse_server_config(user_toml("a", ""), "c.toml");
              }).find("c.toml:1:1: partner_user \"a\" needs exactly one"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config(user_toml("a", "partners = [\"GM0153\"]\nscope = \"region\""), "c.toml");
              }).find("needs exactly one"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_server_config(user_toml("a", "scope = \"regio\""), "c.toml"); }).find("c.toml:4:9"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config(user_toml("a", "partners = \"GM0153\""), "c.toml");
              }).find("partners must be a list"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config(user_toml("a", "partners = []"), "c.toml");
              }).find("partners must be a list"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config(user_toml("a", "partners = [\"GM0153\", 153]"), "c.toml");
              }).find("c.toml:4:23: partner_user \"a\": every partner id must be text"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config(user_toml("a", "partner = [\"GM0153\"]"), "c.toml");
              }).find("unknown key \"partner\""),
              std::string::npos);
}

TEST(ServerConfig, MistakesAreInputErrorsThatNameThem) {
    EXPECT_NE(error_of([] { parse_server_config("[server]\nprot = 80\n", "c.toml"); }).find("unknown key \"prot\""),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config("[server]\nport = \"80\"\n", "c.toml");
              }).find("server.port must be a number"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_server_config("[server]\nport = 70000\n", "c.toml"); }).find("outside"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_server_config("[server\n", "c.toml"); }).find("c.toml:1"), std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config("[server]\nconnections_per_client = 0\n", "c.toml");
              }).find("server.connections_per_client = 0 is outside"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_server_config("[[partner_user]]\nname = \"a\"\npassword_hash = \"geheim\"\n", "c.toml");
              }).find("password hash of user \"a\""),
              std::string::npos);
}

}  // namespace
}  // namespace wn::server
