// Wall-clock time of a stage, for the timings jobs report (steady clock: not moved by clock changes).
#pragma once

#include <chrono>

namespace wn {

using SteadyClock = std::chrono::steady_clock;

// Seconds from `start` to now.
inline double seconds_since(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

}  // namespace wn
