#include "waternet/server/static_files.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "waternet/core/error.hpp"
#include "waternet/core/install_paths.hpp"

namespace wn::server {

namespace fs = std::filesystem;

namespace {

// FNV-1a, 64 bit: enough to tell versions of a file apart for ETag revalidation.
std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
    return h;
}

std::string_view extension_of(std::string_view name) {
    const auto slash = name.rfind('/');
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
    return name.substr(dot + 1);
}

}  // namespace

std::string mime_type_of(std::string_view name) {
    const std::string_view ext = extension_of(name);
    static const std::map<std::string_view, std::string_view> kTypes{{"html", "text/html; charset=utf-8"},
                                                                     {"js", "text/javascript; charset=utf-8"},
                                                                     {"mjs", "text/javascript; charset=utf-8"},
                                                                     {"css", "text/css; charset=utf-8"},
                                                                     {"json", "application/json"},
                                                                     {"geojson", "application/geo+json"},
                                                                     {"png", "image/png"},
                                                                     {"svg", "image/svg+xml"},
                                                                     {"ico", "image/x-icon"},
                                                                     {"jpg", "image/jpeg"},
                                                                     {"jpeg", "image/jpeg"},
                                                                     {"webp", "image/webp"},
                                                                     {"woff", "font/woff"},
                                                                     {"woff2", "font/woff2"},
                                                                     {"txt", "text/plain; charset=utf-8"},
                                                                     {"map", "application/json"},
                                                                     {"webmanifest", "application/manifest+json"}};
    const auto it = kTypes.find(ext);
    return std::string(it == kTypes.end() ? "application/octet-stream" : it->second);
}

bool is_safe_url_path(std::string_view path) {
    if (path.empty() || path.front() != '/') return false;
    for (unsigned char c : path)
        if (c < 0x20 || c == 0x7F || c == '\\') return false;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment == "." || segment == "..") return false;
        if (segment.empty() && end != path.size()) return false;  // "//" inside the path
        start = end + 1;
    }
    return true;
}

StaticFiles StaticFiles::load(const fs::path& dir, std::size_t max_total_bytes) {
    if (!fs::is_directory(dir) || !fs::is_regular_file(dir / "index.html"))
        throw InputError(dir.string() +
                         ": no built front end here (index.html missing); build it with "
                         "`cd web && npm ci && npm run build`, or pass --web DIR");
    StaticFiles out;
    std::size_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.is_symlink()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        StaticFile file;
        file.bytes = std::move(bytes).str();
        total += file.bytes.size();
        if (total > max_total_bytes)
            throw InputError(fmt::format("{}: more than {} MiB of files; is this the front end's dist folder?",
                                         dir.string(), max_total_bytes >> 20));
        const std::string rel = fs::relative(entry.path(), dir).generic_string();
        file.mime_type = mime_type_of(rel);
        file.etag = fmt::format("\"{:016x}\"", fnv1a(file.bytes));
        file.immutable = rel.starts_with("assets/");
        out.files_.emplace(rel, std::move(file));
    }
    return out;
}

const StaticFile* StaticFiles::find(std::string_view url_path) const {
    if (!is_safe_url_path(url_path)) return nullptr;
    std::string_view rel = url_path.substr(1);
    if (rel.empty() || extension_of(rel).empty()) rel = "index.html";
    const auto it = files_.find(rel);
    return it == files_.end() ? nullptr : &it->second;
}

}  // namespace wn::server

namespace wn::server {
std::filesystem::path default_web_dir() { return shipped_web_dir(); }
}  // namespace wn::server
