#include "waternet/heat/pet_map.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "waternet/heat/pet.hpp"
#include "waternet/heat/shade.hpp"

namespace wn::heat {
namespace {

template <class A, class B>
bool same_shape(const GridView<A>& a, const GridView<B>& b) {
    return a.rows() == b.rows() && a.cols() == b.cols();
}

}  // namespace

void pet_hour(const PetHourWeather& w, const PetCellInputs& in, GridView<const std::uint8_t> shade,
              GridView<const float> wind, double uhi_fraction, GridView<float> pet, GridView<std::uint8_t> shaded_out) {
    if (!same_shape(in.sky_view, pet) || !same_shape(in.vegetation, pet) || !same_shape(in.under_crown, pet) ||
        !same_shape(in.excluded, pet) || !same_shape(in.uhi_k, pet) || !same_shape(shade, pet) ||
        !same_shape(wind, pet) || (!shaded_out.empty() && !same_shape(shaded_out, pet)))
        throw std::logic_error("pet_hour: input grids differ in shape");
    // The regressions of heat/pet.hpp with everything that is constant over the hour taken out of the cell loop
    // (tested equal to pet_sun_c / pet_shade_c); per cell remain ln u, (Ta + 273.15)⁴ and a few products.
    const double tw = wet_bulb_stull_c(w.ta_c, w.rh_pct);
    const double sin_phi = std::sin(w.sun_altitude_deg * (3.14159265358979323846 / 180.0));
    const double q = w.global_w_m2;
    const double sun_const = -13.26 + 0.011 * q + 0.078 * tw + 5.56 * sin_phi;
    const double sun_ln_u = -3.37 + 0.0055 * q - 0.0103 * q * sin_phi;
    const double shade_const = -12.14 + 0.060 * tw;
    const double shade_dif = 0.015 * w.diffuse_w_m2;
    const double lw = 0.0060 * kStefanBoltzmann;
    const bool write_shaded = !shaded_out.empty();
#pragma omp parallel for schedule(static)
    for (index_t r = 0; r < pet.rows(); ++r)
        for (index_t c = 0; c < pet.cols(); ++c) {
            const float svf = in.sky_view(r, c);
            const std::uint8_t s = shade(r, c);
            if (in.excluded(r, c) != 0 || std::isnan(svf) || s == kShadeNoData || std::isnan(wind(r, c)) ||
                std::isnan(in.uhi_k(r, c))) {
                pet(r, c) = std::numeric_limits<float>::quiet_NaN();
                if (write_shaded) shaded_out(r, c) = 0;
                continue;
            }
            const double ta = w.ta_c + uhi_fraction * in.uhi_k(r, c);
            const double ln_u = std::log(static_cast<double>(wind(r, c)));
            const bool shaded = s == kShaded || in.under_crown(r, c) != 0;
            double value;
            if (shaded) {
                const double tk2 = (ta + 273.15) * (ta + 273.15);
                value = shade_const + 1.25 * ta - 1.47 * ln_u + shade_dif * svf + lw * (1.0 - svf) * tk2 * tk2;
            } else {
                const double bowen = in.vegetation(r, c) != 0 ? kBowenVegetation : kBowenOther;
                value = sun_const + 1.25 * ta + sun_ln_u * ln_u + 0.546 * bowen + 1.94 * svf;
            }
            pet(r, c) = static_cast<float>(value);
            if (write_shaded) shaded_out(r, c) = shaded ? 1 : 0;
        }
}

void pedestrian_sky_view(GridView<const float> svf, GridView<const std::uint8_t> under_crown, double crown_sky_factor,
                         GridView<float> out) {
    if (!same_shape(svf, out) || !same_shape(under_crown, out))
        throw std::logic_error("pedestrian_sky_view: input grids differ in shape");
    for (index_t r = 0; r < out.rows(); ++r)
        for (index_t c = 0; c < out.cols(); ++c)
            out(r, c) = under_crown(r, c) != 0 ? static_cast<float>(svf(r, c) * crown_sky_factor) : svf(r, c);
}

void classify_pet(GridView<const float> pet, GridView<std::uint8_t> out) {
    if (!same_shape(pet, out)) throw std::logic_error("classify_pet: output shape differs");
    for (index_t r = 0; r < out.rows(); ++r)
        for (index_t c = 0; c < out.cols(); ++c)
            out(r, c) = std::isnan(pet(r, c)) ? kPetClassNoData : static_cast<std::uint8_t>(pet_class(pet(r, c)));
}

}  // namespace wn::heat
