// The subgrid flood solver: the local inertial scheme on coarse cells that store and convey water through the
// subgrid tables (subgrid_tables.hpp), so that a coarse run holds and moves water as the fine terrain would.
//
// Sources. The face update is the regular engine's (local_inertial.hpp: Bates, Horritt & Fewtrell 2010, J. Hydrology
// 387:33, with the θ weighting of de Almeida et al. 2012, WRR 48, and implicit friction), with the cell depths
// replaced by the tables, as SFINCS does (Leijnse et al. 2021, Coastal Engineering 163:103796; van Ormondt,
// Leijnse, de Goede, Nederhoff & van Dongeren 2025, GMD 18:843), after Casulli 2009 (IJNMF 60:391) and Volp,
// van Prooijen & Stelling 2013 (WRR 49:4126).
//
// State. Per coarse cell the volume V (m³, double) and its water level ζ = level_of_volume(V) (the cell table:
// a dry cell's level is its lowest pixel); per face the discharge q per unit width (m²/s, positive from cell a to
// cell b: east in x, south in y).
//
// Momentum. A face sees the water level ζ_f = max(ζ_a, ζ_b) (SFINCS: van Ormondt et al. 2025, section 2.3;
// Leijnse et al. 2021), and reads from its table at ζ_f the mean flow depth h̄ and the conveyance K = Σ h^(5/3)/n
// over its pixels per unit width (q = K √S in steady uniform flow). Then
//
//   q̃ = θ q_f + (1−θ)/2 (q_{f−1} + q_{f+1}) − g h̄ Δt (ζ_b − ζ_a) / Δx
//   q_f^{n+1} (1 + g Δt h̄ |q_f^{n+1}| / K²) = q̃   →   q_f^{n+1} = 2 q̃ / (1 + sqrt(1 + 4 g Δt h̄ |q̃| / K²))
//
// Derivation of the friction term. The local inertial momentum equation per unit width is
//   ∂q/∂t = −g h̄ ∂ζ/∂x − g h̄ S_f,
// with S_f the friction slope. For one pixel column of depth h, Manning gives q = h^(5/3) √S_f / n, so
// S_f = n² q |q| / h^(10/3) and the friction force is g h S_f = g n² q |q| / h^(7/3) (the regular engine's term).
// Over a face the pixels act in parallel (Volp et al. 2013): steady flow carries q = K √S_f, so
// S_f = q |q| / K² and the friction force is g h̄ q |q| / K². Implicit in |q| as in the regular engine:
//   q^{n+1} = q̃ − g Δt h̄ q^{n+1} |q^{n+1}| / K²  →  the root above (the denominator is ≥ 1).
// Steady uniform flow: ∂q/∂t = 0 and ∂ζ/∂x = −S gives g h̄ S = g h̄ q² / K², so q = K √S exactly, whatever h̄.
// For one pixel (cell = pixel) K = h^(5/3)/n and h̄ / K² = n² / h^(7/3): the regular engine's update.
//
// Continuity on volumes: V += Δt Δx (q_west − q_east + q_north − q_south), with the regular engine's positivity
// limiter (a cell's outgoing fluxes are scaled by min(1, V / (Δt Δx Σ outflow)), 1e-6 short of all so that float
// rounding of the scaled fluxes never takes more than the cell holds; a face takes the scale of its
// upstream cell, so both neighbours see the same flux and volume is conserved to rounding). Then ζ from V
// through the cell table. Rain (on each cell's valid area) and losses (a lumped rate, never more than the cell
// holds) are applied every exchange_interval_s, as in the regular engine.
//
// Time step: Δt = α Δx / sqrt(g d_max) (Bates et al. 2010), Δx the coarse cell and d_max the deepest water in
// any cell, ζ − z_min. That bounds every face's gravity-wave speed: a face's table gives h̄ ≤ p_wet (ζ − z_flow)
// and a channel of wet fraction p_wet sends waves at sqrt(g h̄ / p_wet) ≤ sqrt(g (ζ − z_min)); for cell = pixel it
// is the regular engine's step.
//
// Edges: the regular engine's EdgeCondition. Closed: no flow. Free outflow: normal flow q = K √S out of the
// domain, S the water-surface slope towards the edge (at least min_outflow_slope), K from the edge cell's storage
// table: wet fraction w = (dV/dζ)/A, mean depth over the wet part h_w = V/(wA), K = w h_w^(5/3)/n with n =
// edge_manning_n (cell = pixel: the regular engine's h^(5/3)/n). A water-level edge is not supported yet
// (InputError).
//
// A kernel on views: no I/O, no global state; rows run in parallel on the caller's thread count and the result
// does not depend on it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/hydro/flood_engine.hpp"
#include "waternet/hydro/rain.hpp"
#include "waternet/hydro/subgrid_tables.hpp"

namespace wn::subgrid {

struct SolverSettings {
    double duration_s = 3600.0;
    double cfl_alpha = 0.7;     // Bates et al. (2010)
    double theta = 0.9;         // de Almeida et al. (2012), as the regular engine
    double dry_depth_m = 1e-4;  // faces with h̄ below this carry no flow
    double max_dt_s = 10.0;
    double exchange_interval_s = 5.0;      // rain, losses and the sampled maxima
    std::array<EdgeCondition, 4> edges{};  // north, east, south, west: closed or free_outflow

    void validate() const;  // InputError for absurd values and water-level edges
};

struct SolverInputs {
    const SubgridTables* tables = nullptr;  // required
    const RainSeries* rain = nullptr;       // spatially uniform rain on each cell's valid area (may be null)
    // Lumped losses (infiltration and sewer together), per coarse cell (m/s over the cell's area); empty =
    // uniform_loss_m_per_s everywhere. A cell never loses more than it holds.
    GridView<const float> loss_m_per_s;
    double uniform_loss_m_per_s = 0.0;
    GridView<const float> initial_level_m;  // per coarse cell; empty or NaN = dry
    double edge_manning_n = 0.03;           // roughness of the outflow over free edges (s/m^(1/3))
};

struct SolverResult {
    Grid<float>
        max_level_m;  // per coarse cell, the highest water level (its lowest pixel where never wet); NaN inactive
    Grid<float> final_level_m;
    std::vector<double> final_volume_m3;  // per coarse cell, row-major
    VolumeBalance balance;                // lumped losses are booked as infiltration_m3
    double max_abs_discharge_m2_s = 0.0;  // largest |q| applied at any face (after the limiter) over the run
    double min_volume_m3 = 0.0;           // smallest cell volume seen after any update (>= 0 up to rounding)
    std::int64_t steps = 0;
    double cell_updates = 0.0;  // coarse cells × steps
    double wall_time_s = 0.0;
    double min_dt_s = 0.0;
    int threads = 1;
};

// Runs the simulation. InputError for missing tables, bad settings, initial levels of another shape, negative or
// non-finite loss rates; wn::Interrupted when the context's cancel token is set (polled once a step). The
// context's threads run the simulation (results do not depend on them); its progress sink hears the simulated time.
SolverResult run_subgrid_solver(const SolverInputs& inputs, const SolverSettings& settings,
                                const ExecutionContext& context = {});

// The face update above for one face: the new discharge from the face's h̄ and K at its level, the weighted old
// discharge q_weighted = θ q_f + (1−θ)/2 (q_{f−1} + q_{f+1}) and the level difference ζ_b − ζ_a. 0 where
// h̄ <= dry_depth_m.
float face_discharge(float flow_depth_m, float conveyance_m2_s, float q_weighted, float level_difference_m, float dt_s,
                     float inv_dx_per_m, float dry_depth_m);

}  // namespace wn::subgrid
