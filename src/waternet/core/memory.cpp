#include "waternet/core/memory.hpp"

#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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
        throw InputError(
            fmt::format("{}: {} × {} cells need {:.1f} GiB (about {:.0f} bytes a cell), more than the {:.1f} "
                        "GiB this machine has free; use a smaller area or coarser cells",
                        what, rows, cols, bytes / kGiB, bytes_per_cell, available / kGiB));
}

namespace {

// A "Vm...:  1234 kB" line of /proc/self/status, in bytes; nullopt when it cannot be read.
std::optional<std::uint64_t> status_bytes(std::string_view field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':')
            return std::stoull(line.substr(field.size() + 1)) * 1024u;  // the kernel writes kB (KiB)
    return std::nullopt;
}

std::mutex watches_mutex;
std::vector<PeakMemoryWatch*> running_watches;  // guarded by watches_mutex

}  // namespace

void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
    constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
    if (data == nullptr || bytes < kHugePageAdviceMinBytes) return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
    if (last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
    (void)data, (void)bytes;
#endif
}

std::uint64_t resident_bytes() { return status_bytes("VmRSS").value_or(0); }

std::uint64_t peak_resident_bytes() {
    if (const auto hwm = status_bytes("VmHWM")) return *hwm;
    rusage usage{};
    return getrusage(RUSAGE_SELF, &usage) == 0 ? static_cast<std::uint64_t>(usage.ru_maxrss) * 1024u : 0;  // KiB
}

void PeakMemoryWatch::fold_peak(std::uint64_t peak) {
    for (PeakMemoryWatch* watch : running_watches) watch->carried_ = std::max(watch->carried_, peak);
}

PeakMemoryWatch::PeakMemoryWatch() {
    const std::lock_guard lock(watches_mutex);
    // The mark is about to be reset: the watches already running keep what it held.
    fold_peak(peak_resident_bytes());
    std::ofstream clear_refs("/proc/self/clear_refs");
    clear_refs << "5";  // "reset the peak resident set size" (Documentation/filesystems/proc.rst, clear_refs)
    clear_refs.flush();
    reset_ = clear_refs.good() && status_bytes("VmHWM").has_value();
    start_ = resident_bytes();
    running_watches.push_back(this);
}

PeakMemoryWatch::~PeakMemoryWatch() {
    const std::lock_guard lock(watches_mutex);
    std::erase(running_watches, this);
}

std::uint64_t PeakMemoryWatch::peak_bytes() const {
    const std::lock_guard lock(watches_mutex);
    return std::max(carried_, peak_resident_bytes());
}

}  // namespace wn
