// Vector files (GeoJSON, GeoPackage, Shapefile, ... anything OGR reads) in, as grids or points.
//
// Polygons reach the kernels only as rasters on the run's grid (buildings, land cover, areas to
// aggregate over), so all polygon work is rasterization onto a GridSpec, with features reprojected to
// the grid's CRS when the file uses another one (e.g. GeoJSON in EPSG:4326). A cell belongs to a
// polygon when its centre lies inside it (all_touched = false), or when the polygon touches it at all.
// Where polygons overlap, the later feature in the file wins.
// Files with several layers (GeoPackage) are read from their first layer. A layer without a CRS is
// taken to be RD New (EPSG:28992), like a GridSpec with an empty crs_wkt.
// InputError for: file not found, empty file, not a vector file OGR can read, no layers, no features.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn {

struct VectorInfo {
    std::string layer_name;
    std::int64_t feature_count = 0;
    std::string crs_wkt;        // "" when the layer has no CRS
    std::string geometry_type;  // OGR name: "Polygon", "Multi Polygon", "Point", "Unknown (any)", ...
    std::vector<std::string> attributes;
    double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;  // extent in the layer's CRS
};

VectorInfo vector_info(const std::string& path);

// What rasterizing does with features that miss the grid (a layer in another CRS than it says, in degrees labelled
// as metres, or of another place) and with features that cannot be what the layer is for.
enum class OffGrid {
    report,   // a warning when no feature lies on the grid, the share on it when some lie outside (the default)
    require,  // InputError when no feature lies on the grid; the share reported when some lie outside
    ignore,   // nothing said: layers that span several areas (a region's partners, its neighbourhoods)
};
struct LayerChecks {
    OffGrid off_grid = OffGrid::report;
    bool polygons_only = false;     // InputError for a point or line feature (footprints, zones)
    double max_feature_area = 0.0;  // > 0: InputError for a polygon larger than this (grid CRS units², m²)
};
// A footprint larger than this is no building: the largest buildings in the Netherlands (the flower auction halls
// at Aalsmeer) cover about 1 km².
inline constexpr double kMaxBuildingFootprintM2 = 2.0e6;
// Building footprints: they must lie on the grid, be polygons and be building-sized.
inline constexpr LayerChecks kBuildingFootprints{OffGrid::require, true, kMaxBuildingFootprintM2};

// InputError when the layer's extent, reprojected to the grid's CRS, does not touch the grid: the message names both
// extents and, when the layer's coordinates look like degrees labelled as metres, says so. Reads the layer's extent
// only, not its features, so region files can be checked before anything runs. `what` names the layer's role.
void require_layer_overlaps(const std::string& path, const GridSpec& grid, std::string_view what);

// Cell value = 1 + the feature's index in the layer (0-based, in reading order, counting every
// feature), 0 where no feature is. Lines and points burn the cells they cross. The index, not the
// file's FID, so ids are dense and mean the same for every format.
// `checks` says what is refused or reported (see LayerChecks). `layer_name`: a layer other than the first (one of a
// GeoPackage's; InputError listing the layers when there is none of that name).
Grid<std::int32_t> rasterize_feature_ids(const std::string& path, const GridSpec& target, bool all_touched = false,
                                         const LayerChecks& checks = {}, const std::string& layer_name = "");

// 1 inside any feature, 0 elsewhere (e.g. buildings: pass kBuildingFootprints).
Grid<std::uint8_t> rasterize_mask(const std::string& path, const GridSpec& target, bool all_touched = false,
                                  const LayerChecks& checks = {});

// Land-cover classes from a text attribute: a feature gets class_of_value[its value], or default_class
// when its value is missing from the map or null; cells with no feature stay 0. InputError if the
// attribute does not exist (the message lists the attributes that do).
Grid<std::uint8_t> rasterize_classes(const std::string& path, const GridSpec& target, const std::string& attribute,
                                     const std::map<std::string, std::uint8_t>& class_of_value,
                                     std::uint8_t default_class, const LayerChecks& checks = {});

// 1 in the cells one geometry (WKT, in the grid's CRS) covers, 0 elsewhere: for features handled one by one
// (measures), where overlapping features must not hide each other.
Grid<std::uint8_t> rasterize_wkt(const std::string& wkt, const GridSpec& target, bool all_touched = false);

struct PointFeature {
    double x = 0.0;                                 // in the layer's CRS (see vector_info().crs_wkt), east / longitude
    double y = 0.0;                                 // north / latitude
    std::map<std::string, std::string> attributes;  // every non-null field, as text
};

// Point layers only (gauges, inflow locations): InputError naming the first feature that is not a
// single point (or has no geometry).
std::vector<PointFeature> read_points(const std::string& path);

// A feature with its geometry in RD New (or the CRS given), for the consequence analysis and the reports.
struct XY {
    double x = 0.0, y = 0.0;
};
enum class GeometryKind { none, point, line, polygon };
struct VectorFeature {
    std::int64_t index = 0;                         // 0-based position in the layer (= feature id − 1 of
                                                    // rasterize_feature_ids)
    std::map<std::string, std::string> attributes;  // every non-null field, as text
    GeometryKind kind = GeometryKind::none;
    // Points: one part holding the points. Lines: one part per line string. Polygons: one part per ring
    // (outer rings and holes alike: enough for drawing outlines and for sampling along them).
    std::vector<std::vector<XY>> parts;
    XY representative;  // a point on the surface (polygons), the middle of the
                        // length (lines), the first point (points)
    double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;
    double area_m2 = 0.0, length_m = 0.0;
    std::string wkt;  // the geometry as WKT, in the target CRS
};

// Every feature of the file's first layer (or of the layer named `layer_name`, e.g. one of a GeoPackage's),
// reprojected to `target_crs` (a CRS definition; "" = RD New). Features without geometry are kept (kind none) so
// that indexes stay aligned with rasterize_feature_ids.
std::vector<VectorFeature> read_features(const std::string& path, const std::string& target_crs = "",
                                         const std::string& layer_name = "");

// The names of the file's vector layers, in order (a GeoPackage holds several). InputError as vector_info.
std::vector<std::string> vector_layer_names(const std::string& path);

}  // namespace wn
