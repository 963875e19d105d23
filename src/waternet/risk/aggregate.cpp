#include "waternet/risk/aggregate.hpp"

#include <cmath>
#include <initializer_list>
#include <string>
#include <utility>

#include "waternet/core/error.hpp"
#include "waternet/risk/keyed_sums.hpp"

namespace wn::risk {

namespace {

// Slots of the keyed sums: fixed ones, then one per threshold.
enum Slot : int { kArea = 0, kWetArea = 1, kVolume = 2, kFirstThreshold = 3 };

ZoneRow row_from(const std::vector<double>& sums, index_t key, int width, std::size_t thresholds) {
    const double* v = &sums[static_cast<std::size_t>(key * width)];
    ZoneRow row;
    row.area_m2 = v[kArea];
    row.wet_area_m2 = v[kWetArea];
    row.volume_m3 = v[kVolume];
    row.area_over_m2.assign(v + kFirstThreshold, v + kFirstThreshold + thresholds);
    return row;
}

}  // namespace

ZoneTotals depth_by_zone(GridView<const float> depth_m, GridView<const std::int32_t> zone_id, std::int32_t zone_count,
                         double cell_area_m2, std::span<const double> thresholds_m) {
    const ZoneSet set{zone_id, zone_count};
    return std::move(depth_by_zone_sets(depth_m, std::span(&set, 1), cell_area_m2, thresholds_m).front());
}

std::vector<ZoneTotals> depth_by_zone_sets(GridView<const float> depth_m, std::span<const ZoneSet> sets,
                                           double cell_area_m2, std::span<const double> thresholds_m) {
    for (const ZoneSet& set : sets) {
        if (depth_m.rows() != set.zone_id.rows() || depth_m.cols() != set.zone_id.cols())
            throw InputError("zone sums: the zone grid (" + std::to_string(set.zone_id.rows()) + " x " +
                             std::to_string(set.zone_id.cols()) + ") is not on the depth grid (" +
                             std::to_string(depth_m.rows()) + " x " + std::to_string(depth_m.cols()) + ")");
    }
    if (!(cell_area_m2 > 0.0) || !std::isfinite(cell_area_m2))
        throw InputError("zone sums: the cell area must be a finite number > 0 m²");
    for (const ZoneSet& set : sets)
        if (set.zone_count < 1)
            throw InputError("zone sums: the zone count must be >= 1 (ids 0..count-1, 0 = outside)");
    std::vector<float> thresholds(thresholds_m.size());
    for (std::size_t i = 0; i < thresholds_m.size(); ++i) {
        if (!std::isfinite(thresholds_m[i])) throw InputError("zone sums: a depth threshold is not a finite number");
        thresholds[i] = static_cast<float>(thresholds_m[i]);
    }

    const int width = kFirstThreshold + static_cast<int>(thresholds.size());
    const index_t cols = depth_m.cols();
    // Keys: 0 = whole grid, then the zones of each set in turn (zone_key0[s] + z = zone z of set s).
    std::vector<index_t> zone_key0;
    index_t keys = 1;
    for (const ZoneSet& set : sets) {
        zone_key0.push_back(keys);
        keys += set.zone_count;
    }
    const std::size_t n_sets = sets.size();
    const std::vector<double> sums = detail::keyed_sums_over_rows(
        depth_m.rows(), keys, width, [&](index_t r0, index_t r1, detail::KeyedAccumulator& acc) {
            double* const whole = acc.sums_of(0);
            std::vector<const std::int32_t*> zone(n_sets);
            for (index_t r = r0; r < r1; ++r) {
                const float* depth = depth_m.row(r);
                for (std::size_t s = 0; s < n_sets; ++s) zone[s] = sets[s].zone_id.row(r);
                for (index_t c = 0; c < cols; ++c) {
                    for (std::size_t s = 0; s < n_sets; ++s) {
                        const std::int32_t z = zone[s][c];
                        if (z < 0 || z >= sets[s].zone_count)
                            throw InputError("zone sums: zone id " + std::to_string(z) + " at row " +
                                             std::to_string(r) + ", column " + std::to_string(c) + " is outside 0.." +
                                             std::to_string(sets[s].zone_count - 1));
                    }
                    const float d = depth[c];
                    if (std::isnan(d)) continue;
                    auto add = [&](double* v) {
                        v[kArea] += cell_area_m2;
                        if (d > 0.0f) {
                            v[kWetArea] += cell_area_m2;
                            v[kVolume] += static_cast<double>(d) * cell_area_m2;
                        }
                        for (std::size_t i = 0; i < thresholds.size(); ++i)
                            if (d > thresholds[i]) v[kFirstThreshold + i] += cell_area_m2;
                    };
                    add(whole);
                    for (std::size_t s = 0; s < n_sets; ++s) add(acc.sums_of(zone_key0[s] + zone[s][c]));
                }
            }
        });

    ZoneTotals first;
    first.thresholds_m.assign(thresholds_m.begin(), thresholds_m.end());
    first.total = row_from(sums, 0, width, thresholds.size());
    std::vector<ZoneTotals> out(n_sets, first);
    for (std::size_t s = 0; s < n_sets; ++s) {
        out[s].zones.reserve(static_cast<std::size_t>(sets[s].zone_count));
        for (index_t z = zone_key0[s]; z < zone_key0[s] + sets[s].zone_count; ++z)
            out[s].zones.push_back(row_from(sums, z, width, thresholds.size()));
    }
    return out;
}

std::vector<std::int32_t> zones_of_points(std::span<const MapPoint> points, GridView<const std::int32_t> zone_id,
                                          const GeoTransform& transform) {
    if (!(transform.cell_size_m > 0.0)) throw InputError("zones of points: the zone grid has no valid cell size");
    std::vector<std::int32_t> out(points.size(), 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y))
            throw InputError("zones of points: point " + std::to_string(i) + " has a coordinate that is not finite");
        const index_t r = transform.row_of(points[i].y), c = transform.col_of(points[i].x);
        if (zone_id.contains(r, c)) out[i] = zone_id(r, c);
    }
    return out;
}

std::vector<double> sum_by_zone(std::span<const std::int32_t> zone_of_feature, std::span<const double> value,
                                std::int32_t zone_count) {
    if (zone_of_feature.size() != value.size())
        throw InputError("zone sums: " + std::to_string(zone_of_feature.size()) + " zones for " +
                         std::to_string(value.size()) + " values");
    if (zone_count < 1) throw InputError("zone sums: the zone count must be >= 1 (ids 0..count-1, 0 = outside)");
    std::vector<double> sums(static_cast<std::size_t>(zone_count), 0.0);
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::int32_t z = zone_of_feature[i];
        if (z < 0 || z >= zone_count)
            throw InputError("zone sums: feature " + std::to_string(i) + " has zone " + std::to_string(z) +
                             ", outside 0.." + std::to_string(zone_count - 1));
        sums[static_cast<std::size_t>(z)] += value[i];
    }
    return sums;
}

}  // namespace wn::risk
