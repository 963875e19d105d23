// A folder of raster tiles read as one raster: AHN as PDOK delivers it, one GeoTIFF per map sheet (kaartblad, e.g.
// M_25GN1.TIF). Every raster reader of io/raster_io.hpp takes such a folder wherever it takes a file (a .vrt the
// partner made with gdalbuildvrt works as it is: GDAL reads it natively).
//
// The folder becomes a GDAL VRT in memory (/vsimem/, built with GDALBuildVRT: GDAL places every tile, no stitching
// of our own), so a mosaic reads bit for bit like the same cells in one file. Tiles must share the CRS, the cell
// size, the cell lattice (origins a whole number of cells apart) and the band count; the first tile that does not
// is named in the InputError. Where tiles overlap the later one (by file name) wins; cells no tile covers are no data.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace wn {

// The files of `folder` taken as tiles, sorted by name: every regular file except hidden ones and GDAL's side files
// (.aux.xml, .ovr, .msk). InputError naming the folder when there is none.
std::vector<std::filesystem::path> raster_folder_tiles(const std::filesystem::path& folder);

// The dataset name GDAL should open for `path`: `path` itself for a file, a GDAL virtual path or a folder GDAL opens
// as a raster format of its own (an ArcInfo grid); for any other folder an
// in-memory VRT of its tiles, built once per process and folder contents. InputError: an empty folder, a file in it
// that is not a raster GDAL reads, a tile whose CRS, cell size, lattice or band count differs from the first tile's
// (naming both tiles and the difference).
std::string raster_source(const std::string& path);

}  // namespace wn
