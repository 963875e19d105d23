// What stands on the ground: object heights (DSM − DTM) split into buildings and tree crowns, and the vegetation
// mask the PET method needs (Koopmans et al. 2020: building and tree heights, vegetation for the Bowen ratio and
// the vegetation fraction of the urban heat island). Pure kernel on views.
//
// Per cell, height = max(0, DSM − DTM) (NaN where either is NaN); an object cell has height ≥ min_object_height_m.
//   building   a footprint cell (buildings mask) or land-cover class 2 — whatever its height
//   structure  an object cell on land-cover class 9 (walls, engineering works), or a smooth object on other
//              known non-green cover (sheds, kiosks, bridges): an obstacle without vegetation
//   tree       an object cell that is rough, or stands on green cover (classes 4, 5, 7)
//   building   also: a smooth object cell where neither footprints nor land cover say anything (cover 0 or absent)
//   ground     the rest
// Rough: the mean absolute second difference of the DSM, |z(a) − 2z + z(b)| along rows and columns, using only
// neighbours that are objects too (so a roof edge does not count), ≥ tree_roughness_m. Planar roofs, pitched or
// flat, give 0 except on ridges; crowns at 0.5 m cells vary by ~0.5–2 m between cells. A heuristic, documented
// as such: it decides where the land cover does not (outside the BGT extent, under crowns over paving). A cell
// without two object neighbours in a line (the rim of a crown, a lone object cell) is rough when one of its
// 8 neighbours is.
// Vegetation = tree, or land-cover class 4 (grass), 5 (trees), 7 (agriculture).
#pragma once

#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::heat {

enum class SurfaceKind : std::uint8_t { ground = 0, building = 1, tree = 2, structure = 3, nodata = 255 };

struct SurfaceRules {
    double min_object_height_m = 2.5;
    double tree_roughness_m = 0.3;
};

struct SurfaceObjects {
    Grid<float> height_m;           // DSM − DTM, ≥ 0
    Grid<std::uint8_t> kind;        // SurfaceKind
    Grid<std::uint8_t> vegetation;  // 1 = vegetated (Bowen 0.4, counts in F_veg)
    index_t building_cells = 0, tree_cells = 0, structure_cells = 0;
};

// land_cover and buildings may be empty views (rows() == 0) when not available; else they have the DSM's shape.
// Throws std::logic_error on shape mismatches (the caller checks the files' alignment and reports InputError).
SurfaceObjects classify_surface(GridView<const float> dsm, GridView<const float> dtm,
                                GridView<const std::uint8_t> land_cover, GridView<const std::uint8_t> buildings,
                                const SurfaceRules& rules = {});

}  // namespace wn::heat
