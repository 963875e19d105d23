#include "waternet/core/memory.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "waternet/core/error.hpp"

namespace wn {

std::uint64_t available_memory_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024u;
    const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page_size > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size)
                                      : UINT64_MAX;
}

void require_memory_for(std::string_view what, std::int64_t rows, std::int64_t cols, double bytes_per_cell) {
    const double bytes = static_cast<double>(rows) * static_cast<double>(cols) * bytes_per_cell;
    const double available = static_cast<double>(available_memory_bytes());
    constexpr double kGiB = 1073741824.0;
    if (bytes > 0.8 * available)
        throw InputError(fmt::format("{}: {} × {} cells need {:.1f} GiB (about {:.0f} bytes a cell), more than the {:.1f} "
                                     "GiB this machine has free; use a smaller area or coarser cells",
                                     what, rows, cols, bytes / kGiB, bytes_per_cell, available / kGiB));
}

}  // namespace wn
