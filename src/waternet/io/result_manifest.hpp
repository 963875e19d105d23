// The manifest of a result folder: every file in it with its size and SHA-256, so that a reader (the stress
// test's cache, the viewer) can tell a complete result from one that was damaged, truncated or mixed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace wn {

inline constexpr const char* kResultManifestName = "result_manifest.json";

// Writes `dir`/result_manifest.json listing every regular file below `dir` (relative paths, sorted) but the
// manifest itself. Returns the SHA-256 of the manifest's text, a fingerprint of the whole result.
std::string write_result_manifest(const std::filesystem::path& dir);

// Why `dir` does not match its manifest (no manifest, a file missing or of another size, and with
// `check_hashes` another content), or nullopt when it matches. Files not in the manifest are ignored.
std::optional<std::string> result_problem(const std::filesystem::path& dir, bool check_hashes);

// SHA-256 of `dir`/result_manifest.json, or "" when there is none.
std::string result_fingerprint(const std::filesystem::path& dir);

}  // namespace wn
