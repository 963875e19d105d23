// Whether a geodata file is a raster (GDAL) or vector data (OGR): inputs that take either, like `--land-cover`
// (a raster of class codes or BGT polygons), are told apart by what the file holds, not by its name.
#pragma once

#include <filesystem>
#include <string_view>

namespace wn {

enum class GeoFileKind { raster, vector };

// A raster when GDAL opens it as one with at least one band (tried first: a GeoPackage may hold both), vector data
// when OGR opens it with at least one layer; a folder counts as vector data (PDOK's unpacked BGT download).
// InputError naming `what` and the path when the file does not exist or is neither (a text file, a broken
// download): "<what> FILE: not a raster GDAL can read (...), nor vector data OGR can read (...)".
GeoFileKind geo_file_kind(const std::filesystem::path& path, std::string_view what);

}  // namespace wn
