// Makkink reference evaporation, KNMI's formulation.
//
//   E_ref = C · s/(s+γ) · K↓ / (ρ_w λ)                 (m of water; here returned in mm)
//
// with C = 0.65 (the Makkink constant as KNMI uses it), K↓ the global radiation (J/m²), ρ_w = 1000 kg/m³,
//   s  = d e_s/dT, the slope of the saturation vapour pressure curve at T, from e_s = 6.107 · 10^(7.5 T/(237.3+T))
//        hPa (Magnus/Tetens): s = 7.5 · 237.3 / (237.3+T)² · ln(10) · e_s   [hPa/K]
//   γ  = 0.646 + 0.0006 T   [hPa/K], the psychrometric constant (≈ 0.066 kPa/K)
//   λ  = 1000 · (2501 − 2.375 T)  [J/kg], the latent heat of vaporisation
// and T the daily mean air temperature (°C). Daily E_ref from the daily global radiation sum and the daily
// mean temperature, as KNMI computes its published daily EV24.
// Sources: de Bruin, H.A.R. & Lablans, W.N. (1998), Reference crop evapotranspiration determined with a
// modified Makkink equation, Hydrological Processes 12, 1053-1062; Hooghart & Lablans (1988), KNMI; KNMI's
// description of EV24 in its daily data (Makkink reference crop evaporation).
#pragma once

namespace wn::drought {

struct MakkinkConstants {
    double c = 0.65;                // Makkink coefficient (-)
    double water_density = 1000.0;  // kg/m³
};

// Saturation vapour pressure (hPa) and its slope (hPa/K) at T (°C).
double saturation_vapour_pressure_hpa(double t_c);
double saturation_slope_hpa_per_k(double t_c);
// Psychrometric constant (hPa/K) and latent heat of vaporisation (J/kg) at T (°C).
double psychrometric_constant_hpa_per_k(double t_c);
double latent_heat_j_per_kg(double t_c);

// Makkink reference evaporation (mm) for a period with global radiation `radiation_j_per_m2` (J/m², the
// period's sum) at mean temperature `t_mean_c`. Radiation < 0 is a logic error; the result is >= 0.
double makkink_mm(double radiation_j_per_m2, double t_mean_c, const MakkinkConstants& k = {});
// The same with KNMI's radiation unit (J/cm², e.g. the daily sum of Q).
double makkink_mm_from_j_per_cm2(double radiation_j_per_cm2, double t_mean_c, const MakkinkConstants& k = {});

}  // namespace wn::drought
