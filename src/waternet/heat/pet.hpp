// Physiological Equivalent Temperature (PET) at 1.2 m after the Dutch standard heat map method (WUR):
// Koopmans, S., Heusinkveld, B.G. & Steeneveld, G.J. (2020), "A standardized Physical Equivalent Temperature urban
// heat map at 1-m spatial resolution to facilitate climate stress tests in the Netherlands", Building and
// Environment 181, 106984. Point functions (no grids): the two published regressions (PET in sun and in shade,
// fitted to RayMan), the wet-bulb temperature they need, the urban heat island they add to the station air
// temperature, and the PET classes of the stress test. The grid work is heat/pet_map.hpp.
//
// Units: temperatures °C (UHI in K), wind m/s at 1.2 m, radiation W/m², angles in degrees, humidity in %.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace wn::heat {

inline constexpr double kStefanBoltzmann = 5.670374419e-8;  // W m⁻² K⁻⁴ (CODATA 2018)

// Wet-bulb temperature from air temperature and relative humidity at sea-level pressure, Stull (2011), "Wet-bulb
// temperature from relative humidity and air temperature", J. Appl. Meteor. Climatol. 50, 2267–2269, eq. 1:
//   Tw = T·atan(0.151977·(RH + 8.313659)^½) + atan(T + RH) − atan(RH − 1.676331)
//        + 0.00391838·RH^(3/2)·atan(0.023101·RH) − 4.686035
// Valid for RH 5–99 % and T −20..50 °C (errors within −1..+0.65 K); outside that range it is used as is.
// Stull's check value: T = 20 °C, RH = 50 % → Tw = 13.7 °C.
double wet_bulb_stull_c(double t_c, double rh_pct);

// Koopmans et al. (2020), PET in the shade:
//   PET_shade = −12.14 + 1.25·Ta − 1.47·ln u + 0.060·Tw + 0.015·SVF·Q_dif + 0.0060·(1 − SVF)·σ·(Ta + 273.15)⁴
double pet_shade_c(double ta_c, double wind_m_per_s, double tw_c, double sky_view_factor, double diffuse_w_m2);

// Koopmans et al. (2020), PET in the sun:
//   PET_sun = −13.26 + 1.25·Ta + 0.011·Q − 3.37·ln u + 0.078·Tw + 0.0055·Q·ln u + 5.56·sin φ
//             − 0.0103·Q·ln u·sin φ + 0.546·B + 1.94·SVF
// Q global radiation, φ the sun's altitude, B the Bowen ratio of the surface (kBowenVegetation / kBowenOther).
double pet_sun_c(double ta_c, double wind_m_per_s, double tw_c, double sky_view_factor, double global_w_m2,
                 double sun_altitude_deg, double bowen_ratio);

inline constexpr double kBowenVegetation = 0.4;  // Koopmans et al. (2020)
inline constexpr double kBowenOther = 3.0;

// The daily maximum urban heat island (K), Theeuwes, N.E., Steeneveld, G.J., Ronda, R.J. & Holtslag, A.A.M.
// (2017), "A diagnostic equation for the daily maximum urban heat island effect for cities in northwestern
// Europe", Int. J. Climatol. 37, 443–454:
//   UHImax = (2 − SVF − F_veg) · (S · DTR³ / U)^(1/4)
// SVF and F_veg are neighbourhood means (0..1), S the daily mean global radiation expressed as a kinematic flux
// S↓/(ρ·c_p) in K·m/s (so the fourth root gives kelvin), DTR the rural daily temperature range (K), U the daily
// mean 10 m wind (m/s). U is floored at kMinWindMPerS; S or DTR ≤ 0 give 0.
double uhi_max_k(double sky_view_factor, double vegetation_fraction, double mean_global_w_m2, double dtr_k,
                 double mean_wind_10m_m_per_s);
inline constexpr double kAirHeatCapacityJPerM3K = 1.2 * 1005.0;  // ρ·c_p of near-surface air

inline constexpr double kMinWindMPerS = 0.5;  // the method's floor on wind speed (Koopmans et al. 2020)

// PET classes of the stress test (stresstest-nl.md): < 23 no, 23–29 slight, 29–35 moderate, 35–41 strong,
// > 41 extreme heat stress. A value on a boundary goes to the higher class (29.0 is moderate).
enum class PetClass : std::uint8_t { none = 1, slight = 2, moderate = 3, strong = 4, extreme = 5 };
inline constexpr std::uint8_t kPetClassNoData = 0;
inline constexpr std::array<double, 4> kPetClassBounds{23.0, 29.0, 35.0, 41.0};
PetClass pet_class(double pet_c);             // NaN is a logic error; check first
std::string_view pet_class_name(PetClass c);  // "no", "slight", "moderate", "strong", "extreme"

}  // namespace wn::heat
