// Hillshade: how brightly a terrain would be lit by a distant sun, 0 (shadow, or facing away) .. 255 (facing
// the sun), to lay under the thematic maps so a reader sees streets, dikes and hollows.
//
// Slope and aspect from Horn's (1981) 3 × 3 finite differences (Horn, "Hill shading and the reflectance map",
// Proc. IEEE 69(1)); the shade is the cosine of the angle between the surface normal and the sun,
// 255 · max(0, n·s), the same value as GDAL's gdaldem hillshade and ESRI's Hillshade
// 255 (cos z cos θ + sin z sin θ cos(A − φ)). Self-shading only: no cast shadows (see heat/shade.hpp).
//
// Edges and no-data: a neighbour outside the grid or NaN takes the centre cell's height, so the rim of the
// grid and of a hole is shaded from the cells that exist; a NaN cell stays NaN.
#pragma once

#include "waternet/core/grid.hpp"

namespace wn::render {

// terrain_m: heights (m) on square cells of cell_size_m; azimuth_deg: where the light comes from, clockwise
// from north (315 = north-west, the cartographic convention); altitude_deg: the sun's height above the
// horizon; z_factor: vertical exaggeration. The result has the view's shape and no georeferencing (set it
// from the terrain's GridSpec). InputError for a non-positive cell size or z factor, an altitude outside
// (0, 90] or a non-finite azimuth.
Grid<float> hillshade(GridView<const float> terrain_m, double cell_size_m, double azimuth_deg = 315,
                      double altitude_deg = 45, double z_factor = 1);

}  // namespace wn::render
