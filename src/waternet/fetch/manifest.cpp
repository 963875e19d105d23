#include "waternet/fetch/manifest.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"

namespace wn::fetch {

Manifest Manifest::load(const std::filesystem::path& folder) {
    Manifest manifest;
    const std::filesystem::path file = folder / kFileName;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return manifest;
    std::ifstream in(file, std::ios::binary);
    const nlohmann::json root = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!root.is_object() || !root.contains("files") || !root["files"].is_array()) {
        spdlog::warn("{} cannot be read; every file will be checked by downloading it again", file.string());
        return manifest;
    }
    for (const auto& item : root["files"]) {
        if (!item.is_object()) continue;
        ManifestEntry e;
        e.path = item.value("path", "");
        e.source = item.value("source", "");
        e.url = item.value("url", "");
        e.fetched_utc = item.value("fetched_utc", "");
        e.licence = item.value("licence", "");
        e.crs = item.value("crs", "");
        e.size_bytes = item.value("size_bytes", std::uintmax_t{0});
        e.sha256 = item.value("sha256", "");
        e.inputs_sha256 = item.value("inputs_sha256", "");
        if (!e.path.empty()) manifest.entries_[e.path] = std::move(e);
    }
    return manifest;
}

const ManifestEntry* Manifest::find(const std::string& path) const {
    const auto it = entries_.find(path);
    return it == entries_.end() ? nullptr : &it->second;
}

bool matches_on_disk(const std::filesystem::path& folder, const ManifestEntry& entry) {
    const std::filesystem::path file = folder / entry.path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return false;
    // Size first: a truncated file is caught without reading it; the hash catches changed bytes.
    if (std::filesystem::file_size(file, ec) != entry.size_bytes || ec) return false;
    return sha256_file(file) == entry.sha256;
}

bool Manifest::confirms_joined(const std::filesystem::path& folder, const std::string& path,
                               const std::string& inputs_sha256) const {
    const ManifestEntry* e = find(path);
    return e != nullptr && e->inputs_sha256 == inputs_sha256 && matches_on_disk(folder, *e);
}

bool Manifest::confirms(const std::filesystem::path& folder, const std::string& path, const std::string& url) const {
    const ManifestEntry* e = find(path);
    if (e == nullptr || e->url != url) return false;
    return matches_on_disk(folder, *e);
}

void Manifest::record(ManifestEntry entry) {
    std::string key = entry.path;
    entries_[key] = std::move(entry);
}

void Manifest::forget(const std::string& path) { entries_.erase(path); }

void Manifest::save(const std::filesystem::path& folder) const {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& [path, e] : entries_) {
        files.push_back({{"path", e.path},
                         {"source", e.source},
                         {"url", e.url},
                         {"fetched_utc", e.fetched_utc},
                         {"licence", e.licence},
                         {"crs", e.crs},
                         {"size_bytes", e.size_bytes},
                         {"sha256", e.sha256}});
        if (!e.inputs_sha256.empty()) files.back()["inputs_sha256"] = e.inputs_sha256;
    }
    const nlohmann::json root{
        {"format", "waternet data manifest 1"}, {"updated_utc", utc_now_iso8601()}, {"files", files}};
    write_text_atomic(folder / kFileName, root.dump(1) + "\n");
}

}  // namespace wn::fetch
