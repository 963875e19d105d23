// A flood job: from files to maps. Reads the terrain (resampled if asked), fills or excludes its holes,
// burns in the buildings, builds the land cover and the rain, runs the engine, and writes the maps (COG),
// gauge series, volume balance and provenance into one output folder.
//
// This is the stage the CLI's `flood` and `demo` commands and, later, the regional stress test call.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "waternet/core/nodata_fill.hpp"
#include "waternet/hydro/flood_engine.hpp"
#include "waternet/pipeline/measures.hpp"

namespace wn {

// The shipped data folder: $WATERNET_DATA_DIR if set, else the repository's data/ folder.
std::filesystem::path data_dir();
std::filesystem::path standard_storms_csv();

struct PointSpec {  // a named map coordinate (RD New metres)
    std::string name;
    double x = 0.0;
    double y = 0.0;
};

struct InflowSpec {
    PointSpec where;
    TimeSeries discharge_m3_per_s;
};

struct FloodJob {
    std::string scenario;                  // a name for the run, e.g. "zundert-T100"
    std::filesystem::path terrain;
    double resolution_m = 0.0;             // 0 = the terrain's own cells; else resampled (average)
    std::optional<std::filesystem::path> buildings;   // footprints (polygons)
    std::optional<std::filesystem::path> land_cover;  // a raster of class codes (see land_cover.hpp), aligned
    std::string default_cover = "mixed";   // class for cells without land-cover information
    HolePolicy holes = HolePolicy::fill;
    // Rain: exactly one of these.
    std::string storm;                     // a standard storm name (T100, Bui08, NL70_2h, ...)
    double constant_rain_mm_per_h = 0.0;
    double constant_rain_duration_s = 0.0;
    std::optional<std::filesystem::path> rain_csv;
    std::optional<std::filesystem::path> rain_raster_list;
    double after_rain_s = 3600.0;          // the run continues this long after the rain stops
    FloodSettings settings;                // duration_s is set from the rain and after_rain_s
    std::vector<PointSpec> gauges;
    std::vector<InflowSpec> inflows;
    std::optional<std::filesystem::path> measures;    // what-if measures (pipeline/measures.hpp)
    std::filesystem::path output_dir;
    bool write_frames = false;             // depth frames every settings.frame_interval_s
    std::string command_line;
};

struct FloodJobReport {
    FloodResult result;
    GridSpec grid;
    NodataReport nodata;
    double rain_total_mm = 0.0;
    double duration_s = 0.0;
    std::string rain_name;
    std::vector<std::filesystem::path> written;
    struct Spot {
        double x, y, depth_m;
    };
    std::vector<Spot> deepest;             // deepest local spots, at least 25 m apart
    double area_deeper_than_10cm_m2 = 0.0;
    double domain_area_m2 = 0.0;
    MeasuresReport measures;
};

FloodJobReport run_flood_job(const FloodJob& job);

// The summary printed after a run (balance, error, area > 10 cm, deepest spots, where the maps are).
std::string format_summary(const FloodJob& job, const FloodJobReport& report);

// Class code of a default-cover name ("mixed", "paved", "grass", "none", ...); InputError lists the names.
std::uint8_t cover_class_by_name(const std::string& name);
LandCoverTable job_land_cover_table();

}  // namespace wn
