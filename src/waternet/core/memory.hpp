// How much memory the machine can give now: grids are checked against it before they are allocated, so a file
// that declares 60000 × 60000 cells gets a message naming its size instead of a bare std::bad_alloc.
#pragma once

#include <cstdint>

namespace wn {

// MemAvailable from /proc/meminfo (what the kernel can give without swapping); the physical memory when that
// cannot be read.
std::uint64_t available_memory_bytes();

}  // namespace wn
