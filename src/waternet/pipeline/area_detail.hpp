// How much a modelled area can say: its detail level, the name of its model and the limits of its map.
//
// A 100 m SRTM grid shows where water flows and collects across a region; it cannot see a street, a kerb, a
// culvert, a sewer or a house, and SRTM measures the top of trees and roofs, not the ground. Such an area is
// "regional": its layer is called "Regionale stroombanen en laagten" (regional flow paths and low areas), it
// carries a limitations note (after the Atlas Leefomgeving's "Beperkingen van de kaart"), and no building,
// road, vital-object, damage or people figures are attributed to it. Finer areas are "local" (AHN 5 m at
// 5–10 m: neighbourhoods, fields, main roads) or "street" (AHN 0.5 m at 2 m or finer: streets and buildings).
// docs/region-config.md, "Detail, edges and losses", documents the rule and the texts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "waternet/report/text_format.hpp"

namespace wn {

enum class AreaDetail { regional, local, street };

std::string to_string(AreaDetail detail);
// "regional" | "local" | "street"; InputError naming the three for anything else.
AreaDetail parse_area_detail(std::string_view text);

// The default detail of an area modelled on cells of `model_cell_m`: 25 m or coarser is regional (a cell is wider
// than a street with its pavements and front gardens), 2 m or finer is street (a street is several cells wide),
// anything between local.
AreaDetail detail_for_cell_size(double model_cell_m);
inline constexpr double kRegionalFromCellM = 25.0;
inline constexpr double kStreetUpToCellM = 2.0;

// The lumped loss (infiltration and sewer together) of the national water-depth map of the Klimaateffectatlas:
// "infiltratie- en riool-afvoercapaciteit (in het model gelijk gesteld aan 20 mm/uur)" (Klimaatadaptatie
// Nederland, bijsluiter stresstest, "Waterdiepte bij kortdurende hevige neerslag", after Deltares 2018, the
// EU Floods Directive preliminary assessment), for its storms of 70 and 140 mm in 2 h (NL70_2h, NL140_2h).
// The default loss of a regional area, which has no land cover of its own.
inline constexpr double kNationalMapLossMmPerH = 20.0;

// What an area's numbers come from, for people: e.g. "AHN 5 m, gemodelleerd op 10 m" / "AHN 5 m, modelled at
// 10 m", or "SRTM 100 m" when the model runs on the terrain's own cells. Dutch number format in Dutch.
struct ModelDescription {
    std::string terrain_name;   // "SRTM", "AHN" (the area's terrain_name)
    double terrain_cell_m = 0;  // the terrain file's cells
    double model_cell_m = 0;    // the cells the model ran on
    AreaDetail detail = AreaDetail::local;
    std::optional<double> loss_mm_per_h;  // the lumped loss, when the area uses one
};
std::string model_label(const ModelDescription& model, report::Language language);

// "Regionale stroombanen en laagten" / "Regional flow paths and low areas".
std::string regional_layer_name(report::Language language);

// The limitations note of a regional area ("Beperkingen van de kaart"): source and resolution, what the model
// cannot see, and what the map is for. Empty for local and street areas.
std::string limitations_note(const ModelDescription& model, report::Language language);

// The legend (render/legend.hpp) of an area's water-depth maps, flood and blue spots alike: "depth_regional_m"
// (decimetre classes, a title that says what the map can show) for a regional area, else `street_legend`
// ("depth_m", "bluespot_depth_m").
std::string depth_legend_id(AreaDetail detail, std::string street_legend);

// Why a regional area has no building, road, vital-object, damage or people figures (tables, GeoPackage, API).
std::string no_street_figures_reason(report::Language language);

}  // namespace wn
