// Small builders shared by the flood-engine tests: synthetic terrains and a one-class land-cover table.
#pragma once

#include <functional>

#include "waternet/core/grid.hpp"
#include "waternet/hydro/flood_engine.hpp"

namespace wn::test {

inline Grid<float> terrain(index_t rows, index_t cols, const std::function<float(index_t, index_t)>& z) {
    Grid<float> g(rows, cols);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) g(r, c) = z(r, c);
    return g;
}

// One class, no losses: what the analytic solutions assume.
inline LandCoverTable frictional(double manning_n) {
    LandCoverClass cls;
    cls.name = "test surface";
    cls.manning_n = manning_n;
    return LandCoverTable::single(cls);
}

inline FloodSettings quiet_settings(double duration_s) {
    FloodSettings s;
    s.duration_s = duration_s;
    return s;
}

}  // namespace wn::test
