// Cool spots and the distance from buildings to the nearest one: the stress test's "a cool place within 300 m
// of every home" indicator.
//
// Definition (after the Klimaateffectatlas "afstand tot koelte" map, which follows the HvA/Tauw/WUR report
// "De hittebestendige stad" 2020): a cool spot is a connected area (8-connectivity) of cells that are
//   - eligible: public open space where people can stay (the caller decides; from BGT: pavements, squares,
//     pedestrian areas, public green, paths — not buildings, water, walls, carriageways or private yards),
//   - cool: the mean PET over 12–18 h ≤ pet_max_c (35 °C, the atlas's threshold on a hot day), or in the shade
//     for at least min_shade_fraction of the afternoon hours (0.8: 5 of 6 hours). The shade criterion is ours:
//     on an extreme day (Twenthe 19 July 2022, 37.5 °C) even the shade PET exceeds 35 °C everywhere, and the
//     atlas's criterion would find no cool place at all, while deep shade is still where people go,
// with an area ≥ min_area_m2 (200 m²) and not a narrow strip: at least one cell centre lies ≥ min_width_m / 2
// from the centre of every cell outside the area (the grid edge counts as outside), i.e. a core about
// min_width_m wide (on cell centres: with 1 m cells a 2-cell strip fails a 4 m rule, a 3- or 4-cell strip passes).
// Distance: straight-line (Euclidean distance transform, heat/distance.hpp) from a building's nearest cell to
// the nearest cool-spot cell — a lower bound of the walking distance the atlas uses.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "waternet/core/grid.hpp"

namespace wn::heat {

struct CoolSpotRules {
    double pet_max_c = 35.0;
    double min_shade_fraction = 0.8;  // > 1 switches the shade criterion off
    double min_area_m2 = 200.0;
    double min_width_m = 4.0;
    double max_distance_m = 300.0;  // the indicator's threshold
};

struct CoolSpot {
    std::int32_t id = 0;  // 1-based, the value in the id grid
    index_t cells = 0;
    double area_m2 = 0.0;
    double mean_pet_c = 0.0;
    double core_half_width_m = 0.0;         // largest distance from a cell of the spot to the nearest cell outside it
    double centre_x = 0.0, centre_y = 0.0;  // mean of the cell centres, grid coordinates (col, row) + 0.5, cells
};

struct CoolSpotMap {
    Grid<std::int32_t> ids;       // 0 = not in a cool spot
    std::vector<CoolSpot> spots;  // spots[i].id == i + 1
};

// eligible: non-zero where a cool spot may lie. pet_mean_c: NaN cells are never cool. shade_fraction: the share
// of the afternoon hours in shade (may be an empty view: PET criterion only). InputError on a bad cell size or
// rules (negative area, width, threshold not finite).
CoolSpotMap find_cool_spots(GridView<const float> pet_mean_c, GridView<const std::uint8_t> eligible,
                            GridView<const float> shade_fraction, double cell_size_m, const CoolSpotRules& rules = {});

struct BuildingDistance {
    std::int32_t building = 0;  // the building's id in the id grid
    index_t cells = 0;
    double distance_m = std::numeric_limits<double>::infinity();  // to the nearest cool-spot cell
};

struct CoolSpotAccess {
    std::vector<BuildingDistance> buildings;  // buildings with at least one cell on the grid, by id
    index_t beyond_threshold = 0;             // buildings farther than max_distance_m
    double share_beyond_threshold = 0.0;      // of the buildings on the grid (0 when there are none)
};

// building_ids: > 0 on a building's cells (e.g. feature ids of footprints). distance_to_spot_m: the distance of
// every cell to the nearest cool-spot cell (distance_to_features_m of ids != 0).
CoolSpotAccess cool_spot_access(GridView<const std::int32_t> building_ids, GridView<const float> distance_to_spot_m,
                                double max_distance_m = 300.0);

}  // namespace wn::heat
