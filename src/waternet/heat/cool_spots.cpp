#include "waternet/heat/cool_spots.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "waternet/core/error.hpp"
#include "waternet/heat/distance.hpp"

namespace wn::heat {

CoolSpotMap find_cool_spots(GridView<const float> pet, GridView<const std::uint8_t> eligible,
                            GridView<const float> shade_fraction, double cell_size_m, const CoolSpotRules& rules) {
    if (!(cell_size_m > 0.0) || !std::isfinite(cell_size_m))
        throw InputError("cool spots: the cell size must be a positive number of metres");
    if (!std::isfinite(rules.pet_max_c) || !(rules.min_area_m2 >= 0.0) || !(rules.min_width_m >= 0.0))
        throw InputError("cool spots: the PET threshold must be finite and the minimum area and width >= 0");
    if (pet.rows() != eligible.rows() || pet.cols() != eligible.cols())
        throw std::logic_error("find_cool_spots: PET and eligibility grids differ in shape");
    const bool use_shade = !shade_fraction.empty();
    if (use_shade && (shade_fraction.rows() != pet.rows() || shade_fraction.cols() != pet.cols()))
        throw std::logic_error("find_cool_spots: PET and shade grids differ in shape");
    const index_t rows = pet.rows(), cols = pet.cols();
    Grid<std::uint8_t> cool(rows, cols, 0);
    Grid<std::uint8_t> not_cool(rows, cols, 1);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) {
            const bool shady = use_shade && !std::isnan(pet(r, c)) && shade_fraction(r, c) >= rules.min_shade_fraction;
            if (eligible(r, c) != 0 && (pet(r, c) <= rules.pet_max_c || shady)) {  // NaN compares false
                cool(r, c) = 1;
                not_cool(r, c) = 0;
            }
        }
    // Distance of each cool cell to the nearest cell outside the cool area; the grid edge counts as outside.
    Grid<std::uint8_t> padded(rows + 2, cols + 2, 1);
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) padded(r + 1, c + 1) = not_cool(r, c);
    const Grid<float> inner = distance_to_features_m(std::as_const(padded).view(), cell_size_m);

    // Connected components (8-connectivity), flood fill with an explicit stack.
    Grid<std::int32_t> label(rows, cols, 0);
    std::vector<CoolSpot> candidates;
    std::vector<index_t> stack;
    for (index_t r0 = 0; r0 < rows; ++r0)
        for (index_t c0 = 0; c0 < cols; ++c0) {
            if (cool(r0, c0) == 0 || label(r0, c0) != 0) continue;
            CoolSpot s;
            s.id = static_cast<std::int32_t>(candidates.size() + 1);
            double pet_sum = 0.0, sx = 0.0, sy = 0.0;
            stack.assign(1, r0 * cols + c0);
            label(r0, c0) = s.id;
            while (!stack.empty()) {
                const index_t i = stack.back();
                stack.pop_back();
                const index_t r = i / cols, c = i % cols;
                ++s.cells;
                pet_sum += pet(r, c);
                sx += static_cast<double>(c) + 0.5;
                sy += static_cast<double>(r) + 0.5;
                s.core_half_width_m = std::max(s.core_half_width_m, static_cast<double>(inner(r + 1, c + 1)));
                for (index_t dr = -1; dr <= 1; ++dr)
                    for (index_t dc = -1; dc <= 1; ++dc) {
                        const index_t rr = r + dr, cc = c + dc;
                        if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
                        if (cool(rr, cc) == 0 || label(rr, cc) != 0) continue;
                        label(rr, cc) = s.id;
                        stack.push_back(rr * cols + cc);
                    }
            }
            s.area_m2 = static_cast<double>(s.cells) * cell_size_m * cell_size_m;
            s.mean_pet_c = pet_sum / static_cast<double>(s.cells);
            s.centre_x = sx / static_cast<double>(s.cells);
            s.centre_y = sy / static_cast<double>(s.cells);
            candidates.push_back(s);
        }
    // Keep the spots that pass the size and width rules, renumbered densely.
    std::vector<std::int32_t> new_id(candidates.size() + 1, 0);
    CoolSpotMap out{Grid<std::int32_t>(rows, cols, 0), {}};
    for (const CoolSpot& s : candidates) {
        // The width rule on cell centres: some cell lies ≥ min_width/2 from the centre of every cell outside.
        if (s.area_m2 + 1e-9 < rules.min_area_m2 || s.core_half_width_m + 1e-6 < rules.min_width_m / 2.0) continue;
        CoolSpot kept = s;
        kept.id = static_cast<std::int32_t>(out.spots.size() + 1);
        new_id[static_cast<std::size_t>(s.id)] = kept.id;
        out.spots.push_back(kept);
    }
    for (index_t r = 0; r < rows; ++r)
        for (index_t c = 0; c < cols; ++c) out.ids(r, c) = new_id[static_cast<std::size_t>(label(r, c))];
    return out;
}

CoolSpotAccess cool_spot_access(GridView<const std::int32_t> building_ids, GridView<const float> distance_m,
                                double max_distance_m) {
    if (building_ids.rows() != distance_m.rows() || building_ids.cols() != distance_m.cols())
        throw std::logic_error("cool_spot_access: building and distance grids differ in shape");
    std::map<std::int32_t, BuildingDistance> by_id;
    for (index_t r = 0; r < building_ids.rows(); ++r)
        for (index_t c = 0; c < building_ids.cols(); ++c) {
            const std::int32_t id = building_ids(r, c);
            if (id <= 0) continue;
            BuildingDistance& b = by_id[id];
            b.building = id;
            ++b.cells;
            b.distance_m = std::min(b.distance_m, static_cast<double>(distance_m(r, c)));
        }
    CoolSpotAccess out;
    for (const auto& [id, b] : by_id) {
        out.buildings.push_back(b);
        if (b.distance_m > max_distance_m) ++out.beyond_threshold;
    }
    if (!out.buildings.empty())
        out.share_beyond_threshold =
            static_cast<double>(out.beyond_threshold) / static_cast<double>(out.buildings.size());
    return out;
}

}  // namespace wn::heat
