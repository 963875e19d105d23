#include "waternet/hydro/local_inertial.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>

// The hot loops are written once, as always-inlined bodies, and compiled twice below: for x86-64-v3 (AVX2, FMA)
// and for the x86-64 baseline; the dispatchers at the end pick one at run time, so one binary is both portable
// and fast. Loops are branch-free with __restrict so that GCC vectorises them. The library is compiled with
// -ffp-contract=off (src/CMakeLists.txt): GCC would otherwise fuse a*b+c into an FMA in the AVX2 variant only,
// and the two variants (so two machines) would round differently.
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define WN_AVX2_VARIANT 1
#endif

namespace wn::inertial {

namespace {

[[gnu::always_inline]] inline void momentum_body(const FaceRun& run, const StepParams& params) {
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

[[gnu::always_inline]] inline void outflow_scale_body(const float* __restrict h, const float* __restrict qx_west,
                                                      const float* __restrict qx_east, const float* __restrict qy_north,
                                                      const float* __restrict qy_south, float* __restrict s,
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

[[gnu::always_inline]] inline void effective_flux_body(const float* __restrict q, const float* __restrict s_a,
                                                       const float* __restrict s_b, float* __restrict q_eff,
                                                       index_t count) {
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

[[gnu::always_inline]] inline float continuity_body(float* __restrict h, float* __restrict carry,
                                                    const float* __restrict qx_west, const float* __restrict qx_east,
                                                    const float* __restrict qy_north, const float* __restrict qy_south,
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

[[gnu::always_inline]] inline float track_maxima_body(const TrackedRow& row, float min_depth, float arrival_depth,
                                                      float now_s) {
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

[[gnu::always_inline]] inline void track_duration_body(const float* __restrict h, float* __restrict duration_s,
                                                       index_t count, float threshold, float interval_s) {
    for (index_t i = 0; i < count; ++i) duration_s[i] += h[i] >= threshold ? interval_s : 0.0f;
}

}  // namespace

// The compiled variants: the same bodies under two instruction sets. One namespace per variant.
#define WN_DEFINE_KERNEL_VARIANT(NAMESPACE, TARGET)                                                                    \
    namespace NAMESPACE {                                                                                              \
    TARGET void momentum(const FaceRun& run, const StepParams& p) { momentum_body(run, p); }                           \
    TARGET void outflow_scale(const float* h, const float* qx_west, const float* qx_east, const float* qy_north,       \
                              const float* qy_south, float* s, index_t count, float dt_over_dx) {                      \
        outflow_scale_body(h, qx_west, qx_east, qy_north, qy_south, s, count, dt_over_dx);                             \
    }                                                                                                                  \
    TARGET void effective_flux(const float* q, const float* s_a, const float* s_b, float* q_eff, index_t count) {      \
        effective_flux_body(q, s_a, s_b, q_eff, count);                                                                \
    }                                                                                                                  \
    TARGET float continuity(float* h, float* carry, const float* qx_west, const float* qx_east, const float* qy_north, \
                            const float* qy_south, float* h_max_tracked, index_t count, float dt_over_dx) {            \
        return continuity_body(h, carry, qx_west, qx_east, qy_north, qy_south, h_max_tracked, count, dt_over_dx);      \
    }                                                                                                                  \
    TARGET float track_maxima(const TrackedRow& row, float min_depth, float arrival_depth, float now_s) {              \
        return track_maxima_body(row, min_depth, arrival_depth, now_s);                                                \
    }                                                                                                                  \
    TARGET void track_duration(const float* h, float* duration_s, index_t count, float threshold, float interval_s) {  \
        track_duration_body(h, duration_s, count, threshold, interval_s);                                              \
    }                                                                                                                  \
    }

WN_DEFINE_KERNEL_VARIANT(baseline, )
#ifdef WN_AVX2_VARIANT
WN_DEFINE_KERNEL_VARIANT(avx2, __attribute__((target("arch=x86-64-v3"))))
#endif

namespace {

bool processor_has_avx2_variant() {
#ifdef WN_AVX2_VARIANT
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v3") != 0;
#else
    return false;
#endif
}

std::atomic<bool> use_avx2{processor_has_avx2_variant()};

}  // namespace

bool avx2_kernels_supported() { return processor_has_avx2_variant(); }

KernelVariant kernel_variant() {
    return use_avx2.load(std::memory_order_relaxed) ? KernelVariant::avx2 : KernelVariant::baseline;
}

void use_kernel_variant(KernelVariant variant) {
    if (variant == KernelVariant::avx2 && !avx2_kernels_supported())
        throw std::logic_error("the AVX2 (x86-64-v3) kernels cannot run on this processor");
    use_avx2.store(variant == KernelVariant::avx2, std::memory_order_relaxed);
}

#ifdef WN_AVX2_VARIANT
#define WN_DISPATCH(CALL) return use_avx2.load(std::memory_order_relaxed) ? avx2::CALL : baseline::CALL
#else
#define WN_DISPATCH(CALL) return baseline::CALL
#endif

void momentum(const FaceRun& run, const StepParams& p) { WN_DISPATCH(momentum(run, p)); }

void outflow_scale(const float* h, const float* qx_west, const float* qx_east, const float* qy_north,
                   const float* qy_south, float* s, index_t count, float dt_over_dx) {
    WN_DISPATCH(outflow_scale(h, qx_west, qx_east, qy_north, qy_south, s, count, dt_over_dx));
}

void effective_flux(const float* q, const float* s_a, const float* s_b, float* q_eff, index_t count) {
    WN_DISPATCH(effective_flux(q, s_a, s_b, q_eff, count));
}

float continuity(float* h, float* carry, const float* qx_west, const float* qx_east, const float* qy_north,
                 const float* qy_south, float* h_max_tracked, index_t count, float dt_over_dx) {
    WN_DISPATCH(continuity(h, carry, qx_west, qx_east, qy_north, qy_south, h_max_tracked, count, dt_over_dx));
}

float track_maxima(const TrackedRow& row, float min_depth, float arrival_depth, float now_s) {
    WN_DISPATCH(track_maxima(row, min_depth, arrival_depth, now_s));
}

void track_duration(const float* h, float* duration_s, index_t count, float threshold, float interval_s) {
    WN_DISPATCH(track_duration(h, duration_s, count, threshold, interval_s));
}

}  // namespace wn::inertial
