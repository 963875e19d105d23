#include "waternet/heat/sky_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "waternet/heat/horizon_sweep.hpp"

namespace wn::heat {
namespace {

void check_cell_size(double cell_size_m) {
    if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m))
        throw InputError("sky view / horizon: the cell size must be a positive number of metres, got " +
                         std::to_string(cell_size_m));
}

template <class A, class B>
void check_same_shape(const GridView<A>& a, const GridView<B>& b, const char* what) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw std::logic_error(std::string(what) + ": output view shape differs from the surface");
}

}  // namespace

double direction_azimuth_deg(int k, int directions) {
    // Directions past 180° are written as negative angles so that a and −a are exact mirrors.
    if (2 * k > directions) return -360.0 * static_cast<double>(directions - k) / static_cast<double>(directions);
    return 360.0 * static_cast<double>(k) / static_cast<double>(directions);
}

void horizon_tangent(GridView<const float> surface, double cell_size_m, double azimuth_deg, GridView<float> out,
                     int threads) {
    check_cell_size(cell_size_m);
    check_same_shape(surface, out, "horizon_tangent");
    detail::direction_map(surface, cell_size_m, azimuth_deg, threads, out, [](float t) { return t; });
}

double horizon_tangent_at(GridView<const float> surface, double cell_size_m, double azimuth_deg, index_t row,
                          index_t col) {
    check_cell_size(cell_size_m);
    const float zp = surface(row, col);
    if (std::isnan(zp)) return std::numeric_limits<double>::quiet_NaN();
    const detail::LineGeometry g = detail::line_geometry(azimuth_deg);
    const index_t n_major = g.major_is_cols ? surface.cols() : surface.rows();
    const index_t n_minor = g.major_is_cols ? surface.rows() : surface.cols();
    const index_t i0 = g.major_is_cols ? col : row;
    const index_t j0 = g.major_is_cols ? row : col;
    const long o0 = detail::line_offset(i0, n_major, g.minor_per_major);
    const index_t step = g.forward ? 1 : -1;
    const double scale = g.major_component / cell_size_m;
    double best = 0.0;
    for (index_t i = i0 + step; i >= 0 && i < n_major; i += step) {
        const index_t j = j0 - o0 + detail::line_offset(i, n_major, g.minor_per_major);
        if (j < 0 || j >= n_minor) break;
        const float zq = g.major_is_cols ? surface(j, i) : surface(i, j);
        if (std::isnan(zq)) continue;
        best = std::max(best, (static_cast<double>(zq) - zp) / static_cast<double>(std::abs(i - i0)) * scale);
    }
    return best;
}

void sky_view_factor(GridView<const float> surface, double cell_size_m, GridView<float> out,
                     const SkyViewOptions& options) {
    check_cell_size(cell_size_m);
    check_same_shape(surface, out, "sky_view_factor");
    if (options.directions < 1)
        throw InputError("sky view factor: need at least 1 direction, got " + std::to_string(options.directions));
    const index_t rows = surface.rows();
    const index_t cols = surface.cols();
    const int threads = options.threads;

    bool any_row_major = false;
    for (int k = 0; k < options.directions; ++k)
        any_row_major |= !detail::line_geometry(direction_azimuth_deg(k, options.directions)).major_is_cols;

    // Directions swept along columns add cos² into out; those swept along rows into a transposed accumulator.
    for (index_t r = 0; r < rows; ++r) std::fill(out.row(r), out.row(r) + cols, 0.0f);
    Grid<float> zt, acc_t;
    if (any_row_major) {
        zt = Grid<float>(cols, rows);
        detail::transpose<float>(surface, zt.view(), threads);
        acc_t = Grid<float>(cols, rows, 0.0f);
    }
    GridView<float> at = acc_t.view();
    for (int k = 0; k < options.directions; ++k) {
        const detail::LineGeometry g = detail::line_geometry(direction_azimuth_deg(k, options.directions));
        if (g.major_is_cols)
            detail::sweep_major_cols(surface, cell_size_m, g.minor_per_major, g.forward, g.major_component, threads,
                                     [&](index_t r, index_t c, float t) { out(r, c) += 1.0f / (1.0f + t * t); });
        else
            detail::sweep_major_cols(std::as_const(zt).view(), cell_size_m, g.minor_per_major, g.forward,
                                     g.major_component, threads,
                                     [&](index_t r, index_t c, float t) { at(r, c) += 1.0f / (1.0f + t * t); });
    }
    const float inv = 1.0f / static_cast<float>(options.directions);
    constexpr index_t B = 64;
#pragma omp parallel for schedule(static) num_threads(detail::resolve_threads(threads))
    for (index_t rb = 0; rb < rows; rb += B)
        for (index_t cb = 0; cb < cols; cb += B)
            for (index_t r = rb; r < std::min(rows, rb + B); ++r)
                for (index_t c = cb; c < std::min(cols, cb + B); ++c)
                    out(r, c) = (out(r, c) + (any_row_major ? at(c, r) : 0.0f)) * inv;
}

Grid<float> sky_view_factor(GridView<const float> surface, double cell_size_m, const SkyViewOptions& options) {
    Grid<float> out(surface.rows(), surface.cols());
    sky_view_factor(surface, cell_size_m, out.view(), options);
    return out;
}

}  // namespace wn::heat
