#include "waternet/render/png.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include <atomic>
#include <memory>
#include <string>

#include "waternet/core/error.hpp"
#include "waternet/io/gdal_support.hpp"

namespace wn::render {
namespace {

// A /vsimem/ name no other call (on any thread) uses at the same time.
std::string scratch_name(const char* extension) {
    static std::atomic<unsigned long long> counter{0};
    return "/vsimem/waternet_render_" + std::to_string(counter.fetch_add(1)) + extension;
}

using gdal::DatasetPtr;
using Quiet = gdal::QuietErrorScope;  // GDAL errors are rethrown as InputError, not printed

}  // namespace

std::vector<std::uint8_t> encode_png(const RgbaImage& image) { return encode_png(image, 6); }

std::vector<std::uint8_t> encode_png(const RgbaImage& image, int zlib_level) {
    if (zlib_level < 1 || zlib_level > 9)
        throw InputError("encode_png: zlib level must be 1..9 (got " + std::to_string(zlib_level) + ")");
    if (image.width <= 0 || image.height <= 0)
        throw InputError("encode_png: the image is empty (" + std::to_string(image.width) + " x " +
                         std::to_string(image.height) + " px)");
    if (image.rgba.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4)
        throw InputError("encode_png: the pixel buffer holds " + std::to_string(image.rgba.size()) +
                         " bytes, not width x height x 4");
    gdal::ensure_registered();
    Quiet quiet;
    DatasetPtr mem(GDALDataset::FromHandle(
        GDALCreate(GDALGetDriverByName("MEM"), "", image.width, image.height, 4, GDT_Byte, nullptr)));
    if (!mem) throw InputError("encode_png: cannot create an in-memory image" + Quiet::detail());
    GDALDatasetH ds = GDALDataset::ToHandle(mem.get());
    // Interleaved RGBA in, one band per channel in GDAL: pixel stride 4, line stride 4·width, band stride 1.
    if (GDALDatasetRasterIO(ds, GF_Write, 0, 0, image.width, image.height, const_cast<std::uint8_t*>(image.rgba.data()),
                            image.width, image.height, GDT_Byte, 4, nullptr, 4, 4 * image.width, 1) != CE_None)
        throw InputError("encode_png: cannot fill the in-memory image" + Quiet::detail());
    GDALSetRasterColorInterpretation(GDALGetRasterBand(ds, 4), GCI_AlphaBand);

    const std::string name = scratch_name(".png");
    const std::string level = "ZLEVEL=" + std::to_string(zlib_level);
    const char* options[] = {level.c_str(), nullptr};
    DatasetPtr png(GDALDataset::FromHandle(GDALCreateCopy(GDALGetDriverByName("PNG"), name.c_str(), ds, FALSE,
                                                          const_cast<char**>(options), nullptr, nullptr)));
    if (!png) {
        VSIUnlink(name.c_str());
        throw InputError("encode_png: the PNG driver failed" + Quiet::detail());
    }
    png.reset();  // closing flushes the file
    vsi_l_offset length = 0;
    GByte* bytes = VSIGetMemFileBuffer(name.c_str(), &length, TRUE);  // TRUE: unlink, we own the buffer
    std::vector<std::uint8_t> out(bytes, bytes + length);
    CPLFree(bytes);
    VSIUnlink((name + ".aux.xml").c_str());  // in case GDAL's side-car writer left one
    if (out.empty()) throw InputError("encode_png: the PNG driver wrote nothing" + Quiet::detail());
    return out;
}

RgbaImage decode_image(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) throw InputError("decode_image: no bytes to decode");
    gdal::ensure_registered();
    Quiet quiet;
    const std::string name = scratch_name(".img");
    VSILFILE* file = VSIFileFromMemBuffer(name.c_str(), const_cast<GByte*>(bytes.data()), bytes.size(), FALSE);
    if (!file) throw InputError("decode_image: cannot wrap the bytes" + Quiet::detail());
    VSIFCloseL(file);
    struct Unlink {
        std::string name;
        ~Unlink() {
            VSIUnlink(name.c_str());
            VSIUnlink((name + ".aux.xml").c_str());
        }
    } unlink{name};

    DatasetPtr dataset(GDALDataset::FromHandle(
        GDALOpenEx(name.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!dataset) throw InputError("decode_image: not an image GDAL can read" + Quiet::detail());
    GDALDatasetH ds = GDALDataset::ToHandle(dataset.get());
    const int bands = GDALGetRasterCount(ds);
    if (bands < 1 || bands > 4 || GDALGetRasterDataType(GDALGetRasterBand(ds, 1)) != GDT_Byte)
        throw InputError("decode_image: expected 1 to 4 bands of 8 bits, found " + std::to_string(bands) + " band(s)");
    RgbaImage image(GDALGetRasterXSize(ds), GDALGetRasterYSize(ds), Rgba{0, 0, 0, 255});
    // Grey (+ alpha) fills r, g and b from band 1; RGB(A) maps band by band.
    const int map_grey[4] = {1, 1, 1, 2};
    for (int channel = 0; channel < 4; ++channel) {
        const int band = bands <= 2 ? map_grey[channel] : channel + 1;
        if (band > bands) continue;  // no alpha band: stays opaque
        if (GDALRasterIO(GDALGetRasterBand(ds, band), GF_Read, 0, 0, image.width, image.height,
                         image.rgba.data() + channel, image.width, image.height, GDT_Byte, 4,
                         4 * image.width) != CE_None)
            throw InputError("decode_image: reading band " + std::to_string(band) + " failed" + Quiet::detail());
    }
    return image;
}

}  // namespace wn::render
