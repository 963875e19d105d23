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
        q_new[f] = face_discharge(z_a[f], h_a[f], n_a[f], z_b[f], h_b[f], n_b[f], q_old[f], q_weighted, p);
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

WN_VECTOR_CLONES
float continuity(float* __restrict h, const float* __restrict qx_west, const float* __restrict qx_east,
                 const float* __restrict qy_north, const float* __restrict qy_south, float* __restrict h_max_tracked,
                 index_t count, float dt_over_dx) {
    float row_max = 0.0f;
    for (index_t i = 0; i < count; ++i) {
        const float depth = h[i] + dt_over_dx * ((qx_west[i] - qx_east[i]) + (qy_north[i] - qy_south[i]));
        h[i] = depth;
        h_max_tracked[i] = std::max(h_max_tracked[i], depth);
        row_max = std::max(row_max, depth);
    }
    return row_max;
}

WN_VECTOR_CLONES
RowExtremes track_maxima(const TrackedRow& row, float min_depth, float arrival_depth, float now_s) {
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
    float row_max = 0.0f, row_speed = 0.0f;
    for (index_t i = 0; i < row.count; ++i) {
        const float d = h[i];
        const float u = 0.5f * (qx_west[i] + qx_east[i]);
        const float v = 0.5f * (qy_north[i] + qy_south[i]);
        // max + min rather than u² + v²: no fused multiply-add can make it depend on which axis is x, so a
        // transposed grid gives the same speeds and, through the time step, the same results.
        const float uu = u * u, vv = v * v;
        const float speed = std::sqrt(std::max(uu, vv) + std::min(uu, vv)) / std::max(d, min_depth);
        const float hazard = d * (speed + 0.5f) + (d <= 0.25f ? 0.5f : 1.0f);
        const bool deep_enough = d >= min_depth;
        const float tracked_speed = deep_enough ? speed : 0.0f;
        v_max[i] = std::max(v_max[i], tracked_speed);
        row_speed = std::max(row_speed, tracked_speed);
        hazard_max[i] = std::max(hazard_max[i], deep_enough ? hazard : 0.0f);
        arrival[i] = std::min(arrival[i], d >= arrival_depth ? now_s : never);
        h_max[i] = std::max(h_max[i], d);
        row_max = std::max(row_max, d);
    }
    return {row_max, row_speed};
}

WN_VECTOR_CLONES
void track_duration(const float* __restrict h, float* __restrict duration_s, index_t count, float threshold,
                    float interval_s) {
    for (index_t i = 0; i < count; ++i) duration_s[i] += h[i] >= threshold ? interval_s : 0.0f;
}

}  // namespace wn::inertial
