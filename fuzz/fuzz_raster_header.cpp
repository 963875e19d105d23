// libFuzzer target: a raster's header as Waternet reads it (io/raster_io.hpp raster_info), from bytes in GDAL's
// in-memory file system, under every driver GDAL identifies (GeoTIFF, ESRI ASCII grid, VRT, ...). Pixels are not
// read: this is the code that sizes grids before anything is allocated.
#include <cpl_vsi.h>

#include "fuzz_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/raster_io.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    wn::fuzz::quiet();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* kPath = "/vsimem/waternet-fuzz-input";
    VSILFILE* file = VSIFileFromMemBuffer(kPath, const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE);
    if (file == nullptr) return 0;
    VSIFCloseL(file);
    try {
        const wn::RasterInfo info = wn::raster_info(kPath);
        (void)wn::describe_crs(info.spec.crs_wkt);
    } catch (const wn::InputError&) {}
    VSIUnlink(kPath);
    return 0;
}
