// How much memory the machine can give now: grids are checked against it before they are allocated, so a file
// that declares 60000 × 60000 cells gets a message naming its size instead of a bare std::bad_alloc. And how much a
// run has used: its peak resident memory, recorded in its provenance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wn {

// Asks the kernel to back [data, data + bytes) with transparent huge pages (madvise MADV_HUGEPAGE) where the
// machine allows it ("madvise" or "always" in /sys/kernel/mm/transparent_hugepage/enabled). Call it on a fresh
// large allocation before its memory is first written: a grid of 145 million cells is then faulted in 2 MiB at a
// time instead of 4 KiB (300 page faults instead of 150,000 per 582 MB grid; at region scale the page faults were
// about a third of the consequence stage's CPU time, docs/benchmarks.md). Only the whole 2 MiB pages inside the
// range are advised; a range smaller than kHugePageAdviceMinBytes, or a kernel that refuses, is left as it is:
// this is a speed hint and never changes what the memory holds.
inline constexpr std::size_t kHugePageAdviceMinBytes = std::size_t{8} << 20;
void advise_huge_pages(void* data, std::size_t bytes) noexcept;

// MemAvailable from /proc/meminfo (what the kernel can give without swapping); the physical memory when that
// cannot be read.
std::uint64_t available_memory_bytes();

// Refuses work that needs more memory than the machine has free (with a fifth kept for the rest of the program):
// InputError "<what>: <rows> × <cols> cells need N GiB (about B bytes a cell), more than the M GiB this machine has
// free; ...", before anything is allocated. `bytes_per_cell` is what the whole job keeps per cell, not one grid.
void require_memory_for(std::string_view what, std::int64_t rows, std::int64_t cols, double bytes_per_cell);

// Resident memory of this process (physical memory it holds, not address space), in bytes: VmRSS and VmHWM (the
// high-water mark) from /proc/self/status, as the kernel keeps them. Where /proc cannot be read the peak falls back
// to getrusage's ru_maxrss and the current value to 0.
std::uint64_t resident_bytes();
std::uint64_t peak_resident_bytes();

// The peak resident memory of one piece of work (a run), for its provenance. Starting a watch resets the kernel's
// high-water mark (writing 5 to /proc/self/clear_refs, Linux ≥ 4.0), so that each run of a stress test reports its
// own peak and not the largest earlier run's; watches already running (the stress test's own) keep the peak they
// had seen. Where the mark cannot be reset, peak_bytes() is the process's peak since it started and
// covers_only_this_work() says so. Watches are meant for work done one after another (as the jobs are), not for
// work running side by side in threads: each watch sees the whole process's memory.
class PeakMemoryWatch {
public:
    PeakMemoryWatch();
    ~PeakMemoryWatch();
    PeakMemoryWatch(const PeakMemoryWatch&) = delete;
    PeakMemoryWatch& operator=(const PeakMemoryWatch&) = delete;

    std::uint64_t peak_bytes() const;                     // the most resident memory since the watch started
    std::uint64_t start_bytes() const { return start_; }  // resident memory when it started
    bool covers_only_this_work() const { return reset_; }

private:
    static void fold_peak(std::uint64_t peak);  // into every running watch (the caller holds the lock)
    std::uint64_t start_ = 0;
    std::uint64_t carried_ = 0;  // the highest mark seen before a later watch reset it
    bool reset_ = false;
};

}  // namespace wn
