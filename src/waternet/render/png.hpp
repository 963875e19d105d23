// PNG bytes of an RGBA image and back, in memory (GDAL's MEM and PNG drivers on /vsimem/, no temporary
// files), for map tiles served over HTTP and images embedded in reports. Thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "waternet/render/image.hpp"

namespace wn::render {

// An 8-bit RGBA PNG. InputError for an empty image or one whose buffer is not width × height × 4 bytes.
// The one-argument form uses zlib level 6 (GDAL's default: small files for reports); a tile server answering
// per request may prefer level 1 (several times faster, files somewhat larger: bench/bench_render.cpp).
std::vector<std::uint8_t> encode_png(const RgbaImage& image);
// zlib_level 1 (fastest) .. 9 (smallest); InputError outside.
std::vector<std::uint8_t> encode_png(const RgbaImage& image, int zlib_level);

// Any image GDAL reads from memory (PNG, JPEG, ...) with 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA)
// 8-bit bands, as RGBA. InputError for bytes GDAL cannot read.
RgbaImage decode_image(std::span<const std::uint8_t> bytes);

}  // namespace wn::render
