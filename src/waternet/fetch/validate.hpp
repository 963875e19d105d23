// What makes a download acceptable: GDAL opens it as the format the source promises and reads all of it (every
// pixel of a raster, every feature of a vector file), so that a truncated or corrupted file is caught even when
// the server's Content-Length agreed with what came.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "waternet/fetch/sources.hpp"

namespace wn::fetch {

// "" when the file is whole, otherwise what is wrong with it (for people).
std::string gdal_problem(const std::filesystem::path& path, ExpectedFormat format);

// The number of features in all layers of a vector file (for startindex paging: a short page is the last).
std::int64_t feature_count(const std::filesystem::path& path);

// The total the service says matches the request ("numberMatched" of a WFS 2.0 GML answer or an OGC API / WFS
// GeoJSON answer), read from the start of the file; none when it does not say (or says "unknown").
std::optional<long long> number_matched(const std::filesystem::path& path);

// The "next" link of an OGC API Features GeoJSON answer (links[] with rel = "next"), if any.
std::optional<std::string> next_link(const std::filesystem::path& path);

}  // namespace wn::fetch
