// Sky view factor and horizon angles from a surface model (AHN DSM: terrain, buildings and trees), pure kernels
// on views.
//
// Sky view factor (SVF) in the radiation sense: the fraction of the isotropic diffuse sky radiation a horizontal
// surface element receives, SVF = (1/D) Σ_d cos²(β_d), where β_d is the horizon elevation angle in direction d
// (1 on flat ground, 0 at the bottom of a deep pit). Not the relief-visualisation variant (mean of 1 − sin β).
// Horizon angles are clamped at 0: sky below the local horizontal plane (seen from a hill top) is not counted.
//
// Algorithm: per direction one sweep over the grid along digital lines, keeping the upper convex hull of the
// profile seen so far, so each cell's horizon costs amortised O(1) and the whole SVF O(directions × cells)
// (Stewart 1998, "Fast horizon computation at all points of a terrain with visibility and shading
// applications", IEEE TVCG 4(1), 82–93; here with the hull stack on digital lines instead of his rotated grid).
// The lines are parallelised with OpenMP.
//
// Conventions (tested):
//   - Azimuths in degrees clockwise from grid north (up, decreasing row); direction k of D is k·360/D.
//   - The digital lines: for a direction with |sin a| ≥ |cos a| the line through (r, c) is the set of cells
//     (r − o(c) + o(c'), c') with o(i) = lround((i − (cols − 1)/2) · (−cos a / sin a)); otherwise
//     (r', c − o(r) + o(r')) with o(i) = lround((i − (rows − 1)/2) · (−sin a / cos a)). Each cell is
//     represented by its centre height; cells of a line are cell_size / max(|sin a|, |cos a|) metres apart
//     along the direction. Mirroring the grid left–right mirrors the result exactly.
//   - No-data cells (NaN) get NaN and neither block nor count as terrain.
//   - The grid edge is open sky: nothing beyond the grid is seen (a cell near the edge of a tile sees too much
//     sky toward the edge; give the grid a margin of a few building heights).
//   - The observer is at the cell's own surface height (roof level on a roof, ground level in a street).
#pragma once

#include "waternet/core/grid.hpp"

namespace wn::heat {

struct SkyViewOptions {
    int directions = 16;  // D ≥ 1 azimuths k·360/D
    int threads = 1;      // OpenMP threads: the caller's ExecutionContext::thread_count()
};

// Azimuth (degrees, clockwise from north) of direction k of D.
double direction_azimuth_deg(int k, int directions);

// tan of the horizon elevation angle toward `azimuth_deg` for every cell (≥ 0; NaN on no data). out must have
// the shape of surface. Throws InputError on a cell size ≤ 0.
void horizon_tangent(GridView<const float> surface, double cell_size_m, double azimuth_deg, GridView<float> out,
                     int threads = 1);

// The same for one cell by walking its digital line: O(line length). The slow reference for tests and checks.
double horizon_tangent_at(GridView<const float> surface, double cell_size_m, double azimuth_deg, index_t row,
                          index_t col);

// Sky view factor for every cell into out (same shape as surface). Throws InputError on a cell size ≤ 0 or
// fewer than 1 direction.
void sky_view_factor(GridView<const float> surface, double cell_size_m, GridView<float> out,
                     const SkyViewOptions& options = {});
Grid<float> sky_view_factor(GridView<const float> surface, double cell_size_m, const SkyViewOptions& options = {});

}  // namespace wn::heat
