// A subgrid flood run (subgrid_run.hpp).
#include "waternet/hydro/subgrid_run.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "waternet/core/error.hpp"

namespace wn::subgrid {

void downscale_depth(GridView<const float> coarse_level_m, GridView<const float> terrain_m, int ratio,
                     GridView<float> depth_m, int threads) {
    if (ratio < 1) throw InputError("downscaling: the ratio must be at least 1");
    if (threads < 1) throw InputError("downscaling: the thread count must be at least 1");
    const index_t rows = terrain_m.rows(), cols = terrain_m.cols();
    if (depth_m.rows() != rows || depth_m.cols() != cols)
        throw InputError("downscaling: the depth grid does not have the terrain's size");
    if (coarse_level_m.rows() != (rows + ratio - 1) / ratio || coarse_level_m.cols() != (cols + ratio - 1) / ratio)
        throw InputError("downscaling: the level grid is " + std::to_string(coarse_level_m.rows()) + " × " +
                         std::to_string(coarse_level_m.cols()) + " cells, not the terrain's " + std::to_string(rows) +
                         " × " + std::to_string(cols) + " pixels divided by " + std::to_string(ratio));
#pragma omp parallel for num_threads(threads) schedule(static)
    for (index_t r = 0; r < rows; ++r) {
        const float* z = terrain_m.row(r);
        const float* level = coarse_level_m.row(r / ratio);
        float* depth = depth_m.row(r);
        for (index_t c = 0; c < cols; ++c) {
            const float d = level[c / ratio] - z[c];  // NaN where either is
            depth[c] = std::isnan(d) ? d : (d > 0.0f ? d : 0.0f);
        }
    }
}

Grid<float> downscale_depth(GridView<const float> coarse_level_m, GridView<const float> terrain_m, int ratio,
                            int threads) {
    Grid<float> depth(terrain_m.rows(), terrain_m.cols());
    downscale_depth(coarse_level_m, terrain_m, ratio, depth.view(), threads);
    return depth;
}

SubgridRunResult run_subgrid(const SubgridRunInputs& inputs, const SolverSettings& settings,
                             const ExecutionContext& context) {
    settings.validate();
    TableSettings table_settings;
    table_settings.ratio = inputs.ratio;
    table_settings.levels = inputs.levels;
    table_settings.pixel_size_m = inputs.pixel_size_m;
    table_settings.uniform_manning_n = inputs.uniform_manning_n;
    table_settings.threads = context.thread_count();
    const auto start = std::chrono::steady_clock::now();
    const SubgridTables tables = build_subgrid_tables({inputs.terrain_m, inputs.manning_n}, table_settings);
    SubgridRunResult result;
    result.table_build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.table_bytes_per_cell = tables.bytes_per_cell();

    SolverInputs solver_inputs;
    solver_inputs.tables = &tables;
    solver_inputs.rain = inputs.rain;
    solver_inputs.uniform_loss_m_per_s = inputs.loss_m_per_s;
    solver_inputs.edge_manning_n = inputs.uniform_manning_n;
    context.throw_if_cancelled();
    result.solver = run_subgrid_solver(solver_inputs, settings, context);
    result.max_depth_m =
        downscale_depth(result.solver.max_level_m.view(), inputs.terrain_m, inputs.ratio, context.thread_count());
    result.final_depth_m =
        downscale_depth(result.solver.final_level_m.view(), inputs.terrain_m, inputs.ratio, context.thread_count());
    return result;
}

}  // namespace wn::subgrid
