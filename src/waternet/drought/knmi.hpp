// KNMI hourly station data (uurgegevens), as KNMI distributes it.
//
// Format: comment lines starting with '#', one of which (or the first uncommented line) names the columns,
// "# STN,YYYYMMDD,HH,DD,FH,...", then one line per hour, values separated by commas, possibly padded with spaces.
// Units as KNMI defines them (converted here to SI-ish units on reading):
//   T   temperature at 1.50 m in 0.1 °C               -> temperature_c (°C)
//   RH  hourly rain sum in 0.1 mm, -1 = "< 0.05 mm"  -> rain_mm (mm); -1 becomes ReadOptions::trace_rain_mm
//   Q   global radiation in J/cm² per hourly interval -> radiation_j_per_cm2 (J/cm²)
//   FH  mean wind speed over the hour in 0.1 m/s      -> wind_m_per_s (m/s)
//   U   relative humidity in %                        -> relative_humidity_pct (%)
//   DD  wind direction (where the wind comes from), degrees, 360 = north, 90 = east; 0 = calm, 990 = variable
//                                                     -> wind_direction_deg in [0, 360) (north = 0), nullopt when
//                                                        calm or variable (wind_calm_or_variable) or missing
//   HH  the UT hour that *ends* the interval, 1..24: HH = 5 is 04:00-05:00 UT, HH = 24 is 23:00-24:00 UT of
//       the same date YYYYMMDD. So the 24 values of one date cover that UT day (00-24 UT), KNMI's day.
// An empty value is *missing* (std::nullopt), never zero.
// Required columns: YYYYMMDD, HH, T, RH, Q. Optional: STN, FH, U, DD (and any others, ignored).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wn::drought {

using Date = std::chrono::year_month_day;

// "2022-08-14".
std::string iso_date(Date date);

struct HourlyRecord {
    Date date;
    int hour = 0;  // 1..24, the UT hour ending the interval
    std::optional<double> temperature_c;
    std::optional<double> rain_mm;
    bool rain_trace = false;  // RH was -1 ("< 0.05 mm")
    std::optional<double> radiation_j_per_cm2;
    std::optional<double> wind_m_per_s;
    std::optional<double> relative_humidity_pct;
    std::optional<double> wind_direction_deg;  // from where the wind blows, 0 = north, clockwise
    bool wind_calm_or_variable = false;        // DD was 0 (calm) or 990 (variable)
};

struct KnmiHourly {
    std::string source;               // file name or label, for messages
    int station = 0;                  // STN of the first record (0 if the column is absent)
    std::vector<HourlyRecord> hours;  // in file order
};

struct ReadOptions {
    // What RH = -1 ("< 0.05 mm", a trace) counts as. Default 0.025 mm, the middle of [0, 0.05); 0 is the
    // other defensible choice. Over a summer half-year the choice moves the deficit by at most a few mm.
    double trace_rain_mm = 0.025;
};

// Parses the text of a KNMI hourly file. InputError (with `source` and the line number) for an empty file, no
// column header, a missing required column, a line with the wrong number of values, a non-numeric value, a
// bad date, HH outside 1..24, or a duplicate (date, hour).
KnmiHourly parse_knmi_hourly(std::string_view text, std::string source = "KNMI data", const ReadOptions& options = {});
// Reads and parses a file (InputError if it cannot be read).
KnmiHourly read_knmi_hourly(const std::filesystem::path& path, const ReadOptions& options = {});

}  // namespace wn::drought
