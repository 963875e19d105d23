// Shade from a surface model for one sun position, a pure kernel on views.
//
// A cell is in shade when some surface toward the sun rises above the ray from the cell's own surface to the
// sun: tan(horizon elevation toward the sun's azimuth) > tan(sun altitude). Computed with the same per-direction
// convex-hull sweep as the sky view factor (heat/sky_view.hpp: its digital lines, no-data and open-edge
// conventions), O(cells) for one sun position, not a ray march per cell. Sun at or below the horizon
// (altitude ≤ 0): every valid cell is in shade. Sun at 90°: nothing is.
#pragma once

#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::heat {

inline constexpr std::uint8_t kSunlit = 0;
inline constexpr std::uint8_t kShaded = 1;
inline constexpr std::uint8_t kShadeNoData = 255;  // the surface cell is NaN

// out: kSunlit, kShaded or kShadeNoData per cell, same shape as surface. Throws InputError on a cell size ≤ 0
// or a non-finite sun position. threads: OpenMP threads, the caller's ExecutionContext::thread_count().
void shade(GridView<const float> surface, double cell_size_m, double sun_altitude_deg, double sun_azimuth_deg,
           GridView<std::uint8_t> out, int threads = 1);
Grid<std::uint8_t> shade(GridView<const float> surface, double cell_size_m, double sun_altitude_deg,
                         double sun_azimuth_deg, int threads = 1);

}  // namespace wn::heat
