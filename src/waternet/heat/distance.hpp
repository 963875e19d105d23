// Exact Euclidean distance transform: for every cell the distance to the nearest feature cell (centre to centre).
// Felzenszwalb, P.F. & Huttenlocher, D.P. (2012), "Distance transforms of sampled functions", Theory of Computing
// 8, 415–428: the squared distance is separable, so one pass of the 1D lower-envelope-of-parabolas transform per
// column and then per row gives the exact result in O(cells). Rows/columns run in parallel (OpenMP).
#pragma once

#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::heat {

// out(r, c) = distance (m) from cell (r, c) to the nearest cell with features != 0, cell_size_m per cell; 0 on a
// feature; +infinity everywhere when there is no feature. Throws InputError on cell_size_m ≤ 0.
void distance_to_features_m(GridView<const std::uint8_t> features, double cell_size_m, GridView<float> out);
Grid<float> distance_to_features_m(GridView<const std::uint8_t> features, double cell_size_m);

}  // namespace wn::heat
