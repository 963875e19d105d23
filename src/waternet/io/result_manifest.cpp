#include "waternet/io/result_manifest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"

namespace wn {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> files_below(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().filename() != kResultManifestName)
            files.push_back(fs::relative(entry.path(), dir));
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string write_result_manifest(const fs::path& dir) {
    nlohmann::json files = nlohmann::json::array();
    for (const fs::path& file : files_below(dir))
        files.push_back({{"path", file.generic_string()},
                         {"size", fs::file_size(dir / file)},
                         {"sha256", sha256_file(dir / file)}});
    const std::string text = nlohmann::json{{"files", files}, {"created_utc", utc_now_iso8601()}}.dump(1) + "\n";
    write_text_atomic(dir / kResultManifestName, text);
    return sha256_hex(text);
}

std::optional<std::string> result_problem(const fs::path& dir, bool check_hashes) {
    const nlohmann::json manifest = nlohmann::json::parse(read_text(dir / kResultManifestName), nullptr, false);
    if (manifest.is_discarded() || !manifest.contains("files") || !manifest["files"].is_array())
        return fmt::format("{} has no readable {}", dir.string(), kResultManifestName);
    for (const nlohmann::json& f : manifest["files"]) {
        const fs::path path = dir / f.value("path", std::string{});
        std::error_code ec;
        const auto size = fs::file_size(path, ec);
        if (ec) return fmt::format("{} is missing", path.string());
        if (size != f.value("size", std::uintmax_t{0}))
            return fmt::format("{} has {} bytes where the manifest says {}", path.string(), size, f.value("size", 0));
        if (check_hashes && sha256_file(path) != f.value("sha256", std::string{}))
            return fmt::format("{} differs from the file the manifest lists", path.string());
    }
    return std::nullopt;
}

std::string result_fingerprint(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / kResultManifestName, ec)) return {};
    return sha256_hex(read_text(dir / kResultManifestName));
}

}  // namespace wn
