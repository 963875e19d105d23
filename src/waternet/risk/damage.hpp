// Flood damage by the WaterSchadeSchatter (WSS) method (STOWA 2013-11; Nelen & Schuurmans, Deltares).
//
// For a wet area A of land-use class k (depth d > 0, water standing for t hours, in month m):
//
//   direct   = A · max_direct(k) · γ_depth,k(d) · γ_duration,k(t) · γ_month,k(m)
//   indirect = A · indirect_per_day(k) · repair_days
//
// with the γ curves of the damage table (risk/damage_table.hpp). Cells with d <= 0, NaN depth, or class code 0
// have no damage. Money in euro at the table's price level (the defaults: 2010 prices, see
// data/damage/README.md), areas in m², depths in m, durations in hours.
//
// WSS is meant for weighing measures against each other (a policy cost–benefit comparison), NOT for estimating
// the damage of a real event or settling claims: its amounts are national averages.
//
// Buildings: in the flood engine a building is a wall and holds no water, so the raster pass finds no damage on
// building cells (the land-cover mapping sends them to "no class"). Buildings get their damage one by one from
// their footprint area, their BAG use function and the water against their façade (risk/facade.hpp):
// damage_of_building.
//
// Sums are in double and bit-identical for any number of OpenMP threads (fixed row chunks added in order).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/risk/damage_table.hpp"
#include "waternet/risk/types.hpp"

namespace wn::risk {

struct DamageScenario {
    int month = 8;             // 1..12, when the event happens (γ_month); August: summer cloudbursts
    double repair_days = 5.0;  // repair/outage time multiplying the indirect damage (WSS "herstelperiode")
    double duration_h = 1.0;   // inundation duration where no duration grid is given
};

struct DamageAmount {
    double direct_eur = 0.0;
    double indirect_eur = 0.0;
    double total_eur() const { return direct_eur + indirect_eur; }
};

// The damage of one wet area (the formula above). depth <= 0 or NaN → zero. InputError for a bad scenario,
// a negative or NaN duration (when depth > 0), or a negative area.
DamageAmount damage_of_area(const DamageClass& cls, double area_m2, double depth_m, double duration_h,
                            const DamageScenario& scenario);

struct DamageGrids {
    GridView<const float> depth_m;             // max depth, NaN = no data
    GridView<const float> duration_h;          // optional (empty view: scenario.duration_h everywhere)
    GridView<const std::uint8_t> damage_code;  // codes of the damage table, 0 = no class
    GridView<const std::int32_t> zone_id;      // optional (empty view: no zones); 0 = outside every zone
};

struct DamageClassTotal {
    std::uint8_t code = 0;
    double wet_area_m2 = 0.0;  // area with depth > 0 of this class
    DamageAmount damage;
};

struct DamageZoneTotal {
    double wet_area_m2 = 0.0;  // wet area with a damage class in this zone
    DamageAmount damage;
};

struct DamageTotals {
    double wet_area_m2 = 0.0;                 // wet area with a damage class, whole grid
    DamageAmount damage;                      // whole grid
    std::vector<DamageClassTotal> per_class;  // one per table class, in table order
    std::vector<DamageZoneTotal> per_zone;    // index = zone id (0 = outside zones); empty without a zone grid
};

// Damage over a grid. zone_count: zone ids are 0..zone_count-1 (needed only with a zone grid).
// InputError: grids of different shape, cell area <= 0, a bad scenario, a class code that the table does not
// have (the message names the code and the first cell, in row-major order), a wet cell with a NaN or negative
// duration, a zone id outside 0..zone_count-1.
DamageTotals damage_over_grid(const DamageTable& table, const DamageGrids& grids, double cell_area_m2,
                              const DamageScenario& scenario, std::int32_t zone_count = 0);

// A zone grid and its zone count (risk/types.hpp).
using DamageZoneSet = ZoneSet;

// Damage over a grid summed into several zone sets at once (municipalities, water boards, neighbourhoods): each
// cell's damage is computed once, not once per set. Element s equals, bit for bit, damage_over_grid with
// grids.zone_id = sets[s].zone_id (grids.zone_id is not used here). Same InputErrors as damage_over_grid.
std::vector<DamageTotals> damage_over_zone_sets(const DamageTable& table, const DamageGrids& grids, double cell_area_m2,
                                                const DamageScenario& scenario, const std::vector<DamageZoneSet>& sets);

struct BuildingDamageInput {
    double footprint_m2 = 0.0;     // ground-floor area (WSS damages buildings per m² of footprint)
    std::uint8_t damage_code = 0;  // e.g. bag_use_code(table, "woonfunctie")
    float water_depth_m = std::numeric_limits<float>::quiet_NaN();  // the façade depth (FacadeExposure::max_depth_m)
    double duration_h = std::numeric_limits<double>::quiet_NaN();   // NaN: scenario.duration_h
};

// One building's damage; zero when the water depth is NaN or <= 0. InputError for an unknown code or a
// negative/NaN footprint.
DamageAmount damage_of_building(const DamageTable& table, const BuildingDamageInput& building,
                                const DamageScenario& scenario);

}  // namespace wn::risk
