// A flood job: from files to maps. Reads the terrain (resampled if asked), fills or excludes its holes,
// burns in the buildings, builds the land cover and the rain, runs the engine, and writes the maps (COG),
// gauge series, volume balance and provenance into one output folder.
//
// This is the stage the CLI's `flood` and `demo` commands and, later, the regional stress test call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/execution.hpp"
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
    std::optional<std::filesystem::path> hydrograph;  // the CSV it came from (recorded in provenance)
};

// Water entering over a stretch of a domain edge (a river, a benchmark's inflow boundary): the segment from_m..to_m
// is in RD New metres along the edge (y on the west and east edges, x on the north and south edges).
struct EdgeInflowSpec {
    std::string name;
    Edge edge = kWest;
    double from_m = 0.0;
    double to_m = 0.0;
    TimeSeries discharge_m3_per_s;  // the total over the segment
    std::optional<std::filesystem::path> hydrograph;
};

struct FloodJob {
    std::string scenario;  // a name for the run, e.g. "zundert-T100"
    std::filesystem::path terrain;
    double resolution_m = 0.0;  // 0 = the terrain's own cells; else resampled (average)
    // The computational cell (m): 0 = the terrain's cells. A whole multiple (> 1) of the terrain's pixel runs the
    // subgrid engine (hydro/subgrid_run.hpp) on cells of that size, with maps at the terrain's pixels.
    double cell_m = 0.0;
    std::optional<std::filesystem::path> buildings;   // footprints (polygons)
    std::optional<std::filesystem::path> land_cover;  // a raster of class codes (see land_cover.hpp), aligned
    std::string default_cover = "mixed";              // class for cells without land-cover information
    HolePolicy holes = HolePolicy::fill;
    // Rain: at most one of these; none for a run driven by inflows or water-level edges alone.
    std::string storm;  // a standard storm name (T100, Bui08, NL70_2h, ...)
    std::optional<double> constant_rain_mm_per_h;
    double constant_rain_duration_s = 0.0;
    std::optional<std::filesystem::path> rain_csv;
    std::optional<std::filesystem::path> rain_raster_list;
    double after_rain_s = 3600.0;  // the run continues this long after the forcing (rain, inflows, levels) ends
    FloodSettings settings;        // duration_s is set from the rain and after_rain_s
    std::vector<PointSpec> gauges;
    std::vector<InflowSpec> inflows;
    std::vector<EdgeInflowSpec> edge_inflows;
    // Modeller controls (docs/flood-engine.md, "Modeller controls"), applied in this order:
    std::optional<std::filesystem::path> land_cover_table;  // CSV changing or adding classes (hydro/land_cover_csv.hpp)
    std::optional<double> lumped_loss_mm_per_h;  // one constant loss for every class (LandCoverTable::set_lumped_loss)
    bool no_losses = false;                      // interception, infiltration and sewer of every class zero
    std::optional<double> manning_n;             // one n (s/m^(1/3)) for every class
    std::optional<std::filesystem::path> roughness;  // a raster of n, resampled onto the grid; no data = the class n
    std::optional<std::filesystem::path> measures;   // what-if measures (pipeline/measures.hpp)
    std::filesystem::path output_dir;
    bool write_frames = false;  // depth frames every settings.frame_interval_s
    std::string command_line;
};

// What a roughness raster supplied: the cells whose n came from it (the rest took their class n) and its range there.
struct RoughnessReport {
    index_t cells_from_raster = 0;
    index_t cells_from_classes = 0;
    double min_manning_n = 0.0;
    double max_manning_n = 0.0;
    double mean_manning_n = 0.0;
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
    std::vector<Spot> deepest;  // deepest local spots, at least 25 m apart
    double area_deeper_than_10cm_m2 = 0.0;
    double domain_area_m2 = 0.0;
    MeasuresReport measures;
    RoughnessReport roughness;
    std::map<std::string, std::int64_t> unknown_bgt_classes;  // BGT land cover: features taken as mixed
    std::string engine = "regular";                           // or "subgrid" (FloodJob::cell_m)
    int subgrid_ratio = 1;                                    // computational cell / terrain pixel
};

// What a run takes that its user may not have chosen, said aloud: the CLI prints it before the run and the run keeps
// it in its provenance ("data_choices"), so that no data default is silent (README, "Defaults").
struct FloodDataChoices {
    std::string edges;       // "free on all four edges" (describe_edges, pipeline/flood_specs.hpp)
    std::string losses;      // the default class's interception, infiltration and sewer, a lumped loss, or none
    std::string land_cover;  // "none given: class 'mixed' everywhere", "class raster FILE", "BGT polygons FILE"
    // Two lines for a terminal: "edges ...; losses ..." and "land cover ...".
    std::vector<std::string> lines() const;
};
// InputError for a land-cover file that is neither a raster nor vector data, or an unknown default class.
FloodDataChoices flood_data_choices(const FloodJob& job, const LandCoverTable& table);

// Runs the engine on the context's threads, with its cancel token and progress sink (core/execution.hpp).
FloodJobReport run_flood_job(const FloodJob& job, const ExecutionContext& context = {});

// The subgrid ratio of a computational cell on terrain pixels: cell / pixel, a whole number 1..255. InputError
// (exit 2) for a cell that is not positive, finer than the pixel or not a whole multiple of it.
int subgrid_ratio(double cell_m, double pixel_m);
// The ratio a job runs at (1 = the regular engine), from its terrain file's pixel (or --resolution).
int job_subgrid_ratio(const FloodJob& job);

// The summary printed after a run (balance, error, area > 10 cm, deepest spots, where the maps are).
std::string format_summary(const FloodJob& job, const FloodJobReport& report);

// Class code of a class name of `table` ("mixed", "paved", "grass", ...; not a roof class); InputError lists the names.
std::uint8_t cover_class_by_name(const std::string& name, const LandCoverTable& table);
std::uint8_t cover_class_by_name(const std::string& name);  // of the default table
// The default table (what the stress test uses).
LandCoverTable job_land_cover_table();
// The table a job runs with: the defaults, then its land-cover table CSV, --no-losses and --manning. Validated.
LandCoverTable job_land_cover_table(const FloodJob& job);

// "north", "east", "south", "west" and back; InputError naming the four for anything else.
std::string_view edge_name(Edge edge);
Edge edge_by_name(std::string_view name);

// The edge cells an edge inflow enters through: every cell of the edge that the segment touches (a segment that
// does not follow cell boundaries is widened to whole cells). InputError for a reversed or empty segment, or one
// that does not lie on the edge.
EdgeInflow locate_edge_inflow(const GridSpec& grid, const EdgeInflowSpec& spec);

}  // namespace wn
