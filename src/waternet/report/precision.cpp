#include "waternet/report/precision.hpp"

#include <algorithm>
#include <cmath>

namespace wn::report {

namespace {

// Decimals that show `digits` significant digits of a non-zero value (0 when the digits lie left of the point).
int decimals_for(double value, int digits) {
    const int exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
    return std::clamp(digits - 1 - exponent, 0, 12);
}

}  // namespace

double round_significant(double value, int digits) {
    if (value == 0.0 || !std::isfinite(value)) return value;
    digits = std::max(digits, 1);
    const int exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
    const int shift = digits - 1 - exponent;  // 10^shift scales the kept digits left of the point
    // Scale by an exact power of ten as an integer-valued double where possible, so that 17300000 stays exact.
    if (shift >= 0) {
        const double scale = std::pow(10.0, shift);
        return std::round(value * scale) / scale;
    }
    const double scale = std::pow(10.0, -shift);
    return std::round(value / scale) * scale;
}

Rounded area_ha(double area_m2, double cell_area_m2) {
    const double ha = area_m2 / 1e4;
    // A cell of 0.1 ha (about 32 × 32 m) or more cannot resolve a tenth of a hectare; above 100 ha the tenth is noise.
    const bool tenths = cell_area_m2 < 1000.0 && std::abs(ha) < 100.0;
    const int decimals = tenths ? 1 : 0;
    const double scale = tenths ? 10.0 : 1.0;
    return {std::round(ha * scale) / scale, decimals};
}

Rounded volume_m3(double volume_m3) { return {std::round(round_significant(volume_m3, 3)), 0}; }

Rounded depth_m(double depth_m, bool regional) {
    const double scale = regional ? 10.0 : 100.0;
    return {std::round(depth_m * scale) / scale, regional ? 1 : 2};
}

Rounded damage_eur(double damage_eur) { return {std::round(round_significant(damage_eur, 2)), 0}; }

Rounded people(double estimate) {
    const double step = std::abs(estimate) < 1000.0 ? 10.0 : 100.0;
    return {std::round(estimate / step) * step, 0};
}

std::string people_text(double estimate, Language language) {
    if (estimate > 0.0 && estimate < 5.0) return "< 10";
    return format(people(estimate), language);
}

std::string relative_error_text(double relative_error, Language language) {
    if (std::isnan(relative_error)) return "\u2013";
    const double percent = std::abs(relative_error) * 100.0;
    if (percent < 1e-4) return "< " + format_number(1e-4, 4, language) + " %";
    const double rounded = round_significant(percent, 2);
    return format_number(rounded, decimals_for(rounded, 2), language) + " %";
}

std::string format(const Rounded& rounded, Language language) {
    return format_number(rounded.value, rounded.decimals, language);
}

}  // namespace wn::report
