#include "waternet/heat/sun.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wn::heat {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

double wrap360(double a) {
    a = std::fmod(a, 360.0);
    return a < 0.0 ? a + 360.0 : a;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's civil calendar algorithms).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, int& y, int& m, int& d) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<long long>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

// Atmospheric refraction (degrees) for a geometric elevation, as in the NOAA calculator spreadsheet.
double refraction_deg(double elevation_deg) {
    if (elevation_deg > 85.0) return 0.0;
    const double te = std::tan(elevation_deg * kDeg);
    double arcsec = 0.0;
    if (elevation_deg > 5.0)
        arcsec = 58.1 / te - 0.07 / (te * te * te) + 0.000086 / std::pow(te, 5);
    else if (elevation_deg > -0.575)
        arcsec = 1735.0 +
                 elevation_deg * (-518.2 + elevation_deg * (103.4 + elevation_deg * (-12.79 + elevation_deg * 0.711)));
    else
        arcsec = -20.772 / te;
    return arcsec / 3600.0;
}

struct SolarCoordinates {
    double declination_deg;
    double equation_of_time_min;
    double radius_au;
};

SolarCoordinates solar_coordinates(double jd) {
    const double T = (jd - 2451545.0) / 36525.0;  // Julian centuries since J2000.0
    const double L0 = wrap360(280.46646 + T * (36000.76983 + T * 0.0003032));
    const double M = 357.52911 + T * (35999.05029 - 0.0001537 * T);
    const double e = 0.016708634 - T * (0.000042037 + 0.0000001267 * T);
    const double C = std::sin(M * kDeg) * (1.914602 - T * (0.004817 + 0.000014 * T)) +
                     std::sin(2.0 * M * kDeg) * (0.019993 - 0.000101 * T) + std::sin(3.0 * M * kDeg) * 0.000289;
    const double true_long = L0 + C;
    const double true_anom = M + C;
    const double radius = 1.000001018 * (1.0 - e * e) / (1.0 + e * std::cos(true_anom * kDeg));
    const double omega = 125.04 - 1934.136 * T;
    const double app_long = true_long - 0.00569 - 0.00478 * std::sin(omega * kDeg);
    const double eps0 = 23.0 + (26.0 + (21.448 - T * (46.815 + T * (0.00059 - T * 0.001813))) / 60.0) / 60.0;
    const double eps = eps0 + 0.00256 * std::cos(omega * kDeg);
    const double decl = std::asin(std::sin(eps * kDeg) * std::sin(app_long * kDeg)) / kDeg;
    const double y = std::tan(eps * kDeg / 2.0) * std::tan(eps * kDeg / 2.0);
    const double l0 = L0 * kDeg;
    const double m = M * kDeg;
    const double eot_rad = y * std::sin(2.0 * l0) - 2.0 * e * std::sin(m) +
                           4.0 * e * y * std::sin(m) * std::cos(2.0 * l0) - 0.5 * y * y * std::sin(4.0 * l0) -
                           1.25 * e * e * std::sin(2.0 * m);
    return {decl, 4.0 * eot_rad / kDeg, radius};
}

}  // namespace

double julian_day(const UtcTime& t) {
    const long long days = days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
    const double day_fraction = (t.hour * 3600.0 + t.minute * 60.0 + t.second) / 86400.0;
    return 2440587.5 + static_cast<double>(days) + day_fraction;  // 1970-01-01 00:00 UT = JD 2440587.5
}

UtcTime add_minutes(const UtcTime& t, double minutes) {
    const double total_s =
        static_cast<double>(days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day))) *
            86400.0 +
        t.hour * 3600.0 + t.minute * 60.0 + t.second + minutes * 60.0;
    const double days = std::floor(total_s / 86400.0);
    double rest = total_s - days * 86400.0;
    UtcTime out;
    civil_from_days(static_cast<long long>(days), out.year, out.month, out.day);
    out.hour = std::min(23, static_cast<int>(rest / 3600.0));
    rest -= out.hour * 3600.0;
    out.minute = std::min(59, static_cast<int>(rest / 60.0));
    out.second = rest - out.minute * 60.0;
    return out;
}

SunPosition sun_position(const UtcTime& t, double latitude_deg, double longitude_deg) {
    const SolarCoordinates sc = solar_coordinates(julian_day(t));
    SunPosition p;
    p.declination_deg = sc.declination_deg;
    p.equation_of_time_min = sc.equation_of_time_min;
    p.earth_sun_distance_au = sc.radius_au;

    const double minutes_utc = t.hour * 60.0 + t.minute + t.second / 60.0;
    const double true_solar_time =
        std::fmod(minutes_utc + sc.equation_of_time_min + 4.0 * longitude_deg + 1440.0 * 4.0, 1440.0);
    p.hour_angle_deg = true_solar_time / 4.0 < 0.0 ? true_solar_time / 4.0 + 180.0 : true_solar_time / 4.0 - 180.0;

    const double lat = latitude_deg * kDeg;
    const double dec = sc.declination_deg * kDeg;
    const double ha = p.hour_angle_deg * kDeg;
    const double cos_zen =
        std::clamp(std::sin(lat) * std::sin(dec) + std::cos(lat) * std::cos(dec) * std::cos(ha), -1.0, 1.0);
    const double zen = std::acos(cos_zen);
    p.altitude_deg = 90.0 - zen / kDeg;
    p.apparent_altitude_deg = p.altitude_deg + refraction_deg(p.altitude_deg);

    const double denom = std::cos(lat) * std::sin(zen);
    if (std::abs(denom) < 1e-12) {
        p.azimuth_deg = latitude_deg > 0.0 ? 180.0 : 0.0;  // sun at the zenith or observer at a pole
    } else {
        const double a = std::acos(std::clamp((std::sin(lat) * cos_zen - std::sin(dec)) / denom, -1.0, 1.0)) / kDeg;
        p.azimuth_deg = p.hour_angle_deg > 0.0 ? wrap360(a + 180.0) : wrap360(540.0 - a);
    }
    return p;
}

double solar_noon_utc_min(const UtcTime& date, double longitude_deg) {
    UtcTime t = date;
    t.hour = 0;
    t.minute = 0;
    t.second = 0.0;
    const double jd0 = julian_day(t);
    double noon = 720.0 - 4.0 * longitude_deg;
    for (int i = 0; i < 3; ++i)
        noon = 720.0 - 4.0 * longitude_deg - solar_coordinates(jd0 + noon / 1440.0).equation_of_time_min;
    return noon;
}

double extraterrestrial_normal(double earth_sun_distance_au) {
    return kSolarConstant / (earth_sun_distance_au * earth_sun_distance_au);
}

double erbs_diffuse_fraction(double kt) {
    if (kt <= 0.22) return 1.0 - 0.09 * kt;
    if (kt <= 0.80) return 0.9511 + kt * (-0.1604 + kt * (4.388 + kt * (-16.638 + kt * 12.336)));
    return 0.165;
}

RadiationSplit split_global_radiation(double global_w_m2, double sun_altitude_deg, double extraterrestrial_normal_w_m2,
                                      double min_altitude_deg) {
    RadiationSplit s;
    if (std::isnan(global_w_m2)) {
        s.direct_horizontal = s.diffuse = s.direct_normal = s.clearness_index = s.diffuse_fraction = global_w_m2;
        return s;
    }
    if (global_w_m2 <= 0.0) return s;  // zeros, kd = 1
    if (sun_altitude_deg < min_altitude_deg) {
        s.diffuse = global_w_m2;
        return s;
    }
    const double sin_h = std::sin(sun_altitude_deg * kDeg);
    const double kt = std::min(1.0, global_w_m2 / (extraterrestrial_normal_w_m2 * sin_h));
    s.clearness_index = kt;
    s.diffuse_fraction = erbs_diffuse_fraction(kt);
    s.diffuse = s.diffuse_fraction * global_w_m2;
    s.direct_normal = std::min(extraterrestrial_normal_w_m2, (global_w_m2 - s.diffuse) / sin_h);
    s.direct_horizontal = s.direct_normal * sin_h;
    s.diffuse = global_w_m2 - s.direct_horizontal;  // keep G = direct + diffuse when the cap applies
    s.diffuse_fraction = s.diffuse / global_w_m2;
    return s;
}

}  // namespace wn::heat
