// BGT land cover (Basisregistratie Grootschalige Topografie) → the land-cover class codes of hydro/land_cover.hpp
// on a grid, plus where people can stay in public open space (for the heat module's cool spots).
//
// Input, any of:
//   - a flat polygon file with the attributes `bgt_klasse` (the object type: pand, wegdeel, begroeidterreindeel,
//     ...), `functie`, `fysiek_voorkomen` and optionally `plus_fysiek_voorkomen`, as in
//     data/delft/delft_bgt_landcover.geojson;
//   - BGT as PDOK delivers it: the CityGML (IMGeo 2.1) files of the download API (bgt_wegdeel.gml, ...; layers
//     TrafficArea, PlantCover, imgeo:OnbegroeidTerreindeel, BuildingPart, ...), its "GML light" files (layers
//     Wegdeel, Pand, ... with bgt-fysiekVoorkomen, plus-fysiekVoorkomen), or its GeoPackage (one layer per object
//     type), or a folder holding such files (the unpacked download). BGT is in RD New; a file without CRS is taken
//     to be in RD New.
// PDOK's files are first flattened (bgt_flat_source): the object type comes from the layer name (or a file name
// bgt_<type>.gml), the attributes from their IMGeo names in either encoding, curved edges are made straight, and
// objects that no longer exist (eindRegistratie / terminationDate / objectEindTijd set) are left out and counted.
// Cells take the feature whose polygon holds their centre; where polygons overlap the later feature wins.
//
// The mapping is a CSV table (data/bgt/bgt_classes.csv by default; a region replaces it per area), first matching row
// wins: (bgt_object, functie, fysiek_voorkomen, plus_fysiek_voorkomen) → land_cover class name and
// public_open_space. `*` matches any value (a missing one too), `a|b` either. land_cover `none` marks objects that
// are not land cover (street furniture points, overlays): counted, not rasterised. A feature no row matches:
// UnknownClass::mixed gives it class 8 (mixed, the flood engine's "no land cover known") and counts it per value
// ("object" or "object: fysiek voorkomen") so the run reports it; UnknownClass::error throws InputError naming it.
// docs/bgt-bag.md prints the table with the reasons.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn {

struct BgtRule {
    std::string bgt_object, functie, fysiek_voorkomen, plus_fysiek_voorkomen;  // lower-case patterns
    std::optional<std::uint8_t> class_code;                                    // nullopt = `none`: not land cover
    bool public_open_space = false;
    int line = 0;  // in the CSV, for messages
};

struct BgtMapping {
    std::filesystem::path path;
    std::vector<BgtRule> rules;
    // True when some row names `object` (an alternative of its bgt_object pattern, not "*").
    bool knows_object(std::string_view object) const;
};

// data/bgt/bgt_classes.csv
std::filesystem::path default_bgt_classes_csv();
// Reads a mapping table. InputError naming file, line and column: a missing column, a land_cover that is not a class
// name of the default land-cover table (or `none`), a public_open_space that is not yes/no.
BgtMapping read_bgt_mapping(const std::filesystem::path& csv);
// The shipped table, read once.
const BgtMapping& default_bgt_mapping();

enum class UnknownClass { mixed, error };

struct BgtFeatureClass {
    std::uint8_t class_code = 0;
    bool public_open_space = false;
    bool known = true;       // some row matched
    bool land_cover = true;  // false for `none` rows
};

// The mapping for one feature's attributes (empty string = missing; compared lower-case). InputError for a feature
// no row matches under UnknownClass::error.
BgtFeatureClass classify_bgt(const BgtMapping& mapping, std::string_view bgt_object, std::string_view functie,
                             std::string_view fysiek_voorkomen, std::string_view plus_fysiek_voorkomen = {},
                             UnknownClass unknown = UnknownClass::mixed);
// With the shipped table.
BgtFeatureClass classify_bgt(std::string_view bgt_object, std::string_view functie, std::string_view fysiek_voorkomen,
                             UnknownClass unknown = UnknownClass::mixed);

// What reading a BGT source found, besides the grid.
struct BgtReadReport {
    std::string format;                                       // "flat", "GML", "GPKG", ... (GDAL driver)
    std::map<std::string, std::int64_t> features_per_object;  // object type → features read
    std::int64_t ended = 0;                                   // historic objects left out
    std::int64_t not_areas = 0;                               // points and lines of area object types, left out
};

struct BgtLandCover {
    Grid<std::uint8_t> classes;       // hydro/land_cover.hpp codes; 0 where no polygon covers the cell
    Grid<std::uint8_t> public_space;  // 1 where people can stay in public open space
    std::int64_t features = 0;
    std::map<std::string, std::int64_t> unknown_classes;  // no row matched: "object" or "object: fysiek" → features
    std::map<std::string, std::int64_t> not_land_cover;   // `none` rows: object → features
    std::array<index_t, 10> cells_per_class{};            // index = class code (0 = not covered)
    BgtReadReport read;
};

// Reads `path` (a flat file, a PDOK file or a folder of them), classifies every feature with `mapping` (nullptr =
// the shipped table), rasterizes onto `grid`. InputError: unreadable file, a source in which no layer is a BGT
// object type and no attribute `bgt_klasse` exists (the message lists the layers and attributes), an unknown class
// under UnknownClass::error.
BgtLandCover load_bgt_land_cover(const std::filesystem::path& path, const GridSpec& grid,
                                 UnknownClass unknown = UnknownClass::mixed, const BgtMapping* mapping = nullptr);

// The flat form of a BGT source: `path` itself when it is one file with `bgt_klasse`, else an in-memory GeoJSON
// (/vsimem/) with bgt_klasse, functie, fysiek_voorkomen, plus_fysiek_voorkomen and bag_pand (the BAG pand id of a
// pand) per polygon, built once per process and source contents. `report` (optional) receives what was read.
std::string bgt_flat_source(const std::filesystem::path& path, BgtReadReport* report = nullptr);

// The pand (building) polygons of a BGT source written as GeoJSON to `out` (atomically): the buildings of an area
// that names BGT but no buildings file. Returns their number; InputError when the source holds no pand.
std::int64_t write_bgt_buildings(const std::filesystem::path& path, const std::filesystem::path& out);

}  // namespace wn
