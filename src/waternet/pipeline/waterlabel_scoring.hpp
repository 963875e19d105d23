// The waterlabel's numbers from data: storage per part of a plot and the label bounds (risk/waterlabel.hpp), read
// from data/waterlabel/scoring.toml, the one source of truth the viewer's calculator (web/src/waterlabel.js) is held
// equal to by tests/pipeline/test_waterlabel_scoring.cpp.
//
// Format:
//   [storage]  roof_mm, green_roof_mm, paved_mm, garden_mm   (numbers, mm of water per m² of the part)
//   [[labels]] label (text), min_mm (number), source (text)  best label first; the last starts at 0
#pragma once

#include <filesystem>

#include "waternet/risk/waterlabel.hpp"

namespace wn {

// data/waterlabel/scoring.toml
std::filesystem::path default_waterlabel_scoring_toml();

// InputError naming the file and the key: not valid TOML, a missing or non-numeric value, bounds that do not fall
// (risk::validate_scoring).
risk::WaterlabelScoring read_waterlabel_scoring(const std::filesystem::path& path);

}  // namespace wn
