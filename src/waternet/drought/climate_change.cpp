#include "waternet/drought/climate_change.hpp"

#include <fmt/format.h>
#include <cmath>
#include <stdexcept>

#include "waternet/core/error.hpp"

namespace wn::drought {

const MonthlyClimateChange& climate_change_named(std::string_view id) {
    for (const MonthlyClimateChange* c : {&kKnmi14WH2050, &kNoClimateChange})
        if (c->id == id) return *c;
    throw InputError(
        fmt::format("unknown 2050 climate '{}'; known: {}, {}", id, kKnmi14WH2050.id, kNoClimateChange.id));
}

void check_climate_change(const MonthlyClimateChange& change) {
    for (std::size_t m = 0; m < 12; ++m) {
        auto bad = [&](const char* what, double v, const char* range) {
            throw InputError(fmt::format("2050 climate '{}': the {} change {} in month {} is outside {}", change.id,
                                         what, v, m + 1, range));
        };
        const double rain = change.rain_pct[m], radiation = change.radiation_pct[m], t = change.temperature_k[m];
        if (!std::isfinite(rain) || rain < -100.0 || rain > 100.0) bad("rain", rain, "-100..+100 %");
        if (!std::isfinite(radiation) || radiation < -100.0 || radiation > 100.0)
            bad("radiation", radiation, "-100..+100 %");
        if (!std::isfinite(t) || std::abs(t) > 10.0) bad("temperature", t, "-10..+10 K");
    }
}

std::vector<DailyWeather> transform_daily(const std::vector<DailyWeather>& days, const MonthlyClimateChange& change,
                                          const MakkinkConstants& makkink) {
    check_climate_change(change);
    std::vector<DailyWeather> out = days;
    for (DailyWeather& d : out) {
        const auto m = static_cast<std::size_t>(static_cast<unsigned>(d.date.month()) - 1);
        if (d.makkink_mm && !(d.radiation_j_per_cm2 && d.t_mean_c))
            throw std::logic_error(
                "transform_daily: a day with Makkink evaporation lacks its radiation or mean "
                "temperature, so its evaporation cannot be transformed");
        const double dt = change.temperature_k[m];
        if (d.rain_mm) *d.rain_mm *= 1.0 + change.rain_pct[m] / 100.0;
        if (d.radiation_j_per_cm2) *d.radiation_j_per_cm2 *= 1.0 + change.radiation_pct[m] / 100.0;
        if (d.t_mean_c) *d.t_mean_c += dt;
        if (d.t_min_c) *d.t_min_c += dt;
        if (d.t_max_c) *d.t_max_c += dt;
        if (d.makkink_mm) d.makkink_mm = makkink_mm_from_j_per_cm2(*d.radiation_j_per_cm2, *d.t_mean_c, makkink);
    }
    return out;
}

}  // namespace wn::drought
