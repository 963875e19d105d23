// RGBA images in memory and alpha compositing (the "over" operator of Porter & Duff 1984, on straight,
// not premultiplied, 8-bit colours).
#pragma once

#include <cstdint>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/render/legend.hpp"

namespace wn::render {

// Row-major, top row first, 4 bytes per pixel (r, g, b, a), straight alpha.
struct RgbaImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;

    RgbaImage() = default;
    // A width × height image filled with `fill` (transparent by default); InputError for a negative size.
    RgbaImage(int width_px, int height_px, Rgba fill = kTransparent);

    Rgba at(int x, int y) const {
        const std::uint8_t* p = rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
        return {p[0], p[1], p[2], p[3]};
    }
    void set(int x, int y, Rgba c) {
        std::uint8_t* p = rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
        p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = c.a;
    }
};

// One pixel `above` over `below`: a = a_s + a_d(1 − a_s), c = (c_s a_s + c_d a_d (1 − a_s)) / a, rounded.
Rgba over(Rgba above, Rgba below);

// below := above over below, pixel by pixel. InputError if the sizes differ.
void composite_over(RgbaImage& below, const RgbaImage& above);

}  // namespace wn::render
