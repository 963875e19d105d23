// Sun position (NOAA / Meeus) against published values, and the Erbs et al. (1982) radiation split.
#include <gtest/gtest.h>

#include <cmath>

#include "waternet/heat/sun.hpp"

using namespace wn::heat;

namespace {
constexpr double kDeBiltLat = 52.1;
constexpr double kDeBiltLon = 5.18;

SunPosition at_solar_noon(int y, int m, int d, double lat, double lon) {
    const UtcTime date{y, m, d, 0, 0, 0.0};
    return sun_position(add_minutes(date, solar_noon_utc_min(date, lon)), lat, lon);
}
}  // namespace

TEST(SunPosition, JulianDayMeeus) {
    // Meeus, Astronomical Algorithms, example 7.a: 1957 October 4.81 = JD 2436116.31.
    EXPECT_NEAR(julian_day({1957, 10, 4, 19, 26, 24.0}), 2436116.31, 1e-6);
    EXPECT_DOUBLE_EQ(julian_day({2000, 1, 1, 12, 0, 0.0}), 2451545.0);  // J2000.0
}

TEST(SunPosition, MeeusExample25aDeclinationAndEquationOfTime) {
    // Meeus example 25.a (1992 October 13.0): apparent declination −7.78507°; example 28.b: equation of
    // time +13 min 42.7 s. ΔT (about 1 min in 1992) is ignored, as in the NOAA calculator.
    const SunPosition p = sun_position({1992, 10, 13, 0, 0, 0.0}, 0.0, 0.0);
    EXPECT_NEAR(p.declination_deg, -7.78507, 0.002);
    EXPECT_NEAR(p.equation_of_time_min, 13.0 + 42.7 / 60.0, 0.05);
    EXPECT_NEAR(p.earth_sun_distance_au, 0.99766, 0.0001);  // Meeus example 25.a: R = 0.99766 AU
}

TEST(SunPosition, NrelSpaExampleGolden) {
    // Reda & Andreas (2004), NREL/TP-560-34302, the SPA worked example: 2003-10-17 12:30:30 local (UTC−7) at
    // 39.742476° N, 105.1786° W: topocentric zenith 50.11162° (with refraction), azimuth 194.34024°.
    const SunPosition p = sun_position({2003, 10, 17, 19, 30, 30.0}, 39.742476, -105.1786);
    EXPECT_NEAR(p.apparent_altitude_deg, 90.0 - 50.11162, 0.03);
    EXPECT_NEAR(p.azimuth_deg, 194.34024, 0.03);
}

TEST(SunPosition, DeBiltSolarNoonAtTheSolstices) {
    // Noon altitude = 90° − latitude ± obliquity (23.436° in 2024) at the solstices: 61.34° and 14.46°;
    // the NOAA calculator gives ≈ 61.3° and ≈ 14.4° (geometric) for De Bilt. Azimuth 180° at solar noon.
    const SunPosition june = at_solar_noon(2024, 6, 21, kDeBiltLat, kDeBiltLon);
    EXPECT_NEAR(june.altitude_deg, 61.3, 0.1);
    EXPECT_NEAR(june.altitude_deg, 90.0 - kDeBiltLat + 23.436, 0.03);
    EXPECT_NEAR(june.azimuth_deg, 180.0, 0.1);
    const SunPosition dec = at_solar_noon(2024, 12, 21, kDeBiltLat, kDeBiltLon);
    EXPECT_NEAR(dec.altitude_deg, 14.4, 0.1);
    EXPECT_NEAR(dec.altitude_deg, 90.0 - kDeBiltLat - 23.436, 0.03);
    EXPECT_NEAR(dec.azimuth_deg, 180.0, 0.1);
    // Solar noon is the day's highest point: a few minutes either side is lower.
    const UtcTime date{2024, 6, 21, 0, 0, 0.0};
    const double noon = solar_noon_utc_min(date, kDeBiltLon);
    EXPECT_LT(sun_position(add_minutes(date, noon - 5), kDeBiltLat, kDeBiltLon).altitude_deg, june.altitude_deg);
    EXPECT_LT(sun_position(add_minutes(date, noon + 5), kDeBiltLat, kDeBiltLon).altitude_deg, june.altitude_deg);
    // Solar noon at 5.18° E, 21 June: 12:00 − 20.7 min (longitude) + 1.7 min (equation of time) ≈ 11:41 UTC.
    EXPECT_NEAR(noon, 720.0 - 4.0 * kDeBiltLon + 1.7, 0.5);
}

TEST(SunPosition, MorningEastAfternoonWestNightBelow) {
    const SunPosition morning = sun_position({2024, 6, 21, 6, 0, 0.0}, kDeBiltLat, kDeBiltLon);
    const SunPosition evening = sun_position({2024, 6, 21, 17, 0, 0.0}, kDeBiltLat, kDeBiltLon);
    const SunPosition night = sun_position({2024, 6, 21, 23, 30, 0.0}, kDeBiltLat, kDeBiltLon);
    EXPECT_GT(morning.azimuth_deg, 45.0);
    EXPECT_LT(morning.azimuth_deg, 135.0);
    EXPECT_GT(evening.azimuth_deg, 225.0);
    EXPECT_LT(evening.azimuth_deg, 315.0);
    EXPECT_LT(night.altitude_deg, 0.0);
    EXPECT_LT(morning.hour_angle_deg, 0.0);
    EXPECT_GT(evening.hour_angle_deg, 0.0);
}

TEST(SunPosition, SunriseSunsetAltitudeAtPublishedTimes) {
    // Sunrise and sunset as published (the upper limb on the horizon with standard refraction: geometric altitude
    // of the centre −0.833°). Amsterdam (52.37° N, 4.89° E), 21 June 2024: 05:18 and 22:06 CEST = 03:18 and 20:06
    // UTC. Published times are rounded to the minute (about 0.12° of altitude here), hence 0.15°.
    EXPECT_NEAR(sun_position({2024, 6, 21, 3, 18, 0.0}, 52.37, 4.89).altitude_deg, -0.833, 0.15);
    EXPECT_NEAR(sun_position({2024, 6, 21, 20, 6, 0.0}, 52.37, 4.89).altitude_deg, -0.833, 0.15);
    // With the NOAA refraction the apparent altitude of the centre is close to 0 (−0.833 + 0.4 ≈ −0.4).
    EXPECT_NEAR(sun_position({2024, 6, 21, 3, 18, 0.0}, 52.37, 4.89).apparent_altitude_deg, -0.43, 0.2);
}

TEST(SunPosition, AddMinutesCrossesDaysAndYears) {
    const UtcTime t = add_minutes({2023, 12, 31, 23, 30, 0.0}, 45.0);
    EXPECT_EQ(t.year, 2024);
    EXPECT_EQ(t.month, 1);
    EXPECT_EQ(t.day, 1);
    EXPECT_EQ(t.hour, 0);
    EXPECT_EQ(t.minute, 15);
    EXPECT_NEAR(t.second, 0.0, 1e-6);
    const UtcTime back = add_minutes({2024, 3, 1, 0, 10, 0.0}, -20.0);  // leap year
    EXPECT_EQ(back.month, 2);
    EXPECT_EQ(back.day, 29);
    EXPECT_EQ(back.hour, 23);
    EXPECT_EQ(back.minute, 50);
}

TEST(SunPosition, ErbsDiffuseFraction) {
    // Hand-computed from Erbs et al. (1982).
    EXPECT_NEAR(erbs_diffuse_fraction(0.1), 0.991, 1e-12);
    EXPECT_NEAR(erbs_diffuse_fraction(0.5), 0.9511 - 0.0802 + 1.097 - 2.07975 + 0.771, 1e-9);  // 0.65915
    EXPECT_NEAR(erbs_diffuse_fraction(0.9), 0.165, 1e-12);
    // The pieces (nearly) meet at the breaks.
    EXPECT_NEAR(erbs_diffuse_fraction(0.22), erbs_diffuse_fraction(0.2200001), 1e-3);
    EXPECT_NEAR(erbs_diffuse_fraction(0.80), erbs_diffuse_fraction(0.8000001), 1e-3);
}

TEST(SunPosition, GlobalRadiationSplit) {
    // G = 600 W/m², sun at 50°, I0 = 1361 W/m²: kt = 600 / (1361·sin 50°) = 0.57550, kd = 0.49400.
    const RadiationSplit s = split_global_radiation(600.0, 50.0, 1361.0);
    const double kt = 600.0 / (1361.0 * std::sin(50.0 * M_PI / 180.0));
    EXPECT_NEAR(s.clearness_index, kt, 1e-12);
    EXPECT_NEAR(kt, 0.57550, 1e-4);
    EXPECT_NEAR(s.diffuse_fraction, erbs_diffuse_fraction(kt), 1e-12);
    EXPECT_NEAR(s.diffuse_fraction, 0.49400, 1e-4);
    EXPECT_NEAR(s.direct_horizontal + s.diffuse, 600.0, 1e-9);
    EXPECT_NEAR(s.direct_normal * std::sin(50.0 * M_PI / 180.0), s.direct_horizontal, 1e-9);
    // Night and sun near the horizon: all diffuse (or nothing).
    const RadiationSplit night = split_global_radiation(0.0, -10.0, 1361.0);
    EXPECT_EQ(night.diffuse, 0.0);
    EXPECT_EQ(night.direct_horizontal, 0.0);
    const RadiationSplit low = split_global_radiation(5.0, 0.5, 1361.0);
    EXPECT_EQ(low.diffuse, 5.0);
    EXPECT_EQ(low.direct_normal, 0.0);
    EXPECT_TRUE(std::isnan(split_global_radiation(NAN, 30.0, 1361.0).diffuse));
    // Overcast: kt small, nearly all diffuse.
    EXPECT_GT(split_global_radiation(80.0, 40.0, 1361.0).diffuse_fraction, 0.98);
    // I0 at perihelion (early January) is about 3 % above the constant.
    EXPECT_NEAR(extraterrestrial_normal(0.98329), 1361.0 / (0.98329 * 0.98329), 1e-9);
}
