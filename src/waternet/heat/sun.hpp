// The sun: position for a UTC time and a place, and the split of measured global radiation into its direct and
// diffuse parts. Pure functions, no I/O.
//
// Position: the NOAA Global Monitoring Laboratory solar calculator (https://gml.noaa.gov/grad/solcalc/, its
// "NOAA_Solar_Calculations" spreadsheet), which implements the low-accuracy solar coordinates of J. Meeus,
// "Astronomical Algorithms" (2nd ed., Willmann-Bell 1998), ch. 25 (solar coordinates), ch. 22 (obliquity) and
// ch. 28 (equation of time, Smart's series). Accurate to about 0.01° in declination for 1800–2100; altitudes
// and azimuths to a few hundredths of a degree. Time is UTC (KNMI hourly data are in UTC); ΔT (TT − UT,
// about 70 s) is ignored as in the NOAA calculator.
//
// Radiation split: Erbs, Klein & Duffie (1982), "Estimation of the diffuse radiation fraction for hourly, daily
// and monthly-average global radiation", Solar Energy 28(4), 293–302: the diffuse fraction of hourly global
// radiation as a function of the clearness index kt = G / (I0 · sin h).
#pragma once

#include <cstdint>

namespace wn::heat {

// A moment in UTC. The fields are not range-checked beyond what the Julian-day arithmetic needs; second may
// carry a fraction.
struct UtcTime {
    int year = 2000;
    int month = 1;   // 1..12
    int day = 1;     // 1..31
    int hour = 0;    // 0..23
    int minute = 0;  // 0..59
    double second = 0.0;
};

// Julian day (days since −4712-01-01 12:00 UT) of a UTC moment, Gregorian calendar (Meeus ch. 7).
double julian_day(const UtcTime& t);

struct SunPosition {
    double altitude_deg = 0.0;           // geometric elevation of the sun's centre above the horizon (no refraction)
    double apparent_altitude_deg = 0.0;  // altitude_deg plus the NOAA calculator's atmospheric refraction
    double azimuth_deg = 0.0;            // 0 = north, 90 = east, 180 = south, 270 = west
    double declination_deg = 0.0;        // apparent declination of the sun
    double equation_of_time_min = 0.0;   // apparent minus mean solar time (minutes)
    double hour_angle_deg = 0.0;         // 0 at local solar noon, negative in the morning
    double earth_sun_distance_au = 1.0;  // radius vector
};

// Solar position for a UTC moment at latitude (° north) and longitude (° east, west negative).
SunPosition sun_position(const UtcTime& t, double latitude_deg, double longitude_deg);

// Local solar noon at a longitude on the date of `date` (its time fields are ignored), in minutes after
// 00:00 UTC (NOAA: 720 − 4·longitude − equation of time, the latter evaluated at the noon itself).
double solar_noon_utc_min(const UtcTime& date, double longitude_deg);

// The same moment shifted by a number of minutes (may cross days, months, years).
UtcTime add_minutes(const UtcTime& t, double minutes);

// Solar "constant": total solar irradiance at 1 AU, W/m² (Kopp & Lean 2011, Geophys. Res. Lett. 38, L01706).
inline constexpr double kSolarConstant = 1361.0;

// Extraterrestrial irradiance on a surface normal to the sun: kSolarConstant / r² (r in AU), W/m².
double extraterrestrial_normal(double earth_sun_distance_au);

struct RadiationSplit {
    double direct_horizontal = 0.0;  // beam radiation on a horizontal surface, W/m²
    double diffuse = 0.0;            // diffuse radiation on a horizontal surface, W/m²
    double direct_normal = 0.0;      // beam radiation on a surface facing the sun, W/m² (direct_horizontal / sin h)
    double clearness_index = 0.0;    // kt = G / (I0·sin h), capped at 1; 0 when the sun is down
    double diffuse_fraction = 1.0;   // kd = diffuse / G
};

// Erbs et al. (1982) diffuse fraction kd(kt):
//   kt ≤ 0.22:        1 − 0.09·kt
//   0.22 < kt ≤ 0.80: 0.9511 − 0.1604·kt + 4.388·kt² − 16.638·kt³ + 12.336·kt⁴
//   kt > 0.80:        0.165
double erbs_diffuse_fraction(double clearness_index);

// Splits global horizontal radiation G (W/m², a mean over the period, e.g. an hour; use the sun's position at
// the middle of that period) into direct and diffuse parts with Erbs et al. (1982). With the sun below
// `min_altitude_deg` (default 1°: near the horizon kt is meaningless) or G ≤ 0, everything is diffuse and the
// direct part is zero. Negative or NaN G gives zeros (NaN propagates). direct_normal is capped at I0.
RadiationSplit split_global_radiation(double global_w_m2, double sun_altitude_deg, double extraterrestrial_normal_w_m2,
                                      double min_altitude_deg = 1.0);

}  // namespace wn::heat
