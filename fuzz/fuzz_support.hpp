// Shared by the libFuzzer targets: the input as a file, for the readers that take a path, and quiet logging.
#pragma once

#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace wn::fuzz {

// Warnings (GDAL's, the readers') would flood the fuzzer's output; errors reach it as InputError.
inline void quiet() { spdlog::set_level(spdlog::level::off); }

// One temporary file per fuzzing process, rewritten with each input (TMPDIR, e.g. a tmpfs, or /tmp).
inline const std::filesystem::path& input_file(const std::string& suffix) {
    static const std::filesystem::path path = [&] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/waternet-fuzz-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) std::abort();
        return std::filesystem::path(pattern) / ("input" + suffix);
    }();
    return path;
}

inline const std::filesystem::path& write_input(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
    const std::filesystem::path& path = input_file(suffix);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

}  // namespace wn::fuzz
