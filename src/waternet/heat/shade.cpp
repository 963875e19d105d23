#include "waternet/heat/shade.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "waternet/heat/horizon_sweep.hpp"

namespace wn::heat {

void shade(GridView<const float> surface, double cell_size_m, double sun_altitude_deg, double sun_azimuth_deg,
           GridView<std::uint8_t> out, int threads) {
    if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m))
        throw InputError("shade: the cell size must be a positive number of metres, got " +
                         std::to_string(cell_size_m));
    if (!std::isfinite(sun_altitude_deg) || !std::isfinite(sun_azimuth_deg))
        throw InputError("shade: the sun's altitude and azimuth must be finite numbers");
    if (surface.rows() != out.rows() || surface.cols() != out.cols())
        throw std::logic_error("shade: output view shape differs from the surface");

    if (sun_altitude_deg <= 0.0 || sun_altitude_deg >= 90.0) {
        const std::uint8_t all = sun_altitude_deg <= 0.0 ? kShaded : kSunlit;
        for (index_t r = 0; r < surface.rows(); ++r)
            for (index_t c = 0; c < surface.cols(); ++c) out(r, c) = std::isnan(surface(r, c)) ? kShadeNoData : all;
        return;
    }
    const float tan_sun = static_cast<float>(std::tan(sun_altitude_deg * (std::numbers::pi / 180.0)));
    detail::direction_map(surface, cell_size_m, sun_azimuth_deg, threads, out, [tan_sun](float t) -> std::uint8_t {
        if (std::isnan(t)) return kShadeNoData;
        return t > tan_sun ? kShaded : kSunlit;
    });
}

Grid<std::uint8_t> shade(GridView<const float> surface, double cell_size_m, double sun_altitude_deg,
                         double sun_azimuth_deg, int threads) {
    Grid<std::uint8_t> out(surface.rows(), surface.cols());
    shade(surface, cell_size_m, sun_altitude_deg, sun_azimuth_deg, out.view(), threads);
    return out;
}

}  // namespace wn::heat
