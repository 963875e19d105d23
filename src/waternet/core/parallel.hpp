// Thread helpers for the explicit solvers.
//
// Explicit schemes take many tiny steps, each ending in a barrier. A spinning barrier (OpenMP's default)
// burns a core while it waits; on a busy 2-core machine that makes a solver tens of times slower. The
// PassiveBarrier spins only briefly and then sleeps in the kernel (C++20 atomic wait = futex on Linux).
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include "waternet/core/grid.hpp"

namespace wn {

class PassiveBarrier {
public:
    explicit PassiveBarrier(int participants) : participants_(participants) {}
    PassiveBarrier(const PassiveBarrier&) = delete;
    PassiveBarrier& operator=(const PassiveBarrier&) = delete;

    void arrive_and_wait() {
        if (participants_ == 1) return;
        const std::uint32_t generation = generation_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == participants_) {
            arrived_.store(0, std::memory_order_relaxed);
            generation_.fetch_add(1, std::memory_order_acq_rel);
            generation_.notify_all();
            return;
        }
        // A short spin catches the common case of balanced work without a system call.
        for (int i = 0; i < 2000; ++i) {
            if (generation_.load(std::memory_order_acquire) != generation) return;
#if defined(__x86_64__)
            __builtin_ia32_pause();
#endif
        }
        while (generation_.load(std::memory_order_acquire) == generation)
            generation_.wait(generation, std::memory_order_acquire);
    }

private:
    const int participants_;
    std::atomic<int> arrived_{0};
    std::atomic<std::uint32_t> generation_{0};
};

// The half-open block [begin, end) of `count` items that thread `thread` of `threads` owns (static split).
struct Range {
    index_t begin;
    index_t end;
};
inline Range block_of(index_t count, int thread, int threads) {
    const index_t base = count / threads;
    const index_t extra = count % threads;
    const index_t begin = thread * base + (thread < extra ? thread : extra);
    return {begin, begin + base + (thread < extra ? 1 : 0)};
}

}  // namespace wn
