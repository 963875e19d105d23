#include "waternet/io/geo_file_kind.hpp"

#include <gdal_priv.h>

#include <string>

#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"
#include "waternet/io/text_file.hpp"

namespace wn {

namespace {

gdal::DatasetPtr open_quietly(const std::filesystem::path& path, unsigned flags) {
    // WRITE_GFS=NO: the GML reader leaves no .gfs schema beside a file it only looks at (other drivers ignore it).
    const char* const vector_options[] = {"WRITE_GFS=NO", nullptr};
    return gdal::DatasetPtr(
        GDALDataset::FromHandle(GDALOpenEx(path.c_str(), flags | GDAL_OF_READONLY, nullptr,
                                           (flags & GDAL_OF_VECTOR) ? vector_options : nullptr, nullptr)));
}

}  // namespace

GeoFileKind geo_file_kind(const std::filesystem::path& path, std::string_view what) {
    const std::string name = std::string(what) + " " + path.string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw InputError(name + ": file not found");
    if (std::filesystem::is_directory(path, ec)) return GeoFileKind::vector;
    require_regular_if_exists(path, std::string(what) + " file");  // a FIFO or a device would block GDAL
    gdal::ensure_registered();
    gdal::QuietErrorScope quiet;  // a failed open is an answer here, not an error to print
    if (const auto raster = open_quietly(path, GDAL_OF_RASTER); raster && raster->GetRasterCount() > 0)
        return GeoFileKind::raster;
    if (const auto vector = open_quietly(path, GDAL_OF_VECTOR); vector && vector->GetLayerCount() > 0)
        return GeoFileKind::vector;
    throw InputError(name +
                     ": not a raster GDAL can read (a map of class codes), nor vector data OGR can read "
                     "(polygons such as BGT)" +
                     gdal::QuietErrorScope::detail());
}

}  // namespace wn
