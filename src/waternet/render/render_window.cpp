#include "waternet/render/render_window.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::render {
namespace {

constexpr int kMaxSidePx = 16384;
constexpr std::size_t kMaxFastClasses = 16;

// The smallest float >= x: for a float v, v >= x (in double) exactly when v >= this, so classing floats
// against float bounds agrees bit for bit with Legend::colour_of on the same value.
float float_at_or_above(double x) {
    if (x > std::numeric_limits<float>::max()) return std::numeric_limits<float>::infinity();
    if (x < -static_cast<double>(std::numeric_limits<float>::max())) return -std::numeric_limits<float>::max();
    float f = static_cast<float>(x);
    if (static_cast<double>(f) < x) f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
}

std::uint32_t pack(Rgba c) {
    std::uint32_t p;
    const std::uint8_t bytes[4] = {c.r, c.g, c.b, c.a};
    std::memcpy(&p, bytes, 4);
    return p;
}

// Cell index under each pixel centre along one axis, or -1 outside the grid.
std::vector<index_t> cells_under_pixels(int pixels, double first_centre, double step, double origin, double cell,
                                        index_t cells, bool descending) {
    std::vector<index_t> index(static_cast<std::size_t>(pixels));
    for (int i = 0; i < pixels; ++i) {
        const double p = first_centre + step * i;
        const double k = std::floor(descending ? (origin - p) / cell : (p - origin) / cell);
        index[static_cast<std::size_t>(i)] = (k >= 0 && k < static_cast<double>(cells)) ? static_cast<index_t>(k) : -1;
    }
    return index;
}

}  // namespace

RgbaImage render_window(GridView<const float> values, const GeoTransform& transform, double min_x, double min_y,
                        double max_x, double max_y, int width, int height, const Legend& legend) {
    if (width <= 0 || height <= 0 || width > kMaxSidePx || height > kMaxSidePx)
        throw InputError("render_window: image size " + std::to_string(width) + " x " + std::to_string(height) +
                         " px must be 1.." + std::to_string(kMaxSidePx) + " a side");
    if (!(std::isfinite(min_x) && std::isfinite(min_y) && std::isfinite(max_x) && std::isfinite(max_y)) ||
        !(max_x > min_x) || !(max_y > min_y))
        throw InputError("render_window: the window must be finite with max_x > min_x and max_y > min_y");
    if (!(transform.cell_size_m > 0.0)) throw InputError("render_window: the grid's cell size must be positive");
    validate(legend);

    RgbaImage image(width, height);
    if (values.empty()) return image;

    const double px_w = (max_x - min_x) / width, px_h = (max_y - min_y) / height;
    const auto col_of = cells_under_pixels(width, min_x + 0.5 * px_w, px_w, transform.origin_x, transform.cell_size_m,
                                           values.cols(), false);
    const auto row_of = cells_under_pixels(height, max_y - 0.5 * px_h, -px_h, transform.origin_y, transform.cell_size_m,
                                           values.rows(), true);

    // Fast path (every discrete legend we ship): class = number of lower bounds the value reaches, counted
    // bound by bound over a whole pixel row so the compiler vectorises it; NaN reaches none.
    const bool fast = legend.interpolation == Interpolation::discrete && legend.classes.size() <= kMaxFastClasses;
    std::array<std::uint32_t, kMaxFastClasses + 1> palette{};
    std::array<float, kMaxFastClasses> bounds{};
    const std::size_t n_classes = legend.classes.size();
    if (fast) {
        palette[0] = pack(kTransparent);
        for (std::size_t k = 0; k < n_classes; ++k) {
            bounds[k] = float_at_or_above(legend.classes[k].lower);
            palette[k + 1] = pack(legend.classes[k].colour);
        }
    }

    // Row buffers as separate arrays of non-char types, so the compiler knows they do not alias and
    // vectorises the class counting.
    std::vector<float> row_values(static_cast<std::size_t>(width));
    std::vector<std::int32_t> row_class(static_cast<std::size_t>(width));
    std::vector<std::uint32_t> row_rgba(static_cast<std::size_t>(width));
    float* __restrict vals = row_values.data();
    std::int32_t* __restrict cls = row_class.data();
    std::uint32_t* __restrict px = row_rgba.data();
    const index_t* __restrict cols = col_of.data();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (int y = 0; y < height; ++y) {
        const index_t r = row_of[static_cast<std::size_t>(y)];
        if (r < 0) continue;  // stays transparent
        const float* src = values.row(r);
        for (int x = 0; x < width; ++x) vals[x] = cols[x] >= 0 ? src[cols[x]] : nan;
        if (fast) {
            for (int x = 0; x < width; ++x) cls[x] = 0;
            for (std::size_t k = 0; k < n_classes; ++k) {
                const float bound = bounds[k];
                for (int x = 0; x < width; ++x) cls[x] += vals[x] >= bound ? 1 : 0;
            }
            for (int x = 0; x < width; ++x) px[x] = palette[static_cast<std::size_t>(cls[x])];
        } else {
            for (int x = 0; x < width; ++x) px[x] = pack(legend.colour_of(vals[x]));
        }
        std::memcpy(image.rgba.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 4, px,
                    static_cast<std::size_t>(width) * 4);
    }
    return image;
}

}  // namespace wn::render
