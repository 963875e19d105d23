// Shade: a wall's shadow is height / tan(altitude) long; no shade on flat ground or with the sun near the zenith.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "waternet/heat/shade.hpp"

using namespace wn;
using namespace wn::heat;

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;

// An east–west wall (one row, height h) across a flat grid.
Grid<float> ew_wall(index_t rows, index_t cols, index_t wall_row, float h) {
    Grid<float> z(rows, cols, 0.0f);
    for (index_t c = 0; c < cols; ++c) z(wall_row, c) = h;
    return z;
}
}  // namespace

TEST(Shade, NoShadeOnFlatGround) {
    Grid<float> z(40, 40, 1.0f);
    for (double alt : {1.0, 10.0, 45.0})
        for (double az : {90.0, 180.0, 250.0})
            for (const Grid<std::uint8_t> sh = shade(z.view(), 1.0, alt, az); std::uint8_t v : sh.values())
                EXPECT_EQ(v, kSunlit);
}

TEST(Shade, WallShadowLengthIsHeightOverTanAltitude) {
    // Wall h = 10 m, sun from the south half: the shadow falls north of the wall. Along a column, the cells whose
    // centres lie within the shadow's north–south extent E = L·|cos(az − 180°)|, L = h / tan(altitude), are
    // shaded (strictly: a cell exactly at E is lit), so E − 1 ≤ n < E: |n − E| ≤ 1 cell. For suns whose digital
    // lines step along the wall (az 120°, 240°: one column per step, the row rounded to the nearest cell) the
    // crossing can be a further half cell off: |n − E| ≤ 1.5 cells.
    const float h = 10.0f;
    for (double s : {1.0, 0.5}) {
        const index_t rows = static_cast<index_t>(120 / s), cols = static_cast<index_t>(200 / s);
        const index_t wall = rows - 5;
        const Grid<float> z = ew_wall(rows, cols, wall, h);
        for (double alt : {15.0, 30.0, 45.0, 60.0})
            for (double az : {180.0, 150.0, 210.0, 135.0, 120.0, 240.0}) {
                const Grid<std::uint8_t> sh = shade(z.view(), s, alt, az);
                const index_t c = cols / 2;
                index_t n = 0;
                for (index_t r = wall - 1; r >= 0 && sh(r, c) == kShaded; --r) ++n;
                // Nothing further north is shaded, and nothing south of the wall.
                for (index_t r = wall - 1 - n; r >= 0; --r) EXPECT_EQ(sh(r, c), kSunlit);
                for (index_t r = wall + 1; r < rows; ++r) EXPECT_EQ(sh(r, c), kSunlit);
                EXPECT_EQ(sh(wall, c), kSunlit);
                const double L = h / std::tan(alt * kDeg);
                const double extent_cells = L * std::abs(std::cos((az - 180.0) * kDeg)) / s;
                const double tol = std::abs(std::sin(az * kDeg)) >= std::abs(std::cos(az * kDeg)) ? 1.5 : 1.0 + 1e-9;
                EXPECT_NEAR(static_cast<double>(n), extent_cells, tol) << "s " << s << " alt " << alt << " az " << az;
            }
    }
}

TEST(Shade, NorthSouthWallWithLowWesternSun) {
    // A north–south wall, sun in the west: the shadow falls east, h / tan(alt) long.
    const float h = 6.0f;
    Grid<float> z(30, 200, 0.0f);
    const index_t wall = 20;
    for (index_t r = 0; r < 30; ++r) z(r, wall) = h;
    for (double alt : {5.0, 10.0, 20.0}) {
        const Grid<std::uint8_t> sh = shade(z.view(), 1.0, alt, 270.0);
        index_t n = 0;
        for (index_t c = wall + 1; c < 200 && sh(15, c) == kShaded; ++c) ++n;
        EXPECT_NEAR(static_cast<double>(n), h / std::tan(alt * kDeg), 1.0 + 1e-9) << "alt " << alt;
    }
}

TEST(Shade, NoShadeWithTheSunNearTheZenith) {
    const Grid<float> z = ew_wall(50, 20, 25, 10.0f);  // 10 m / tan 89° = 0.17 m: less than a cell
    for (double az : {0.0, 90.0, 180.0, 270.0})
        for (const Grid<std::uint8_t> sh = shade(z.view(), 1.0, 89.0, az); std::uint8_t v : sh.values())
            EXPECT_EQ(v, kSunlit);
}

TEST(Shade, SunDownNoDataAndBadInput) {
    Grid<float> z(10, 10, 0.0f);
    z(3, 3) = NAN;
    const Grid<std::uint8_t> night = shade(z.view(), 1.0, -5.0, 0.0);
    EXPECT_EQ(night(0, 0), kShaded);
    EXPECT_EQ(night(3, 3), kShadeNoData);
    EXPECT_EQ(shade(z.view(), 1.0, 30.0, 100.0)(3, 3), kShadeNoData);
    EXPECT_THROW(shade(z.view(), -1.0, 30.0, 100.0), InputError);
    EXPECT_THROW(shade(z.view(), 1.0, NAN, 100.0), InputError);
}
