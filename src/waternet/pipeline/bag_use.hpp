// BAG (Basisregistratie Adressen en Gebouwen) use → the damage class of every building, so that a shop, an office
// and a shed are not all priced as housing.
//
// Input: a BAG GeoPackage as PDOK delivers it (layers `pand`: polygons with `identificatie`; `verblijfsobject`: points
// with `gebruiksdoel` (one or more of the 11 use functions, comma-separated), `oppervlakte` (floor area, m²) and
// `pand_identificatie` (the pand or panden it lies in)). Verblijfsobjecten that were withdrawn or never built (status
// "... ingetrokken", "niet gerealiseerd ...", "... ten onrechte opgevoerd") are left out.
//
// A building (a feature of the area's footprint layer) is linked to a BAG pand by its id (an attribute bag_pand,
// identificatieBAGPND or identificatie, as BGT and BAG carry it), else by the pand whose polygon holds the building's
// representative point. Its use is the use with the largest floor area over the pand's verblijfsobjecten (a
// verblijfsobject with n uses gives each 1/n of its area); on a tie the use listed first in the mapping table wins
// (housing first). A pand without verblijfsobject takes the table's row `(geen verblijfsobject)`. A building with no
// BAG pand keeps `fallback_code` (housing, as without BAG) and is counted.
//
// The mapping gebruiksdoel → damage class is a CSV (data/bag/bag_use_classes.csv; replaceable per area). A
// gebruiksdoel it does not list is counted per value (reported in the run's warnings and provenance), never dropped
// silently: its floor area takes no part in the choice.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "waternet/io/vector_io.hpp"
#include "waternet/risk/damage_table.hpp"

namespace wn {

inline constexpr const char* kNoVerblijfsobject = "(geen verblijfsobject)";

struct BagUseMapping {
    std::filesystem::path path;
    std::vector<std::string> uses;           // gebruiksdoel, lower-case, in the table's order (the tie order)
    std::vector<std::uint8_t> damage_codes;  // the damage class of each
};

// data/bag/bag_use_classes.csv
std::filesystem::path default_bag_use_csv();
// InputError naming file, line and column: a missing column, a damage class `table` does not have, a use twice.
BagUseMapping read_bag_use_mapping(const std::filesystem::path& csv, const risk::DamageTable& table);

struct BuildingUses {
    std::vector<std::uint8_t> damage_code;             // per building (index of the footprint layer)
    std::vector<std::string> use;                      // the chosen gebruiksdoel; "" when no BAG pand was found
    std::map<std::string, std::int64_t> per_use;       // chosen use → buildings
    std::map<std::string, std::int64_t> unknown_uses;  // gebruiksdoel not in the mapping → verblijfsobjecten
    std::int64_t not_in_bag = 0;                       // buildings without a BAG pand (fallback_code)
    std::int64_t panden = 0, verblijfsobjecten = 0;    // read from the BAG file
};

// Opens `bag` as far as its layers: InputError unless it has the layers pand (with identificatie) and verblijfsobject
// (with gebruiksdoel), naming what it has. For checking a region file before anything runs.
void require_bag_geopackage(const std::filesystem::path& bag);

// The use of every building of `buildings`. InputError: the file is not a BAG GeoPackage (no layer pand or
// verblijfsobject, or they lack identificatie / gebruiksdoel; the message names what is there).
BuildingUses building_uses(const std::filesystem::path& bag, const std::vector<VectorFeature>& buildings,
                           const BagUseMapping& mapping, std::uint8_t fallback_code);

}  // namespace wn
