// The flood engine against closed-form solutions (analytic_solutions.hpp): Hunter's wave front, Ritter's and
// Stoker's dam breaks, and rain on an inclined plane (kinematic wave). Every case also checks the volume balance.
//
// The engine solves the local inertial equations (the shallow-water equations without the advection term,
// Bates et al. 2010). Hunter's front is an exact solution of the full equations (with constant velocity the
// advection term cancels the local acceleration), and Ritter and Stoker solve the full equations too; the
// local inertial equations differ from them wherever the Froude number is not small (de Almeida & Bates 2013,
// WRR 49: slower propagation, milder gradients; Cozzolino et al. 2019, AWR 133: wet-dry fronts are shocks).
// So each case asserts against the classic solution what the local inertial equations share with it, with a
// tolerance derived from the difference between the two sets of equations, and asserts the rest against the
// closed-form solution of the local inertial equations themselves, with a tolerance for the discretisation.
//
// The 1D cases run on a single row of cells (the engine is 2D; the north and south edges are closed walls).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "analytic_solutions.hpp"
#include "flood_test_support.hpp"
#include "waternet/hydro/flood_engine.hpp"
#include "waternet/hydro/rain.hpp"

namespace wn {
namespace {

using test::frictional;
using test::quiet_settings;
using test::terrain;

// Depths along a row of the final state, and the x of each cell centre.
struct Profile {
    double dx = 1.0;
    std::vector<double> h;

    Profile(const Grid<float>& depth, index_t row, double cell_size) : dx(cell_size) {
        for (index_t c = 0; c < depth.cols(); ++c) h.push_back(depth(row, c));
    }
    double x(std::size_t i) const { return (static_cast<double>(i) + 0.5) * dx; }
    // The right face of the last cell deeper than `threshold` (0 if none is).
    double front(double threshold) const {
        for (std::size_t i = h.size(); i-- > 0;)
            if (h[i] > threshold) return x(i) + 0.5 * dx;
        return 0.0;
    }
    // Where the depth last falls through `level` going downstream, interpolated between cell centres.
    double crossing(double level) const {
        for (std::size_t i = h.size() - 1; i-- > 0;)
            if (h[i] >= level && h[i + 1] < level) return x(i) + dx * (h[i] - level) / (h[i] - h[i + 1]);
        return 0.0;
    }
    // Mean depth over cell centres in [x0, x1].
    double mean(double x0, double x1) const {
        double sum = 0.0;
        int count = 0;
        for (std::size_t i = 0; i < h.size(); ++i)
            if (x(i) >= x0 && x(i) <= x1) {
                sum += h[i];
                ++count;
            }
        return count > 0 ? sum / count : 0.0;
    }
    // Mean |h - reference(x)| over cell centres in [x0, x1] (an L1 error per metre of channel).
    template <class F>
    double l1(F&& reference, double x0, double x1) const {
        double sum = 0.0;
        int count = 0;
        for (std::size_t i = 0; i < h.size(); ++i)
            if (x(i) >= x0 && x(i) <= x1) {
                sum += std::fabs(h[i] - reference(x(i)));
                ++count;
            }
        return count > 0 ? sum / count : 0.0;
    }
    // Largest |h - reference(x)| / reference(x) over cell centres in [x0, x1].
    template <class F>
    double max_relative(F&& reference, double x0, double x1) const {
        double worst = 0.0;
        for (std::size_t i = 0; i < h.size(); ++i)
            if (x(i) >= x0 && x(i) <= x1) worst = std::max(worst, std::fabs(h[i] / reference(x(i)) - 1.0));
        return worst;
    }
};

// A flat channel of one row, closed everywhere unless the settings say otherwise.
struct Channel {
    Grid<float> z;
    LandCoverTable table;
    double dx;

    Channel(index_t cols, double cell_size, double manning_n)
        : z(terrain(1, cols, [](index_t, index_t) { return 0.0f; })), table(frictional(manning_n)), dx(cell_size) {}

    FloodInputs inputs() const {
        FloodInputs in;
        in.terrain_m = z.view();
        in.cell_size_m = dx;
        in.classes = &table;
        return in;
    }
};

FloodSettings one_row_settings(double duration_s) {
    FloodSettings s = quiet_settings(duration_s);
    return s;
}

// ------------------------------------------------------------------------------------------------ Hunter

// The classic set-up of Hunter et al. (2005), Bates et al. (2010) and de Almeida et al. (2012): u = 1 m/s,
// n = 0.01, one hour, on a 5 km flat plane with 10 m cells.
constexpr double kHunterU = 1.0;
constexpr double kHunterN = 0.01;
constexpr double kHunterT = 3600.0;
constexpr double kHunterDx = 10.0;
constexpr index_t kHunterCols = 500;

// Drives the west edge with depth(x, t) at the centre of the ghost cell outside it (x = -Δx/2): the face flux
// then sees the same depth difference over Δx as it would inside an infinite domain. Levels every 10 s.
template <class F>
FloodResult run_hunter_channel(const Channel& channel, F&& depth) {
    FloodSettings s = one_row_settings(kHunterT);
    s.edges[kWest].kind = EdgeKind::water_level;
    for (double t = 0.0; t <= kHunterT + 10.0; t += 10.0)
        s.edges[kWest].water_level_m.points.emplace_back(t, depth(-0.5 * channel.dx, t));  // z = 0: level = depth
    return run_flood(channel.inputs(), s);
}

// Hunter's depth at the boundary. Where the flow is deep (x <= u t / 2, Fr² = u² / (g h) < 0.15) the local
// inertial depths follow Hunter's within 2 % (measured 1.6 %; 0.7 % for x <= u t / 3, allowed 1 %). The error
// grows towards the front because the local inertial slope is Hunter's divided by (1 - Fr²) (LocalInertialFront):
// the boundary depth that pushes Hunter's front at u pushes the local inertial one more slowly. Its front (first
// 1 cm) lags u t by 8.1 % (8.6 % with 5 m cells, 6.9 % with 25 m: it does not shrink as the cells do); allowed
// 6-12 %. The next test shows that the lag is the equations', not the numerics'. (Should the engine ever gain the
// advection term, the lag should vanish and this test be tightened.)
TEST(FloodAnalytic, HunterFrontOverFrictionalPlane) {
    const Channel channel(kHunterCols, kHunterDx, kHunterN);
    auto hunter = [](double x, double t) { return analytic::hunter_depth(x, t, kHunterU, kHunterN); };
    const FloodResult result = run_hunter_channel(channel, hunter);
    const Profile p(result.final_depth_m, 0, kHunterDx);
    const double ut = kHunterU * kHunterT;
    auto exact = [&](double x) { return hunter(x, kHunterT); };

    const double deep_error = p.max_relative(exact, 0.0, ut / 2.0);
    const double third_error = p.max_relative(exact, 0.0, ut / 3.0);
    const double front = p.front(0.01);
    const double lag = (ut - front) / ut;
    // Hunter's volume per metre of width: the integral of h over 0..u t is (7/10) h(0, t) u t.
    const double volume_exact = 0.7 * hunter(0.0, kHunterT) * ut;
    const double volume = result.balance.final_storage_m3 / kHunterDx;
    std::printf(
        "[ analytic ] Hunter: max |dh|/h %.2f %% (x <= ut/3), %.2f %% (x <= ut/2); front %.0f m vs %.0f m "
        "(lag %.1f %%); volume %.0f m3/m vs %.0f (%+.1f %%); L1 %.4f m; balance %.1e\n",
        100 * third_error, 100 * deep_error, front, ut, 100 * lag, volume, volume_exact,
        100 * (volume / volume_exact - 1.0), p.l1(exact, 0.0, ut), result.balance.relative_error());
    EXPECT_LT(third_error, 0.01);
    EXPECT_LT(deep_error, 0.02);
    EXPECT_GT(lag, 0.06);
    EXPECT_LT(lag, 0.12);
    EXPECT_GT(result.balance.boundary_in_m3, 0.0);
    EXPECT_LT(std::fabs(result.balance.relative_error()), 1e-6);
}

// The same front for the local inertial equations (LocalInertialFront): driven by the boundary depth that makes
// their travelling wave advance at exactly u, the engine must put the front at u t and follow the profile. The
// engine's front is smeared over a few cells ahead of the sharp theoretical shock (+1.7 % of u t at 10 m cells,
// +1.3 % at 5 m; allowed: 0..3 %); behind it the depth matches to 0.5 % (allowed 1 %), and the point where the
// depth falls through 0.3 m, 100 m behind the front, lies within one cell (allowed two).
TEST(FloodAnalytic, LocalInertialFrontAdvancesAtConstantVelocity) {
    const Channel channel(kHunterCols, kHunterDx, kHunterN);
    const analytic::LocalInertialFront wave{kHunterU, kHunterN, analytic::ShockMomentum::conservative};
    const FloodResult result = run_hunter_channel(channel, [&](double x, double t) { return wave.depth(x, t); });
    const Profile p(result.final_depth_m, 0, kHunterDx);
    const double ut = kHunterU * kHunterT;
    auto exact = [&](double x) { return wave.depth(x, kHunterT); };

    // Where the exact profile passes 0.3 m.
    const double x_exact = analytic::bisect([&](double x) { return exact(x) - 0.3; }, 0.0, ut - 1e-9);
    const double x_engine = p.crossing(0.3);
    const double profile_error = p.max_relative(exact, 0.0, 0.9 * ut);
    const double lead = (p.front(0.01) - ut) / ut;
    std::printf(
        "[ analytic ] local inertial front: max |dh|/h %.2f %% (x <= 0.9 ut); h = 0.3 m at %.1f m vs %.1f m; "
        "front %+.1f %% of ut; L1 %.4f m; balance %.1e\n",
        100 * profile_error, x_engine, x_exact, 100 * lead, p.l1(exact, 0.0, ut), result.balance.relative_error());
    EXPECT_LT(profile_error, 0.01);
    EXPECT_NEAR(x_engine, x_exact, 2.0 * kHunterDx);
    EXPECT_GE(lead, 0.0);
    EXPECT_LT(lead, 0.03);
    EXPECT_LT(std::fabs(result.balance.relative_error()), 1e-6);
}

// ------------------------------------------------------------------------------------------------ dam breaks

struct DamBreakRun {
    FloodResult result;
    Profile profile;
};

// A dam at x0 in a closed channel of `cols` cells of `dx`, h_l upstream and h_r downstream, after `t` seconds.
// n = 1e-4 stands for the frictionless bed of the solutions (the land-cover table needs n > 0).
DamBreakRun run_dam_break(index_t cols, double dx, double x0, double h_l, double h_r, double t) {
    const Channel channel(cols, dx, 1e-4);
    const Grid<float> initial = terrain(1, cols, [&](index_t, index_t c) {
        return static_cast<float>((static_cast<double>(c) + 0.5) * dx < x0 ? h_l : h_r);
    });
    FloodInputs in = channel.inputs();
    in.initial_depth_m = initial.view();
    FloodResult result = run_flood(in, one_row_settings(t));
    Profile profile(result.final_depth_m, 0, dx);
    return {std::move(result), std::move(profile)};
}

// Mean |a(x) - b(x)| over the cell centres of `p` in [x0, x1]: the distance between two closed forms, on the
// same cells as the engine's error is measured.
template <class A, class B>
double mean_difference(const Profile& p, A&& a, B&& b, double x0, double x1) {
    double sum = 0.0;
    int count = 0;
    for (std::size_t i = 0; i < p.h.size(); ++i)
        if (p.x(i) >= x0 && p.x(i) <= x1) {
            sum += std::fabs(a(p.x(i)) - b(p.x(i)));
            ++count;
        }
    return count > 0 ? sum / count : 0.0;
}

// Ritter: h0 = 1 m behind a dam at x0 = 200 m, 40 s after its removal, 1 m cells. What the local inertial
// equations share with Ritter's solution: the still water upstream and the rarefaction head, which moves into
// still water at -c0 in both (u = 0 there); and, the domain being closed, every cubic metre. What they do not:
// without advection their rarefaction moves at -sqrt(g h) instead of u - sqrt(g h) (three times steeper at its
// head), and the dry front is a shock (Cozzolino et al. 2019), so the depth at the dam site is 0.54-0.62 h0
// instead of 4/9 h0, and the front advances at 0.56-0.74 c0 instead of 2 c0 (LocalInertialDamBreak). Those are
// asserted against the local inertial solution: the engine's front is one cell sharp, so it follows the
// deeper-side jump condition (measured: dam depth +2.7 %, front 2.3 m = 2.5 % of its travel behind; allowed
// 5 % each) and lies between the two jump conditions.
TEST(FloodAnalytic, RitterDryDamBreak) {
    const double h0 = 1.0, x0 = 200.0, t = 40.0, dx = 1.0;
    const DamBreakRun run = run_dam_break(600, dx, x0, h0, 0.0, t);
    const Profile& p = run.profile;
    const analytic::RitterDamBreak ritter{h0, x0};
    const analytic::LocalInertialDamBreak sharp(h0, 0.0, x0, analytic::ShockMomentum::deeper_side);
    const analytic::LocalInertialDamBreak weak(h0, 0.0, x0, analytic::ShockMomentum::conservative);
    const VolumeBalance& b = run.result.balance;

    // Still water upstream of the rarefaction head. The scheme's diffusion (θ = 0.9) rounds the head's corner
    // over about 15 cells (12 % of c0 t), so the margin is 15 % of c0 t.
    const double head = ritter.rarefaction_head(t);
    double still_error = 0.0;
    for (std::size_t i = 0; p.x(i) < head - 0.15 * ritter.c0() * t; ++i)
        still_error = std::max(still_error, std::fabs(p.h[i] - h0));
    // The head: where the depth has fallen by 1 %. Ritter puts that 1.9 m, the local inertial solution 0.6 m
    // downstream of x0 - c0 t; the rounded corner moves it upstream by a few cells.
    const double head_engine = p.crossing(0.99 * h0);
    // The depth at the dam site (the cell holding x0) and the front (first 1 cm).
    const double dam_depth = p.h[static_cast<std::size_t>(x0 / dx)];
    const double front = p.front(0.01 * h0);
    const double travel_sharp = sharp.shock(t) - x0;
    auto depth_sharp = [&](double x) { return sharp.depth(x, t); };
    auto depth_ritter = [&](double x) { return ritter.depth(x, t); };
    const double reach_begin = head - 20.0, reach_end = ritter.front(t) + 20.0;
    const double l1_sharp = p.l1(depth_sharp, reach_begin, reach_end);
    std::printf(
        "[ analytic ] Ritter: still water max |dh| %.1e m; head %.1f m vs %.1f m; dam depth %.4f m (Ritter "
        "%.4f, %+.0f %%; local inertial %.4f..%.4f); front %.1f m (Ritter %.1f, local inertial %.1f..%.1f); "
        "mean |dh| %.4f m vs Ritter (local inertial theory: %.4f), %.4f m vs local inertial; balance %.1e\n",
        still_error, head_engine, head, dam_depth, ritter.depth(x0, t), 100 * (dam_depth / ritter.depth(x0, t) - 1.0),
        sharp.h_m, weak.h_m, front, ritter.front(t), weak.shock(t), sharp.shock(t),
        p.l1(depth_ritter, reach_begin, reach_end),
        mean_difference(p, depth_sharp, depth_ritter, reach_begin, reach_end), l1_sharp, b.relative_error());

    // Shared with Ritter.
    EXPECT_LT(still_error, 1e-4);
    EXPECT_NEAR(head_engine, head, 8.0 * dx);
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
    EXPECT_NEAR(b.final_storage_m3, b.initial_storage_m3, 1e-6 * b.initial_storage_m3);
    EXPECT_EQ(b.boundary_in_m3 + b.boundary_out_m3, 0.0);
    // The local inertial solution. Between its two jump conditions (sharp and weak) the engine's numerical
    // diffusion (θ, applied once per step) decides where it lands: 2-5 % from the sharp solution (measured with
    // the Bates time step: dam depth +2.7 %, front 2.5 % of its travel behind), so the bounds are the two
    // solutions plus 8 %.
    EXPECT_GT(dam_depth, sharp.h_m - 0.01);
    EXPECT_LT(dam_depth, weak.h_m + 0.01);
    EXPECT_NEAR(front, sharp.shock(t), 0.08 * travel_sharp);
    EXPECT_GT(front, weak.shock(t));
    EXPECT_LT(l1_sharp, 0.025);
}

// Stoker: h_l = 1 m, h_r = 0.5 m, dam at x0 = 200 m, 40 s, 1 m cells. The Froude number stays low (0.35 on
// Stoker's plateau) and the local inertial solution is close to Stoker's: its plateau is 6.0 % (conservative
// jump) or 4.4 % (deeper-side jump) deeper, its bore 15.6 % or 7.7 % slower, and its mean distance from
// Stoker's profile over the disturbed reach is 0.054 m or 0.041 m. Asserted against Stoker: the plateau within
// 7 %, the bore within 20 % of the distance it travels, the mean |h - h_Stoker| within 0.06 m. Against the local
// inertial solution (the engine's bore is spread over a few cells, so its jump lies between the two
// conditions): the plateau within 1 % of the conservative one, the bore between the two with a cell of margin,
// the mean |h - h_LI| within 0.015 m (measured 0.0096 m, mostly the smeared bore and rarefaction corners).
TEST(FloodAnalytic, StokerWetDamBreak) {
    const double h_l = 1.0, h_r = 0.5, x0 = 200.0, t = 40.0, dx = 1.0;
    const DamBreakRun run = run_dam_break(500, dx, x0, h_l, h_r, t);
    const Profile& p = run.profile;
    const analytic::StokerDamBreak stoker(h_l, h_r, x0);
    const analytic::LocalInertialDamBreak weak(h_l, h_r, x0, analytic::ShockMomentum::conservative);
    const analytic::LocalInertialDamBreak sharp(h_l, h_r, x0, analytic::ShockMomentum::deeper_side);
    const VolumeBalance& b = run.result.balance;

    // The plateau where both solutions have it: ξ in [-1, 2] m/s (Stoker's spans -1.75..2.96, the local
    // inertial one -2.75..2.50).
    const double plateau = p.mean(x0 - 1.0 * t, x0 + 2.0 * t);
    const double bore = p.crossing(0.5 * (weak.h_m + h_r));
    const double travel = stoker.shock(t) - x0;
    const double reach_begin = x0 - stoker.c_l() * t - 20.0, reach_end = stoker.shock(t) + 20.0;
    auto depth_stoker = [&](double x) { return stoker.depth(x, t); };
    auto depth_weak = [&](double x) { return weak.depth(x, t); };
    const double l1_stoker = p.l1(depth_stoker, reach_begin, reach_end);
    const double l1_local = p.l1(depth_weak, reach_begin, reach_end);
    std::printf(
        "[ analytic ] Stoker: plateau %.4f m (Stoker %.4f, %+.1f %%; local inertial %.4f..%.4f); bore %.1f m "
        "(Stoker %.1f, %+.1f %% of travel; local inertial %.1f..%.1f); mean |dh| %.4f m vs Stoker (local "
        "inertial theory: %.4f), %.4f m vs local inertial; balance %.1e\n",
        plateau, stoker.h_m(), 100 * (plateau / stoker.h_m() - 1.0), sharp.h_m, weak.h_m, bore, stoker.shock(t),
        100 * (bore - stoker.shock(t)) / travel, weak.shock(t), sharp.shock(t), l1_stoker,
        mean_difference(p, depth_weak, depth_stoker, reach_begin, reach_end), l1_local, b.relative_error());

    EXPECT_NEAR(plateau, stoker.h_m(), 0.07 * stoker.h_m());
    EXPECT_NEAR(bore, stoker.shock(t), 0.20 * travel);
    EXPECT_LT(l1_stoker, 0.06);
    EXPECT_NEAR(plateau, weak.h_m, 0.01 * weak.h_m);
    EXPECT_GT(bore, weak.shock(t) - dx);
    EXPECT_LT(bore, sharp.shock(t) + dx);
    EXPECT_LT(l1_local, 0.015);
    EXPECT_LT(std::fabs(b.relative_error()), 1e-6);
    EXPECT_NEAR(b.final_storage_m3, b.initial_storage_m3, 1e-6 * b.initial_storage_m3);
}

// ------------------------------------------------------------------------------------------------ rain on a plane

// A plane of L = 200 m sloping 1 % east (2 m cells, 4 rows), Manning n = 0.05 (grass), 60 mm/h of rain, draining
// over a free-outflow east edge, the other edges closed. Kinematic wave: t_c = 1292 s, equilibrium depth at the
// outlet 21.5 mm, Froude number 0.34 there (well inside the range where the local inertial equations hold).
struct RainPlane {
    static constexpr double kLength = 200.0;
    static constexpr double kDx = 2.0;
    static constexpr index_t kRows = 4;
    static constexpr index_t kCols = 100;
    static constexpr double kSlope = 0.01;
    static constexpr double kManning = 0.05;
    static constexpr double kRainMmPerH = 60.0;

    static double rain_m_per_s() { return kRainMmPerH * 1e-3 / 3600.0; }
    static double time_of_concentration() {
        return analytic::kinematic_time_of_concentration(kLength, kManning, kSlope, rain_m_per_s());
    }

    static FloodResult run(double duration_s, double cfl_alpha) {
        const Grid<float> z = terrain(kRows, kCols, [](index_t, index_t c) {
            return static_cast<float>(kSlope * (kLength - (static_cast<double>(c) + 0.5) * kDx));
        });
        const LandCoverTable table = frictional(kManning);
        const RainSeries rain = constant_rain(kRainMmPerH, duration_s);
        FloodInputs in;
        in.terrain_m = z.view();
        in.cell_size_m = kDx;
        in.classes = &table;
        in.rain = &rain;
        FloodSettings s = quiet_settings(duration_s);
        s.cfl_alpha = cfl_alpha;
        s.edges[kEast].kind = EdgeKind::free_outflow;
        return run_flood(in, s);
    }
};

// After four times t_c the plane is at equilibrium: over a further 600 s the outflow must equal the rain on
// the plane (allowed 2 %), the depth at the outlet the kinematic h(L) = (i L n / sqrt S)^(3/5) (allowed 3 %:
// the free-outflow edge takes the normal depth with the water-surface slope, which differs from the bed slope
// by dh/dx ~ h / L, i.e. 0.01 % here), and the depth along the plane the kinematic profile where it is not
// shallow, x >= L/4 (allowed 3 %: near the divide the depth gradient, which the kinematic wave neglects, is
// largest). Both runs must balance their volumes.
void check_rain_on_plane(double cfl_alpha) {
    const double i = RainPlane::rain_m_per_s();
    const double t1 = 4.0 * RainPlane::time_of_concentration(), dt = 600.0;
    const FloodResult first = RainPlane::run(t1, cfl_alpha);
    const FloodResult second = RainPlane::run(t1 + dt, cfl_alpha);
    const double area = RainPlane::kLength * RainPlane::kDx * RainPlane::kRows;
    const double outflow = (second.balance.boundary_out_m3 - first.balance.boundary_out_m3) / dt;
    const double rain = i * area;
    const Profile p(second.final_depth_m, 0, RainPlane::kDx);
    auto kinematic = [&](double x) {
        return analytic::kinematic_equilibrium_depth(x, RainPlane::kManning, RainPlane::kSlope, i);
    };
    const double outlet = p.h.back(), outlet_exact = kinematic(RainPlane::kLength);
    const double profile_error = p.max_relative(kinematic, 0.25 * RainPlane::kLength, RainPlane::kLength);
    std::printf(
        "[ analytic ] rain on a plane (alpha %.2f): t_c %.0f s; outflow %.5f m3/s vs rain %.5f m3/s "
        "(%+.2f %%); outlet depth %.5f m vs %.5f m (%+.2f %%); max |dh|/h %.2f %% for x >= L/4; balance "
        "%.1e, %.1e\n",
        cfl_alpha, RainPlane::time_of_concentration(), outflow, rain, 100 * (outflow / rain - 1.0), outlet,
        outlet_exact, 100 * (outlet / outlet_exact - 1.0), 100 * profile_error, first.balance.relative_error(),
        second.balance.relative_error());
    // The plane is uniform across: every row the same.
    for (index_t r = 1; r < RainPlane::kRows; ++r)
        for (index_t c = 0; c < RainPlane::kCols; ++c)
            ASSERT_EQ(second.final_depth_m(r, c), second.final_depth_m(0, c)) << "row " << r << ", column " << c;
    EXPECT_NEAR(outflow, rain, 0.02 * rain);
    EXPECT_NEAR(outlet, outlet_exact, 0.03 * outlet_exact);
    EXPECT_LT(profile_error, 0.03);
    EXPECT_LT(std::fabs(first.balance.relative_error()), 1e-6);
    EXPECT_LT(std::fabs(second.balance.relative_error()), 1e-6);
}

// With the default settings. With the semi-implicit friction of Bates et al. (2010) (|q| of the old step) and
// their time step (Δt = α Δx / sqrt(g h_max), α = 0.7) the downstream fifth of this plane oscillated for good (a
// cell's depth swung by up to ~80 % over the last 1500 s; max |dh|/h 46 %) although the Froude number is only
// 0.34: at 2 cm of water and n = 0.05 the friction number g Δt n² |q| / h^(7/3) is about 2, where the
// semi-implicit friction term flips between over- and undershoot (local_inertial.hpp). The engine then added the
// flow speed to the time step (Δt = α Δx / (|u| + sqrt(g h)), 25 % shorter steps here, 35-45 % more steps on
// real runs); it now solves the friction implicitly and keeps Bates' step, and this test guards that.
TEST(FloodAnalytic, KinematicRainOnInclinedPlane) { check_rain_on_plane(FloodSettings{}.cfl_alpha); }

// The same plane with half the default time step, where the scheme is stable. The volume balance here depends on
// how the engine adds rain to its float depths: formed as float(h + r) but booked as r, a uniform r rounds the
// same way in every cell of a binade, step after step, and the balance of this run was off by 8.9e-6 (engine at
// commits fdc9dac and 37a7a23); carrying the rounding remainder to the next exchange brought it to -5e-7, and
// compensating every depth update (the continuity kernel's carry) to below 1e-9.
TEST(FloodAnalytic, KinematicRainOnInclinedPlaneAtHalfTimeStep) { check_rain_on_plane(0.35); }

}  // namespace
}  // namespace wn
