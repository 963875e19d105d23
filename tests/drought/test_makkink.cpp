// Makkink reference evaporation against hand-computed days.
#include <gtest/gtest.h>

#include "waternet/drought/evaporation.hpp"

namespace wn::drought {
namespace {

// 20 °C, 2000 J/cm² (a sunny summer day):
//   e_s = 6.107 · 10^(150/257.3) = 23.378 hPa
//   s   = 7.5 · 237.3 / 257.3² · ln 10 · 23.378 = 1.4471 hPa/K
//   γ   = 0.646 + 0.012 = 0.658 hPa/K;   λ = 1000 (2501 − 47.5) = 2.4535e6 J/kg
//   E   = 0.65 · 1.4471/2.1051 · 2e7 J/m² / (1000 kg/m³ · 2.4535e6 J/kg) = 3.6424 mm
TEST(Makkink, HandComputedSummerDay) {
    EXPECT_NEAR(saturation_vapour_pressure_hpa(20.0), 23.378, 1e-3);
    EXPECT_NEAR(saturation_slope_hpa_per_k(20.0), 1.4471, 1e-4);
    EXPECT_NEAR(psychrometric_constant_hpa_per_k(20.0), 0.658, 1e-12);
    EXPECT_NEAR(latent_heat_j_per_kg(20.0), 2.4535e6, 1e-6);
    EXPECT_NEAR(makkink_mm_from_j_per_cm2(2000.0, 20.0), 3.6424, 1e-3);
    EXPECT_NEAR(makkink_mm(2.0e7, 20.0), 3.6424, 1e-3);
}

// 10 °C, 1000 J/cm² (spring): e_s = 12.277 hPa, s = 0.82268 hPa/K, γ = 0.652, λ = 2.47725e6 → 1.4638 mm.
TEST(Makkink, HandComputedSpringDay) { EXPECT_NEAR(makkink_mm_from_j_per_cm2(1000.0, 10.0), 1.4638, 1e-3); }

TEST(Makkink, SlopeIsTheDerivativeOfSaturationPressure) {
    for (double t : {-5.0, 0.0, 15.0, 30.0}) {
        const double h = 1e-4;
        const double numeric =
            (saturation_vapour_pressure_hpa(t + h) - saturation_vapour_pressure_hpa(t - h)) / (2 * h);
        EXPECT_NEAR(saturation_slope_hpa_per_k(t), numeric, 1e-6) << t;
    }
}

TEST(Makkink, LinearInRadiationZeroWithoutAndRisingWithTemperature) {
    EXPECT_DOUBLE_EQ(makkink_mm(0.0, 20.0), 0.0);
    EXPECT_NEAR(makkink_mm(4.0e7, 20.0), 2.0 * makkink_mm(2.0e7, 20.0), 1e-12);
    EXPECT_LT(makkink_mm(2.0e7, 5.0), makkink_mm(2.0e7, 25.0));
    EXPECT_THROW(makkink_mm(-1.0, 20.0), std::logic_error);
}

}  // namespace
}  // namespace wn::drought
