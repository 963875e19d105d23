// The data folder's manifest (manifest.json): every file that `waternet data fetch` finished, with where it came
// from (URL), when, under which licence, its size and SHA-256. A file counts as done only when its entry is here
// and the file on disk still has that size and hash; anything else (a .part file, a file without an entry, a file
// changed since) is fetched again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace wn::fetch {

struct ManifestEntry {
    std::string path;    // relative to the data folder, with '/'
    std::string source;  // the source's id in the services file
    std::string url;
    std::string fetched_utc;  // ISO 8601
    std::string licence;
    std::string crs;  // as the services file gives it; "" = the file says it itself
    std::uintmax_t size_bytes = 0;
    std::string sha256;
    std::string inputs_sha256;  // joined files: a fingerprint of the files joined (their paths and SHA-256)
};

// The file `folder`/entry.path has the entry's size and SHA-256 (reads the whole file).
bool matches_on_disk(const std::filesystem::path& folder, const ManifestEntry& entry);

class Manifest {
public:
    static constexpr const char* kFileName = "manifest.json";

    // The manifest of `folder`; empty when there is none. One that cannot be read is reported (warning) and
    // treated as empty: every file is then checked by downloading it again, never trusted.
    static Manifest load(const std::filesystem::path& folder);

    const ManifestEntry* find(const std::string& path) const;
    // The entry for `path` exists with this URL, and the file in `folder` has the recorded size and SHA-256.
    bool confirms(const std::filesystem::path& folder, const std::string& path, const std::string& url) const;
    // A joined file: its entry has this inputs fingerprint and the file on disk its size and SHA-256.
    bool confirms_joined(const std::filesystem::path& folder, const std::string& path,
                         const std::string& inputs_sha256) const;
    void record(ManifestEntry entry);
    void forget(const std::string& path);
    const std::map<std::string, ManifestEntry>& entries() const { return entries_; }

    // Writes `folder`/manifest.json atomically (a crash leaves the previous manifest, never half of one).
    void save(const std::filesystem::path& folder) const;

private:
    std::map<std::string, ManifestEntry> entries_;
};

}  // namespace wn::fetch
