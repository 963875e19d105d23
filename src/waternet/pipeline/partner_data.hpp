// The partner data of a region's areas as PDOK delivers it, turned into what the runs read, before the first run:
//   - `bgt`: the land cover rasterised onto the area's model grid (<out>/inputs/<area>_bgt_land_cover.tif, class codes
//     of hydro/land_cover.hpp, 0 = no data) becomes the area's land_cover; without `buildings`, BGT's panden
//     (<out>/inputs/<area>_bgt_panden.geojson) become its buildings;
//   - `bag`: checked here and its use per building counted and kept (PartnerDataReport::building_uses); the
//     consequences price each building by it (pipeline/consequences.cpp, pipeline/bag_use.hpp) without reading
//     BAG again.
// What could not be mapped (unknown BGT classes, unknown BAG uses, buildings not in BAG) is counted per value, logged
// as a warning and written to <out>/inputs/partner_data.json, which the stress test's provenance lists.
// The derived files are written only when their content changes, so the run cache keeps unchanged runs.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "waternet/pipeline/bag_use.hpp"
#include "waternet/pipeline/region_config.hpp"

namespace wn {

struct PartnerDataReport {
    nlohmann::json per_area = nlohmann::json::object();  // area id → what was read and mapped
    std::vector<std::string> warnings;                   // one line per unmapped value
    std::filesystem::path summary_file;                  // <out>/inputs/partner_data.json ("" when no area has any)
    std::map<std::string, BuildingUses> building_uses;  // area id → the use of each of its buildings (areas with bag)
};

// Rewrites `config`'s areas that have bgt (land_cover, buildings) in place. InputError from the readers.
PartnerDataReport prepare_partner_data(RegionConfig& config, const std::filesystem::path& output_dir,
                                       const std::vector<std::string>& only_areas);

}  // namespace wn
