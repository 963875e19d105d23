// Rain forcing.
//
// Spatially uniform rain is a piecewise-constant intensity in time: a list of steps, each with one intensity.
// That is how design storms are published (RIONED Bui01..Bui10 in 5-minute depths, the Delta Programme
// stress-test events) and how rain-gauge series come. The engine asks depth_m(t0, t1), the exact integral over
// its time step, so the rain volume put on the grid does not depend on the time step it happens to take.
//
// Units inside are SI (s, m, m/s); files and users speak minutes and mm or mm/h, and the readers convert.
// Spatially varying rain (radar) is a list of rasters in time; this module only parses and checks that list,
// the engine reads the rasters.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace wn {

// Far heavier than any rate measured in the Netherlands; a value above it is a unit mistake (mm/min or µm/s
// entered as mm/h, ...), not weather.
inline constexpr double kMaxRainIntensityMmPerHour = 1000.0;

class RainSeries {
public:
    // One constant-intensity interval [t_start_s, t_end_s).
    struct Step {
        double t_start_s;
        double t_end_s;
        double intensity_m_per_s;
    };

    // No steps: no rain at all.
    RainSeries() = default;
    // Steps must be in time order and must not overlap; gaps between them (and before the first) mean no rain.
    // Times and intensities must be finite and non-negative, intensities at most kMaxRainIntensityMmPerHour.
    // Throws InputError naming the series and the step otherwise.
    RainSeries(std::string name, std::vector<Step> steps);

    const std::string& name() const { return name_; }
    const std::vector<Step>& steps() const { return steps_; }

    // Intensity at time t (m/s); 0 in gaps and outside the series. Steps are half-open, so at a step boundary
    // the later step's intensity applies.
    double intensity_m_per_s(double t_s) const;
    // Rain depth (m) that falls in [t0_s, t1_s]: the exact integral of the intensity. t0 <= t1 is required
    // (std::invalid_argument otherwise: that is a caller bug, not a user error).
    double depth_m(double t0_s, double t1_s) const;
    // End of the last step with rain (s); 0 for a series without rain.
    double duration_s() const;
    double total_depth_m() const;
    double peak_intensity_m_per_s() const;

    // The same storm with every intensity multiplied by `factor` (e.g. a climate factor of 1.2 for 2100).
    // Throws InputError for a negative or non-finite factor.
    RainSeries scaled(double factor) const;

private:
    std::string name_;
    std::vector<Step> steps_;
};

// The names standard_storm() knows, in the order they are documented: Bui01..Bui10 (RIONED, 0.25-10 year),
// the Delta Programme stress-test events T100, T250, T1000 (cloudbursts) and T100_48h, T250_48h, T1000_48h
// (long regional rain), and the Klimaateffectatlas base-map storms NL70_2h and NL140_2h.
std::vector<std::string> standard_storm_names();

// A standard storm by name (case-insensitive). All but the NL* storms come from the shipped design-storm table
// (data/rain/design_storms_rioned_bui01-10_deltaprogramma.csv), passed as storms_csv. The NL* storms are
// defined here: 70 mm resp. 140 mm at a constant rate over 2 hours. Throws InputError for an unknown name
// (listing the valid ones) or a malformed table.
RainSeries standard_storm(std::string_view name, const std::filesystem::path& storms_csv);

// How rare a standard storm is, in years (T100: 100), as the storm table lists it (column return_period_years;
// for the NL* storms, the Klimaateffectatlas' own estimate for today's climate). The viewer and the reports name a
// storm by it ("eens per 100 jaar"). InputError for an unknown name or a table without the column.
double standard_storm_return_period_years(std::string_view name, const std::filesystem::path& storms_csv);

// Constant rain of intensity_mm_per_h for duration_s seconds, starting at t = 0.
// Throws InputError for a negative, non-finite or implausible (> 1000 mm/h) intensity, or a duration that is
// not positive or longer than 30 days.
RainSeries constant_rain(double intensity_mm_per_h, double duration_s);

// A user rain series from CSV. '#' starts a comment line; blank lines are skipped. The header is one of
//   t_start_min,t_end_min,intensity_mm_per_h    intervals with an intensity
//   t_start_min,t_end_min,depth_mm              intervals with the depth that falls in each
//   time_min,intensity_mm_per_h                 each value holds until the next row's time; the last row
//                                               ends the series, so its intensity must be 0
// and the same with seconds (t_start_s, t_end_s, time_s) instead of minutes; column order is free.
// Throws InputError, with the line number where there is one, for a missing or empty file, an unknown header,
// a non-numeric, NaN, negative or implausible value, or times that do not increase.
RainSeries read_rain_csv(const std::filesystem::path& csv);

// Spatially varying rain: during [t_start_s, t_end_s) the intensity (mm/h) in each cell is read from `raster`.
struct RainRasterFrame {
    double t_start_s;
    double t_end_s;
    std::filesystem::path raster;
};

// Parses a raster rain list: CSV with header t_start_min,t_end_min,raster (or t_start_s,t_end_s,raster).
// Relative raster paths are relative to the CSV's folder. Frames must be in time order without overlap (gaps
// are dry) and every raster file must exist; the rasters themselves are not opened here.
// Throws InputError with the line number otherwise.
std::vector<RainRasterFrame> read_rain_raster_list(const std::filesystem::path& csv);

}  // namespace wn
