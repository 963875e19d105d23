#include "waternet/render/image.hpp"

#include <cmath>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::render {

RgbaImage::RgbaImage(int width_px, int height_px, Rgba fill) : width(width_px), height(height_px) {
    if (width_px < 0 || height_px < 0)
        throw InputError("image size " + std::to_string(width_px) + " x " + std::to_string(height_px) + " is negative");
    rgba.resize(static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px) * 4);  // zeros
    if (fill == kTransparent) return;
    for (std::size_t i = 0; i < rgba.size(); i += 4) {
        rgba[i] = fill.r, rgba[i + 1] = fill.g, rgba[i + 2] = fill.b, rgba[i + 3] = fill.a;
    }
}

Rgba over(Rgba above, Rgba below) {
    if (above.a == 255 || below.a == 0) return above.a == 0 ? kTransparent : above;
    if (above.a == 0) return below;
    const double as = above.a / 255.0, ad = below.a / 255.0;
    const double a = as + ad * (1.0 - as);
    auto mix = [&](std::uint8_t cs, std::uint8_t cd) {
        return static_cast<std::uint8_t>(std::lround((cs * as + cd * ad * (1.0 - as)) / a));
    };
    return {mix(above.r, below.r), mix(above.g, below.g), mix(above.b, below.b),
            static_cast<std::uint8_t>(std::lround(a * 255.0))};
}

void composite_over(RgbaImage& below, const RgbaImage& above) {
    if (below.width != above.width || below.height != above.height)
        throw InputError("cannot composite a " + std::to_string(above.width) + " x " + std::to_string(above.height) +
                         " image over a " + std::to_string(below.width) + " x " + std::to_string(below.height) +
                         " one: sizes differ");
    std::uint8_t* d = below.rgba.data();
    const std::uint8_t* s = above.rgba.data();
    const std::size_t n = below.rgba.size();
    for (std::size_t i = 0; i < n; i += 4) {
        if (s[i + 3] == 0) continue;  // most overlay pixels are empty: keep this loop cheap for them
        const Rgba c = over({s[i], s[i + 1], s[i + 2], s[i + 3]}, {d[i], d[i + 1], d[i + 2], d[i + 3]});
        d[i] = c.r, d[i + 1] = c.g, d[i + 2] = c.b, d[i + 3] = c.a;
    }
}

}  // namespace wn::render
