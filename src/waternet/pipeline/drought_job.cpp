#include "waternet/pipeline/drought_job.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "waternet/core/error.hpp"
#include "waternet/drought/knmi.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"

namespace wn {
namespace {

using namespace wn::drought;

std::string opt(const std::optional<double>& v, int decimals) {
    return v ? fmt::format("{:.{}f}", *v, decimals) : std::string();
}

nlohmann::json opt_json(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::string daily_csv(const DroughtJobReport& r) {
    std::map<std::string, std::pair<const DeficitDay*, const DeficitDay*>> deficit_by_date;
    for (std::size_t i = 0; i < r.deficits_now.size(); ++i)
        for (std::size_t k = 0; k < r.deficits_now[i].days.size(); ++k)
            deficit_by_date[iso_date(r.deficits_now[i].days[k].date)] = {&r.deficits_now[i].days[k],
                                                                         &r.deficits_2050[i].days[k]};
    std::string csv =
        "date,rain_mm,radiation_j_per_cm2,t_mean_c,t_min_c,t_max_c,makkink_mm,missing_hours,"
        "deficit_mm,deficit_2050_mm,deficit_day_missing,rain_2050_mm,makkink_2050_mm\n";
    for (std::size_t i = 0; i < r.days.size(); ++i) {
        const DailyWeather& d = r.days[i];
        const DailyWeather& d2050 = r.days_2050[i];
        const std::string date = iso_date(d.date);
        const auto it = deficit_by_date.find(date);
        std::string deficit = ",,";
        if (it != deficit_by_date.end())
            deficit = fmt::format("{:.2f},{:.2f},{}", it->second.first->deficit_mm, it->second.second->deficit_mm,
                                  it->second.first->missing ? 1 : 0);
        csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", date, opt(d.rain_mm, 3), opt(d.radiation_j_per_cm2, 0),
                           opt(d.t_mean_c, 2), opt(d.t_min_c, 1), opt(d.t_max_c, 1), opt(d.makkink_mm, 3),
                           d.missing_hours, deficit, opt(d2050.rain_mm, 3), opt(d2050.makkink_mm, 3));
    }
    return csv;
}

nlohmann::json summary_json(const DroughtJobReport& r, const Provenance& p) {
    nlohmann::json years = nlohmann::json::array();
    for (const DroughtYear& y : r.years) {
        nlohmann::json missing = nlohmann::json::array();
        for (const Date& d : y.missing_dates) missing.push_back(iso_date(d));
        nlohmann::json entry = {{"year", y.year},
                                {"max_deficit_mm", y.max_deficit_mm},
                                {"max_deficit_date", iso_date(y.max_deficit_date)},
                                {"deficit_1_october_mm", y.deficit_1_october_mm},
                                {"fraction_of_reference_now", y.fraction_of_reference_now},
                                {"max_deficit_2050_mm", y.max_deficit_2050_mm},
                                {"max_deficit_2050_date", iso_date(y.max_deficit_2050_date)},
                                {"fraction_of_reference_2050", y.fraction_of_reference_2050},
                                {"complete", y.complete},
                                {"missing_days", y.missing_days},
                                {"missing_dates", missing}};
        if (y.heat) {
            entry["summer_days"] = y.heat->summer_days;
            entry["tropical_days"] = y.heat->tropical_days;
            entry["warm_nights"] = y.heat->warm_nights;
            entry["days_with_temperature"] = y.heat->days_with_temperature;
            entry["days_missing_temperature"] = y.heat->days_missing_temperature;
            entry["max_t_c"] = opt_json(y.heat->max_t_c);
        }
        years.push_back(entry);
    }
    nlohmann::json summary = {{"station", r.station},
                              {"first_date", iso_date(r.first_date)},
                              {"last_date", iso_date(r.last_date)},
                              {"hours", r.hours},
                              {"reference_now_mm", r.reference_now_mm},
                              {"reference_2050_mm", r.reference_2050_mm},
                              {"years", years},
                              {"provenance", p.to_json()}};
    if (r.hottest_day)
        summary["hottest_day"] = {{"date", iso_date(r.hottest_day->date)},
                                  {"t_max_c", r.hottest_day->t_max_c},
                                  {"t_mean_c", r.hottest_day->t_mean_c}};
    return summary;
}

}  // namespace

DroughtJobReport run_drought_job(const DroughtJob& job) {
    const MonthlyClimateChange& change = job.climate_2050;
    check_climate_change(change);
    ReadOptions read;
    read.trace_rain_mm = job.trace_rain_mm;
    const KnmiHourly data = read_knmi_hourly(job.knmi, read);

    DroughtJobReport r;
    r.station = data.station;
    r.hours = data.hours.size();
    r.climate_2050 = change;
    r.days = daily_series(data);
    if (r.days.empty()) throw InputError(fmt::format("{}: the record holds no days", job.knmi.string()));
    r.first_date = r.days.front().date;
    r.last_date = r.days.back().date;
    r.deficits_now = precipitation_deficits(r.days);
    r.days_2050 = transform_daily(r.days, change);
    r.deficits_2050 = precipitation_deficits(r.days_2050);
    const std::vector<YearHeat> heat = heat_days_per_year(r.days);
    r.hottest_day = hottest_day(r.days);
    std::map<int, const YearHeat*> heat_by_year;
    for (const YearHeat& h : heat) heat_by_year[h.year] = &h;

    for (std::size_t i = 0; i < r.deficits_now.size(); ++i) {
        const YearDeficit& y = r.deficits_now[i];
        const YearDeficit& z = r.deficits_2050[i];
        DroughtYear out;
        out.year = y.year;
        out.max_deficit_mm = y.max_deficit_mm;
        out.max_deficit_date = y.max_date;
        out.deficit_1_october_mm = y.final_deficit_mm;
        out.fraction_of_reference_now = y.max_deficit_mm / r.reference_now_mm;
        out.max_deficit_2050_mm = z.max_deficit_mm;
        out.max_deficit_2050_date = z.max_date;
        out.fraction_of_reference_2050 = z.max_deficit_mm / r.reference_2050_mm;
        out.complete = y.complete();
        out.missing_days = y.missing_days;
        out.missing_dates = y.missing_dates;
        if (const auto it = heat_by_year.find(y.year); it != heat_by_year.end()) out.heat = *it->second;
        r.years.push_back(std::move(out));
    }
    if (!job.output_dir) return r;

    const std::filesystem::path& out = *job.output_dir;
    Provenance p;
    p.command_line = job.command_line;
    p.scenario = "drought";
    p.add_input("knmi_hourly", job.knmi);
    p.parameters = {{"window", "1 April - 30 September (deficit on 1 October), running sum of Makkink - rain, floor 0"},
                    {"makkink", "0.65 s/(s+gamma) K/(rho_w lambda), KNMI / de Bruin & Lablans 1998"},
                    {"trace_rain_mm", read.trace_rain_mm},
                    {"climate_2050", std::string(change.id)},
                    {"climate_2050_source", std::string(change.source)},
                    {"climate_2050_rain_pct_by_month", change.rain_pct},
                    {"climate_2050_radiation_pct_by_month", change.radiation_pct},
                    {"climate_2050_temperature_k_by_month", change.temperature_k},
                    {"climate_2050_method",
                     "per month: rain and global radiation scaled, daily temperatures shifted, "
                     "Makkink recomputed (KNMI'14 transformation, monthly means only); "
                     "see docs/heat.md"},
                    {"reference_now_mm", r.reference_now_mm},
                    {"reference_2050_mm", r.reference_2050_mm}};
    write_text_atomic(out / "drought_daily.csv", daily_csv(r));
    write_text_atomic(out / "drought_summary.json", summary_json(r, p).dump(2) + "\n");
    write_provenance(out / "provenance.json", p);
    r.written = {out / "drought_daily.csv", out / "drought_summary.json", out / "provenance.json"};
    return r;
}

std::string format_drought_summary(const DroughtJob& job, const DroughtJobReport& r) {
    std::string s;
    s += fmt::format("KNMI station {} ({}): {} hours, {} .. {}\n", r.station, job.knmi.string(), r.hours,
                     iso_date(r.first_date), iso_date(r.last_date));
    s += fmt::format(
        "Precipitation deficit 1 April - 1 October (Makkink - rain, not below 0); references "
        "(1-in-10-year): {:.0f} mm now, {:.0f} mm 2050\n",
        r.reference_now_mm, r.reference_2050_mm);
    s += fmt::format("2050 estimate: {} ({}); April-September rain {:+.1f} {:+.1f} {:+.1f} {:+.1f} {:+.1f} {:+.1f} %\n",
                     r.climate_2050.id, r.climate_2050.source, r.climate_2050.rain_pct[3], r.climate_2050.rain_pct[4],
                     r.climate_2050.rain_pct[5], r.climate_2050.rain_pct[6], r.climate_2050.rain_pct[7],
                     r.climate_2050.rain_pct[8]);
    s += fmt::format("{:<5} {:>8} {:<11} {:>9} {:>9} {:<11} {:>8} {:>7} {:>7} {:>6}  {}\n", "year", "max_mm", "date",
                     "vs_225", "2050_mm", "2050_date", "vs_300", "summer", "tropic", "warm_n", "notes");
    for (const DroughtYear& y : r.years) {
        std::string note = y.complete ? "" : fmt::format("incomplete: {} of 183 days missing", y.missing_days);
        if (y.heat && y.heat->days_missing_temperature > 0)
            note += fmt::format("{}{} days without temperature", note.empty() ? "" : "; ",
                                y.heat->days_missing_temperature);
        s += fmt::format("{:<5} {:>8.1f} {:<11} {:>8.0f}% {:>9.1f} {:<11} {:>7.0f}% {:>7} {:>7} {:>6}  {}\n", y.year,
                         y.max_deficit_mm, iso_date(y.max_deficit_date), 100.0 * y.fraction_of_reference_now,
                         y.max_deficit_2050_mm, iso_date(y.max_deficit_2050_date), 100.0 * y.fraction_of_reference_2050,
                         y.heat ? y.heat->summer_days : 0, y.heat ? y.heat->tropical_days : 0,
                         y.heat ? y.heat->warm_nights : 0, note);
    }
    if (r.hottest_day)
        s += fmt::format("Hottest day in the record: {} (Tmax {:.1f} C, daily mean {:.1f} C, hourly values)\n",
                         iso_date(r.hottest_day->date), r.hottest_day->t_max_c, r.hottest_day->t_mean_c);
    if (!r.written.empty())
        s += fmt::format("Wrote {}/drought_daily.csv, drought_summary.json, provenance.json\n",
                         job.output_dir->string());
    return s;
}

}  // namespace wn
