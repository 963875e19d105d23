// Cool spots on hand grids: threshold, eligibility, connectivity, minimum area, the narrow-strip rule, and the
// distance from buildings to the nearest spot.
#include <gtest/gtest.h>

#include <cmath>

#include "waternet/core/error.hpp"
#include "waternet/heat/cool_spots.hpp"
#include "waternet/heat/distance.hpp"

namespace wn::heat {
namespace {

struct HandCase {
    Grid<float> pet{40, 120, 40.0f};
    Grid<std::uint8_t> eligible{40, 120, 1};
    HandCase() {
        fill(0, 14, 0, 19, 30.0f);     // A: 15 × 20 cells = 300 m², cool
        fill(30, 39, 0, 9, 30.0f);     // B: 10 × 10 = 100 m², cool but too small
        fill(36, 37, 20, 119, 30.0f);  // C: 2 × 100 = 200 m², cool but a 2 m strip
    }
    void fill(index_t r0, index_t r1, index_t c0, index_t c1, float v) {
        for (index_t r = r0; r <= r1; ++r)
            for (index_t c = c0; c <= c1; ++c) pet(r, c) = v;
    }
};

TEST(CoolSpots, OnlyLargeWideCoolEligibleAreasCount) {
    HandCase h;
    const CoolSpotMap m = find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0);
    ASSERT_EQ(m.spots.size(), 1u);
    EXPECT_EQ(m.spots[0].id, 1);
    EXPECT_EQ(m.spots[0].cells, 300);
    EXPECT_DOUBLE_EQ(m.spots[0].area_m2, 300.0);
    EXPECT_DOUBLE_EQ(m.spots[0].mean_pet_c, 30.0);
    EXPECT_EQ(m.ids(7, 10), 1);
    EXPECT_EQ(m.ids(35, 5), 0);   // B
    EXPECT_EQ(m.ids(36, 60), 0);  // C
    // With a 1 m width rule the strip C is wide enough (its cells lie 1 m from the outside): two spots.
    CoolSpotRules narrow;
    narrow.min_width_m = 2.0;
    EXPECT_EQ(
        find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0, narrow).spots.size(),
        2u);
    // A 100 m² minimum admits B as well.
    narrow.min_area_m2 = 100.0;
    EXPECT_EQ(
        find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0, narrow).spots.size(),
        3u);
}

TEST(CoolSpots, ThresholdIsInclusiveAndNaNIsNeverCool) {
    HandCase h;
    h.fill(0, 14, 0, 19, 35.0f);  // exactly at the threshold: cool
    EXPECT_EQ(find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0).spots.size(), 1u);
    h.fill(0, 14, 0, 19, 35.01f);
    EXPECT_EQ(find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0).spots.size(), 0u);
    h.fill(0, 14, 0, 19, NAN);
    EXPECT_EQ(find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0).spots.size(), 0u);
}

TEST(CoolSpots, DeepShadeIsCoolEvenWhenThePetIsNot) {
    HandCase h;
    h.fill(0, 14, 0, 19, 45.0f);  // A is hot now ...
    Grid<float> shade(40, 120, 0.0f);
    for (index_t r = 0; r <= 14; ++r)
        for (index_t c = 0; c <= 19; ++c) shade(r, c) = 5.0f / 6.0f;  // ... but shaded 5 of 6 hours
    const auto spots = [&] {
        return find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(),
                               std::as_const(shade).view(), 1.0);
    };
    EXPECT_EQ(spots().spots.size(), 1u);
    for (index_t r = 0; r <= 14; ++r)
        for (index_t c = 0; c <= 19; ++c) shade(r, c) = 4.0f / 6.0f;  // 4 of 6 hours: not enough
    EXPECT_EQ(spots().spots.size(), 0u);
}

TEST(CoolSpots, AnIneligibleColumnSplitsASpotIntoTwoTooSmallHalves) {
    HandCase h;
    for (index_t r = 0; r <= 14; ++r) h.eligible(r, 10) = 0;  // a wall: 150 m² and 135 m² remain
    EXPECT_EQ(find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0).spots.size(), 0u);
    // Diagonal contact is enough to connect (8-connectivity): reopen one cell of the wall.
    h.eligible(14, 10) = 1;
    EXPECT_EQ(find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0).spots.size(), 1u);
}

TEST(CoolSpots, BuildingDistanceToTheNearestSpot) {
    HandCase h;
    const CoolSpotMap m = find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0);
    Grid<std::uint8_t> in_spot(40, 120, 0);
    for (index_t i = 0; i < in_spot.size(); ++i) in_spot.data()[i] = m.ids.data()[i] != 0;
    const Grid<float> d = distance_to_features_m(std::as_const(in_spot).view(), 1.0);
    Grid<std::int32_t> buildings(40, 120, 0);
    for (index_t r = 16; r <= 17; ++r)
        for (index_t c = 0; c <= 1; ++c) buildings(r, c) = 1;  // 2 m below spot A
    for (index_t r = 30; r <= 31; ++r)
        for (index_t c = 110; c <= 111; ++c) buildings(r, c) = 7;  // far east, beside the rejected strip
    const CoolSpotAccess a = cool_spot_access(std::as_const(buildings).view(), std::as_const(d).view(), 50.0);
    ASSERT_EQ(a.buildings.size(), 2u);
    EXPECT_EQ(a.buildings[0].building, 1);
    EXPECT_EQ(a.buildings[0].cells, 4);
    EXPECT_NEAR(a.buildings[0].distance_m, 2.0, 1e-5);  // (16, 0) → (14, 0)
    EXPECT_EQ(a.buildings[1].building, 7);
    EXPECT_NEAR(a.buildings[1].distance_m, std::hypot(16.0, 91.0), 1e-4);  // (30, 110) → (14, 19)
    EXPECT_EQ(a.beyond_threshold, 1);
    EXPECT_DOUBLE_EQ(a.share_beyond_threshold, 0.5);
}

TEST(CoolSpots, BadRulesAreInputErrors) {
    HandCase h;
    CoolSpotRules bad;
    bad.min_area_m2 = -1.0;
    EXPECT_THROW(find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 1.0, bad),
                 InputError);
    EXPECT_THROW(find_cool_spots(std::as_const(h.pet).view(), std::as_const(h.eligible).view(), {}, 0.0), InputError);
}

}  // namespace
}  // namespace wn::heat
