// After the downloads: the pieces of a source joined into the one file a region file names (`join` in the services
// file): the AHN tiles into a VRT (GDAL reads it as one raster), the pages of BGT and BAG into a GeoPackage with one
// layer per source, as PDOK's own GeoPackage downloads have it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "waternet/core/execution.hpp"
#include "waternet/fetch/sources.hpp"

namespace wn::fetch {

struct JoinPart {
    std::string layer;                         // the GeoPackage layer (vector)
    std::string crs;                           // assigned where the files cannot say it ("" = theirs)
    std::vector<std::filesystem::path> files;  // in order (pages, tiles)
};

// Writes `target` atomically (a hidden temporary beside it, renamed when complete): raster parts become a VRT of
// all their files (one part only), vector parts a GeoPackage with one layer per part. InputError when GDAL
// cannot build it (named with the file that failed); wn::Interrupted, between files, once `cancel` is set.
void build_joined_file(const std::filesystem::path& target, ExpectedFormat format, const std::vector<JoinPart>& parts,
                       const CancelToken& cancel = {});

}  // namespace wn::fetch
