#include "waternet/heat/wind.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::heat {

double roughness_length_m(double mean_obstacle_height_m, const WindProfile& p) {
    return std::max(p.open_z0_m, p.z0_per_height * std::max(0.0, mean_obstacle_height_m));
}

double pedestrian_wind_m_per_s(double station_wind, double z0, const WindProfile& p) {
    if (!(station_wind >= 0.0))
        throw InputError("wind: the station wind speed must be a number >= 0 m/s, got " + std::to_string(station_wind));
    const double u_b =
        station_wind * std::log(p.blending_height_m / p.station_z0_m) / std::log(p.station_height_m / p.station_z0_m);
    if (!(z0 < p.pedestrian_height_m)) return p.floor_m_per_s;
    const double u = u_b * std::log(p.pedestrian_height_m / z0) / std::log(p.blending_height_m / z0);
    return std::max(u, p.floor_m_per_s);
}

void upwind_mean_height(const SummedArea& h, double cell_size_m, double fetch_m, double wind_from_deg,
                        GridView<float> out) {
    if (out.rows() != h.rows() || out.cols() != h.cols())
        throw std::logic_error("upwind_mean_height: output shape differs from the table");
    const index_t half = std::max<index_t>(0, std::lround(fetch_m / cell_size_m / 2.0));
    index_t dr = 0, dc = 0;
    if (!std::isnan(wind_from_deg)) {
        // Upwind = toward where the wind comes from; north is −row.
        const double a = wind_from_deg * std::numbers::pi / 180.0;
        dc = std::lround(std::sin(a) * static_cast<double>(half));
        dr = std::lround(-std::cos(a) * static_cast<double>(half));
    }
#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < h.rows(); ++r)
        for (index_t c = 0; c < h.cols(); ++c) {
            double m = h.box_mean(r + dr - half, c + dc - half, r + dr + half, c + dc + half);
            if (std::isnan(m)) m = h.box_mean(r - half, c - half, r + half, c + half);  // fetch beyond the grid
            out(r, c) = static_cast<float>(m);
        }
}

void pedestrian_wind_map(const SummedArea& h, double cell_size_m, double fetch_m, double station_wind,
                         double wind_from_deg, GridView<float> out, const WindProfile& p) {
    if (!(station_wind >= 0.0))
        throw InputError("wind: the station wind speed must be a number >= 0 m/s, got " + std::to_string(station_wind));
    upwind_mean_height(h, cell_size_m, fetch_m, wind_from_deg, out);
#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < out.rows(); ++r)
        for (index_t c = 0; c < out.cols(); ++c) {
            const float hm = out(r, c);
            out(r, c) = std::isnan(hm)
                            ? hm
                            : static_cast<float>(pedestrian_wind_m_per_s(station_wind, roughness_length_m(hm, p), p));
        }
}

}  // namespace wn::heat
