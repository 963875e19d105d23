// Deterministic parallel sums over a grid, keyed by small integers (a class code, a zone id).
//
// The risk kernels add up money, areas and volumes per class and per zone over millions of cells. A plain
// OpenMP reduction adds in an order that depends on the thread count, so the last digits of a damage total
// would change with the machine. Here the rows are cut into fixed chunks of kRowsPerChunk rows (fixed, not
// per thread); each chunk sums its own cells in row-major order into a sparse (key, values) list, and the
// chunks are then added in chunk order. Which thread ran which chunk no longer matters: same sums, bit for
// bit, for any thread count.
//
// Internal helper of waternet/risk; the kernels' headers are the contracts.
#pragma once

#include <algorithm>
#include <cstdint>
#include <exception>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::risk::detail {

inline constexpr index_t kRowsPerChunk = 8;

// What one chunk adds to `width` sums per key; keys are [0, key_count).
class KeyedAccumulator {
public:
    KeyedAccumulator(index_t key_count, int width)
        : width_(width),
          dense_(static_cast<std::size_t>(key_count * width), 0.0),
          seen_(static_cast<std::size_t>(key_count), 0) {}

    // The `width` running sums of `key`, to add to.
    double* sums_of(index_t key) {
        if (!seen_[static_cast<std::size_t>(key)]) {
            seen_[static_cast<std::size_t>(key)] = 1;
            touched_.push_back(key);
        }
        return &dense_[static_cast<std::size_t>(key * width_)];
    }
    void add(index_t key, int slot, double value) { sums_of(key)[slot] += value; }

    // Moves what was added since the last flush into `out` as (key, width values) records sorted by key,
    // and clears the accumulator.
    void flush(std::vector<index_t>& keys_out, std::vector<double>& values_out) {
        std::sort(touched_.begin(), touched_.end());
        for (const index_t key : touched_) {
            keys_out.push_back(key);
            double* v = &dense_[static_cast<std::size_t>(key * width_)];
            values_out.insert(values_out.end(), v, v + width_);
            std::fill(v, v + width_, 0.0);
            seen_[static_cast<std::size_t>(key)] = 0;
        }
        touched_.clear();
    }

private:
    int width_;
    std::vector<double> dense_;
    std::vector<std::uint8_t> seen_;
    std::vector<index_t> touched_;
};

// Runs body(row_begin, row_end, KeyedAccumulator&) for every chunk of rows, in parallel, and returns the
// key_count × width sums (row-major by key), added chunk by chunk in chunk order. `body` must only read
// shared state; an exception it throws is rethrown here (the first chunk's, in chunk order).
template <class Body>
std::vector<double> keyed_sums_over_rows(index_t rows, index_t key_count, int width, Body&& body) {
    const index_t chunks = (rows + kRowsPerChunk - 1) / kRowsPerChunk;
    std::vector<std::vector<index_t>> chunk_keys(static_cast<std::size_t>(chunks));
    std::vector<std::vector<double>> chunk_values(static_cast<std::size_t>(chunks));
    std::vector<std::exception_ptr> chunk_error(static_cast<std::size_t>(chunks));

#pragma omp parallel
    {
        KeyedAccumulator acc(key_count, width);
#pragma omp for schedule(dynamic, 1)
        for (index_t chunk = 0; chunk < chunks; ++chunk) {
            const auto k = static_cast<std::size_t>(chunk);
            try {
                const index_t r0 = chunk * kRowsPerChunk;
                body(r0, std::min(rows, r0 + kRowsPerChunk), acc);
                acc.flush(chunk_keys[k], chunk_values[k]);
            } catch (...) {
                chunk_error[k] = std::current_exception();
                std::vector<index_t> discard_keys;
                std::vector<double> discard_values;
                acc.flush(discard_keys, discard_values);
            }
        }
    }
    for (const auto& error : chunk_error)
        if (error) std::rethrow_exception(error);

    std::vector<double> sums(static_cast<std::size_t>(key_count * width), 0.0);
    for (index_t chunk = 0; chunk < chunks; ++chunk) {
        const auto& keys = chunk_keys[static_cast<std::size_t>(chunk)];
        const auto& values = chunk_values[static_cast<std::size_t>(chunk)];
        for (std::size_t i = 0; i < keys.size(); ++i)
            for (int s = 0; s < width; ++s)
                sums[static_cast<std::size_t>(keys[i] * width + s)] +=
                    values[i * static_cast<std::size_t>(width) + static_cast<std::size_t>(s)];
    }
    return sums;
}

}  // namespace wn::risk::detail
