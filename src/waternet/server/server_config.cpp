#include "waternet/server/server_config.hpp"
#include "waternet/io/toml_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/server/auth.hpp"

namespace wn::server {

namespace {

void reject_unknown_keys(const toml::table& table, const std::set<std::string_view>& known, std::string_view where,
                         std::string_view source) {
    for (const auto& [key, value] : table)
        if (!known.contains(key.str()))
            throw InputError(fmt::format("{}: unknown key \"{}\" in {}", source, key.str(), where));
}

template <class T>
T number(const toml::table& table, std::string_view key, T fallback, double min, double max, std::string_view where,
         std::string_view source) {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    double v = 0;
    if (const auto i = node->value_exact<std::int64_t>())
        v = static_cast<double>(*i);
    else if (const auto d = node->value_exact<double>())
        v = *d;
    else
        throw InputError(fmt::format("{}: {}.{} must be a number", source, where, key));
    if (!(v >= min && v <= max))
        throw InputError(fmt::format("{}: {}.{} = {} is outside {} … {}", source, where, key, v, min, max));
    return static_cast<T>(v);
}

std::string text(const toml::table& table, std::string_view key, std::string fallback, std::string_view where,
                 std::string_view source) {
    const toml::node* node = table.get(key);
    if (!node) return fallback;
    const auto s = node->value_exact<std::string>();
    if (!s) throw InputError(fmt::format("{}: {}.{} must be text", source, where, key));
    return *s;
}

std::string position(std::string_view source, const toml::node& node) {
    return fmt::format("{}:{}:{}", source, node.source().begin.line, node.source().begin.column);
}

// `partners = ["GM0153", …]` or `scope = "region"`, exactly one of them.
PartnerScope partner_scope(const toml::table& user, std::string_view name, std::string_view source) {
    const toml::node* partners = user.get("partners");
    const toml::node* scope = user.get("scope");
    if ((partners == nullptr) == (scope == nullptr))
        throw InputError(
            fmt::format("{}: partner_user \"{}\" needs exactly one of partners = [\"GM0153\", …] "
                        "(its own partners) and scope = \"region\" (every partner)",
                        position(source, user), name));
    PartnerScope s;
    if (scope) {
        s.where = position(source, *scope);
        if (scope->value_exact<std::string>() != "region")
            throw InputError(fmt::format("{}: partner_user \"{}\": scope must be \"region\" (or use partners = [...])",
                                         s.where, name));
        s.whole_region = true;
        return s;
    }
    s.where = position(source, *partners);
    const toml::array* ids = partners->as_array();
    if (!ids || ids->empty())
        throw InputError(
            fmt::format("{}: partner_user \"{}\": partners must be a list of partner ids, such as "
                        "[\"GM0153\"]",
                        s.where, name));
    for (const toml::node& id : *ids) {
        const auto text = id.value_exact<std::string>();
        if (!text || text->empty())
            throw InputError(fmt::format("{}: partner_user \"{}\": every partner id must be text, such as \"GM0153\"",
                                         position(source, id), name));
        s.partner_ids.push_back(*text);
    }
    return s;
}

// An http(s) URL template of RD tiles: {z}, {x} and {y}, a host of letters, digits, '.', '-' (and a :port), and
// none of the characters that would let it break out of the Content-Security-Policy header or an HTML attribute.
void check_tile_url(const std::string& url, const std::string& where, std::string_view source) {
    auto refuse = [&](std::string_view why) {
        throw InputError(
            fmt::format("{}: {}.url \"{}\" {}; give an http(s) tile URL in the RD tiling with {{z}}, {{x}} "
                        "and {{y}}, e.g. https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/"
                        "EPSG:28992/{{z}}/{{x}}/{{y}}.png",
                        source, where, url.substr(0, 200), why));
    };
    const std::size_t scheme_end = url.find("://");
    const std::string scheme = scheme_end == std::string::npos ? std::string() : url.substr(0, scheme_end);
    if (scheme != "https" && scheme != "http") refuse("does not start with https:// or http://");
    const std::size_t host_end = url.find('/', scheme_end + 3);
    const std::string host =
        url.substr(scheme_end + 3, host_end == std::string::npos ? std::string::npos : host_end - scheme_end - 3);
    if (host.empty() || host_end == std::string::npos || !std::all_of(host.begin(), host.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':';
        }))
        refuse("has no plain host name (letters, digits, '.', '-', ':port') followed by a path");
    for (const char ch : url)
        if (static_cast<unsigned char>(ch) <= 0x20 || static_cast<unsigned char>(ch) >= 0x7f ||
            std::string_view("\"'<>;,\\`").find(ch) != std::string_view::npos)
            refuse(std::isgraph(static_cast<unsigned char>(ch))
                       ? fmt::format("holds the character '{}', which a tile URL cannot carry", ch)
                       : fmt::format("holds the byte {:#04x} (a space, control or non-ASCII character), which a tile "
                                     "URL cannot carry; percent-encode it",
                                     static_cast<unsigned>(static_cast<unsigned char>(ch))));
    for (const char* placeholder : {"{z}", "{x}", "{y}"})
        if (url.find(placeholder) == std::string::npos) refuse(fmt::format("lacks {}", placeholder));
}

// [[map.base_layer]]: every key required but max_zoom; ids unique and plain.
std::vector<BaseLayer> base_layers(const toml::array& list, std::string_view source) {
    std::vector<BaseLayer> out;
    for (const toml::node& node : list) {
        const std::string where = fmt::format("map.base_layer[{}]", out.size());
        const toml::table* t = node.as_table();
        if (!t) throw InputError(fmt::format("{}: {} must be a table [[map.base_layer]]", source, where));
        reject_unknown_keys(*t, {"id", "title_nl", "title_en", "url", "attribution", "max_zoom"}, "[[map.base_layer]]",
                            source);
        BaseLayer layer;
        const std::pair<const char*, std::string*> fields[] = {{"id", &layer.id},
                                                               {"title_nl", &layer.title_nl},
                                                               {"title_en", &layer.title_en},
                                                               {"url", &layer.url},
                                                               {"attribution", &layer.attribution}};
        for (const auto& [key, field] : fields) {
            *field = text(*t, key, "", where, source);
            if (field->empty())
                throw InputError(
                    fmt::format("{}: {} needs {} (id, title_nl, title_en, url and attribution are all "
                                "required: the map must say whose it is)",
                                source, where, key));
        }
        if (!std::all_of(layer.id.begin(), layer.id.end(), [](char ch) {
                return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
            }))
            throw InputError(
                fmt::format("{}: {}.id \"{}\" may hold only a-z, 0-9, '_' and '-'", source, where, layer.id));
        for (const BaseLayer& other : out)
            if (other.id == layer.id)
                throw InputError(fmt::format("{}: base layer id \"{}\" is listed twice", source, layer.id));
        check_tile_url(layer.url, where, source);
        layer.max_zoom = number<int>(*t, "max_zoom", layer.max_zoom, 0, 16, where, source);
        out.push_back(std::move(layer));
    }
    return out;
}

}  // namespace

std::vector<BaseLayer> pdok_base_layers() {
    // PDOK's WMTS in the EPSG:28992 tile matrix (origin (-285401.92, 903401.92), 3440.64 m a pixel at level 0,
    // halving per level; Geonovum, "Nederlandse richtlijn tiling"), as REST URL templates. BRT-Achtergrondkaart
    // has levels 0-14; the 25 cm photo's own resolution is reached at level 14 (0.21 m a pixel).
    const std::string brt =
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{}/EPSG:28992/{{z}}/{{x}}/{{y}}.png";
    const std::string kadaster = "Kaartgegevens © Kadaster / PDOK (CC BY 4.0)";
    return {
        {"brt_grijs", "Achtergrondkaart grijs (PDOK)", "Base map grey (PDOK)", fmt::format(fmt::runtime(brt), "grijs"),
         kadaster, 14},
        {"brt_standaard", "Achtergrondkaart (PDOK)", "Base map (PDOK)", fmt::format(fmt::runtime(brt), "standaard"),
         kadaster, 14},
        {"brt_water", "Achtergrondkaart water (PDOK)", "Base map water (PDOK)", fmt::format(fmt::runtime(brt), "water"),
         kadaster, 14},
        {"luchtfoto", "Luchtfoto (PDOK)", "Aerial photo (PDOK)",
         "https://service.pdok.nl/hwh/luchtfotorgb/wmts/v1_0/Actueel_ortho25/EPSG:28992/{z}/{x}/{y}.jpeg",
         "Luchtfoto © Beeldmateriaal Nederland / PDOK (CC BY 4.0)", 14},
    };
}

bool PartnerScope::covers(std::string_view partner_id) const {
    return whole_region || std::find(partner_ids.begin(), partner_ids.end(), partner_id) != partner_ids.end();
}

void check_partner_scopes(const ServerConfig& config, const std::vector<std::string>& known_partner_ids) {
    for (const auto& [user, scope] : config.scope_of_user)
        for (const std::string& id : scope.partner_ids)
            if (std::find(known_partner_ids.begin(), known_partner_ids.end(), id) == known_partner_ids.end())
                throw InputError(
                    fmt::format("{}: partner_user \"{}\": no partner \"{}\" in these results (they have: {})",
                                scope.where, user, id, fmt::join(known_partner_ids, ", ")));
}

ServerConfig parse_server_config(std::string_view toml_text, std::string_view source) {
    toml::table root = parse_toml(toml_text, source);
    reject_unknown_keys(root, {"server", "map", "partner_user"}, "the top level", source);
    ServerConfig c;
    if (const toml::node* node = root.get("server")) {
        const toml::table* s = node->as_table();
        if (!s) throw InputError(fmt::format("{}: [server] must be a table", source));
        reject_unknown_keys(*s,
                            {"host", "port", "threads", "tile_cache_mb", "requests_per_s", "burst", "max_body_bytes",
                             "login_attempts_per_min", "max_connections", "connections_per_client",
                             "request_head_timeout_s", "request_body_timeout_s", "write_timeout_s"},
                            "[server]", source);
        c.host = text(*s, "host", c.host, "server", source);
        c.port = number<int>(*s, "port", c.port, 0, 65535, "server", source);
        c.threads = number<int>(*s, "threads", c.threads, 2, 1024, "server", source);
        c.tile_cache_bytes =
            number<std::size_t>(*s, "tile_cache_mb", c.tile_cache_bytes >> 20, 0, 65536, "server", source) << 20;
        c.requests_per_s = number<double>(*s, "requests_per_s", c.requests_per_s, 0, 1e9, "server", source);
        c.burst = number<double>(*s, "burst", c.burst, 1, 1e9, "server", source);
        c.max_body_bytes = number<std::size_t>(*s, "max_body_bytes", c.max_body_bytes, 64, 1 << 24, "server", source);
        c.login_attempts_per_min =
            number<double>(*s, "login_attempts_per_min", c.login_attempts_per_min, 1, 1e6, "server", source);
        c.max_connections = number<std::size_t>(*s, "max_connections", c.max_connections, 16, 1e6, "server", source);
        c.connections_per_client =
            number<std::size_t>(*s, "connections_per_client", c.connections_per_client, 1, 1e6, "server", source);
        c.request_head_timeout_s =
            number<double>(*s, "request_head_timeout_s", c.request_head_timeout_s, 0.1, 3600, "server", source);
        c.request_body_timeout_s =
            number<double>(*s, "request_body_timeout_s", c.request_body_timeout_s, 0.1, 3600, "server", source);
        c.write_timeout_s = number<double>(*s, "write_timeout_s", c.write_timeout_s, 0.1, 3600, "server", source);
    }
    if (const toml::node* node = root.get("map")) {
        const toml::table* m = node->as_table();
        if (!m) throw InputError(fmt::format("{}: [map] must be a table", source));
        if (m->contains("base_map_url") || m->contains("base_map_attribution"))
            throw InputError(
                fmt::format("{}: map.base_map_url and map.base_map_attribution were replaced by "
                            "[[map.base_layer]] entries (id, title_nl, title_en, url, attribution; "
                            "docs/viewer.md, \"Configuration\")",
                            source));
        reject_unknown_keys(*m, {"base_layer"}, "[map]", source);
        if (const toml::node* list = m->get("base_layer")) {
            const toml::array* layers = list->as_array();
            if (!layers)
                throw InputError(fmt::format("{}: map.base_layer must be a list of [[map.base_layer]] tables", source));
            c.base_layers = base_layers(*layers, source);
        }
    }
    if (const toml::node* node = root.get("partner_user")) {
        const toml::array* users = node->as_array();
        if (!users)
            throw InputError(fmt::format("{}: partner_user must be an array of tables [[partner_user]]", source));
        for (const toml::node& u : *users) {
            const toml::table* t = u.as_table();
            if (!t) throw InputError(fmt::format("{}: every [[partner_user]] must be a table", source));
            reject_unknown_keys(*t, {"name", "password_hash", "partners", "scope"}, "[[partner_user]]", source);
            const std::string name = text(*t, "name", "", "partner_user", source);
            const std::string hash = text(*t, "password_hash", "", "partner_user", source);
            if (name.empty() || hash.empty())
                throw InputError(fmt::format("{}: every [[partner_user]] needs a name and a password_hash", source));
            check_password_hash(hash, name);
            if (!c.password_hash_of_user.emplace(name, hash).second)
                throw InputError(fmt::format("{}: partner_user \"{}\" is listed twice", source, name));
            c.scope_of_user.emplace(name, partner_scope(*t, name, source));
        }
    }
    return c;
}

ServerConfig load_server_config(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw InputError(file.string() + ": server configuration not found");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_server_config(text.str(), file.string());
}

}  // namespace wn::server
