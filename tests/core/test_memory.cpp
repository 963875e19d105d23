// Peak resident memory (core/memory.hpp) and its record in provenance (io/provenance.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "../io/io_test_support.hpp"
#include "waternet/core/grid.hpp"
#include "waternet/core/memory.hpp"
#include "waternet/io/provenance.hpp"

namespace wn {
namespace {

constexpr std::uint64_t kMiB = 1u << 20;
constexpr std::size_t kBuffer = 128 * kMiB;

// A buffer of `bytes` whose every page is written, so the kernel really gives it physical memory (an untouched
// allocation only reserves address space). Freed at scope exit; glibc returns blocks this large to the system.
struct TouchedBuffer {
    explicit TouchedBuffer(std::size_t bytes) : data(new char[bytes]), size(bytes) {
        std::memset(data.get(), 0x5a, size);
    }
    std::unique_ptr<char[]> data;
    std::size_t size;
};

TEST(PeakMemory, IsPositiveAndNotBelowTheCurrentResidentMemory) {
    const std::uint64_t now = resident_bytes();
    const std::uint64_t peak = peak_resident_bytes();
    EXPECT_GT(now, 0u);
    EXPECT_GE(peak, now);
}

TEST(PeakMemory, AWatchSeesABufferItWasNotThereFor) {
    const PeakMemoryWatch watch;
    if (!watch.covers_only_this_work())
        GTEST_SKIP() << "this kernel does not let a process reset its peak (clear_refs)";
    const std::uint64_t before = watch.peak_bytes();
    {
        const TouchedBuffer buffer(kBuffer);
        volatile char last = buffer.data[buffer.size - 1];
        (void)last;
    }
    const std::uint64_t after = watch.peak_bytes();
    // The whole buffer was resident at once (less a little that the kernel may already have swapped or shared).
    EXPECT_GE(after, before + kBuffer - 8 * kMiB) << "before " << before << ", after " << after;
    EXPECT_GE(after, watch.start_bytes() + kBuffer - 8 * kMiB);
}

TEST(PeakMemory, ALaterWatchStartsFromTheMemoryHeldThenButTheEarlierOneKeepsItsPeak) {
    const PeakMemoryWatch outer;
    { const TouchedBuffer buffer(kBuffer); }  // allocated, used and freed before the inner watch starts
    const PeakMemoryWatch inner;
    if (!inner.covers_only_this_work())
        GTEST_SKIP() << "this kernel does not let a process reset its peak (clear_refs)";
    EXPECT_GE(outer.peak_bytes(), outer.start_bytes() + kBuffer - 8 * kMiB);
    // The inner run never held the buffer: its peak is what the process held after it was freed.
    EXPECT_LT(inner.peak_bytes() + kBuffer / 2, outer.peak_bytes())
        << "inner " << inner.peak_bytes() << ", outer " << outer.peak_bytes();
}

TEST(PeakMemory, IsWrittenToTheProvenanceFileWithTheGridCells) {
    test::TempDir dir;
    const PeakMemoryWatch watch;
    Provenance provenance;
    provenance.record_memory(watch, 1000 * 2000);
    const auto path = dir.path() / "provenance.json";
    write_provenance(path, provenance);
    const nlohmann::json memory = nlohmann::json::parse(test::read_file(path)).at("memory");
    const auto peak = memory.at("peak_resident_bytes").get<std::uint64_t>();
    EXPECT_GT(peak, 0u);
    EXPECT_GE(peak, memory.at("start_resident_bytes").get<std::uint64_t>());
    EXPECT_EQ(memory.at("grid_cells").get<std::int64_t>(), 2'000'000);
    EXPECT_DOUBLE_EQ(memory.at("peak_bytes_per_cell").get<double>(), static_cast<double>(peak) / 2e6);
    EXPECT_NEAR(memory.at("peak_resident_mib").get<double>(), static_cast<double>(peak) / kMiB, 0.05);
}

TEST(PeakMemory, ProvenanceWithoutAMemoryRecordWritesNone) { EXPECT_FALSE(Provenance{}.to_json().contains("memory")); }

// The VmFlags of the mapping that holds `address` (/proc/self/smaps); "" when it cannot be read.
std::string vm_flags_at(const void* address) {
    std::ifstream smaps("/proc/self/smaps");
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        unsigned long long begin = 0, end = 0;
        if (std::sscanf(line.c_str(), "%llx-%llx ", &begin, &end) == 2) {
            inside = at >= begin && at < end;
        } else if (inside && line.starts_with("VmFlags:")) {
            return line.substr(8) + " ";
        }
    }
    return "";
}

// A large grid asks for huge pages before its cells are first written (core/memory.hpp advise_huge_pages), and
// still holds its fill value everywhere.
TEST(HugePages, ALargeGridIsAdvisedAndKeepsItsFill) {
    std::ifstream setting("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string modes;
    std::getline(setting, modes);
    if (modes.empty() || modes.find("[never]") != std::string::npos)
        GTEST_SKIP() << "transparent huge pages are off on this machine";
    const Grid<std::int32_t> large(2048, 4096, 7);  // 32 MiB
    const std::string flags = vm_flags_at(large.data() + large.size() / 2);
    if (flags.empty()) GTEST_SKIP() << "/proc/self/smaps cannot be read";
    EXPECT_NE(flags.find(" hg "), std::string::npos) << flags;
    EXPECT_EQ(std::count(large.values().begin(), large.values().end(), 7), large.size());
}

}  // namespace
}  // namespace wn
