// A land-cover table from CSV (`waternet flood --land-cover-table`): the modeller's own roughness and losses per
// class, on top of the documented defaults.
//
// Header-driven (io/csv_table.hpp: any column order, '#' comments, a UTF-8 byte-order mark is fine). Columns:
//   code                       required; 1..31, the value in the land-cover raster (0 is "outside")
//   name                       the class name (--cover uses it); required for a new code
//   manning_n                  s/m^(1/3); required for a new code
//   interception_mm
//   infiltration_f0_mm_per_h   Horton initial capacity f0
//   infiltration_fc_mm_per_h   Horton final capacity fc (empty for a new code: = f0, a constant rate)
//   infiltration_k_per_h       Horton decay k
//   sewer_inflow_mm_per_h
//   sewer_storage_mm
//   is_building, is_water      true/false (also yes/no, 1/0)
//   description                free text, ignored
// Only `code` must be present; any other column may be left out. A row whose code the table already has changes
// that class: an empty field (or a missing column) keeps its value. A row with a new code adds a class; its empty
// losses are 0. Every problem names the file, line and column.
#pragma once

#include <filesystem>

#include "waternet/hydro/land_cover.hpp"

namespace wn {

LandCoverTable read_land_cover_table_csv(const std::filesystem::path& csv, LandCoverTable base);

}  // namespace wn
