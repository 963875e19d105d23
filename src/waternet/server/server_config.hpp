// The server's configuration: a TOML file (docs/viewer.md, "Configuration"), every key optional.
//
//   [server]
//   host = "127.0.0.1"        # "0.0.0.0" to serve the network
//   port = 8080
//   threads = 32              # threads for slow requests (logins hash passwords, reports are read from disk);
//                             # the event loop has one thread per CPU core, and open connections hold none
//   tile_cache_mb = 256
//   requests_per_s = 100      # per client address; 0 = no limit
//   burst = 600               # requests a client may send at once
//   max_body_bytes = 16384    # larger request bodies get 413
//   login_attempts_per_min = 10
//   max_connections = 1000    # open connections in all (more: 503)
//   connections_per_client = 64   # open connections per client address (more: 429)
//   request_head_timeout_s = 10   # request line and headers must be in by then (one deadline, not per read)
//   request_body_timeout_s = 10   # the body, after the headers
//   write_timeout_s = 30          # the client must have taken the answer by then
//
//   [[map.base_layer]]        # external base maps in the RD tiling, picked in the map's layer control; without
//   id = "brt_grijs"          # any [[map.base_layer]]: PDOK's BRT-Achtergrondkaart (grijs, standaard, water) and
//   title_nl = "…"            # aerial photo (pdok_base_layers()); `map.base_layer = []`: none (offline only)
//   title_en = "…"
//   url = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:28992/{z}/{x}/{y}.png"
//   attribution = "Kaartgegevens © Kadaster / PDOK (CC BY 4.0)"
//   max_zoom = 14             # the service's deepest level; the viewer enlarges its tiles beyond
//
//   [[partner_user]]          # who may see partner-only layers, draft scenarios and the partner view
//   name = "enschede"
//   password_hash = "pbkdf2-sha256$600000$…$…"   # from `waternet serve --hash-password`
//   partners = ["GM0153"]     # what this login may see: these partners' data and reports only;
//                             # or: scope = "region" for every partner (exactly one of the two)
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wn::server {

// Whose partner data a login may see: every partner of the region, or the listed partner ids only.
struct PartnerScope {
    bool whole_region = false;
    std::vector<std::string> partner_ids;  // when !whole_region
    std::string where;                     // "file:line:col" of the scope in the configuration, for messages
    bool covers(std::string_view partner_id) const;
};

// An external base map: WMTS tiles in PDOK's EPSG:28992 tile matrix (the viewer's own tiling, rd_tiling.hpp), as a
// URL template with {z}, {x} (column) and {y} (row).
struct BaseLayer {
    std::string id;
    std::string title_nl, title_en;
    std::string url;
    std::string attribution;
    int max_zoom = 14;  // deepest level the service has (BRT-Achtergrondkaart: 14)
};

// PDOK's BRT-Achtergrondkaart in three styles (grijs first: the results' colours read best on grey) and the aerial
// photo of 25 cm (Luchtfoto Actueel Ortho 25 cm), Kadaster / Beeldmateriaal Nederland, CC BY 4.0.
std::vector<BaseLayer> pdok_base_layers();

struct ServerConfig {
    std::string host = "127.0.0.1";
    int port = 8080;
    int threads = 32;
    std::size_t tile_cache_bytes = 256u << 20;
    double requests_per_s = 100;
    double burst = 600;
    std::size_t max_body_bytes = 16 * 1024;
    double login_attempts_per_min = 10;
    // Against slow and hostile clients (http_server.hpp; docs/viewer.md, "Limits").
    std::size_t max_connections = 1000;
    std::size_t connections_per_client = 64;
    double request_head_timeout_s = 10;
    double request_body_timeout_s = 10;
    double write_timeout_s = 30;
    std::vector<BaseLayer> base_layers = pdok_base_layers();  // empty: the offline base map only
    std::map<std::string, std::string, std::less<>> password_hash_of_user;
    // Per user of password_hash_of_user; a user without an entry sees no partner's data.
    std::map<std::string, PartnerScope, std::less<>> scope_of_user;
};

// InputError: file missing, not TOML (with line and column), a key of the wrong type or out of range, an
// unknown key (a typo should not silently fall back to a default), a malformed password hash, a duplicate user,
// a [[partner_user]] without exactly one of `partners` and `scope = "region"` (file:line:col), a base layer whose
// url is not an http(s) tile URL with {z}, {x} and {y} (or holds characters a Content-Security-Policy cannot
// carry), whose id is missing, repeated or not [a-z0-9_-].
ServerConfig load_server_config(const std::filesystem::path& file);
ServerConfig parse_server_config(std::string_view toml_text, std::string_view source_name);

// InputError (file:line:col of the scope) when a login's `partners` names a partner the results do not have.
void check_partner_scopes(const ServerConfig& config, const std::vector<std::string>& known_partner_ids);

}  // namespace wn::server
