// How much memory the machine can give now: grids are checked against it before they are allocated, so a file
// that declares 60000 × 60000 cells gets a message naming its size instead of a bare std::bad_alloc.
#pragma once

#include <cstdint>
#include <string_view>

namespace wn {

// MemAvailable from /proc/meminfo (what the kernel can give without swapping); the physical memory when that
// cannot be read.
std::uint64_t available_memory_bytes();

// Refuses work that needs more memory than the machine has free (with a fifth kept for the rest of the program):
// InputError "<what>: <rows> × <cols> cells need N GiB (about B bytes a cell), more than the M GiB this machine has
// free; ...", before anything is allocated. `bytes_per_cell` is what the whole job keeps per cell, not one grid.
void require_memory_for(std::string_view what, std::int64_t rows, std::int64_t cols, double bytes_per_cell);

}  // namespace wn
