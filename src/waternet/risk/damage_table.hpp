// The damage table of the WaterSchadeSchatter (WSS) method: per land-use class its maximum direct damage, its
// indirect damage per day, and the damage factors γ for depth, duration and month.
//
// Method: STOWA 2013-11, "WaterSchadeSchatter (WSS) gebruikershandleiding" (Nelen & Schuurmans, Deltares).
// A class's direct damage per m² is its maximum direct damage times γ_depth · γ_duration · γ_month; each γ is a
// factor on that maximum (not a share of a damage at some other depth), piecewise linear between the WSS
// breakpoints and constant beyond the outer ones (numpy.interp, as WSS implementations do, e.g.
// hhnk_schadeschatter/wss_calculations.py):
//
//   depth     -0.01, 0.01, 0.05, 0.15, 0.30, 2.50 m   (the WSS 2013 configuration as the water boards publish it,
//                                                       e.g. cfg_hhnk_2020.cfg: [algemeen] inundatiediepte)
//   duration   1 h, 12 h, 1 d, 3 d, 20 d              ([algemeen] inundatieduur)
//   month      January .. December (one factor each, no interpolation)
//
// So γ_depth may exceed 1: WSS housing is 260 €/m² with γ_depth 0, 0.1, 0.5, 1, 1, 6.5 — 260 €/m² from 0.15 to
// 0.30 m, 390 €/m² at 0.50 m, 1,690 €/m² at 2.5 m and beyond.
//
// The numbers are data: data/damage/wss_default.csv ships indicative defaults (data/damage/README.md gives the
// source of every number and which values are our own choices); a region replaces the file. The table is for
// weighing measures against each other, not for estimating claims.
//
// CSV format (comma-separated; '#' starts a comment line; blank lines skipped; fields may be "quoted"; columns
// in any order, found by name, extra columns ignored):
//   code                          1..255, the value of this class in a land-use grid
//   class                         short unique name, e.g. woon, paved, agriculture
//   max_direct_eur_per_m2         >= 0, direct damage at γ = 1
//   indirect_eur_per_m2_per_day   >= 0, loss of use per day of repair/outage
//   gamma_depth_-0.01m .. gamma_depth_2.50m           (6 columns, names as kDepthColumns)
//   gamma_duration_1h .. gamma_duration_20d           (5 columns, names as kDurationColumns)
//   gamma_month_jan .. gamma_month_dec                (12 columns)
//   description                   optional free text
// All γ >= 0 and finite. The loader is a small CSV reader rather than OGR's CSV driver so that comment lines
// (the sources) can live in the file and every error names the file, the line and the column.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::risk {

// WSS 2013 breakpoints as published in the water boards' configurations (cfg_hhnk_2020.cfg, [algemeen]).
inline constexpr std::array<double, 6> kWssDepthBreakpoints_m{-0.01, 0.01, 0.05, 0.15, 0.30, 2.50};
inline constexpr std::array<double, 5> kWssDurationBreakpoints_h{1.0, 12.0, 24.0, 72.0, 480.0};
inline constexpr std::array<std::string_view, 6> kDepthColumns{"gamma_depth_-0.01m", "gamma_depth_0.01m",
                                                               "gamma_depth_0.05m",  "gamma_depth_0.15m",
                                                               "gamma_depth_0.30m",  "gamma_depth_2.50m"};
inline constexpr std::array<std::string_view, 5> kDurationColumns{
    "gamma_duration_1h", "gamma_duration_12h", "gamma_duration_1d", "gamma_duration_3d", "gamma_duration_20d"};
inline constexpr std::array<std::string_view, 12> kMonthColumns{
    "gamma_month_jan", "gamma_month_feb", "gamma_month_mar", "gamma_month_apr", "gamma_month_may", "gamma_month_jun",
    "gamma_month_jul", "gamma_month_aug", "gamma_month_sep", "gamma_month_oct", "gamma_month_nov", "gamma_month_dec"};

// The shipped defaults, relative to the data folder (the pipeline knows where that is).
inline constexpr std::string_view kDefaultDamageTableFile = "damage/wss_default.csv";

struct DamageClass {
    std::uint8_t code = 0;
    std::string name;
    std::string description;
    double max_direct_eur_per_m2 = 0.0;
    double indirect_eur_per_m2_per_day = 0.0;
    std::array<double, kWssDepthBreakpoints_m.size()> gamma_depth{};
    std::array<double, 5> gamma_duration{};
    std::array<double, 12> gamma_month{};

    // Piecewise-linear γ, constant beyond the outer breakpoints. NaN in → NaN out.
    double gamma_depth_at(double depth_m) const;
    double gamma_duration_at(double duration_h) const;
    // month 1..12 (std::logic_error otherwise: callers validate the scenario first).
    double gamma_month_of(int month) const;
};

// Piecewise-linear interpolation on increasing breakpoints x, constant beyond the ends.
double interpolate_clamped(std::span<const double> x, std::span<const double> y, double at);

class DamageTable {
public:
    DamageTable() { index_of_code_.fill(-1); }  // empty: no class has any code
    // InputError naming file, line and column for: a missing file, a missing column, a field that is not a
    // number (or not an integer code), a negative or non-finite value, a code outside 1..255, a duplicate code
    // or class name, an empty class name, no rows.
    static DamageTable load_csv(const std::filesystem::path& csv);
    // The same checks on classes built in code (messages name the class instead of a line).
    static DamageTable from_classes(std::vector<DamageClass> classes);

    std::span<const DamageClass> classes() const { return classes_; }
    // nullptr when no class has this code.
    const DamageClass* find(std::uint8_t code) const {
        const int i = index_of_code_[code];
        return i < 0 ? nullptr : &classes_[static_cast<std::size_t>(i)];
    }
    // The code of a class by name (case-insensitive); InputError listing the names otherwise.
    std::uint8_t code_of(std::string_view name) const;
    bool has_class(std::string_view name) const;

private:
    std::vector<DamageClass> classes_;
    std::array<int, 256> index_of_code_{};
};

// Names of the classes the defaults ship and the mappings below rely on.
namespace damage_class {
// The 11 BAG use functions (gebruiksdoelen), without the "-functie" suffix.
inline constexpr std::array<std::string_view, 11> kBagUseFunctions{
    "woon",   "bijeenkomst", "cel",   "gezondheidszorg", "industrie", "kantoor",
    "logies", "onderwijs",   "sport", "winkel",          "overig"};
inline constexpr std::string_view kPaved = "paved";              // roads, pavements, squares
inline constexpr std::string_view kUnpaved = "unpaved";          // bare soil, gravel, half-paved
inline constexpr std::string_view kGrass = "grass";              // lawns, verges, meadows (not farmed)
inline constexpr std::string_view kTrees = "trees";              // woodland, tree canopy
inline constexpr std::string_view kWater = "water";              // open water
inline constexpr std::string_view kAgriculture = "agriculture";  // arable land and crops
}  // namespace damage_class

// The damage class of a BAG use function: "woonfunctie", "woon", "Woonfunctie", "overige gebruiksfunctie",
// "overig" ... (case-insensitive). InputError listing the 11 use functions otherwise, or when the table has
// no class of that name.
std::uint8_t bag_use_code(const DamageTable& table, std::string_view gebruiksdoel);

// Land-cover codes of hydro/land_cover.hpp → damage codes of `table`:
//   1 paved → paved, 3 unpaved → unpaved, 4 grass → grass, 5 trees → trees, 6 water → water,
//   7 agriculture → agriculture, 8 mixed (unknown urban) → unpaved, 9 impermeable → paved;
//   0 outside and 2 building → 0 (no damage class: in the flood engine buildings are walls and hold no water,
//   so their damage comes per building from the façade depth — damage_of_building — not per cell);
//   codes 10..255 → 0 (10 and 11 are roof variants made by measures: buildings too).
// InputError when the table lacks one of the classes named above.
std::array<std::uint8_t, 256> land_cover_to_damage_codes(const DamageTable& table);

// out(r, c) = lut[in(r, c)]; InputError when the grids differ in shape.
void map_codes(GridView<const std::uint8_t> in, const std::array<std::uint8_t, 256>& lut, GridView<std::uint8_t> out);

}  // namespace wn::risk
