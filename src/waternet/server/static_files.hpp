// The web front end's files (web/dist), read into memory when the server starts and served by exact name.
//
// Because a request can only name a file that was found under the folder at start-up (a map lookup of the
// normalised URL path), no URL can reach a file outside it, whatever '..', '%2e%2e', backslashes or symlinks it
// carries; such paths are refused with 400 before the lookup anyway. Symlinks inside the folder are not followed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wn::server {

struct StaticFile {
    std::string bytes;
    std::string mime_type;
    std::string etag;        // quoted, from a hash of the bytes
    bool immutable = false;  // a bundler's content-hashed name (assets/…): cacheable for a year
};

class StaticFiles {
public:
    StaticFiles() = default;
    // Every regular file under dir. InputError when dir does not exist or has no index.html (with how to build
    // the front end), or holds more than max_total_bytes.
    static StaticFiles load(const std::filesystem::path& dir, std::size_t max_total_bytes = 64u << 20);

    // The file for a URL path ("/" and any path without a file extension → index.html, so front-end routes
    // work on reload); nullptr when there is none.
    const StaticFile* find(std::string_view url_path) const;
    bool empty() const { return files_.empty(); }
    std::size_t size() const { return files_.size(); }

private:
    std::map<std::string, StaticFile, std::less<>> files_;  // key: path relative to dir, '/'-separated
};

// Whether a decoded URL path is acceptable at all: starts with '/', no NUL or other control characters, no
// backslash, no "." or ".." segment, no empty segment ("//"). The server answers 400 otherwise.
bool is_safe_url_path(std::string_view path);

// MIME type by file extension (html, js, css, json, png, svg, woff2, ...); application/octet-stream otherwise.
std::string mime_type_of(std::string_view file_name);

}  // namespace wn::server

namespace wn::server {
// Where the built front end is when no --web is given: $WATERNET_WEB_DIR if set, else web/dist of the source
// tree this program was built from.
std::filesystem::path default_web_dir();
}  // namespace wn::server
