// Point transforms between coordinate systems: the RD New origin lands where the Kadaster publishes it, a round
// trip returns the point, equal systems are the identity, and an unknown system is refused with its data named.
#include <gtest/gtest.h>

#include <cmath>

#include "io_test_support.hpp"
#include "waternet/io/point_transform.hpp"

namespace wn {
namespace {

using test::input_error_of;

// The Amersfoort reference point of RD: x = 155,000 m, y = 463,000 m is 52°09'22.178" N, 5°23'15.500" E (Bessel;
// in ETRS89/WGS 84 about 52.15517° N, 5.38721° E). Without the RDNAPTRANS grid PROJ uses a Helmert transformation,
// good to about a metre: 1e-4 degrees (about 7–11 m) is a test that a wrong axis order or datum fails by far.
TEST(PointTransform, PutsTheRdOriginAtAmersfoort) {
    const PointTransform to_wgs84("", "EPSG:4326", "test");
    EXPECT_FALSE(to_wgs84.identity());
    double x = 155000.0, y = 463000.0;
    ASSERT_TRUE(to_wgs84.apply(x, y));
    EXPECT_NEAR(x, 5.38721, 1e-4);  // longitude first, whatever EPSG:4326's axis order says
    EXPECT_NEAR(y, 52.15517, 1e-4);
}

TEST(PointTransform, ARoundTripReturnsThePoint) {
    const PointTransform to_wgs84("EPSG:28992", "EPSG:4326", "test");
    const PointTransform to_rd("EPSG:4326", "", "test");
    double x = 257000.0, y = 471000.0;  // Enschede
    ASSERT_TRUE(to_wgs84.apply(x, y));
    ASSERT_TRUE(to_rd.apply(x, y));
    EXPECT_NEAR(x, 257000.0, 0.01);
    EXPECT_NEAR(y, 471000.0, 0.01);
}

TEST(PointTransform, EqualSystemsAreTheIdentity) {
    const PointTransform same("EPSG:28992", "", "test");
    EXPECT_TRUE(same.identity());
    double x = 1.5, y = -2.5;
    ASSERT_TRUE(same.apply(x, y));
    EXPECT_EQ(x, 1.5);
    EXPECT_EQ(y, -2.5);
}

TEST(PointTransform, AnUnknownSystemIsRefused) {
    EXPECT_NE(input_error_of([] { PointTransform("EPSG:999999", "", "places.geojson"); }).find("not a coordinate"),
              std::string::npos);
}

}  // namespace
}  // namespace wn
