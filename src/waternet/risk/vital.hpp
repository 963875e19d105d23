// Vital and vulnerable objects hit by water.
//
// The stress test asks which vital functions are hit (Kennisportaal Klimaatadaptatie, bijsluiter stresstest:
// "nationale vitale functies en lokale functies"). The national list has 13 categories (after the NCTV list of
// vital processes as the stress test groups them; ../shared/reference/stresstest-nl.md): electricity, gas, oil,
// telecom, ICT, drinking water, waste water, health care, surface-water management (pumping stations), main
// transport, chemical, nuclear, infectious substances. Regions add local ones (care homes, schools, heritage, ...), named
// here `local:<name>`.
//
// Objects are points (a substation, a pumping station: depth at the cell, or the max within a radius) or
// polygons (a hospital site: max depth inside the polygon or in its 1-cell ring, read by the façade kernel on
// an id raster of the polygons). Depths in metres; NaN = unknown.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/risk/facade.hpp"
#include "waternet/risk/types.hpp"

namespace wn::risk {

enum class VitalCategory : std::uint8_t {
    kElectricity,
    kGas,
    kOil,
    kTelecom,
    kIct,
    kDrinkingWater,
    kWasteWater,
    kHealthCare,
    kSurfaceWaterManagement,
    kMainTransport,
    kChemical,
    kNuclear,
    kInfectiousSubstances,
    kLocal,  // a region's own category: VitalCategoryRef::local_name says which
};

struct VitalCategoryInfo {
    VitalCategory category;
    std::string_view key;      // stable identifier for files: "drinking_water"
    std::string_view english;  // "drinking water"
    std::string_view dutch;    // "drinkwater"
};

// The 13 national categories, in the order of the enum.
std::span<const VitalCategoryInfo> national_vital_categories();

struct VitalCategoryRef {
    VitalCategory category = VitalCategory::kLocal;
    std::string local_name;  // only for kLocal, e.g. "zorginstelling"

    std::string key() const;      // "gas", or "local:zorginstelling"
    std::string english() const;  // "drinking water"; a local category's name
    std::string dutch() const;    // "drinkwater"; a local category's name
    friend bool operator==(const VitalCategoryRef&, const VitalCategoryRef&) = default;
};

// Case-insensitive; spaces, '_' and '-' are the same. Accepts the key, the English or the Dutch label
// ("Drinking water", "drinking_water", "DRINKWATER"), or "local:<name>" (name kept as written, trimmed).
// InputError listing the valid categories otherwise (or for "local:" with no name).
VitalCategoryRef parse_vital_category(std::string_view text);

// A point object's depth: the cell containing (x, y), or, with radius_m > 0, the max over that cell and every
// cell whose centre lies within radius_m of the point. NaN cells are ignored.
struct PointExposure {
    float depth_m = std::numeric_limits<float>::quiet_NaN();  // NaN: outside the grid or no data
    bool inside_grid = false;                                 // the point itself lies in the grid
    std::int32_t cells_read = 0;                              // cells with data that were looked at
};
// InputError: non-finite coordinates, negative or NaN radius, no valid cell size.
PointExposure point_exposure(GridView<const float> depth_m, const GeoTransform& transform, MapPoint point,
                             double radius_m = 0.0);

// Polygon objects: max(depth inside the polygon, depth in the ring of `ring_width_cells` around it), from the
// façade kernel on an id raster of the objects (0 = none, k = object k-1). Objects with no cell use the
// representative points like buildings do. Result per object; NaN = unknown.
std::vector<float> polygon_exposure(GridView<const float> depth_m, GridView<const std::int32_t> object_ids,
                                    std::int32_t object_count, int ring_width_cells = 1,
                                    std::span<const GridCell> representative_points = {});

// Index of the highest threshold the depth exceeds (depth > threshold, compared in float), or -1 for none or
// a NaN depth. InputError when the thresholds are not strictly increasing or not finite.
int highest_threshold_exceeded(float depth_m, std::span<const double> thresholds_m);

}  // namespace wn::risk
