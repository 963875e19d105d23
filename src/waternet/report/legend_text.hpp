// The standard map legends (render/legend.hpp) in the report's language: render/ names them in English for the
// viewer's tiles and the QGIS styles; a Dutch report shows the same colours and bounds with Dutch words.
#pragma once

#include "waternet/render/legend.hpp"
#include "waternet/report/text_format.hpp"

namespace wn::report {

// The legend with its title and class labels in `language`; colours and bounds unchanged. Every built-in legend
// has a Dutch text (tested); a legend without one keeps its own words.
render::Legend localized_legend(const render::Legend& legend, Language language);

}  // namespace wn::report
