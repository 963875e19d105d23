// `waternet heat`: the PET heat map of the stress test (WUR method) for one hot day (by default the national
// reference hot day, 1 July 2015), its classes, cool spots and the share of buildings farther than 300 m from one.
// The job itself is pipeline/heat_job.hpp.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "execution.hpp"
#include "waternet/core/error.hpp"
#include "waternet/io/staged_folder.hpp"
#include "waternet/pipeline/flood_job.hpp"
#include "waternet/pipeline/heat_job.hpp"

namespace wn::cli {

void add_heat_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand(
        "heat",
        "PET heat map (WUR method: sky view, shade per hour, wind, urban heat island, PET in sun and shade, "
        "mean 12-18 h) for one hot day; heat-stress classes, cool spots, distance from buildings to them");
    struct Options {
        HeatJob job;
        std::string dsm, dtm, land_cover, buildings, zones, output, day;
        std::string weather = (data_dir() / "twente" / "knmi_uurgeg_290_twenthe_2021-2023.csv").string();
        ReferenceDayParameters ref;
        double wind_from_deg = -1.0, daily_wind = -1.0;
    };
    auto o = std::make_shared<Options>();
    HeatParameters& p = o->job.parameters;
    cmd->add_option("--dsm", o->dsm, "Surface model (AHN DSM: terrain, buildings, trees), metres")->required();
    cmd->add_option("--dtm", o->dtm, "Terrain model on the same grid as the DSM, metres")->required();
    cmd->add_option("--land-cover", o->land_cover,
                    "Land cover: BGT polygons (bgt_klasse, functie, fysiek_voorkomen, or BGT as PDOK delivers it: GML, "
                    "GeoPackage, a folder of them) or a raster of class codes (docs/flood-engine.md), told apart by "
                    "the file's contents");
    cmd->add_option("--buildings", o->buildings, "Building footprints (polygons, e.g. BGT panden)");
    cmd->add_option("--zones", o->zones, "Polygons (e.g. neighbourhoods): class shares per zone");
    auto* weather = cmd->add_option("--weather", o->weather,
                                    "KNMI hourly station file (uurgeg_<station>_*.txt; T, U, FH, DD, Q needed). The "
                                    "default is the shipped Twente station (290, Twenthe): give the station nearest "
                                    "the area")
                        ->capture_default_str();
    cmd->add_option("--day", o->day,
                    "reference (default: 1 July 2015, the national PET reference hot day, Koopmans et al. 2020), "
                    "hottest (the hottest day in --weather), or a date YYYY-MM-DD");
    auto* ta = cmd->add_option("--ta-c", o->ref.ta_c,
                               "Reference day instead of KNMI data: air temperature, 1 value or 6 (12-13 h .. 17-18 h)")
                   ->expected(1, 6);
    cmd->add_option("--rh-pct", o->ref.rh_pct, "Reference day: relative humidity %, 1 or 6 values")
        ->expected(1, 6)
        ->needs(ta);
    cmd->add_option("--wind-m-per-s", o->ref.wind_m_per_s, "Reference day: 10 m wind, 1 or 6 values")
        ->expected(1, 6)
        ->needs(ta);
    cmd->add_option("--global-w-m2", o->ref.global_w_m2, "Reference day: global radiation W/m2, 1 or 6 values")
        ->expected(1, 6)
        ->needs(ta);
    cmd->add_option("--wind-from-deg", o->wind_from_deg, "Reference day: wind direction (from, degrees; default calm)")
        ->needs(ta);
    cmd->add_option("--t-min-c", o->ref.t_min_c, "Reference day: the day's minimum temperature")->needs(ta);
    cmd->add_option("--daily-global-w-m2", o->ref.daily_mean_global_w_m2,
                    "Reference day: 24 h mean global radiation W/m2")
        ->needs(ta);
    cmd->add_option("--daily-wind-m-per-s", o->daily_wind,
                    "Reference day: 24 h mean 10 m wind (default: the afternoon mean)")
        ->needs(ta);
    cmd->add_option("--svf-directions", p.svf_directions, "Sky view factor directions")->capture_default_str();
    cmd->add_option("--uhi-fraction", p.uhi_fraction, "Share of UHImax added to the afternoon air temperature (0..1)")
        ->capture_default_str();
    cmd->add_option("--uhi-window-m", p.uhi_window_m, "Neighbourhood for the heat island's SVF and vegetation (m)")
        ->capture_default_str();
    cmd->add_option("--wind-fetch-m", p.wind_fetch_m, "Upwind fetch for the obstacle height (m)")
        ->capture_default_str();
    cmd->add_option("--cool-pet-max-c", p.cool_spots.pet_max_c, "Cool spot: mean PET at most (C)")
        ->capture_default_str();
    cmd->add_option("--cool-min-area-m2", p.cool_spots.min_area_m2, "Cool spot: minimum area (m2)")
        ->capture_default_str();
    cmd->add_option("--scenario", o->job.scenario, "A name for this run")->capture_default_str();
    cmd->add_option("--out", o->output, "Output folder")->required();
    cmd->callback([o, ta, weather] {
        HeatJob& j = o->job;
        j.dsm = o->dsm;
        j.dtm = o->dtm;
        if (!o->land_cover.empty()) j.land_cover = o->land_cover;
        if (!o->buildings.empty()) j.buildings = o->buildings;
        if (!o->zones.empty()) j.zones = o->zones;
        const HeatDayChoice day = parse_heat_day(o->day.empty() ? "reference" : o->day, "--day");
        if (ta->count() > 0) {
            if (day.kind == HeatDayChoice::Kind::hottest_day)
                throw InputError(
                    "--day hottest needs KNMI data (--weather); a day given by numbers (--ta-c ...) "
                    "takes 'reference' (1 July 2015) or a date YYYY-MM-DD");
            o->ref.date = day.date;
            if (o->wind_from_deg >= 0.0) o->ref.wind_from_deg = o->wind_from_deg;
            if (o->daily_wind >= 0.0) o->ref.daily_mean_wind_m_per_s = o->daily_wind;
            j.weather = reference_day_weather(o->ref);
        } else {
            j.knmi = o->weather;
            j.day = day;
        }
        j.output_dir = o->output;
        j.command_line = command_line();
        const bool default_station = j.knmi && weather->count() == 0;
        j.on_data_choices = [&j, default_station](const HeatDataChoices& choices) {
            std::vector<std::string> lines = choices.lines();
            if (default_station) lines.front() += " (the default station; --weather FILE for another)";
            print_data_choices("heat " + j.scenario, lines);
        };
        const CommandExecution execution(0, true);  // every core; heat reports no progress stages yet
        const HeatJobReport report = write_published(o->output, [&](const std::filesystem::path& staging) {
            j.output_dir = staging;
            return run_heat_job(j, execution.context());
        });
        j.output_dir = o->output;
        fmt::print("{}", format_heat_summary(j, report));
    });
}

}  // namespace wn::cli
