#include "waternet/render/map_image.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "waternet/core/error.hpp"
#include "waternet/render/render_window.hpp"

namespace wn::render {
namespace {

// Scales the alpha of every pixel (a layer's opacity).
void fade(RgbaImage& image, double opacity) {
    if (opacity >= 1.0) return;
    for (std::size_t i = 3; i < image.rgba.size(); i += 4)
        image.rgba[i] = static_cast<std::uint8_t>(std::lround(image.rgba[i] * opacity));
}

void blend(RgbaImage& image, int x, int y, Rgba colour) {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
    image.set(x, y, over(colour, image.at(x, y)));
}

// A square brush of `width` px centred on (x, y); painted, not blended, so overlapping stamps of one
// stroke do not darken each other.
void stamp(RgbaImage& image, int x, int y, int width, Rgba colour) {
    const int lo = -(width - 1) / 2, hi = width / 2;
    for (int dy = lo; dy <= hi; ++dy)
        for (int dx = lo; dx <= hi; ++dx)
            if (x + dx >= 0 && y + dy >= 0 && x + dx < image.width && y + dy < image.height)
                image.set(x + dx, y + dy, colour.a == 255 ? colour : over(colour, image.at(x + dx, y + dy)));
}

// Liang–Barsky clipping of the segment to [lo, hi_x] × [lo, hi_y] (pixel coordinates with a margin), so a
// ring far outside the window costs nothing. False if nothing is left.
bool clip(double& x0, double& y0, double& x1, double& y1, double lo, double hi_x, double hi_y) {
    double t0 = 0.0, t1 = 1.0;
    const double dx = x1 - x0, dy = y1 - y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x0 - lo, hi_x - x0, y0 - lo, hi_y - y0};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0.0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    const double ax = x0 + t0 * dx, ay = y0 + t0 * dy;
    x1 = x0 + t1 * dx, y1 = y0 + t1 * dy;
    x0 = ax, y0 = ay;
    return true;
}

void draw_segment(RgbaImage& image, double x0, double y0, double x1, double y1, int width, Rgba colour) {
    if (!clip(x0, y0, x1, y1, -8.0, image.width + 8.0, image.height + 8.0)) return;
    const double steps = std::ceil(std::max(std::abs(x1 - x0), std::abs(y1 - y0)));
    const int n = static_cast<int>(steps);
    for (int i = 0; i <= n; ++i) {
        const double t = n == 0 ? 0.0 : static_cast<double>(i) / n;
        stamp(image, static_cast<int>(std::floor(x0 + t * (x1 - x0))), static_cast<int>(std::floor(y0 + t * (y1 - y0))),
              width, colour);
    }
}

}  // namespace

PixelSize fit_window(const MapWindow& w, int max_width_px, int max_height_px) {
    if (!(std::isfinite(w.min_x) && std::isfinite(w.min_y) && std::isfinite(w.max_x) && std::isfinite(w.max_y)) ||
        !(w.max_x > w.min_x) || !(w.max_y > w.min_y))
        throw InputError("map window must be finite with max_x > min_x and max_y > min_y");
    if (max_width_px < 1 || max_height_px < 1 || max_width_px > 16384 || max_height_px > 16384)
        throw InputError("map image bounds must be 1..16384 px (got " + std::to_string(max_width_px) + " x " +
                         std::to_string(max_height_px) + ")");
    const double aspect = (w.max_y - w.min_y) / (w.max_x - w.min_x);  // height / width
    PixelSize size{max_width_px, static_cast<int>(std::lround(max_width_px * aspect))};
    if (size.height > max_height_px) size = {static_cast<int>(std::lround(max_height_px / aspect)), max_height_px};
    size.width = std::clamp(size.width, 1, max_width_px);
    size.height = std::clamp(size.height, 1, max_height_px);
    return size;
}

RgbaImage map_image(GridView<const float> values, const GeoTransform& transform, const Legend& legend,
                    const MapImageOptions& options) {
    if (values.empty()) throw InputError("map_image: the grid is empty");
    if (options.outline_width_px < 1 || options.outline_width_px > 4)
        throw InputError("map_image: outline width must be 1..4 px");
    if (options.point_radius_px < 1 || options.point_radius_px > 20)
        throw InputError("map_image: point radius must be 1..20 px");
    if (!(options.shade_opacity >= 0.0 && options.shade_opacity <= 1.0) ||
        !(options.values_opacity >= 0.0 && options.values_opacity <= 1.0))
        throw InputError("map_image: opacities must be in [0, 1]");

    const MapWindow w = options.window.value_or(
        MapWindow{transform.origin_x, transform.origin_y - static_cast<double>(values.rows()) * transform.cell_size_m,
                  transform.origin_x + static_cast<double>(values.cols()) * transform.cell_size_m, transform.origin_y});
    const PixelSize size = fit_window(w, options.max_width_px, options.max_height_px);

    RgbaImage image(size.width, size.height, options.background);
    if (!options.shade.empty()) {
        RgbaImage shade = render_window(options.shade, options.shade_transform.value_or(transform), w.min_x, w.min_y,
                                        w.max_x, w.max_y, size.width, size.height, render::legend("hillshade"));
        fade(shade, options.shade_opacity);
        composite_over(image, shade);
    }
    RgbaImage theme =
        render_window(values, transform, w.min_x, w.min_y, w.max_x, w.max_y, size.width, size.height, legend);
    fade(theme, options.values_opacity);
    composite_over(image, theme);

    const double sx = size.width / (w.max_x - w.min_x), sy = size.height / (w.max_y - w.min_y);
    auto px = [&](const MapPoint& p) { return std::pair{(p.x - w.min_x) * sx, (w.max_y - p.y) * sy}; };
    for (const auto& ring : options.outlines) {
        const std::size_t n = ring.size();
        const std::size_t segments = options.close_outlines && n > 2 ? n : (n > 0 ? n - 1 : 0);
        for (std::size_t i = 0; i < segments; ++i) {
            const auto [x0, y0] = px(ring[i]);
            const auto [x1, y1] = px(ring[(i + 1) % n]);
            draw_segment(image, x0, y0, x1, y1, options.outline_width_px, options.outline_colour);
        }
    }
    const int r = options.point_radius_px;
    const Rgba rim{255, 255, 255, 255};
    for (const auto& p : options.points) {
        const auto [fx, fy] = px(p);
        if (!(fx > -r - 2 && fy > -r - 2 && fx < size.width + r + 2 && fy < size.height + r + 2)) continue;
        const int cx = static_cast<int>(std::floor(fx)), cy = static_cast<int>(std::floor(fy));
        for (int dy = -r - 1; dy <= r + 1; ++dy)
            for (int dx = -r - 1; dx <= r + 1; ++dx) {
                const int d2 = dx * dx + dy * dy;
                if (d2 <= r * r)
                    blend(image, cx + dx, cy + dy, options.point_colour);
                else if (d2 <= (r + 1) * (r + 1))
                    blend(image, cx + dx, cy + dy, rim);
            }
    }
    return image;
}

}  // namespace wn::render
