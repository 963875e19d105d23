#include "waternet/hydro/local_inertial.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

// The hot loops are compiled twice (AVX2 and baseline x86-64) and picked at run time, so one binary is both
// portable and fast. Loops are written branch-free with __restrict so that GCC vectorises them.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define WN_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define WN_VECTOR_CLONES
#endif

namespace wn::inertial {

WN_VECTOR_CLONES
void momentum(const FaceRun& run, const StepParams& params) {
    const StepParams p = params;  // a local copy: stores to q_new cannot alias it, so the loop if-converts
    const float* __restrict z_a = run.z_a;
    const float* __restrict h_a = run.h_a;
    const float* __restrict n_a = run.n_a;
    const float* __restrict z_b = run.z_b;
    const float* __restrict h_b = run.h_b;
    const float* __restrict n_b = run.n_b;
    const float* __restrict q_prev = run.q_prev;
    const float* __restrict q_old = run.q_old;
    const float* __restrict q_next = run.q_next;
    float* __restrict q_new = run.q_new;
    const float side_weight = 0.5f * (1.0f - p.theta);
    for (index_t f = 0; f < run.count; ++f) {
        const float q_weighted = p.theta * q_old[f] + side_weight * (q_prev[f] + q_next[f]);
        q_new[f] = face_discharge(z_a[f], h_a[f], n_a[f], z_b[f], h_b[f], n_b[f], q_weighted, p);
    }
}

WN_VECTOR_CLONES
void outflow_scale(const float* __restrict h, const float* __restrict qx_west, const float* __restrict qx_east,
                   const float* __restrict qy_north, const float* __restrict qy_south, float* __restrict s,
                   index_t count, float dt_over_dx) {
    for (index_t i = 0; i < count; ++i) {
        // Summed as (x pair) + (y pair) so that a transposed grid gives bit-identical results.
        const float out = (std::max(qx_east[i], 0.0f) + std::max(-qx_west[i], 0.0f)) +
                          (std::max(qy_south[i], 0.0f) + std::max(-qy_north[i], 0.0f));
        const float leaving = out * dt_over_dx;
        const float available = std::max(h[i], 0.0f);
        const float ratio = available / std::max(leaving, 1e-30f);
        s[i] = leaving > available ? ratio : 1.0f;
    }
}

WN_VECTOR_CLONES
void effective_flux(const float* __restrict q, const float* __restrict s_a, const float* __restrict s_b,
                    float* __restrict q_eff, index_t count) {
    for (index_t f = 0; f < count; ++f) q_eff[f] = q[f] * (q[f] > 0.0f ? s_a[f] : s_b[f]);
}

// Flow speed at a cell from its face discharges: |q| / h with q the mean of the two faces per axis. Written as
// sqrt(max + min) rather than sqrt(u² + v²) so that the sum does not depend on which axis is x: a transposed grid
// gives the same speeds.
[[gnu::always_inline]] inline float cell_speed(float depth, float qx_west, float qx_east, float qy_north,
                                               float qy_south, float min_depth) {
    const float u = 0.5f * (qx_west + qx_east);
    const float v = 0.5f * (qy_north + qy_south);
    const float uu = u * u, vv = v * v;
    const float larger = uu > vv ? uu : vv, smaller = uu > vv ? vv : uu;
    return std::sqrt(larger + smaller) / (depth > min_depth ? depth : min_depth);
}

WN_VECTOR_CLONES
float continuity(float* __restrict h, float* __restrict carry, const float* __restrict qx_west,
                 const float* __restrict qx_east, const float* __restrict qy_north, const float* __restrict qy_south,
                 float* __restrict h_max_tracked, index_t count, float dt_over_dx) {
    float row_max = 0.0f;
#pragma omp simd reduction(max : row_max)
    for (index_t i = 0; i < count; ++i) {
        // Compensated (Kahan) update: the rounding error of h + change is kept in `carry` and added to the next
        // change, so the water float cannot hold is never lost. TwoSum (Knuth 1969, TAOCP vol. 2, §4.2.2) gives
        // that error exactly whichever of the two is larger; it needs no reassociation (none is allowed here).
        const float change = dt_over_dx * ((qx_west[i] - qx_east[i]) + (qy_north[i] - qy_south[i])) + carry[i];
        const float depth = h[i] + change;
        const float change_part = depth - h[i];
        const float h_part = depth - change_part;
        carry[i] = (h[i] - h_part) + (change - change_part);
        h[i] = depth;
        h_max_tracked[i] = h_max_tracked[i] > depth ? h_max_tracked[i] : depth;
        row_max = row_max > depth ? row_max : depth;
    }
    return row_max;
}

WN_VECTOR_CLONES
float track_maxima(const TrackedRow& row, float min_depth, float arrival_depth, float now_s) {
    const float* __restrict h = row.h;
    const float* __restrict qx_west = row.qx_west;
    const float* __restrict qx_east = row.qx_east;
    const float* __restrict qy_north = row.qy_north;
    const float* __restrict qy_south = row.qy_south;
    float* __restrict v_max = row.v_max;
    float* __restrict hazard_max = row.hazard_max;
    float* __restrict h_max = row.h_max;
    float* __restrict arrival = row.arrival_s;
    const float never = std::numeric_limits<float>::max();  // finite: this file assumes finite math
    const index_t count = row.count;
    float row_max = 0.0f;
    // Every select is formed as a value before the max/min, so GCC does not turn it into a conditional store
    // (which would stop it vectorising).
#pragma omp simd reduction(max : row_max)
    for (index_t i = 0; i < count; ++i) {
        const float d = h[i];
        const float speed = cell_speed(d, qx_west[i], qx_east[i], qy_north[i], qy_south[i], min_depth);
        const float deep = d >= min_depth ? 1.0f : 0.0f;
        const float tracked_speed = deep * speed;
        const float hazard = deep * (d * (speed + 0.5f) + (d <= 0.25f ? 0.5f : 1.0f));
        const float reached = d >= arrival_depth ? now_s : never;
        v_max[i] = v_max[i] > tracked_speed ? v_max[i] : tracked_speed;
        hazard_max[i] = hazard_max[i] > hazard ? hazard_max[i] : hazard;
        arrival[i] = arrival[i] < reached ? arrival[i] : reached;
        h_max[i] = h_max[i] > d ? h_max[i] : d;
        row_max = row_max > d ? row_max : d;
    }
    return row_max;
}

WN_VECTOR_CLONES
void track_duration(const float* __restrict h, float* __restrict duration_s, index_t count, float threshold,
                    float interval_s) {
    for (index_t i = 0; i < count; ++i) duration_s[i] += h[i] >= threshold ? interval_s : 0.0f;
}

}  // namespace wn::inertial
