#include "waternet/drought/evaporation.hpp"

#include <cmath>
#include <stdexcept>

namespace wn::drought {

double saturation_vapour_pressure_hpa(double t_c) { return 6.107 * std::pow(10.0, 7.5 * t_c / (237.3 + t_c)); }

double saturation_slope_hpa_per_k(double t_c) {
    const double d = 237.3 + t_c;
    return 7.5 * 237.3 / (d * d) * std::log(10.0) * saturation_vapour_pressure_hpa(t_c);
}

double psychrometric_constant_hpa_per_k(double t_c) { return 0.646 + 0.0006 * t_c; }

double latent_heat_j_per_kg(double t_c) { return 1000.0 * (2501.0 - 2.375 * t_c); }

double makkink_mm(double radiation_j_per_m2, double t_mean_c, const MakkinkConstants& k) {
    if (!(radiation_j_per_m2 >= 0.0)) throw std::logic_error("makkink_mm: radiation must be >= 0");
    const double s = saturation_slope_hpa_per_k(t_mean_c);
    const double gamma = psychrometric_constant_hpa_per_k(t_mean_c);
    const double metres =
        k.c * s / (s + gamma) * radiation_j_per_m2 / (k.water_density * latent_heat_j_per_kg(t_mean_c));
    return metres * 1000.0;
}

double makkink_mm_from_j_per_cm2(double radiation_j_per_cm2, double t_mean_c, const MakkinkConstants& k) {
    return makkink_mm(radiation_j_per_cm2 * 1.0e4, t_mean_c, k);
}

}  // namespace wn::drought
