// PET maps after the WUR method (Koopmans et al. 2020; formulas in heat/pet.hpp): per hour, per cell, the sun or
// the shade regression, decided by that hour's shade map. Pure kernels on views, OpenMP over rows.
//
// Per cell and hour:
//   Ta   = station air temperature + uhi_fraction · UHImax(cell)      (heat/pet.hpp uhi_max_k; UHImax from the
//          neighbourhood SVF and vegetation fraction; uhi_fraction: see pipeline/heat_job.hpp HeatParameters)
//   Tw   = Stull wet-bulb temperature of the station's Ta and RH (the humidity is the station's; the city's extra
//          heat barely changes the wet-bulb temperature of the same air mass)
//   u    = the pedestrian wind of that hour (heat/wind.hpp), already floored at 0.5 m/s
//   SVF  = the pedestrian's sky view factor (heat/sky_view.hpp on the DSM; under a tree crown multiplied by the
//          crown's sky factor, see pedestrian_sky_view)
//   shaded (the shade map says so, or the cell lies under a tree crown) → PET_shade(Ta, u, Tw, SVF, Q_dif)
//   else → PET_sun(Ta, u, Tw, SVF, Q, φ, B) with B = 0.4 on vegetation, 3 elsewhere.
// Cells excluded (buildings: no pedestrian on the roof) or with no data are NaN.
#pragma once

#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::heat {

// The weather of one hour, at the station, and the sun in the middle of that hour.
struct PetHourWeather {
    double ta_c = 0.0;
    double rh_pct = 0.0;
    double global_w_m2 = 0.0;   // Q: global radiation, the hour's mean
    double diffuse_w_m2 = 0.0;  // Q_dif: its diffuse part (heat/sun.hpp split_global_radiation)
    double sun_altitude_deg = 0.0;
};

struct PetCellInputs {
    GridView<const float> sky_view;            // pedestrian SVF (0..1)
    GridView<const std::uint8_t> vegetation;   // 1 = vegetated
    GridView<const std::uint8_t> under_crown;  // 1 = a tree crown overhead: always in shade
    GridView<const std::uint8_t> excluded;     // 1 = no PET (buildings)
    GridView<const float> uhi_k;               // UHImax per cell (K)
};

// pet_c: PET of the hour. shade: heat/shade.hpp codes of the hour (kShaded, kSunlit, kShadeNoData).
// wind_m_per_s: pedestrian wind of the hour. shaded_out (may be empty): 1 where the shade PET was used.
void pet_hour(const PetHourWeather& w, const PetCellInputs& in, GridView<const std::uint8_t> shade,
              GridView<const float> wind_m_per_s, double uhi_fraction, GridView<float> pet_c,
              GridView<std::uint8_t> shaded_out = {});

// The pedestrian sky view factor: the DSM's SVF, times crown_sky_factor under a tree crown (the observer stands
// below the crown, which hides most of the sky the crown-top SVF counts).
void pedestrian_sky_view(GridView<const float> svf_dsm, GridView<const std::uint8_t> under_crown,
                         double crown_sky_factor, GridView<float> out);

// PET classes (heat/pet.hpp PetClass codes; kPetClassNoData for NaN).
void classify_pet(GridView<const float> pet_c, GridView<std::uint8_t> out);

}  // namespace wn::heat
