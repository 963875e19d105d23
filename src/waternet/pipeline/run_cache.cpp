#include "waternet/pipeline/run_cache.hpp"

#include <fstream>

#include "waternet/core/version.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"

namespace wn {

namespace {
constexpr const char* kMarker = "run.json";
}

const std::string& FileHashes::of(const std::filesystem::path& path) {
    const std::string key = std::filesystem::absolute(path).lexically_normal().string();
    auto found = known_.find(key);
    if (found == known_.end()) found = known_.emplace(key, sha256_input(path)).first;
    return found->second;
}

std::string cache_key(const nlohmann::json& description) {
    // nlohmann::json objects keep their keys sorted, so dump() is canonical.
    return sha256_hex(std::string(kVersion) + "\n" + description.dump());
}

std::optional<nlohmann::json> finished_run(const std::filesystem::path& run_dir, const std::string& key) {
    std::ifstream in(run_dir / kMarker);
    if (!in) return std::nullopt;
    const nlohmann::json marker = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!marker.is_object() || marker.value("key", std::string{}) != key) return std::nullopt;
    return marker;
}

void mark_run_finished(const std::filesystem::path& run_dir, const std::string& key, nlohmann::json figures) {
    figures["key"] = key;
    figures["finished_utc"] = utc_now_iso8601();
    write_text_atomic(run_dir / kMarker, figures.dump(2) + "\n");
}

}  // namespace wn
