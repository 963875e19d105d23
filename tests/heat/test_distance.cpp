// The exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012) against brute force.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "waternet/core/error.hpp"
#include "waternet/heat/distance.hpp"

namespace wn::heat {
namespace {

TEST(DistanceTransform, EqualsBruteForceOnRandomGrids) {
    std::mt19937 rng(42);
    for (const double density : {0.002, 0.02, 0.2}) {
        std::bernoulli_distribution feature(density);
        Grid<std::uint8_t> f(37, 53, 0);
        for (auto& x : f.values()) x = feature(rng);
        f(36, 52) = 1;  // at least one
        const Grid<float> d = distance_to_features_m(std::as_const(f).view(), 0.5);
        for (index_t r = 0; r < 37; ++r)
            for (index_t c = 0; c < 53; ++c) {
                double best = std::numeric_limits<double>::infinity();
                for (index_t rr = 0; rr < 37; ++rr)
                    for (index_t cc = 0; cc < 53; ++cc)
                        if (f(rr, cc)) best = std::min(best, std::hypot(double(rr - r), double(cc - c)));
                ASSERT_NEAR(d(r, c), best * 0.5, 1e-4) << density << " at " << r << "," << c;
            }
    }
}

TEST(DistanceTransform, HandCaseAndNoFeatures) {
    Grid<std::uint8_t> f(5, 5, 0);
    f(0, 0) = 1;
    const Grid<float> d = distance_to_features_m(std::as_const(f).view(), 2.0);
    EXPECT_FLOAT_EQ(d(0, 0), 0.0f);
    EXPECT_FLOAT_EQ(d(3, 4), 10.0f);  // 2 m · √(3² + 4²)
    EXPECT_FLOAT_EQ(d(4, 4), static_cast<float>(2.0 * std::sqrt(32.0)));
    const Grid<std::uint8_t> none(4, 4, 0);
    const Grid<float> inf = distance_to_features_m(none.view(), 1.0);
    EXPECT_TRUE(std::isinf(inf(2, 2)));
    EXPECT_THROW(distance_to_features_m(none.view(), 0.0), InputError);
}

}  // namespace
}  // namespace wn::heat
