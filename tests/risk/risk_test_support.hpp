// Helpers shared by the risk tests: small grids from row lists, thread-count control, expected InputErrors.
#pragma once

#include <gtest/gtest.h>
#include <omp.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "waternet/core/error.hpp"
#include "waternet/core/execution.hpp"
#include "waternet/core/grid.hpp"

#include "../io/io_test_support.hpp"  // input_error_of

namespace wn::risk::test {

using wn::test::input_error_of;

template <class T>
Grid<T> grid_of(std::initializer_list<std::initializer_list<T>> rows) {
    const auto n_rows = static_cast<index_t>(rows.size());
    const auto n_cols = static_cast<index_t>(rows.begin()->size());
    Grid<T> g(n_rows, n_cols);
    index_t r = 0;
    for (const auto& row : rows) {
        index_t c = 0;
        for (const T v : row) g(r, c++) = v;
        ++r;
    }
    return g;
}

// Runs `action` with exactly `threads` OpenMP threads, as a job with that ExecutionContext runs its kernels
// (core/execution.hpp), then restores the previous setting.
template <class F>
auto with_threads(int threads, F&& action) {
    const OpenMPThreadsScope scope({.threads = threads});
    return action();
}

inline constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

}  // namespace wn::risk::test
