// Internal to heat/: the horizon sweep shared by sky_view.cpp and shade.cpp. Not part of the public API.
//
// For one direction, the grid is partitioned into digital lines (translates of one digital line), and each line
// is walked against the direction while the upper convex hull of the profile behind the walker (the part that
// lies ahead in the direction) is kept on a stack. The hull neighbour of the newest, nearest point is the point
// of steepest elevation seen from it, so every cell's horizon costs amortised O(1) (the classic convex-hull
// horizon sweep; cf. Stewart 1998, IEEE TVCG 4(1), 82–93).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>
#include <vector>

#include <omp.h>

#include "waternet/core/grid.hpp"

namespace wn::heat::detail {

// The digital lines of a direction. The direction's unit vector in grid terms is (dcol, drow) = (sin a, −cos a)
// for azimuth a (0 = north = up = −row). If |dcol| ≥ |drow| the major axis is the columns: the line through
// (r, c) holds the cells (r − o(c) + o(c'), c') for all c', with o(i) = lround((i − (cols − 1)/2) · drow/dcol).
// Otherwise the major axis is the rows and the roles swap: (r', c − o(r) + o(r')), o(i) =
// lround((i − (rows − 1)/2) · dcol/drow). Consecutive cells of a line are s / |major component| metres apart
// along the direction.
struct LineGeometry {
    bool major_is_cols = true;
    double minor_per_major = 0.0;  // drow/dcol or dcol/drow, in [−1, 1]
    bool forward = true;           // the direction points to increasing major index
    double major_component = 1.0;  // |dcol| or |drow|, in [1/√2, 1]
};

inline LineGeometry line_geometry(double azimuth_deg) {
    // Wrap into (−180, 180] so that mirrored azimuths ±a give exactly mirrored lines (sin is odd, cos even).
    double a = std::fmod(azimuth_deg, 360.0);
    if (a > 180.0) a -= 360.0;
    if (a <= -180.0) a += 360.0;
    const double rad = a * (std::numbers::pi / 180.0);
    const double dcol = std::sin(rad);
    const double drow = -std::cos(rad);
    LineGeometry g;
    g.major_is_cols = std::abs(dcol) >= std::abs(drow);
    const double major = g.major_is_cols ? dcol : drow;
    const double minor = g.major_is_cols ? drow : dcol;
    g.minor_per_major = minor / major;
    g.forward = major > 0.0;
    g.major_component = std::abs(major);
    return g;
}

inline long line_offset(index_t i, index_t n, double minor_per_major) {
    return std::lround((static_cast<double>(i) - static_cast<double>(n - 1) / 2.0) * minor_per_major);
}

// The caller's thread count (ExecutionContext::thread_count()); below one means one, never a process-wide default.
inline int resolve_threads(int threads) { return std::max(1, threads); }

// Sweeps `z` with the columns as the major axis (the caller transposes for row-major directions). For every
// cell calls sink(r, c, tan_h): tan_h is the tangent of the horizon elevation toward the direction, clamped at
// 0 (the local horizontal), or NaN for a no-data cell. No-data cells neither receive nor block. The edge of the
// grid is open sky: nothing beyond it is seen.
template <class Sink>
void sweep_major_cols(GridView<const float> z, double cell_size_m, double minor_per_major, bool forward,
                      double major_component, int threads, Sink&& sink) {
    const index_t rows = z.rows();
    const index_t cols = z.cols();
    if (rows == 0 || cols == 0) return;
    std::vector<long> off(static_cast<std::size_t>(cols));
    for (index_t c = 0; c < cols; ++c) off[static_cast<std::size_t>(c)] = line_offset(c, cols, minor_per_major);
    const auto [omin, omax] = std::minmax_element(off.begin(), off.end());
    const long line_lo = -*omax;
    const long line_hi = static_cast<long>(rows) - 1 - *omin;
    const bool rising = minor_per_major >= 0.0;  // off non-decreasing in c
    const double scale = major_component / cell_size_m;

#pragma omp parallel num_threads(resolve_threads(threads))
    {
        std::vector<double> hw;  // hull: major-step index along the walk
        std::vector<double> hz;  // hull: surface height
        hw.reserve(static_cast<std::size_t>(cols));
        hz.reserve(static_cast<std::size_t>(cols));
#pragma omp for schedule(static)
        for (long L = line_lo; L <= line_hi; ++L) {
            // Columns where the line is inside the grid: 0 ≤ L + off(c) ≤ rows − 1 (off is monotone).
            const long lo_off = -L;
            const long hi_off = static_cast<long>(rows) - 1 - L;
            index_t c_lo, c_hi;
            if (rising) {
                c_lo = std::partition_point(off.begin(), off.end(), [&](long o) { return o < lo_off; }) - off.begin();
                c_hi = std::partition_point(off.begin(), off.end(), [&](long o) { return o <= hi_off; }) - off.begin();
            } else {
                c_lo = std::partition_point(off.begin(), off.end(), [&](long o) { return o > hi_off; }) - off.begin();
                c_hi = std::partition_point(off.begin(), off.end(), [&](long o) { return o >= lo_off; }) - off.begin();
            }
            if (c_lo >= c_hi) continue;
            hw.clear();
            hz.clear();
            const index_t n = c_hi - c_lo;
            for (index_t k = 0; k < n; ++k) {
                // Walk against the direction: the cells already walked lie ahead of this one.
                const index_t c = forward ? c_hi - 1 - k : c_lo + k;
                const index_t r = L + off[static_cast<std::size_t>(c)];
                const float zf = z(r, c);
                if (std::isnan(zf)) {
                    sink(r, c, std::numeric_limits<float>::quiet_NaN());
                    continue;
                }
                const double zp = zf;
                const double wp = static_cast<double>(k);
                std::size_t m = hw.size();
                // Drop the top while it is not above the segment from this point to the one below it.
                while (m >= 2 && (hz[m - 1] - zp) * (wp - hw[m - 2]) <= (hz[m - 2] - zp) * (wp - hw[m - 1])) --m;
                hw.resize(m);
                hz.resize(m);
                float t = 0.0f;
                if (m > 0) {
                    const double slope = (hz[m - 1] - zp) / (wp - hw[m - 1]);
                    if (slope > 0.0) t = static_cast<float>(slope * scale);
                }
                sink(r, c, t);
                hw.push_back(wp);
                hz.push_back(zp);
            }
        }
    }
}

// Blocked, parallel transpose: dst(c, r) = src(r, c). dst must be cols × rows.
template <class T>
void transpose(GridView<const T> src, GridView<T> dst, int threads) {
    constexpr index_t B = 64;
    const index_t rows = src.rows();
    const index_t cols = src.cols();
#pragma omp parallel for schedule(static) num_threads(resolve_threads(threads))
    for (index_t rb = 0; rb < rows; rb += B)
        for (index_t cb = 0; cb < cols; cb += B)
            for (index_t r = rb; r < std::min(rows, rb + B); ++r)
                for (index_t c = cb; c < std::min(cols, cb + B); ++c) dst(c, r) = src(r, c);
}

// One direction mapped to a grid: out(r, c) = value(tan_h(r, c)). When the rows are the major axis, the surface
// is transposed first and the result transposed back, so every sweep walks memory along rows.
template <class T, class Value>
void direction_map(GridView<const float> z, double cell_size_m, double azimuth_deg, int threads, GridView<T> out,
                   Value&& value) {
    const LineGeometry g = line_geometry(azimuth_deg);
    if (g.major_is_cols) {
        sweep_major_cols(z, cell_size_m, g.minor_per_major, g.forward, g.major_component, threads,
                         [&](index_t r, index_t c, float t) { out(r, c) = value(t); });
        return;
    }
    Grid<float> zt(z.cols(), z.rows());
    transpose<float>(z, zt.view(), threads);
    Grid<T> ot(z.cols(), z.rows());
    GridView<T> otv = ot.view();
    sweep_major_cols(zt.view(), cell_size_m, g.minor_per_major, g.forward, g.major_component, threads,
                     [&](index_t r, index_t c, float t) { otv(r, c) = value(t); });
    transpose<T>(std::as_const(ot).view(), out, threads);
}

}  // namespace wn::heat::detail
