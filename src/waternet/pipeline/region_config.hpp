// The region configuration: one TOML file that says everything a regional stress test needs — the partners and
// their areas, the data, the scenarios, the thresholds and the model settings. docs/region-config.md documents
// every key; data/regions/twente.toml is the shipped Twente region.
//
// Paths in the file are relative to the file's own folder. Reading validates everything that can be checked
// without running: unknown keys (typos) are errors, files must exist, numbers must be in range, storms must be
// known, ids unique. Every error names the file, line and key, e.g.
//   twente.toml:41:15: areas[2].resolution_m must be > 0 (got -5)
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "waternet/pipeline/area_detail.hpp"
#include "waternet/pipeline/heat_job.hpp"

namespace wn {

enum class PartnerKind { municipality, water_board, demonstration };
std::string to_string(PartnerKind kind);

// A layer of partner areas: either one feature per partner (id_field + name_field) or a single-feature layer
// that is one partner (id + name).
struct PartnerLayer {
    std::filesystem::path path;
    std::string id_field, name_field;  // per-feature ids and names
    std::string id, name;              // or one fixed partner
    PartnerKind kind = PartnerKind::municipality;
};

// Key figures per partner (CBS kerncijfers): a CSV keyed by partner id.
struct KeyFigures {
    std::filesystem::path path;
    std::string partner_field = "gm_code";
    std::string inhabitants_field = "inwoners";
    std::string pct_65plus_field = "pct_65plus";
    std::string density_field;  // "" = inhabitants / the partner polygon's area (the default; the shipped
                                // CBS file's density column does not match its inhabitants and areas)
    std::string source;         // cited in the reports
};

struct NeighbourhoodLayer {
    std::filesystem::path path;
    std::string name_field = "name";
    std::string code_field;  // optional (CBS BU code)
    std::string partner;     // the partner id they belong to
};

struct RoadLayer {
    std::filesystem::path path;
    std::string class_field = "highway";
    std::string name_field = "name";
    std::vector<std::string> skip_classes;  // e.g. footways that are not access routes
};

struct VitalLayer {
    std::filesystem::path path;
    std::string category_field = "category";  // one of the 13 national categories or local:<name>
    std::string name_field = "name";
    bool partner_only = true;  // details shown to partners only (viewer)
};

// One modelled area: a terrain model at a resolution, with its own scenarios.
struct AreaConfig {
    std::string id, name;
    std::filesystem::path terrain;  // a raster, a .vrt or a folder of tiles (io/raster_mosaic.hpp)
    double resolution_m = 0.0;      // 0 = the terrain's own cells
    std::optional<std::filesystem::path> buildings;
    std::optional<std::filesystem::path> land_cover;  // a raster of class codes or BGT polygons (by file type)
    // Partner data as PDOK delivers it (docs/bgt-bag.md): BGT (GML, GeoPackage or a folder of them) gives the land
    // cover and, without `buildings`, the buildings (its panden); BAG (GeoPackage) gives each building its use for
    // the damage. The mapping tables default to data/bgt/bgt_classes.csv and data/bag/bag_use_classes.csv.
    std::optional<std::filesystem::path> bgt, bgt_classes, bag, bag_uses;
    std::string default_cover = "mixed";
    std::string cover_note;              // why this cover (printed in the report)
    std::vector<std::string> scenarios;  // standard storm names
    bool bluespots = true;               // also run the static blue-spot screening
    bool demonstration = false;          // outside the region: reported as its own "partner"
    std::string demonstration_name;      // that partner's name
    bool frames = false;                 // write depth frames for the viewer's animation
    // What the area can say (pipeline/area_detail.hpp; docs/region-config.md, "Detail, edges and losses"):
    std::string terrain_name;               // names the terrain in reports and viewer ("SRTM", "AHN")
    AreaDetail detail = AreaDetail::local;  // default: detail_for_cell_size(model_cell_m)
    bool free_edges = true;                 // edges = "free" (kDefaultEdgeSpec, the default of every command):
                                            // water leaves where the terrain leaves the area
    std::optional<double> loss_mm_per_h;    // lumped infiltration + sewer loss in place of the land cover's;
                                            // regional areas: kNationalMapLossMmPerH unless given
    double terrain_cell_m = 0.0, model_cell_m = 0.0;  // the terrain file's cells and the cells the model runs on
    ModelDescription model() const { return {terrain_name, terrain_cell_m, model_cell_m, detail, loss_mm_per_h}; }
};

// A heat area: a surface and a terrain model (AHN DSM and DTM) with land cover and buildings, for the PET heat map
// (pipeline/heat_job.hpp) of a day of the region's weather file: `day` = "reference" (default: 1 July 2015, the
// national reference hot day), "hottest" (the station record's hottest day) or a date "YYYY-MM-DD".
struct HeatAreaConfig {
    std::string id, name;
    std::filesystem::path dsm, dtm;
    std::optional<std::filesystem::path> land_cover;  // BGT polygons or a raster of class codes (by file type)
    std::optional<std::filesystem::path> buildings;
    HeatDayChoice day;
    bool demonstration = false;  // outside the region (shown as an example)
};

// A measure set applied to some scenarios of an area (what-if): the run gets the id "<scenario>+<measures id>".
struct MeasureSetConfig {
    std::string id, name;
    std::string area;
    std::filesystem::path path;  // the measures file (see pipeline/measures.hpp)
    std::vector<std::string> scenarios;
};

struct RegionConfig {
    std::filesystem::path file;  // the config file itself
    std::string id, name, description;
    std::vector<PartnerLayer> partner_layers;
    std::optional<KeyFigures> key_figures;
    std::vector<NeighbourhoodLayer> neighbourhoods;
    std::vector<RoadLayer> roads;
    std::vector<VitalLayer> vital;
    std::vector<AreaConfig> areas;
    std::vector<MeasureSetConfig> measures;
    std::vector<HeatAreaConfig> heat_areas;        // need `weather`
    std::optional<std::filesystem::path> weather;  // KNMI hourly file for the drought and heat-days sections
    // The reports' language ([region] language = "nl" | "en"); unset = Dutch, the risk dialogue's language.
    // `waternet stresstest --lang` overrides it.
    std::optional<report::Language> report_language;

    // Thresholds (m). depth_m are the map and table classes; the headline figures use facade_m and road_m.
    std::vector<double> depth_thresholds_m{0.05, 0.10, 0.15, 0.20, 0.30};
    double facade_threshold_m = 0.10;
    double road_impassable_m = 0.15;

    // Model settings for every flood run.
    double after_rain_s = 3600.0;
    double exchange_interval_s = 5.0;
    double frame_interval_s = 600.0;
    std::string roofs = "sewer";

    // Blue-spot screening.
    std::string bluespot_storm = "T100";
    double bluespot_loss_mm_per_h = 0.0;

    // Damage (WaterSchadeSchatter): the table and the month of the event.
    std::optional<std::filesystem::path> damage_table;
    int damage_month = 8;

    const AreaConfig& area(const std::string& id) const;  // InputError if unknown
};

// Reads and validates a region file. InputError (file:line:col: key: problem) on any problem.
RegionConfig read_region_config(const std::filesystem::path& file);

// The shipped default region (data/regions/twente.toml).
std::filesystem::path default_region_file();

}  // namespace wn
