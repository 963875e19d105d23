// Daily weather from KNMI hourly data, and the cumulative precipitation deficit of the summer half-year.
//
// The day: KNMI's UT day, the 24 hourly values HH = 1..24 of one date (00-24 UT).
// A daily value is present only if all 24 hours of its input are present: a day with a missing hour is
// reported as missing for that variable (and counted), never filled with zero.
//
// The deficit (KNMI convention, as on its "neerslagtekort" page): from 1 April, each day adds E_ref − P
// (Makkink reference evaporation minus rain), and the running sum is not allowed below 0:
//   D(31 March) = 0,   D(d) = max(0, D(d−1) + E_ref(d) − P(d)),   d = 1 April .. 30 September,
// so D(30 September) is the deficit "on 1 October". A day with missing rain or evaporation adds nothing (the
// deficit is carried over), is listed, and flags its year as incomplete; so does a day of the window that
// the record does not cover (the shipped record ends 2023-09-25).
// References (Delta Programme / KNMI, ../shared/reference/stresstest-nl.md): the 1-in-10-year maximum deficit
// is about 225 mm in the present climate and about 300 mm around 2050.
#pragma once

#include <optional>
#include <vector>

#include "waternet/drought/evaporation.hpp"
#include "waternet/drought/knmi.hpp"

namespace wn::drought {

struct DailyWeather {
    Date date;
    int hours = 0;                                     // hourly records of this date in the file (24 when complete)
    int missing_hours = 0;                             // 24 − hours with all of T, RH and Q present
    std::optional<double> rain_mm;                     // sum of 24 hourly RH
    std::optional<double> radiation_j_per_cm2;         // sum of 24 hourly Q
    std::optional<double> t_mean_c, t_min_c, t_max_c;  // mean / min / max of the 24 hourly T
    std::optional<double> makkink_mm;                  // from radiation and t_mean (both present)
};

// One entry per calendar day from the first to the last date in the record, gaps included (as missing).
std::vector<DailyWeather> daily_series(const KnmiHourly& data, const MakkinkConstants& makkink = {});

struct DeficitDay {
    Date date;
    std::optional<double> rain_mm;
    std::optional<double> evaporation_mm;  // Makkink
    double deficit_mm = 0.0;               // cumulative, after this day
    bool missing = false;                  // rain or evaporation missing (or the day is not in the record)
};

struct YearDeficit {
    int year = 0;
    std::vector<DeficitDay> days;  // 1 April .. 30 September (183 days)
    double max_deficit_mm = 0.0;
    Date max_date;                  // first day the maximum was reached (1 April when it stays 0)
    double final_deficit_mm = 0.0;  // after 30 September
    int missing_days = 0;           // days of the window without rain or evaporation (or not in the record)
    std::vector<Date> missing_dates;
    bool complete() const { return missing_days == 0; }
};

inline constexpr double kReferenceDeficitNowMm = 225.0;   // 1-in-10-year, present climate
inline constexpr double kReferenceDeficit2050Mm = 300.0;  // 1-in-10-year, around 2050

// The deficit for every year the record touches (any date in it). Days must be daily_series() output (or any
// ascending list of distinct dates); for 2050, transform them first (drought/climate_change.hpp).
std::vector<YearDeficit> precipitation_deficits(const std::vector<DailyWeather>& days);

}  // namespace wn::drought
