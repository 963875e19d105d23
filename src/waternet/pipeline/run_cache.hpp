// The stress test's cache: a run is redone only when something that determines it changed.
//
// A run's key is the SHA-256 of a canonical JSON description of everything it depends on: the software version,
// the contents (SHA-256) of every input file, and every setting. When a run has finished, its folder gets a marker
// file `run.json` holding the key and the run's headline figures; the marker is written last (atomically), so a
// folder without a matching marker is incomplete or stale and is recomputed — which is also how an interrupted
// stress test resumes.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace wn {

class FileHashes {
public:
    // SHA-256 of a file's contents, computed once per file per process.
    const std::string& of(const std::filesystem::path& path);

private:
    std::map<std::string, std::string> known_;
};

// The key of a description: SHA-256 of its canonical JSON (sorted keys, no whitespace) plus the software version.
std::string cache_key(const nlohmann::json& description);

// The marker of a finished run when its key matches, else nullopt.
std::optional<nlohmann::json> finished_run(const std::filesystem::path& run_dir, const std::string& key);

// Writes the marker: {"key": key, "finished_utc": ..., plus the figures given}.
void mark_run_finished(const std::filesystem::path& run_dir, const std::string& key, nlohmann::json figures);

}  // namespace wn
