#include "waternet/drought/deficit.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace wn::drought {
namespace {

using std::chrono::sys_days;

struct Accumulator {
    int hours = 0;
    int complete_hours = 0;
    int t_count = 0, rain_count = 0, q_count = 0;
    double t_sum = 0.0, rain_sum = 0.0, q_sum = 0.0;
    double t_min = std::numeric_limits<double>::infinity();
    double t_max = -std::numeric_limits<double>::infinity();
};

}  // namespace

std::vector<DailyWeather> daily_series(const KnmiHourly& data, const MakkinkConstants& makkink) {
    std::map<sys_days, Accumulator> by_day;
    for (const HourlyRecord& h : data.hours) {
        Accumulator& a = by_day[sys_days(h.date)];
        ++a.hours;
        if (h.temperature_c) {
            ++a.t_count;
            a.t_sum += *h.temperature_c;
            a.t_min = std::min(a.t_min, *h.temperature_c);
            a.t_max = std::max(a.t_max, *h.temperature_c);
        }
        if (h.rain_mm) {
            ++a.rain_count;
            a.rain_sum += *h.rain_mm;
        }
        if (h.radiation_j_per_cm2) {
            ++a.q_count;
            a.q_sum += *h.radiation_j_per_cm2;
        }
        if (h.temperature_c && h.rain_mm && h.radiation_j_per_cm2) ++a.complete_hours;
    }
    std::vector<DailyWeather> out;
    if (by_day.empty()) return out;
    const sys_days first = by_day.begin()->first;
    const sys_days last = by_day.rbegin()->first;
    for (sys_days d = first; d <= last; d += std::chrono::days{1}) {
        DailyWeather w;
        w.date = Date(d);
        const auto it = by_day.find(d);
        if (it == by_day.end()) {
            w.missing_hours = 24;
            out.push_back(w);
            continue;
        }
        const Accumulator& a = it->second;
        w.hours = a.hours;
        w.missing_hours = 24 - a.complete_hours;
        if (a.t_count == 24) {
            w.t_mean_c = a.t_sum / 24.0;
            w.t_min_c = a.t_min;
            w.t_max_c = a.t_max;
        }
        if (a.rain_count == 24) w.rain_mm = a.rain_sum;
        if (a.q_count == 24) w.radiation_j_per_cm2 = a.q_sum;
        if (w.radiation_j_per_cm2 && w.t_mean_c)
            w.makkink_mm = makkink_mm_from_j_per_cm2(*w.radiation_j_per_cm2, *w.t_mean_c, makkink);
        out.push_back(w);
    }
    return out;
}

std::vector<YearDeficit> precipitation_deficits(const std::vector<DailyWeather>& days) {
    std::map<sys_days, const DailyWeather*> by_day;
    std::map<int, bool> years;
    for (const DailyWeather& d : days) {
        if (!by_day.emplace(sys_days(d.date), &d).second)
            throw std::logic_error("precipitation_deficits: a date appears twice");
        years[static_cast<int>(d.date.year())] = true;
    }
    std::vector<YearDeficit> out;
    for (const auto& [year, unused] : years) {
        (void)unused;
        YearDeficit y;
        y.year = year;
        const std::chrono::year yy{year};
        const sys_days start = sys_days(yy / std::chrono::April / 1);
        const sys_days end = sys_days(yy / std::chrono::September / 30);
        y.max_date = Date(start);
        double deficit = 0.0;
        for (sys_days d = start; d <= end; d += std::chrono::days{1}) {
            DeficitDay day;
            day.date = Date(d);
            const auto it = by_day.find(d);
            if (it != by_day.end()) {
                day.rain_mm = it->second->rain_mm;
                day.evaporation_mm = it->second->makkink_mm;
            }
            if (day.rain_mm && day.evaporation_mm) {
                deficit = std::max(0.0, deficit + *day.evaporation_mm - *day.rain_mm);
            } else {
                day.missing = true;
                ++y.missing_days;
                y.missing_dates.push_back(day.date);
            }
            day.deficit_mm = deficit;
            if (deficit > y.max_deficit_mm) {
                y.max_deficit_mm = deficit;
                y.max_date = day.date;
            }
            y.days.push_back(day);
        }
        y.final_deficit_mm = deficit;
        out.push_back(std::move(y));
    }
    return out;
}

}  // namespace wn::drought
