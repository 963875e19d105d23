// Heat indicators per year from the station record: summer days, tropical days, warm nights, and the
// hottest day.
//
// Daily values are those of daily_series(): over KNMI's UT day (the 24 hourly values HH = 1..24 of a date,
// 00-24 UT, i.e. 01-01 h winter time / 02-02 h summer time). So the "night" of a warm night is the minimum of
// the 24 hourly values of that day — the night *before* the date's afternoon, as in KNMI's daily TN. The hourly
// observations miss the short extremes that KNMI's daily TN/TX (10-minute values) catch, so these counts can
// be slightly lower than KNMI's published ones.
//   summer day    Tmax >= 25 °C
//   tropical day  Tmax >= 30 °C
//   warm night    Tmin >  20 °C (the definition; KNMI's "tropische nacht" uses >= 20 °C)
// Days without 24 temperatures are not counted and are reported per year.
#pragma once

#include <optional>
#include <vector>

#include "waternet/drought/deficit.hpp"

namespace wn::drought {

struct HeatThresholds {
    double summer_day_c = 25.0;
    double tropical_day_c = 30.0;
    double warm_night_c = 20.0;  // strictly above
};

struct YearHeat {
    int year = 0;
    int days_with_temperature = 0;
    int days_missing_temperature = 0;  // dates of that year in the record (or its gaps) without 24 temperatures
    int summer_days = 0;
    int tropical_days = 0;
    int warm_nights = 0;
    std::optional<double> max_t_c;  // the year's highest hourly temperature
    std::optional<Date> max_t_date;
};

std::vector<YearHeat> heat_days_per_year(const std::vector<DailyWeather>& days, const HeatThresholds& thresholds = {});

struct HottestDay {
    Date date;
    double t_max_c = 0.0;
    double t_mean_c = 0.0;
};
// The day with the highest Tmax in the record (ties: the higher daily mean, then the earlier date); nullopt if
// no day has 24 temperatures. The heat module's default day.
std::optional<HottestDay> hottest_day(const std::vector<DailyWeather>& days);

}  // namespace wn::drought
