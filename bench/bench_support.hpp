// Shared by the benchmarks on the shipped Zundert AHN: the terrain, read once, and the process's CPU time (the
// figure to read on a shared machine, where wall time depends on the other sessions).
#pragma once

#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include <exception>
#include <memory>
#include <string>

#include "waternet/core/grid.hpp"
#include "waternet/io/raster_io.hpp"

namespace wn::bench {

inline const std::string kZundertDtm = std::string(WATERNET_DATA_DIR) + "/zundert/zundert_ahn_dtm_050cm.tif";

// The Zundert AHN (0.5 m, 1986 × 2124 pixels), read on first use; throws if the file is missing.
inline const Grid<float>& zundert_terrain() {
    static const auto grid = std::make_unique<Grid<float>>(read_raster(kZundertDtm));
    return *grid;
}

// The same for a benchmark: null, with the benchmark marked skipped and why, when the file cannot be read.
inline const Grid<float>* zundert_terrain_or_skip(benchmark::State& state) {
    try {
        return &zundert_terrain();
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return nullptr;
    }
}

// CPU seconds of the whole process (all threads), user and system.
inline double process_cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

}  // namespace wn::bench
