// A heat job: from a surface model, a terrain model, (optionally) BGT land cover and building footprints, and one
// hot day's weather to the PET heat map of the stress test and its indicators. The day is by default the national
// reference hot day of the PET map, 1 July 2015 (kReferenceHotDay); the hottest day of the station record or any
// date are options (HeatDayChoice). Steps (docs/heat.md):
//   1. object heights DSM − DTM, buildings and tree crowns, vegetation (heat/surface_objects.hpp);
//   2. sky view factor of the DSM, 16 directions (heat/sky_view.hpp), and the pedestrian's SVF under crowns;
//   3. UHImax per cell from the neighbourhood SVF and vegetation fraction and the day's S, DTR, U (heat/pet.hpp);
//   4. per afternoon hour 12–18 h local time (KNMI HH = the UT hour that ends the interval; CEST = UT+2, so
//      HH 11..16 in summer): the sun in the middle of the hour, Erbs's diffuse split, shade (heat/shade.hpp),
//      pedestrian wind from the upwind roughness (heat/wind.hpp), PET in sun or shade (heat/pet_map.hpp);
//   5. the mean PET over those hours, its classes, shares per class (and per zone), cool spots and the share of
//      buildings farther than 300 m from one (heat/cool_spots.hpp).
// Outputs (COG, EPSG of the DSM; every file atomic) in output_dir:
//   svf.tif, pet_mean_c.tif, pet_class.tif (1 no .. 5 extreme, 0 no data), shade_fraction.tif (share of the
//   hours in shade), building_height_m.tif, tree_height_m.tif, uhi_max_k.tif, land_cover.tif (with BGT),
//   cool_spots.tif (int32 spot ids, 0 none), distance_to_cool_spot_m.tif, heat_summary.json, provenance.json.
#pragma once

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/drought/knmi.hpp"
#include "waternet/heat/cool_spots.hpp"
#include "waternet/heat/surface_objects.hpp"
#include "waternet/heat/wind.hpp"

namespace wn {

// One hour of station weather.
struct HeatHourWeather {
    int hour_ut_end = 0;        // KNMI HH: the UT hour that ends the interval (HH = 11: 10:00–11:00 UT)
    double ta_c = 0.0;          // air temperature at 1.5 m
    double rh_pct = 0.0;        // relative humidity
    double wind_m_per_s = 0.0;  // mean 10 m wind over the hour
    double wind_from_deg = std::numeric_limits<double>::quiet_NaN();  // NaN: calm, variable or unknown
    double global_w_m2 = 0.0;                                         // mean global radiation over the hour
};

// The day the PET map is made for.
struct HeatDayWeather {
    drought::Date date;
    std::string source;                   // e.g. "KNMI station 290, file ..." or "reference day (command line)"
    int utc_offset_h = 2;                 // local time = UT + this (2 in summer, CEST)
    std::vector<HeatHourWeather> hours;   // the afternoon hours 12–18 h local time, in order
    double t_min_c = 0.0, t_max_c = 0.0;  // the day's range (DTR for the UHI)
    double mean_global_w_m2 = 0.0;        // 24 h mean (S for the UHI)
    double mean_wind_m_per_s = 0.0;       // 24 h mean 10 m wind (U for the UHI)
};

// The national reference hot day of the stress test's PET map: 1 July 2015, a day that occurs about once in 1000
// summer half-years, PET the mean over 12–18 h (Koopmans, Heusinkveld & Steeneveld 2020, "A standardized
// Physical Equivalent Temperature urban heat map at 1-m spatial resolution to facilitate climate stress tests in
// the Netherlands", Building and Environment 181, 106984; the Klimaateffectatlas PET map; the stress-test notes,
// ../shared/reference/stresstest-nl.md, "Hitte").
inline constexpr drought::Date kReferenceHotDay{std::chrono::year{2015}, std::chrono::July, std::chrono::day{1}};

// Which day of a KNMI record the PET map is made for: the reference hot day (default), the record's hottest day
// (highest hourly temperature, drought/heat_days.hpp), or a given date.
struct HeatDayChoice {
    enum class Kind { reference_day, hottest_day, date };
    Kind kind = Kind::reference_day;
    drought::Date date = kReferenceHotDay;  // the day for reference_day and date; unused for hottest_day
};

// "reference" (1 July 2015), "hottest" or a date YYYY-MM-DD. InputError naming `what` (e.g. "--day") otherwise.
HeatDayChoice parse_heat_day(std::string_view text, std::string_view what);
// "reference", "hottest" or the ISO date: the text parse_heat_day reads back.
std::string heat_day_text(const HeatDayChoice& choice);

// The date a choice means for a KNMI record. InputError when the record does not hold that date (the message
// names the file, the dates it covers, the day asked for, and the choices), or when it has no day with 24
// temperatures to pick the hottest from.
drought::Date heat_day_in_record(const drought::KnmiHourly& record, const HeatDayChoice& choice);

// UT offset of Dutch local time on a date: +2 (CEST) from the last Sunday of March to the day before the last
// Sunday of October, +1 (CET) otherwise (the EU rule since 1996; the switch hour itself is ignored).
int netherlands_utc_offset_h(drought::Date date);

// The afternoon (12–18 h local) of `date` from a KNMI hourly record: HH = 13 − offset .. 18 − offset, and the
// day's 24 hours for Tmin, Tmax, mean radiation and wind. InputError naming the date and hour when T, U (RH), FH
// or Q is missing in an afternoon hour, or when the day lacks hours.
HeatDayWeather heat_day_from_knmi(const drought::KnmiHourly& record, drought::Date date);

// A reference day given by numbers (e.g. the national 1 July 2015). Each hourly vector holds 1 value (used for
// every afternoon hour) or one per afternoon hour (6). daily_mean_wind_m_per_s defaults to the mean of the
// afternoon winds. InputError for wrong counts or values out of range (RH 0–100 %, wind ≥ 0, radiation ≥ 0,
// t_min_c ≤ the afternoon temperatures, temperatures within −40..60 °C).
struct ReferenceDayParameters {
    drought::Date date;
    std::vector<double> ta_c, rh_pct, wind_m_per_s, global_w_m2;
    double wind_from_deg = std::numeric_limits<double>::quiet_NaN();
    double t_min_c = std::numeric_limits<double>::quiet_NaN();
    double daily_mean_global_w_m2 = std::numeric_limits<double>::quiet_NaN();
    std::optional<double> daily_mean_wind_m_per_s;
};
HeatDayWeather reference_day_weather(const ReferenceDayParameters& p);

struct HeatParameters {
    int svf_directions = 16;
    double uhi_window_m = 200.0;  // side of the square for the neighbourhood SVF and vegetation fraction
    // Share of UHImax added to the afternoon air temperature. UHImax (Theeuwes et al. 2017) is the daily maximum,
    // reached in the evening; the afternoon canopy-layer heat island of Dutch cities is much smaller (Steeneveld
    // et al. 2011, JGR 116, D20129: cities are even cooler than the countryside in the morning). 0.2 is our
    // assumption for 12–18 h, not a published value; 1 gives the upper bound. See docs/heat.md.
    double uhi_fraction = 0.2;
    double wind_fetch_m = 100.0;    // side of the upwind square for the obstacle height
    double crown_sky_factor = 0.2;  // SVF under a tree crown = this × the crown-top SVF
    // Without footprints, buildings are connected pieces of building cells; smaller pieces are not counted.
    double min_building_area_m2 = 20.0;
    heat::SurfaceRules surface{};
    heat::WindProfile wind{};
    heat::CoolSpotRules cool_spots{};
};

// What a run takes that its user may not have chosen, said aloud (README, "Defaults"): the run tells
// HeatJob::on_data_choices once the inputs are read and checked, before the heavy work (the CLI prints them), and
// keeps them in its provenance ("data_choices").
struct HeatDataChoices {
    std::string weather;     // "KNMI station 290 (FILE), day 2015-07-01 (the national reference hot day)"
    std::string land_cover;  // "BGT polygons FILE", "class raster FILE (...)" or "none given: ..."
    std::vector<std::string> lines() const;  // "weather: ...", "land cover: ..."
};

struct HeatJob {
    std::string scenario = "heat";
    std::filesystem::path dsm, dtm;  // aligned rasters (same grid), metres
    std::optional<std::filesystem::path>
        land_cover;  // BGT polygons or a class raster (pipeline/inputs.hpp, load_land_cover)
    std::optional<std::filesystem::path> buildings;  // footprints (polygons)
    std::optional<std::filesystem::path> zones;      // polygons: class shares per zone (zone id = feature index + 1)
    // Weather: `weather` if given, else the day `day` (default: the reference hot day, 1 July 2015) of the KNMI
    // file `knmi`.
    std::optional<HeatDayWeather> weather;
    std::optional<std::filesystem::path> knmi;
    HeatDayChoice day;
    HeatParameters parameters{};
    std::optional<std::filesystem::path> output_dir;  // nothing is written without one
    std::string command_line;
    std::function<void(const HeatDataChoices&)> on_data_choices;  // may be empty
};

inline constexpr int kPetClassCount = 5;

struct HeatJobReport {
    GridSpec grid;
    double latitude_deg = 0.0, longitude_deg = 0.0;  // of the grid centre, for the sun
    HeatDayWeather weather;
    double dtr_k = 0.0;
    double uhi_max_min_k = 0.0, uhi_max_mean_k = 0.0, uhi_max_max_k = 0.0;
    index_t building_cells = 0, tree_cells = 0, vegetation_cells = 0;
    struct Hour {
        int hour_ut_end = 0;
        int local_start_h = 0;  // 12 for the 12–13 h interval
        double sun_altitude_deg = 0.0, sun_azimuth_deg = 0.0;
        double global_w_m2 = 0.0, diffuse_w_m2 = 0.0;
        double ta_c = 0.0, rh_pct = 0.0, wet_bulb_c = 0.0, wind_10m_m_per_s = 0.0, wind_from_deg = 0.0;
        double mean_wind_1p2m_m_per_s = 0.0;
        double shaded_share = 0.0;  // of the PET cells
        double mean_pet_c = 0.0;
        double mean_pet_sun_c = std::numeric_limits<double>::quiet_NaN();
        double mean_pet_shade_c = std::numeric_limits<double>::quiet_NaN();
    };
    std::vector<Hour> hours;
    index_t pet_cells = 0;  // cells with a PET (not buildings, not no data)
    double pet_mean_c = 0.0, pet_min_c = 0.0, pet_max_c = 0.0;
    double mean_pet_sun_c = std::numeric_limits<double>::quiet_NaN();    // over the sunlit cell-hours
    double mean_pet_shade_c = std::numeric_limits<double>::quiet_NaN();  // over the shaded cell-hours
    std::array<double, kPetClassCount> class_share{};                    // index 0 = no stress .. 4 = extreme
    std::array<double, kPetClassCount> class_area_m2{};
    struct Zone {
        std::int32_t id = 0;
        index_t pet_cells = 0;
        double mean_pet_c = std::numeric_limits<double>::quiet_NaN();
        std::array<double, kPetClassCount> class_share{};
    };
    std::vector<Zone> zones;
    std::vector<heat::CoolSpot> cool_spots;
    double cool_spot_area_m2 = 0.0;
    heat::CoolSpotAccess access;                             // buildings and their distance to a cool spot
    std::map<std::string, std::int64_t> unknown_land_cover;  // unknown BGT classes → features
    Grid<float> pet_mean_map;                                // the maps themselves, for callers that aggregate further
    Grid<std::uint8_t> pet_class_map;
    struct Timing {
        double read_s = 0, surface_s = 0, svf_s = 0, hours_s = 0, indicators_s = 0, write_s = 0, total_s = 0;
    } timing;
    std::vector<std::filesystem::path> written;
};

// InputError: unreadable rasters, DSM and DTM not on the same grid (check_aligned's message), a geographic CRS,
// no KNMI file and no weather, a day missing from the KNMI file (heat_day_in_record), bad parameters.
// Runs on the context's threads and polls its cancel token between the stages and the hours.
HeatJobReport run_heat_job(const HeatJob& job, const ExecutionContext& context = {});

// The summary printed after a run: the day and its weather, PET per hour (sun, shade), the class shares, cool
// spots and the 300 m indicator, timings.
std::string format_heat_summary(const HeatJob& job, const HeatJobReport& report);

}  // namespace wn
