// A subgrid flood run from fine terrain: the tables (subgrid_tables.hpp), the solver (subgrid_solver.hpp) and the
// downscaling of the coarse water levels to depths on the fine grid.
//
// Downscaling (SFINCS: Leijnse et al. 2021, Coastal Engineering 163:103796, section 2.4; van Ormondt et al. 2025,
// GMD 18:843): a coarse cell has one water level, so every fine pixel in it has the depth ζ − z where positive,
// else 0. The maximum depth map is the downscaled maximum level: the deepest each pixel was, assuming that the
// water in a cell was level (a pixel in a pit that the cell's water never reached, behind a sill inside the same
// cell, is shown wet; the tables' storage assumes the same).
//
// Kernels on views: no I/O, no globals, threads from the caller.
#pragma once

#include "waternet/core/grid.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/hydro/subgrid_solver.hpp"
#include "waternet/hydro/subgrid_tables.hpp"

namespace wn::subgrid {

// depth(r, c) = max(0, level(r / ratio, c / ratio) − terrain(r, c)); NaN where the terrain or the level is NaN.
// `depth_m` has the terrain's shape; the level grid ceil(rows / ratio) × ceil(cols / ratio). InputError otherwise.
void downscale_depth(GridView<const float> coarse_level_m, GridView<const float> terrain_m, int ratio,
                     GridView<float> depth_m, int threads);
Grid<float> downscale_depth(GridView<const float> coarse_level_m, GridView<const float> terrain_m, int ratio,
                            int threads);

struct SubgridRunInputs {
    GridView<const float> terrain_m;  // fine terrain, NaN = no data
    GridView<const float> manning_n;  // per fine pixel; empty = uniform_manning_n
    double pixel_size_m = 0.5;
    int ratio = 8;    // coarse cell = ratio × ratio pixels
    int levels = 10;  // table levels
    float uniform_manning_n = 0.03f;
    const RainSeries* rain = nullptr;
    double loss_m_per_s = 0.0;  // lumped loss on every cell (subgrid_solver.hpp)
};

struct SubgridRunResult {
    SolverResult solver;        // coarse levels, balance, steps
    Grid<float> max_depth_m;    // fine grid
    Grid<float> final_depth_m;  // fine grid
    double table_build_s = 0.0;
    double table_bytes_per_cell = 0.0;
};

// Builds the tables, runs the solver and downscales, all on the context's threads (its cancel token and progress
// reach the solver). InputError for bad inputs.
SubgridRunResult run_subgrid(const SubgridRunInputs& inputs, const SolverSettings& settings,
                             const ExecutionContext& context = {});

}  // namespace wn::subgrid
