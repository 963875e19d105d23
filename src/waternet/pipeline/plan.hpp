// A building plan as the water test reads it: polygons in a GeoPackage or GeoJSON (io/vector_io.hpp), each with a
// `kind` and an optional `name`:
//   plot          the plot boundary (exactly one); the rest lies on it
//   building      a new building; `floor_level_m` (m NAP) required
//   paving        new or changed paving; optional `ground_level_m` (m NAP) sets the ground there
//   green         garden, lawn, planting; optional `ground_level_m`
//   water         a pond or ditch on the plot
//   storage       a storage facility (crate, wadi, pond): `volume_m3` and `emptying_h` required; optional `cover`
//                 (the land-cover class on top, default grass); it may lie under paving or green
//   infiltration  an infiltration facility: the ground inside infiltrates (cover grass unless `cover` says)
// Building, paving, green and water must not overlap one another. InputError naming the feature (number and name)
// for: an unknown or missing kind, a geometry that is not a polygon, a missing or absurd value, overlapping
// surfaces, no plot or two, a plot that does not lie wholly on the terrain.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/io/vector_io.hpp"

namespace wn {

enum class PlanKind { plot, building, paving, green, water, storage, infiltration };
std::string_view plan_kind_name(PlanKind kind);

struct PlanFeature {
    std::int64_t index = 0;  // 0-based position in the layer
    std::string name;        // the `name` attribute, or "<kind> <index + 1>"
    bool named = false;      // the feature has a `name` of its own
    PlanKind kind = PlanKind::plot;
    double area_m2 = 0.0;
    std::optional<double> floor_level_m;   // building
    std::optional<double> ground_level_m;  // paving, green
    double volume_m3 = 0.0;                // storage
    double emptying_h = 0.0;               // storage
    std::string cover;                     // storage, infiltration: the class on top
    VectorFeature geometry;                // in the terrain's CRS

    std::string label() const;  // "feature 3 ('dak')", or "feature 3" without a name of its own, for messages
};

struct Plan {
    std::string file;
    std::vector<PlanFeature> features;

    const PlanFeature& plot() const;
    double area_of(PlanKind kind) const;  // m², summed over the features of that kind
    double storage_volume_m3() const;
};

// Reads and validates a plan against the terrain grid it will be built into (its CRS and extent).
Plan read_plan(const std::filesystem::path& path, const GridSpec& terrain);

}  // namespace wn
