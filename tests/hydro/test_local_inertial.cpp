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
    // Water level 1.2 m west, 1.0 m east, bed 0 and 0.1 m: h_f = 1.2 - 0.1 = 1.1 m; θ = 1.
    const StepParams p{0.5f, 2.0f, 0.5f, 1.0f, 1e-4f};
    const double g = 9.81, dt = 0.5, dx = 2.0, n = 0.03, q0 = 0.2, hf = 1.1;
    const double expected = (q0 - g * hf * dt * (1.0 - 1.2) / dx) / (1.0 + g * dt * n * n * q0 / std::pow(hf, 7.0 / 3.0));
    const float q = face_discharge(0.0f, 1.2f, 0.03f, 0.1f, 0.9f, 0.03f, 0.2f, 0.2f, p);
    EXPECT_NEAR(q, expected, 1e-6 * std::fabs(expected));
    // A dry face (flow depth below the threshold) carries nothing, whatever the gradient.
    EXPECT_EQ(face_discharge(0.0f, 0.00005f, 0.03f, -1.0f, 0.0f, 0.03f, 0.0f, 0.0f, p), 0.0f);
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
    const RowExtremes e = continuity(h.data(), carry.data(), qx.data(), qx.data() + 1, zero.data(), zero.data(), h_max.data(), 3,
                                     0.5f, 0.01f);
    EXPECT_NEAR(h[0] + h[1] + h[2], 0.6f, 1e-6f);
    EXPECT_NEAR(h[0], 0.3f - 0.5f * 0.04f, 1e-7f);
    EXPECT_NEAR(h[2], 0.1f + 0.5f * 0.02f, 1e-7f);
    EXPECT_FLOAT_EQ(e.depth_m, h[0]);
    EXPECT_EQ(h_max[1], h[1]);
    // Speeds: cell 0 (0 + 0.04)/2 / 0.28, cell 1 (0.04 + 0.02)/2 / 0.21 (the largest), cell 2 0.01 / 0.11.
    EXPECT_NEAR(e.speed_m_per_s, 0.03f / h[1], 1e-6f);
}

}  // namespace
}  // namespace wn::inertial
