// Hillshade of planes against the hand-computed Horn/ESRI value 255(cos z cos θ + sin z sin θ cos(A − φ)).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "waternet/render/hillshade.hpp"

using namespace wn;
using namespace wn::render;

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;

// Plane rising p m per m eastward and q m per m northward; row 0 is north.
Grid<float> plane(index_t rows, index_t cols, double cell, double p, double q) {
    Grid<float> z(rows, cols);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) z(r, c) = static_cast<float>(100.0 + p * c * cell - q * r * cell);
    return z;
}

// The ESRI formulation (a different route than the code's normal · sun vector): slope θ, aspect φ from
// the Horn differences of a plane, zenith z, azimuth converted to maths angle A = 360 − az + 90.
double esri_hillshade(double p, double q, double azimuth_deg, double altitude_deg) {
    const double dzdx = p;
    const double dzdy = -q;  // ESRI's dz/dy is "south minus north" (rows grow southward)
    const double slope = std::atan(std::sqrt(dzdx * dzdx + dzdy * dzdy));
    const double aspect = std::atan2(dzdy, -dzdx);
    const double zenith = (90.0 - altitude_deg) * kDeg;
    const double a = (360.0 - azimuth_deg + 90.0) * kDeg;
    return std::max(
        0.0, 255.0 * (std::cos(zenith) * std::cos(slope) + std::sin(zenith) * std::sin(slope) * std::cos(a - aspect)));
}
}  // namespace

TEST(Hillshade, FlatGroundIsSinAltitude) {
    const Grid<float> z(5, 5, 3.0f);
    const Grid<float> hs = hillshade(z.view(), 1.0, 315, 45);
    for (float v : hs.values()) EXPECT_NEAR(v, 255 * std::sin(45 * kDeg), 1e-3);  // 180.31
}

TEST(Hillshade, WestFacingSlopeHandComputed) {
    // z = x: slope 45°, facing west; sun from the north-west at 45°:
    // 255 (cos45·cos45 + sin45·sin45·cos45) = 255 (0.5 + 0.35355) = 217.66.
    const Grid<float> z = plane(6, 6, 2.0, 1.0, 0.0);
    const Grid<float> hs = hillshade(z.view(), 2.0);
    EXPECT_NEAR(hs(2, 3), 217.66, 0.01);
}

TEST(Hillshade, PlanesAtAnyAspectMatchTheEsriFormula) {
    struct Case {
        double p, q, az, alt, cell;
    };
    for (const Case k : {Case{0.3, -0.2, 315, 45, 1.0}, Case{-0.5, 0.8, 315, 45, 0.5}, Case{1.5, 1.5, 135, 30, 5.0},
                         Case{0.05, 0.0, 90, 60, 1.0}, Case{-2.0, 0.1, 200, 20, 2.0}}) {
        const Grid<float> z = plane(7, 8, k.cell, k.p, k.q);
        const Grid<float> hs = hillshade(z.view(), k.cell, k.az, k.alt);
        const double want = esri_hillshade(k.p, k.q, k.az, k.alt);
        for (index_t r = 1; r < 6; ++r)
            for (index_t c = 1; c < 7; ++c)
                EXPECT_NEAR(hs(r, c), want, 0.02) << "p=" << k.p << " q=" << k.q << " az=" << k.az << " r=" << r;
    }
}

TEST(Hillshade, ZFactorScalesTheSlope) {
    const Grid<float> a = plane(5, 5, 1.0, 0.4, 0.1), b = plane(5, 5, 1.0, 0.8, 0.2);
    EXPECT_NEAR(hillshade(a.view(), 1.0, 315, 45, 2.0)(2, 2), hillshade(b.view(), 1.0)(2, 2), 1e-3);
}

TEST(Hillshade, FacingAwayIsZeroAndNaNIsKept) {
    // Steep slope facing south-east, sun from the north-west, low: fully in self-shadow.
    const Grid<float> z = plane(5, 5, 1.0, -3.0, 3.0);
    EXPECT_EQ(hillshade(z.view(), 1.0, 315, 10)(2, 2), 0.0f);

    Grid<float> holed = plane(5, 5, 1.0, 1.0, 0.0);
    holed(2, 2) = std::numeric_limits<float>::quiet_NaN();
    const Grid<float> hs = hillshade(holed.view(), 1.0);
    EXPECT_TRUE(std::isnan(hs(2, 2)));
    for (index_t r = 0; r < 5; ++r)
        for (index_t c = 0; c < 5; ++c)
            if (r != 2 || c != 2) {
                EXPECT_TRUE(std::isfinite(hs(r, c)));
                EXPECT_GE(hs(r, c), 0.0f);
                EXPECT_LE(hs(r, c), 255.0f);
            }
}

TEST(Hillshade, RejectsBadParameters) {
    const Grid<float> z(3, 3, 0.0f);
    EXPECT_THROW(hillshade(z.view(), 0.0), InputError);
    EXPECT_THROW(hillshade(z.view(), 1.0, 315, 0.0), InputError);
    EXPECT_THROW(hillshade(z.view(), 1.0, 315, 91.0), InputError);
    EXPECT_THROW(hillshade(z.view(), 1.0, 315, 45, -1.0), InputError);
    EXPECT_THROW(hillshade(z.view(), 1.0, std::nan(""), 45), InputError);
}
