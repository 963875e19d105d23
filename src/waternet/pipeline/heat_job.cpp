#include "waternet/pipeline/heat_job.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>

#include "waternet/core/error.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/core/text.hpp"
#include "waternet/core/timing.hpp"
#include "waternet/drought/deficit.hpp"
#include "waternet/drought/heat_days.hpp"
#include "waternet/heat/distance.hpp"
#include "waternet/heat/neighbourhood.hpp"
#include "waternet/heat/pet.hpp"
#include "waternet/heat/pet_map.hpp"
#include "waternet/heat/shade.hpp"
#include "waternet/heat/sky_view.hpp"
#include "waternet/heat/sun.hpp"
#include "waternet/io/atomic_file.hpp"
#include "waternet/io/point_transform.hpp"
#include "waternet/io/provenance.hpp"
#include "waternet/io/raster_io.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/inputs.hpp"

namespace wn {
namespace {

using drought::Date;
using drought::iso_date;
namespace chr = std::chrono;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Date last_sunday(int year, unsigned month) {
    const chr::sys_days last{chr::year{year} / chr::month{month} / chr::last};
    const chr::weekday wd{last};
    return Date{last - (wd - chr::Sunday)};
}

void require(bool ok, const std::string& message) {
    if (!ok) throw InputError(message);
}

// Grid centre in degrees (WGS84) for the sun's position.
std::pair<double, double> centre_lat_lon(const GridSpec& g) {
    const PointTransform to_wgs84(g.crs_wkt, "EPSG:4326", "heat: the grid centre for the sun's position");
    double x = (g.min_x() + g.max_x()) / 2.0, y = (g.min_y() + g.max_y()) / 2.0;
    if (!to_wgs84.apply(x, y))
        throw InputError("heat: cannot convert the grid centre to latitude/longitude for the sun (CRS " +
                         describe_crs(g.crs_wkt) + ")");
    return {y, x};
}

nlohmann::json nan_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

int netherlands_utc_offset_h(Date date) {
    const int y = static_cast<int>(date.year());
    const chr::sys_days d{date};
    return d >= chr::sys_days{last_sunday(y, 3)} && d < chr::sys_days{last_sunday(y, 10)} ? 2 : 1;
}

HeatDayChoice parse_heat_day(std::string_view text, std::string_view what) {
    HeatDayChoice choice;
    if (text == "reference") return choice;
    if (text == "hottest") {
        choice.kind = HeatDayChoice::Kind::hottest_day;
        return choice;
    }
    const std::string s(text);
    int y = 0;
    unsigned m = 0, d = 0;
    char extra = 0;
    if (std::sscanf(s.c_str(), "%d-%u-%u%c", &y, &m, &d, &extra) != 3)
        throw InputError(
            fmt::format("{} '{}' is not 'reference' (1 July 2015), 'hottest' or a date YYYY-MM-DD", what, text));
    choice.kind = HeatDayChoice::Kind::date;
    choice.date = Date{chr::year{y}, chr::month{m}, chr::day{d}};
    if (!choice.date.ok()) throw InputError(fmt::format("{} '{}' is not a valid date", what, text));
    return choice;
}

std::string heat_day_text(const HeatDayChoice& choice) {
    switch (choice.kind) {
        case HeatDayChoice::Kind::reference_day:
            return "reference";
        case HeatDayChoice::Kind::hottest_day:
            return "hottest";
        case HeatDayChoice::Kind::date:
            break;
    }
    return iso_date(choice.date);
}

Date heat_day_in_record(const drought::KnmiHourly& record, const HeatDayChoice& choice) {
    if (choice.kind == HeatDayChoice::Kind::hottest_day) {
        const auto hottest = drought::hottest_day(drought::daily_series(record));
        require(hottest.has_value(), record.source + ": no day with 24 temperatures to pick the hottest from");
        return hottest->date;
    }
    const bool held = std::any_of(record.hours.begin(), record.hours.end(),
                                  [&](const drought::HourlyRecord& h) { return h.date == choice.date; });
    if (held) return choice.date;
    std::string covers = "no hours";
    if (!record.hours.empty()) {
        const auto [first, last] =
            std::minmax_element(record.hours.begin(), record.hours.end(),
                                [](const drought::HourlyRecord& a, const drought::HourlyRecord& b) {
                                    return chr::sys_days{a.date} < chr::sys_days{b.date};
                                });
        covers = iso_date(first->date) + " .. " + iso_date(last->date);
    }
    const std::string which =
        choice.kind == HeatDayChoice::Kind::reference_day
            ? iso_date(choice.date) + ", the national reference hot day of the PET map (Koopmans et al. 2020)"
            : iso_date(choice.date);
    throw InputError(
        fmt::format("{} covers {} and does not hold {}; give a KNMI hourly file that holds that day "
                    "(e.g. KNMI's uurgeg_<station>_2011-2020.txt), or choose the day 'hottest' (the "
                    "hottest day of this record) or another date: --day hottest|YYYY-MM-DD on the "
                    "command line, day = \"hottest\" in a region file's [[heat_areas]]",
                    record.source, covers, which));
}

HeatDayWeather heat_day_from_knmi(const drought::KnmiHourly& record, Date date) {
    HeatDayWeather w;
    w.date = date;
    w.utc_offset_h = netherlands_utc_offset_h(date);
    w.source = fmt::format("KNMI station {} ({})", record.station, record.source);
    std::vector<const drought::HourlyRecord*> day(25, nullptr);
    for (const drought::HourlyRecord& h : record.hours)
        if (h.date == date) day[static_cast<std::size_t>(h.hour)] = &h;
    double t_min = 1e9, t_max = -1e9, q_sum = 0.0, wind_sum = 0.0;
    int t_n = 0, q_n = 0, wind_n = 0;
    for (int hh = 1; hh <= 24; ++hh) {
        const drought::HourlyRecord* h = day[static_cast<std::size_t>(hh)];
        if (!h) continue;
        if (h->temperature_c) {
            t_min = std::min(t_min, *h->temperature_c);
            t_max = std::max(t_max, *h->temperature_c);
            ++t_n;
        }
        if (h->radiation_j_per_cm2) {
            q_sum += *h->radiation_j_per_cm2 * 1e4 / 3600.0;
            ++q_n;
        }
        if (h->wind_m_per_s) {
            wind_sum += *h->wind_m_per_s;
            ++wind_n;
        }
    }
    require(t_n == 24 && q_n == 24 && wind_n == 24,
            fmt::format("{}: {} lacks hourly values (temperature {}, radiation {}, wind {} of 24 hours); choose "
                        "another --day",
                        record.source, iso_date(date), t_n, q_n, wind_n));
    w.t_min_c = t_min;
    w.t_max_c = t_max;
    w.mean_global_w_m2 = q_sum / 24.0;
    w.mean_wind_m_per_s = wind_sum / 24.0;
    for (int local = 12; local < 18; ++local) {
        const int hh = local - w.utc_offset_h + 1;  // the interval local..local+1 ends at UT local+1−offset
        const drought::HourlyRecord* h = day[static_cast<std::size_t>(hh)];
        require(h && h->temperature_c && h->relative_humidity_pct && h->wind_m_per_s && h->radiation_j_per_cm2,
                fmt::format("{}: {} HH {} lacks T, U (humidity), FH (wind) or Q (radiation), needed for the PET",
                            record.source, iso_date(date), hh));
        HeatHourWeather x;
        x.hour_ut_end = hh;
        x.ta_c = *h->temperature_c;
        x.rh_pct = *h->relative_humidity_pct;
        x.wind_m_per_s = *h->wind_m_per_s;
        if (h->wind_direction_deg) x.wind_from_deg = *h->wind_direction_deg;
        x.global_w_m2 = *h->radiation_j_per_cm2 * 1e4 / 3600.0;  // J/cm² per hour → W/m²
        w.hours.push_back(x);
    }
    return w;
}

HeatDayWeather reference_day_weather(const ReferenceDayParameters& p) {
    require(p.date.ok(), "reference day: not a valid date");
    HeatDayWeather w;
    w.date = p.date;
    w.utc_offset_h = netherlands_utc_offset_h(p.date);
    w.source = "reference day (weather given on the command line)";
    const auto value = [](const std::vector<double>& v, const char* name, int i) {
        require(v.size() == 1 || v.size() == 6,
                fmt::format("reference day: {} needs 1 value (every hour) or 6 (12-13 h .. 17-18 h), got {}", name,
                            v.size()));
        return v.size() == 1 ? v[0] : v[static_cast<std::size_t>(i)];
    };
    double wind_sum = 0.0, t_max = -1e9;
    for (int i = 0; i < 6; ++i) {
        HeatHourWeather h;
        h.hour_ut_end = 12 + i - w.utc_offset_h + 1;
        h.ta_c = value(p.ta_c, "air temperature (--ta-c)", i);
        h.rh_pct = value(p.rh_pct, "relative humidity (--rh-pct)", i);
        h.wind_m_per_s = value(p.wind_m_per_s, "wind (--wind-m-per-s)", i);
        h.global_w_m2 = value(p.global_w_m2, "global radiation (--global-w-m2)", i);
        h.wind_from_deg = p.wind_from_deg;
        require(h.ta_c >= -40.0 && h.ta_c <= 60.0,
                fmt::format("reference day: air temperature {} C is outside -40..60", h.ta_c));
        require(h.rh_pct >= 0.0 && h.rh_pct <= 100.0,
                fmt::format("reference day: relative humidity {} % is outside 0..100", h.rh_pct));
        require(h.wind_m_per_s >= 0.0 && h.wind_m_per_s < 60.0,
                fmt::format("reference day: wind {} m/s is outside 0..60", h.wind_m_per_s));
        require(h.global_w_m2 >= 0.0 && h.global_w_m2 <= 1400.0,
                fmt::format("reference day: global radiation {} W/m2 is outside 0..1400", h.global_w_m2));
        wind_sum += h.wind_m_per_s;
        t_max = std::max(t_max, h.ta_c);
        w.hours.push_back(h);
    }
    require(std::isnan(p.wind_from_deg) || (p.wind_from_deg >= 0.0 && p.wind_from_deg <= 360.0),
            "reference day: the wind direction must lie in 0..360 degrees");
    require(std::isfinite(p.t_min_c) && p.t_min_c <= t_max,
            "reference day: give the day's minimum temperature (--t-min-c), at most the afternoon maximum");
    require(std::isfinite(p.daily_mean_global_w_m2) && p.daily_mean_global_w_m2 >= 0.0,
            "reference day: give the 24-hour mean global radiation (--daily-global-w-m2, W/m2) for the heat island");
    w.t_min_c = p.t_min_c;
    w.t_max_c = t_max;
    w.mean_global_w_m2 = p.daily_mean_global_w_m2;
    w.mean_wind_m_per_s = p.daily_mean_wind_m_per_s.value_or(wind_sum / 6.0);
    require(w.mean_wind_m_per_s >= 0.0, "reference day: the daily mean wind must be >= 0 m/s");
    return w;
}

namespace {

// The day's weather: given, or read from the KNMI file.
HeatDayWeather day_weather(const HeatJob& job) {
    if (job.weather) return *job.weather;
    require(job.knmi.has_value(), "heat: give a KNMI hourly file (--weather) or a reference day's weather");
    const drought::KnmiHourly record = drought::read_knmi_hourly(*job.knmi);
    return heat_day_from_knmi(record, heat_day_in_record(record, job.day));
}

std::string day_kind_text(const HeatJob& job) {
    if (job.weather) return "";
    if (job.day.kind == HeatDayChoice::Kind::reference_day) return " (the national reference hot day)";
    if (job.day.kind == HeatDayChoice::Kind::hottest_day) return " (the hottest day of the record)";
    return "";
}

// `cover_kind`: what the job's land-cover file turned out to be (none without one).
HeatDataChoices data_choices(const HeatJob& job, const HeatDayWeather& wx, std::optional<GeoFileKind> cover_kind) {
    HeatDataChoices choices;
    choices.weather = fmt::format("{}, day {}{}", wx.source, iso_date(wx.date), day_kind_text(job));
    if (!job.land_cover || !cover_kind) {
        choices.land_cover =
            "none given: buildings and trees from the DSM and DTM alone, every open cell may be a cool spot";
    } else {
        choices.land_cover = fmt::format("{} {}", land_cover_kind_name(*cover_kind), job.land_cover->string());
        if (*cover_kind == GeoFileKind::raster) choices.land_cover += " (no BGT: every open cell may be a cool spot)";
    }
    return choices;
}

}  // namespace

std::vector<std::string> HeatDataChoices::lines() const { return {"weather: " + weather, "land cover: " + land_cover}; }

HeatJobReport run_heat_job(const HeatJob& job, const ExecutionContext& context) {
    const auto t_start = chr::steady_clock::now();
    const OpenMPThreadsScope threads(context);
    const PeakMemoryWatch memory;  // the run's peak, for its provenance
    const HeatParameters& prm = job.parameters;
    // More than one direction per degree adds nothing the 0.5 m AHN can show, and costs time in proportion.
    require(prm.svf_directions >= 4 && prm.svf_directions <= 360,
            fmt::format("heat: use 4 to 360 sky view directions, got {}", prm.svf_directions));
    // The heat island is averaged over a neighbourhood (the WUR method: 500 m), the wind fetch is what lies upwind
    // of a cell; beyond 10 km neither means anything for a street, and a typo (1e30) would make the window unbounded.
    require(
        prm.uhi_window_m > 0.0 && prm.uhi_window_m <= 10000.0 && prm.wind_fetch_m > 0.0 && prm.wind_fetch_m <= 10000.0,
        fmt::format("heat: the UHI window ({:g} m) and the wind fetch ({:g} m) must lie in (0, 10000] m",
                    prm.uhi_window_m, prm.wind_fetch_m));
    require(prm.uhi_fraction >= 0.0 && prm.uhi_fraction <= 1.0, "heat: the UHI fraction must lie in [0, 1]");
    require(prm.crown_sky_factor >= 0.0 && prm.crown_sky_factor <= 1.0,
            "heat: the crown sky factor must lie in [0, 1]");
    HeatJobReport rep;

    // 1. Inputs.
    auto t0 = chr::steady_clock::now();
    Grid<float> dsm = read_raster(job.dsm.string());
    Grid<float> dtm = read_raster(job.dtm.string());
    require_known_crs(dsm.spec(), "DSM " + job.dsm.string());
    require_known_crs(dtm.spec(), "DTM " + job.dtm.string());
    require_plausible_heights(dsm, "DSM " + job.dsm.string());
    require_plausible_heights(dtm, "DTM " + job.dtm.string());
    require_metric_crs(dsm.spec(), "DSM");
    check_aligned(dsm.spec(), dtm.spec(), "DSM " + job.dsm.string(), "DTM " + job.dtm.string());
    const GridSpec& grid = dsm.spec();
    const double cell = grid.transform.cell_size_m;
    rep.grid = grid;
    const index_t rows = grid.rows, cols = grid.cols;

    rep.weather = day_weather(job);
    const HeatDayWeather& wx = rep.weather;
    rep.dtr_k = wx.t_max_c - wx.t_min_c;

    std::optional<LandCoverInput> cover;  // a class raster or BGT polygons (pipeline/inputs.hpp)
    if (job.land_cover) {
        cover = load_land_cover(*job.land_cover, grid, LandCoverTable::defaults());
        rep.unknown_land_cover = cover->unknown_bgt_classes;
    }
    const HeatDataChoices choices = data_choices(job, wx, cover ? std::optional(cover->kind) : std::nullopt);
    if (job.on_data_choices) job.on_data_choices(choices);  // before the heavy work: the CLI prints them
    Grid<std::int32_t> building_ids;
    Grid<std::uint8_t> footprint;
    if (job.buildings) {
        building_ids = rasterize_feature_ids(job.buildings->string(), grid, false, kBuildingFootprints);
        footprint = Grid<std::uint8_t>(grid, 0);
        for (index_t i = 0; i < footprint.size(); ++i) footprint.data()[i] = building_ids.data()[i] > 0;
    }
    rep.timing.read_s = seconds_since(t0);

    // 2. Surface objects.
    t0 = chr::steady_clock::now();
    const GridView<const std::uint8_t> cover_view =
        cover ? std::as_const(cover->classes).view() : GridView<const std::uint8_t>{};
    const GridView<const std::uint8_t> footprint_view =
        job.buildings ? std::as_const(footprint).view() : GridView<const std::uint8_t>{};
    const heat::SurfaceObjects surface =
        heat::classify_surface(dsm.view(), dtm.view(), cover_view, footprint_view, prm.surface);
    rep.building_cells = surface.building_cells;
    rep.tree_cells = surface.tree_cells;
    Grid<std::uint8_t> crown(grid, 0), excluded(grid, 0);
    Grid<float> obstacle(grid, 0.0f), vegetation_f(grid, 0.0f);
    for (index_t i = 0; i < crown.size(); ++i) {
        const auto k = static_cast<heat::SurfaceKind>(surface.kind.data()[i]);
        crown.data()[i] = k == heat::SurfaceKind::tree;
        excluded.data()[i] = k == heat::SurfaceKind::building || k == heat::SurfaceKind::structure;
        obstacle.data()[i] = k == heat::SurfaceKind::nodata   ? kNaN
                             : k == heat::SurfaceKind::ground ? 0.0f
                                                              : surface.height_m.data()[i];
        vegetation_f.data()[i] =
            k == heat::SurfaceKind::nodata ? kNaN : static_cast<float>(surface.vegetation.data()[i]);
        rep.vegetation_cells += surface.vegetation.data()[i];
    }
    // Without footprints, buildings are the connected pieces of building cells.
    if (!job.buildings) {
        building_ids = Grid<std::int32_t>(grid, 0);
        std::int32_t next = 0;
        std::vector<index_t> stack;
        for (index_t i = 0; i < building_ids.size(); ++i) {
            if (static_cast<heat::SurfaceKind>(surface.kind.data()[i]) != heat::SurfaceKind::building ||
                building_ids.data()[i])
                continue;
            building_ids.data()[i] = ++next;
            stack.assign(1, i);
            while (!stack.empty()) {
                const index_t j = stack.back();
                stack.pop_back();
                const index_t r = j / cols, c = j % cols;
                for (index_t dr = -1; dr <= 1; ++dr)
                    for (index_t dc = -1; dc <= 1; ++dc) {
                        const index_t rr = r + dr, cc = c + dc;
                        if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
                        const index_t k = rr * cols + cc;
                        if (building_ids.data()[k] ||
                            static_cast<heat::SurfaceKind>(surface.kind.data()[k]) != heat::SurfaceKind::building)
                            continue;
                        building_ids.data()[k] = next;
                        stack.push_back(k);
                    }
            }
        }
        // Pieces smaller than a small house are fragments of the height rule (crown cells that look smooth, roof
        // details), not homes: they do not count for the 300 m indicator.
        std::vector<index_t> size(static_cast<std::size_t>(next) + 1, 0);
        for (const std::int32_t id : building_ids.values()) ++size[static_cast<std::size_t>(id)];
        const auto min_cells = static_cast<index_t>(std::ceil(prm.min_building_area_m2 / grid.cell_area_m2()));
        for (std::int32_t& id : building_ids.values())
            if (id > 0 && size[static_cast<std::size_t>(id)] < min_cells) id = 0;
    }
    rep.timing.surface_s = seconds_since(t0);

    // 3. Sky view factor and the heat island.
    context.throw_if_cancelled();
    t0 = chr::steady_clock::now();
    const Grid<float> svf_dsm = heat::sky_view_factor(dsm.view(), cell, {prm.svf_directions, context.thread_count()});
    Grid<float> svf(grid);
    heat::pedestrian_sky_view(svf_dsm.view(), std::as_const(crown).view(), prm.crown_sky_factor, svf.view());
    Grid<float> svf_open(grid);  // the street-level SVF, roofs left out of the neighbourhood mean
    for (index_t i = 0; i < svf.size(); ++i) svf_open.data()[i] = excluded.data()[i] ? kNaN : svf.data()[i];
    const index_t half_uhi = std::max<index_t>(1, std::lround(prm.uhi_window_m / cell / 2.0));
    Grid<float> svf_nb(grid), veg_nb(grid), uhi(grid);
    heat::box_mean(std::as_const(svf_open).view(), half_uhi, svf_nb.view());
    heat::box_mean(std::as_const(vegetation_f).view(), half_uhi, veg_nb.view());
    double uhi_sum = 0.0;
    index_t uhi_n = 0;
    rep.uhi_max_min_k = std::numeric_limits<double>::infinity();
    rep.uhi_max_max_k = -std::numeric_limits<double>::infinity();
    for (index_t i = 0; i < uhi.size(); ++i) {
        const float s = svf_nb.data()[i], v = veg_nb.data()[i];
        if (std::isnan(s) || std::isnan(v)) {
            uhi.data()[i] = kNaN;
            continue;
        }
        const double u = heat::uhi_max_k(s, v, wx.mean_global_w_m2, rep.dtr_k, wx.mean_wind_m_per_s);
        uhi.data()[i] = static_cast<float>(u);
        uhi_sum += u;
        ++uhi_n;
        rep.uhi_max_min_k = std::min(rep.uhi_max_min_k, u);
        rep.uhi_max_max_k = std::max(rep.uhi_max_max_k, u);
    }
    rep.uhi_max_mean_k = uhi_n ? uhi_sum / static_cast<double>(uhi_n) : 0.0;
    if (!uhi_n) rep.uhi_max_min_k = rep.uhi_max_max_k = 0.0;
    rep.timing.svf_s = seconds_since(t0);

    // 4. The afternoon hours.
    t0 = chr::steady_clock::now();
    const auto [lat, lon] = centre_lat_lon(grid);
    rep.latitude_deg = lat;
    rep.longitude_deg = lon;
    const heat::SummedArea obstacle_table(std::as_const(obstacle).view());
    Grid<float> pet_sum(grid, 0.0f), pet_hour(grid), wind(grid);
    Grid<std::uint16_t> pet_n(grid, 0), shaded_n(grid, 0);
    Grid<std::uint8_t> shade(grid), shaded(grid);
    const heat::PetCellInputs cells{svf.view(), surface.vegetation.view(), std::as_const(crown).view(),
                                    std::as_const(excluded).view(), std::as_const(uhi).view()};
    double sun_sum = 0.0, shade_sum = 0.0;
    index_t sun_n_all = 0, shade_n_all = 0;
    for (const HeatHourWeather& h : wx.hours) {
        context.throw_if_cancelled();
        const heat::UtcTime mid{static_cast<int>(wx.date.year()),
                                static_cast<int>(static_cast<unsigned>(wx.date.month())),
                                static_cast<int>(static_cast<unsigned>(wx.date.day())),
                                h.hour_ut_end - 1,
                                30,
                                0.0};
        const heat::SunPosition sun = heat::sun_position(mid, lat, lon);
        const heat::RadiationSplit split = heat::split_global_radiation(
            h.global_w_m2, sun.altitude_deg, heat::extraterrestrial_normal(sun.earth_sun_distance_au));
        heat::shade(dsm.view(), cell, sun.altitude_deg, sun.azimuth_deg, shade.view(), context.thread_count());
        heat::pedestrian_wind_map(obstacle_table, cell, prm.wind_fetch_m, h.wind_m_per_s, h.wind_from_deg, wind.view(),
                                  prm.wind);
        const heat::PetHourWeather w{h.ta_c, h.rh_pct, h.global_w_m2, split.diffuse, sun.altitude_deg};
        heat::pet_hour(w, cells, std::as_const(shade).view(), std::as_const(wind).view(), prm.uhi_fraction,
                       pet_hour.view(), shaded.view());
        HeatJobReport::Hour hr;
        hr.hour_ut_end = h.hour_ut_end;
        hr.local_start_h = h.hour_ut_end - 1 + wx.utc_offset_h;
        hr.sun_altitude_deg = sun.altitude_deg;
        hr.sun_azimuth_deg = sun.azimuth_deg;
        hr.global_w_m2 = h.global_w_m2;
        hr.diffuse_w_m2 = split.diffuse;
        hr.ta_c = h.ta_c;
        hr.rh_pct = h.rh_pct;
        hr.wet_bulb_c = heat::wet_bulb_stull_c(h.ta_c, h.rh_pct);
        hr.wind_10m_m_per_s = h.wind_m_per_s;
        hr.wind_from_deg = h.wind_from_deg;
        double s_all = 0.0, s_sun = 0.0, s_shade = 0.0, s_wind = 0.0;
        index_t n_all = 0, n_sun = 0, n_shade = 0;
        for (index_t i = 0; i < pet_hour.size(); ++i) {
            const float p = pet_hour.data()[i];
            if (std::isnan(p)) continue;
            pet_sum.data()[i] += p;
            ++pet_n.data()[i];
            s_all += p;
            s_wind += wind.data()[i];
            ++n_all;
            if (shaded.data()[i]) {
                ++shaded_n.data()[i];
                s_shade += p;
                ++n_shade;
            } else {
                s_sun += p;
                ++n_sun;
            }
        }
        hr.shaded_share = n_all ? static_cast<double>(n_shade) / static_cast<double>(n_all) : 0.0;
        hr.mean_pet_c = n_all ? s_all / static_cast<double>(n_all) : std::nan("");
        hr.mean_wind_1p2m_m_per_s = n_all ? s_wind / static_cast<double>(n_all) : std::nan("");
        if (n_sun) hr.mean_pet_sun_c = s_sun / static_cast<double>(n_sun);
        if (n_shade) hr.mean_pet_shade_c = s_shade / static_cast<double>(n_shade);
        sun_sum += s_sun;
        sun_n_all += n_sun;
        shade_sum += s_shade;
        shade_n_all += n_shade;
        rep.hours.push_back(hr);
    }
    if (sun_n_all) rep.mean_pet_sun_c = sun_sum / static_cast<double>(sun_n_all);
    if (shade_n_all) rep.mean_pet_shade_c = shade_sum / static_cast<double>(shade_n_all);
    rep.timing.hours_s = seconds_since(t0);

    // 5. Indicators.
    t0 = chr::steady_clock::now();
    rep.pet_mean_map = Grid<float>(grid, kNaN);
    Grid<float> shade_fraction(grid, kNaN), building_height(grid, kNaN), tree_height(grid, kNaN);
    const std::size_t n_hours = wx.hours.size();
    std::array<index_t, kPetClassCount> class_cells{};
    double pet_total = 0.0;
    rep.pet_min_c = std::numeric_limits<double>::infinity();
    rep.pet_max_c = -std::numeric_limits<double>::infinity();
    for (index_t i = 0; i < pet_sum.size(); ++i) {
        const auto k = static_cast<heat::SurfaceKind>(surface.kind.data()[i]);
        if (k == heat::SurfaceKind::building) building_height.data()[i] = surface.height_m.data()[i];
        if (k == heat::SurfaceKind::tree) tree_height.data()[i] = surface.height_m.data()[i];
        if (pet_n.data()[i] != n_hours || n_hours == 0) continue;  // a cell needs every hour
        const float mean = pet_sum.data()[i] / static_cast<float>(n_hours);
        rep.pet_mean_map.data()[i] = mean;
        shade_fraction.data()[i] = static_cast<float>(shaded_n.data()[i]) / static_cast<float>(n_hours);
        ++rep.pet_cells;
        pet_total += mean;
        rep.pet_min_c = std::min<double>(rep.pet_min_c, mean);
        rep.pet_max_c = std::max<double>(rep.pet_max_c, mean);
        ++class_cells[static_cast<std::size_t>(heat::pet_class(mean)) - 1];
    }
    require(rep.pet_cells > 0, "heat: no cell has a PET (is every cell a building or no data?)");
    rep.pet_mean_c = pet_total / static_cast<double>(rep.pet_cells);
    const double cell_area = grid.cell_area_m2();
    for (int k = 0; k < kPetClassCount; ++k) {
        rep.class_share[static_cast<std::size_t>(k)] =
            static_cast<double>(class_cells[static_cast<std::size_t>(k)]) / static_cast<double>(rep.pet_cells);
        rep.class_area_m2[static_cast<std::size_t>(k)] =
            static_cast<double>(class_cells[static_cast<std::size_t>(k)]) * cell_area;
    }
    rep.pet_class_map = Grid<std::uint8_t>(grid, heat::kPetClassNoData);
    heat::classify_pet(std::as_const(rep.pet_mean_map).view(), rep.pet_class_map.view());

    if (job.zones) {
        const Grid<std::int32_t> zone = rasterize_feature_ids(job.zones->string(), grid);
        std::map<std::int32_t, std::pair<std::array<index_t, kPetClassCount>, double>> by_zone;
        for (index_t i = 0; i < zone.size(); ++i) {
            const std::int32_t z = zone.data()[i];
            const std::uint8_t c = rep.pet_class_map.data()[i];
            if (z <= 0 || c == heat::kPetClassNoData) continue;
            auto& [counts, sum] = by_zone[z];
            ++counts[c - 1u];
            sum += rep.pet_mean_map.data()[i];
        }
        for (const auto& [id, entry] : by_zone) {
            HeatJobReport::Zone zr;
            zr.id = id;
            zr.pet_cells = std::accumulate(entry.first.begin(), entry.first.end(), index_t{0});
            zr.mean_pet_c = entry.second / static_cast<double>(zr.pet_cells);
            for (int k = 0; k < kPetClassCount; ++k)
                zr.class_share[static_cast<std::size_t>(k)] =
                    static_cast<double>(entry.first[static_cast<std::size_t>(k)]) / static_cast<double>(zr.pet_cells);
            rep.zones.push_back(zr);
        }
    }

    // Cool spots: public open space where people can stay (BGT), or without BGT (none, or a class raster) every open
    // cell but water.
    Grid<std::uint8_t> eligible(grid, 0);
    for (index_t i = 0; i < eligible.size(); ++i) {
        const auto k = static_cast<heat::SurfaceKind>(surface.kind.data()[i]);
        const bool open = k == heat::SurfaceKind::ground || k == heat::SurfaceKind::tree;
        eligible.data()[i] = open && (cover && cover->public_space ? cover->public_space->data()[i] != 0 : true);
    }
    heat::CoolSpotMap spots =
        heat::find_cool_spots(std::as_const(rep.pet_mean_map).view(), std::as_const(eligible).view(),
                              std::as_const(shade_fraction).view(), cell, prm.cool_spots);
    rep.cool_spots = spots.spots;
    for (const heat::CoolSpot& s : rep.cool_spots) rep.cool_spot_area_m2 += s.area_m2;
    Grid<std::uint8_t> in_spot(grid, 0);
    for (index_t i = 0; i < in_spot.size(); ++i) in_spot.data()[i] = spots.ids.data()[i] != 0;
    Grid<float> distance = heat::distance_to_features_m(std::as_const(in_spot).view(), cell);
    rep.access = heat::cool_spot_access(std::as_const(building_ids).view(), std::as_const(distance).view(),
                                        prm.cool_spots.max_distance_m);
    for (index_t i = 0; i < distance.size(); ++i)
        if (!std::isfinite(distance.data()[i])) distance.data()[i] = kNaN;  // no cool spot anywhere
    rep.timing.indicators_s = seconds_since(t0);

    // 6. Outputs.
    if (job.output_dir) {
        t0 = chr::steady_clock::now();
        const std::filesystem::path& out = *job.output_dir;
        Provenance p;
        p.command_line = job.command_line;
        p.scenario = job.scenario;
        p.add_input("dsm", job.dsm);
        p.add_input("dtm", job.dtm);
        if (cover)
            p.add_input(cover->kind == GeoFileKind::vector ? "land_cover_bgt" : "land_cover_raster", *job.land_cover);
        if (job.buildings) p.add_input("buildings", *job.buildings);
        if (job.zones) p.add_input("zones", *job.zones);
        if (!job.weather && job.knmi) p.add_input("knmi_hourly", *job.knmi);
        p.parameters = {
            {"method", "PET after Koopmans, Heusinkveld & Steeneveld 2020 (WUR), see docs/heat.md"},
            {"day", iso_date(wx.date)},
            {"day_choice", job.weather ? std::string("weather given") : heat_day_text(job.day)},
            {"reference_hot_day", iso_date(kReferenceHotDay) + " (Koopmans et al. 2020, national PET map)"},
            {"weather_source", wx.source},
            {"afternoon", "12-18 h local time, KNMI HH " + std::to_string(wx.hours.front().hour_ut_end) + ".." +
                              std::to_string(wx.hours.back().hour_ut_end) + " (UT hour ending the interval)"},
            {"svf_directions", prm.svf_directions},
            {"uhi_window_m", prm.uhi_window_m},
            {"uhi_fraction", prm.uhi_fraction},
            {"wind_fetch_m", prm.wind_fetch_m},
            {"crown_sky_factor", prm.crown_sky_factor},
            {"min_building_area_m2",
             job.buildings ? nlohmann::json(nullptr) : nlohmann::json(prm.min_building_area_m2)},
            {"min_object_height_m", prm.surface.min_object_height_m},
            {"tree_roughness_m", prm.surface.tree_roughness_m},
            {"wind_blending_height_m", prm.wind.blending_height_m},
            {"wind_z0_per_height", prm.wind.z0_per_height},
            {"wind_floor_m_per_s", prm.wind.floor_m_per_s},
            {"cool_spot_pet_max_c", prm.cool_spots.pet_max_c},
            {"cool_spot_min_area_m2", prm.cool_spots.min_area_m2},
            {"cool_spot_min_width_m", prm.cool_spots.min_width_m},
            {"cool_spot_max_distance_m", prm.cool_spots.max_distance_m}};
        p.parameters["data_choices"] = {{"weather", choices.weather}, {"land_cover", choices.land_cover}};
        const auto meta = p.to_metadata();
        const auto write_f = [&](const char* name, const Grid<float>& g, const char* what, const char* unit) {
            WriteOptions o{meta, what, unit, std::nullopt};
            write_cog((out / name).string(), g.view(), grid, o);
            rep.written.push_back(out / name);
        };
        const auto write_u8 = [&](const char* name, const Grid<std::uint8_t>& g, const char* what) {
            WriteOptions o{meta, what, "", 0.0};
            write_cog((out / name).string(), g.view(), grid, o);
            rep.written.push_back(out / name);
        };
        write_f("svf.tif", svf, "sky view factor at pedestrian level", "");
        write_f("pet_mean_c.tif", rep.pet_mean_map, "mean PET 12-18 h local time", "degC");
        write_u8("pet_class.tif", rep.pet_class_map,
                 "PET class: 1 no, 2 slight, 3 moderate, 4 strong, 5 extreme heat stress");
        write_f("shade_fraction.tif", shade_fraction, "share of the afternoon hours in shade", "");
        write_f("building_height_m.tif", building_height, "building height (DSM - DTM)", "m");
        write_f("tree_height_m.tif", tree_height, "tree crown height (DSM - DTM)", "m");
        write_f("uhi_max_k.tif", uhi, "daily maximum urban heat island (Theeuwes et al. 2017)", "K");
        write_f("distance_to_cool_spot_m.tif", distance, "straight-line distance to the nearest cool spot", "m");
        {
            WriteOptions o{meta, "cool spot id", "", 0.0};
            write_cog((out / "cool_spots.tif").string(), spots.ids.view(), grid, o);
            rep.written.push_back(out / "cool_spots.tif");
        }
        if (cover) {
            const std::string what = std::string("land-cover class (hydro/land_cover.hpp codes) from ") +
                                     (cover->kind == GeoFileKind::vector ? "BGT" : "the class raster");
            write_u8("land_cover.tif", cover->classes, what.c_str());
        }

        nlohmann::json hours = nlohmann::json::array();
        for (const auto& h : rep.hours)
            hours.push_back({{"hour_ut_end", h.hour_ut_end},
                             {"local_time", fmt::format("{:02d}-{:02d}", h.local_start_h, h.local_start_h + 1)},
                             {"sun_altitude_deg", h.sun_altitude_deg},
                             {"sun_azimuth_deg", h.sun_azimuth_deg},
                             {"global_w_m2", h.global_w_m2},
                             {"diffuse_w_m2", h.diffuse_w_m2},
                             {"ta_c", h.ta_c},
                             {"rh_pct", h.rh_pct},
                             {"wet_bulb_c", h.wet_bulb_c},
                             {"wind_10m_m_per_s", h.wind_10m_m_per_s},
                             {"wind_from_deg", nan_null(h.wind_from_deg)},
                             {"mean_wind_1p2m_m_per_s", nan_null(h.mean_wind_1p2m_m_per_s)},
                             {"shaded_share", h.shaded_share},
                             {"mean_pet_c", nan_null(h.mean_pet_c)},
                             {"mean_pet_sun_c", nan_null(h.mean_pet_sun_c)},
                             {"mean_pet_shade_c", nan_null(h.mean_pet_shade_c)}});
        nlohmann::json classes = nlohmann::json::array();
        for (int k = 0; k < kPetClassCount; ++k)
            classes.push_back({{"class", k + 1},
                               {"name", std::string(heat::pet_class_name(static_cast<heat::PetClass>(k + 1)))},
                               {"share", rep.class_share[static_cast<std::size_t>(k)]},
                               {"area_m2", rep.class_area_m2[static_cast<std::size_t>(k)]}});
        nlohmann::json zones = nlohmann::json::array();
        for (const auto& z : rep.zones)
            zones.push_back({{"zone", z.id},
                             {"pet_cells", z.pet_cells},
                             {"mean_pet_c", z.mean_pet_c},
                             {"class_share", z.class_share}});
        nlohmann::json spot_list = nlohmann::json::array();
        for (const auto& s : rep.cool_spots)
            spot_list.push_back({{"id", s.id},
                                 {"area_m2", s.area_m2},
                                 {"mean_pet_c", s.mean_pet_c},
                                 {"x", grid.transform.origin_x + s.centre_x * cell},
                                 {"y", grid.transform.origin_y - s.centre_y * cell}});
        p.record_memory(memory, rows * cols);
        nlohmann::json summary = {
            {"day", iso_date(wx.date)},
            {"weather",
             {{"source", wx.source},
              {"utc_offset_h", wx.utc_offset_h},
              {"t_min_c", wx.t_min_c},
              {"t_max_c", wx.t_max_c},
              {"dtr_k", rep.dtr_k},
              {"mean_global_w_m2", wx.mean_global_w_m2},
              {"mean_wind_m_per_s", wx.mean_wind_m_per_s}}},
            {"location", {{"latitude_deg", rep.latitude_deg}, {"longitude_deg", rep.longitude_deg}}},
            {"grid", {{"rows", grid.rows}, {"cols", grid.cols}, {"cell_size_m", cell}}},
            {"hours", hours},
            {"pet",
             {{"cells", rep.pet_cells},
              {"mean_c", rep.pet_mean_c},
              {"min_c", rep.pet_min_c},
              {"max_c", rep.pet_max_c},
              {"mean_sun_c", nan_null(rep.mean_pet_sun_c)},
              {"mean_shade_c", nan_null(rep.mean_pet_shade_c)}}},
            {"uhi_max_k", {{"min", rep.uhi_max_min_k}, {"mean", rep.uhi_max_mean_k}, {"max", rep.uhi_max_max_k}}},
            {"classes", classes},
            {"zones", zones},
            {"surface",
             {{"building_cells", rep.building_cells},
              {"tree_cells", rep.tree_cells},
              {"vegetation_cells", rep.vegetation_cells}}},
            {"cool_spots",
             {{"count", rep.cool_spots.size()},
              {"area_m2", rep.cool_spot_area_m2},
              {"definition", fmt::format("public open space with mean PET <= {} C or in shade >= {:.0f} % of the "
                                         "afternoon, >= {} m2, core >= {} m wide",
                                         prm.cool_spots.pet_max_c, 100.0 * prm.cool_spots.min_shade_fraction,
                                         prm.cool_spots.min_area_m2, prm.cool_spots.min_width_m)},
              {"spots", spot_list}}},
            {"cool_spot_access",
             {{"buildings", rep.access.buildings.size()},
              {"beyond_m", prm.cool_spots.max_distance_m},
              {"buildings_beyond", rep.access.beyond_threshold},
              {"share_beyond", rep.access.share_beyond_threshold},
              {"distance", "straight line from the building's nearest cell to the nearest cool-spot cell"}}},
            {"unknown_land_cover", rep.unknown_land_cover},
            {"provenance", p.to_json()}};
        write_text_atomic(out / "heat_summary.json", summary.dump(2) + "\n");
        write_provenance(out / "provenance.json", p);
        rep.written.push_back(out / "heat_summary.json");
        rep.written.push_back(out / "provenance.json");
        rep.timing.write_s = seconds_since(t0);
    }
    rep.timing.total_s = seconds_since(t_start);
    return rep;
}

std::string format_heat_summary(const HeatJob& job, const HeatJobReport& r) {
    const HeatDayWeather& w = r.weather;
    std::string s;
    const std::string day_kind = day_kind_text(job);
    s += fmt::format("Heat (PET, WUR method) on {}{}: {} x {} cells of {} m, {}\n", iso_date(w.date), day_kind,
                     r.grid.rows, r.grid.cols, r.grid.transform.cell_size_m, job.dsm.filename().string());
    s += fmt::format(
        "Weather: {}; Tmin {:.1f} C, Tmax {:.1f} C (DTR {:.1f} K), 24 h mean radiation {:.0f} W/m2, "
        "wind {:.1f} m/s\n",
        w.source, w.t_min_c, w.t_max_c, r.dtr_k, w.mean_global_w_m2, w.mean_wind_m_per_s);
    s += fmt::format(
        "Urban heat island UHImax {:.1f} .. {:.1f} K (mean {:.1f} K), {:.0f} % added to the air "
        "temperature\n",
        r.uhi_max_min_k, r.uhi_max_max_k, r.uhi_max_mean_k, 100.0 * job.parameters.uhi_fraction);
    s += fmt::format("{:<7} {:>3} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>7} {:>7} {:>7} {:>7}\n", "local", "HH",
                     "sun_h", "sun_az", "Q_W", "Qdif", "Ta", "Tw", "u_1.2m", "shade%", "PETsun", "PETshd");
    for (const auto& h : r.hours)
        s += fmt::format(
            "{:02d}-{:02d}h {:>3} {:>6.1f} {:>6.1f} {:>6.0f} {:>6.0f} {:>5.1f} {:>6.1f} {:>7.2f} {:>6.0f}% "
            "{:>7.1f} {:>7.1f}\n",
            h.local_start_h, h.local_start_h + 1, h.hour_ut_end, h.sun_altitude_deg, h.sun_azimuth_deg, h.global_w_m2,
            h.diffuse_w_m2, h.ta_c, h.wet_bulb_c, h.mean_wind_1p2m_m_per_s, 100.0 * h.shaded_share, h.mean_pet_sun_c,
            h.mean_pet_shade_c);
    s +=
        fmt::format("Mean PET 12-18 h: {:.1f} C (range {:.1f} .. {:.1f}); in the sun {:.1f} C, in the shade {:.1f} C\n",
                    r.pet_mean_c, r.pet_min_c, r.pet_max_c, r.mean_pet_sun_c, r.mean_pet_shade_c);
    s += "Heat stress classes (share of the open area):";
    for (int k = 0; k < kPetClassCount; ++k)
        s += fmt::format(" {} {:.0f} %", heat::pet_class_name(static_cast<heat::PetClass>(k + 1)),
                         100.0 * r.class_share[static_cast<std::size_t>(k)]);
    s += "\n";
    s += fmt::format(
        "Cool spots (public, PET <= {:.0f} C or shaded >= {:.0f} % of the afternoon, >= {:.0f} m2): {} "
        "with {:.0f} m2; buildings farther than {:.0f} m from one: {} of {} ({:.0f} %)\n",
        job.parameters.cool_spots.pet_max_c, 100.0 * job.parameters.cool_spots.min_shade_fraction,
        job.parameters.cool_spots.min_area_m2, r.cool_spots.size(), r.cool_spot_area_m2,
        job.parameters.cool_spots.max_distance_m, r.access.beyond_threshold, r.access.buildings.size(),
        100.0 * r.access.share_beyond_threshold);
    for (const auto& [klasse, n] : r.unknown_land_cover)
        s += fmt::format("Note: {} BGT feature(s) of unknown class '{}' were treated as mixed land cover\n", n,
                         printable(klasse));
    s += fmt::format(
        "Time: read {:.2f} s, surface {:.2f} s, sky view {:.2f} s, {} hours {:.2f} s, indicators {:.2f} s, "
        "write {:.2f} s, total {:.2f} s\n",
        r.timing.read_s, r.timing.surface_s, r.timing.svf_s, r.hours.size(), r.timing.hours_s, r.timing.indicators_s,
        r.timing.write_s, r.timing.total_s);
    if (job.output_dir) s += fmt::format("Wrote {} files to {}\n", r.written.size(), job.output_dir->string());
    return s;
}

}  // namespace wn
