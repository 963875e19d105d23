// A drought job: a KNMI hourly station record → the precipitation deficit per year (1 April – 1 October) against
// the 1-in-10-year references, a 2050 estimate (the record transformed month by month with a KNMI scenario), and
// the station's heat days. Optionally writes into
// one output folder (every file atomically):
//   drought_daily.csv      every day of the record: rain, radiation, temperatures, Makkink, the deficit now and 2050
//   drought_summary.json   per year: maximum deficit and its date, the share of the references, heat days; the
//                          hottest day; the parameters
//   provenance.json        the KNMI file with its SHA-256, the parameters (io/provenance.hpp)
// The CLI's `drought` command and the regional stress test call this.
//
// The 2050 estimate (drought/climate_change.hpp): every day's rain and radiation scaled and its temperature shifted
// by its month's change of the scenario (default KNMI'14 WH 2050), Makkink evaporation recomputed from them.
// docs/heat.md ("2050 climate for the drought indicator") records the numbers, their source and the
// simplifications against KNMI's own transformation.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "waternet/drought/climate_change.hpp"
#include "waternet/drought/deficit.hpp"
#include "waternet/drought/heat_days.hpp"

namespace wn {

struct DroughtJob {
    std::filesystem::path knmi;  // KNMI hourly file (uurgeg_*.txt or a subset with its header)
    drought::MonthlyClimateChange climate_2050 = drought::kKnmi14WH2050;
    double trace_rain_mm = drought::ReadOptions{}.trace_rain_mm;  // what RH = −1 (< 0.05 mm) counts as
    std::optional<std::filesystem::path> output_dir;              // nothing is written without one
    std::string command_line;
};

// One year of the record, the numbers a report needs.
struct DroughtYear {
    int year = 0;
    double max_deficit_mm = 0.0;  // highest cumulative deficit 1 April – 30 September
    drought::Date max_deficit_date;
    double deficit_1_october_mm = 0.0;
    double fraction_of_reference_now = 0.0;  // max_deficit_mm / 225 mm
    double max_deficit_2050_mm = 0.0;        // the same for the transformed (2050) series
    drought::Date max_deficit_2050_date;
    double fraction_of_reference_2050 = 0.0;  // max_deficit_2050_mm / 300 mm
    bool complete = true;                     // every day of the window has rain and evaporation
    int missing_days = 0;
    std::vector<drought::Date> missing_dates;
    // Heat days (drought/heat_days.hpp); absent when the year has no day with 24 temperatures.
    std::optional<drought::YearHeat> heat;
};

struct DroughtJobReport {
    int station = 0;
    std::size_t hours = 0;
    drought::Date first_date, last_date;
    double reference_now_mm = drought::kReferenceDeficitNowMm;
    double reference_2050_mm = drought::kReferenceDeficit2050Mm;
    drought::MonthlyClimateChange climate_2050;
    std::vector<DroughtYear> years;
    std::optional<drought::HottestDay> hottest_day;
    // The full series, for callers that want more than the summary.
    std::vector<drought::DailyWeather> days, days_2050;
    std::vector<drought::YearDeficit> deficits_now, deficits_2050;
    std::vector<std::filesystem::path> written;
};

// InputError: unreadable or malformed KNMI file (drought/knmi.hpp), a 2050 change outside check_climate_change's
// ranges, a record without days.
DroughtJobReport run_drought_job(const DroughtJob& job);

// The table printed after a run: per year the maximum deficit (now and 2050) against the references, heat days,
// notes on incomplete years; the hottest day.
std::string format_drought_summary(const DroughtJob& job, const DroughtJobReport& report);

}  // namespace wn
