// libFuzzer target: the rain CSV reader (hydro/rain.hpp read_rain_csv). Any bytes must give a RainSeries or an
// InputError; anything else (a crash, another exception, a sanitizer report) is a bug.
#include "fuzz_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/hydro/rain.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    wn::fuzz::quiet();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& path = wn::fuzz::write_input(data, size, ".csv");
    try {
        const wn::RainSeries rain = wn::read_rain_csv(path);
        (void)rain.total_depth_m();
        (void)rain.depth_m(0.0, rain.duration_s());
    } catch (const wn::InputError&) {}
    return 0;
}
