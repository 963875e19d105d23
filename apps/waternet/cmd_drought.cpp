// `waternet drought`: the precipitation deficit (Makkink evaporation − rain, 1 April – 1 October) per year from
// KNMI hourly station data, against the 1-in-10-year references, with an indicative 2050 transformation, and
// the station's heat days (summer days, tropical days, warm nights, the hottest day).
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands.hpp"
#include "waternet/core/error.hpp"
#include "waternet/drought/deficit.hpp"
#include "waternet/drought/heat_days.hpp"
#include "waternet/drought/knmi.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/pipeline/flood_job.hpp"

namespace wn::cli {
namespace {

using namespace wn::drought;

std::string opt(const std::optional<double>& v, int decimals) {
    return v ? fmt::format("{:.{}f}", *v, decimals) : std::string();
}

nlohmann::json opt_json(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

void add_drought_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand(
        "drought", "Precipitation deficit (Makkink evaporation minus rain, 1 April - 1 October) per year from KNMI "
                   "hourly data, against the 1-in-10-year references, with a 2050 estimate; and heat days");
    struct Options {
        std::string knmi = (data_dir() / "twente" / "knmi_uurgeg_290_twenthe_2021-2023.csv").string();
        std::string output;
        double evaporation_factor = kIndicative2050.evaporation;
        double rain_factor = kIndicative2050.rain;
        double trace_rain_mm = ReadOptions{}.trace_rain_mm;
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("--knmi", o->knmi, "KNMI hourly station file (uurgeg_*.txt or a subset with its header)")
        ->capture_default_str();
    cmd->add_option("--out", o->output, "Output folder for drought_daily.csv, drought_summary.json, provenance.json");
    cmd->add_option("--evaporation-factor-2050", o->evaporation_factor,
                    "2050 factor on Makkink evaporation (indicative, after KNMI'23 dry scenarios)")
        ->capture_default_str();
    cmd->add_option("--rain-factor-2050", o->rain_factor,
                    "2050 factor on April-September rain (indicative, after KNMI'23 dry scenarios)")
        ->capture_default_str();
    cmd->add_option("--trace-rain-mm", o->trace_rain_mm, "What KNMI's RH = -1 (< 0.05 mm) counts as, mm")
        ->capture_default_str();
    cmd->callback([o] {
        if (!(o->evaporation_factor >= 0.0 && o->evaporation_factor <= 5.0) || !(o->rain_factor >= 0.0 && o->rain_factor <= 5.0))
            throw InputError(fmt::format("the 2050 factors must lie in [0, 5] (evaporation {}, rain {})",
                                         o->evaporation_factor, o->rain_factor));
        ReadOptions read;
        read.trace_rain_mm = o->trace_rain_mm;
        const KnmiHourly data = read_knmi_hourly(o->knmi, read);
        const std::vector<DailyWeather> days = daily_series(data);
        const ClimateFactors f2050{o->evaporation_factor, o->rain_factor};
        const std::vector<YearDeficit> now = precipitation_deficits(days);
        const std::vector<YearDeficit> future = precipitation_deficits(days, f2050);
        const std::vector<YearHeat> heat = heat_days_per_year(days);
        const std::optional<HottestDay> hottest = hottest_day(days);
        std::map<int, const YearHeat*> heat_by_year;
        for (const YearHeat& h : heat) heat_by_year[h.year] = &h;

        fmt::print("KNMI station {} ({}): {} hours, {} .. {}\n", data.station, o->knmi, data.hours.size(),
                   iso_date(days.front().date), iso_date(days.back().date));
        fmt::print("Precipitation deficit 1 April - 1 October (Makkink - rain, not below 0); references "
                   "(1-in-10-year): {:.0f} mm now, {:.0f} mm 2050\n",
                   kReferenceDeficitNowMm, kReferenceDeficit2050Mm);
        fmt::print("2050 estimate: evaporation x {:.2f}, rain x {:.2f} (indicative, after KNMI'23)\n",
                   f2050.evaporation, f2050.rain);
        fmt::print("{:<5} {:>8} {:<11} {:>9} {:>9} {:<11} {:>8} {:>7} {:>7} {:>6}  {}\n", "year", "max_mm", "date",
                   "vs_225", "2050_mm", "2050_date", "vs_300", "summer", "tropic", "warm_n", "notes");
        for (std::size_t i = 0; i < now.size(); ++i) {
            const YearDeficit& y = now[i];
            const YearDeficit& z = future[i];
            const YearHeat* h = heat_by_year.count(y.year) ? heat_by_year[y.year] : nullptr;
            std::string note = y.complete() ? "" : fmt::format("incomplete: {} of 183 days missing", y.missing_days);
            if (h && h->days_missing_temperature > 0)
                note += fmt::format("{}{} days without temperature", note.empty() ? "" : "; ", h->days_missing_temperature);
            fmt::print("{:<5} {:>8.1f} {:<11} {:>8.0f}% {:>9.1f} {:<11} {:>7.0f}% {:>7} {:>7} {:>6}  {}\n", y.year,
                       y.max_deficit_mm, iso_date(y.max_date), 100.0 * y.max_deficit_mm / kReferenceDeficitNowMm,
                       z.max_deficit_mm, iso_date(z.max_date), 100.0 * z.max_deficit_mm / kReferenceDeficit2050Mm,
                       h ? h->summer_days : 0, h ? h->tropical_days : 0, h ? h->warm_nights : 0, note);
        }
        if (hottest)
            fmt::print("Hottest day in the record: {} (Tmax {:.1f} C, daily mean {:.1f} C, hourly values)\n",
                       iso_date(hottest->date), hottest->t_max_c, hottest->t_mean_c);
        if (o->output.empty()) return;

        const std::filesystem::path out(o->output);
        // Daily CSV: every day of the record; deficit columns inside 1 April - 30 September only.
        std::map<std::string, std::pair<const DeficitDay*, const DeficitDay*>> deficit_by_date;
        for (std::size_t i = 0; i < now.size(); ++i)
            for (std::size_t k = 0; k < now[i].days.size(); ++k)
                deficit_by_date[iso_date(now[i].days[k].date)] = {&now[i].days[k], &future[i].days[k]};
        std::string csv = "date,rain_mm,radiation_j_per_cm2,t_mean_c,t_min_c,t_max_c,makkink_mm,missing_hours,"
                          "deficit_mm,deficit_2050_mm,deficit_day_missing\n";
        for (const DailyWeather& d : days) {
            const std::string date = iso_date(d.date);
            const auto it = deficit_by_date.find(date);
            std::string deficit = ",,";
            if (it != deficit_by_date.end())
                deficit = fmt::format("{:.2f},{:.2f},{}", it->second.first->deficit_mm, it->second.second->deficit_mm,
                                      it->second.first->missing ? 1 : 0);
            csv += fmt::format("{},{},{},{},{},{},{},{},{}\n", date, opt(d.rain_mm, 3), opt(d.radiation_j_per_cm2, 0),
                               opt(d.t_mean_c, 2), opt(d.t_min_c, 1), opt(d.t_max_c, 1), opt(d.makkink_mm, 3),
                               d.missing_hours, deficit);
        }
        write_text_atomic(out / "drought_daily.csv", csv);

        Provenance p;
        p.command_line = command_line();
        p.scenario = "drought";
        p.add_input("knmi_hourly", o->knmi);
        p.parameters = {{"window", "1 April - 30 September (deficit on 1 October), running sum of Makkink - rain, floor 0"},
                        {"makkink", "0.65 s/(s+gamma) K/(rho_w lambda), KNMI / de Bruin & Lablans 1998"},
                        {"trace_rain_mm", read.trace_rain_mm},
                        {"evaporation_factor_2050", f2050.evaporation},
                        {"rain_factor_2050", f2050.rain},
                        {"factors_source", "indicative, after KNMI'23 scenarios (dry variant, ~2050)"},
                        {"reference_now_mm", kReferenceDeficitNowMm},
                        {"reference_2050_mm", kReferenceDeficit2050Mm}};
        nlohmann::json years = nlohmann::json::array();
        for (std::size_t i = 0; i < now.size(); ++i) {
            const YearDeficit& y = now[i];
            const YearDeficit& z = future[i];
            nlohmann::json missing = nlohmann::json::array();
            for (const Date& d : y.missing_dates) missing.push_back(iso_date(d));
            nlohmann::json entry = {{"year", y.year},
                                    {"max_deficit_mm", y.max_deficit_mm},
                                    {"max_deficit_date", iso_date(y.max_date)},
                                    {"deficit_1_october_mm", y.final_deficit_mm},
                                    {"fraction_of_reference_now", y.max_deficit_mm / kReferenceDeficitNowMm},
                                    {"max_deficit_2050_mm", z.max_deficit_mm},
                                    {"max_deficit_2050_date", iso_date(z.max_date)},
                                    {"fraction_of_reference_2050", z.max_deficit_mm / kReferenceDeficit2050Mm},
                                    {"complete", y.complete()},
                                    {"missing_days", y.missing_days},
                                    {"missing_dates", missing}};
            if (heat_by_year.count(y.year)) {
                const YearHeat& h = *heat_by_year[y.year];
                entry["summer_days"] = h.summer_days;
                entry["tropical_days"] = h.tropical_days;
                entry["warm_nights"] = h.warm_nights;
                entry["days_with_temperature"] = h.days_with_temperature;
                entry["days_missing_temperature"] = h.days_missing_temperature;
                entry["max_t_c"] = opt_json(h.max_t_c);
            }
            years.push_back(entry);
        }
        nlohmann::json summary = {{"station", data.station},
                                  {"first_date", iso_date(days.front().date)},
                                  {"last_date", iso_date(days.back().date)},
                                  {"hours", data.hours.size()},
                                  {"years", years},
                                  {"provenance", p.to_json()}};
        if (hottest)
            summary["hottest_day"] = {{"date", iso_date(hottest->date)},
                                      {"t_max_c", hottest->t_max_c},
                                      {"t_mean_c", hottest->t_mean_c}};
        write_text_atomic(out / "drought_summary.json", summary.dump(2) + "\n");
        write_provenance(out / "provenance.json", p);
        fmt::print("Wrote {}/drought_daily.csv, drought_summary.json, provenance.json\n", out.string());
    });
}

}  // namespace wn::cli
