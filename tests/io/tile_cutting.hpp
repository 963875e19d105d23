// Cutting a window out of a real raster, as a tile: the AHN tile tests mosaic such tiles and compare them with the
// whole file.
#pragma once

#include <cpl_string.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

namespace wn::test {

// The window of `source` at (col, row) of cols × rows cells (GDAL -srcwin) as a plain GeoTIFF: cells copied as they are.
inline void cut_window(const std::string& source, const std::filesystem::path& out, int col, int row, int cols,
                       int rows) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> src(GDALDataset::Open(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(src);
    const std::string args[] = {"-of",
                                "GTiff",
                                "-srcwin",
                                std::to_string(col),
                                std::to_string(row),
                                std::to_string(cols),
                                std::to_string(rows)};
    char** argv = nullptr;
    for (const std::string& a : args) argv = CSLAddString(argv, a.c_str());
    GDALTranslateOptions* options = GDALTranslateOptionsNew(argv, nullptr);
    GDALDatasetH result = GDALTranslate(out.string().c_str(), GDALDataset::ToHandle(src.get()), options, nullptr);
    ASSERT_NE(result, nullptr);
    GDALClose(result);
    GDALTranslateOptionsFree(options);
    CSLDestroy(argv);
}

}  // namespace wn::test
