// Small DEMs for the blue-spot tests: drawn by hand, or random with ties, flats and NaN holes.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::bluespots::testing {

inline constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// A grid from rows of values (row 0 = north).
inline Grid<float> grid_of(const std::vector<std::vector<float>>& rows) {
    Grid<float> g(static_cast<index_t>(rows.size()), static_cast<index_t>(rows[0].size()));
    for (index_t r = 0; r < g.rows(); ++r)
        for (index_t c = 0; c < g.cols(); ++c) g(r, c) = rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
    return g;
}

// A random DEM of one of three kinds, so that the tests see every situation the fill meets:
//   0  integer elevations 0..9 (many ties: flats, pits with level rims, equal spill points),
//   1  continuous noise (deep nested pits everywhere),
//   2  a tilted surface plus noise (long slopes, as in real terrain, with a few pits);
// and NaN holes with a random density (none, scattered, or dense enough to make islands).
inline Grid<float> random_dem(std::mt19937& rng, index_t rows, index_t cols) {
    std::uniform_int_distribution<int> kind_of(0, 2);
    std::uniform_int_distribution<int> digit(0, 9);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const int kind = kind_of(rng);
    const float hole_density = std::vector<float>{0.0f, 0.03f, 0.15f, 0.35f}[static_cast<std::size_t>(digit(rng) % 4)];
    const float tilt_r = unit(rng) - 0.5f;
    const float tilt_c = unit(rng) - 0.5f;
    Grid<float> dem(rows, cols);
    for (index_t r = 0; r < rows; ++r) {
        for (index_t c = 0; c < cols; ++c) {
            float z = 0.0f;
            switch (kind) {
                case 0:
                    z = static_cast<float>(digit(rng));
                    break;
                case 1:
                    z = 10.0f * unit(rng) - 5.0f;
                    break;  // negative too: polders lie below sea level
                default:
                    z = tilt_r * static_cast<float>(r) + tilt_c * static_cast<float>(c) + unit(rng);
                    break;
            }
            dem(r, c) = unit(rng) < hole_density ? kNaN : z;
        }
    }
    return dem;
}

// True where water can leave the model: a valid cell on the grid edge or next to a NaN cell.
inline bool is_outlet_cell(GridView<const float> dem, index_t r, index_t c) {
    if (std::isnan(dem(r, c))) return false;
    for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc) {
            if (dr == 0 && dc == 0) continue;
            if (!dem.contains(r + dr, c + dc) || std::isnan(dem(r + dr, c + dc))) return true;
        }
    return false;
}

// The first cell where two grids differ in any bit (NaN included), or "" when they are identical.
template <class T>
std::string first_difference(const Grid<T>& actual, const Grid<T>& expected) {
    for (index_t r = 0; r < expected.rows(); ++r)
        for (index_t c = 0; c < expected.cols(); ++c)
            if (std::memcmp(&actual(r, c), &expected(r, c), sizeof(T)) != 0)
                return "row " + std::to_string(r) + ", col " + std::to_string(c) + ": " + std::to_string(actual(r, c)) +
                       " instead of " + std::to_string(expected(r, c));
    return "";
}

// Random cuts of a tiling: bands of 1 .. max_band rows (columns), the last one whatever is left.
inline std::vector<index_t> random_starts(std::mt19937& rng, index_t size, index_t max_band) {
    std::uniform_int_distribution<index_t> band(1, max_band);
    std::vector<index_t> starts;
    for (index_t s = 0; s < size; s += band(rng)) starts.push_back(s);
    return starts;
}

}  // namespace wn::bluespots::testing
