// libFuzzer target: the region file reader (pipeline/region_config.hpp read_region_config): TOML parsing, the key
// checks, and the checks of the files it names (relative paths resolve next to the temporary input file).
#include "fuzz_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/pipeline/region_config.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    wn::fuzz::quiet();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& path = wn::fuzz::write_input(data, size, ".toml");
    try {
        (void)wn::read_region_config(path);
    } catch (const wn::InputError&) {}
    return 0;
}
