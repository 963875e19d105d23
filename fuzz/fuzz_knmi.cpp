// libFuzzer target: the KNMI hourly station data parser (drought/knmi.hpp parse_knmi_hourly), straight from memory.
#include <string_view>

#include "fuzz_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/drought/knmi.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    wn::fuzz::quiet();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)wn::drought::parse_knmi_hourly(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const wn::InputError&) {}
    return 0;
}
