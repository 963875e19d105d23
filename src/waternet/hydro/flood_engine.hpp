// The 2D pluvial flood engine: rain on a grid, local inertial flow, losses, sewer, buildings, boundaries.
//
// run_flood() is the orchestrator. It owns the model state (float structure-of-arrays with a one-cell halo,
// double volume sums), drives the kernels of local_inertial.hpp over blocks of rows on the caller's threads, and
// returns the maps, the gauge series and the volume balance. It does no file I/O: inputs arrive as views,
// outputs leave as grids, and depth frames go to a callback. Results are identical for any thread count and
// for either compiled variant of the kernels (AVX2 or baseline x86-64; docs/flood-engine.md, "Determinism").
//
// Time stepping: an adaptive step from the CFL condition of the scheme, Δt = α Δx / sqrt(g h_max)
// (Bates et al. 2010), at most max_dt_s; friction is implicit, so shallow sheet flow needs no shorter step. Rain, interception, infiltration, sewer and the roof routing are
// applied every exchange_interval_s (operator splitting; their volumes are integrated exactly over the
// interval), which keeps the per-step kernel lean. The maximum depth is tracked every step; velocity,
// hazard, arrival time and durations are sampled at every exchange.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/hydro/land_cover.hpp"
#include "waternet/hydro/rain.hpp"

namespace wn {

// A quantity given at times, linearly interpolated between them and held constant outside.
struct TimeSeries {
    std::vector<std::pair<double, double>> points;  // (t_s, value), times increasing
    double at(double t_s) const;
    double integral(double t0_s, double t1_s) const;  // exact ∫ value dt
    double max_value() const;
};

enum class EdgeKind { closed, free_outflow, water_level };
enum Edge : int { kNorth = 0, kEast = 1, kSouth = 2, kWest = 3 };

struct EdgeCondition {
    EdgeKind kind = EdgeKind::closed;
    TimeSeries water_level_m;  // for water_level: the level (m NAP) outside the edge over time
    // free_outflow: normal depth with the water-surface slope towards the edge, at least this slope.
    double min_outflow_slope = 1e-3;
};

struct PointInflow {
    std::string name;
    index_t row = 0;
    index_t col = 0;
    TimeSeries discharge_m3_per_s;
};

// Water entering through a stretch of the domain's edge, as a river or a benchmark's inflow boundary does: the
// total discharge is spread over the boundary faces of the edge cells first..last (inclusive: rows on the west
// and east edges, columns on the north and south edges) and enters as a flux through the boundary.
struct EdgeInflow {
    std::string name;
    Edge edge = kWest;
    index_t first = 0;
    index_t last = 0;
    TimeSeries discharge_m3_per_s;
};

struct Gauge {
    std::string name;
    index_t row = 0;
    index_t col = 0;
};

struct FloodSettings {
    double duration_s = 3600.0;  // total simulated time (rain and after)
    double cfl_alpha = 0.7;      // Bates et al. (2010) recommend 0.7
    double theta = 0.9;          // de Almeida et al. (2012) weighting; 0.9 stays stable at α = 0.7 in 2D (0.7 did not)
    double dry_depth_m = 1e-4;   // faces shallower than this carry no flow
    double max_dt_s = 10.0;
    double exchange_interval_s = 5.0;      // rain, losses, roofs and sampled maxima (see docs/flood-engine.md)
    std::array<EdgeCondition, 4> edges{};  // north, east, south, west
    bool roofs_to_sewer = true;            // false: roof rain spills onto the ground beside the building
    std::vector<double> duration_thresholds_m{0.05, 0.10, 0.20};
    double arrival_threshold_m = 0.10;   // "time at which depth first exceeds" this
    double velocity_min_depth_m = 0.01;  // velocity and hazard are tracked where at least this deep
    double gauge_interval_s = 60.0;
    double frame_interval_s = 0.0;  // 0 = no depth frames

    void validate() const;  // InputError for absurd values
};

// What the engine needs, as views. Terrain NaN = outside the domain (see core/nodata_fill.hpp for holes).
struct FloodInputs {
    GridView<const float> terrain_m;
    double cell_size_m = 1.0;
    GridView<const std::uint8_t> land_cover;  // empty = class 1 of the table everywhere
    const LandCoverTable* classes = nullptr;  // required
    GridView<const float> initial_depth_m;    // empty = dry start
    const RainSeries* rain = nullptr;         // spatially uniform rain (may be null)
    // Spatially varying rain: fill `depth_m` (rows × cols) with the rain depth of each cell over [t0, t1].
    // When set, it is used instead of `rain`.
    std::function<void(double t0_s, double t1_s, GridView<float> depth_m)> rain_field;
    // Manning's n per cell (s/m^(1/3)); empty = the land-cover class's n. Overrides the table's roughness only.
    GridView<const float> manning_n;
    std::vector<PointInflow> inflows;
    std::vector<EdgeInflow> edge_inflows;
    std::vector<Gauge> gauges;
};

// Every cubic metre accounted for. error = storage change - (sources - sinks).
struct VolumeBalance {
    double rain_m3 = 0.0;  // on the whole domain, roofs included
    double interception_m3 = 0.0;
    double infiltration_m3 = 0.0;
    double sewer_m3 = 0.0;        // from the surface and from connected roofs
    double inflow_m3 = 0.0;       // point inflows
    double edge_inflow_m3 = 0.0;  // inflows through edge segments (EdgeInflow)
    double boundary_in_m3 = 0.0;
    double boundary_out_m3 = 0.0;
    double initial_storage_m3 = 0.0;
    double final_storage_m3 = 0.0;  // water on the surface at the end

    double error_m3() const;
    double relative_error() const;  // error / (initial storage + everything that came in)
};

struct GaugeSeries {
    std::string name;
    std::vector<double> time_s;
    std::vector<float> depth_m;
};

struct FloodResult {
    Grid<float> max_depth_m;
    Grid<float> max_velocity_m_per_s;
    Grid<float> max_hazard;                     // HR = d (v + 0.5) + DF (DF = 0.5 where d <= 0.25 m, else 1)
    Grid<float> arrival_time_s;                 // first time depth >= arrival_threshold_m; NaN = never
    std::vector<Grid<float>> duration_above_s;  // one per duration threshold
    Grid<float> final_depth_m;
    std::vector<GaugeSeries> gauges;
    VolumeBalance balance;
    // Performance and numerics.
    std::int64_t steps = 0;
    double cell_updates = 0.0;  // domain cells × steps
    double wall_time_s = 0.0;
    double min_dt_s = 0.0;
    int threads = 1;
    std::size_t state_bytes_per_cell = 0;    // model state touched every step
    std::size_t loss_bytes_per_cell = 0;     // interception and sewer stores
    std::size_t tracker_bytes_per_cell = 0;  // maxima, arrival, durations
    index_t domain_cells = 0;
    index_t building_count = 0;
};

using FrameCallback = std::function<void(double t_s, GridView<const float> depth_m)>;

// Runs the simulation on the context's threads (at most one per two rows), reporting the simulated time as the
// stage "flood simulation" and polling the cancel token once a step. Throws InputError for inconsistent inputs,
// wn::Interrupted when the token is cancelled (within one time step; the callbacks see nothing more after it).
FloodResult run_flood(const FloodInputs& inputs, const FloodSettings& settings, const FrameCallback& on_frame = {},
                      const ExecutionContext& context = {});

}  // namespace wn
