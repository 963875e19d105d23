// "What happens here": every layer's value at one map point, and the search for places by name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/server/catalogue.hpp"

namespace wn::server {

struct PointValue {
    const Layer* layer = nullptr;
    const AreaInfo* area = nullptr;   // the model the value comes from, with its resolution (never a bare depth)
    std::optional<double> value;      // in the legend's unit; nullopt = no data at this point (outside or NaN)
    int class_index = -1;             // the legend class (render::Legend::class_of), -1 below the first class
    std::optional<double> terrain_m;  // terrain layers: the height (m) itself
    double rounded_to = 0.0;          // > 0: value (and terrain_m) rounded to this step, for a regional area
};

// Regional areas give coarse answers: values to 0.1 of their unit (depths to 10 cm), terrain heights to 1 m.
inline constexpr double kRegionalValueStep = 0.1, kRegionalTerrainStepM = 1.0;

// Values of every layer whose raster covers (x, y) (RD New, m), in manifest order; partner-only layers only
// when include_partner. The cell containing the point is read (no interpolation: the maps show cells). Each
// value names its area (model, resolution, detail); a regional area's values are rounded (kRegionalValueStep).
std::vector<PointValue> query_point(const Catalogue& catalogue, double x, double y, bool include_partner);

// Places whose name contains `query` (case- and accent-insensitive: "Stadsbeek" finds "Stadsbeek", "ONS"
// finds "Oldenzaal-Ons"), best first: names starting with the query, then shorter names; at most `limit`.
// An empty or whitespace-only query finds nothing.
std::vector<const Place*> search_places(const std::vector<Place>& places, std::string_view query, std::size_t limit);

// The nearest place within max_distance_m of (x, y), preferring streets and neighbourhoods over municipalities.
const Place* nearest_place(const std::vector<Place>& places, double x, double y, double max_distance_m);

// Lower-case ASCII with Latin-1/Latin Extended-A accents folded ("Één" → "een", "ĳ" → "ij"), for matching.
std::string fold_for_search(std::string_view utf8);

}  // namespace wn::server
