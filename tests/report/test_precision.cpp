// The rounding policy of the reports: hand-computed cases for each kind of figure, Dutch and English.
#include <gtest/gtest.h>

#include <cmath>

#include "waternet/report/precision.hpp"

using namespace wn::report;

TEST(Precision, RoundsToSignificantDigits) {
    EXPECT_DOUBLE_EQ(round_significant(17293166.4, 3), 17300000.0);
    EXPECT_DOUBLE_EQ(round_significant(17293166.4, 2), 17000000.0);
    EXPECT_DOUBLE_EQ(round_significant(-4449.0, 2), -4400.0);
    EXPECT_DOUBLE_EQ(round_significant(0.012345, 2), 0.012);
    EXPECT_DOUBLE_EQ(round_significant(995.0, 2), 1000.0);  // carries into a new digit
    EXPECT_EQ(round_significant(0.0, 3), 0.0);
    EXPECT_TRUE(std::isnan(round_significant(NAN, 3)));
}

TEST(Precision, AreasNeverShowMoreThanTheCellsResolve) {
    // 100 m cells (1 ha each): 2.743 cells are 2.743 ha, with no decimal.
    const Rounded coarse = area_ha(2743.0 * 1e4, 1e4);
    EXPECT_EQ(format(coarse, Language::nl), "2.743");
    // 16 m cells (0,0256 ha): a tenth of a hectare below 100 ha...
    EXPECT_EQ(format(area_ha(123456.0, 256.0), Language::nl), "12,3");
    EXPECT_EQ(format(area_ha(123456.0, 256.0), Language::en), "12.3");
    // ...but whole hectares from 100 ha on.
    EXPECT_EQ(format(area_ha(1234567.0, 256.0), Language::nl), "123");
    // 40 m cells are 0,16 ha: no tenths.
    EXPECT_EQ(format(area_ha(123456.0, 1600.0), Language::nl), "12");
}

TEST(Precision, VolumesKeepThreeSignificantDigits) {
    EXPECT_EQ(format(volume_m3(17293166.4), Language::nl), "17.300.000");
    EXPECT_EQ(format(volume_m3(17293166.4), Language::en), "17,300,000");
    EXPECT_EQ(format(volume_m3(1234.4), Language::nl), "1.230");
    EXPECT_EQ(format(volume_m3(45.67), Language::nl), "46");  // whole m³, never a decimal
}

TEST(Precision, DepthsToCentimetresOrDecimetres) {
    EXPECT_EQ(format(depth_m(0.4372, false), Language::nl), "0,44");
    EXPECT_EQ(format(depth_m(0.4372, true), Language::nl), "0,4");
    EXPECT_EQ(format(depth_m(1.25, true), Language::en), "1.3");  // half away from zero
}

TEST(Precision, PeopleEstimatesAreRounded) {
    EXPECT_EQ(format(people(347.0), Language::nl), "350");
    EXPECT_EQ(format(people(12345.0), Language::nl), "12.300");
    EXPECT_EQ(people_text(3.2, Language::nl), "< 10");
    EXPECT_EQ(people_text(0.0, Language::nl), "0");
    EXPECT_EQ(people_text(7.0, Language::nl), "10");
}

TEST(Precision, DamageKeepsTwoSignificantDigits) {
    EXPECT_EQ(format(damage_eur(1234567.0), Language::nl), "1.200.000");
    EXPECT_EQ(format(damage_eur(8760.0), Language::nl), "8.800");
}

TEST(Precision, RelativeErrorsAreNeverInScientificNotation) {
    EXPECT_EQ(relative_error_text(1.9e-7, Language::nl), "< 0,0001 %");
    EXPECT_EQ(relative_error_text(-1.9e-7, Language::en), "< 0.0001 %");
    EXPECT_EQ(relative_error_text(1.234e-5, Language::nl), "0,0012 %");
    EXPECT_EQ(relative_error_text(-0.0123, Language::nl), "1,2 %");
    EXPECT_EQ(relative_error_text(0.25, Language::en), "25 %");
    EXPECT_EQ(relative_error_text(NAN, Language::nl), "\u2013");
}
