// Wind at pedestrian height (1.2 m) from the station's 10 m wind, reduced by the roughness of the buildings and
// trees upwind. A documented simplification of the WUR method's wind step (Koopmans et al. 2020), in two log-law
// steps through a blending height (the "potential wind" approach of Wieringa 1986, QJRMS 112, 867–889):
//   1. station (open terrain, z0_station = 0.03 m, 10 m) → blending height z_b = 60 m, where the wind no longer
//      feels the local surface:   u_b = u_10 · ln(z_b / z0_station) / ln(10 / z0_station)
//   2. z_b → 1.2 m over the local roughness z0:   u_1.2 = u_b · ln(1.2 / z0) / ln(z_b / z0)
// with z0 = max(z0_open, 0.1 · h̄) after the rule of thumb z0 ≈ 0.1 × obstacle height (Grimmond & Oke 1999,
// J. Appl. Meteor. 38, 1262–1292), where h̄ is the mean obstacle height (buildings and trees, 0 on open ground)
// over a square fetch upwind of the cell — the area mean, so it grows with both the height and the density of
// the obstacles. The result is floored at 0.5 m/s (the method's floor; also where z0 ≥ 1.2 m and the log law
// would give no wind at all). No displacement height: at 1.2 m a pedestrian is inside the canopy, where a
// displacement would make the profile meaningless; the floor takes over there.
#pragma once

#include <limits>

#include "waternet/core/grid.hpp"
#include "waternet/heat/neighbourhood.hpp"

namespace wn::heat {

struct WindProfile {
    double station_height_m = 10.0;
    double station_z0_m = 0.03;  // KNMI stations stand in open grassland
    double blending_height_m = 60.0;
    double pedestrian_height_m = 1.2;
    double open_z0_m = 0.03;     // local z0 never below this
    double z0_per_height = 0.1;  // z0 = 0.1 · h̄
    double floor_m_per_s = 0.5;
};

// Roughness length (m) of a fetch with area-mean obstacle height h̄ (m).
double roughness_length_m(double mean_obstacle_height_m, const WindProfile& p = {});

// Wind (m/s) at pedestrian height over roughness z0 from the station's 10 m wind: monotone decreasing in z0,
// floored at p.floor_m_per_s. InputError for a negative or NaN station wind.
double pedestrian_wind_m_per_s(double station_wind_m_per_s, double z0_m, const WindProfile& p = {});

// For every cell, the area-mean obstacle height over a square of side fetch_m whose centre lies fetch_m/2 upwind
// of the cell (the wind comes from wind_from_deg, 0 = north, clockwise; NaN = calm or variable: the square is
// centred on the cell). The square is clipped to the grid. obstacle_heights come as a SummedArea of the obstacle
// height grid (m; 0 on open ground), so many hours share one table.
void upwind_mean_height(const SummedArea& obstacle_heights, double cell_size_m, double fetch_m, double wind_from_deg,
                        GridView<float> out);

// The pedestrian wind for every cell in one hour: upwind_mean_height → roughness_length_m → pedestrian_wind.
void pedestrian_wind_map(const SummedArea& obstacle_heights, double cell_size_m, double fetch_m,
                         double station_wind_m_per_s, double wind_from_deg, GridView<float> out,
                         const WindProfile& p = {});

}  // namespace wn::heat
