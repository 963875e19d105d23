// Kernels of the local inertial shallow-water scheme, as free functions on rows of cells.
//
// Scheme: Bates, Horritt & Fewtrell (2010), "A simple inertial formulation of the shallow water equations
// for efficient two-dimensional flood inundation modelling", J. Hydrology 387, with the numerical-diffusion
// weighting θ of de Almeida, Bates, Freer & Souvignet (2012), "Improving the stability of a simple
// formulation of the shallow water equations for 2-D flood modeling", Water Resources Research 48.
//
//   q̃ = θ q_f + (1-θ)/2 (q_{f-1} + q_{f+1}) - g h_f Δt (η_b - η_a)/Δx
//   q_f^{n+1} (1 + g Δt n² |q_f^{n+1}| / h_f^{7/3}) = q̃   →   q_f^{n+1} = 2 q̃ / (1 + sqrt(1 + 4 g Δt n² |q̃| / h_f^{7/3}))
//
// with h_f = max(η_a, η_b) - max(z_a, z_b) the flow depth at the face between cells a and b, and q the
// discharge per unit width (m²/s). Positive q flows from a to b (east in x, south in y: rows grow southwards).
//
// Friction is fully implicit (|q| of the new step, the root of the quadratic above), not semi-implicit as in
// Bates et al. (|q_f| of the old step in the denominator). With the old |q| the friction term alone iterates
// q ← (q + A)/(1 + B|q|), whose fixed point (normal flow, q* = sqrt(A/B)) has the amplification factor
// (1 - x)/(1 + x) with x = g Δt n² |q*| / h^{7/3}: for shallow, rough sheet flow x grows past 1 and the
// discharge flips between over- and undershoot every step, damped ever less as x grows, and the mean of the
// oscillating discharges exceeds the normal flow. On a rain-fed slope that oscillation did not die out at
// Bates' time step (tests/hydro/test_flood_analytic.cpp, rain on an inclined plane); the implicit root has no
// such mode at any Δt and the same steady state. (A stability analysis reaching the same conclusion for the
// semi-implicit scheme, and proposing the fully implicit variant: J. Advanced Simulation in Science and
// Engineering 4(2):162, J-STAGE article jasse/4/2/4_162.)
//
// Positivity without losing water: after the momentum update every cell's outflow over the step is compared
// with the water it holds, and its outgoing fluxes are scaled by s = min(1, h·Δx / (Δt·Σ outflow)). A face's
// flux is scaled by the s of its upstream cell, so both neighbours see the same flux and volume is conserved
// to rounding; no depth is ever clipped.
//
// The functions take raw row pointers (views of one grid row) so that the orchestrator can step blocks of rows
// on any thread, and a later tile/GPU version can call the same arithmetic. They do no allocation and no I/O.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "waternet/core/grid.hpp"

namespace wn::inertial {

inline constexpr float kGravity = 9.81f;

struct StepParams {
    float dt_s;
    float dx_m;
    float inv_dx_per_m;  // 1 / dx_m
    float theta;         // de Almeida weighting, 1 = Bates (2010) without diffusion; 0.7-0.9 recommended
    float h_dry_m;       // faces with flow depth below this carry no flux
};

// x^(-1/3) for x > 0 to float precision without libm and without division (vectorises): a bit-level first
// guess (exponent times -1/3) and three Newton steps r <- r (4 - x r³) / 3.
[[gnu::always_inline]] inline float inverse_cbrt_positive(float x) {
    std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
    bits = 0x54a21d2au - bits / 3u;
    float r = std::bit_cast<float>(bits);
    constexpr float kThird = 1.0f / 3.0f;
    r = r * (4.0f - x * r * r * r) * kThird;
    r = r * (4.0f - x * r * r * r) * kThird;
    r = r * (4.0f - x * r * r * r) * kThird;
    return r;
}

// The momentum update of one face (the equations above). q_weighted = θ q_f + (1-θ)/2 (q_{f-1} + q_{f+1}).
// Shared by the vectorised row kernel and the boundary faces, so both use the same arithmetic.
[[gnu::always_inline]] inline float face_discharge(float z_a, float h_a, float n_a, float z_b, float h_b, float n_b,
                                                   float q_weighted, const StepParams& p) {
    const float eta_a = z_a + h_a;
    const float eta_b = z_b + h_b;
    const float flow_depth = (eta_a > eta_b ? eta_a : eta_b) - (z_a > z_b ? z_a : z_b);
    const float depth = flow_depth > 1e-6f ? flow_depth : 1e-6f;
    const float g_dt = kGravity * p.dt_s;
    const float numerator = q_weighted - g_dt * depth * (eta_b - eta_a) * p.inv_dx_per_m;
    const float n = 0.5f * (n_a + n_b);
    // h^(-7/3) = r^7 with r = h^(-1/3): no pow and no division but the final one.
    const float r = inverse_cbrt_positive(depth);
    const float r2 = r * r;
    const float depth_minus_7_3 = r2 * r2 * r2 * r;
    const float friction = g_dt * n * n * (numerator < 0.0f ? -numerator : numerator) * depth_minus_7_3;
    const float denominator = 0.5f * (1.0f + std::sqrt(1.0f + 4.0f * friction));
    const float q = numerator / denominator;  // denominator >= 1: divide unconditionally, then select (vectorises)
    return flow_depth > p.h_dry_m ? q : 0.0f;
}

// Side a / side b cell data for a run of faces, plus the face's old discharge and its two neighbours in the
// flow direction (for the θ weighting). All arrays are indexed by face 0..count-1.
struct FaceRun {
    const float* z_a;
    const float* h_a;
    const float* n_a;
    const float* z_b;
    const float* h_b;
    const float* n_b;
    const float* q_prev;  // old discharge of the face before (upstream in the axis direction)
    const float* q_old;
    const float* q_next;  // old discharge of the face after
    float* q_new;
    index_t count;
};

// New discharge for a run of faces (the momentum equation above). q_new may not alias the inputs.
void momentum(const FaceRun& run, const StepParams& p);

// Outflow scale s per cell of a row: min(1, h / (Δt/Δx · Σ outgoing |q|)). qx_west[i] / qx_east[i] are the
// x-faces west / east of cell i, qy_north[i] / qy_south[i] the y-faces north / south of it.
void outflow_scale(const float* h, const float* qx_west, const float* qx_east, const float* qy_north,
                   const float* qy_south, float* s, index_t count, float dt_over_dx);

// Scaled ("effective") flux of a run of faces: q·s_a where q > 0 (a is upstream), else q·s_b.
void effective_flux(const float* q, const float* s_a, const float* s_b, float* q_eff, index_t count);

// Continuity for a row: h += Δt/Δx (west - east + north - south), using effective fluxes, compensated: `carry`
// holds what float rounding left out of h (the depth is h + carry) and takes this update's rounding error.
// Raises h_max_tracked where exceeded and returns the row's largest depth after the update (for the time step).
float continuity(float* h, float* carry, const float* qx_west, const float* qx_east, const float* qy_north,
                 const float* qy_south, float* h_max_tracked, index_t count, float dt_over_dx);

// Sampled maxima of a row: speed |q|/h and hazard rating HR = d (v + 0.5) + DF (DF = 0.5 where d <= 0.25 m,
// else 1; Defra/EA FD2320) where d >= min_depth, the maximum depth, and the first time depth reached
// arrival_depth (arrival starts at FLT_MAX = never). Returns the row's largest depth.
struct TrackedRow {
    const float* h;
    const float* qx_west;
    const float* qx_east;
    const float* qy_north;
    const float* qy_south;
    float* v_max;
    float* hazard_max;
    float* h_max;
    float* arrival_s;
    index_t count;
};
float track_maxima(const TrackedRow& row, float min_depth, float arrival_depth, float now_s);

// Adds `interval_s` to duration_s where h >= threshold (time above a depth).
void track_duration(const float* h, float* duration_s, index_t count, float threshold, float interval_s);

// The kernels above are compiled twice: for x86-64-v3 (AVX2, FMA; used where the processor has it) and for the
// x86-64 baseline. Both variants give bit-identical results (no fused multiply-adds, no reassociation), so the
// maps of a run do not depend on the machine. Tests and benchmarks may force one; the choice holds for the whole
// process (set it before a run, not during one).
enum class KernelVariant { avx2, baseline };
bool avx2_kernels_supported();  // compiled in (x86-64 builds) and supported by this processor
KernelVariant kernel_variant();
void use_kernel_variant(KernelVariant variant);  // std::logic_error for avx2 where it is not supported

}  // namespace wn::inertial
