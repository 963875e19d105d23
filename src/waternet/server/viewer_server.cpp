#include "waternet/server/viewer_server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/render/legend.hpp"
#include "waternet/server/auth.hpp"
#include "waternet/server/http_server.hpp"
#include "waternet/server/point_query.hpp"
#include "waternet/server/rate_limiter.hpp"
#include "waternet/server/rd_tiling.hpp"
#include "waternet/server/tiles.hpp"

namespace wn::server {

using nlohmann::json;

namespace {

constexpr const char* kSessionCookie = "wn_session";
constexpr const char* kJson = "application/json";
constexpr std::size_t kMaxQueryText = 100;

// A 4xx/5xx answer the front end can show as it is.
struct HttpError {
    int status;
    std::string message;
};

void send_json(HttpResponse& res, const json& body, int status = 200) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    // Text from a request (a layer id, a parameter) is valid UTF-8 by the time it gets here (url.hpp), but a
    // message cut to length may end inside a character: replace such bytes rather than fail on them.
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

void send_error(HttpResponse& res, int status, const std::string& message) {
    send_json(res, json{{"error", message}, {"status", status}}, status);
}

std::optional<int> parse_int(std::string_view s, int max_digits = 9) {
    if (s.empty() || static_cast<int>(s.size()) > max_digits) return std::nullopt;
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

double parse_coordinate(const HttpRequest& req, const char* key) {
    if (!req.has_param(key)) throw HttpError{400, fmt::format("parameter {} (RD New, metres) is missing", key)};
    const std::string s = req.get_param_value(key);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || s.size() > 32 || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v))
        throw HttpError{
            400, fmt::format("parameter {} must be a number (RD New, metres), not \"{}\"", key, s.substr(0, 32))};
    return v;
}

std::string hex_colour(render::Rgba c) { return fmt::format("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a); }

json legend_json(const render::Legend& l) {
    json classes = json::array();
    for (const auto& c : l.classes)
        classes.push_back(
            {{"lower", c.lower}, {"upper", c.upper}, {"colour", hex_colour(c.colour)}, {"label", c.label}});
    return {{"id", l.id},
            {"title", l.title},
            {"unit", l.unit},
            {"interpolation", l.interpolation == render::Interpolation::linear ? "linear" : "discrete"},
            {"classes", classes}};
}

std::string cookie_value(const HttpRequest& req, std::string_view name) {
    const std::string header = req.get_header_value("Cookie");
    std::size_t pos = 0;
    while (pos < header.size()) {
        std::size_t end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        std::string_view part(header.data() + pos, end - pos);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        pos = end + 1;
    }
    return {};
}

// scheme://host[:port] of a URL, for the Content-Security-Policy; empty when it has none.
std::string origin_of(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return {};
    const auto host_end = url.find('/', scheme_end + 3);
    return url.substr(0, host_end);
}

// The configuration, once every login's partner scope names partners of these results (InputError otherwise).
ServerConfig with_known_partners(ServerConfig config, const Catalogue& catalogue) {
    std::vector<std::string> partner_ids;
    for (const Partner& p : catalogue.manifest().partners) partner_ids.push_back(p.id);
    check_partner_scopes(config, partner_ids);
    return config;
}

}  // namespace

struct ViewerServer::Impl {
    const Catalogue& catalogue;
    ServerConfig config;
    StaticFiles web;
    TileService tiles;
    RateLimiter limiter;
    RateLimiter login_limiter;
    Credentials credentials;
    Sessions sessions;
    std::set<std::string, std::less<>> partner_only_scenarios;
    std::string content_security_policy;
    HttpServer http;  // last: its threads call into everything above

    Impl(const Catalogue& c, ServerConfig cfg, StaticFiles w)
        : catalogue(c),
          config(with_known_partners(std::move(cfg), c)),
          web(std::move(w)),
          tiles(c, config.tile_cache_bytes),
          limiter(config.requests_per_s, config.burst),
          login_limiter(config.login_attempts_per_min / 60.0, config.login_attempts_per_min),
          credentials(config.password_hash_of_user),
          http(make_http_server()) {
        // A scenario is a draft (partner-only) when every layer of it is partner-only.
        std::set<std::string> public_scenarios, all_scenarios;
        for (const Layer& l : c.manifest().layers) {
            if (l.scenario.empty()) continue;
            all_scenarios.insert(l.scenario);
            if (!l.partner_only) public_scenarios.insert(l.scenario);
        }
        for (const auto& s : all_scenarios)
            if (!public_scenarios.contains(s)) partner_only_scenarios.insert(s);
        // Images from this server and from the configured base maps' origins only (their URLs are checked to
        // hold no character that could end the directive: server_config.cpp).
        std::set<std::string> base_origins;
        for (const BaseLayer& b : config.base_layers) base_origins.insert(origin_of(b.url));
        std::string image_sources = "'self' data: blob:";
        for (const std::string& origin : base_origins) image_sources += " " + origin;
        content_security_policy = "default-src 'self'; img-src " + image_sources +
                                  "; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
    }

    std::optional<std::string> user_of(const HttpRequest& req) {
        const std::string token = cookie_value(req, kSessionCookie);
        if (token.empty()) return std::nullopt;
        return sessions.user_of(token);
    }

    // The logged-in user's partner scope (server_config.hpp); 401 without a login.
    const PartnerScope& require_login(const HttpRequest& req, std::string_view what) {
        const auto user = user_of(req);
        if (!user) throw HttpError{401, fmt::format("{} is for partners only: log in first", what)};
        static const PartnerScope nobody;
        const auto it = config.scope_of_user.find(*user);
        return it == config.scope_of_user.end() ? nobody : it->second;
    }

    // Whether a login with `scope` may see partner-only `layer`: a region login sees all, a partner login the
    // layers whose extent overlaps the bounding box of one of its partners.
    bool may_see(const std::optional<std::string>& user, const Layer& layer) const {
        if (!layer.partner_only) return true;
        if (!user) return false;
        const auto it = config.scope_of_user.find(*user);
        if (it == config.scope_of_user.end()) return false;
        if (it->second.whole_region) return true;
        const GridSpec& s = catalogue.raster(layer).values.spec();
        for (const Partner& p : catalogue.manifest().partners)
            if (it->second.covers(p.id) && s.min_x() < p.bbox[2] && p.bbox[0] < s.max_x() && s.min_y() < p.bbox[3] &&
                p.bbox[1] < s.max_y())
                return true;
        return false;
    }

    const Layer& visible_layer(const HttpRequest& req, std::string_view id) {
        const Layer* layer = catalogue.find_layer(id);
        if (!layer) throw HttpError{404, fmt::format("no layer \"{}\" in these results", id.substr(0, 200))};
        if (layer->partner_only) {
            require_login(req, "layer " + layer->id);
            if (!may_see(user_of(req), *layer))
                throw HttpError{403, fmt::format("layer {} lies outside the area of your partners", layer->id)};
        }
        return *layer;
    }

    // ---- tiles -------------------------------------------------------------------------------------

    void get_tile(const HttpRequest& req, HttpResponse& res, std::string_view rest) {
        // rest = "{layer id}/{z}/{x}/{y}.png"; the layer id may itself contain '/'.
        if (!rest.ends_with(".png")) throw HttpError{404, "tiles are /tiles/{layer}/{z}/{x}/{y}.png"};
        rest.remove_suffix(4);
        std::array<std::string_view, 3> zxy;
        for (int i = 2; i >= 0; --i) {
            const auto slash = rest.rfind('/');
            if (slash == std::string_view::npos) throw HttpError{404, "tiles are /tiles/{layer}/{z}/{x}/{y}.png"};
            zxy[i] = rest.substr(slash + 1);
            rest = rest.substr(0, slash);
        }
        const auto z = parse_int(zxy[0], 2), x = parse_int(zxy[1], 6), y = parse_int(zxy[2], 6);
        if (!z || !x || !y || !tile_bounds({*z, *x, *y}))
            throw HttpError{404, fmt::format("no tile {}/{}/{} in the RD tiling (zoom 0–{})", zxy[0].substr(0, 8),
                                             zxy[1].substr(0, 8), zxy[2].substr(0, 8), kMaxZoom)};
        const TileId tile{*z, *x, *y};
        TileBytes png;
        bool is_private = false;
        if (rest == "base") {
            png = tiles.base_tile(tile);
        } else {
            const Layer& layer = visible_layer(req, rest);
            is_private = layer.partner_only;
            std::optional<std::size_t> frame;
            if (req.has_param("frame")) {
                const auto f = parse_int(req.get_param_value("frame"), 6);
                if (!f || static_cast<std::size_t>(*f) >= layer.frames.size())
                    throw HttpError{404, fmt::format("layer {} has {} animation frames (frame=0 … {})", layer.id,
                                                     layer.frames.size(), static_cast<long>(layer.frames.size()) - 1)};
                frame = static_cast<std::size_t>(*f);
            }
            png = tiles.layer_tile(layer, tile, frame);
        }
        res.set_header("Cache-Control", is_private ? "private, max-age=3600" : "public, max-age=86400");
        res.set_content(png, "image/png");
    }

    // ---- API ---------------------------------------------------------------------------------------

    json layer_json(const Layer& l) {
        const GridSpec& s = catalogue.raster(l).values.spec();
        json frames = json::array();
        for (const Frame& f : l.frames) frames.push_back({{"time_s", f.time_s}});
        return {{"id", l.id},
                {"theme", l.theme},
                {"area", l.area},
                {"scenario", l.scenario.empty() ? json(nullptr) : json(l.scenario)},
                {"title", l.title},
                {"legend", l.legend},
                {"access", l.partner_only ? "partner" : "public"},
                {"bounds", {s.min_x(), s.min_y(), s.max_x(), s.max_y()}},
                {"cell_size_m", s.transform.cell_size_m},
                {"frames", frames},
                {"model", area_json(catalogue.area_of(l))},
                {"storm", storm_json(l)},
                {"threshold_m", l.threshold_m ? json(*l.threshold_m) : json(nullptr)}};
    }

    // The storm of a flood layer, for the viewer to name it as the standard does; null when the manifest has none.
    static json storm_json(const Layer& l) {
        if (!l.storm) return nullptr;
        const StormInfo& s = *l.storm;
        return {{"id", s.id},
                {"rain_mm", s.rain_mm},
                {"duration_h", s.duration_h},
                {"return_period_years", s.return_period_years > 0.0 ? json(s.return_period_years) : json(nullptr)}};
    }

    // The model a layer or a value comes from: never a depth without its model and resolution (docs/viewer.md).
    static json area_json(const AreaInfo& a) {
        json out{{"area", a.id},
                 {"name", a.name},
                 {"detail", a.detail},
                 {"cell_size_m", a.cell_size_m},
                 {"label", {{"nl", a.model_nl}, {"en", a.model_en}}}};
        if (a.regional()) out["limitations"] = {{"nl", a.limitations_nl}, {"en", a.limitations_en}};
        return out;
    }

    void get_api(const HttpRequest& req, HttpResponse& res, std::string_view what) {
        const auto user = user_of(req);
        if (what == "config") {
            json resolutions = json::array();
            for (int z = 0; z <= kMaxZoom; ++z) resolutions.push_back(resolution_m_per_px(z));
            const Manifest& m = catalogue.manifest();
            send_json(res, {{"region", {{"id", m.region_id}, {"name", m.region_name}}},
                            {"software_version", m.software_version},
                            {"tiling",
                             {{"crs", "EPSG:28992"},
                              {"origin", {kRdTileOriginX, kRdTileOriginY}},
                              {"resolutions", resolutions},
                              {"tile_size", kTileSizePx}}},
                            {"base_layers", base_layers_json()},
                            {"overlays",
                             {{"borders", !catalogue.overlays().borders.empty()},
                              {"roads", !catalogue.overlays().roads.empty()},
                              {"places", !catalogue.overlays().places.empty()}}},
                            {"user", user ? json(*user) : json(nullptr)},
                            {"login_available", !credentials.empty()}});
        } else if (what.starts_with("overlays/")) {
            send_overlay(res, what.substr(9));
        } else if (what == "me") {
            send_json(res, {{"user", user ? json(*user) : json(nullptr)}});
        } else if (what == "layers") {
            json layers = json::array(), legends = json::object();
            std::set<std::string> scenarios;
            for (const Layer& l : catalogue.manifest().layers) {
                if (!may_see(user, l)) continue;
                layers.push_back(layer_json(l));
                if (!legends.contains(l.legend)) legends[l.legend] = legend_json(render::legend(l.legend));
                if (!l.scenario.empty()) scenarios.insert(l.scenario);
            }
            send_json(res, {{"layers", layers}, {"legends", legends}, {"scenarios", scenarios}});
        } else if (what == "point") {
            const double x = parse_coordinate(req, "x"), y = parse_coordinate(req, "y");
            json values = json::array();
            for (const PointValue& pv : query_point(catalogue, x, y, user.has_value())) {
                if (!may_see(user, *pv.layer)) continue;
                const render::Legend& legend = render::legend(pv.layer->legend);
                json v{
                    {"layer", pv.layer->id},
                    {"theme", pv.layer->theme},
                    {"area", pv.layer->area},
                    {"scenario", pv.layer->scenario.empty() ? json(nullptr) : json(pv.layer->scenario)},
                    {"legend", legend.id},
                    {"title", pv.layer->title},
                    {"unit", legend.unit},
                    {"value", pv.value ? json(*pv.value) : json(nullptr)},
                    {"class_index", pv.class_index},
                    {"class_label", pv.class_index >= 0 ? json(legend.classes[pv.class_index].label) : json(nullptr)},
                    {"model", area_json(*pv.area)},
                    {"rounded_to", pv.rounded_to > 0.0 ? json(pv.rounded_to) : json(nullptr)},
                    {"storm", storm_json(*pv.layer)},
                    {"threshold_m", pv.layer->threshold_m ? json(*pv.layer->threshold_m) : json(nullptr)}};
                if (pv.layer->legend == "hillshade")
                    v["terrain_m"] = pv.terrain_m ? json(*pv.terrain_m) : json(nullptr);
                values.push_back(std::move(v));
            }
            const Place* place = nearest_place(catalogue.places(), x, y, 500.0);
            send_json(res, {{"x", x},
                            {"y", y},
                            {"place", place ? json{{"name", place->name}, {"kind", place->kind}} : json(nullptr)},
                            {"values", values}});
        } else if (what == "places") {
            const std::string q = req.get_param_value("q");
            if (q.size() > kMaxQueryText)
                throw HttpError{400, fmt::format("search text longer than {} characters", kMaxQueryText)};
            int limit = 10;
            if (req.has_param("limit")) {
                const auto l = parse_int(req.get_param_value("limit"), 3);
                if (!l || *l < 1 || *l > 50) throw HttpError{400, "limit must be a whole number from 1 to 50"};
                limit = *l;
            }
            json places = json::array();
            for (const Place* p : search_places(catalogue.places(), q, static_cast<std::size_t>(limit)))
                places.push_back(
                    {{"name", p->name}, {"kind", p->kind}, {"partner", p->partner}, {"x", p->x}, {"y", p->y}});
            send_json(res, {{"places", places}});
        } else if (what == "indicators") {
            send_json(res, {{"partners", partners_json(nullptr)}});
        } else if (what == "partner/overview") {
            const PartnerScope& scope = require_login(req, "the partner overview");
            send_json(res, {{"user", *user},
                            {"scope", scope.whole_region ? "region" : "partners"},
                            {"partners", partners_json(&scope)}});
        } else if (what == "stats") {
            const TileCache& c = tiles.cache();
            send_json(
                res, {{"tile_cache",
                       {{"tiles", c.count()}, {"bytes", c.size_bytes()}, {"hits", c.hits()}, {"misses", c.misses()}}}});
        } else if (what == "health") {
            send_json(res, {{"ok", true}});
        } else {
            throw HttpError{404, fmt::format("no API endpoint /api/{}", what.substr(0, 100))};
        }
    }

    json base_layers_json() const {
        json out = json::array();
        for (const BaseLayer& b : config.base_layers)
            out.push_back({{"id", b.id},
                           {"title", {{"nl", b.title_nl}, {"en", b.title_en}}},
                           {"url", b.url},
                           {"attribution", b.attribution},
                           {"max_zoom", b.max_zoom}});
        return out;
    }

    // GET /api/overlays/{borders|roads|places}: GeoJSON in RD New from the results' shipped data (overlays.hpp).
    void send_overlay(HttpResponse& res, std::string_view name) {
        const Overlays& o = catalogue.overlays();
        const std::string* geojson = name == "borders"  ? &o.borders
                                     : name == "roads"  ? &o.roads
                                     : name == "places" ? &o.places
                                                        : nullptr;
        if (!geojson)
            throw HttpError{
                404, fmt::format("no overlay \"{}\" (there are borders, roads and places)", name.substr(0, 100))};
        if (geojson->empty()) throw HttpError{404, fmt::format("these results hold no {} for the map", name)};
        res.set_header("Cache-Control", "public, max-age=3600");
        // Not copied: the text lives in the catalogue, which outlives the server.
        res.set_content(std::shared_ptr<const std::string>(std::shared_ptr<void>(), geojson), "application/geo+json");
    }

    // Every partner with its public indicators (scope == nullptr), or the partners of a login's scope with all
    // their indicators (drafts too) and report links. Indicators: {area: {scenario: {indicator: value}}}.
    json partners_json(const PartnerScope* scope) {
        const bool for_partners = scope != nullptr;
        json out = json::array();
        const json& indicators = catalogue.indicators();
        for (const Partner& p : catalogue.manifest().partners) {
            if (scope && !scope->covers(p.id)) continue;
            json by_area = json::object();
            if (const auto it = indicators.find(p.id); it != indicators.end() && it->is_object())
                for (const auto& [area, scenarios] : it->items()) {
                    if (!scenarios.is_object()) continue;
                    for (const auto& [scenario, values] : scenarios.items())
                        if (for_partners || !partner_only_scenarios.contains(scenario))
                            by_area[area][scenario] = values;
                }
            json entry{{"id", p.id}, {"name", p.name}, {"kind", p.kind}, {"bbox", p.bbox}, {"indicators", by_area}};
            if (for_partners) entry["report"] = p.report.empty() ? json(nullptr) : json("/partner/reports/" + p.report);
            out.push_back(std::move(entry));
        }
        return out;
    }

    void get_report(const HttpRequest& req, HttpResponse& res, std::string_view rel) {
        const PartnerScope& scope = require_login(req, "a partner report");
        for (const Partner& p : catalogue.manifest().partners)
            if (p.report == rel && !scope.covers(p.id))
                throw HttpError{403, fmt::format("the report of {} is not among your partners'", p.name)};
        std::optional<std::filesystem::path> file;
        try {
            file = catalogue.listed_report(rel);
        } catch (const InputError& e) {  // listed, but a symlink now leads out of the results folder
            spdlog::warn("report {}: {}", rel, e.what());
        }
        if (!file) throw HttpError{404, "no such report in these results"};
        std::ifstream in(*file, std::ios::binary);
        if (!in) throw HttpError{404, "the report listed in the manifest is missing"};
        std::ostringstream bytes;
        bytes << in.rdbuf();
        res.set_header("Cache-Control", "private, no-cache");
        res.set_content(bytes.str(), mime_type_of(rel));
    }

    void get_static(const HttpRequest& req, HttpResponse& res) {
        const StaticFile* file = web.find(req.path);
        if (!file) {
            if (web.empty() && req.path == "/")
                throw HttpError{404, "the front end is not built: run `cd web && npm ci && npm run build`"};
            throw HttpError{404, "not found: " + req.path.substr(0, 200)};
        }
        res.set_header("ETag", file->etag);
        res.set_header("Cache-Control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
        if (file->mime_type.starts_with("text/html"))
            res.set_header("Content-Security-Policy", content_security_policy);
        if (req.get_header_value("If-None-Match") == file->etag) {
            res.status = 304;
            return;
        }
        // Not copied: the response points into the front end held in memory, which lives as long as the server.
        res.set_content(std::shared_ptr<const std::string>(std::shared_ptr<void>(), &file->bytes), file->mime_type);
    }

    void get(const HttpRequest& req, HttpResponse& res) {
        const std::string& path = req.path;
        if (!is_safe_url_path(path))
            throw HttpError{400, "bad path: no '..', '.', '//', backslashes or control characters"};
        if (path.starts_with("/tiles/")) return get_tile(req, res, std::string_view(path).substr(7));
        if (path.starts_with("/api/")) return get_api(req, res, std::string_view(path).substr(5));
        if (path.starts_with("/partner/reports/")) return get_report(req, res, std::string_view(path).substr(17));
        get_static(req, res);
    }

    // ---- login -------------------------------------------------------------------------------------

    void post_login(const HttpRequest& req, HttpResponse& res) {
        if (!login_limiter.allow(req.remote_addr)) {
            res.set_header("Retry-After", "60");
            throw HttpError{429, "too many login attempts from this address; wait a minute"};
        }
        if (credentials.empty()) throw HttpError{403, "this server has no partner logins configured"};
        json body;
        try {
            body = json::parse(req.body);
        } catch (const json::parse_error&) {
            throw HttpError{400, "send the login as JSON: {\"user\": \"...\", \"password\": \"...\"}"};
        }
        if (!body.is_object() || !body.contains("user") || !body.contains("password") || !body["user"].is_string() ||
            !body["password"].is_string())
            throw HttpError{400, "send the login as JSON: {\"user\": \"...\", \"password\": \"...\"}"};
        const auto user =
            credentials.authenticate(body["user"].get<std::string>(), body["password"].get<std::string>());
        if (!user) throw HttpError{401, "user name or password is wrong"};
        const std::string token = sessions.create(*user);
        res.set_header("Set-Cookie",
                       fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800", kSessionCookie, token));
        send_json(res, {{"user", *user}});
    }

    void post_logout(const HttpRequest& req, HttpResponse& res) {
        sessions.remove(cookie_value(req, kSessionCookie));
        res.set_header("Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie));
        send_json(res, {{"user", nullptr}});
    }

    template <class F>
    void guarded(const HttpRequest& req, HttpResponse& res, F&& handler) {
        try {
            handler();
        } catch (const HttpError& e) {
            send_error(res, e.status, e.message);
        } catch (const std::exception& e) {
            // An InputError here is the results folder's fault (a frame that cannot be read), not the request's;
            // its text names files of the server, so it goes to the log only.
            spdlog::error("{} {}: {}", req.method.substr(0, 16), req.path.substr(0, 200), e.what());
            send_error(res, 500, "internal error; the server log has the details");
        }
    }

    // Every request that the transport (http_server.hpp) has read whole and found well-formed.
    void handle(const HttpRequest& req, HttpResponse& res) {
        if (!limiter.allow(req.remote_addr)) {
            res.set_header("Retry-After", std::to_string(limiter.retry_after_s()));
            return send_error(res, 429, "too many requests from this address; slow down");
        }
        if (req.method == "GET" || req.method == "HEAD") return guarded(req, res, [&] { get(req, res); });
        const bool is_login = req.path == "/api/login", is_logout = req.path == "/api/logout";
        if (req.method == "POST" && is_login) return guarded(req, res, [&] { post_login(req, res); });
        if (req.method == "POST" && is_logout) return guarded(req, res, [&] { post_logout(req, res); });
        res.set_header("Allow", is_login || is_logout ? "POST" : "GET, HEAD");
        send_error(res, 405, fmt::format("{} is not allowed here; this server is read-only", req.method.substr(0, 16)));
    }

    static HttpLimits limits_of(const ServerConfig& c) {
        HttpLimits limits;
        limits.worker_threads = c.threads;
        limits.max_connections = c.max_connections;
        limits.connections_per_client = c.connections_per_client;
        limits.head_timeout_s = c.request_head_timeout_s;
        limits.body_timeout_s = c.request_body_timeout_s;
        limits.write_timeout_s = c.write_timeout_s;
        limits.max_body_bytes = c.max_body_bytes;
        return limits;
    }

    HttpServer make_http_server() {
        return HttpServer(
            limits_of(config), [this](const HttpRequest& req, HttpResponse& res) { handle(req, res); },
            [](HttpResponse& res, int status, const std::string& message) { send_error(res, status, message); },
            {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}, {"X-Frame-Options", "DENY"}},
            // A login hashes a password (PBKDF2, ~0.3 s of CPU); a report is read from disk.
            [](const HttpRequest& req) { return req.method == "POST" || req.path.starts_with("/partner/reports/"); });
    }
};

ViewerServer::ViewerServer(const Catalogue& catalogue, ServerConfig config, StaticFiles web)
    : impl_(std::make_unique<Impl>(catalogue, std::move(config), std::move(web))) {}

ViewerServer::~ViewerServer() { impl_->http.stop(); }

int ViewerServer::bind() { return impl_->http.bind(impl_->config.host, impl_->config.port); }
void ViewerServer::run() { impl_->http.run(); }
void ViewerServer::stop() { impl_->http.stop(); }
bool ViewerServer::is_running() const { return impl_->http.is_running(); }
TileService& ViewerServer::tiles() { return impl_->tiles; }

}  // namespace wn::server
