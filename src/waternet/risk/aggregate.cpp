#include "waternet/risk/aggregate.hpp"

#include <cmath>
#include <initializer_list>
#include <string>

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
    if (depth_m.rows() != zone_id.rows() || depth_m.cols() != zone_id.cols())
        throw InputError("zone sums: the zone grid (" + std::to_string(zone_id.rows()) + " x " +
                         std::to_string(zone_id.cols()) + ") is not on the depth grid (" +
                         std::to_string(depth_m.rows()) + " x " + std::to_string(depth_m.cols()) + ")");
    if (!(cell_area_m2 > 0.0) || !std::isfinite(cell_area_m2))
        throw InputError("zone sums: the cell area must be a finite number > 0 m²");
    if (zone_count < 1) throw InputError("zone sums: the zone count must be >= 1 (ids 0..count-1, 0 = outside)");
    std::vector<float> thresholds(thresholds_m.size());
    for (std::size_t i = 0; i < thresholds_m.size(); ++i) {
        if (!std::isfinite(thresholds_m[i])) throw InputError("zone sums: a depth threshold is not a finite number");
        thresholds[i] = static_cast<float>(thresholds_m[i]);
    }

    const int width = kFirstThreshold + static_cast<int>(thresholds.size());
    const index_t cols = depth_m.cols();
    // Keys: 0 = whole grid, 1 + z = zone z.
    const std::vector<double> sums = detail::keyed_sums_over_rows(
        depth_m.rows(), 1 + index_t{zone_count}, width, [&](index_t r0, index_t r1, detail::KeyedAccumulator& acc) {
            double* const whole = acc.sums_of(0);
            for (index_t r = r0; r < r1; ++r) {
                const float* depth = depth_m.row(r);
                const std::int32_t* zone = zone_id.row(r);
                for (index_t c = 0; c < cols; ++c) {
                    const std::int32_t z = zone[c];
                    if (z < 0 || z >= zone_count)
                        throw InputError("zone sums: zone id " + std::to_string(z) + " at row " + std::to_string(r) +
                                         ", column " + std::to_string(c) + " is outside 0.." +
                                         std::to_string(zone_count - 1));
                    const float d = depth[c];
                    if (std::isnan(d)) continue;
                    for (double* v : {whole, acc.sums_of(index_t{1} + z)}) {
                        v[kArea] += cell_area_m2;
                        if (d > 0.0f) {
                            v[kWetArea] += cell_area_m2;
                            v[kVolume] += static_cast<double>(d) * cell_area_m2;
                        }
                        for (std::size_t i = 0; i < thresholds.size(); ++i)
                            if (d > thresholds[i]) v[kFirstThreshold + i] += cell_area_m2;
                    }
                }
            }
        });

    ZoneTotals out;
    out.thresholds_m.assign(thresholds_m.begin(), thresholds_m.end());
    out.total = row_from(sums, 0, width, thresholds.size());
    out.zones.reserve(static_cast<std::size_t>(zone_count));
    for (index_t z = 0; z < zone_count; ++z) out.zones.push_back(row_from(sums, 1 + z, width, thresholds.size()));
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
