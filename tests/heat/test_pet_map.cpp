// The PET map kernel: per cell it is exactly the point regressions of heat/pet.hpp, with the shade map, crowns,
// vegetation, the heat island and exclusions applied as documented.
#include <gtest/gtest.h>

#include <cmath>

#include "waternet/heat/pet.hpp"
#include "waternet/heat/pet_map.hpp"
#include "waternet/heat/shade.hpp"

namespace wn::heat {
namespace {

TEST(PetMap, EveryCellIsThePointRegression) {
    // 2 × 3 cells: (0,0) sunlit paving, (0,1) sunlit grass, (0,2) shaded by the shade map,
    // (1,0) under a crown (sunlit in the map), (1,1) a building, (1,2) no data in the shade map.
    Grid<float> svf(2, 3, 0.7f), uhi(2, 3, 4.0f), wind(2, 3, 1.8f), pet(2, 3);
    Grid<std::uint8_t> veg(2, 3, 0), crown(2, 3, 0), excluded(2, 3, 0), shade(2, 3, kSunlit), shaded(2, 3, 9);
    veg(0, 1) = 1;
    shade(0, 2) = kShaded;
    crown(1, 0) = 1;
    svf(1, 0) = 0.14f;
    excluded(1, 1) = 1;
    shade(1, 2) = kShadeNoData;
    wind(0, 1) = 3.0f;
    const PetHourWeather w{33.0, 30.0, 780.0, 150.0, 52.0};
    const PetCellInputs in{std::as_const(svf).view(), std::as_const(veg).view(), std::as_const(crown).view(),
                           std::as_const(excluded).view(), std::as_const(uhi).view()};
    pet_hour(w, in, std::as_const(shade).view(), std::as_const(wind).view(), 0.25, pet.view(), shaded.view());
    const double ta = 33.0 + 0.25 * 4.0;             // the heat island's share
    const double tw = wet_bulb_stull_c(33.0, 30.0);  // from the station's air
    EXPECT_NEAR(pet(0, 0), pet_sun_c(ta, 1.8, tw, 0.7, 780.0, 52.0, kBowenOther), 1e-4);
    EXPECT_NEAR(pet(0, 1), pet_sun_c(ta, 3.0, tw, 0.7, 780.0, 52.0, kBowenVegetation), 1e-4);
    EXPECT_NEAR(pet(0, 2), pet_shade_c(ta, 1.8, tw, 0.7, 150.0), 1e-4);
    EXPECT_NEAR(pet(1, 0), pet_shade_c(ta, 1.8, tw, static_cast<double>(0.14f), 150.0), 1e-4);
    EXPECT_TRUE(std::isnan(pet(1, 1)));
    EXPECT_TRUE(std::isnan(pet(1, 2)));
    EXPECT_EQ(shaded(0, 0), 0);
    EXPECT_EQ(shaded(0, 2), 1);
    EXPECT_EQ(shaded(1, 0), 1);
    EXPECT_GT(pet(0, 0), pet(0, 2) + 5.0);  // the sun makes the difference
}

TEST(PetMap, CrownSkyViewAndClasses) {
    Grid<float> svf(1, 3, 0.8f), out(1, 3);
    Grid<std::uint8_t> crown(1, 3, 0);
    crown(0, 1) = 1;
    pedestrian_sky_view(std::as_const(svf).view(), std::as_const(crown).view(), 0.2, out.view());
    EXPECT_FLOAT_EQ(out(0, 0), 0.8f);
    EXPECT_FLOAT_EQ(out(0, 1), 0.16f);
    Grid<float> pet(1, 3);
    pet(0, 0) = 22.0f;
    pet(0, 1) = 41.0f;
    pet(0, 2) = NAN;
    Grid<std::uint8_t> cls(1, 3);
    classify_pet(std::as_const(pet).view(), cls.view());
    EXPECT_EQ(cls(0, 0), static_cast<std::uint8_t>(PetClass::none));
    EXPECT_EQ(cls(0, 1), static_cast<std::uint8_t>(PetClass::extreme));
    EXPECT_EQ(cls(0, 2), kPetClassNoData);
}

}  // namespace
}  // namespace wn::heat
