#include "waternet/io/raster_mosaic.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"

namespace wn {

namespace {

constexpr double kRelativeTolerance = 1e-6;  // of a cell size, as in raster_io.cpp

bool is_side_file(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    if (name.empty() || name.front() == '.') return true;
    for (const char* suffix : {".aux.xml", ".ovr", ".msk", ".AUX.XML", ".OVR", ".MSK"})
        if (name.ends_with(suffix)) return true;
    return false;
}

// What must agree between tiles, read from one tile's header.
struct TileGrid {
    std::string path;
    OGRSpatialReference srs;
    double origin_x = 0.0, origin_y = 0.0, cell_x = 0.0, cell_y = 0.0;
    int bands = 0;
};

TileGrid tile_grid(const std::filesystem::path& file) {
    gdal::require_nonempty_file(file.string(), "terrain tile");
    gdal::ErrorScope errors;
    gdal::DatasetPtr dataset(GDALDataset::Open(file.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!dataset || dataset->GetRasterCount() == 0)
        throw InputError(
            fmt::format("{}: not a raster{}; move other files out", file.string(), gdal::ErrorScope::detail()));
    TileGrid tile;
    tile.path = file.string();
    double gt[6];
    if (dataset->GetGeoTransform(gt) != CE_None || gt[2] != 0.0 || gt[4] != 0.0)
        throw InputError(file.string() + ": a tile without a north-up georeferencing cannot be placed in a mosaic");
    tile.origin_x = gt[0];
    tile.origin_y = gt[3];
    tile.cell_x = gt[1];
    tile.cell_y = gt[5];
    tile.bands = dataset->GetRasterCount();
    if (const OGRSpatialReference* srs = dataset->GetSpatialRef()) tile.srs = *srs;
    return tile;
}

std::string describe_srs(const OGRSpatialReference& srs) {
    return srs.IsEmpty() ? std::string("no CRS") : gdal::describe(srs);
}

// "" when `tile` fits the mosaic of `first`, else what differs.
std::string tile_difference(const TileGrid& first, const TileGrid& tile) {
    if (first.srs.IsEmpty() != tile.srs.IsEmpty() || (!first.srs.IsEmpty() && !first.srs.IsSame(&tile.srs)))
        return fmt::format("its CRS is {}, the first tile's is {}", describe_srs(tile.srs), describe_srs(first.srs));
    const double tolerance = kRelativeTolerance * std::fabs(first.cell_x);
    if (std::fabs(tile.cell_x - first.cell_x) > tolerance || std::fabs(tile.cell_y - first.cell_y) > tolerance)
        return fmt::format("its cells are {:g} x {:g} m, the first tile's {:g} x {:g} m", tile.cell_x, -tile.cell_y,
                           first.cell_x, -first.cell_y);
    const auto off_lattice = [&](double shift, double cell) {
        const double cells = shift / cell;
        return std::fabs(cells - std::round(cells)) * std::fabs(cell) > tolerance;
    };
    if (off_lattice(tile.origin_x - first.origin_x, first.cell_x) ||
        off_lattice(tile.origin_y - first.origin_y, first.cell_y))
        return fmt::format(
            "its corner ({:.3f}, {:.3f}) is not a whole number of cells from the first tile's "
            "({:.3f}, {:.3f}), so its cells do not line up",
            tile.origin_x, tile.origin_y, first.origin_x, first.origin_y);
    if (tile.bands != first.bands) return fmt::format("it has {} bands, the first tile {}", tile.bands, first.bands);
    return {};
}

// Name, size and time of every tile: a folder whose tiles changed gets a new VRT.
std::string folder_signature(const std::vector<std::filesystem::path>& tiles) {
    std::string signature;
    for (const auto& tile : tiles) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(tile, ec);
        const auto time = std::filesystem::last_write_time(tile, ec).time_since_epoch().count();
        signature += fmt::format("{}|{}|{}\n", tile.string(), size, time);
    }
    return signature;
}

// A file of the folder that is no tile names the folder too: the user gave the folder, not the file.
TileGrid tile_of(const std::filesystem::path& folder, const std::filesystem::path& file) {
    try {
        return tile_grid(file);
    } catch (const InputError& e) {
        throw InputError(
            fmt::format("{}: a folder given as a raster must hold only raster tiles (AHN GeoTIFFs), and {} "
                        "is not a raster GDAL can read ({})",
                        folder.string(), file.filename().string(), e.what()));
    }
}

std::string build_mosaic(const std::filesystem::path& folder, const std::vector<std::filesystem::path>& tiles,
                         int number) {
    const TileGrid first = tile_of(folder, tiles.front());
    for (std::size_t i = 1; i < tiles.size(); ++i)
        if (const std::string difference = tile_difference(first, tile_of(folder, tiles[i])); !difference.empty())
            throw InputError(fmt::format(
                "{}: the tile {} does not fit the mosaic: {} ({}); all tiles must share the "
                "CRS, cell size and cell lattice (reproject it with gdalwarp)",
                folder.string(), tiles[i].filename().string(), difference, tiles.front().filename().string()));
    std::vector<std::string> names;
    for (const auto& tile : tiles) names.push_back(tile.string());
    std::vector<const char*> name_pointers;
    for (const auto& name : names) name_pointers.push_back(name.c_str());
    const std::string vrt = fmt::format("/vsimem/waternet/mosaic_{}.vrt", number);
    gdal::ErrorScope errors;
    int usage_error = FALSE;
    GDALDatasetH dataset = GDALBuildVRT(vrt.c_str(), static_cast<int>(name_pointers.size()), nullptr,
                                        name_pointers.data(), nullptr, &usage_error);
    if (!dataset) gdal::fail(folder.string() + ": building a mosaic (VRT) of its tiles failed");
    GDALClose(dataset);  // writes the VRT into /vsimem/
    return vrt;
}

}  // namespace

std::vector<std::filesystem::path> raster_folder_tiles(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> tiles;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.is_regular_file() && !is_side_file(entry.path())) tiles.push_back(entry.path());
    if (ec) throw InputError(fmt::format("{}: cannot list the folder: {}", folder.string(), ec.message()));
    if (tiles.empty())
        throw InputError(folder.string() +
                         ": the folder holds no raster tiles; put the AHN GeoTIFF tiles (or one "
                         "raster or a .vrt) there");
    std::sort(tiles.begin(), tiles.end());
    return tiles;
}

std::string raster_source(const std::string& path) {
    if (path.starts_with("/vsi")) return path;
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) return path;
    gdal::ensure_registered();
    {
        // A few raster formats are themselves folders (an ESRI ArcInfo grid): GDAL opens those as they are.
        gdal::ErrorScope quiet;
        if (gdal::DatasetPtr itself{GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY)}) return path;
    }
    const std::vector<std::filesystem::path> tiles = raster_folder_tiles(path);
    const std::string key =
        std::filesystem::absolute(path).lexically_normal().string() + "\n" + folder_signature(tiles);
    static std::mutex mutex;
    static std::map<std::string, std::string> built;  // folder and its tiles → the VRT in /vsimem/
    const std::lock_guard lock(mutex);
    auto found = built.find(key);
    if (found == built.end())
        found = built.emplace(key, build_mosaic(path, tiles, static_cast<int>(built.size()))).first;
    return found->second;
}

}  // namespace wn
