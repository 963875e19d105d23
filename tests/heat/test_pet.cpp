// PET regressions (Koopmans et al. 2020), Stull's wet-bulb temperature, the UHImax of Theeuwes et al. (2017) and
// the PET classes, each against a hand computation.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "waternet/heat/pet.hpp"

namespace wn::heat {
namespace {

TEST(WetBulb, StullsPublishedCheckValue) {
    // Stull (2011): T = 20 °C, RH = 50 % → Tw = 13.7 °C (the formula gives 13.699).
    EXPECT_NEAR(wet_bulb_stull_c(20.0, 50.0), 13.7, 0.01);
}

TEST(WetBulb, SaturatedAirIsAtItsOwnTemperatureAndDryAirIsCooler) {
    // At RH ≈ 100 % the wet bulb equals the air temperature within Stull's stated error (−1..+0.65 K).
    EXPECT_NEAR(wet_bulb_stull_c(25.0, 99.0), 25.0, 0.65);
    EXPECT_LT(wet_bulb_stull_c(35.0, 15.0), wet_bulb_stull_c(35.0, 50.0));
    EXPECT_LT(wet_bulb_stull_c(35.0, 15.0), 35.0 - 10.0);  // hot and dry: a large depression
}

TEST(Pet, SunRegressionHandCase) {
    // Ta = 30, u = 2, Tw = 20, SVF = 0.6, Q = 800, φ = 50°, B = 3; ln 2 = 0.693147, sin 50° = 0.766044:
    //   −13.26 + 37.5 + 8.8 − 2.335906 + 1.56 + 3.049848 + 4.259207 − 4.375288 + 1.638 + 1.164 = 37.999861
    EXPECT_NEAR(pet_sun_c(30.0, 2.0, 20.0, 0.6, 800.0, 50.0, kBowenOther), 37.999861, 1e-5);
    // Vegetation: B = 0.4 instead of 3 lowers PET by 0.546 · 2.6 = 1.4196.
    EXPECT_NEAR(pet_sun_c(30.0, 2.0, 20.0, 0.6, 800.0, 50.0, kBowenVegetation), 37.999861 - 1.4196, 1e-5);
}

TEST(Pet, ShadeRegressionHandCase) {
    // Ta = 30, u = 2, Tw = 20, SVF = 0.6, Q_dif = 150:
    //   −12.14 + 37.5 − 1.47·0.693147 (1.018926) + 1.2 + 0.015·0.6·150 (1.35)
    //   + 0.006·0.4·5.670374e−8·303.15⁴ (1.149353) = 28.040426
    EXPECT_NEAR(pet_shade_c(30.0, 2.0, 20.0, 0.6, 150.0), 28.040426, 1e-5);
    // At u = 1 m/s the wind term vanishes: −12.14 + 37.5 + 1.2 + 1.35 + 1.149353.
    EXPECT_NEAR(pet_shade_c(30.0, 1.0, 20.0, 0.6, 150.0), 29.059353, 1e-5);
}

TEST(Pet, SunIsHotterThanShadeOnAHotAfternoon) {
    const double tw = wet_bulb_stull_c(33.0, 30.0);
    EXPECT_GT(pet_sun_c(33.0, 1.5, tw, 0.5, 750.0, 55.0, kBowenOther), pet_shade_c(33.0, 1.5, tw, 0.5, 150.0) + 5.0);
}

TEST(Uhi, TheeuwesHandCase) {
    // SVF 0.6, F_veg 0.2, S = 250 W/m² → 250 / (1.2·1005) = 0.2072968 K·m/s, DTR 12 K, U 3 m/s:
    //   S·DTR³/U = 0.2072968 · 1728 / 3 = 119.40299; ^(1/4) = 3.3056266; × (2 − 0.6 − 0.2) = 3.9667519 K
    EXPECT_NEAR(uhi_max_k(0.6, 0.2, 250.0, 12.0, 3.0), 3.9667519, 1e-6);
    // Fully open and green (SVF 1, F_veg 1) has no heat island; calm wind is floored at 0.5 m/s.
    EXPECT_NEAR(uhi_max_k(1.0, 1.0, 250.0, 12.0, 3.0), 0.0, 1e-12);
    EXPECT_DOUBLE_EQ(uhi_max_k(0.6, 0.2, 250.0, 12.0, 0.0), uhi_max_k(0.6, 0.2, 250.0, 12.0, 0.5));
    EXPECT_EQ(uhi_max_k(0.6, 0.2, 0.0, 12.0, 3.0), 0.0);
}

TEST(PetClasses, BoundariesGoToTheHigherClass) {
    EXPECT_EQ(pet_class(22.99), PetClass::none);
    EXPECT_EQ(pet_class(23.0), PetClass::slight);
    EXPECT_EQ(pet_class(28.99), PetClass::slight);
    EXPECT_EQ(pet_class(29.0), PetClass::moderate);
    EXPECT_EQ(pet_class(34.99), PetClass::moderate);
    EXPECT_EQ(pet_class(35.0), PetClass::strong);
    EXPECT_EQ(pet_class(40.99), PetClass::strong);
    EXPECT_EQ(pet_class(41.0), PetClass::extreme);
    EXPECT_EQ(pet_class(-5.0), PetClass::none);
    EXPECT_EQ(pet_class_name(PetClass::moderate), "moderate");
    EXPECT_THROW(pet_class(std::nan("")), std::logic_error);
}

}  // namespace
}  // namespace wn::heat
