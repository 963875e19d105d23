// The 2050 climate for the drought indicator: a monthly delta change of the observed daily series.
//
// KNMI's transformation programme (knmitransformer, KNMI'14) turns an observed daily series into one
// representative of a future climate month by month; for drought it transforms the daily mean temperature and the
// global radiation and computes Makkink evaporation again from the transformed values
// (R/droogte_transformatie_KNMI14.R: droogte_berekening_KNMI14). Waternet does the same with the monthly mean
// changes only:
//
//   rain'      = rain      · (1 + rain_pct[m]/100)
//   radiation' = radiation · (1 + radiation_pct[m]/100)
//   T'         = T + temperature_k[m]           (daily mean, minimum and maximum)
//   E_ref'     = Makkink(radiation', T'_mean)   (drought/evaporation.hpp)
//
// with m the calendar month of the day. Simplifications against KNMI's programme, all documented in
// docs/heat.md ("2050 climate for the drought indicator"): one change per month for every day (KNMI also changes
// the wet-day frequency and the rain of wet and very wet days, rr_trans_KNMI14; the temperature per quantile,
// tm_trans_KNMI14, where we take the median P50; the radiation bounded by 0.7 × the top-of-atmosphere radiation
// on sunny days, rsds_trans_KNMI14), and the national (NLD) temperature changes rather than a region's.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/drought/deficit.hpp"
#include "waternet/drought/evaporation.hpp"

namespace wn::drought {

struct MonthlyClimateChange {
    std::string_view id;                     // command-line name, e.g. "knmi14-wh-2050"
    std::string_view source;                 // where the numbers come from (printed and recorded in provenance)
    std::array<double, 12> rain_pct{};       // change of mean precipitation, %, January .. December
    std::array<double, 12> radiation_pct{};  // change of mean global radiation, %
    std::array<double, 12> temperature_k{};  // change of the daily mean temperature, K
};

// KNMI'14 scenario WH (warm, changed air circulation: the driest summers of KNMI'14), around 2050, from the
// delta files of KNMI's transformation programme (github.com/KNMI/knmitransformer, inst/extdata and inst/oldFiles):
//   rain:        deltas-KNMI14__rr___WH__2050.txt, column "ave" (mean change, %);
//   radiation:   deltas-KNMI14__rsds_WH__2050.txt, column "ave" (%);
//   temperature: deltas-KNMI14__tg___WH__2050.txt, region NLD, column P50 (median daily mean, K).
// April–September rain: +9.0, +3.1, −8.2, −15.6, −14.7, −2.8 % (as the stress-test notes quote).
// KNMI'23 (Ln/Ld/Mn/Md/Hn/Hd) replaces KNMI'14; its monthly tables could not be sourced for this version (its
// transformed series are on klimaatscenarios-data.knmi.nl), so the 2050 estimate stays on KNMI'14 WH.
inline constexpr MonthlyClimateChange kKnmi14WH2050{
    "knmi14-wh-2050",
    "KNMI'14 WH 2050, monthly mean changes of knmitransformer (rr ave, rsds ave, tg NLD P50)",
    {17.368, 18.212, 15.986, 8.951, 3.063, -8.24, -15.627, -14.745, -2.797, 8.574, 16.074, 17.896},
    {-5.89, -5.53, -4.563, -2.8, -0.625, 3.957, 6.647, 7.057, 3.107, -1.503, -4.881, -6.18},
    {2.422, 2.191, 2.162, 1.969, 1.718, 1.972, 2.242, 2.324, 2.108, 2.147, 2.395, 2.631}};

// No change: the "2050" series equals the observed one (for comparisons and tests).
inline constexpr MonthlyClimateChange kNoClimateChange{"none", "no change (the observed climate)", {}, {}, {}};

// The change named `id` (kKnmi14WH2050 or kNoClimateChange); InputError listing the names otherwise.
const MonthlyClimateChange& climate_change_named(std::string_view id);

// InputError when a change is outside what the transformation can mean: rain or radiation below −100 % or above
// +100 %, a temperature change outside ±10 K, a value that is not finite.
void check_climate_change(const MonthlyClimateChange& change);

// The daily series transformed by `change` (the formulas above). Missing values stay missing; Makkink is
// recomputed only from the day's radiation and mean temperature. std::logic_error for a day that has a Makkink
// value without its radiation or mean temperature (daily_series never makes one).
std::vector<DailyWeather> transform_daily(const std::vector<DailyWeather>& days, const MonthlyClimateChange& change,
                                          const MakkinkConstants& makkink = {});

}  // namespace wn::drought
