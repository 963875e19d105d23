// Legends: class look-up at the bounds, transparency below the first class and for NaN, the open last class.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "waternet/render/legend.hpp"

using namespace wn;
using namespace wn::render;

TEST(Legend, DepthClassBoundaries) {
    const Legend& depth = legend("depth_m");
    ASSERT_EQ(depth.classes.size(), 7u);
    EXPECT_EQ(depth.class_of(0.05), 0);  // 5 cm exactly is shown, in the first class
    EXPECT_EQ(depth.class_of(0.0499), -1);
    EXPECT_EQ(depth.colour_of(0.0499).a, 0);
    EXPECT_EQ(depth.colour_of(0.0).a, 0);
    EXPECT_EQ(depth.colour_of(std::nan("")), kTransparent);
    EXPECT_EQ(depth.colour_of(0.05), depth.classes[0].colour);
    EXPECT_EQ(depth.class_of(0.0999), 0);
    EXPECT_EQ(depth.class_of(0.10), 1);  // a bound belongs to the class above it
    EXPECT_EQ(depth.class_of(0.30), 4);
    EXPECT_EQ(depth.class_of(0.9999), 5);
    EXPECT_EQ(depth.class_of(1.0), 6);
    EXPECT_EQ(depth.colour_of(1e9), depth.classes.back().colour);  // the last class is open-ended
    EXPECT_EQ(depth.colour_of(std::numeric_limits<double>::infinity()), depth.classes.back().colour);
    // Light to dark: each class darker (lower r+g+b) than the one before.
    for (std::size_t k = 1; k < depth.classes.size(); ++k) {
        const Rgba a = depth.classes[k - 1].colour, b = depth.classes[k].colour;
        EXPECT_GT(a.r + a.g + a.b, b.r + b.g + b.b) << "class " << k;
        EXPECT_GT(b.b, b.r) << "blue";
    }
}

// A regional model's depths are rounded to 0.1 m: decimetre classes from 10 cm, each drawn in the street legend's
// colour for the same depth, so the maps read alike where a street model meets a regional one.
TEST(Legend, RegionalDepthHasDecimetreClassesInTheStreetColours) {
    const Legend& regional = legend("depth_regional_m");
    const Legend& street = legend("depth_m");
    ASSERT_EQ(regional.classes.size(), 5u);
    EXPECT_EQ(regional.class_of(0.0999), -1);  // under 10 cm: a finer depth than the model has
    EXPECT_EQ(regional.colour_of(0.05).a, 0);
    EXPECT_EQ(regional.class_of(0.10), 0);
    EXPECT_EQ(regional.class_of(0.25), 1);
    EXPECT_EQ(regional.class_of(0.40), 2);
    EXPECT_EQ(regional.class_of(0.70), 3);
    EXPECT_EQ(regional.class_of(3.0), 4);
    for (std::size_t k = 0; k < regional.classes.size(); ++k) {
        const LegendClass& c = regional.classes[k];
        EXPECT_NEAR(c.lower * 10.0, std::round(c.lower * 10.0), 1e-9) << "whole decimetres";
        EXPECT_NE(c.label.find("dm"), std::string::npos) << c.label;
        EXPECT_EQ(c.colour, street.colour_of(c.lower)) << "class " << k;
    }
    EXPECT_NE(regional.title.find("not the depth in a street"), std::string::npos);
}

TEST(Legend, StandardBoundsOfHazardAndPet) {
    const Legend& hazard = legend("hazard");
    ASSERT_EQ(hazard.classes.size(), 4u);
    EXPECT_EQ(hazard.class_of(0.0), -1);  // dry cells (HR = 0) are not drawn
    EXPECT_EQ(hazard.class_of(0.74), 0);
    EXPECT_EQ(hazard.class_of(0.75), 1);
    EXPECT_EQ(hazard.class_of(1.25), 2);
    EXPECT_EQ(hazard.class_of(2.0), 3);
    EXPECT_EQ(hazard.class_of(50.0), 3);

    const Legend& pet = legend("pet_c");
    ASSERT_EQ(pet.classes.size(), 5u);
    EXPECT_EQ(pet.class_of(15.0), 0);
    EXPECT_EQ(pet.class_of(23.0), 1);
    EXPECT_EQ(pet.class_of(34.9), 2);
    EXPECT_EQ(pet.class_of(35.0), 3);
    EXPECT_EQ(pet.class_of(41.0), 4);
    EXPECT_GT(pet.classes[0].colour.g, pet.classes[0].colour.r);  // green first
    EXPECT_GT(pet.classes[4].colour.r, pet.classes[4].colour.g);  // dark red last
}

TEST(Legend, DepthDifferenceIsDivergingWithTransparentNoChange) {
    const Legend& diff = legend("depth_difference_m");
    EXPECT_EQ(diff.colour_of(0.0).a, 0);
    EXPECT_EQ(diff.colour_of(0.0099).a, 0);
    EXPECT_EQ(diff.colour_of(-0.0099).a, 0);
    const Rgba better = diff.colour_of(-0.30), worse = diff.colour_of(0.30);
    EXPECT_GT(better.b, better.r);
    EXPECT_GT(worse.r, worse.b);
    EXPECT_EQ(diff.colour_of(0.01), diff.colour_of(0.04));
    EXPECT_NE(diff.colour_of(0.01).a, 0);
}

TEST(Legend, HillshadeIsALinearGreyRamp) {
    const Legend& hs = legend("hillshade");
    EXPECT_EQ(hs.colour_of(0.0), (Rgba{0, 0, 0, 255}));
    EXPECT_EQ(hs.colour_of(255.0), (Rgba{255, 255, 255, 255}));
    EXPECT_EQ(hs.colour_of(100.0), (Rgba{100, 100, 100, 255}));
    EXPECT_EQ(hs.colour_of(-1.0).a, 0);
    EXPECT_EQ(hs.colour_of(std::nan("")).a, 0);
}

TEST(Legend, EveryIdResolvesAndIsValid) {
    const auto ids = legend_ids();
    EXPECT_EQ(ids.size(), 9u);
    for (const auto& id : ids) {
        const Legend& l = legend(id);
        EXPECT_EQ(l.id, id);
        EXPECT_NO_THROW(validate(l));
        EXPECT_FALSE(l.title.empty());
        for (const auto& c : l.classes) EXPECT_FALSE(c.label.empty()) << id;
    }
}

TEST(Legend, UnknownIdListsTheValidOnes) {
    try {
        legend("depth_cm");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("depth_cm"), std::string::npos);
        EXPECT_NE(msg.find("depth_m"), std::string::npos);
        EXPECT_NE(msg.find("pet_c"), std::string::npos);
    }
}

TEST(Legend, ValidateRejectsGapsAndEmptyLegends) {
    Legend l{"x", "X", "m", {}};
    EXPECT_THROW(validate(l), InputError);
    l.classes = {{0, 1, {1, 2, 3, 255}, "a"}, {1.5, 2, {1, 2, 3, 255}, "b"}};
    EXPECT_THROW(validate(l), InputError);
    l.classes = {{0, 1, {1, 2, 3, 255}, "a"}, {1, 1, {1, 2, 3, 255}, "b"}};
    EXPECT_THROW(validate(l), InputError);
    l.classes = {{0, 1, {1, 2, 3, 255}, "a"}, {1, 2, {1, 2, 3, 255}, "b"}};
    EXPECT_NO_THROW(validate(l));
}
