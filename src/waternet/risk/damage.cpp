#include "waternet/risk/damage.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string>

#include "waternet/core/error.hpp"
#include "waternet/risk/keyed_sums.hpp"

namespace wn::risk {

namespace {

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

void check_scenario(const DamageScenario& s) {
    if (s.month < 1 || s.month > 12) throw InputError("damage: month " + std::to_string(s.month) + " is outside 1..12");
    if (!std::isfinite(s.repair_days) || s.repair_days < 0.0)
        throw InputError("damage: the repair time must be a finite number of days >= 0, not " +
                         number_text(s.repair_days));
    if (!std::isfinite(s.duration_h) || s.duration_h < 0.0)
        throw InputError("damage: the inundation duration must be a finite number of hours >= 0, not " +
                         number_text(s.duration_h));
}

[[noreturn]] void bad_duration(double duration_h, const std::string& where) {
    throw InputError("damage: the inundation duration " + number_text(duration_h) + " h " + where +
                     " is not a number >= 0");
}

// Slots of the keyed sums.
enum Slot : int { kWetArea = 0, kDirect = 1, kIndirect = 2, kSlots = 3 };

}  // namespace

DamageAmount damage_of_area(const DamageClass& cls, double area_m2, double depth_m, double duration_h,
                            const DamageScenario& scenario) {
    check_scenario(scenario);
    if (!(area_m2 >= 0.0)) throw InputError("damage: the area " + number_text(area_m2) + " m² is not a number >= 0");
    if (!(depth_m > 0.0)) return {};
    if (!(duration_h >= 0.0)) bad_duration(duration_h, "of a wet area");
    return {area_m2 * cls.max_direct_eur_per_m2 * cls.gamma_depth_at(depth_m) * cls.gamma_duration_at(duration_h) *
                cls.gamma_month_of(scenario.month),
            area_m2 * cls.indirect_eur_per_m2_per_day * scenario.repair_days};
}

namespace {

// The kernel of damage_over_grid and damage_over_zone_sets: the damage of each cell is computed once and added to
// the whole grid, its class and its zone in every zone set (g.zone_id is not used). One DamageTotals per zone set
// (one without per_zone when there is no set). Each key gets the same cells in the same order as a pass with one
// zone set would give it, so the sums are bit-identical to one damage_over_grid call per set.
std::vector<DamageTotals> damage_totals(const DamageTable& table, const DamageGrids& g, double cell_area_m2,
                                        const DamageScenario& scenario, const std::vector<DamageZoneSet>& sets) {
    check_scenario(scenario);
    const index_t rows = g.depth_m.rows(), cols = g.depth_m.cols();
    auto same_shape = [&](index_t r, index_t c, const char* what) {
        if (r != rows || c != cols)
            throw InputError(std::string("damage: the ") + what + " grid (" + std::to_string(r) + " x " +
                             std::to_string(c) + ") is not on the depth grid (" + std::to_string(rows) + " x " +
                             std::to_string(cols) + ")");
    };
    same_shape(g.damage_code.rows(), g.damage_code.cols(), "land-use class");
    const bool has_duration = !g.duration_h.empty() || g.duration_h.data() != nullptr;
    if (has_duration) same_shape(g.duration_h.rows(), g.duration_h.cols(), "duration");
    for (const DamageZoneSet& set : sets) {
        same_shape(set.zone_id.rows(), set.zone_id.cols(), "zone");
        if (set.zone_count < 1) throw InputError("damage: a zone grid needs a zone count >= 1 (ids 0..count-1)");
    }
    if (!(cell_area_m2 > 0.0) || !std::isfinite(cell_area_m2))
        throw InputError("damage: the cell area must be a finite number > 0 m²");

    // Per code: the table row and what does not change from cell to cell.
    const auto classes = table.classes();
    const auto n_classes = static_cast<index_t>(classes.size());
    std::array<int, 256> index_of{};
    std::array<double, 256> direct_factor{}, indirect_eur{}, duration_factor{};
    index_of.fill(-1);
    for (index_t k = 0; k < n_classes; ++k) {
        const DamageClass& c = classes[static_cast<std::size_t>(k)];
        index_of[c.code] = static_cast<int>(k);
        direct_factor[c.code] = cell_area_m2 * c.max_direct_eur_per_m2 * c.gamma_month_of(scenario.month);
        indirect_eur[c.code] = cell_area_m2 * c.indirect_eur_per_m2_per_day * scenario.repair_days;
        duration_factor[c.code] = c.gamma_duration_at(scenario.duration_h);
    }

    // Keys: 0 = whole grid, 1..n_classes = table classes, then the zones of each set in turn.
    std::vector<index_t> zone_key0;
    index_t keys = 1 + n_classes;
    for (const DamageZoneSet& set : sets) {
        zone_key0.push_back(keys);
        keys += set.zone_count;
    }
    const std::size_t n_sets = sets.size();
    const std::vector<double> sums =
        detail::keyed_sums_over_rows(rows, keys, kSlots, [&](index_t r0, index_t r1, detail::KeyedAccumulator& acc) {
            double* const whole = acc.sums_of(0);
            std::vector<const std::int32_t*> zone(n_sets);
            for (index_t r = r0; r < r1; ++r) {
                const float* depth = g.depth_m.row(r);
                const std::uint8_t* code = g.damage_code.row(r);
                const float* duration = has_duration ? g.duration_h.row(r) : nullptr;
                for (std::size_t s = 0; s < n_sets; ++s) zone[s] = sets[s].zone_id.row(r);
                for (index_t c = 0; c < cols; ++c) {
                    for (std::size_t s = 0; s < n_sets; ++s)
                        if (zone[s][c] < 0 || zone[s][c] >= sets[s].zone_count)
                            throw InputError("damage: zone id " + std::to_string(zone[s][c]) + " at row " +
                                             std::to_string(r) + ", column " + std::to_string(c) + " is outside 0.." +
                                             std::to_string(sets[s].zone_count - 1));
                    const std::uint8_t k = code[c];
                    if (k == 0) continue;
                    const int index = index_of[k];
                    if (index < 0)
                        throw InputError("damage: land-use class code " + std::to_string(k) + " at row " +
                                         std::to_string(r) + ", column " + std::to_string(c) +
                                         " is not in the damage table");
                    const float d = depth[c];
                    if (!(d > 0.0f)) continue;
                    const DamageClass& cls = classes[static_cast<std::size_t>(index)];
                    double gamma_t = duration_factor[k];
                    if (duration != nullptr) {
                        const double t = duration[c];
                        if (!(t >= 0.0))
                            bad_duration(
                                t, "at row " + std::to_string(r) + ", column " + std::to_string(c) + " (a wet cell)");
                        gamma_t = cls.gamma_duration_at(t);
                    }
                    const double direct = direct_factor[k] * cls.gamma_depth_at(d) * gamma_t;
                    const double indirect = indirect_eur[k];
                    auto add = [&](double* v) {
                        v[kWetArea] += cell_area_m2;
                        v[kDirect] += direct;
                        v[kIndirect] += indirect;
                    };
                    add(whole);
                    add(acc.sums_of(1 + index));
                    for (std::size_t s = 0; s < n_sets; ++s) add(acc.sums_of(zone_key0[s] + zone[s][c]));
                }
            }
        });

    auto at = [&](index_t key, int slot) { return sums[static_cast<std::size_t>(key * kSlots + slot)]; };
    DamageTotals whole;
    whole.wet_area_m2 = at(0, kWetArea);
    whole.damage = {at(0, kDirect), at(0, kIndirect)};
    for (index_t k = 0; k < n_classes; ++k)
        whole.per_class.push_back({classes[static_cast<std::size_t>(k)].code,
                                   at(1 + k, kWetArea),
                                   {at(1 + k, kDirect), at(1 + k, kIndirect)}});
    std::vector<DamageTotals> out(std::max<std::size_t>(1, n_sets), whole);
    for (std::size_t s = 0; s < n_sets; ++s)
        for (index_t z = zone_key0[s]; z < zone_key0[s] + sets[s].zone_count; ++z)
            out[s].per_zone.push_back({at(z, kWetArea), {at(z, kDirect), at(z, kIndirect)}});
    return out;
}

}  // namespace

DamageTotals damage_over_grid(const DamageTable& table, const DamageGrids& g, double cell_area_m2,
                              const DamageScenario& scenario, std::int32_t zone_count) {
    std::vector<DamageZoneSet> sets;
    if (!g.zone_id.empty() || g.zone_id.data() != nullptr) sets.push_back({g.zone_id, zone_count});
    return damage_totals(table, g, cell_area_m2, scenario, sets).front();
}

std::vector<DamageTotals> damage_over_zone_sets(const DamageTable& table, const DamageGrids& g, double cell_area_m2,
                                                const DamageScenario& scenario,
                                                const std::vector<DamageZoneSet>& sets) {
    return damage_totals(table, g, cell_area_m2, scenario, sets);
}

DamageAmount damage_of_building(const DamageTable& table, const BuildingDamageInput& b,
                                const DamageScenario& scenario) {
    const DamageClass* cls = table.find(b.damage_code);
    if (cls == nullptr)
        throw InputError("damage: building class code " + std::to_string(b.damage_code) +
                         " is not in the damage table");
    if (!(b.footprint_m2 >= 0.0) || !std::isfinite(b.footprint_m2))
        throw InputError("damage: a building footprint of " + number_text(b.footprint_m2) + " m² is not a number >= 0");
    const double duration = std::isnan(b.duration_h) ? scenario.duration_h : b.duration_h;
    return damage_of_area(*cls, b.footprint_m2, b.water_depth_m, duration, scenario);
}

}  // namespace wn::risk
