// The flood kernels' two compiled variants (x86-64-v3 with AVX2/FMA, and the x86-64 baseline) must give
// bit-identical results, so that a run's maps do not depend on the machine it ran on. The variants differ in
// vector width and instruction set; they round differently only if the compiler fuses a*b+c into an FMA in the
// AVX2 variant, which -ffp-contract=off (src/CMakeLists.txt) forbids. Each test runs the same work through both
// and compares the bits. On a processor without AVX2/FMA only the baseline can run and the tests are skipped.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <vector>

#include "flood_test_support.hpp"
#include "waternet/hydro/flood_engine.hpp"
#include "waternet/hydro/local_inertial.hpp"

namespace wn {
namespace {

using inertial::KernelVariant;

// Runs `work` once with each variant and restores the variant in use before.
template <class F>
auto with_both_variants(F&& work) {
    const KernelVariant before = inertial::kernel_variant();
    inertial::use_kernel_variant(KernelVariant::avx2);
    auto avx2 = work();
    inertial::use_kernel_variant(KernelVariant::baseline);
    auto baseline = work();
    inertial::use_kernel_variant(before);
    return std::make_pair(std::move(avx2), std::move(baseline));
}

#define SKIP_WITHOUT_AVX2()                                                                                       \
    if (!inertial::avx2_kernels_supported())                                                                      \
    GTEST_SKIP() << "this processor has no x86-64-v3 (AVX2, FMA): only the baseline kernels can run, nothing to " \
                    "compare"

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool same_bits(const Grid<float>& a, const Grid<float>& b) { return same_bits(a.values(), b.values()); }

// Plausible random rows: terrain 8-9 m, depths 0-1.5 m with a quarter dry, discharges ±0.5 m²/s; 1003 entries so
// that every variant's vector loop has a scalar tail.
struct Rows {
    static constexpr index_t kCount = 1003;
    std::vector<float> z, h, n, q, q2, s;
    Rows() {
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> terrain(8.0f, 9.0f), depth(0.0f, 1.5f), flux(-0.5f, 0.5f),
            unit(0.0f, 1.0f);
        for (index_t i = 0; i < kCount + 2; ++i) {
            z.push_back(terrain(rng));
            h.push_back(unit(rng) < 0.25f ? 0.0f : depth(rng));
            n.push_back(unit(rng) < 0.5f ? 0.015f : 0.06f);
            q.push_back(flux(rng));
            q2.push_back(flux(rng));
            s.push_back(unit(rng) < 0.3f ? unit(rng) : 1.0f);
        }
    }
};

TEST(KernelVariants, EveryKernelGivesTheSameBits) {
    SKIP_WITHOUT_AVX2();
    const Rows d;
    const index_t count = Rows::kCount;
    const inertial::StepParams p{0.37f, 2.0f, 0.5f, 0.9f, 1e-4f};
    const auto [avx2, baseline] = with_both_variants([&] {
        std::vector<std::vector<float>> out;
        std::vector<float> q_new(count);
        inertial::momentum({d.z.data(), d.h.data(), d.n.data(), d.z.data() + 1, d.h.data() + 1, d.n.data() + 1,
                            d.q.data(), d.q.data() + 1, d.q.data() + 2, q_new.data(), count},
                           p);
        out.push_back(q_new);
        std::vector<float> s(count);
        inertial::outflow_scale(d.h.data(), d.q.data(), d.q.data() + 1, d.q2.data(), d.q2.data() + 1, s.data(), count,
                                0.37f / 2.0f);
        out.push_back(s);
        std::vector<float> eff(count);
        inertial::effective_flux(d.q.data(), d.s.data(), d.s.data() + 1, eff.data(), count);
        out.push_back(eff);
        std::vector<float> h(d.h.begin(), d.h.end() - 2), carry(count, 0.0f), h_max(count, 0.0f);
        for (int step = 0; step < 20; ++step)  // the compensated update, repeated: carries must agree too
            out.push_back({inertial::continuity(h.data(), carry.data(), d.q.data(), d.q.data() + 1, d.q2.data(),
                                                d.q2.data() + 1, h_max.data(), count, 1e-3f)});
        out.push_back(h);
        out.push_back(carry);
        std::vector<float> v_max(count), hazard(count), tracked_h(count), arrival(count, 1e30f);
        out.push_back({inertial::track_maxima({d.h.data(), d.q.data(), d.q.data() + 1, d.q2.data(), d.q2.data() + 1,
                                               v_max.data(), hazard.data(), tracked_h.data(), arrival.data(), count},
                                              0.01f, 0.1f, 42.0f)});
        out.push_back(v_max);
        out.push_back(hazard);
        out.push_back(arrival);
        std::vector<float> duration(count, 1.5f);
        inertial::track_duration(d.h.data(), duration.data(), count, 0.2f, 5.0f);
        out.push_back(duration);
        return out;
    });
    ASSERT_EQ(avx2.size(), baseline.size());
    for (std::size_t k = 0; k < avx2.size(); ++k) EXPECT_TRUE(same_bits(avx2[k], baseline[k])) << "output " << k;
}

// The whole engine: a bumpy basin with rain on every kind of land cover (losses, a building), an edge inflow and
// free edges, two threads: every map and the balance bit for bit.
TEST(KernelVariants, FloodRunGivesTheSameMaps) {
    SKIP_WITHOUT_AVX2();
    const index_t rows = 40, cols = 50;
    const Grid<float> z = test::terrain(rows, cols, [](index_t r, index_t c) {
        return static_cast<float>(0.4 * std::sin(0.31 * c) * std::cos(0.23 * r) + 0.01 * c);
    });
    Grid<std::uint8_t> cover(rows, cols, kGrass);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) cover(r, c) = c < 15 ? kPaved : (r > 30 ? kTrees : kGrass);
    for (index_t r = 12; r < 17; ++r)
        for (index_t c = 20; c < 26; ++c) cover(r, c) = kBuilding;
    const LandCoverTable table = LandCoverTable::defaults();
    const RainSeries rain = constant_rain(80.0, 900.0);
    FloodInputs in;
    in.terrain_m = z.view();
    in.land_cover = cover.view();
    in.classes = &table;
    in.rain = &rain;
    in.edge_inflows.push_back({"ditch", kNorth, 30, 33, TimeSeries{{{0.0, 0.0}, {300.0, 2.0}, {1200.0, 0.5}}}});
    FloodSettings s = test::quiet_settings(1200.0);
    for (EdgeCondition& e : s.edges) e.kind = EdgeKind::free_outflow;
    s.edges[kNorth].kind = EdgeKind::closed;
    const auto [avx2, baseline] = with_both_variants([&] { return run_flood(in, s, {}, {.threads = 2}); });
    EXPECT_TRUE(same_bits(avx2.final_depth_m, baseline.final_depth_m));
    EXPECT_TRUE(same_bits(avx2.max_depth_m, baseline.max_depth_m));
    EXPECT_TRUE(same_bits(avx2.max_velocity_m_per_s, baseline.max_velocity_m_per_s));
    EXPECT_TRUE(same_bits(avx2.max_hazard, baseline.max_hazard));
    EXPECT_TRUE(same_bits(avx2.arrival_time_s, baseline.arrival_time_s));
    for (std::size_t k = 0; k < avx2.duration_above_s.size(); ++k)
        EXPECT_TRUE(same_bits(avx2.duration_above_s[k], baseline.duration_above_s[k])) << "threshold " << k;
    EXPECT_EQ(avx2.steps, baseline.steps);
    EXPECT_EQ(avx2.balance.boundary_out_m3, baseline.balance.boundary_out_m3);
    EXPECT_EQ(avx2.balance.final_storage_m3, baseline.balance.final_storage_m3);
    EXPECT_GT(avx2.balance.boundary_out_m3, 0.0);  // water moved over the free edges: a run worth comparing
}

TEST(KernelVariants, TheAvx2VariantIsRefusedWhereItCannotRun) {
    if (inertial::avx2_kernels_supported()) {
        const KernelVariant before = inertial::kernel_variant();
        EXPECT_NO_THROW(inertial::use_kernel_variant(KernelVariant::avx2));
        EXPECT_EQ(inertial::kernel_variant(), KernelVariant::avx2);
        inertial::use_kernel_variant(before);
    } else {
        EXPECT_THROW(inertial::use_kernel_variant(KernelVariant::avx2), std::logic_error);
        EXPECT_EQ(inertial::kernel_variant(), KernelVariant::baseline);
    }
}

}  // namespace
}  // namespace wn
