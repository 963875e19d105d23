// libFuzzer target: the WaterSchadeSchatter damage table reader (risk/damage_table.hpp DamageTable::load_csv).
#include "fuzz_support.hpp"
#include "waternet/core/error.hpp"
#include "waternet/risk/damage_table.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    wn::fuzz::quiet();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& path = wn::fuzz::write_input(data, size, ".csv");
    try {
        (void)wn::risk::DamageTable::load_csv(path);
    } catch (const wn::InputError&) {}
    return 0;
}
