// A blue-spot screening job: from files to maps and a GeoPackage. Reads the DEM (resampled if asked), fills its
// holes, burns in the buildings (raised so water flows around them), fills the depressions (Priority-Flood),
// finds the blue spots (bluespots/spots.hpp) and routes one rain through the depression hierarchy with
// Fill–Spill–Merge (bluespots/depression_hierarchy.hpp), then writes into one
// output folder:
//   filled_depth_m.tif     fill depth of the spot cells: the most each spot can hold (0 outside spots, NaN no data)
//   storm_depth_m.tif      the water depth the rain leaves (Fill–Spill–Merge: sub-pits fill first, full
//                          neighbours merge into one lake)
//   spot_id.tif            int32 spot ids (nodata 0 = no spot)
//   bluespots.gpkg         layer `bluespots` (one MultiPolygon per spot, polygonized from spot_id with
//                          8-connectivity, attributes below) and layer `flow_paths` (deepest cell → pour point →
//                          deepest cell of the spot it spills into)
//   bluespots.csv          the spot table
//   bluespots_summary.json counts, totals and the volume check (runoff = stored + spilled out)
//   provenance.json        inputs with SHA-256, parameters (io/provenance.hpp)
// Every file is written atomically (temporary name + rename).
//
// Out of core (BlueSpotJob::out_of_core, `waternet bluespots --out-of-core`), for terrain larger than memory (a
// region of AHN tiles in a VRT): the fill tile by tile with the tiled Priority-Flood
// (bluespots/tiled_priority_flood.hpp), the spots labelled tile by tile and joined across the seams
// (bluespots/tiled_spots.hpp), all in bounded memory, read through GDAL window by window; written:
//   fill_depth_m.tif       filled − terrain for every cell (the blue-spot depth map before the min-depth filter;
//                          NaN no data), one tiled, compressed BigTIFF written tile by tile
//   spot_id.tif            int32 spot ids (0 = no spot), the same ids as an in-core run, tiled the same way
//   bluespots.csv          the spot table, same columns as in core; the columns that need flow directions, the
//                          storm or buildings (pour point, spills_into, catchment, storm_*, buildings_touching)
//                          are empty: not computed
//   bluespots.gpkg         only with spot_points: layer `bluespots`, one point per spot at its deepest cell (not a
//                          polygon), same fields, null where not computed; no flow_paths layer
//   bluespots_summary.json counts, peak memory, timing, what was and was not computed;  provenance.json
// No data is outside (water leaves there); resampling, buildings, land cover, flow directions, catchments and
// Fill–Spill–Merge are in-core only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "waternet/bluespots/spots.hpp"
#include "waternet/core/execution.hpp"
#include "waternet/core/nodata_fill.hpp"

namespace wn {

struct BlueSpotJob {
    std::string scenario;  // a name for the run, e.g. "zundert-T100"
    std::filesystem::path dem;
    double resolution_m = 0.0;                       // 0 = the DEM's own cells; else resampled (average)
    std::optional<std::filesystem::path> buildings;  // footprints (polygons)
    double building_height_m = 10.0;                 // footprint cells are raised this much
    HolePolicy holes = HolePolicy::fill;
    bool holes_as_buildings = false;  // holes filled, then raised like buildings (AHN gaps under roofs)
    // Losses per land-cover class (a raster of the class codes of hydro/land_cover.hpp or BGT polygons, by file type:
    // pipeline/inputs.hpp, load_land_cover): interception, infiltration and sewer over the storm's duration, from the
    // same table the flood engine uses. Overrides loss_mm_per_h.
    std::optional<std::filesystem::path> land_cover;
    // Rain: exactly one of these.
    std::string storm;              // a standard storm: its total depth and duration
    std::optional<double> rain_mm;  // a rain depth (mm)
    double rain_duration_h = 1.0;   // duration of rain_mm, used only for the losses
    double loss_mm_per_h = 0.0;     // 0 = impermeable (the blue-spot assumption)
    float min_depth_m = 0.02f;
    std::filesystem::path output_dir;
    std::string command_line;
    bool out_of_core = false;   // fill and spot table tile by tile (see above)
    index_t tile_cells = 4096;  // out of core: cells a side of a tile (rounded up to a multiple of 256)
    // Out of core: also bluespots.gpkg, one point per spot. Off by default: GDAL writes about 30,000 features a
    // second, and a region at 0.5 m has tens of millions of spots (the CSV and spot_id.tif hold the same).
    bool spot_points = false;
};

struct BlueSpotJobReport {
    GridSpec grid;
    NodataReport nodata;
    index_t valid_cells = 0;
    index_t building_cells = 0;
    std::string rain_name;
    double rain_mm = 0.0, loss_mm = 0.0, runoff_mm = 0.0;  // with a land-cover raster: domain means
    std::vector<bluespots::BlueSpot> spots;                // indexed by id − 1
    std::vector<bluespots::SpotFill> fill;                 // indexed by id − 1
    std::vector<std::int32_t> buildings_touching;          // indexed by id − 1 (all 0 without buildings)
    double total_volume_m3 = 0.0;
    double total_runoff_m3 = 0.0, stored_m3 = 0.0, spilled_out_m3 = 0.0, volume_error_m3 = 0.0;
    int full_spots = 0;
    struct Timing {
        double read_s = 0, fill_s = 0, directions_s = 0, spots_s = 0, fill_spill_s = 0, write_s = 0, total_s = 0;
    } timing;
    std::vector<std::filesystem::path> written;
    // Out of core only.
    bool out_of_core = false;
    index_t raised_cells = 0, tiles = 0, labels = 0, spill_edges = 0;
    std::size_t spot_count = 0;      // `spots` stays empty unless the job asked for spot_points (it costs memory)
    double peak_memory_bytes = 0.0;  // the process's peak resident set (VmHWM) at the end of the run
};

// Out of core, the context's threads fill that many tiles at once; the cancel token is polled between the steps
// (and, out of core, before every tile).
BlueSpotJobReport run_bluespot_job(const BlueSpotJob& job, const ExecutionContext& context = {});

// What the screening takes that its user may not have chosen, as two lines ("edges ...; losses ...", "land cover
// ..."): the CLI prints them, the provenance keeps them ("data_choices"). InputError for a land-cover file that is
// neither a raster nor vector data.
std::vector<std::string> bluespot_data_choices(const BlueSpotJob& job);

// The summary printed after a run: spots, storage, stored and spilled for the rain, the largest spots.
std::string format_bluespot_summary(const BlueSpotJob& job, const BlueSpotJobReport& report);

}  // namespace wn
