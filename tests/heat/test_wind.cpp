// Pedestrian wind: the log-law reduction through the blending height, its monotonicity and floor, and the upwind
// obstacle-height window; and the summed-area box means it uses.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "waternet/core/error.hpp"
#include "waternet/heat/neighbourhood.hpp"
#include "waternet/heat/wind.hpp"

namespace wn::heat {
namespace {

TEST(Wind, OpenTerrainIsThePlainLogLawFromTenMetres) {
    // Over the station's own roughness (0.03 m) the two steps collapse to u10·ln(1.2/0.03)/ln(10/0.03)
    // = 5 · 3.688879 / 5.809143 = 3.175063 m/s.
    EXPECT_NEAR(pedestrian_wind_m_per_s(5.0, 0.03), 3.175063, 1e-5);
}

TEST(Wind, MonotoneDecreasingInRoughnessAndFloored) {
    double previous = 1e9;
    for (double z0 = 0.03; z0 < 2.0; z0 += 0.01) {
        const double u = pedestrian_wind_m_per_s(5.0, z0);
        EXPECT_LE(u, previous + 1e-12) << z0;
        EXPECT_GE(u, 0.5) << z0;
        previous = u;
    }
    // Hand case z0 = 0.5: u_b = 5·ln(2000)/ln(333.3) = 6.542; u = 6.542·ln(2.4)/ln(120) = 1.196343.
    EXPECT_NEAR(pedestrian_wind_m_per_s(5.0, 0.5), 1.196343, 1e-5);
    EXPECT_EQ(pedestrian_wind_m_per_s(5.0, 1.0), 0.5);   // log law below 0.5 m/s: floor
    EXPECT_EQ(pedestrian_wind_m_per_s(5.0, 1.3), 0.5);   // z0 above 1.2 m: no log law at all
    EXPECT_EQ(pedestrian_wind_m_per_s(0.0, 0.03), 0.5);  // calm: floor
    EXPECT_THROW(pedestrian_wind_m_per_s(-1.0, 0.03), InputError);
}

TEST(Wind, RoughnessLengthIsATenthOfTheMeanHeightNeverBelowOpenGrass) {
    EXPECT_DOUBLE_EQ(roughness_length_m(0.0), 0.03);
    EXPECT_DOUBLE_EQ(roughness_length_m(0.2), 0.03);
    EXPECT_DOUBLE_EQ(roughness_length_m(6.0), 0.6);
}

TEST(Wind, TheUpwindWindowLooksTowardWhereTheWindComesFrom) {
    // A 20 m tall block fills the northern half of a 40 × 40 grid of 1 m cells. A cell in the southern half,
    // 5 m below the block edge, sees the block upwind in a north wind, and open ground in a south wind.
    Grid<float> h(40, 40, 0.0f);
    for (index_t r = 0; r < 20; ++r)
        for (index_t c = 0; c < 40; ++c) h(r, c) = 20.0f;
    const SummedArea table(std::as_const(h).view());
    Grid<float> north(40, 40), south(40, 40), calm(40, 40);
    upwind_mean_height(table, 1.0, 20.0, 0.0, north.view());
    upwind_mean_height(table, 1.0, 20.0, 180.0, south.view());
    upwind_mean_height(table, 1.0, 20.0, std::nan(""), calm.view());
    // North wind: the 21 × 21 box centred 10 cells north of (25, 20) spans rows 5..25: rows 5..19 are block.
    EXPECT_NEAR(north(25, 20), 20.0 * 15.0 / 21.0, 1e-4);
    EXPECT_NEAR(south(25, 20), 0.0, 1e-6);
    EXPECT_GT(calm(25, 20), south(25, 20));
    EXPECT_LT(calm(25, 20), north(25, 20));
    Grid<float> u_north(40, 40), u_south(40, 40);
    pedestrian_wind_map(table, 1.0, 20.0, 5.0, 0.0, u_north.view());
    pedestrian_wind_map(table, 1.0, 20.0, 5.0, 180.0, u_south.view());
    EXPECT_LT(u_north(25, 20), u_south(25, 20));  // sheltered behind the block
    EXPECT_NEAR(u_south(25, 20), 3.175063, 1e-4);
}

TEST(BoxMean, MatchesBruteForceAndSkipsNoData) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> d(0.0f, 10.0f);
    Grid<float> v(23, 31);
    for (float& x : v.values()) x = d(rng);
    v(5, 5) = NAN;
    Grid<float> out(23, 31);
    box_mean(std::as_const(v).view(), 3, out.view());
    for (index_t r = 0; r < 23; r += 4)
        for (index_t c = 0; c < 31; c += 3) {
            double s = 0.0;
            int n = 0;
            for (index_t rr = r - 3; rr <= r + 3; ++rr)
                for (index_t cc = c - 3; cc <= c + 3; ++cc)
                    if (rr >= 0 && rr < 23 && cc >= 0 && cc < 31 && !std::isnan(v(rr, cc))) {
                        s += v(rr, cc);
                        ++n;
                    }
            EXPECT_NEAR(out(r, c), s / n, 1e-4) << r << "," << c;
        }
}

}  // namespace
}  // namespace wn::heat
