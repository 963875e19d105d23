#include "waternet/heat/distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "waternet/core/error.hpp"

namespace wn::heat {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// 1D squared distance transform of f (length n) into d (Felzenszwalb & Huttenlocher 2012, algorithm DT(f)):
// d(q) = min_p ((q − p)² + f(p)). v, z are scratch (size n and n + 1).
void dt_1d(const double* f, double* d, index_t n, std::vector<index_t>& v, std::vector<double>& z) {
    index_t k = -1;
    for (index_t q = 0; q < n; ++q) {
        if (f[q] == kInf) continue;
        const double fq = f[q] + static_cast<double>(q) * static_cast<double>(q);
        double s = -kInf;
        while (k >= 0) {
            const index_t p = v[static_cast<std::size_t>(k)];
            s = (fq - (f[p] + static_cast<double>(p) * static_cast<double>(p))) / (2.0 * static_cast<double>(q - p));
            if (s > z[static_cast<std::size_t>(k)]) break;
            --k;
        }
        ++k;
        v[static_cast<std::size_t>(k)] = q;
        z[static_cast<std::size_t>(k)] = k == 0 ? -kInf : s;
        z[static_cast<std::size_t>(k) + 1] = kInf;
    }
    if (k < 0) {
        for (index_t q = 0; q < n; ++q) d[q] = kInf;
        return;
    }
    index_t j = 0;
    for (index_t q = 0; q < n; ++q) {
        while (z[static_cast<std::size_t>(j) + 1] < static_cast<double>(q)) ++j;
        const index_t p = v[static_cast<std::size_t>(j)];
        d[q] = static_cast<double>(q - p) * static_cast<double>(q - p) + f[p];
    }
}

}  // namespace

void distance_to_features_m(GridView<const std::uint8_t> features, double cell_size_m, GridView<float> out) {
    if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m))
        throw InputError("distance transform: the cell size must be a positive number of metres, got " +
                         std::to_string(cell_size_m));
    if (features.rows() != out.rows() || features.cols() != out.cols())
        throw std::logic_error("distance_to_features_m: output shape differs from the features");
    const index_t rows = features.rows(), cols = features.cols();
    std::vector<double> sq(static_cast<std::size_t>(rows * cols));
    // Columns first (strided reads into a contiguous buffer), then rows.
#pragma omp parallel
    {
        const index_t n = std::max(rows, cols);
        std::vector<double> f(static_cast<std::size_t>(n)), d(static_cast<std::size_t>(n));
        std::vector<index_t> v(static_cast<std::size_t>(n));
        std::vector<double> z(static_cast<std::size_t>(n) + 1);
#pragma omp for schedule(static)
        for (index_t c = 0; c < cols; ++c) {
            for (index_t r = 0; r < rows; ++r) f[static_cast<std::size_t>(r)] = features(r, c) != 0 ? 0.0 : kInf;
            dt_1d(f.data(), d.data(), rows, v, z);
            for (index_t r = 0; r < rows; ++r)
                sq[static_cast<std::size_t>(r * cols + c)] = d[static_cast<std::size_t>(r)];
        }
#pragma omp for schedule(static)
        for (index_t r = 0; r < rows; ++r) {
            double* row = sq.data() + r * cols;
            dt_1d(row, d.data(), cols, v, z);
            for (index_t c = 0; c < cols; ++c)
                out(r, c) = static_cast<float>(std::sqrt(d[static_cast<std::size_t>(c)]) * cell_size_m);
        }
    }
}

Grid<float> distance_to_features_m(GridView<const std::uint8_t> features, double cell_size_m) {
    Grid<float> out(features.rows(), features.cols());
    distance_to_features_m(features, cell_size_m, out.view());
    return out;
}

}  // namespace wn::heat
