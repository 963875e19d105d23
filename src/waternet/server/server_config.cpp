#include "waternet/io/toml_text.hpp"
#include "waternet/server/server_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

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
    if (const auto i = node->value_exact<std::int64_t>()) v = static_cast<double>(*i);
    else if (const auto d = node->value_exact<double>()) v = *d;
    else throw InputError(fmt::format("{}: {}.{} must be a number", source, where, key));
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
        throw InputError(fmt::format("{}: partner_user \"{}\" needs exactly one of partners = [\"GM0153\", …] "
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
        throw InputError(fmt::format("{}: partner_user \"{}\": partners must be a list of partner ids, such as "
                                     "[\"GM0153\"]", s.where, name));
    for (const toml::node& id : *ids) {
        const auto text = id.value_exact<std::string>();
        if (!text || text->empty())
            throw InputError(fmt::format("{}: partner_user \"{}\": every partner id must be text, such as \"GM0153\"",
                                         position(source, id), name));
        s.partner_ids.push_back(*text);
    }
    return s;
}

}  // namespace

bool PartnerScope::covers(std::string_view partner_id) const {
    return whole_region || std::find(partner_ids.begin(), partner_ids.end(), partner_id) != partner_ids.end();
}

void check_partner_scopes(const ServerConfig& config, const std::vector<std::string>& known_partner_ids) {
    for (const auto& [user, scope] : config.scope_of_user)
        for (const std::string& id : scope.partner_ids)
            if (std::find(known_partner_ids.begin(), known_partner_ids.end(), id) == known_partner_ids.end())
                throw InputError(fmt::format("{}: partner_user \"{}\": no partner \"{}\" in these results (they have: {})",
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
        reject_unknown_keys(*m, {"base_map_url", "base_map_attribution"}, "[map]", source);
        c.base_map_url = text(*m, "base_map_url", "", "map", source);
        c.base_map_attribution = text(*m, "base_map_attribution", "", "map", source);
        if (!c.base_map_url.empty() &&
            (c.base_map_url.find("{z}") == std::string::npos || c.base_map_url.find("{x}") == std::string::npos ||
             c.base_map_url.find("{y}") == std::string::npos))
            throw InputError(fmt::format("{}: map.base_map_url must contain {{z}}, {{x}} and {{y}} (an RD tile URL)",
                                         source));
    }
    if (const toml::node* node = root.get("partner_user")) {
        const toml::array* users = node->as_array();
        if (!users) throw InputError(fmt::format("{}: partner_user must be an array of tables [[partner_user]]", source));
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
