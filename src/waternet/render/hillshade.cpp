#include "waternet/render/hillshade.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace wn::render {

Grid<float> hillshade(GridView<const float> terrain_m, double cell_size_m, double azimuth_deg, double altitude_deg,
                      double z_factor) {
    if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m))
        throw InputError("hillshade: the cell size must be positive (got " + std::to_string(cell_size_m) + " m)");
    if (!(z_factor > 0.0) || !std::isfinite(z_factor))
        throw InputError("hillshade: the z factor must be positive (got " + std::to_string(z_factor) + ")");
    if (!(altitude_deg > 0.0 && altitude_deg <= 90.0))
        throw InputError("hillshade: the sun's altitude must be in (0, 90] degrees (got " +
                         std::to_string(altitude_deg) + ")");
    if (!std::isfinite(azimuth_deg)) throw InputError("hillshade: the azimuth must be finite");

    const index_t rows = terrain_m.rows(), cols = terrain_m.cols();
    Grid<float> shade(rows, cols, std::numeric_limits<float>::quiet_NaN());
    constexpr double deg = std::numbers::pi / 180.0;
    // Unit vector towards the sun in (east, north, up).
    const double sx = std::sin(azimuth_deg * deg) * std::cos(altitude_deg * deg);
    const double sy = std::cos(azimuth_deg * deg) * std::cos(altitude_deg * deg);
    const double sz = std::sin(altitude_deg * deg);
    const double scale = z_factor / (8.0 * cell_size_m);

#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < rows; ++r) {
        for (index_t c = 0; c < cols; ++c) {
            const double e = terrain_m(r, c);
            if (std::isnan(e)) continue;
            auto z = [&](index_t dr, index_t dc) {
                const index_t rr = r + dr, cc = c + dc;
                if (!terrain_m.contains(rr, cc)) return e;
                const double v = terrain_m(rr, cc);
                return std::isnan(v) ? e : v;
            };
            // a b c / d e f / g h i, row r-1 (north) on top.
            const double a = z(-1, -1), b = z(-1, 0), cc = z(-1, 1);
            const double d = z(0, -1), f = z(0, 1);
            const double g = z(1, -1), h = z(1, 0), i = z(1, 1);
            const double dz_dx = ((cc + 2 * f + i) - (a + 2 * d + g)) * scale;  // rise per metre eastward
            const double dz_dy = ((a + 2 * b + cc) - (g + 2 * h + i)) * scale;  // rise per metre northward
            // Surface normal (−dz/dx, −dz/dy, 1), normalised, dotted with the sun.
            const double lit = (-dz_dx * sx - dz_dy * sy + sz) / std::sqrt(dz_dx * dz_dx + dz_dy * dz_dy + 1.0);
            shade(r, c) = static_cast<float>(255.0 * std::max(0.0, lit));
        }
    }
    return shade;
}

}  // namespace wn::render
