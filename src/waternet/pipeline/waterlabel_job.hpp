// `waternet waterlabel`: the waterlabel of every plot (risk/waterlabel.hpp) from open data, with a table per
// neighbourhood and municipality. docs/waterlabel.md.
//
// Plots: the cadastral parcels (BRK, a polygon layer) when given; otherwise one plot per BGT building (pand),
// approximated as the building plus the private-yard cells nearest to it (risk/plots.hpp), flagged approximate.
// Surfaces per plot from BGT on a grid of `cell_size_m` (pipeline/bgt_land_cover.hpp, the shipped class table):
// building → roof; paved, impermeable → paving; grass, trees, unpaved, agriculture → garden; mixed (BGT "erf",
// unclassified objects), water and cells no BGT polygon covers → unknown. Unknown area counts as paving in the score
// (the calculator's rule for plot area not described: a lower bound) and as garden in score_best_mm (the most it
// could be), so the true label lies between the two.
// Measures (optional vector file, one feature a measure, attribute `measure`):
//   green_roof   the roof cells inside the polygon are green (a point: the whole roof of the plot at the point)
//   disconnect   the downpipes of the roofs inside are disconnected (a point: the plot at the point)
//   rain_barrel  `volume_l` litres, on the plot at the feature's representative point
//   underground  an infiltration crate or wadi of `volume_l` litres, on the plot at the representative point
//                (counted only with a disconnected downpipe, as in the calculator)
// Where measure polygons overlap, the later feature wins (as for BGT). InputError naming the feature (number and
// name) for an unknown kind or a missing, non-numeric or negative volume.
// Depth (optional raster, e.g. the T100 maximum depth of `waternet flood`): each plot's deepest water against the
// façade of its buildings (risk/facade.hpp), beside its label.
// A plot that covers no cell, or only cells no BGT polygon covers, is left out and counted; InputError when none is
// left. Outputs in output_dir: waterlabel.gpkg (layer `waterlabel`), waterlabel_<zones>.csv (share per label per zone;
// the counts of each table add up to the plots), waterlabel_summary.json, provenance.json.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "waternet/risk/waterlabel.hpp"

namespace wn {

struct WaterlabelJob {
    std::filesystem::path bgt;                     // BGT: flat file, PDOK file or folder
    std::optional<std::filesystem::path> parcels;  // BRK parcels (polygons)
    std::string parcels_layer;                     // a GeoPackage layer ("" = the first)
    std::optional<std::filesystem::path> measures;
    std::optional<std::filesystem::path> depth;                           // max depth raster (m)
    std::string depth_storm = "T100";                                     // what the depth raster is, for the records
    std::optional<std::filesystem::path> neighbourhoods, municipalities;  // zone polygons, a name attribute
    std::filesystem::path scoring;                                        // "" = data/waterlabel/scoring.toml
    double cell_size_m = 0.5;                                             // AHN's cell: a garden path is a cell wide
    double max_yard_distance_m = 50.0;  // yard farther from every building belongs to no plot
    std::filesystem::path output_dir;
    std::string command_line;
};

struct WaterlabelZoneTable {
    std::string kind;                               // "neighbourhoods", "municipalities", "all"
    std::vector<std::string> names;                 // row names; the last row is the whole area
    std::vector<std::vector<std::int64_t>> counts;  // [row][label]
};

struct WaterlabelReport {
    std::int64_t plots = 0, approximate_plots = 0, buildings = 0;
    std::int64_t plots_without_area = 0;             // no cell of the grid: left out (a shed smaller than a cell)
    std::int64_t plots_without_bgt = 0;              // no BGT polygon on any of its cells: left out
    std::vector<std::string> labels;                 // best first
    std::vector<std::int64_t> plots_per_label;       // by the score (unknown area as paving)
    std::vector<std::int64_t> plots_per_best_label;  // unknown area as garden
    double yard_unassigned_m2 = 0.0;                 // yard in no plot (approximate plots)
    std::int64_t measures = 0, measures_outside_plots = 0;
    std::int64_t plots_with_depth = 0;
    std::int64_t grid_cells = 0;  // cells of the plot grid
    std::vector<WaterlabelZoneTable> tables;
    double seconds = 0.0;
    std::vector<std::pair<std::string, double>> stage_seconds;  // wall time per stage, in order
};

// One plot and its label.
struct WaterlabelPlot {
    std::string id;  // BAG pand id or parcel id (else "pand N" / "perceel N")
    bool approximate = true;
    std::string wkt;          // the parcel, or the building of an approximate plot
    double x = 0.0, y = 0.0;  // representative point (RD New)
    std::int32_t buildings = 0;
    risk::PlotParts parts;    // plot_m2, roof, green roof, paving, garden, measures
    double unknown_m2 = 0.0;  // in parts.plot_m2, in none of the parts: paving in `score`
    risk::PlotScore score;    // unknown area as paving (the calculator's rule)
    risk::PlotScore best;     // unknown area as garden
    float facade_depth_m = std::numeric_limits<float>::quiet_NaN();  // NaN: no depth map or nothing to read
    std::int32_t neighbourhood = 0, municipality = 0;                // zone index + 1, 0 = outside every zone
};

struct WaterlabelResult {
    risk::WaterlabelScoring scoring;
    std::vector<WaterlabelPlot> plots;
    std::vector<std::string> neighbourhood_names, municipality_names;
    WaterlabelReport report;
};

// The plots and their labels, nothing written. InputError for bad input (names the file and feature).
WaterlabelResult compute_waterlabels(const WaterlabelJob& job);

// compute_waterlabels, then the outputs into job.output_dir (every file atomically).
WaterlabelReport run_waterlabel_job(const WaterlabelJob& job);

std::string format_waterlabel_summary(const WaterlabelJob& job, const WaterlabelReport& report);

}  // namespace wn
