#include "waternet/drought/heat_days.hpp"

#include <map>

namespace wn::drought {

std::vector<YearHeat> heat_days_per_year(const std::vector<DailyWeather>& days, const HeatThresholds& thresholds) {
    std::map<int, YearHeat> years;
    for (const DailyWeather& d : days) {
        const int year = static_cast<int>(d.date.year());
        YearHeat& y = years[year];
        y.year = year;
        if (!d.t_max_c || !d.t_min_c) {
            ++y.days_missing_temperature;
            continue;
        }
        ++y.days_with_temperature;
        if (*d.t_max_c >= thresholds.summer_day_c) ++y.summer_days;
        if (*d.t_max_c >= thresholds.tropical_day_c) ++y.tropical_days;
        if (*d.t_min_c > thresholds.warm_night_c) ++y.warm_nights;
        if (!y.max_t_c || *d.t_max_c > *y.max_t_c) {
            y.max_t_c = d.t_max_c;
            y.max_t_date = d.date;
        }
    }
    std::vector<YearHeat> out;
    for (auto& [year, y] : years) {
        (void)year;
        out.push_back(y);
    }
    return out;
}

std::optional<HottestDay> hottest_day(const std::vector<DailyWeather>& days) {
    std::optional<HottestDay> best;
    for (const DailyWeather& d : days) {
        if (!d.t_max_c || !d.t_mean_c) continue;
        if (!best || *d.t_max_c > best->t_max_c || (*d.t_max_c == best->t_max_c && *d.t_mean_c > best->t_mean_c))
            best = HottestDay{d.date, *d.t_max_c, *d.t_mean_c};
    }
    return best;
}

}  // namespace wn::drought
