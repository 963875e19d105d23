// Small hand-made KNMI hourly files and daily series for the drought tests.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "waternet/drought/deficit.hpp"

namespace wn::drought::test {

inline constexpr const char* kHeader =
    "# BRON: KONINKLIJK NEDERLANDS METEOROLOGISCH INSTITUUT (KNMI)\n"
    "# RH        = Uursom van de neerslag (in 0.1 mm) (-1 voor <0.05 mm)\n"
    "\n"
    "# STN,YYYYMMDD,HH,   FH,    T,    Q,   RH,    U\n";

// One hourly line in the header's column order.
inline std::string hour_line(const std::string& date, int hh, const std::string& fh, const std::string& t,
                             const std::string& q, const std::string& rh, const std::string& u) {
    return fmt::format("  290,{},{:>5},{:>5},{:>5},{:>5},{:>5},{:>5}\n", date, hh, fh, t, q, rh, u);
}

// A full day: constant T (0.1 °C), Q per hour (J/cm²), RH per hour (0.1 mm).
inline std::string day_lines(const std::string& date, int t, int q, int rh) {
    std::string s;
    for (int h = 1; h <= 24; ++h)
        s += hour_line(date, h, "30", std::to_string(t), std::to_string(q), std::to_string(rh), "70");
    return s;
}

inline Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// A daily series with given rain and evaporation on each date from `first` for `n` days.
inline std::vector<DailyWeather> toy_days(Date first, const std::vector<std::optional<double>>& rain,
                                          const std::vector<std::optional<double>>& evaporation) {
    std::vector<DailyWeather> out;
    std::chrono::sys_days d(first);
    for (std::size_t i = 0; i < rain.size(); ++i, d += std::chrono::days{1}) {
        DailyWeather w;
        w.date = Date(d);
        w.hours = 24;
        w.rain_mm = rain[i];
        w.makkink_mm = evaporation[i];
        out.push_back(w);
    }
    return out;
}

}  // namespace wn::drought::test
