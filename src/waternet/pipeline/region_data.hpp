// The region's vector data, read once per stress test: the partners with their outlines and key figures, the
// neighbourhoods, and how each of them lies on an area's grid (zone id rasters for the aggregation).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "waternet/core/grid.hpp"
#include "waternet/io/vector_io.hpp"
#include "waternet/pipeline/region_config.hpp"

namespace wn {

struct KeyFigureValues {
    std::optional<double> inhabitants, pct_65plus, density_per_km2;
};

struct Partner {
    std::string id, name;
    std::string file_name;  // id as a safe file-name stem (io/output_paths.hpp): its report's name
    PartnerKind kind = PartnerKind::municipality;
    VectorFeature outline;         // RD New; for a demonstration area: its grid's extent
    std::filesystem::path source;  // the partner layer (empty for demonstration areas)
    KeyFigureValues figures;
    std::string area;  // demonstration partners: their area id
};

struct Neighbourhood {
    std::string name, code, partner;
    VectorFeature outline;
};

struct RegionData {
    std::vector<Partner> partners;  // municipalities, water boards, then demonstration areas
    std::vector<Neighbourhood> neighbourhoods;
    std::vector<std::filesystem::path> neighbourhood_sources;  // one per neighbourhood layer
    std::vector<std::size_t> neighbourhood_first;              // index of each layer's first neighbourhood

    const Partner* find(const std::string& id) const;
};

// Reads partners, key figures and neighbourhoods. InputError for missing fields (naming the layer and the
// fields it has), duplicate partner ids, key figures that are not numbers, or a neighbourhood layer whose
// partner does not exist. `area_grids` gives each area's grid (for demonstration partners' extents).
RegionData load_region_data(const RegionConfig& config,
                            const std::vector<std::pair<std::string, GridSpec>>& area_grids);

// Zone rasters on an area's grid: cell → partner index + 1 for each kind of partner (municipalities and
// demonstration areas in one raster, water boards in another, since they overlap), and → neighbourhood index + 1.
struct AreaZones {
    Grid<std::int32_t> municipality;   // 0 = none; k = partners[k-1]
    Grid<std::int32_t> water_board;    // 0 = none; k = partners[k-1]
    Grid<std::int32_t> neighbourhood;  // 0 = none; k = neighbourhoods[k-1]
};
AreaZones area_zones(const RegionData& data, const std::string& area_id, const GridSpec& grid,
                     GridView<const float> valid_cells);

}  // namespace wn
