// Closed-form solutions of shallow-water problems, for checking the flood engine against them.
//
// Written from the literature cited at each function; all in SI units with g = 9.81 m/s² (as in the engine).
// x is the distance along the flow direction (m), t the time since the start (s), depths in m.
#pragma once

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wn::analytic {

inline constexpr double kG = 9.81;

// Bisection for a root of f in [lo, hi] (f(lo) and f(hi) of opposite sign) to machine precision.
template <class F>
double bisect(F&& f, double lo, double hi) {
    double f_lo = f(lo);
    if (f_lo * f(hi) > 0.0) throw std::logic_error("bisect: the root is not bracketed");
    for (int i = 0; i < 200 && hi - lo > 1e-15 * std::max(1.0, std::fabs(hi)); ++i) {
        const double mid = 0.5 * (lo + hi);
        const double f_mid = f(mid);
        if ((f_mid < 0.0) == (f_lo < 0.0)) {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    return 0.5 * (lo + hi);
}

// ------------------------------------------------------------------------------------------------------------
// Hunter, Horritt, Bates, Wilson & Werner (2005), "An adaptive time step solution for raster-based storage cell
// modelling of floodplain inundation", Advances in Water Resources 28, 975-991; used again as the first test
// of Bates, Horritt & Fewtrell (2010, J. Hydrology 387) and de Almeida, Bates, Freer & Souvignet (2012, WRR 48).
//
// A front advancing at constant velocity u over a flat bed with Manning roughness n. Neglecting inertia, the
// water-surface slope balances friction, -dh/dx = n² u² / h^(4/3), and with u constant continuity becomes
// h_t + u h_x = 0, so h depends on (u t - x) only:
//     h(x, t) = [ (7/3) n² u² (u t - x) ]^(3/7)   for x < u t,   0 beyond (the front is at x = u t).
inline double hunter_depth(double x, double t, double u, double manning_n) {
    const double behind_front = u * t - x;
    if (behind_front <= 0.0) return 0.0;
    return std::pow(7.0 / 3.0 * manning_n * manning_n * u * u * behind_front, 3.0 / 7.0);
}

// The distance behind the front at which the Hunter profile has depth h (the inverse of the above).
inline double hunter_distance_behind_front(double h, double u, double manning_n) {
    return std::pow(h, 7.0 / 3.0) / (7.0 / 3.0 * manning_n * manning_n * u * u);
}

// ------------------------------------------------------------------------------------------------------------
// Ritter (1892), "Die Fortpflanzung der Wasserwellen", Zeitschrift des Vereines Deutscher Ingenieure 36,
// 947-954: the instantaneous removal of a dam at x0 holding depth h0 over a dry, horizontal, frictionless bed
// (full shallow-water equations). With c0 = sqrt(g h0) and ξ = (x - x0) / t:
//     h = h0                        for ξ <= -c0         (undisturbed; the rarefaction head moves upstream at c0)
//     h = (2 c0 - ξ)² / (9 g)       for -c0 < ξ < 2 c0   (the depth at the dam site is 4 h0 / 9)
//     h = 0                         for ξ >= 2 c0        (the dry front)
// The same formulas as in SWASHES, Delestre et al. (2013), Int. J. Numer. Meth. Fluids 72, 269-300, §4.1.2.
struct RitterDamBreak {
    double h0 = 1.0;
    double x0 = 0.0;

    double c0() const { return std::sqrt(kG * h0); }
    double depth(double x, double t) const {
        const double c = c0();
        if (t <= 0.0) return x <= x0 ? h0 : 0.0;
        const double xi = (x - x0) / t;
        if (xi <= -c) return h0;
        if (xi >= 2.0 * c) return 0.0;
        return (2.0 * c - xi) * (2.0 * c - xi) / (9.0 * kG);
    }
    double velocity(double x, double t) const {
        const double c = c0();
        const double xi = (x - x0) / t;
        if (xi <= -c || xi >= 2.0 * c) return 0.0;
        return 2.0 / 3.0 * (c + xi);
    }
    double front(double t) const { return x0 + 2.0 * c0() * t; }
    double rarefaction_head(double t) const { return x0 - c0() * t; }
};

// ------------------------------------------------------------------------------------------------------------
// Stoker (1957), "Water Waves: The Mathematical Theory with Applications", Interscience: the dam break over a wet bed, h_l upstream of x0 and
// 0 < h_r < h_l downstream, horizontal and frictionless (full shallow-water equations). A rarefaction moves
// upstream, a plateau of depth h_m = c_m² / g and velocity u_m = 2 (c_l - c_m) follows, and a bore (shock)
// runs into the still water. c_m solves, as written in SWASHES (Delestre et al. 2013, IJNMF 72, §4.1.1),
//     -8 g h_r c_m² (c_l - c_m)² + (c_m² - g h_r)² (c_m² + g h_r) = 0,   c_l = sqrt(g h_l),
// the root in (sqrt(g h_r), c_l). Then with ξ = (x - x0) / t:
//     h = h_l                       for ξ <= -c_l
//     h = (2 c_l - ξ)² / (9 g)      for -c_l < ξ <= u_m - c_m
//     h = h_m                       for u_m - c_m < ξ < s,   s = 2 c_m² (c_l - c_m) / (c_m² - g h_r)
//     h = h_r                       for ξ >= s
// (s is the bore speed; it satisfies the Rankine-Hugoniot conditions s (h_m - h_r) = h_m u_m.)
struct StokerDamBreak {
    double h_l = 1.0;
    double h_r = 0.5;
    double x0 = 0.0;
    double c_m = 0.0;

    StokerDamBreak(double left, double right, double dam) : h_l(left), h_r(right), x0(dam) {
        const double c_l = std::sqrt(kG * h_l);
        const double ghr = kG * h_r;
        c_m = bisect(
            [&](double c) {
                const double a = c * c - ghr;
                return -8.0 * ghr * c * c * (c_l - c) * (c_l - c) + a * a * (c * c + ghr);
            },
            std::sqrt(ghr), c_l);
    }
    double c_l() const { return std::sqrt(kG * h_l); }
    double h_m() const { return c_m * c_m / kG; }
    double u_m() const { return 2.0 * (c_l() - c_m); }
    double shock_speed() const { return 2.0 * c_m * c_m * (c_l() - c_m) / (c_m * c_m - kG * h_r); }
    double shock(double t) const { return x0 + shock_speed() * t; }
    double depth(double x, double t) const {
        if (t <= 0.0) return x <= x0 ? h_l : h_r;
        const double xi = (x - x0) / t;
        if (xi <= -c_l()) return h_l;
        if (xi <= u_m() - c_m) return (2.0 * c_l() - xi) * (2.0 * c_l() - xi) / (9.0 * kG);
        if (xi < shock_speed()) return h_m();
        return h_r;
    }
};

// ------------------------------------------------------------------------------------------------------------
// The local inertial equations themselves (what the engine solves): the shallow-water equations without the
// advection term (hu²)_x. On a flat bed
//     h_t + q_x = 0,    q_t + g h h_x = -g n² |q| q / h^(7/3),
// a hyperbolic system with characteristic speeds ±sqrt(g h) instead of u ± sqrt(g h). Cozzolino, Cimorelli,
// Della Morte, Pugliano, Piscopo & Pianese (2019), "Flood propagation modeling with the Local Inertia
// Approximation: theoretical and numerical analysis of its physical limitations", Advances in Water Resources
// (arXiv:1904.12564), solve its Riemann problem exactly and show that a moving wet-dry front is
// always a shock, never the continuous tip of the shallow-water equations. Hence the closed forms below.
//
// How much momentum a shock carries depends on the discretisation. In conservation form (frictionless) the
// momentum jump is g (h_m² - h_r²) / 2 (Cozzolino et al.). The Bates et al. (2010) scheme takes the flow depth
// at a face as max(η) - max(z), i.e. the deeper side on a flat bed, so across a jump that is one cell wide
// (always the case at a wet-dry front) the pressure impulse is g h_m (h_m - h_r) instead. That second jump
// condition is our reading of the discrete scheme, not a published result; the engine's wet-dry fronts follow
// it, its bores (spread over a few cells) lie between the two.
enum class ShockMomentum {
    conservative,  // s q_m = g (h_m² - h_r²) / 2  (the weak solution of the PDE)
    deeper_side,   // s q_m = g h_m (h_m - h_r)    (the scheme's face depth across a sharp jump)
};

// The dam break (h_l > h_r >= 0, at rest on both sides, frictionless) for the local inertial equations:
//   * a rarefaction of the first family, along which q + (2/3) sqrt(g) h^(3/2) is constant, so that
//     q = (2/3) sqrt(g) (h_l^(3/2) - h^(3/2)), with the self-similar depth h = ξ² / g for -c_l < ξ < -c_m;
//   * a plateau h_m, q_m for -c_m < ξ < s;
//   * a shock into h_r: s (h_m - h_r) = q_m with the momentum jump above, so that
//     conservative: q_m = (h_m - h_r) sqrt(g (h_m + h_r) / 2),   deeper side: q_m = (h_m - h_r) sqrt(g h_m).
// h_m is where the rarefaction's q meets the shock's. Over a dry bed (h_r = 0) the shock is the front:
// conservative h_m = 0.6175 h_l, s = 0.556 c_l; deeper side h_m = 0.4^(2/3) h_l = 0.543 h_l, s = 0.737 c_l.
// Both are deeper at the dam and far slower than Ritter's 4/9 h_l and 2 c_l: the slower propagation that
// de Almeida & Bates (2013, "Applicability of the local inertial approximation of the shallow water equations
// to flood modeling", Water Resources Research 49, 4833-4844) report for the local inertial approximation.
struct LocalInertialDamBreak {
    double h_l = 1.0;
    double h_r = 0.0;
    double x0 = 0.0;
    ShockMomentum jump = ShockMomentum::conservative;
    double h_m = 0.0;

    LocalInertialDamBreak(double left, double right, double dam, ShockMomentum momentum)
        : h_l(left), h_r(right), x0(dam), jump(momentum) {
        h_m = bisect([&](double h) { return rarefaction_q(h) - shock_q(h); }, h_r, h_l);
    }
    double rarefaction_q(double h) const { return 2.0 / 3.0 * std::sqrt(kG) * (std::pow(h_l, 1.5) - std::pow(h, 1.5)); }
    double shock_speed_for(double h) const {
        return jump == ShockMomentum::conservative ? std::sqrt(kG * (h + h_r) / 2.0) : std::sqrt(kG * h);
    }
    double shock_q(double h) const { return (h - h_r) * shock_speed_for(h); }
    double c_l() const { return std::sqrt(kG * h_l); }
    double c_m() const { return std::sqrt(kG * h_m); }
    double q_m() const { return shock_q(h_m); }
    double shock_speed() const { return shock_speed_for(h_m); }
    double shock(double t) const { return x0 + shock_speed() * t; }
    double depth(double x, double t) const {
        if (t <= 0.0) return x <= x0 ? h_l : h_r;
        const double xi = (x - x0) / t;
        if (xi <= -c_l()) return h_l;
        if (xi <= -c_m()) return xi * xi / kG;
        if (xi < shock_speed()) return h_m;
        return h_r;
    }
};

// Hunter's front for the local inertial equations: a wave h = H(u t - x), q = u H, advancing at constant u over
// a flat bed with Manning n. (Derived here as Hunter et al. 2005 did for the diffusive form.) Continuity gives
// q = u H; the momentum equation keeps the local acceleration q_t = u² H' that the advection term would cancel:
//     u² H' - g H H' + g n² u² H^(-1/3) = 0   =>   dH/dξ = n² u² / (H^(1/3) (H - h_c)),   h_c = u² / g,
// i.e. the Hunter slope n² u² / H^(4/3) divided by (1 - Fr²). Integrated, with ξ = u t - x:
//     (3/7) H^(7/3) - (3/4) h_c H^(4/3) = n² u² ξ + C,
// valid for H > h_c. The front is a shock from H_s to the dry bed moving at u: s q = u² H_s must equal the
// momentum jump, g H_s² / 2 (conservative: H_s = 2 h_c) or g H_s² (deeper side: H_s = h_c); C follows from
// H(0) = H_s. Driven by the depth H(u t) at x = 0, the local inertial equations advance this front at exactly u.
// (Driven by Hunter's depth instead, which is lower, the local inertial front lags behind u t.)
struct LocalInertialFront {
    double u = 1.0;
    double manning_n = 0.01;
    ShockMomentum jump = ShockMomentum::conservative;

    double h_c() const { return u * u / kG; }
    double front_depth() const { return jump == ShockMomentum::conservative ? 2.0 * h_c() : h_c(); }
    double potential(double h) const {  // (3/7) H^(7/3) - (3/4) h_c H^(4/3)
        return 3.0 / 7.0 * std::pow(h, 7.0 / 3.0) - 0.75 * h_c() * std::pow(h, 4.0 / 3.0);
    }
    double depth(double x, double t) const {
        const double behind_front = u * t - x;
        if (behind_front < 0.0) return 0.0;
        const double target = manning_n * manning_n * u * u * behind_front + potential(front_depth());
        double hi = 2.0 * front_depth();
        while (potential(hi) < target) hi *= 2.0;
        return bisect([&](double h) { return potential(h) - target; }, front_depth(), hi);
    }
};

// ------------------------------------------------------------------------------------------------------------
// Rain of constant intensity i (m/s) on a plane of length L, slope S and Manning roughness n, draining at its
// lower end: the kinematic wave of overland flow (Woolhiser & Liggett 1967, "Unsteady, one-dimensional flow
// over a plane - the rising hydrograph", Water Resources Research 3, 753-771; also Chow, Maidment & Mays 1988,
// "Applied Hydrology", McGraw-Hill, ch. 9). With friction slope = bed slope, q = α h^(5/3), α = sqrt(S) / n, and
// continuity h_t + q_x = i. From a dry start the characteristics leave the divide with h = i t and speed
// dq/dh = (5/3) α h^(2/3), so they reach the outlet after the time of concentration
//     t_c = (L n / sqrt(S))^(3/5) / i^(2/5);
// from then on the plane is at equilibrium: q(x) = i x and
//     h(x) = (i x n / sqrt(S))^(3/5),
// and the outflow per unit width equals the rain on the plane upstream, i L.
inline double kinematic_time_of_concentration(double length_m, double manning_n, double slope, double rain_m_per_s) {
    return std::pow(length_m * manning_n / std::sqrt(slope), 0.6) / std::pow(rain_m_per_s, 0.4);
}

inline double kinematic_equilibrium_depth(double x_m, double manning_n, double slope, double rain_m_per_s) {
    return std::pow(rain_m_per_s * x_m * manning_n / std::sqrt(slope), 0.6);
}

// ------------------------------------------------------------------------------------------------------------
// Uniform (normal) flow in a wide channel: friction slope = bed slope S, so Manning's formula q = h^(5/3) √S / n
// (Chow 1959, "Open-Channel Hydraulics", McGraw-Hill, §6-1 and §6-4, wide channel R ≈ h) gives the normal depth
//     h_n = (n q / √S)^(3/5)
// for a discharge q per metre of width (m²/s).
inline double normal_depth(double q_m2_per_s, double manning_n, double slope) {
    return std::pow(manning_n * q_m2_per_s / std::sqrt(slope), 0.6);
}

}  // namespace wn::analytic
