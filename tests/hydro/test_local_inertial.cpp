// The local inertial kernels alone, against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "waternet/hydro/local_inertial.hpp"

namespace wn::inertial {
namespace {

TEST(LocalInertialKernels, InverseCubeRootIsFloatAccurateOverModelDepths) {
    // From the 1e-6 m floor of the face depth to 1000 m, every binade.
    double worst = 0.0;
    for (double x = 1e-6; x < 1e3; x *= 1.0137) {
        const double exact = 1.0 / std::cbrt(x);
        worst = std::max(worst, std::fabs(inverse_cbrt_positive(static_cast<float>(x)) - exact) / exact);
    }
    EXPECT_LT(worst, 4e-7);
}

TEST(LocalInertialKernels, FaceDischargeMatchesTheEquationComputedByHand) {
    // Water level 1.2 m west, 1.0 m east, bed 0 and 0.1 m: h_f = 1.2 - 0.1 = 1.1 m; θ = 1, old q 0.2 m²/s.
    const StepParams p{0.5f, 2.0f, 0.5f, 1.0f, 1e-4f};
    const double g = 9.81, dt = 0.5, dx = 2.0, n = 0.03, q0 = 0.2, hf = 1.1;
    // Implicit friction: q (1 + B |q|) = q̃ with q̃ = q0 - g h_f Δt Δη/Δx and B = g Δt n² / h_f^(7/3).
    const double q_tilde = q0 - g * hf * dt * (1.0 - 1.2) / dx;
    const double b = g * dt * n * n / std::pow(hf, 7.0 / 3.0);
    const double expected = (-1.0 + std::sqrt(1.0 + 4.0 * b * q_tilde)) / (2.0 * b);  // the positive root
    const float q = face_discharge(0.0f, 1.2f, 0.03f, 0.1f, 0.9f, 0.03f, 0.2f, p);
    EXPECT_NEAR(q, expected, 1e-6 * std::fabs(expected));
    EXPECT_NEAR(q * (1.0 + b * q), q_tilde, 1e-6 * q_tilde);
    // Mirrored (east higher) the discharge is the same westwards.
    EXPECT_FLOAT_EQ(face_discharge(0.1f, 0.9f, 0.03f, 0.0f, 1.2f, 0.03f, -0.2f, p), -q);
    // A dry face (flow depth below the threshold) carries nothing, whatever the gradient.
    EXPECT_EQ(face_discharge(0.0f, 0.00005f, 0.03f, -1.0f, 0.0f, 0.03f, 0.0f, p), 0.0f);
}

// Shallow rough sheet flow, where the old semi-implicit friction (|q| of the previous step) overshoots: 2 cm of
// water on a 1 % slope (2 m cells, both cells 2 cm deep, so the water surface has the bed's slope), n = 0.05,
// Δt = 3 s (Bates' step for 2 cm at α = 0.7). Manning's normal flow is q* = h^(5/3) √S / n = 2.93e-3 m²/s and the
// friction number g Δt n² q* / h^(7/3) = 2.0: the semi-implicit update jumps from rest to 2 q* and then
// oscillates around q* (amplification -0.34 per step). The implicit update must approach q* from below without
// ever overshooting, and reach it.
TEST(LocalInertialKernels, ImplicitFrictionSettlesOnNormalFlowWithoutOvershoot) {
    const StepParams p{3.0f, 2.0f, 0.5f, 1.0f, 1e-4f};
    const double h = 0.02, slope = 0.01, n = 0.05;
    const double normal_flow = std::pow(h, 5.0 / 3.0) * std::sqrt(slope) / n;
    float q = 0.0f;
    for (int step = 0; step < 60; ++step) {
        const float next = face_discharge(0.02f, 0.02f, 0.05f, 0.0f, 0.02f, 0.05f, q, p);
        ASSERT_GE(next, q) << "step " << step;                           // monotone
        ASSERT_LE(next, normal_flow * (1.0 + 1e-5)) << "step " << step;  // never above the normal flow
        q = next;
    }
    EXPECT_NEAR(q, normal_flow, 1e-4 * normal_flow);
}

TEST(LocalInertialKernels, OutflowScaleNeverLetsACellGiveMoreThanItHas) {
    // Cell 0 holds 0.1 m and would lose 4 × 0.05 m over the step: s = 0.5. Cell 1 loses little: s = 1.
    const std::vector<float> h{0.1f, 0.1f};
    const std::vector<float> west{-0.5f, 0.0f}, east{0.5f, 0.01f}, north{-0.5f, 0.0f}, south{0.5f, 0.0f};
    std::vector<float> s(2);
    outflow_scale(h.data(), west.data(), east.data(), north.data(), south.data(), s.data(), 2, 0.1f);
    EXPECT_NEAR(s[0], 0.5f, 1e-6f);
    EXPECT_EQ(s[1], 1.0f);
}

TEST(LocalInertialKernels, ContinuityConservesWhatCrossesItsFaces) {
    // Three cells in a row; inner faces move water east. The row's volume changes only by the edge fluxes.
    std::vector<float> h{0.3f, 0.2f, 0.1f}, h_max(3, 0.0f), carry(3, 0.0f);
    const std::vector<float> qx{0.0f, 0.04f, 0.02f, 0.0f};  // faces west of cell 0 .. east of cell 2
    const std::vector<float> zero(3, 0.0f);
    const float row_max =
        continuity(h.data(), carry.data(), qx.data(), qx.data() + 1, zero.data(), zero.data(), h_max.data(), 3, 0.5f);
    EXPECT_NEAR(h[0] + h[1] + h[2], 0.6f, 1e-6f);
    EXPECT_NEAR(h[0], 0.3f - 0.5f * 0.04f, 1e-7f);
    EXPECT_NEAR(h[2], 0.1f + 0.5f * 0.02f, 1e-7f);
    EXPECT_FLOAT_EQ(row_max, h[0]);
    EXPECT_EQ(h_max[1], h[1]);
}

// A million changes of 1e-9 m to 1 m of water: each is below half the float resolution of 1 m (6e-8 m), so a
// plain float update would drop every one (an error of 1e-3 m). Compensated, h + carry must hold 1.001 m to a
// millionth of the water added (what remains is the rounding of change + carry, ~1e-15 m a step).
TEST(LocalInertialKernels, ContinuityKeepsChangesBelowTheFloatResolution) {
    std::vector<float> h{1.0f}, carry{0.0f}, h_max{0.0f};
    const std::vector<float> inflow{1e-9f}, zero{0.0f};
    for (int step = 0; step < 1000000; ++step)
        continuity(h.data(), carry.data(), inflow.data(), zero.data(), zero.data(), zero.data(), h_max.data(), 1, 1.0f);
    const double exact = 1.0 + 1e6 * static_cast<double>(1e-9f);
    EXPECT_NEAR(static_cast<double>(h[0]) + carry[0], exact, 1e-6 * 1e-3);
    EXPECT_GT(h[0], 1.0f);  // and the depth itself has taken the water up as it accumulated
}

}  // namespace
}  // namespace wn::inertial
