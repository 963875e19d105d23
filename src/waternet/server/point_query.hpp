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
    std::optional<double> value;  // in the legend's unit; nullopt = no data at this point (outside or NaN)
    int class_index = -1;         // the legend class (render::Legend::class_of), -1 below the first class
    std::optional<double> terrain_m;  // terrain layers: the height (m) itself
};

// Values of every layer whose raster covers (x, y) (RD New, m), in manifest order; partner-only layers only
// when include_partner. The cell containing the point is read (no interpolation: the maps show cells).
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
