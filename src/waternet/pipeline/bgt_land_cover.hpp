// BGT land cover (Basisregistratie Grootschalige Topografie) → the land-cover class codes of hydro/land_cover.hpp
// on a grid, plus where people can stay in public open space (for the heat module's cool spots).
//
// Input: a polygon file with the BGT attributes `bgt_klasse` (the object type: pand, wegdeel, begroeidterreindeel,
// ...; required), `fysiek_voorkomen` (surface: open verharding, groenvoorziening, erf, ...; optional) and
// `functie` (use of a road part: voetpad, rijbaan lokale weg, ...; optional), as in
// data/delft/delft_bgt_landcover.geojson. Cells take the feature whose polygon holds their centre; where
// polygons overlap the later feature in the file wins (io/vector_io.hpp).
//
// The mapping is two data tables, first matching row wins ("*" matches any value, including a missing one):
//   kClassRules  (bgt_klasse, fysiek_voorkomen) → class code
//   kPublicRules (bgt_klasse, functie, fysiek_voorkomen) → public open space where people can stay
// Unknown bgt_klasse values (not in kClassRules): UnknownClass::mixed gives them class 8 (mixed, the flood
// engine's "no land cover known") and not public, and counts them per value in the report; UnknownClass::error
// throws InputError naming the value. docs/heat.md prints both tables with the reasons.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn {

struct BgtClassRule {
    std::string_view bgt_klasse;
    std::string_view fysiek_voorkomen;  // "*" = any
    std::uint8_t class_code;
};
struct BgtPublicRule {
    std::string_view bgt_klasse;        // "*" = any
    std::string_view functie;           // "*" = any
    std::string_view fysiek_voorkomen;  // "*" = any
    bool public_open_space;
};

extern const std::vector<BgtClassRule> kBgtClassRules;
extern const std::vector<BgtPublicRule> kBgtPublicRules;

enum class UnknownClass { mixed, error };

struct BgtFeatureClass {
    std::uint8_t class_code = 0;
    bool public_open_space = false;
    bool known = true;  // bgt_klasse found in kBgtClassRules
};

// The mapping for one feature's attributes (empty string = missing). InputError for an unknown bgt_klasse under
// UnknownClass::error.
BgtFeatureClass classify_bgt(std::string_view bgt_klasse, std::string_view functie, std::string_view fysiek_voorkomen,
                             UnknownClass unknown = UnknownClass::mixed);

struct BgtLandCover {
    Grid<std::uint8_t> classes;      // hydro/land_cover.hpp codes; 0 where no polygon covers the cell
    Grid<std::uint8_t> public_space; // 1 where people can stay in public open space
    std::int64_t features = 0;
    std::map<std::string, std::int64_t> unknown_classes;  // unknown bgt_klasse value → features
    std::array<index_t, 10> cells_per_class{};            // index = class code (0 = not covered)
};

// Reads `path`, classifies every feature, rasterizes onto `grid`. InputError: unreadable file, no `bgt_klasse`
// attribute (the message lists the attributes), an unknown class under UnknownClass::error.
BgtLandCover load_bgt_land_cover(const std::filesystem::path& path, const GridSpec& grid,
                                 UnknownClass unknown = UnknownClass::mixed);

}  // namespace wn
