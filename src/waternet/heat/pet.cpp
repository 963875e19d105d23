#include "waternet/heat/pet.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wn::heat {

double wet_bulb_stull_c(double t, double rh) {
    return t * std::atan(0.151977 * std::sqrt(rh + 8.313659)) + std::atan(t + rh) - std::atan(rh - 1.676331) +
           0.00391838 * std::pow(rh, 1.5) * std::atan(0.023101 * rh) - 4.686035;
}

double pet_shade_c(double ta, double u, double tw, double svf, double q_dif) {
    const double tk = ta + 273.15;
    return -12.14 + 1.25 * ta - 1.47 * std::log(u) + 0.060 * tw + 0.015 * svf * q_dif +
           0.0060 * (1.0 - svf) * kStefanBoltzmann * tk * tk * tk * tk;
}

double pet_sun_c(double ta, double u, double tw, double svf, double q, double altitude_deg, double bowen) {
    const double ln_u = std::log(u);
    const double sin_phi = std::sin(altitude_deg * (3.14159265358979323846 / 180.0));
    return -13.26 + 1.25 * ta + 0.011 * q - 3.37 * ln_u + 0.078 * tw + 0.0055 * q * ln_u + 5.56 * sin_phi -
           0.0103 * q * ln_u * sin_phi + 0.546 * bowen + 1.94 * svf;
}

double uhi_max_k(double svf, double f_veg, double mean_global_w_m2, double dtr_k, double mean_wind) {
    if (!(mean_global_w_m2 > 0.0) || !(dtr_k > 0.0)) return 0.0;
    const double s_kinematic = mean_global_w_m2 / kAirHeatCapacityJPerM3K;
    const double u = std::max(mean_wind, kMinWindMPerS);
    return (2.0 - svf - f_veg) * std::pow(s_kinematic * dtr_k * dtr_k * dtr_k / u, 0.25);
}

PetClass pet_class(double pet_c) {
    if (std::isnan(pet_c)) throw std::logic_error("pet_class: PET is NaN");
    if (pet_c < kPetClassBounds[0]) return PetClass::none;
    if (pet_c < kPetClassBounds[1]) return PetClass::slight;
    if (pet_c < kPetClassBounds[2]) return PetClass::moderate;
    if (pet_c < kPetClassBounds[3]) return PetClass::strong;
    return PetClass::extreme;
}

std::string_view pet_class_name(PetClass c) {
    switch (c) {
        case PetClass::none:
            return "no";
        case PetClass::slight:
            return "slight";
        case PetClass::moderate:
            return "moderate";
        case PetClass::strong:
            return "strong";
        case PetClass::extreme:
            return "extreme";
    }
    return "?";
}

}  // namespace wn::heat
